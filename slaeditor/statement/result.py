"""The monthly statement as data: what each service measured, met and earned, and the total.

Frozen dataclasses, so a statement computed once is what every writer shows. `to_json` keeps
every figure exact (decimals as strings, dates as YYYY-MM-DD) and is what `history` reads
back for the chronic-failure count; `to_csv` is one row per service and a total row, for a
spreadsheet. With support measurements, the JSON has a `support` object and the CSV two more
tables after an empty line each: one row per Severity Level, then one per ticket; where the
agreement sets credits for missed Response Times, the JSON has `response_credits` and the CSV
a third table, one row per service that sets them.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, fields, is_dataclass
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

from slaeditor.statement.response_credits import ResponseCredit
from slaeditor.statement.support_performance import SeverityPerformance, TicketPerformance

if TYPE_CHECKING:
    import datetime

    from slaeditor.statement.notes import Note
    from slaeditor.statement.support_performance import SupportStatement

__all__ = ["FORMAT", "ServiceStatement", "Statement"]

FORMAT = "slaeditor-statement"
"""The `format` of a statement's JSON, so a file of another kind is not read as one."""
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ServiceStatement:
    """One service in one Measurement Period: minutes, uptime, target, tier and credit."""

    service_id: str
    service_name: str
    period: str
    period_start: datetime.date
    period_end: datetime.date
    """The period's last day."""
    window: str
    month_convention: str
    source: str
    """"incidents" (computed from incident times) or "uptime" (a stated percentage)."""
    total_minutes: Decimal
    excluded_minutes: Decimal
    measured_minutes: Decimal
    downtime_minutes: Decimal
    incidents: int
    uptime_percent: Decimal
    """As stated: rounded by the statement's rounding rule."""
    target_percent: Decimal
    met: bool
    tier: int | None
    """The credit schedule's row that applies, numbered from 1 as the contract prints it."""
    tier_condition: str
    credit_percent: Decimal
    credit_base: Decimal | None
    """The fees the percentage is taken of; None when the agreement states no fee."""
    uncapped_amount: Decimal | None
    credit_amount: Decimal | None
    cap_percent: Decimal | None
    cap_applied: bool
    claim_anchor: str
    claim_deadline: datetime.date | None
    """The last day to claim; None when the claim period runs until the end of the term."""
    chronic_failures: int | None
    """Missed periods in the chronic-failure window, this one included, if history was given."""
    chronic_failure: bool | None
    response_credit_percent: Decimal = Decimal(0)
    """Of the monthly fee, for missed Response Times (response_credits.py); in the amount."""
    response_credit_amount: Decimal | None = None
    """The credit for missed Response Times before the cap; None when none is set."""


@dataclass(frozen=True)
class Statement:
    """A statement for one period: every service of the agreement, and the total credit."""

    agreement_id: str
    title: str
    provider: str
    customer: str
    currency: str
    period: str
    time_zone: str
    rounding: str
    services: tuple[ServiceStatement, ...]
    total_credit: Decimal
    notes: tuple[Note, ...] = ()
    support: SupportStatement | None = None
    """Response and resolution performance, when support measurements were given."""
    response_credits: tuple[ResponseCredit, ...] = ()
    """Credits for missed Response Times, per service that sets them (with support)."""

    def as_data(self) -> dict[str, Any]:
        """Return the statement as plain JSON data, every figure exact."""
        data: dict[str, Any] = {"format": FORMAT, "version": 1}
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name == "response_credits" and not value:
                continue  # the agreement sets no credits for missed Response Times
            if value is not None or item.name != "support":
                data[item.name] = _plain(value)
        return data

    def to_json(self) -> str:
        """Write the statement as JSON text (UTF-8, indented, ending with a line break)."""
        return json.dumps(self.as_data(), indent=2, ensure_ascii=False) + "\n"

    def to_csv(self) -> str:
        """Write one row per service and a total row, with the currency in every row.

        Support performance follows, when there is some: after an empty line, a table with
        one row per Severity Level; after another, one with a row per ticket. A statement of
        support only has just those two tables.
        """
        names = [f.name for f in fields(ServiceStatement)]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        if self.services or self.support is None:
            writer.writerow([*names[:2], "currency", *names[2:]])
            for service in self.services:
                values = [_cell(_plain(getattr(service, name))) for name in names]
                writer.writerow([*values[:2], self.currency, *values[2:]])
            total = {"service_id": "total", "credit_amount": _plain(self.total_credit)}
            cells = [_cell(total.get(name, "")) for name in names]
            writer.writerow([*cells[:2], self.currency, *cells[2:]])
        if self.support is not None:
            tables: tuple[tuple[type[Any], tuple[Any, ...]], ...] = (
                (SeverityPerformance, self.support.severities),
                (TicketPerformance, self.support.tickets),
            )
            if self.response_credits:
                tables += ((ResponseCredit, self.response_credits),)
            for kind, rows in tables:
                if out.tell():
                    writer.writerow([])
                _table(writer, kind, rows)
        return out.getvalue()


def _table(writer: Any, kind: type[Any], rows: tuple[Any, ...]) -> None:
    """Write a header and a row per dataclass (the header even when there are no rows)."""
    names = [f.name for f in fields(kind)]
    writer.writerow(names)
    for row in rows:
        writer.writerow([_cell(_plain(getattr(row, name))) for name in names])


def _plain(value: Any) -> Any:
    """Return a value as JSON data: decimals as exact text, dates as YYYY-MM-DD, objects."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _cell(value: Any) -> str:
    """Write a CSV cell; text that a spreadsheet would run as a formula is quoted with '."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return " ".join(_cell(item) for item in value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
