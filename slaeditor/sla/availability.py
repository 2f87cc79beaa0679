"""Compute availability figures exactly, because a contract states them to the minute.

Uptime percentages and downtime budgets decide whether a provider owes a credit,
so every result here is a Decimal computed without binary floating point.
The month convention is explicit because calculators disagree about how long a
month is (DOMAIN.md §3).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from enum import StrEnum

from slaeditor.sla._numbers import HUNDRED, check_percent, plain, to_decimal

__all__ = [
    "DowntimeBudget",
    "MonthConvention",
    "Window",
    "allowed_downtime_seconds",
    "downtime_budget",
    "max_whole_downtime_minutes",
    "meets_target",
    "period_minutes",
    "uptime_percent",
]

MINUTES_PER_DAY = 1440
SECONDS_PER_MINUTE = 60
SHORTEST_MONTH_DAYS = 28
ILLUSTRATIVE_MONTH_DAYS = 30
LONGEST_MONTH_DAYS = 31


class MonthConvention(StrEnum):
    """Say how long a month is, since the allowed downtime depends on it."""

    CALENDAR = "calendar"
    """The actual calendar month, 28 to 31 days (the usual contract default)."""
    THIRTY_DAY = "30-day"
    """A fixed 30-day month, as many illustrative tables use."""
    AVERAGE = "365/12"
    """The average month, a twelfth of 365.25 days (leap years averaged in): 30.4375 days.

    The stored value "365/12" is kept for the files that hold it; the arithmetic and every
    text say 365.25 ÷ 12."""


class Window(StrEnum):
    """Name the measurement window over which availability is computed."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    """A quarter of 365.25 days (leap years averaged in), 91.3125 days."""
    YEAR = "year"
    """A 365-day year."""


_FIXED_WINDOW_DAYS: dict[Window, Decimal] = {
    Window.DAY: Decimal(1),
    Window.WEEK: Decimal(7),
    Window.QUARTER: Decimal("91.3125"),
    Window.YEAR: Decimal(365),
}

_FIXED_MONTH_DAYS: dict[MonthConvention, Decimal] = {
    MonthConvention.THIRTY_DAY: Decimal(30),
    MonthConvention.AVERAGE: Decimal("30.4375"),
}


def period_minutes(
    window: Window,
    convention: MonthConvention = MonthConvention.CALENDAR,
    *,
    month_days: int | None = None,
) -> Decimal:
    """Return the length of a measurement window in minutes.

    A calendar month has no fixed length, so *month_days* (28 to 31) is
    required for ``Window.MONTH`` under ``MonthConvention.CALENDAR`` and is
    ignored everywhere else.
    """
    window = Window(window)
    convention = MonthConvention(convention)
    if window in _FIXED_WINDOW_DAYS:
        days = _FIXED_WINDOW_DAYS[window]
    elif convention in _FIXED_MONTH_DAYS:
        days = _FIXED_MONTH_DAYS[convention]
    else:
        days = Decimal(_checked_month_days(month_days))
    return days * MINUTES_PER_DAY


def _checked_month_days(month_days: int | None) -> int:
    """Return *month_days* after checking it is a real month length."""
    if month_days is None:
        msg = (
            "A calendar month has no fixed length: pass month_days (28 to 31), "
            "or choose the 30-day or 365/12 month convention"
        )
        raise ValueError(msg)
    if isinstance(month_days, bool) or not isinstance(month_days, int):
        msg = f"month_days must be a whole number of days, not {month_days!r}"
        raise TypeError(msg)
    if not SHORTEST_MONTH_DAYS <= month_days <= LONGEST_MONTH_DAYS:
        msg = f"A calendar month has 28 to 31 days, not {month_days}"
        raise ValueError(msg)
    return month_days


def allowed_downtime_seconds(
    target_percent: Decimal,
    window: Window,
    convention: MonthConvention = MonthConvention.CALENDAR,
    *,
    month_days: int | None = None,
) -> Decimal:
    """Return how many seconds of downtime a target allows in one window.

    This is (1 − target / 100) × period, exactly; a contract table shows it
    rounded, but the computation here never rounds.
    """
    target = check_percent(target_percent, "target_percent")
    minutes = period_minutes(window, convention, month_days=month_days)
    return (HUNDRED - target).scaleb(-2) * minutes * SECONDS_PER_MINUTE


@dataclass(frozen=True)
class DowntimeBudget:
    """Hold the downtime a target allows, with its range across month lengths.

    For a calendar month the budget depends on the month, so ``seconds`` is the
    30-day illustration and ``min_seconds``/``max_seconds`` are the 28-day and
    31-day values; for every other window and convention all three are equal.
    """

    target_percent: Decimal
    window: Window
    convention: MonthConvention
    seconds: Decimal
    min_seconds: Decimal
    max_seconds: Decimal


def downtime_budget(
    target_percent: Decimal,
    window: Window,
    convention: MonthConvention = MonthConvention.CALENDAR,
) -> DowntimeBudget:
    """Describe the downtime a target allows, ready for an editor to display."""
    target = check_percent(target_percent, "target_percent")
    window = Window(window)
    convention = MonthConvention(convention)
    if window is Window.MONTH and convention is MonthConvention.CALENDAR:
        seconds, shortest, longest = (
            allowed_downtime_seconds(target, window, convention, month_days=days)
            for days in (ILLUSTRATIVE_MONTH_DAYS, SHORTEST_MONTH_DAYS, LONGEST_MONTH_DAYS)
        )
    else:
        seconds = allowed_downtime_seconds(target, window, convention)
        shortest = longest = seconds
    return DowntimeBudget(
        target_percent=target,
        window=window,
        convention=convention,
        seconds=seconds,
        min_seconds=shortest,
        max_seconds=longest,
    )


def _measured_minutes(
    period_minutes: Decimal | int,
    downtime_minutes: Decimal | int,
    excluded_minutes: Decimal | int,
) -> tuple[Decimal, Decimal]:
    """Return (measured minutes, downtime minutes) after checking the inputs agree."""
    period = to_decimal(period_minutes, "period_minutes")
    downtime = to_decimal(downtime_minutes, "downtime_minutes")
    excluded = to_decimal(excluded_minutes, "excluded_minutes")
    for name, value in (("period", period), ("downtime", downtime), ("excluded", excluded)):
        if value < 0:
            msg = f"The {name} minutes cannot be negative ({plain(value)})"
            raise ValueError(msg)
    measured = period - excluded
    if measured <= 0:
        msg = (
            f"Excluding {plain(excluded)} of {plain(period)} minutes leaves no time "
            "to measure; the excluded minutes must be fewer than the period"
        )
        raise ValueError(msg)
    if downtime > measured:
        msg = (
            f"{plain(downtime)} minutes of downtime is more than the "
            f"{plain(measured)} minutes measured; check the downtime and exclusions"
        )
        raise ValueError(msg)
    return measured, downtime


def uptime_percent(
    period_minutes: Decimal | int,
    downtime_minutes: Decimal | int,
    excluded_minutes: Decimal | int = 0,
) -> Decimal:
    """Return the uptime percentage that a contract's formula gives.

    (period − excluded − downtime) / (period − excluded) × 100: excluded time
    such as notified maintenance counts neither for nor against the provider.
    """
    measured, downtime = _measured_minutes(period_minutes, downtime_minutes, excluded_minutes)
    return (measured - downtime) * HUNDRED / measured


def meets_target(
    target_percent: Decimal,
    period_minutes: Decimal | int,
    downtime_minutes: Decimal | int,
    excluded_minutes: Decimal | int = 0,
) -> bool:
    """Say whether the measured uptime reaches the target.

    The comparison is cross-multiplied, so it is exact even when the uptime
    percentage itself has no finite decimal expansion.
    """
    target = check_percent(target_percent, "target_percent")
    measured, downtime = _measured_minutes(period_minutes, downtime_minutes, excluded_minutes)
    return (measured - downtime) * HUNDRED >= target * measured


def max_whole_downtime_minutes(target_percent: Decimal, period_minutes: Decimal | int) -> int:
    """Return the most whole minutes of downtime that still meet the target.

    Downtime is counted in whole minutes, so at 99.99 % in a 30-day month the
    4.32-minute budget means 4 minutes meet the target and 5 breach it.
    """
    target = check_percent(target_percent, "target_percent")
    period = to_decimal(period_minutes, "period_minutes")
    if period <= 0:
        msg = f"The period must be longer than 0 minutes, not {plain(period)}"
        raise ValueError(msg)
    budget = (HUNDRED - target).scaleb(-2) * period
    return int(budget.to_integral_value(rounding=ROUND_FLOOR))
