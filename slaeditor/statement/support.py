"""Read what the service desk measured: tickets with their severity and their times.

The CSV file has a header `ticket,service,severity,logged,responded,resolved`, with optional
`clock_stopped_minutes`, `cause` and `note` columns:

- `ticket` is the ticket's reference, once per file;
- `service` names a service of the agreement by id or name;
- `severity` is the Severity Level of the service's severity matrix, by number (2,
  "Severity 2", "S2") or by name ("Major");
- `logged`, `responded` and `resolved` are ISO 8601 times, read like an incidents file's
  (zones.py); `responded` and `resolved` are empty while the ticket waits for them;
- `clock_stopped_minutes` is the business time, in minutes, during which the clock was
  stopped under the contract's rules (waiting for the customer): it is taken off the
  Resolution Time. The file cannot say when a stop fell, so the Response Time, which comes
  first, keeps running;
- `cause` is empty, or one of the agreement's exclusion kinds when the Response Time was
  missed for an excluded cause: no Service Credit for the missed Response Time is then due.

Each ticket's Response and Resolution Times are measured here in business time of its
Severity Level's calendar (calendars.py), in whole minutes, a part of a minute counted as a
whole one. Every problem is a FileLineError naming the file, the line and the column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from slaeditor.errors import FileLineError
from slaeditor.model import resolve_all
from slaeditor.sla.business_time import BusinessClock, business_minutes
from slaeditor.statement.calendars import calendar_clock, severity_calendar
from slaeditor.statement.csvfile import cell_error, read_rows
from slaeditor.statement.measurements import CellReader
from slaeditor.statement.zones import agreement_zone

if TYPE_CHECKING:
    import datetime
    from pathlib import Path

    from slaeditor.model import Agreement, ExclusionKind, Service, Severity
    from slaeditor.statement.csvfile import CsvRow

__all__ = ["SeverityTarget", "SupportMeasurements", "Ticket", "read_support", "severity_targets"]

SUPPORT_COLUMNS = ("ticket", "service", "severity", "logged", "responded", "resolved")
OPTIONAL_COLUMNS = ("clock_stopped_minutes", "cause", "note")
_NEEDS = "a header 'ticket,service,severity,logged,responded,resolved' and a row for each ticket"
_LEVEL = re.compile(r"^(?:severity|sev|s)?[\s-]*(\d+)$", re.IGNORECASE)


@dataclass(frozen=True)
class SeverityTarget:
    """One row of a severity matrix as tickets are held to it: targets and the clock."""

    level: int
    name: str
    response_minutes: int
    resolution_minutes: int | None
    calendar: str
    """The calendar's name ("" when the agreement has none and the clock always runs)."""
    clock: BusinessClock

    @property
    def label(self) -> str:
        """Return "Severity 2 (Major)"."""
        return f"Severity {self.level} ({self.name})"


@dataclass(frozen=True)
class Ticket:
    """One ticket, with its Response and Resolution Times when they are known."""

    line: int
    reference: str
    service_id: str
    target: SeverityTarget
    logged: datetime.datetime
    responded: datetime.datetime | None
    resolved: datetime.datetime | None
    clock_stopped_minutes: int
    cause: ExclusionKind | None
    """An excluded cause of a missed Response Time (no credit for it), or None."""
    response_minutes: int | None
    """Business minutes from logged to responded; None while it waits for a response."""
    resolution_minutes: int | None
    """Business minutes from logged to resolved, less the clock stops; None while open."""


@dataclass(frozen=True)
class SupportMeasurements:
    """The tickets of a support file, and every severity row they could be held to."""

    path: Path
    tickets: tuple[Ticket, ...]
    targets: tuple[tuple[SeverityTarget, tuple[str, ...]], ...]
    """Each distinct severity row of the agreement with the ids of the services it covers."""


def severity_targets(agreement: Agreement) -> dict[tuple[str, int], SeverityTarget]:
    """Return the severity row each service and level is held to, in agreement order."""
    zone = agreement_zone(agreement)
    found: dict[tuple[str, int], SeverityTarget] = {}
    for item in resolve_all(agreement):
        for severity in item.terms.support.severities:
            calendar = severity_calendar(agreement, item.terms, severity)
            found[(item.service.id, severity.level)] = SeverityTarget(
                level=severity.level,
                name=severity.name,
                response_minutes=severity.response_minutes,
                resolution_minutes=severity.resolution_minutes,
                calendar=calendar.name if calendar is not None else "",
                clock=calendar_clock(calendar, zone),
            )
    return found


def read_support(path: Path, agreement: Agreement) -> SupportMeasurements:
    """Read and check a support measurements file; FileLineError says where and what to fix."""
    columns, rows = read_rows(path, (*SUPPORT_COLUMNS, *OPTIONAL_COLUMNS), _NEEDS)
    missing = [name for name in SUPPORT_COLUMNS if name not in columns]
    if missing:
        raise FileLineError(
            path,
            f"the header has no {', '.join(repr(m) for m in missing)} column; a support file "
            f"needs {','.join(SUPPORT_COLUMNS)}",
            1,
        )
    targets = severity_targets(agreement)
    reader = _TicketReader(path, agreement, targets)
    tickets = [reader.ticket(row) for row in rows]
    covered: dict[SeverityTarget, list[str]] = {}
    for (service_id, _), target in targets.items():
        covered.setdefault(target, []).append(service_id)
    return SupportMeasurements(
        path,
        tuple(tickets),
        tuple(
            (target, tuple(dict.fromkeys(ids)))
            for target, ids in sorted(covered.items(), key=lambda pair: pair[0].level)
        ),
    )


class _TicketReader(CellReader):
    """Read the cells of a support file against one agreement."""

    def __init__(
        self, path: Path, agreement: Agreement, targets: dict[tuple[str, int], SeverityTarget]
    ) -> None:
        super().__init__(path, agreement)
        self.targets = targets
        self.severities = {
            item.service.id: item.terms.support.severities for item in resolve_all(agreement)
        }
        self.seen: dict[str, int] = {}

    def ticket(self, row: CsvRow) -> Ticket:
        reference = self.reference(row)
        service = self.service(row)
        severity = self.severity(row, service)
        target = self.targets[(service.id, severity.level)]
        logged = self.time(row, "logged", self.zone)
        responded = self.optional_time(row, "responded")
        resolved = self.optional_time(row, "resolved")
        self.in_order(row, logged, responded, resolved)
        stopped = self.stopped(row)
        resolution = None
        if resolved is not None:
            resolution = business_minutes(logged, resolved, target.clock)
            if stopped > resolution:
                raise cell_error(
                    self.path,
                    row,
                    "clock_stopped_minutes",
                    f"{stopped} minutes of stopped clock are more than the {resolution} "
                    f"business minutes from logged to resolved in {target.calendar or '24×7'}",
                )
            resolution -= stopped
        return Ticket(
            line=row.line,
            reference=reference,
            service_id=service.id,
            target=target,
            logged=logged,
            responded=responded,
            resolved=resolved,
            clock_stopped_minutes=stopped,
            cause=self.cause(row),
            response_minutes=(
                None if responded is None else business_minutes(logged, responded, target.clock)
            ),
            resolution_minutes=resolution,
        )

    def reference(self, row: CsvRow) -> str:
        reference = row.cell("ticket")
        if not reference:
            raise cell_error(self.path, row, "ticket", "is empty; write the ticket's reference")
        if reference in self.seen:
            raise cell_error(
                self.path,
                row,
                "ticket",
                f"'{reference}' is already on line {self.seen[reference]}; keep one row per ticket",
            )
        self.seen[reference] = row.line
        return reference

    def severity(self, row: CsvRow, service: Service) -> Severity:
        text = row.cell("severity")
        severities = self.severities[service.id]
        match = _LEVEL.match(text)
        for severity in severities:
            if match is not None and int(match.group(1)) == severity.level:
                return severity
            if severity.name.casefold() == text.casefold():
                return severity
        if not severities:
            message = f"{service.name} has no severity matrix to measure tickets against"
        else:
            known = ", ".join(f"{s.level} ({s.name})" for s in severities)
            what = f"'{text}' is not a Severity Level" if text else "is empty"
            message = f"{what} of {service.name}; use a level or a name: {known}"
        raise cell_error(self.path, row, "severity", message)

    def optional_time(self, row: CsvRow, column: str) -> datetime.datetime | None:
        return self.time(row, column, self.zone) if row.cell(column) else None

    def in_order(
        self,
        row: CsvRow,
        logged: datetime.datetime,
        responded: datetime.datetime | None,
        resolved: datetime.datetime | None,
    ) -> None:
        if resolved is not None and responded is None:
            raise cell_error(
                self.path,
                row,
                "responded",
                "is empty, but the ticket is resolved; write when it was responded to (the "
                "time of the resolution, if that was the first response)",
            )
        for column, moment, before, what in (
            ("responded", responded, logged, "logged"),
            ("resolved", resolved, responded, "responded to"),
        ):
            if moment is not None and before is not None and moment < before:
                raise cell_error(
                    self.path,
                    row,
                    column,
                    f"{moment.isoformat()} is before the ticket was {what} "
                    f"({before.isoformat()}); check the order of the times",
                )

    def stopped(self, row: CsvRow) -> int:
        text = row.cell("clock_stopped_minutes")
        if not text:
            return 0
        if not (text.isascii() and text.isdigit()) or int(text) > 525_600:
            raise cell_error(
                self.path,
                row,
                "clock_stopped_minutes",
                f"'{text}' is not a number of minutes; write whole minutes such as 45, or "
                "leave it empty",
            )
        return int(text)
