"""The statement as a document: the contract's house style, its clause numbers, its figures."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import docx
from helpers import ROOT, pdf_text

from slaeditor import load_agreement
from slaeditor.clauses import load_pack
from slaeditor.compose import compose
from slaeditor.templating.blocks import Heading

if TYPE_CHECKING:
    from pathlib import Path

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"
MEASURED = ROOT / "examples" / "telecom-customer-2025-05.measurements.csv"
TICKETS = ROOT / "examples" / "telecom-customer-2025-05.support.csv"


def _credits(out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "slaeditor.cli", "credits", str(TELECOM), "--period", "2025-05",
         "--measurements", str(MEASURED), "--support", str(TICKETS), "-o", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def _clause(title: str) -> str:
    agreement = load_agreement(TELECOM)
    contract = compose(agreement, load_pack(agreement.template, TELECOM.parent))
    return next(
        b.number
        for s in contract.sections
        for b in s.blocks
        if isinstance(b, Heading) and b.text == title
    )


def test_a_word_statement_has_the_figures_and_cites_the_contracts_clauses(tmp_path: Path) -> None:
    out = tmp_path / "statement.docx"
    result = _credits(out)
    assert result.returncode == 0, result.stderr
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "In May 2025, 2 of the 4 Services missed their Availability Targets." in text
    assert "Total Service Credits: £221.00." in text
    assert f"clause\u00a0{_clause('Amount of Service Credits')} of the Agreement" in text
    assert f"clause\u00a0{_clause('Severity Levels')} of the Agreement" in text
    assert "£97.00" in cells and "£124.00" in cells
    assert "30 June 2025" in cells, "the claim deadline of a credit that is due"
    # The contract's skeleton and styles: its headings, and no contents for a short statement.
    styles = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Title"} <= styles
    assert "Contents" not in text


def test_a_pdf_statement_is_archival_with_the_same_figures(tmp_path: Path) -> None:
    import pikepdf

    out = tmp_path / "statement.pdf"
    result = _credits(out)
    assert result.returncode == 0, result.stderr
    text = " ".join(pdf_text(out, body_only=False).split())
    assert "2 of the 4 Services missed their Availability Targets" in text
    assert "Total Service Credits: £221.00." in text
    assert f"clause {_clause('Claiming Service Credits')} of the Agreement" in text
    with pikepdf.open(out) as pdf:
        assert "pdfaid:part" in str(pdf.open_metadata())
