"""Read a Measurement Period as people write it, in the unit of the service's window.

A statement is for one Measurement Period: a month as 2025-05, a quarter as 2025-Q2, a year as
2025, an ISO week as 2025-W21, a day as 2025-05-14. Each service is measured per the window
its terms state, so a period written in another unit is refused with the unit the service
uses and the period of that unit that contains the one given. Periods are calendar-aligned:
a quarter is a calendar quarter and a week runs from Monday to Sunday, as the standard pack's
definition of Measurement Period says.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from slaeditor.sla import Window

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

__all__ = ["Period", "PeriodError", "parse_period", "period_of", "period_unit"]

_FORMS: tuple[tuple[Window, re.Pattern[str]], ...] = (
    (Window.DAY, re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")),
    (Window.WEEK, re.compile(r"^(\d{4})-W(\d{2})$", re.IGNORECASE)),
    (Window.MONTH, re.compile(r"^(\d{4})-(\d{2})$")),
    (Window.QUARTER, re.compile(r"^(\d{4})-Q(\d)$", re.IGNORECASE)),
    (Window.YEAR, re.compile(r"^(\d{4})$")),
)
_EXAMPLES = {
    Window.DAY: "a day such as 2025-05-14",
    Window.WEEK: "an ISO week such as 2025-W21",
    Window.MONTH: "a month such as 2025-05",
    Window.QUARTER: "a quarter such as 2025-Q2",
    Window.YEAR: "a year such as 2025",
}
_MONTHS_IN = {Window.MONTH: 1, Window.QUARTER: 3, Window.YEAR: 12}


class PeriodError(ValueError):
    """A period that cannot be read, or is in another unit than the service's window."""


@dataclass(frozen=True)
class Period:
    """One Measurement Period: from the local midnight of `start` to that of `end`."""

    window: Window
    start: datetime.date
    end: datetime.date
    """The day after the last day, so a period is [start, end)."""

    @property
    def label(self) -> str:
        """Write the period as it is typed: 2025-05, 2025-Q2, 2025, 2025-W21, 2025-05-14."""
        if self.window is Window.DAY:
            return self.start.isoformat()
        if self.window is Window.WEEK:
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.window is Window.MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        if self.window is Window.QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    @property
    def days(self) -> int:
        """Return the number of calendar days in the period."""
        return (self.end - self.start).days

    @property
    def last_day(self) -> datetime.date:
        """Return the period's last calendar day."""
        return self.end - datetime.timedelta(days=1)

    @property
    def months(self) -> int:
        """Return how many calendar months the period spans (1 for a day or a week)."""
        return _MONTHS_IN.get(self.window, 1)

    def bounds(self, zone: ZoneInfo) -> tuple[datetime.datetime, datetime.datetime]:
        """Return the period's start and end as aware times: local midnights in *zone*."""
        midnight = datetime.time(0, 0)
        return (
            datetime.datetime.combine(self.start, midnight, tzinfo=zone),
            datetime.datetime.combine(self.end, midnight, tzinfo=zone),
        )


def period_unit(text: str) -> Window | None:
    """Return the unit a period is written in, or None when it is no period at all."""
    return next((window for window, form in _FORMS if form.match(text.strip())), None)


def parse_period(text: str, window: Window) -> Period:
    """Read *text* as a period of *window*; PeriodError says what to write instead."""
    written = text.strip()
    unit = period_unit(written)
    if unit is None:
        raise PeriodError(
            f"'{written}' is not a period; write {_EXAMPLES[window]} (the unit of the "
            "service's measurement window)"
        )
    period = _read(unit, written)
    if unit is not window:
        containing = period_of(window, period.start)
        raise PeriodError(
            f"'{written}' is a {unit.value}, but the service is measured per {window.value}; "
            f"write {_EXAMPLES[window].split(' such as ')[0]} such as {containing.label}"
        )
    return period


def period_of(window: Window, day: datetime.date) -> Period:
    """Return the period of *window* that contains *day*."""
    if window is Window.DAY:
        return Period(window, day, day + datetime.timedelta(days=1))
    if window is Window.WEEK:
        start = day - datetime.timedelta(days=day.weekday())
        return Period(window, start, start + datetime.timedelta(days=7))
    months = _MONTHS_IN[window]
    first_month = (day.month - 1) // months * months + 1
    start = datetime.date(day.year, first_month, 1)
    return Period(window, start, _add_months(start, months))


def _add_months(day: datetime.date, months: int) -> datetime.date:
    """Return the first day of the month *months* after *day*'s month (day is a 1st)."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _read(unit: Window, text: str) -> Period:
    """Read a period whose form matched *unit*; PeriodError for a date that does not exist."""
    form = dict(_FORMS)[unit]
    match = form.match(text)
    assert match is not None  # period_unit matched it
    numbers = [int(group) for group in match.groups()]
    try:
        if unit is Window.DAY:
            start = datetime.date(numbers[0], numbers[1], numbers[2])
        elif unit is Window.WEEK:
            start = datetime.date.fromisocalendar(numbers[0], numbers[1], 1)
        elif unit is Window.MONTH:
            start = datetime.date(numbers[0], numbers[1], 1)
        elif unit is Window.QUARTER:
            if not 1 <= numbers[1] <= 4:
                raise ValueError("a year has quarters Q1 to Q4")
            start = datetime.date(numbers[0], numbers[1] * 3 - 2, 1)
        else:
            start = datetime.date(numbers[0], 1, 1)
    except ValueError as error:
        raise PeriodError(f"'{text}' is not a real {unit.value}: {error}") from None
    return period_of(unit, start)
