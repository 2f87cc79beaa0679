"""The Word file is a lawyer's working document: Word numbers the clauses and follows them.

Clause numbers are Word's list numbering, cross-references REF fields to bookmarks, the
contents a TOC field; an inserted clause renumbers everything after it and the references
follow (checked by editing the file with python-docx and converting it with LibreOffice).
"""

from __future__ import annotations

import copy
import re
import zipfile
from typing import TYPE_CHECKING

import docx
import pytest
from helpers import EXAMPLES, ROOT, pdf_text

from slaeditor import load_agreement, render
from slaeditor.clauses import load_pack
from slaeditor.compose import compose
from slaeditor.templating.blocks import Heading, ListBlock, Paragraph, Run, Section
from slaeditor.writers.docx import write_docx

if TYPE_CHECKING:
    from pathlib import Path

REFERENCE = ROOT / "examples" / "telecom-reference.sla.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8-sig").splitlines()]


def _body_headings(lines: list[str]) -> list[str]:
    """Headings as LibreOffice prints them in the body ("12.2 Severity Levels")."""
    return [line for line in lines if re.fullmatch(r"\d+(\.\d+)? \S.*", line)]


def _insert_clause_before(source: Path, title: str, target: Path) -> None:
    """Insert a clause heading before the one titled `title`, as a user would in Word."""
    document = docx.Document(str(source))
    heading = next(p for p in document.paragraphs if p.text == title)
    new = copy.deepcopy(heading._p)
    for mark in new.xpath(".//w:bookmarkStart|.//w:bookmarkEnd"):
        mark.getparent().remove(mark)
    for text in new.xpath(".//w:t"):
        text.text = ""
    new.xpath(".//w:t")[0].text = "Inserted clause"
    heading._p.addprevious(new)
    document.save(str(target))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_words_numbering_prints_the_contracts_clause_numbers(
    example: Path, tmp_path: Path, soffice
) -> None:
    agreement = load_agreement(example)
    contract = compose(agreement, load_pack(agreement.template, example.parent))
    target = render(example, tmp_path / "contract.docx")
    document = docx.Document(str(target))
    headings = [p for p in document.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    assert not any(re.match(r"\d", p.text) for p in headings), "numbers are not typed"
    expected = []
    for section in contract.sections:
        expected.append(f"{section.number} {section.title}")
        expected += [
            f"{b.number} {b.text}" for b in section.blocks if isinstance(b, Heading) and b.number
        ]
    shown = _body_headings(_lines(soffice(target, "txt:Text (encoded):UTF8")))
    assert [line for line in shown if line in expected] == expected


def test_an_inserted_clause_renumbers_the_rest_and_the_references_follow(
    tmp_path: Path, soffice
) -> None:
    original = render(REFERENCE, tmp_path / "original.docx")
    before = pdf_text(soffice(original, "pdf"), body_only=False).replace("\u00a0", " ")
    edited = tmp_path / "edited.docx"
    _insert_clause_before(original, "Reporting an Incident", edited)
    # Laid out, LibreOffice updates the REF fields; its text export would show cached results.
    after = pdf_text(soffice(edited, "pdf"), body_only=False).replace("\u00a0", " ")
    headings = _body_headings(_lines(soffice(edited, "txt:Text (encoded):UTF8")))
    assert "12.1 Inserted clause" in headings
    assert "12.2 Reporting an Incident" in headings
    assert "12.3 Severity Levels" in headings
    assert "13 Escalation and communication" in headings, "later sections keep their numbers"
    # Every reference to 12.2 (Severity Levels) now says 12.3, those to 12.4 say 12.5, and
    # those to 12.1 (Reporting an Incident, now 12.2) say 12.2.
    counts = {n: len(re.findall(rf"clause {n}\b", before)) for n in ("12.1", "12.2", "12.4")}
    assert counts["12.2"] >= 3 and counts["12.4"] >= 2, counts
    assert len(re.findall(r"clause 12\.3\b", after)) == counts["12.2"]
    assert len(re.findall(r"clause 12\.5\b", after)) == counts["12.4"]
    assert len(re.findall(r"clause 12\.2\b", after)) == counts["12.1"]
    assert not re.search(r"clause 12\.1\b", after)


def test_each_lettered_list_is_numbered_by_word_and_starts_again_at_a(
    tmp_path: Path, soffice
) -> None:
    pack = load_pack("standard")
    contract = compose(load_agreement(REFERENCE), pack)
    items = tuple((Run(f"item {word}"),) for word in ("one", "two", "three"))
    blocks = (
        ListBlock(items, ordered=True),
        Paragraph((Run("Between the lists."),)),
        ListBlock(items[:2], ordered=True),
    )
    contract.sections.append(Section("lists", "19", "Lists", blocks))
    target = tmp_path / "lists.docx"
    write_docx(contract, pack, target)
    lines = [" ".join(line.split()) for line in _lines(soffice(target, "txt:Text (encoded):UTF8"))]
    start = len(lines) - lines[::-1].index("19 Lists")  # the heading, not its contents line
    assert [line for line in lines[start:] if line.startswith("(")] == [
        "(a) item one",
        "(b) item two",
        "(c) item three",
        "(a) item one",
        "(b) item two",
    ]
    paragraphs = [p for p in docx.Document(str(target)).paragraphs if "item" in p.text]
    assert all(not p.text.startswith("(") for p in paragraphs), "markers are not typed"


def _part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


def test_every_table_uses_a_table_style_of_the_skeleton(tmp_path: Path) -> None:
    target = render(REFERENCE, tmp_path / "contract.docx")
    body = docx.Document(str(target)).element.body
    styles = [t.find(f"{W}tblPr/{W}tblStyle") for t in body.iter(f"{W}tbl")]
    assert len(styles) > 10
    assert {s.get(f"{W}val") for s in styles if s is not None} == {
        "ContractTable",
        "SignatureLines",
    }
    assert None not in styles
    document = _part(target, "word/document.xml")
    assert "<w:tblBorders" not in document and "<w:tcBorders" not in document, (
        "rules come from the table styles, not direct formatting"
    )


def test_fonts_are_ones_word_users_have_and_are_declared(tmp_path: Path) -> None:
    target = render(REFERENCE, tmp_path / "contract.docx")
    styles, fonts = _part(target, "word/styles.xml"), _part(target, "word/fontTable.xml")
    used = set(re.findall(r'w:ascii="([^"]+)"', styles))
    assert used == {"Times New Roman", "Arial", "Courier New"}
    declared = set(re.findall(r'<w:font w:name="([^"]+)"', fonts))
    assert used <= declared
    assert 'w:altName w:val="Liberation Serif"' in fonts, "the PDF's metric-compatible font"
    settings = _part(target, "word/settings.xml")
    assert re.search(r'w:name="compatibilityMode"[^>]*w:val="15"', settings), "not Word 2010"


def test_the_contents_is_a_toc_field_with_the_given_pages_marked_to_update(
    tmp_path: Path,
) -> None:
    pack = load_pack("standard")
    contract = compose(load_agreement(REFERENCE), pack)
    pages = {"1": 3, "1.1": 3, "8": 9, "8.3": 10}
    target = tmp_path / "contract.docx"
    write_docx(contract, pack, target, pages=pages)
    document = docx.Document(str(target))
    body = document.element.body
    codes = [c.text.strip() for c in body.iter(f"{W}instrText")]
    assert codes[0] == 'TOC \\o "1-2" \\h \\z \\u'
    begin = next(body.iter(f"{W}fldChar"))
    assert begin.get(f"{W}dirty") == "true"
    assert document.settings.element.find(f"{W}updateFields").get(f"{W}val") == "true"
    entries = [p.text for p in document.paragraphs if p.style.name in ("toc 1", "toc 2")]
    assert entries[0] == "1\tParties and document control\t3"
    assert "8.3\tClaiming Service Credits\t10" in entries
    assert len(entries) == sum(
        1 + sum(isinstance(b, Heading) and bool(b.number) for b in s.blocks)
        for s in contract.sections
    )
    page_refs = [c for c in codes if c.startswith("PAGEREF")]
    assert len(page_refs) == len(entries)


def test_a_skeleton_without_word_numbering_gets_typed_numbers(tmp_path: Path) -> None:
    pack_dir = tmp_path / "plain"
    (pack_dir).mkdir()
    standard = ROOT / "templates" / "standard"
    for name in ("pack.yaml", "clauses.yaml", "contract.html.j2", "contract.css"):
        (pack_dir / name).write_bytes((standard / name).read_bytes())
    plain = docx.Document()
    plain.add_paragraph("{{ contract.cover.title }}")
    plain.add_paragraph("{{ body }}")
    plain.save(str(pack_dir / "contract.docx"))
    pack = load_pack(pack_dir)
    target = tmp_path / "c.docx"
    write_docx(compose(load_agreement(REFERENCE), pack), pack, target)
    texts = [p.text for p in docx.Document(str(target)).paragraphs]
    assert "1\tParties and document control" in texts
    assert "8.3\tClaiming Service Credits" in texts


def test_the_word_contents_carries_the_pdfs_page_numbers(tmp_path: Path) -> None:
    pdf = render(REFERENCE, tmp_path / "contract.pdf")
    target = render(REFERENCE, tmp_path / "contract.docx")
    entries = {
        p.text.split("\t")[0]: p.text.split("\t")[-1]
        for p in docx.Document(str(target)).paragraphs
        if p.style.name in ("toc 1", "toc 2")
    }
    text = pdf_text(pdf, body_only=False)
    pages = text.split("\f")
    for number in ("1", "8", "8.3", "12.2"):
        page = int(entries[number])
        heading = next(
            line for line in pages[page - 1].splitlines() if line.startswith(number + " ")
        )
        assert heading, f"{number} is on page {page} of the PDF"
