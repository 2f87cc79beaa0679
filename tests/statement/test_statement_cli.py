"""`slaeditor credits` and `slaeditor slo` end to end, in a real process."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from typing import TYPE_CHECKING

import yaml
from helpers import ROOT

if TYPE_CHECKING:
    from pathlib import Path

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"
INCIDENTS = (
    "service,start,end,cause,site\n"
    "sip-trunking,2025-05-10T10:00:00Z,2025-05-10T10:50:00Z,,\n"
    "sip-trunking,2025-05-10T10:20:00Z,2025-05-10T10:40:00Z,,man-hq\n"
    "SMS Messaging API,2025-05-04T02:00,2025-05-04T03:30,scheduled-maintenance,\n"
    "internet-access,2025-04-30T23:00:00+01:00,2025-05-01T02:00:00+01:00,,\n"
)


def slaeditor(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "slaeditor.cli", *map(str, arguments)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def measurements(tmp_path: Path, text: str = INCIDENTS, name: str = "may.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_credits_writes_a_json_statement(tmp_path: Path) -> None:
    out = tmp_path / "statement.json"
    result = slaeditor(
        "credits", TELECOM, "--measurements", measurements(tmp_path), "--period", "2025-05",
        "-o", out,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "2 of 4 services missed the target; credits GBP 221.00" in result.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    figures = {s["service_id"]: s for s in data["services"]}
    # SIP: 10:00–10:50 and 10:20–10:40 overlap: 50 minutes; 44,590 / 44,640 = 99.887 %.
    assert (
        figures["sip-trunking"]["downtime_minutes"],
        figures["sip-trunking"]["uptime_percent"],
    ) == ("50", "99.887")
    # Internet access: 120 minutes after local midnight on 1 May; 2 % of 6,200.00.
    assert figures["internet-access"]["credit_amount"] == "124.00"
    # SMS API: 90 minutes of maintenance, 60 allowed a month: 30 minutes of downtime.
    assert (figures["sms-api"]["excluded_minutes"], figures["sms-api"]["downtime_minutes"]) == (
        "60",
        "30",
    )
    assert data["total_credit"] == "221.00"


def test_credits_writes_csv_and_counts_chronic_failures_from_earlier_statements(
    tmp_path: Path,
) -> None:
    may = tmp_path / "may.json"
    assert slaeditor(
        "credits", TELECOM, "--measurements", measurements(tmp_path), "--period", "2025-05",
        "-o", may,
    ).returncode == 0  # fmt: skip
    june = measurements(
        tmp_path,
        "service,start,end\nsip-trunking,2025-06-02T10:00Z,2025-06-02T11:00Z\n",
        "june-incidents.csv",
    )
    out = tmp_path / "june.csv"
    result = slaeditor(
        "credits", TELECOM, "--measurements", june, "--period", "2025-06", "--previous", may,
        "-o", out,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    sip = rows[0]
    assert (sip["service_id"], sip["total_minutes"], sip["downtime_minutes"]) == (
        "sip-trunking",
        "43200",
        "60",
    )
    assert (sip["uptime_percent"], sip["credit_amount"]) == ("99.861", "97.00")  # 43,140 / 43,200
    assert (sip["chronic_failures"], sip["chronic_failure"]) == ("2", "no")  # May and June
    assert rows[-1]["service_id"] == "total"


def test_a_bad_row_is_one_line_naming_the_row_and_nothing_is_written(tmp_path: Path) -> None:
    bad = measurements(tmp_path, INCIDENTS + "voip,2025-05-10T10:00Z,2025-05-10T11:00Z,,\n")
    out = tmp_path / "statement.json"
    result = slaeditor("credits", TELECOM, "--measurements", bad, "--period", "2025-05", "-o", out)
    assert result.returncode == 1
    assert result.stderr.startswith(f"slaeditor: {bad}, line 6: column 1 (service): 'voip'")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_a_period_in_the_wrong_unit_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "statement.json"
    result = slaeditor(
        "credits", TELECOM, "--measurements", measurements(tmp_path), "--period", "2025-Q2",
        "-o", out,
    )  # fmt: skip
    assert result.returncode == 1
    assert "measured per month; write a month such as 2025-04" in result.stderr
    assert not out.exists()


def test_a_statement_in_another_format_is_refused_naming_the_ones_there_are(
    tmp_path: Path,
) -> None:
    out = tmp_path / "statement.odt"
    result = slaeditor(
        "credits", TELECOM, "--measurements", measurements(tmp_path), "--period", "2025-05",
        "-o", out,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == (
        f"slaeditor: {out}: a statement is written as .pdf, .docx, .json or .csv; use one of them\n"
    )
    assert not out.exists()


def test_slo_writes_openslo_documents(tmp_path: Path) -> None:
    out = tmp_path / "slos.yaml"
    result = slaeditor("slo", TELECOM, "-o", out)
    assert result.returncode == 0, result.stderr
    written = list(yaml.safe_load_all(out.read_text(encoding="utf-8")))
    assert [d["kind"] for d in written] == ["Service", "SLO"] * 4
    assert all(d["apiVersion"] == "openslo/v1" for d in written)
