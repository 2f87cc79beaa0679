"""Statements written as JSON and CSV, and read back to count chronic failures."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from slaeditor.errors import FileLineError
from slaeditor.statement import read_history

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from slaeditor.model import Agreement
    from slaeditor.statement import Statement

HEADER = "service,start,end,cause,site\n"


def missed_month(month: str) -> str:
    """An incidents file in which SIP trunking misses its target (50 minutes) in *month*."""
    return HEADER + f"sip-trunking,{month}-10T10:00Z,{month}-10T10:50Z,,\n"


def test_json_keeps_every_figure_exact(
    telecom: Agreement, statement_of: Callable[..., Statement]
) -> None:
    statement = statement_of(telecom, missed_month("2025-05"))
    data = json.loads(statement.to_json())
    assert data["format"] == "slaeditor-statement"
    assert (data["agreement_id"], data["currency"], data["period"]) == (
        "SLA-MFG-2025-014",
        "GBP",
        "2025-05",
    )
    sip = data["services"][0]
    assert sip["uptime_percent"] == "99.887"
    assert sip["credit_amount"] == "97.00"
    assert sip["met"] is False
    assert sip["claim_deadline"] == "2025-06-30"
    assert data["total_credit"] == "97.00"
    assert Decimal(sip["total_minutes"]) == 44_640


def test_csv_has_a_row_per_service_and_a_total(
    telecom: Agreement, statement_of: Callable[..., Statement]
) -> None:
    statement = statement_of(telecom, missed_month("2025-05"))
    rows = list(csv.DictReader(io.StringIO(statement.to_csv())))
    assert [row["service_id"] for row in rows] == [
        "sip-trunking",
        "internet-access",
        "sd-wan",
        "sms-api",
        "total",
    ]
    assert rows[0]["service_name"] == "SIP Trunking and Hosted Voice"
    assert (rows[0]["uptime_percent"], rows[0]["met"], rows[0]["tier_condition"]) == (
        "99.887",
        "no",
        "below 99.9 %",
    )
    assert (rows[-1]["credit_amount"], rows[-1]["currency"]) == ("97.00", "GBP")


def test_a_name_a_spreadsheet_would_run_as_a_formula_is_quoted(
    telecom: Agreement, statement_of: Callable[..., Statement]
) -> None:
    telecom.services[0].name = "=HYPERLINK(1)"
    rows = list(csv.DictReader(io.StringIO(statement_of(telecom, HEADER).to_csv())))
    assert rows[0]["service_name"] == "'=HYPERLINK(1)"


def test_chronic_failures_count_missed_periods_in_the_window(
    telecom: Agreement, statement_of: Callable[..., Statement], tmp_path: Path
) -> None:
    earlier = []
    for month in ("2024-11", "2025-03", "2025-04"):  # 2024-11 is outside Dec–May
        path = tmp_path / f"{month}.json"
        path.write_text(statement_of(telecom, missed_month(month), month).to_json())
        earlier.append(path)
    history = list(read_history(earlier, telecom.document.agreement_id))
    may = statement_of(telecom, missed_month("2025-05"), history=history)
    sip = next(s for s in may.services if s.service_id == "sip-trunking")
    assert (sip.chronic_failures, sip.chronic_failure) == (3, True)  # March, April, May
    sd_wan = next(s for s in may.services if s.service_id == "sd-wan")
    assert (sd_wan.chronic_failures, sd_wan.chronic_failure) == (0, False)
    met_in_may = statement_of(telecom, HEADER, history=history)
    sip = next(s for s in met_in_may.services if s.service_id == "sip-trunking")
    assert (sip.chronic_failures, sip.chronic_failure) == (2, False)


def test_a_statement_of_another_agreement_is_refused(
    telecom: Agreement, statement_of: Callable[..., Statement], tmp_path: Path
) -> None:
    path = tmp_path / "other.json"
    path.write_text(statement_of(telecom, HEADER).to_json())
    with pytest.raises(FileLineError, match="statement of agreement SLA-MFG-2025-014"):
        read_history([path], "OTHER-1")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{not json", "is not a JSON statement"),
        ('{"format": "something"}', "is not a statement"),
        ('{"format": "slaeditor-statement", "services": [{"met": 1}]}', "cannot be read"),
    ],
)
def test_a_file_that_is_not_a_statement_is_refused(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(text)
    with pytest.raises(FileLineError, match=words):
        read_history([path], "")
