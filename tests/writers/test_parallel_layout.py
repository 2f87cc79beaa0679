"""The PDF laid out in parts, in parallel, is the contract a single pass would have made.

The standard pack forces a new page before the title page's successor and before its
`new_page` sections; the renderer lays those parts out in forked processes and joins them.
Each test compares real PDFs, read back with pypdf and pikepdf, against a one-pass render.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from typing import TYPE_CHECKING

import pikepdf
import pytest
from docx import Document
from helpers import EXAMPLES, ROOT
from pypdf import PdfReader

from slaeditor import load_agreement
from slaeditor.clauses import PackError, load_pack
from slaeditor.compose import compose
from slaeditor.model import ClauseChoice
from slaeditor.writers.docx import write_docx
from slaeditor.writers.pdf import parallel_layout as parts
from slaeditor.writers.pdf.writer import write_pdf

if TYPE_CHECKING:
    from pathlib import Path

    from slaeditor.model import Agreement

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"

needs_parallel = pytest.mark.skipif(
    not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2,
    reason="parts are laid out in parallel only on Linux with two or more cores",
)


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start every test with nothing kept and parallel layout allowed."""
    monkeypatch.delenv(parts.PARALLEL_ENV, raising=False)
    parts.clear_cache()


def _render(agreement: Agreement, target: Path, pack_path: Path | None = None) -> Path:
    pack = load_pack(pack_path or agreement.template)
    write_pdf(compose(agreement, pack), pack, target, source="source: test\n")
    return target


def _one_pass(
    agreement: Agreement, target: Path, monkeypatch: pytest.MonkeyPatch, pack: Path | None = None
) -> Path:
    with monkeypatch.context() as patch:
        patch.setenv(parts.PARALLEL_ENV, "0")
        return _render(agreement, target, pack)


def _in_parts(agreement: Agreement, target: Path, pack: Path | None = None) -> int:
    """Render (the process is warm by then) and return how many parts were laid out."""
    before = parts.CACHE.laid_out
    _render(agreement, target, pack)
    return parts.CACHE.laid_out - before


def _pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def _outline(path: Path) -> list[tuple[str, int]]:
    with pikepdf.open(path) as pdf:
        numbers = {page.objgen: number for number, page in enumerate(pdf.pages)}
        with pdf.open_outline() as outline:
            return [
                (str(item.title), numbers[item.destination[0].objgen])
                for item in outline.root
                if item.destination is not None
            ]


def _fields(path: Path) -> list[tuple[str, int, list[float]]]:
    with pikepdf.open(path) as pdf:
        numbers = {page.objgen: number for number, page in enumerate(pdf.pages)}
        return [
            (str(field.T), numbers[field.P.objgen], [round(float(v), 1) for v in field.Rect])
            for field in pdf.Root.AcroForm.Fields
        ]


def _subset_names(path: Path) -> list[str]:
    """Return the FontName of every embedded font (a subset's begins with its tag)."""
    with pikepdf.open(path) as pdf:
        return [
            str(obj.FontName)
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor"
        ]


def _font_name_problems(path: Path) -> list[str]:
    """Return what is wrong with the names of a PDF's fonts, looked for in every dictionary.

    Each font's name must be its descendant's and its descriptor's, and no dictionary outside
    the fonts may carry a subset's name (one the joining would not have renamed).
    """
    wrong, in_fonts, named = [], set(), set()
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Dictionary):
                continue
            for key in ("/BaseFont", "/FontName"):
                if _SUBSET.fullmatch(str(obj.get(key, ""))):
                    named.add(obj.objgen)
            if obj.get("/Type") != "/Font":
                continue
            chain = [obj, *obj.get("/DescendantFonts", [])]
            chain += [part.FontDescriptor for part in chain if "/FontDescriptor" in part]
            in_fonts.update(part.objgen for part in chain)
            for part in chain[1:]:
                name = part.get("/BaseFont", part.get("/FontName"))
                if name != obj.BaseFont:
                    wrong.append(f"{obj.BaseFont} / {name}")
    return wrong + [f"a subset's name outside the fonts: object {o}" for o in named - in_fonts]


_SUBSET = re.compile(r"/[A-Z]{6}\+.+")


@needs_parallel
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name.split(".")[0])
def test_the_contract_laid_out_in_parts_is_the_one_pass_contract(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    agreement = load_agreement(example)
    single = _one_pass(agreement, tmp_path / "single.pdf", monkeypatch)
    laid_out = _in_parts(agreement, tmp_path / "parts.pdf")
    joined = tmp_path / "parts.pdf"
    assert laid_out == 7, "title page, contents, then parts at the pack's five forced breaks"
    assert _pages(joined) == _pages(single)
    assert _outline(joined) == _outline(single)
    assert _fields(joined) == _fields(single)
    # Each part embeds its own subset of a font: different subsets, different tags (PDF 9.6.4).
    names = _subset_names(joined)
    assert len(names) > len(_subset_names(single))
    assert len(set(names)) == len(names), sorted(names)
    assert not _font_name_problems(joined)
    assert {name.split("+")[1] for name in names} == {
        name.split("+")[1] for name in _subset_names(single)
    }
    with pikepdf.open(joined) as pdf:
        meta = pdf.open_metadata()
        assert meta.pdfa_status == "3B"
        assert "/OutputIntents" in pdf.Root
        assert list(pdf.attachments) == ["agreement.sla.yaml"]


@needs_parallel
def test_every_page_after_the_title_page_says_page_x_of_y_and_the_document_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    agreement = load_agreement(TELECOM)
    _one_pass(agreement, tmp_path / "warm.pdf", monkeypatch)
    _in_parts(agreement, tmp_path / "parts.pdf")
    pages = _pages(tmp_path / "parts.pdf")
    total = len(pages)
    assert "Page" not in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number} of {total}" in text, f"page {number}"
        assert agreement.document.agreement_id in text, f"page {number} lost the document id"


def _kept_telecom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Agreement:
    """Warm the process with a one-pass render, then export in parts to before.pdf."""
    agreement = load_agreement(TELECOM)
    _one_pass(agreement, tmp_path / "warm.pdf", monkeypatch)
    _in_parts(agreement, tmp_path / "before.pdf")
    return agreement


@needs_parallel
def test_an_edit_lays_out_again_only_the_part_it_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    agreement = _kept_telecom(tmp_path, monkeypatch)
    edited = agreement.model_copy(deep=True)
    _, body = load_pack(agreement.template).clauses["exclusions-events"].body("standard")
    # One word for another of the same length: the part keeps its lines and its page count.
    changed = body.replace("is not counted as Downtime", "is not treated as Downtime", 1)
    assert changed != body
    edited.clauses["exclusions-events"] = ClauseChoice(
        library="Team", clause="events", text=changed
    )
    assert _in_parts(agreement, tmp_path / "again.pdf") in {0, 1}
    laid_out = _in_parts(edited, tmp_path / "after.pdf")
    # The exclusions are in the part from Service credits to Customer obligations, which keeps
    # its page count; the title page carries the time of the export, so it is laid out again
    # when the second has changed. (An edit that changes the page count lays out every part:
    # each page says "of N".)
    assert laid_out in {1, 2}
    after = _pages(tmp_path / "after.pdf")
    assert after == _pages(_one_pass(edited, tmp_path / "single.pdf", monkeypatch))
    assert any("not treated as Downtime" in page for page in after)
    assert not any("not treated as Downtime" in page for page in _pages(tmp_path / "before.pdf"))


@needs_parallel
def test_a_new_title_reaches_the_running_header_of_every_kept_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    agreement = _kept_telecom(tmp_path, monkeypatch)
    renamed = agreement.model_copy(deep=True)
    renamed.document.title = "Renamed Service Level Agreement"
    assert _in_parts(renamed, tmp_path / "after.pdf") == 7  # the header is in every part
    pages = _pages(tmp_path / "after.pdf")
    assert all("Renamed Service Level Agreement" in page for page in pages[1:])


def _pack_copy(
    tmp_path: Path, css: tuple[str, str] = ("", ""), html: tuple[str, str] = ("", "")
) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "templates" / "standard", pack)
    for name, (old, new) in (("contract.css", css), ("contract.html.j2", html)):
        if old:
            text = (pack / name).read_text(encoding="utf-8")
            assert old in text
            (pack / name).write_text(text.replace(old, new), encoding="utf-8")
    return pack


def _both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pack: Path
) -> tuple[list[str], list[str]]:
    """Render the telecom example with a pack in parts and in one pass; return both pages."""
    agreement = load_agreement(TELECOM)
    single = _one_pass(agreement, tmp_path / "single.pdf", monkeypatch, pack)
    _in_parts(agreement, tmp_path / "parts.pdf", pack)
    return _pages(tmp_path / "parts.pdf"), _pages(single)


@needs_parallel
def test_a_marker_where_no_new_page_is_forced_is_laid_out_in_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = _pack_copy(tmp_path, css=("section.new-page { break-before: page; }", ""))
    pages, single = _both_ways(tmp_path, monkeypatch, pack)
    assert pages == single
    forced = _pages(_one_pass(load_agreement(TELECOM), tmp_path / "forced.pdf", monkeypatch))
    assert len(single) < len(forced), "the sections now run on without a forced break"


@needs_parallel
def test_visible_text_before_the_first_marker_is_printed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = _pack_copy(tmp_path, html=("<body>", "<body>\n<p>DRAFT FOR DISCUSSION</p>"))
    pages, single = _both_ways(tmp_path, monkeypatch, pack)
    assert pages == single
    assert sum(page.count("DRAFT FOR DISCUSSION") for page in pages) == 1


@needs_parallel
def test_a_part_process_that_dies_leaves_a_whole_contract(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    agreement = load_agreement(TELECOM)
    single = _one_pass(agreement, tmp_path / "single.pdf", monkeypatch)

    def die(*_args: object) -> None:
        os._exit(9)  # what a crash in Pango or an out-of-memory kill looks like to the parent

    monkeypatch.setattr(parts, "_work", die)
    _render(agreement, tmp_path / "parts.pdf")
    assert _pages(tmp_path / "parts.pdf") == _pages(single)


def test_a_skeleton_is_cut_at_its_markers_with_the_head_around_every_part() -> None:
    html = (
        "<html><head><title>T</title></head><body><header>H</header>"
        f"{parts.MARKER}<section class='cover'>C</section>{parts.MARKER}<!-- <b> -->"
        f"\n<section id='s-1'>One</section>{parts.MARKER}<div>Two</div></body></html>"
    )
    cut = parts.split(html)
    assert cut is not None
    assert len(cut.pieces) == 3
    for index in range(3):
        document = cut.document([index])
        assert document.startswith("<html><head><title>T</title></head><body><header>H</header>")
        assert document.endswith("</body></html>")
        assert f'{parts.PART_ATTRIBUTE}="{index}"' in document
    assert "<!-- <b> -->\n<section data-slaeditor-part=\"1\" id='s-1'>One" in cut.document([1])
    assert parts.split(html.replace(parts.MARKER, "")) is None
    assert parts.split(f"<body>{parts.MARKER}<p>only one</p></body>") is None


def test_new_page_in_the_pack_outline_must_be_true_or_false(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "templates" / "standard", pack)
    text = (pack / "pack.yaml").read_text(encoding="utf-8")
    (pack / "pack.yaml").write_text(text.replace("new_page: true", "new_page: often", 1))
    line = text.splitlines().index("    new_page: true") + 1
    with pytest.raises(
        PackError, match=rf"pack\.yaml.*line {line}.*new_page must be true or false"
    ):
        load_pack(pack)


def test_the_word_contract_starts_the_same_sections_on_a_new_page(tmp_path: Path) -> None:
    agreement = load_agreement(TELECOM)
    pack = load_pack(agreement.template)
    contract = compose(agreement, pack)
    write_docx(contract, pack, tmp_path / "contract.docx")
    headings = [
        p
        for p in Document(str(tmp_path / "contract.docx")).paragraphs
        if p.style.name == "Heading 1"
    ]
    breaks = [p.text for p in headings if p.paragraph_format.page_break_before]
    # The first section follows the contents, which stand on pages of their own.
    first = pack.sections[0].title
    expected = [first] + [section.title for section in pack.sections if section.new_page]
    assert breaks == expected
    assert expected == [
        "Parties and document control",
        "Services, sites and how the terms apply",
        "Service credits",
        "Support: severity levels, response and resolution",
        "Signatures",
    ]


@needs_parallel
def test_a_part_process_that_dies_after_saying_its_page_count_leaves_a_whole_contract(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    agreement = load_agreement(TELECOM)
    single = _one_pass(agreement, tmp_path / "single.pdf", monkeypatch)
    meet = parts._MarginHook._meet

    def report_then_die(hook: parts._MarginHook, context: object) -> None:
        if hook.numbering is None and hook.connection is not None:
            pages = len(context.page_maker) - 1  # type: ignore[attr-defined]
            hook.connection.send(("paginated", parts.PartFacts(pages, ())))
            os._exit(9)  # killed while the parent numbers the parts
        meet(hook, context)

    monkeypatch.setattr(parts._MarginHook, "_meet", report_then_die)
    _render(agreement, tmp_path / "parts.pdf")  # was: BrokenPipeError, "could not be written"
    assert _pages(tmp_path / "parts.pdf") == _pages(single)


class _TwoPartError(Exception):
    """Pickles, but does not unpickle: its __init__ wants two arguments, it stores one."""

    def __init__(self, what: str, why: str) -> None:
        super().__init__(f"{what}: {why}")


@needs_parallel
def test_an_error_in_a_part_that_does_not_unpickle_still_says_what_went_wrong(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    agreement = load_agreement(TELECOM)
    _one_pass(agreement, tmp_path / "warm.pdf", monkeypatch)

    def fail(*_args: object) -> None:
        raise _TwoPartError("footer", "the font has no glyphs")

    monkeypatch.setattr(write_pdf.__globals__["_PdfRun"], "write", fail)
    with pytest.raises(Exception, match="footer: the font has no glyphs") as caught:
        _render(agreement, tmp_path / "parts.pdf")
    assert not isinstance(caught.value, TypeError), "not the exception's constructor's error"


@needs_parallel
def test_an_edit_of_the_packs_stylesheet_reaches_parts_kept_from_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = _pack_copy(tmp_path)
    agreement = load_agreement(TELECOM)
    _one_pass(agreement, tmp_path / "warm.pdf", monkeypatch, pack)
    _in_parts(agreement, tmp_path / "before.pdf", pack)
    css = pack / "contract.css"
    old = 'content: "Page " counter(page) " of " counter(pages);'
    css.write_text(
        css.read_text(encoding="utf-8").replace(old, old.replace("Page ", "Sheet ")),
        encoding="utf-8",
    )
    _in_parts(agreement, tmp_path / "after.pdf", pack)
    pages = _pages(tmp_path / "after.pdf")
    assert pages == _pages(_one_pass(agreement, tmp_path / "single.pdf", monkeypatch, pack))
    assert all("Sheet " in page for page in pages[1:]), "a kept part showed the old footer"


@needs_parallel
def test_each_export_in_the_same_second_embeds_its_own_agreement(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parts kept from a preview or an earlier export never bring their embedded file along.

    Exports within one second share the title page's time stamp; the clock is held still so
    that they always do here.
    """
    from slaeditor.writers.pdf import archive

    agreement = load_agreement(TELECOM)
    _one_pass(agreement, tmp_path / "warm.pdf", monkeypatch)
    monkeypatch.setattr(archive, "now", lambda: "2026-11-26T22:00:00Z")
    pack = load_pack(agreement.template)
    contract = compose(agreement, pack)

    def embedded(name: str, source: str | None) -> str | None:
        target = tmp_path / name
        write_pdf(contract, pack, target, source=source)
        attached = PdfReader(target).attachments.get(archive.SOURCE_NAME)
        return attached[0].decode("utf-8") if attached else None

    assert embedded("preview.pdf", None) is None
    assert embedded("first.pdf", "title: first\n") == "title: first\n"
    assert embedded("second.pdf", "title: second\n") == "title: second\n"
    assert embedded("again.pdf", None) is None
