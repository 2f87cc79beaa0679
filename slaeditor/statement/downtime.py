"""Turn a service's incidents into the Excluded Minutes and Downtime of one period.

The standard pack's definitions, in the order they apply:

1. Scheduled maintenance is excluded up to the monthly limit of the maintenance terms,
   counted per calendar month in the order it happened (maintenance earlier in the same
   month counts towards the limit even before the period starts); beyond the limit it "is
   not Scheduled Maintenance, and any unavailability it causes counts as Downtime". The
   file's `scheduled-maintenance` cause is taken to mean it was notified as the terms say.
2. Incidents with another exclusion kind of the agreement are excluded.
3. Outages (no cause) and maintenance beyond the limit are merged, so overlapping
   incidents count once; a merged run shorter than the minimum Downtime Period is not
   Downtime. Runs are judged whole, before they are cut to the period ("a Downtime Period
   that spans two Measurement Periods counts in each for the minutes that fall within it").
4. Downtime is the minutes of those runs in the period "other than Excluded Minutes".

An incident scoped to one Site (the file's `site` column) counts as the agreement's rule for
outages at some Sites says (`availability.site_outages`): with "whole-service" the Service is
down whenever it is down at any Site; with "pro-rata" each Site's minutes are worked out as
above and each counts for its share of the Service's Sites, the sum rounded to the nearest
whole minute, half a minute up (site_minutes_of).
"""

from __future__ import annotations

import bisect
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from slaeditor.model import ExclusionKind, SiteOutages
from slaeditor.statement import intervals
from slaeditor.statement.zones import to_minute

if TYPE_CHECKING:
    from collections.abc import Sequence
    from zoneinfo import ZoneInfo

    from slaeditor.model import ServiceTerms
    from slaeditor.statement.intervals import Span
    from slaeditor.statement.measurements import Incident

__all__ = ["PeriodMinutes", "period_minutes_of", "site_minutes_of"]


@dataclass(frozen=True)
class PeriodMinutes:
    """The whole minutes of one service in one period, from its incidents."""

    excluded: int
    downtime: int
    incidents: int
    """How many incident rows of the service touch the period."""
    counted: tuple[Incident, ...]
    """The incidents that make up the period's Downtime, earliest first."""


def period_minutes_of(
    incidents: Sequence[Incident], period: Span, terms: ServiceTerms, zone: ZoneInfo
) -> PeriodMinutes:
    """Compute Excluded Minutes and Downtime of one service in *period* (see the docstring)."""
    maintenance = [i for i in incidents if i.cause is ExclusionKind.SCHEDULED_MAINTENANCE]
    outages = [i for i in incidents if i.cause is None]
    other = [(i.start, i.end) for i in incidents if i.cause not in (None, *_MAINTENANCE)]
    allowed, beyond = _maintenance_limit(
        intervals.union((i.start, i.end) for i in maintenance),
        terms.maintenance.max_minutes_per_month,
        zone,
    )
    excluded = intervals.union([*other, *allowed])
    runs = intervals.long_runs(
        intervals.union([*((i.start, i.end) for i in outages), *beyond]),
        terms.availability.minimum_downtime_minutes,
    )
    start, end = period
    down = intervals.cut(intervals.subtract(runs, excluded), start, end)
    touching = sum(1 for i in incidents if i.start < end and i.end > start)
    return PeriodMinutes(
        excluded=intervals.length(intervals.cut(excluded, start, end)),
        downtime=intervals.length(down),
        incidents=touching,
        counted=_counted([*outages, *maintenance], down),
    )


def site_minutes_of(
    incidents: Sequence[Incident],
    period: Span,
    terms: ServiceTerms,
    zone: ZoneInfo,
    sites: int,
) -> PeriodMinutes:
    """Compute a service's minutes under its rule for outages at some of its *sites* Sites.

    Pro rata, each Site named by an incident gets its own minutes (its incidents and those of
    the whole service); every other Site has the whole service's; the Service counts the
    average of its Sites, rounded to the nearest minute (half up), as the pack's clause says.
    """
    named = sorted({i.site for i in incidents if i.site})
    pro_rata = terms.availability.site_outages == SiteOutages.PRO_RATA
    if not pro_rata or sites <= 1 or not named:
        return period_minutes_of(incidents, period, terms, zone)
    everywhere = [i for i in incidents if not i.site]
    each = [
        period_minutes_of(
            [*everywhere, *(i for i in incidents if i.site == site)], period, terms, zone
        )
        for site in named
    ]
    rest = period_minutes_of(everywhere, period, terms, zone)
    others = max(sites - len(named), 0)
    share = len(named) + others

    def average(field: str) -> int:
        total = sum(getattr(found, field) for found in each) + others * getattr(rest, field)
        return int((Decimal(total) / share).quantize(Decimal(1), rounding=ROUND_HALF_UP))

    counted = {id(i): i for found in each for i in found.counted}
    return PeriodMinutes(
        excluded=average("excluded"),
        downtime=average("downtime"),
        incidents=sum(1 for i in incidents if i.start < period[1] and i.end > period[0]),
        counted=tuple(sorted(counted.values(), key=lambda i: (i.start, i.line))),
    )


_MAINTENANCE = (ExclusionKind.SCHEDULED_MAINTENANCE,)


def _maintenance_limit(
    runs: list[Span], limit: int, zone: ZoneInfo
) -> tuple[list[Span], list[Span]]:
    """Split maintenance into the minutes within each calendar month's limit and the rest."""
    if not runs:
        return [], []
    pieces = intervals.split_at(runs, _month_starts(runs[0][0], runs[-1][1], zone))
    allowed: list[Span] = []
    beyond: list[Span] = []
    used: dict[tuple[int, int], int] = {}
    for start, end in pieces:
        local = _local(start, zone)
        month = (local.year, local.month)
        room = max(limit - used.get(month, 0), 0)
        take = min(room, end - start)
        used[month] = used.get(month, 0) + take
        if take:
            allowed.append((start, start + take))
        if start + take < end:
            beyond.append((start + take, end))
    return allowed, beyond


def _month_starts(first: int, last: int, zone: ZoneInfo) -> list[int]:
    """Return the local month starts after minute *first* up to minute *last*, as minutes."""
    local = _local(first, zone)
    year, month = local.year, local.month
    starts: list[int] = []
    while True:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        minute = to_minute(datetime.datetime(year, month, 1, tzinfo=zone))
        if minute >= last:
            return starts
        starts.append(minute)


def _local(minute: int, zone: ZoneInfo) -> datetime.datetime:
    moment = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(minutes=minute)
    return moment.astimezone(zone)


def _counted(candidates: Sequence[Incident], down: Sequence[Span]) -> tuple[Incident, ...]:
    """Return the incidents that overlap the counted downtime, in order of their start."""
    ends = [end for _, end in down]
    found = []
    for incident in candidates:
        index = bisect.bisect_right(ends, incident.start)  # the first run ending after it starts
        if index < len(down) and down[index][0] < incident.end:
            found.append(incident)
    return tuple(sorted(found, key=lambda incident: (incident.start, incident.line)))
