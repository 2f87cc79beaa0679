"""The Word contract as LibreOffice lays it out shows what the PDF shows.

Each example's DOCX is converted by LibreOffice headless and read back with poppler's
`pdftotext -bbox-layout`: the body is justified, signature labels stand level with what is
written on their line, a lead-in sentence is never the last line of a page, there is no
trailing blank page, and the page count is within one page of our PDF's.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.etree import ElementTree

import pytest
from helpers import EXAMPLES, pdf_page_count

from slaeditor import load_agreement, render

if TYPE_CHECKING:
    from pathlib import Path

MM = 72 / 25.4
LEFT, RIGHT = 24 * MM, (210 - 22) * MM  # the skeleton's text column, in points
TOP, BOTTOM = 24 * MM, (297 - 22) * MM
_NS = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Line:
    page: int
    block: int
    x_min: float
    x_max: float
    y_max: float
    words: tuple[str, ...]


def _lines(pdf: Path) -> list[Line]:
    """Read every line of a PDF with its box, page and block."""
    html = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", html))
    lines: list[Line] = []
    block_number = 0
    for page_number, page in enumerate(root.iter(f"{_NS}page"), start=1):
        for block in page.iter(f"{_NS}block"):
            block_number += 1
            for line in block.iter(f"{_NS}line"):
                words = tuple(w.text or "" for w in line.iter(f"{_NS}word"))
                lines.append(
                    Line(
                        page_number,
                        block_number,
                        float(line.get("xMin")),
                        float(line.get("xMax")),
                        float(line.get("yMax")),
                        words,
                    )
                )
    return lines


def _body(lines: list[Line]) -> list[Line]:
    """Leave out the running header and the footer.

    A body line's box ends where its descenders do, which for the last line of a full page
    is up to a point below the text column (780.2 against 779.5); the footer starts 20 points
    further down, so a body line is one that ends within 4 points of the column's foot.
    """
    return [line for line in lines if TOP - 2 < line.y_max < BOTTOM + 4]


def _both(example: Path, tmp_path: Path, soffice) -> tuple[Path, Path]:
    ours = render(load_agreement(example), tmp_path / "ours.pdf")
    theirs = soffice(render(load_agreement(example), tmp_path / "contract.docx"), "pdf")
    return ours, theirs


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_libreoffice_lays_out_the_word_contract_as_the_pdf(
    example: Path, tmp_path: Path, soffice
) -> None:
    ours, theirs = _both(example, tmp_path, soffice)
    lines = _body(_lines(theirs))
    pages = pdf_page_count(theirs)

    # Justified: the lines of a body paragraph, but its last, reach the right margin (poppler
    # joins some paragraphs into one block, so a few "inner" lines are really last lines;
    # ragged text has under 10 % flush, justified text 80 % and more).
    by_block: dict[int, list[Line]] = {}
    for line in lines:
        by_block.setdefault(line.block, []).append(line)
    inner = [
        line
        for block in by_block.values()
        if len(block) >= 3 and abs(block[0].x_min - LEFT) < 3 and block[0].page > 1
        for line in block[:-1]
    ]
    assert len(inner) > 50
    flush = sum(abs(line.x_max - RIGHT) < 3 for line in inner)
    assert flush / len(inner) > 0.75, f"only {flush} of {len(inner)} lines are justified"

    # Signature labels stand level with the name written on their line.
    agreement = load_agreement(example)
    names = [
        s.name
        for party in (agreement.provider, agreement.customer)
        if party
        for s in party.signatories
    ]
    for name in names:
        first = name.split()[0]
        row = next(
            (
                i
                for i, line in enumerate(lines)
                if line.words
                and line.words[0] == "Name"
                and any(
                    other.words[:1] == (first,) and abs(other.y_max - line.y_max) < 2
                    for other in lines
                    if other.page == line.page
                )
            ),
            None,
        )
        assert row is not None, f"the label Name is not level with {name}"

    # No lead-in is left at the foot of a page, and the last page is not blank.
    for page in range(1, pages + 1):
        on_page = [line for line in lines if line.page == page]
        assert on_page, f"page {page} of {pages} is blank"
        last = max(on_page, key=lambda line: line.y_max)
        assert not last.words[-1].endswith(":"), f"page {page} ends with a lead-in"

    assert abs(pages - pdf_page_count(ours)) <= 1, (pages, pdf_page_count(ours))
