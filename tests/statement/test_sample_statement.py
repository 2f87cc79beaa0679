"""The sample files shipped in examples/ give a statement whose figures this test recomputes.

`slaeditor credits` runs in a real process on the telecom example with the May 2025
measurements and support files. The figures are recomputed here from the CSV rows with plain
datetime arithmetic and the contract's numbers written out below, not with slaeditor's code:
outage minutes per service, maintenance excluded up to its monthly limit, the uptime
truncated, the credit tier; and each ticket's business minutes counted minute by minute.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import subprocess
import sys
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from helpers import ROOT

if TYPE_CHECKING:
    from pathlib import Path

EXAMPLES = ROOT / "examples"
TELECOM = EXAMPLES / "telecom-customer.sla.yaml"
MEASUREMENTS = EXAMPLES / "telecom-customer-2025-05.measurements.csv"
SUPPORT = EXAMPLES / "telecom-customer-2025-05.support.csv"
LONDON = ZoneInfo("Europe/London")
MAY_START = datetime.datetime(2025, 5, 1, tzinfo=LONDON)
MAY_END = datetime.datetime(2025, 6, 1, tzinfo=LONDON)
MAY_MINUTES = 31 * 1440

# The telecom example's terms, as its file states them.
TARGETS = {"sip-trunking": "99.9", "internet-access": "99.95", "sd-wan": "99.9", "sms-api": "99.9"}
DECIMALS = {"sip-trunking": 3, "internet-access": 4, "sd-wan": 3, "sms-api": 3}  # default rule
FEES = {"sip-trunking": 4850, "internet-access": 6200, "sd-wan": 9750, "sms-api": 1800}
MAINTENANCE_LIMIT = {"sip-trunking": 240, "internet-access": 240, "sd-wan": 240, "sms-api": 60}
RESPONSE = {1: 15, 2: 60, 3: 720, 4: 480}  # minutes
RESOLUTION = {1: 240, 2: 480, 3: 4320, 4: None}
BANK_HOLIDAYS = {datetime.date(2025, 5, 5), datetime.date(2025, 5, 26)}  # England, May 2025


def slaeditor(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "slaeditor.cli", *map(str, arguments)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def moment(text: str) -> datetime.datetime:
    parsed = datetime.datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=LONDON)


def expected_services() -> dict[str, dict[str, Decimal]]:
    ids = {"SMS Messaging API": "sms-api"}
    down = dict.fromkeys(TARGETS, 0)
    maintenance = dict.fromkeys(TARGETS, 0)
    excluded = dict.fromkeys(TARGETS, 0)
    for row in rows(MEASUREMENTS):  # the sample has no overlapping rows
        service = ids.get(row["service"], row["service"])
        start = max(moment(row["start"]), MAY_START)
        end = min(moment(row["end"]), MAY_END)
        minutes = int((end - start).total_seconds() // 60)
        if row["cause"] == "scheduled-maintenance":
            maintenance[service] += minutes
        elif row["cause"]:
            excluded[service] += minutes
        else:
            down[service] += minutes
    found = {}
    for service, target in TARGETS.items():
        allowed = min(maintenance[service], MAINTENANCE_LIMIT[service])
        out = excluded[service] + allowed
        downtime = down[service] + maintenance[service] - allowed
        exact = Decimal(MAY_MINUTES - out - downtime) / Decimal(MAY_MINUTES - out) * 100
        stated = exact.quantize(Decimal(1).scaleb(-DECIMALS[service]), rounding=ROUND_DOWN)
        credit = Decimal(0) if stated >= Decimal(target) else Decimal(2)  # all above 99.5 %
        found[service] = {
            "excluded_minutes": Decimal(out),
            "downtime_minutes": Decimal(downtime),
            "uptime_percent": stated,
            "credit_amount": (FEES[service] * credit / 100).quantize(Decimal("0.01")),
        }
    return found


def business_minutes(start: datetime.datetime, end: datetime.datetime, level: int) -> int:
    """Count minute by minute: 24x7 for levels 1–3, UK business hours for level 4."""
    if level < 4:
        return -(-int((end - start).total_seconds()) // 60)
    count, now = 0, start.astimezone(datetime.UTC)
    while now < end:
        local = now.astimezone(LONDON)
        if local.weekday() < 5 and 8 <= local.hour < 18 and local.date() not in BANK_HOLIDAYS:
            count += 1
        now += datetime.timedelta(minutes=1)
    return count


def test_the_sample_statement_has_the_figures_recomputed_here(tmp_path: Path) -> None:
    out = tmp_path / "statement.json"
    result = slaeditor(
        "credits", TELECOM, "--measurements", MEASUREMENTS, "--support", SUPPORT,
        "--period", "2025-05", "-o", out,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    expected = expected_services()
    for service in data["services"]:
        mine = expected[service["service_id"]]
        for name, value in mine.items():
            assert Decimal(service[name]) == value, (service["service_id"], name)
    total = sum((figures["credit_amount"] for figures in expected.values()), Decimal(0))
    assert Decimal(data["total_credit"]) == total == Decimal("221.00")

    tickets = {t["ticket"]: t for t in data["support"]["tickets"]}
    late = 0
    for row in rows(SUPPORT):
        logged = moment(row["logged"])
        if not MAY_START <= logged < MAY_END:
            assert row["ticket"] not in tickets
            continue
        level = int(row["severity"]) if row["severity"].isdigit() else _level(row["severity"])
        found = tickets[row["ticket"]]
        responded = moment(row["responded"]) if row["responded"] else MAY_END
        response = business_minutes(logged, responded, level)
        assert found["response_minutes"] == response, row["ticket"]
        missed = response > RESPONSE[level]
        if row["resolved"]:
            stopped = int(row["clock_stopped_minutes"] or 0)
            resolution = business_minutes(logged, moment(row["resolved"]), level) - stopped
            assert found["resolution_minutes"] == resolution, row["ticket"]
            target = RESOLUTION[level]
            missed = missed or (target is not None and resolution > target)
        late += missed
    assert len(tickets) == 5
    assert data["support"]["left_out"] == 1
    assert result.stdout.strip() == (
        f"wrote {out}: 2 of 4 services missed the target; credits GBP 221.00; "
        f"{late} of 5 tickets missed a response or resolution time"
    )
    assert late == 1  # MFG-1002: Severity 2 answered after 75 minutes


def _level(text: str) -> int:
    names = {"critical": 1, "major": 2, "minor": 3, "service request": 4}
    return names.get(text.lower()) or int(text.split()[-1])


def test_support_alone_is_written_as_csv(tmp_path: Path) -> None:
    out = tmp_path / "support.csv"
    result = slaeditor("credits", TELECOM, "--support", SUPPORT, "--period", "2025-05", "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("1 of 5 tickets missed a response or resolution time")
    severities, tickets = out.read_bytes().decode("utf-8-sig").split("\r\n\r\n")
    request = list(csv.DictReader(io.StringIO(severities)))[3]
    # MFG-1005: Friday 2 May 16:30–18:00 (90), the bank holiday on Monday 5 May (0), Tuesday
    # 08:00–10:00 (120) = 210. MFG-1006 waits from Friday 30 May 17:00: 60 by the end of May.
    assert (request["name"], request["tickets"], request["responses_open"]) == (
        "Service request",
        "2",
        "1",
    )
    assert (request["worst_response_minutes"], request["worst_response_ticket"]) == (
        "210",
        "MFG-1005",
    )
    assert [row["ticket"] for row in csv.DictReader(io.StringIO(tickets))] == [
        "MFG-1001",
        "MFG-1002",
        "MFG-1004",
        "MFG-1005",
        "MFG-1006",
    ]


def test_credits_needs_measurements_or_support(tmp_path: Path) -> None:
    out = tmp_path / "statement.json"
    result = slaeditor("credits", TELECOM, "--period", "2025-05", "-o", out)
    assert result.returncode == 1
    assert "give --measurements FILE (uptime or incidents), --support FILE" in result.stderr
    assert not out.exists()
