"""Rules for one set of service terms; validation.py decides which level a problem belongs to.

The same rules run on the resolved terms of every service. A rule cannot know whether a value
was set in the corporate terms, by a customer group or by the service itself, so it only lists
the fields it looked at and writes its text from those fields alone; the caller then points the
user at the most specific level that set one of them, which is where the fix must be made, and
identical problems inherited from the corporate terms collapse into one.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import TYPE_CHECKING

from slaeditor.model.issue import PLACEHOLDER, Finding, Level
from slaeditor.sla import Window, format_minutes, period_minutes, tier_problems
from slaeditor.sla.business_time import longest_elapsed_minutes, weekly_spans

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

    from slaeditor.model.agreement import Calendar
    from slaeditor.model.terms import ServiceTerms, Severity

__all__ = ["Finding", "Level", "check_terms", "percent", "plural"]

LOW_TARGET_PERCENT = Decimal(90)
MAX_MINIMUM_DOWNTIME_MINUTES = 10
MIN_MAINTENANCE_NOTICE_DAYS = 2
MAX_MAINTENANCE_MINUTES = 8 * 60
MAX_SEVERITY_1_RESPONSE_MINUTES = 60
MIN_CLAIM_DAYS = 15
LOW_SOLE_REMEDY_CAP = Decimal(10)
FULL_FEE = Decimal(100)
_ILLUSTRATIVE_MONTH_MINUTES = 30 * 1440
_SHORTEST_MONTH_DAYS = 28


def percent(value: Decimal) -> str:
    """Write a percentage as people read it in a contract ("99.95 %", not "99.9500")."""
    text = format(value.normalize(), "f")
    return f"{text} %"


def plural(count: int | Decimal, noun: str) -> str:
    """Write "1 day" or "3 days", so messages read as sentences."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def check_terms(terms: ServiceTerms, calendar_ids: Mapping[str, Calendar]) -> list[Finding]:
    """List the problems of one set of service terms, in section order."""
    return [
        *_availability(terms),
        *_maintenance(terms),
        *_credits(terms),
        *_chronic_failure(terms),
        *_support(terms, calendar_ids),
        *_on_site(terms, calendar_ids),
        *_scaling(terms),
    ]


def _availability(terms: ServiceTerms) -> Iterator[Finding]:
    """Catch targets and measurement rules that make the promise hollow."""
    availability = terms.availability
    target = availability.target_percent
    if target < LOW_TARGET_PERCENT:
        allowed = int((100 - target) / 100 * _ILLUSTRATIVE_MONTH_MINUTES)
        yield Finding(
            Level.WARNING,
            "service-levels",
            ("availability.target_percent",),
            f"the availability target of {percent(target)} is unusually low: it allows "
            f"{format_minutes(allowed)} of downtime in a 30-day month; check the figure "
            "(most services promise 99 % or more)",
        )
    run = availability.minimum_downtime_minutes
    if run > MAX_MINIMUM_DOWNTIME_MINUTES:
        yield Finding(
            Level.WARNING,
            "measurement",
            ("availability.minimum_downtime_minutes",),
            f"only outages lasting at least {format_minutes(run)} count as downtime, so "
            "shorter outages earn nothing however often they happen; set the minimum to "
            f"{MAX_MINIMUM_DOWNTIME_MINUTES} minutes or less (1 to 5 minutes is usual)",
        )


def _maintenance(terms: ServiceTerms) -> Iterator[Finding]:
    """Keep scheduled maintenance from swallowing the availability promise."""
    maintenance = terms.maintenance
    month = int(
        period_minutes(
            Window.MONTH, terms.availability.month_convention, month_days=_SHORTEST_MONTH_DAYS
        )
    )
    limit = maintenance.max_minutes_per_month
    if limit >= month:
        yield Finding(
            Level.ERROR,
            "service-hours",
            ("maintenance.max_minutes_per_month",),
            f"up to {format_minutes(limit)} of scheduled maintenance a month is as long as a "
            "whole month, so the service could be down all month without missing its target; "
            "set a far smaller limit (4 hours a month is usual)",
        )
    elif limit > MAX_MAINTENANCE_MINUTES:
        yield Finding(
            Level.WARNING,
            "service-hours",
            ("maintenance.max_minutes_per_month",),
            f"up to {format_minutes(limit)} of scheduled maintenance a month is excluded from "
            "downtime, more than the 8 hours that is the most providers ask for; lower the "
            "limit (4 hours a month is common)",
        )
    notice = maintenance.notice_days
    if notice < MIN_MAINTENANCE_NOTICE_DAYS:
        notice_text = "no notice" if notice == 0 else "only 1 day's notice"
        yield Finding(
            Level.WARNING,
            "service-hours",
            ("maintenance.notice_days",),
            f"scheduled maintenance needs {notice_text}, "
            "too little for the customer to plan around it; ask for at least 2 days "
            "(5 days is usual)",
        )


def _credits(terms: ServiceTerms) -> Iterator[Finding]:
    """Check the credit schedule is fair and can actually be claimed."""
    credits = terms.credits
    tiers = [tier.as_tier() for tier in credits.tiers]
    for index, message in tier_problems(
        tiers, terms.availability.target_percent, credits.cap_percent
    ):
        yield _tier_finding(index, message)
    if not tiers:
        yield Finding(
            Level.WARNING,
            "credits",
            ("credits.tiers",),
            "there are no service credit tiers, so missing the availability target costs the "
            "provider nothing; add at least one tier (for example uptime at or below 97 % "
            "earns 5 % of the monthly fee)",
        )
        return
    cap = credits.cap_percent
    if cap is None:
        yield Finding(
            Level.WARNING,
            "credits",
            ("credits.cap_percent",),
            "service credits have no cap; state the most a month's credits can reach "
            "(usually 100 % of the affected service's monthly fee)",
        )
    elif (
        (highest := max(tier.credit_percent for tier in credits.tiers)) < cap < FULL_FEE
        and Window(terms.availability.window) not in (Window.DAY, Window.WEEK)
        and not credits.response_credit_percent
    ):
        # Only the lowest tier reached applies in a Measurement Period, so where a month holds
        # at most one period no month's credit can exceed the highest tier: a cap between it
        # and the whole fee never applies and reads as a promise. (Daily or weekly periods add
        # up within a month, and so do credits for missed Response Times, so there the cap can
        # bite.) A cap of the whole fee is the usual ceiling and stays silent.
        yield Finding(
            Level.WARNING,
            "credits",
            ("credits.cap_percent",),
            f"the cap of {percent(cap)} is above the highest credit tier ({percent(highest)}), "
            "so it can never apply; lower the cap to the highest tier or add a tier that "
            "reaches it",
        )
    elif credits.sole_remedy and cap < LOW_SOLE_REMEDY_CAP:
        yield Finding(
            Level.WARNING,
            "credits",
            ("credits.cap_percent", "credits.sole_remedy"),
            f"credits are the customer's only remedy yet capped at {percent(cap)} of the fee, "
            "so even a long outage costs the provider very little; raise the cap to at least "
            "10 % or do not make credits the sole remedy",
        )
    days = credits.claim_days
    if days is None:
        yield Finding(
            Level.WARNING,
            "credits",
            ("credits.claim_days",),
            "there is no deadline for claiming service credits, so claims can arrive years "
            "later; set a claim window (30 days after the end of the month is usual)",
        )
    elif days < MIN_CLAIM_DAYS:
        yield Finding(
            Level.WARNING,
            "credits",
            ("credits.claim_days",),
            f"the customer has only {plural(days, 'day')} to claim a service credit, too short "
            "to gather the evidence; allow at least 15 days (30 is usual)",
        )


def _tier_finding(index: int | None, message: str) -> Finding:
    """Turn a tier_problems message into a finding on the field it is about."""
    if index is None:
        text = message[:1].lower() + message[1:]
        return Finding(Level.ERROR, "credits", ("credits.cap_percent",), text)
    tier = f"credits.tiers[{index}]"
    _, _, text = message.partition(": ")
    # tier_problems gives no field, so the wording tells which value the message is about.
    if "% cap;" in text:
        fields: tuple[str, ...] = (f"{tier}.credit_percent", "credits.cap_percent")
    elif "% target" in text and "includes uptimes" in text:
        fields = (f"{tier}.uptime_percent", "availability.target_percent")
    elif " earns " in text or text.startswith("a credit of"):
        fields = (f"{tier}.credit_percent",)
    else:
        fields = (f"{tier}.uptime_percent",)
    return Finding(Level.ERROR, "credits", fields, text, f"Credit tier {index + 1}")


def _chronic_failure(terms: ServiceTerms) -> Iterator[Finding]:
    """Make sure the customer can leave a service that keeps failing."""
    chronic = terms.chronic_failure
    if not chronic.enabled:
        yield Finding(
            Level.WARNING,
            "chronic-failure",
            ("chronic_failure.enabled",),
            "the customer has no right to terminate a service that keeps missing its target; "
            "add a chronic-failure right (for example 3 missed months in any 6)",
        )
    elif chronic.failures > chronic.window_months:
        yield Finding(
            Level.ERROR,
            "chronic-failure",
            ("chronic_failure.failures", "chronic_failure.window_months"),
            f"the termination right needs {plural(chronic.failures, 'missed month')} within "
            f"{plural(chronic.window_months, 'month')}, which can never happen; lower the "
            "number of failures or lengthen the window",
        )


def _support(terms: ServiceTerms, calendar_ids: Mapping[str, Calendar]) -> Iterator[Finding]:
    """Check the severity matrix reads as a sensible, consistent promise."""
    support = terms.support
    if support.calendar and support.calendar not in calendar_ids:
        yield _unknown_calendar("support.calendar", support.calendar, calendar_ids, "support")
    severities = support.severities
    seen: dict[int, Severity] = {}
    for index, severity in enumerate(severities):
        if severity.level in seen:
            yield Finding(
                Level.ERROR,
                "support",
                (f"support.severities[{index}].level",),
                f"level {severity.level} is already used by {seen[severity.level].name}; "
                "give each severity its own level",
                _severity(severity),
            )
        seen.setdefault(severity.level, severity)
    if len(seen) == len(severities):
        for index, severity in enumerate(severities):
            if severity.level != index + 1:
                yield Finding(
                    Level.ERROR,
                    "support",
                    (f"support.severities[{index}].level",),
                    f"is listed in position {index + 1}; number the severities 1, 2, 3… from "
                    "the most serious down, in that order and without gaps",
                    _severity(severity),
                )
                break
    for index, severity in enumerate(severities):
        yield from _severity_row(severity, f"support.severities[{index}]", calendar_ids)
    yield from _severity_order(support.severities, support.calendar, calendar_ids)


def _severity_order(
    severities: Sequence[Severity], default: str, calendars: Mapping[str, Calendar]
) -> Iterator[Finding]:
    """Check a less serious severity is never promised a faster response or resolution.

    Promises in different calendars are compared by the longest time each can take on the
    clock (8 business hours can take a weekend longer than 12 hours around the clock).
    """
    ranked = sorted(enumerate(severities), key=lambda pair: pair[1].level)
    for (i, serious), (j, lesser) in itertools.pairwise(ranked):
        for key, what in (("response_minutes", "response"), ("resolution_minutes", "resolution")):
            mine, theirs = getattr(lesser, key), getattr(serious, key)
            if mine is None or theirs is None:
                continue
            longest = _longest(mine, lesser.calendar or default, calendars)
            their_longest = _longest(theirs, serious.calendar or default, calendars)
            if longest is None or their_longest is None or longest >= their_longest:
                continue
            yield Finding(
                Level.ERROR,
                "support",
                (f"support.severities[{j}].{key}", f"support.severities[{i}].{key}"),
                f"its {what} target ({_promise(mine, lesser.calendar or default, calendars)}) "
                f"can take at most {format_minutes(longest)}, less than the "
                f"{format_minutes(their_longest)} {_severity(serious)} can take; a less "
                f"serious incident must never be promised a faster {what}, so lengthen this "
                f"target or shorten {_severity(serious)}'s",
                _severity(lesser),
            )


def _longest(minutes: int, calendar_id: str, calendars: Mapping[str, Calendar]) -> int | None:
    """Return the longest time on the clock a target in a calendar can take."""
    calendar = calendars.get(calendar_id)
    if calendar is None or calendar.always:
        return minutes
    rows = [([day.value for day in h.days], h.start, h.end) for h in calendar.hours]
    return longest_elapsed_minutes(minutes, weekly_spans(rows))


def _promise(minutes: int, calendar_id: str, calendars: Mapping[str, Calendar]) -> str:
    """Say a target with the calendar it runs in: "8 hours in UK business hours"."""
    calendar = calendars.get(calendar_id)
    if calendar is None or calendar.always:
        return format_minutes(minutes)
    return f"{format_minutes(minutes)} in {calendar.name}"


def _severity(severity: Severity) -> str:
    """Name a severity as the contract does, e.g. "Severity 2 (High)"."""
    return f"Severity {severity.level} ({severity.name})"


def _severity_row(
    severity: Severity, path: str, calendar_ids: Mapping[str, Calendar]
) -> Iterator[Finding]:
    """Check one row of the severity matrix on its own."""
    subject = _severity(severity)
    response = severity.response_minutes
    resolution = severity.resolution_minutes
    if resolution is not None and resolution < response:
        yield Finding(
            Level.ERROR,
            "support",
            (f"{path}.resolution_minutes", f"{path}.response_minutes"),
            f"the resolution target ({format_minutes(resolution)}) is shorter than the response "
            f"target ({format_minutes(response)}); a ticket must be answered before it can be "
            "resolved, so lengthen the resolution target or shorten the response target",
            subject,
        )
    if severity.level == 1 and severity.update_minutes is None:
        yield Finding(
            Level.ERROR,
            "support",
            (f"{path}.update_minutes",),
            "has no update interval; say how often the customer hears about progress on the "
            "most serious incidents (every hour is usual)",
            subject,
        )
    if severity.level == 1 and response > MAX_SEVERITY_1_RESPONSE_MINUTES:
        yield Finding(
            Level.WARNING,
            "support",
            (f"{path}.response_minutes",),
            f"a response target of {format_minutes(response)} is long for the most serious "
            "incidents; 1 hour or less is usual (AWS answers in 15 minutes)",
            subject,
        )
    if severity.calendar and severity.calendar not in calendar_ids:
        yield _unknown_calendar(
            f"{path}.calendar", severity.calendar, calendar_ids, "support", subject
        )


def _unknown_calendar(
    field: str, calendar: str, calendar_ids: Mapping[str, Calendar], section: str, subject: str = ""
) -> Finding:
    """Report a reference to a calendar the agreement does not define, naming those it does."""
    choices = ", ".join(c.name for c in calendar_ids.values()) or "none defined yet"
    return Finding(
        Level.ERROR,
        section,
        (field,),
        f"uses a calendar that is not in the agreement ('{calendar}'); choose one of the "
        f"agreement's calendars ({choices}) or add it",
        subject,
    )


def _on_site(terms: ServiceTerms, calendar_ids: Mapping[str, Calendar]) -> Iterator[Finding]:
    """Check that included on-site support says when an engineer arrives."""
    on_site = terms.on_site
    if on_site.included and on_site.arrival_minutes is None:
        yield Finding(
            Level.ERROR,
            "on-site",
            ("on_site.arrival_minutes",),
            "on-site support is included but no arrival time is set; say how soon an engineer "
            "arrives (for example within 4 hours, or the next business day)",
        )
    if on_site.calendar and on_site.calendar not in calendar_ids:
        yield _unknown_calendar("on_site.calendar", on_site.calendar, calendar_ids, "on-site")
    if not on_site.included:
        return
    if on_site.call_to_repair_minutes is None:
        yield Finding(
            Level.WARNING,
            "on-site",
            ("on_site.call_to_repair_minutes", "on_site.included"),
            "on-site support is included but no call-to-repair time is set, so the contract's "
            "on-site table says there is no target; set one (for example 8 hours) if the deal "
            "promises a repair time",
            kind=PLACEHOLDER,
        )
    if on_site.radius_km is None:
        yield Finding(
            Level.WARNING,
            "on-site",
            ("on_site.radius_km", "on_site.included"),
            "on-site support is included but no service radius is set, so the arrival times "
            "apply to every site however far away; set a radius if they should not",
            kind=PLACEHOLDER,
        )


def _scaling(terms: ServiceTerms) -> Iterator[Finding]:
    """Check the quantities a service can scale between are reachable."""
    scaling = terms.scaling
    if not scaling.included:
        return
    if not scaling.unit.strip():
        yield Finding(
            Level.ERROR,
            "scaling",
            ("scaling.unit", "scaling.included"),
            "quantities can change during the term but no unit is set, so the contract cannot "
            "say what is added or removed; type the unit the service is sold in (for example "
            "seat, call channel, Mbit/s or site)",
            kind=PLACEHOLDER,
        )
    low, step, high = scaling.minimum, scaling.increment, scaling.maximum
    if step <= 0:
        yield Finding(
            Level.ERROR,
            "scaling",
            ("scaling.increment",),
            "the scaling step must be more than 0; set the smallest quantity the customer can "
            "add or remove at a time",
        )
        return
    if high is None:
        return
    if high < low:
        yield Finding(
            Level.ERROR,
            "scaling",
            ("scaling.maximum", "scaling.minimum"),
            f"the maximum ({format(high.normalize(), 'f')}) is below the minimum commitment "
            f"({format(low.normalize(), 'f')}); raise the maximum or lower the minimum",
        )
    elif (high - low) % step:
        below = low + (high - low) // step * step
        yield Finding(
            Level.WARNING,
            "scaling",
            ("scaling.maximum", "scaling.minimum", "scaling.increment"),
            f"the maximum ({format(high.normalize(), 'f')}) cannot be reached in steps of "
            f"{format(step.normalize(), 'f')} from the minimum ({format(low.normalize(), 'f')}); "
            f"set a maximum the steps reach, such as {format(below.normalize(), 'f')} or "
            f"{format((below + step).normalize(), 'f')}",
        )
