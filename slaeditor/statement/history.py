"""Read earlier statements back, to count the failures that make a Chronic Failure.

A Chronic Failure is a failure to meet the Availability Target in N or more Measurement
Periods within any M consecutive months (the chronic-failure terms). A statement counts the
missed periods among those that start in the M months ending with its own period's last
month, its own period included, from the JSON statements of earlier runs it is given. A
period given twice is counted once, from the last file that has it.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slaeditor.errors import FileLineError
from slaeditor.regular_file import read_regular
from slaeditor.statement.result import FORMAT

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from pathlib import Path

    from slaeditor.statement.periods import Period

__all__ = ["PastResult", "missed_in_window", "read_history"]

MAX_STATEMENT_BYTES = 50_000_000


@dataclass(frozen=True)
class PastResult:
    """Whether one service met its target in one earlier period."""

    service_id: str
    window: str
    period_start: datetime.date
    met: bool


def read_history(paths: Iterable[Path], agreement_id: str) -> tuple[PastResult, ...]:
    """Read earlier JSON statements of the same agreement; FileLineError for anything else."""
    results: dict[tuple[str, str, datetime.date], PastResult] = {}
    for path in paths:
        for result in _read(path, agreement_id):
            results[(result.service_id, result.window, result.period_start)] = result
    return tuple(results.values())


def missed_in_window(
    history: Sequence[PastResult],
    service_id: str,
    period: Period,
    met_now: bool,
    window_months: int,
) -> int:
    """Count missed periods of a service in the chronic-failure window ending with *period*."""
    last = period.last_day
    index = last.year * 12 + last.month - 1 - (window_months - 1)
    first = datetime.date(index // 12, index % 12 + 1, 1)
    earlier = sum(
        1
        for result in history
        if result.service_id == service_id
        and result.window == period.window.value
        and first <= result.period_start < period.start
        and not result.met
    )
    return earlier + (0 if met_now else 1)


def _read(path: Path, agreement_id: str) -> list[PastResult]:
    try:
        data = json.loads(read_regular(path, limit=MAX_STATEMENT_BYTES).decode("utf-8-sig"))
    except FileNotFoundError:
        raise FileLineError(path, "does not exist; check the folder and the file name") from None
    except OSError as error:
        raise FileLineError(path, f"cannot be read: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise FileLineError(path, "is not UTF-8 text, so not a statement") from None
    except json.JSONDecodeError as error:
        raise FileLineError(path, f"is not a JSON statement: {error.msg}", error.lineno) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise FileLineError(
            path, "is not a statement written by 'slaeditor credits ... -o statement.json'"
        )
    theirs = str(data.get("agreement_id") or "")
    if theirs and agreement_id and theirs != agreement_id:
        raise FileLineError(
            path, f"is a statement of agreement {theirs}, not of {agreement_id}; leave it out"
        )
    services = data.get("services")
    if not isinstance(services, list):
        raise FileLineError(path, "has no list of services; it is not a complete statement")
    return [_result(path, item) for item in services]


def _result(path: Path, item: Any) -> PastResult:
    try:
        return PastResult(
            service_id=str(item["service_id"]),
            window=str(item["window"]),
            period_start=datetime.date.fromisoformat(item["period_start"]),
            met=_flag(item["met"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise FileLineError(
            path, f"has a service entry that cannot be read ({error}); it is not a statement"
        ) from None


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"met is {value!r}, not true or false")
    return value
