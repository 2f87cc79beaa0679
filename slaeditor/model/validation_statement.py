"""Rules for what a monthly statement reads from the agreement: the uptime and the clock.

A stated rounding rule with fewer decimals than the target it is compared with decides by a
figure the contract's own target cannot be read against: 99.96 % stated with one decimal is
99.9 %, below a 99.95 % target that the measured uptime met. A 24×7 calendar runs through
holidays, so public holidays named on it never stop its clock.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from slaeditor.model.issue import Finding, Issue, Level
from slaeditor.model.validation_rules import percent, plural

if TYPE_CHECKING:
    from collections.abc import Iterator

    from slaeditor.model.agreement import Agreement
    from slaeditor.model.terms import ServiceTerms

__all__ = ["holiday_issues", "rounding_findings"]


def rounding_findings(terms: ServiceTerms) -> Iterator[Finding]:
    """Warn when the uptime is stated with fewer decimals than a figure it is compared with."""
    decimals = terms.availability.uptime_decimals
    if decimals is None:
        return
    figures = [terms.availability.target_percent]
    figures += [tier.uptime_percent for tier in terms.credits.tiers]
    finest = max(figures, key=_decimals)
    if _decimals(finest) <= decimals:
        return
    places = _decimals(finest)
    example = finest + Decimal(1).scaleb(-(places + 1))
    yield Finding(
        Level.WARNING,
        "measurement",
        ("availability.uptime_decimals", "availability.target_percent", "credits.tiers"),
        f"the uptime is stated with {plural(decimals, 'decimal')}, fewer than the {places} of "
        f"{percent(finest)}, so an uptime just above it, such as {percent(example)}, is "
        f"stated below it; state the uptime with at least {plural(places, 'decimal')}",
    )


def holiday_issues(agreement: Agreement) -> Iterator[Issue]:
    """Warn about public holidays named on a calendar whose clock never stops."""
    for index, calendar in enumerate(agreement.calendars):
        if calendar.always and calendar.public_holidays:
            yield Issue(
                Level.WARNING,
                f"calendars[{index}].public_holidays",
                f"The calendar {calendar.name} runs 24 hours a day, 7 days a week, holidays "
                f"included, so the public holidays of {calendar.public_holidays} never stop "
                "its clock; remove them, or give the calendar working hours.",
                "service-hours",
            )


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0
