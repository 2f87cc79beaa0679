"""How the PDF's pages break: a lead-in stays with what it introduces, pages are not left empty."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from helpers import EXAMPLES, pdf_page_count, pdf_text

from slaeditor import load_agreement, render

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_no_page_ends_with_a_sentence_that_introduces_what_follows(
    example: Path, tmp_path: Path
) -> None:
    pdf = render(load_agreement(example), tmp_path / "contract.pdf")
    pages = pdf_text(pdf).split("\f")[: pdf_page_count(pdf)]
    for number, page in enumerate(pages, start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        if lines:
            assert not lines[-1].rstrip().endswith(":"), f"page {number} ends with a lead-in"


def _filled(pdf: Path, page: int) -> float:
    """Return how far down the text area the body text of a page reaches (0 to 1)."""
    import re
    import subprocess

    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    mm = 72 / 25.4
    top, bottom = 24 * mm, (297 - 22) * mm  # the skeleton's text area, header and footer out
    lows = [float(y) for y in re.findall(r'yMax="([\d.]+)"', html) if top < float(y) < bottom]
    return (max(lows) - top) / (bottom - top) if lows else 0.0


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_no_page_is_left_less_than_a_third_full_without_a_reason(
    example: Path, tmp_path: Path
) -> None:
    # A page may end short where the contract ends, before the signature page, or before a
    # part the pack starts on a new page (the title page and the contents are parts too).
    from pypdf import PdfReader

    agreement = load_agreement(example)
    pdf = render(agreement, tmp_path / "contract.pdf")
    reader = PdfReader(pdf)
    starts = set()
    for item in reader.outline:
        if not isinstance(item, list):
            starts.add(reader.get_destination_page_number(item) + 1)
    from slaeditor.clauses import load_pack

    pack = load_pack(agreement.template, example.parent)
    new_page_titles = tuple(section.title for section in pack.sections if section.new_page)
    forced = {
        reader.get_destination_page_number(item) + 1
        for item in reader.outline
        if not isinstance(item, list) and item.title.split(" ", 1)[-1] in new_page_titles
    }
    assert forced, "the pack starts some sections on a new page"
    contents_end = min(starts) - 1  # the title page and the contents come before section 1
    for page in range(contents_end + 1, len(reader.pages)):
        if page + 1 in forced:
            continue  # the next page starts a part of its own
        assert _filled(pdf, page) >= 1 / 3, f"page {page} of {len(reader.pages)} is nearly empty"
