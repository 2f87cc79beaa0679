"""Which calendar a support clock runs on, and that calendar as a business clock.

A Severity Level's Response and Resolution Times run in its own calendar when it names one,
otherwise in the default support calendar of the service's terms (which a service or customer
group may override), otherwise in the corporate one, as the contract's severity matrix prints
it. The clock stops outside the calendar's hours, on its holiday dates and on the public
holidays of the region it names (public_holidays); a 24×7 calendar runs through holidays.
Without any calendar the clock runs around the clock on the agreement's time.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from slaeditor.sla.business_time import BusinessClock, weekly_spans
from slaeditor.sla.public_holidays import is_public_holiday

if TYPE_CHECKING:
    from slaeditor.model import Agreement, Calendar, ServiceTerms, Severity

__all__ = ["CalendarHolidays", "calendar_clock", "severity_calendar"]


@dataclass(frozen=True)
class CalendarHolidays:
    """A calendar's days off: its own dates and its region's public holidays."""

    dates: frozenset[datetime.date]
    region: str = ""

    def __contains__(self, day: object) -> bool:
        if day in self.dates:
            return True
        if not self.region or not isinstance(day, datetime.date):
            return False
        return is_public_holiday(self.region, day)


def severity_calendar(
    agreement: Agreement, terms: ServiceTerms, severity: Severity
) -> Calendar | None:
    """Return the calendar a severity's clock runs on, or None when there is none."""
    wanted = severity.calendar or terms.support.calendar or agreement.terms.support.calendar
    return next((c for c in agreement.calendars if c.id == wanted), None)


def calendar_clock(calendar: Calendar | None, fallback: ZoneInfo) -> BusinessClock:
    """Return the business clock of *calendar*; always running in *fallback* without one."""
    if calendar is None:
        return BusinessClock(fallback, always=True)
    zone = ZoneInfo(calendar.time_zone)
    if calendar.always:
        return BusinessClock(zone, always=True)
    rows = [([day.value for day in hours.days], hours.start, hours.end) for hours in calendar.hours]
    holidays = CalendarHolidays(
        frozenset(holiday.date for holiday in calendar.holidays), calendar.public_holidays
    )
    return BusinessClock(zone, weekly_spans(rows), holidays=holidays)
