"""Response and resolution performance per Severity Level, against the severity matrix.

A statement counts the tickets logged in its period (on the agreement's clock). Each ticket's
Response Time is met when it is at most the response target of its Severity Level, in
business time of that level's calendar; its Resolution Time (the clock stops taken off) the
same against the resolution target. A ticket still waiting at the end of the period is
"missed" once the business time up to that end is already over the target, and "open"
otherwise (counted neither way); a level without a Resolution Time has "no target" for
resolution. Per level: the tickets, how many times were met and missed, the share met (of
those decided, truncated to one decimal) and the worst case, an open ticket's time so far
included.

Service Credits for missed Response Times, where the agreement sets them, are counted from
these figures in response_credits.py; otherwise the statement reports the performance only,
and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING

from slaeditor.model.validation_rules import plural
from slaeditor.sla.business_time import business_minutes
from slaeditor.statement.notes import Note

if TYPE_CHECKING:
    import datetime
    from zoneinfo import ZoneInfo

    from slaeditor.statement.periods import Period
    from slaeditor.statement.support import SeverityTarget, SupportMeasurements, Ticket

__all__ = [
    "MET",
    "MISSED",
    "NO_TARGET",
    "OPEN",
    "SeverityPerformance",
    "SupportStatement",
    "TicketPerformance",
    "support_statement",
]

MET, MISSED, OPEN, NO_TARGET = "met", "missed", "open", "no target"
NO_CREDITS = Note(
    "no-response-credits",
    "The agreement sets no Service Credits for Response or Resolution Times: the support "
    "figures report performance only.",
)
_TENTH = Decimal("0.1")
_Time = tuple[int, str, str, bool]
"""Business minutes, status, ticket reference, and whether the clock was still running."""


@dataclass(frozen=True)
class TicketPerformance:
    """One ticket's Response and Resolution Times and whether each met its target."""

    ticket: str
    service_id: str
    severity: int
    calendar: str
    logged: datetime.datetime
    responded: datetime.datetime | None
    resolved: datetime.datetime | None
    response_minutes: int
    """Business minutes to the response; while it waits, up to the end of the period."""
    response: str
    """met, missed or open."""
    clock_stopped_minutes: int
    resolution_minutes: int
    """Business minutes to the resolution less the clock stops; while open, up to the end."""
    resolution: str
    """met, missed, open or no target."""
    cause: str = ""
    """The excluded cause the file gives for a missed Response Time ("" for none)."""


@dataclass(frozen=True)
class SeverityPerformance:
    """One Severity Level's tickets in the period: targets met and missed, the worst case."""

    level: int
    name: str
    services: tuple[str, ...]
    calendar: str
    tickets: int
    response_target_minutes: int
    responses_met: int
    responses_missed: int
    responses_open: int
    response_met_percent: Decimal | None
    """Of the responses met or missed, the share met; None when there are none."""
    worst_response_minutes: int | None
    worst_response_ticket: str
    resolution_target_minutes: int | None
    resolutions_met: int
    resolutions_missed: int
    resolutions_open: int
    resolution_met_percent: Decimal | None
    worst_resolution_minutes: int | None
    worst_resolution_ticket: str


@dataclass(frozen=True)
class SupportStatement:
    """Support performance in one period: per Severity Level and per ticket."""

    period: str
    period_start: datetime.date
    period_end: datetime.date
    """The period's last day."""
    left_out: int
    """Tickets in the file that were logged outside the period."""
    severities: tuple[SeverityPerformance, ...]
    tickets: tuple[TicketPerformance, ...]
    notes: tuple[Note, ...] = ()


def support_statement(
    support: SupportMeasurements, period: Period, zone: ZoneInfo, *, credited: bool = False
) -> SupportStatement:
    """Measure the tickets logged in *period* (its bounds read in *zone*) against targets.

    *credited* says the agreement sets Service Credits for missed Response Times (they are
    computed with the services' credits); otherwise a note says the figures report only.
    """
    start, end = period.bounds(zone)
    inside = [t for t in support.tickets if start <= t.logged < end]
    results = [_ticket(ticket, end) for ticket in inside]
    severities = []
    for target, services in support.targets:
        mine = [(t, r) for t, r in zip(inside, results, strict=True) if t.target == target]
        severities.append(_severity(target, services, mine))
    notes: list[Note] = [] if credited else [NO_CREDITS]
    notes.append(
        Note(
            "business-time",
            "Response and Resolution Times are business time in each Severity Level's "
            "calendar, in whole minutes (a part of a minute counts as a whole minute); a "
            f"ticket still waiting at the end of {period.label} is measured up to that end.",
            period=period.label,
        )
    )
    if any(t.clock_stopped_minutes for t in inside):
        notes.append(
            Note(
                "clock-stops",
                "Minutes with the clock stopped are taken off the Resolution Time only: the "
                "file does not say when they fell.",
            )
        )
    left_out = len(support.tickets) - len(inside)
    if left_out:
        notes.append(
            Note(
                "left-out",
                f"{plural(left_out, 'ticket')} logged outside {period.label} "
                f"{'is' if left_out == 1 else 'are'} left out of the figures.",
                count=left_out,
                period=period.label,
            )
        )
    return SupportStatement(
        period=period.label,
        period_start=period.start,
        period_end=period.last_day,
        left_out=left_out,
        severities=tuple(severities),
        tickets=tuple(results),
        notes=tuple(notes),
    )


def _ticket(ticket: Ticket, end: datetime.datetime) -> TicketPerformance:
    target = ticket.target
    response = ticket.response_minutes
    if response is None:
        so_far = business_minutes(ticket.logged, end, target.clock)
        response_status = _status(so_far, target.response_minutes, done=False)
        response = so_far
    else:
        response_status = _status(response, target.response_minutes, done=True)
    resolution = ticket.resolution_minutes
    done = resolution is not None
    if resolution is None:
        so_far = business_minutes(ticket.logged, end, target.clock)
        resolution = max(0, so_far - ticket.clock_stopped_minutes)
    return TicketPerformance(
        ticket=ticket.reference,
        service_id=ticket.service_id,
        severity=target.level,
        calendar=target.calendar,
        logged=ticket.logged,
        responded=ticket.responded,
        resolved=ticket.resolved,
        response_minutes=response,
        response=response_status,
        clock_stopped_minutes=ticket.clock_stopped_minutes,
        resolution_minutes=resolution,
        resolution=_status(resolution, target.resolution_minutes, done=done),
        cause=ticket.cause.value if ticket.cause is not None else "",
    )


def _status(minutes: int, target: int | None, *, done: bool) -> str:
    """Say whether a time met its target; one still running is missed once it is over."""
    if target is None:
        return NO_TARGET
    if minutes > target:
        return MISSED
    return MET if done else OPEN


def _severity(
    target: SeverityTarget,
    services: tuple[str, ...],
    found: list[tuple[Ticket, TicketPerformance]],
) -> SeverityPerformance:
    results = [result for _, result in found]
    responses = [(r.response_minutes, r.response, r.ticket, r.responded is None) for r in results]
    resolutions = [
        (r.resolution_minutes, r.resolution, r.ticket, r.resolved is None) for r in results
    ]
    worst_response = _worst(responses)
    worst_resolution = _worst(resolutions)
    return SeverityPerformance(
        level=target.level,
        name=target.name,
        services=services,
        calendar=target.calendar,
        tickets=len(results),
        response_target_minutes=target.response_minutes,
        responses_met=_count(responses, MET),
        responses_missed=_count(responses, MISSED),
        responses_open=_count(responses, OPEN),
        response_met_percent=_share(responses),
        worst_response_minutes=worst_response[0],
        worst_response_ticket=worst_response[1],
        resolution_target_minutes=target.resolution_minutes,
        resolutions_met=_count(resolutions, MET),
        resolutions_missed=_count(resolutions, MISSED),
        resolutions_open=_count(resolutions, OPEN),
        resolution_met_percent=_share(resolutions),
        worst_resolution_minutes=worst_resolution[0],
        worst_resolution_ticket=worst_resolution[1],
    )


def _count(times: list[_Time], status: str) -> int:
    return sum(1 for time in times if time[1] == status)


def _share(times: list[_Time]) -> Decimal | None:
    """Return the share met of the times met or missed, truncated to a tenth of a percent."""
    met, missed = _count(times, MET), _count(times, MISSED)
    if met + missed == 0:
        return None
    return (Decimal(100 * met) / (met + missed)).quantize(_TENTH, rounding=ROUND_DOWN)


def _worst(times: list[_Time]) -> tuple[int | None, str]:
    """Return the longest time and its ticket ("T-9 (open)" for one still running)."""
    if not times:
        return None, ""
    minutes, _, ticket, running = max(times, key=lambda time: time[0])
    return minutes, f"{ticket} (open)" if running else ticket
