"""Cross-references are clause numbers, generated from headings, and links in both formats."""

from __future__ import annotations

import io
import subprocess
import sys
from typing import TYPE_CHECKING

import pikepdf
import pytest
from helpers import EXAMPLES, ROOT

from slaeditor import load_agreement, render
from slaeditor.compose import compose
from slaeditor.model import ClauseChoice
from slaeditor.templating.blocks import Heading, ListBlock, Paragraph, anchor, contents_entries
from slaeditor.writers.pdf import parallel_layout

if TYPE_CHECKING:
    from pathlib import Path

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"


def runs_of(contract):
    for section in contract.sections:
        for block in section.blocks:
            if isinstance(block, Paragraph):
                yield section, block.runs
            elif isinstance(block, ListBlock):
                for item in block.items:
                    yield section, item


def numbers_of(contract) -> set[str]:
    found = {section.number for section in contract.sections}
    for section in contract.sections:
        found |= {b.number for b in section.blocks if isinstance(b, Heading) and b.number}
    return found


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_cross_reference_is_a_clause_number_that_exists(example: Path) -> None:
    contract = compose(load_agreement(example))
    headings = {section.title.casefold() for section in contract.sections}
    for section in contract.sections:
        headings |= {b.text.casefold() for b in section.blocks if isinstance(b, Heading)}
    numbers = numbers_of(contract)
    cited = [run for _, runs in runs_of(contract) for run in runs if run.ref]
    assert len(cited) > 20
    for run in cited:
        assert run.ref in numbers and run.text == f"clause\u00a0{run.ref}"
    named = [
        run.text for _, runs in runs_of(contract) for run in runs if run.italic and not run.ref
    ]
    assert [text for text in named if text.casefold() in headings] == [], "a heading cited"
    assert contract.unresolved_references == ()


def test_a_reference_to_a_heading_the_contract_lacks_is_reported() -> None:
    agreement = load_agreement(TELECOM)
    text = "Claims are made under *Credit Claims Procedure* within 30 days."
    wording = ClauseChoice(library="Personal", clause="credits-claims", text=text)
    contract = compose(agreement.model_copy(update={"clauses": {"credits-claims": wording}}))
    assert contract.unresolved_references == (
        "clause 8: “Credit Claims Procedure” is not a heading",
    )


def test_validate_fails_on_a_reference_that_cites_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.sla.yaml"
    broken.write_text(
        TELECOM.read_text(encoding="utf-8")
        + "clauses:\n  credits-claims:\n    library: Personal\n    clause: credits-claims\n"
        + "    text: Claims are made under *Credit Claims Procedure*.\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "slaeditor.cli", "validate", str(broken)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "a cross-reference cites nothing" in done.stderr
    assert "Credit Claims Procedure" in done.stderr


def pdf_links(pdf: bytes) -> list[tuple[int, str, int]]:
    """Every internal link: the page it is on, the name it goes to, the page of its target."""
    document = pikepdf.open(io.BytesIO(pdf))
    flat = list(document.Root.Names.Dests.Names)
    targets = dict(zip((str(n) for n in flat[::2]), flat[1::2], strict=True))
    pages = {page.objgen: number for number, page in enumerate(document.pages, start=1)}
    links = []
    for number, page in enumerate(document.pages, start=1):
        for annotation in page.get("/Annots", []):
            if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
                name = str(annotation.Dest)
                assert name in targets, f"page {number}: the link to {name} goes nowhere"
                links.append((number, name, pages[targets[name][0].objgen]))
    return links


def test_pdf_links_reach_their_clause_whether_laid_out_in_one_pass_or_in_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    agreement = load_agreement(TELECOM)
    monkeypatch.setenv("SLAEDITOR_RENDER_PARALLEL", "0")
    render(agreement, tmp_path / "one.pdf")
    monkeypatch.delenv("SLAEDITOR_RENDER_PARALLEL")
    laid_out = parallel_layout.CACHE.laid_out
    render(agreement, tmp_path / "warm.pdf")  # the first parallel export may still be one pass
    render(agreement, tmp_path / "parts.pdf")
    assert parallel_layout.available() and parallel_layout.CACHE.laid_out > laid_out
    one = pdf_links((tmp_path / "one.pdf").read_bytes())
    parts = pdf_links((tmp_path / "parts.pdf").read_bytes())
    cited = [run for _, runs in runs_of(compose(agreement)) for run in runs if run.ref]
    assert len(one) >= len(cited)  # a reference broken over two lines is two link areas
    listed = {entry.anchor for entry in contents_entries(compose(agreement))}
    assert {name for _, name, _ in one} == {anchor(run.ref) for run in cited} | listed
    assert parts == one, "the parts link to the same pages as one pass"
    assert any(page != target for page, _, target in one)


def test_word_cross_references_are_ref_fields_to_bookmarked_headings(tmp_path: Path) -> None:
    import docx

    target = tmp_path / "contract.docx"
    render(load_agreement(TELECOM), target)
    body = docx.Document(str(target)).element.body
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    marks = {m.get(f"{w}name") for m in body.iter(f"{w}bookmarkStart")}
    references = 0
    for code in body.iter(f"{w}instrText"):
        instruction = code.text.split()
        if instruction[0] != "REF":
            continue
        references += 1
        assert instruction[1] in marks and instruction[2:] == ["\\w", "\\h"]
        # The cached result, shown before fields are updated, is today's number.
        run = code.getparent()
        after = next(r for r in run.itersiblings() if r.find(f"{w}t") is not None)
        number = instruction[1].removeprefix("clause_").replace("_", ".")
        assert after.find(f"{w}t").text == number
        before = "".join(run.getprevious().getprevious().itertext())
        assert before.endswith("clause\u00a0"), before
    assert references > 20
