"""The statement's words are the pack's: a firm rewords them, and a broken text names its line.

Each test copies the standard pack to a folder of its own, as a firm making its own pack
does, and writes the statement through the same function as `slaeditor credits`.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from typing import TYPE_CHECKING

import docx
import pytest
from helpers import ROOT

from slaeditor.app.pack_check import check_pack
from slaeditor.app.statement_document import statement_contract, write_statement
from slaeditor.clauses import PackError, load_pack
from slaeditor.statement import build_statement, read_measurements, read_support

if TYPE_CHECKING:
    from pathlib import Path

    from slaeditor.model import Agreement
    from slaeditor.statement import Statement

STANDARD = ROOT / "templates" / "standard"
MEASURED = ROOT / "examples" / "telecom-customer-2025-05.measurements.csv"
TICKETS = ROOT / "examples" / "telecom-customer-2025-05.support.csv"


def _statement(agreement: Agreement) -> Statement:
    measurements = read_measurements(MEASURED, agreement)
    support = read_support(TICKETS, agreement)
    return build_statement(agreement, measurements, "2025-05", support=support)


def _firm_pack(tmp_path: Path, telecom: Agreement) -> Path:
    folder = tmp_path / "acme"
    shutil.copytree(STANDARD, folder)
    telecom.template = str(folder)
    return folder / "statement.yaml"


def _text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def test_a_firm_rewords_the_statement_in_its_pack(tmp_path: Path, telecom: Agreement) -> None:
    wording = _firm_pack(tmp_path, telecom)
    text = wording.read_text(encoding="utf-8")
    text = text.replace("title: Service statement", "title: Monthly service report")
    text = text.replace("  credits: Service Credits\n", "  credits: Credits owed\n")
    text = text.replace(
        "{{ 'met' if met else 'missed' }}", "{{ 'achieved' if met else 'not achieved' }}"
    )
    text = text.replace("Total Service Credits:", "**Credits owed this month:**")
    wording.write_text(text, encoding="utf-8")
    out = tmp_path / "statement.docx"

    write_statement(_statement(telecom), telecom, out)

    found = _text(out)
    assert "Monthly service report" in found
    assert "Credits owed" in found
    results = [row.cells[-1].text for row in docx.Document(str(out)).tables[0].rows[1:]]
    assert set(results) == {"achieved", "not achieved"}
    assert "Credits owed this month: £221.00." in found
    bold = [r.text for p in docx.Document(str(out)).paragraphs for r in p.runs if r.bold]
    assert "Credits owed this month:" in bold


def test_a_pack_without_statement_words_uses_the_standard_ones(
    tmp_path: Path, telecom: Agreement
) -> None:
    _firm_pack(tmp_path, telecom).unlink()

    contract = statement_contract(_statement(telecom), telecom, load_pack(telecom.template))

    assert [s.title for s in contract.sections][:3] == [
        "Summary",
        "Availability",
        "Service Credits",
    ]


@pytest.mark.parametrize(
    ("change", "line", "says"),
    [
        # A Jinja syntax error on the second line of the "outcome" text.
        (("{% if not missed %}every", "{% if not missed %every"), 43, "template syntax error"),
        # A name the text is not given.
        (("{{ rounding }}", "{{ roundings }}"), 51, "uses 'roundings', which it is not given"),
        # A table with a column too few.
        (("Open]", "]"), 30, "columns.support must list the table's 5 column labels"),
        # A text left out.
        (("  no_fee: no fee stated\n", ""), 31, "needs the text 'texts.no_fee'"),
    ],
)
def test_a_broken_statement_text_names_the_file_and_the_line(
    tmp_path: Path, telecom: Agreement, change: tuple[str, str], line: int, says: str
) -> None:
    wording = _firm_pack(tmp_path, telecom)
    text = wording.read_text(encoding="utf-8")
    assert change[0] in text
    wording.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    out = tmp_path / "statement.pdf"

    with pytest.raises(PackError) as raised:
        write_statement(_statement(telecom), telecom, out)

    assert raised.value.path == wording
    assert says in raised.value.message
    if "needs the text" not in says:
        assert raised.value.line == line
    assert not out.exists()


def test_templates_check_reports_a_broken_statement_text(
    tmp_path: Path, telecom: Agreement
) -> None:
    wording = _firm_pack(tmp_path, telecom)
    text = wording.read_text(encoding="utf-8")
    wording.write_text(text.replace("{{ cite.severity }}", "{{ cite.severity "), encoding="utf-8")

    messages = check_pack(wording.parent, [])

    found = [str(m) for m in messages if "statement.yaml" in str(m)]
    assert found, [str(m) for m in messages]
    assert "text 'support'" in found[0]
    assert found[0].startswith("error")


def test_the_standard_pack_passes_its_own_check_of_the_statement_words() -> None:
    messages = check_pack(STANDARD, [])

    assert not [str(m) for m in messages if "statement.yaml" in str(m)]


def test_response_credits_get_their_own_table_citing_the_contracts_clause(
    tmp_path: Path, telecom: Agreement
) -> None:
    telecom.terms.credits.response_credit_percent = Decimal(2)
    out = tmp_path / "statement.docx"

    write_statement(_statement(telecom), telecom, out)

    found = _text(out)
    assert "Service Credits for missed Response Times" in found
    assert "with the Service Credits for missed Response Times of clause\u00a08.2" in found
    assert "Tickets that earn a credit" in found


def test_a_firm_rewords_a_note_and_the_others_stay_as_computed(
    tmp_path: Path, telecom: Agreement
) -> None:
    wording = _firm_pack(tmp_path, telecom)
    text = wording.read_text(encoding="utf-8")
    text += "notes:\n  left-out: |\n    Not counted: **{{ count }}** ticket(s) from outside "
    text += "{{ period }}.\n"
    wording.write_text(text, encoding="utf-8")
    out = tmp_path / "statement.docx"

    write_statement(_statement(telecom), telecom, out)

    found = _text(out)
    assert "Not counted: 1 ticket(s) from outside 2025-05." in found
    assert "left out of the figures" not in found
    assert "the file does not say when they fell" in found  # a note the pack leaves alone


def test_a_note_the_statement_does_not_have_is_refused_on_its_line(
    tmp_path: Path, telecom: Agreement
) -> None:
    wording = _firm_pack(tmp_path, telecom)
    text = wording.read_text(encoding="utf-8")
    wording.write_text(text + "notes:\n  leftout: Not counted.\n", encoding="utf-8")
    lines = len(text.splitlines())

    with pytest.raises(PackError) as raised:
        write_statement(_statement(telecom), telecom, tmp_path / "statement.pdf")

    assert raised.value.line == lines + 2
    assert "notes.leftout is not a note of the statement" in raised.value.message
    assert "left-out" in raised.value.message
