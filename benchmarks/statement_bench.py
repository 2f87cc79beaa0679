"""Statement figures for `make bench`: 100,000 incident rows to a statement, as users run it.

The incidents file is generated for the telecom example: 100,000 rows over its four services
and the twelve months of 2025 (about 2,100 a service and month, a few minutes each, some
overlapping, some with an excluded cause, some scoped to a Site), so the statement has to
read, check, cut, merge and count every row. Two paths are timed: `slaeditor credits` as a
whole process writing JSON (what a script or a service manager runs), and the API in a warm
process (read_measurements + build_statement).
"""

from __future__ import annotations

import datetime
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parent.parent
TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"
ROWS = 100_000
TARGET_MS = 2000.0
SERVICES = ("sip-trunking", "internet-access", "sd-wan", "sms-api")
SITES = {"sip-trunking": ("man-hq", "dirft"), "internet-access": ("dublin", "rotterdam")}
CAUSES = ("customer-caused", "scheduled-maintenance", "beyond-demarcation")


def incidents_file(path: Path, rows: int = ROWS) -> Path:
    """Write *rows* incidents of 2025 for the telecom example's services; return the path."""
    chance = random.Random(2025)
    start_of_year = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    lines = ["service,start,end,cause,site"]
    for _ in range(rows):
        service = chance.choice(SERVICES)
        start = start_of_year + datetime.timedelta(minutes=chance.randrange(365 * 1440 - 60))
        end = start + datetime.timedelta(minutes=chance.randint(1, 45))
        cause = chance.choice(CAUSES) if chance.random() < 0.1 else ""
        site = chance.choice(SITES[service]) if service in SITES and chance.random() < 0.2 else ""
        stamp = "%Y-%m-%dT%H:%MZ"
        lines.append(f"{service},{start.strftime(stamp)},{end.strftime(stamp)},{cause},{site}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def statement_figures(rounds: int = 5) -> dict[str, float]:
    """Return the median milliseconds of the command and of the warm API, 100,000 rows."""
    from slaeditor import load_agreement
    from slaeditor.statement import build_statement, read_measurements

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        measured = incidents_file(work / "incidents.csv")
        command = [sys.executable, "-m", "slaeditor.cli", "credits", str(TELECOM),
                   "--period", "2025-05", "--measurements", str(measured),
                   "-o", str(work / "statement.json")]  # fmt: skip
        agreement = load_agreement(TELECOM)
        build_statement(agreement, read_measurements(measured, agreement), "2025-05")  # warm
        commands, calls = [], []
        for _ in range(rounds):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            commands.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            build_statement(agreement, read_measurements(measured, agreement), "2025-05")
            calls.append((time.perf_counter() - start) * 1000)
    return {"command": statistics.median(commands), "api": statistics.median(calls)}


def statement_report(row: Callable[[str, float, float | None], str]) -> bool:
    """Print the statement's figures with `row` (run.py's formatter); True when over target."""
    import os

    figures = statement_figures()
    load = os.getloadavg()[0]
    print(f"Monthly statement, {ROWS:,} incident rows (median of 5; load average {load:.1f})")
    rows = (
        ("slaeditor credits -o statement.json (whole process)", figures["command"]),
        ("read_measurements + build_statement (warm process)", figures["api"]),
    )
    for name, value in rows:
        print(row(name, value, TARGET_MS) + f"   ({value / TARGET_MS:.2f} of the target)")
    return any(value > TARGET_MS for _, value in rows)


if __name__ == "__main__":
    print(statement_figures())
