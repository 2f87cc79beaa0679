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
