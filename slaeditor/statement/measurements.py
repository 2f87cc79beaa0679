"""Read what monitoring measured: incidents with their times, or an uptime per period.

Two shapes of CSV file are read (the header says which):

- incidents: `service,start,end` with optional `cause` and `site` (and `ticket`, `note`,
  which are kept out of the arithmetic). Times are ISO 8601; one with an offset or Z is that
  instant, one without is local time at the incident's Site, or on the agreement's clock
  (zones.py). `cause` is empty for an outage, or one of the agreement's exclusion kinds
  (scheduled-maintenance always, since every agreement has maintenance terms).
- uptime per period: `service,period,uptime_percent`, the period in the unit of the
  service's measurement window (2025-05, 2025-Q2, ...).

A service is named by its id or its name. Every problem is a FileLineError naming the file,
the line and the column, and nothing is computed from a file with one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from slaeditor.errors import FileLineError
from slaeditor.model import ExclusionKind, resolve_all
from slaeditor.statement.csvfile import cell_error, read_rows
from slaeditor.statement.periods import Period, PeriodError, parse_period
from slaeditor.statement.zones import AmbiguousTimeError, agreement_zone, localize, to_minute

if TYPE_CHECKING:
    from pathlib import Path

    from slaeditor.model import Agreement, Service, Site
    from slaeditor.statement.csvfile import CsvRow

__all__ = ["CellReader", "Incident", "Measurements", "UptimeReading", "read_measurements"]

INCIDENT_COLUMNS = ("service", "start", "end", "cause", "site")
UPTIME_COLUMNS = ("service", "period", "uptime_percent")
INFORMATION_COLUMNS = ("ticket", "note")
KNOWN_COLUMNS = (*INCIDENT_COLUMNS, "period", "uptime_percent", *INFORMATION_COLUMNS)


@dataclass(frozen=True)
class Incident:
    """One row of an incidents file, its times as whole minutes since 1970 (UTC)."""

    line: int
    service_id: str
    start: int
    end: int
    ended: datetime.datetime
    """The end as an aware time, for a claim period that runs from the incident's end."""
    cause: ExclusionKind | None
    site: str = ""


@dataclass(frozen=True)
class UptimeReading:
    """One row of an uptime file: a service's measured uptime in one period."""

    line: int
    service_id: str
    period: Period
    uptime_percent: Decimal


@dataclass(frozen=True)
class Measurements:
    """What a measurements file holds, checked against the agreement."""

    path: Path
    kind: Literal["incidents", "uptime"]
    incidents: tuple[Incident, ...] = ()
    readings: tuple[UptimeReading, ...] = ()


def read_measurements(path: Path, agreement: Agreement) -> Measurements:
    """Read and check a measurements file; FileLineError says where and what to fix."""
    columns, rows = read_rows(path, KNOWN_COLUMNS)
    reader = CellReader(path, agreement)
    if "period" in columns or "uptime_percent" in columns:
        _require(path, columns, UPTIME_COLUMNS, "an uptime file", ("start", "end"))
        readings = [reader.reading(row) for row in rows]
        _no_repeats(path, readings)
        return Measurements(path, "uptime", readings=tuple(readings))
    _require(path, columns, INCIDENT_COLUMNS[:3], "an incidents file", ())
    return Measurements(path, "incidents", incidents=tuple(reader.incident(row) for row in rows))


def _require(
    path: Path,
    columns: tuple[str, ...],
    needed: tuple[str, ...],
    what: str,
    refused: tuple[str, ...],
) -> None:
    missing = [name for name in needed if name not in columns]
    if missing:
        raise FileLineError(
            path,
            f"the header has no {', '.join(repr(m) for m in missing)} column; {what} needs "
            f"{', '.join(needed)}",
            1,
        )
    mixed = [name for name in refused if name in columns]
    if mixed:
        raise FileLineError(
            path,
            f"the header mixes an uptime file (period, uptime_percent) with incidents "
            f"({', '.join(mixed)}); write one kind of file",
            1,
        )


def _no_repeats(path: Path, readings: list[UptimeReading]) -> None:
    seen: dict[tuple[str, Period], int] = {}
    for reading in readings:
        key = (reading.service_id, reading.period)
        if key in seen:
            raise FileLineError(
                path,
                f"'{reading.service_id}' already has an uptime for {reading.period.label} on "
                f"line {seen[key]}; keep one row per service and period",
                reading.line,
            )
        seen[key] = reading.line


class CellReader:
    """Read the cells of one file against one agreement (services, sites, times, causes)."""

    def __init__(self, path: Path, agreement: Agreement) -> None:
        self.path = path
        self.agreement = agreement
        self.zone = agreement_zone(agreement)
        self.windows = {r.service.id: r.terms.availability.window for r in resolve_all(agreement)}
        self.excluded = {item.kind for item in agreement.exclusions}
        self.excluded.add(ExclusionKind.SCHEDULED_MAINTENANCE)

    def service(self, row: CsvRow) -> Service:
        """Return the service a row names by id or name; the cell's error otherwise."""
        text = row.cell("service")
        for service in self.agreement.services:
            if service.id == text:
                return service
        for service in self.agreement.services:
            if service.name.casefold() == text.casefold():
                return service
        known = "; ".join(f"{s.id} ({s.name})" for s in self.agreement.services)
        what = f"'{text}' is not a service of the agreement" if text else "is empty"
        raise cell_error(self.path, row, "service", f"{what}; use an id or a name: {known}")

    def reading(self, row: CsvRow) -> UptimeReading:
        """Read a row of an uptime file."""
        service = self.service(row)
        try:
            period = parse_period(row.cell("period"), self.windows[service.id])
        except PeriodError as error:
            raise cell_error(self.path, row, "period", str(error)) from None
        text = row.cell("uptime_percent").removesuffix("%").strip()
        try:
            uptime = Decimal(text)
        except InvalidOperation:
            uptime = Decimal("NaN")
        if not uptime.is_finite() or not Decimal(0) <= uptime <= Decimal(100):
            raise cell_error(
                self.path,
                row,
                "uptime_percent",
                f"'{row.cell('uptime_percent')}' is not a percentage from 0 to 100; write it "
                "with a decimal point, such as 99.95",
            )
        return UptimeReading(row.line, service.id, period, uptime)

    def incident(self, row: CsvRow) -> Incident:
        """Read a row of an incidents file."""
        service = self.service(row)
        site = self.site(row, service)
        zone = ZoneInfo(site.time_zone) if site is not None else self.zone
        start = self.time(row, "start", zone)
        end = self.time(row, "end", zone)
        if end <= start:
            same = "when" if end == start else "before"
            raise cell_error(
                self.path,
                row,
                "end",
                f"the incident ends ({end.isoformat()}) {same} it starts "
                f"({start.isoformat()}); check the order of start and end",
            )
        return Incident(
            line=row.line,
            service_id=service.id,
            start=to_minute(start),
            end=to_minute(end),
            ended=end,
            cause=self.cause(row),
            site=site.id if site is not None else "",
        )

    def time(self, row: CsvRow, column: str, zone: ZoneInfo) -> datetime.datetime:
        """Read an ISO 8601 time as an aware time; one without an offset is read in *zone*."""
        text = row.cell(column)
        try:
            return localize(datetime.datetime.fromisoformat(text), zone)
        except AmbiguousTimeError as error:
            raise cell_error(
                self.path, row, column, f"{error}; add its offset, such as +01:00 or Z"
            ) from None
        except ValueError:
            raise cell_error(
                self.path,
                row,
                column,
                f"'{text}' is not an ISO 8601 time; write it as 2025-05-14T10:30:00Z or "
                f"2025-05-14T11:30:00+01:00 (without an offset it is read in {zone.key})",
            ) from None

    def cause(self, row: CsvRow) -> ExclusionKind | None:
        """Read the cause: None for an outage, or one of the agreement's exclusion kinds."""
        text = row.cell("cause").lower().replace("_", "-").replace(" ", "-")
        if not text:
            return None
        allowed = ", ".join(kind.value for kind in ExclusionKind if kind in self.excluded)
        try:
            kind = ExclusionKind(text)
        except ValueError:
            raise cell_error(
                self.path,
                row,
                "cause",
                f"'{row.cell('cause')}' is not a cause; leave it empty for an outage or use "
                f"one of the agreement's exclusions: {allowed}",
            ) from None
        if kind not in self.excluded:
            raise cell_error(
                self.path,
                row,
                "cause",
                f"the agreement does not exclude {kind.value}; leave the cause empty to count "
                f"the incident as downtime, or use one of: {allowed}",
            )
        return kind

    def site(self, row: CsvRow, service: Service) -> Site | None:
        """Read the site an incident is scoped to, or None; it must be one of the service's."""
        text = row.cell("site")
        if not text:
            return None
        folded = text.casefold()
        site = next(
            (s for s in self.agreement.sites if s.id == text or s.name.casefold() == folded),
            None,
        )
        if site is None:
            known = "; ".join(f"{s.id} ({s.name})" for s in self.agreement.sites) or "none"
            raise cell_error(
                self.path, row, "site", f"'{text}' is not a site of the agreement; sites: {known}"
            )
        if service.sites and site.id not in service.sites:
            raise cell_error(
                self.path,
                row,
                "site",
                f"'{service.name}' is not delivered at {site.name}; its sites are "
                f"{', '.join(service.sites)}",
            )
        return site
