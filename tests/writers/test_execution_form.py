"""The contract's execution pages as a law firm sends them: dated, marked as draft, signed for.

The title page has a "Dated" line; while the agreement's status is draft every page's header
says DRAFT (and a final contract's does not); each party's block is headed "Signed for and on
behalf of <party> by"; and the two parties' blocks share one page. Checked in the PDF and in
the Word file alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import docx
import pytest
from helpers import ROOT
from pypdf import PdfReader

import slaeditor
from slaeditor.model import DocumentStatus

if TYPE_CHECKING:
    from pathlib import Path

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"  # status: draft
CLOUD = ROOT / "examples" / "cloud-service.sla.yaml"


def _pages(pdf: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(pdf).pages]


@pytest.fixture(scope="module")
def telecom(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], docx.document.Document]:
    folder = tmp_path_factory.mktemp("execution")
    slaeditor.render(TELECOM, folder / "c.pdf")
    slaeditor.render(TELECOM, folder / "c.docx")
    return _pages(folder / "c.pdf"), docx.Document(str(folder / "c.docx"))


def test_the_title_page_has_a_dated_line(telecom: tuple[list[str], docx.document.Document]) -> None:
    pages, word = telecom
    assert "Dated ____" in pages[0]
    assert any(p.text.startswith("Dated\t____") for p in word.paragraphs[:30])


def test_a_draft_says_draft_on_every_page_and_a_final_contract_does_not(
    telecom: tuple[list[str], docx.document.Document], tmp_path: Path
) -> None:
    pages, word = telecom
    assert all(page.count("DRAFT · ") == 1 for page in pages[1:])  # the cover has no header
    assert word.sections[0].header.paragraphs[0].text.startswith("DRAFT · ")
    final = slaeditor.load_agreement(CLOUD)
    final.document.status = DocumentStatus.FINAL
    slaeditor.render(final, tmp_path / "final.pdf", base=CLOUD.parent)
    assert not any("DRAFT" in page for page in _pages(tmp_path / "final.pdf"))


def test_each_party_signs_for_and_on_behalf_of_itself_and_both_share_a_page(
    telecom: tuple[list[str], docx.document.Document],
) -> None:
    pages, word = telecom
    provider = "Signed for and on behalf of Albion Connect Communications Limited by"
    customer = "Signed for and on behalf of Meridian Freight Group plc by"
    assert any(provider in page and customer in page for page in pages)
    headings = [p.text for p in word.paragraphs if p.text.startswith("Signed for and on behalf")]
    assert headings == [provider, customer]
