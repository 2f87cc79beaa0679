"""Business time between two moments: weekly hours on the local clock, holidays left out.

Every expected figure is worked out by hand in the test, from the calendar's hours.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from slaeditor.sla.business_time import (
    BusinessClock,
    business_minutes,
    business_time,
    weekly_spans,
)
from slaeditor.sla.public_holidays import is_public_holiday, region_problem

LONDON = ZoneInfo("Europe/London")
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
OFFICE = weekly_spans([(WEEKDAYS, "08:00", "18:00")])
UTC = datetime.UTC


def at(
    year: int, month: int, day: int, hour: int, minute: int, zone: datetime.tzinfo = LONDON
) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=zone)


def test_a_friday_evening_ticket_answered_on_monday_took_90_business_minutes() -> None:
    clock = BusinessClock(LONDON, OFFICE)
    # Friday 9 May 2025 17:30–18:00 is 30 minutes, Monday 12 May 08:00–09:00 is 60.
    assert business_minutes(at(2025, 5, 9, 17, 30), at(2025, 5, 12, 9, 0), clock) == 90


def test_time_outside_the_hours_and_at_weekends_is_not_counted() -> None:
    clock = BusinessClock(LONDON, OFFICE)
    assert business_minutes(at(2025, 5, 10, 9, 0), at(2025, 5, 11, 17, 0), clock) == 0  # Sat–Sun
    assert business_minutes(at(2025, 5, 12, 6, 0), at(2025, 5, 12, 8, 0), clock) == 0
    # Monday 07:00 to Tuesday 20:00: two whole days of ten hours.
    assert business_minutes(at(2025, 5, 12, 7, 0), at(2025, 5, 13, 20, 0), clock) == 1200


def test_the_hours_are_read_on_the_calendars_clock_across_the_march_change() -> None:
    clock = BusinessClock(LONDON, OFFICE)
    # The clocks went forward on Sunday 30 March 2025. Friday 28 March 17:00 GMT is 17:00
    # UTC; Monday 31 March 09:00 BST is 08:00 UTC. Friday 17:00–18:00 and Monday 08:00–09:00
    # local time: 120 minutes (read in UTC, Monday would count nothing: 60).
    logged = at(2025, 3, 28, 17, 0, zone=UTC)
    responded = at(2025, 3, 31, 8, 0, zone=UTC)
    assert business_minutes(logged, responded, clock) == 120


def test_a_working_day_on_which_the_clocks_change_is_its_real_length() -> None:
    every_hour = weekly_spans([(["sat", "sun"], "00:00", "24:00")])
    clock = BusinessClock(LONDON, every_hour)
    # Saturday 29 March 12:00 to Sunday 30 March 12:00: 12 hours on Saturday, and Sunday's
    # 00:00–12:00 lost an hour to the change (01:00 became 02:00): 11 hours. 1,380 minutes.
    assert business_minutes(at(2025, 3, 29, 12, 0), at(2025, 3, 30, 12, 0), clock) == 1380
    # In October the clocks go back: Sunday 26 October 00:00–12:00 lasts 13 hours.
    assert business_minutes(at(2025, 10, 26, 0, 0), at(2025, 10, 26, 12, 0), clock) == 780


def test_an_always_running_clock_counts_real_time_whatever_the_offsets() -> None:
    clock = BusinessClock(
        LONDON, OFFICE, always=True, holidays=frozenset({datetime.date(2025, 3, 30)})
    )
    # 24 hours of the wall clock over the March change are 23 real hours; holidays included.
    assert business_minutes(at(2025, 3, 29, 12, 0), at(2025, 3, 30, 12, 0), clock) == 1380
    start = at(2025, 5, 1, 12, 0)
    assert business_minutes(start, start.astimezone(ZoneInfo("Asia/Tokyo")), clock) == 0


def test_holiday_dates_stop_the_clock() -> None:
    bank_holiday = datetime.date(2025, 5, 5)
    clock = BusinessClock(LONDON, OFFICE, holidays=frozenset({bank_holiday}))
    # Friday 2 May 17:00 to Tuesday 6 May 09:00: 60 on Friday, nothing on the Monday holiday,
    # 60 on Tuesday. Without the holiday it would be 60 + 600 + 60 = 720.
    assert business_minutes(at(2025, 5, 2, 17, 0), at(2025, 5, 6, 9, 0), clock) == 120
    assert (
        business_minutes(at(2025, 5, 2, 17, 0), at(2025, 5, 6, 9, 0), BusinessClock(LONDON, OFFICE))
        == 720
    )


def test_a_part_of_a_minute_counts_as_a_whole_minute() -> None:
    clock = BusinessClock(LONDON, OFFICE)
    start = at(2025, 5, 12, 10, 0)
    end = at(2025, 5, 12, 10, 15)
    assert business_minutes(start, end, clock) == 15
    assert business_minutes(start, end + datetime.timedelta(seconds=1), clock) == 16
    assert business_time(start, end + datetime.timedelta(seconds=1), clock) == datetime.timedelta(
        minutes=15, seconds=1
    )


def test_overlapping_hours_on_one_day_count_once_and_a_day_may_end_at_midnight() -> None:
    spans = weekly_spans(
        [(["mon"], "08:00", "12:00"), (["mon"], "10:00", "14:00"), (["tue"], "20:00", "24:00")]
    )
    clock = BusinessClock(LONDON, spans)
    # Monday 08:00–14:00 is 360 minutes, not 480; Tuesday 20:00–24:00 is 240.
    assert business_minutes(at(2025, 5, 12, 0, 0), at(2025, 5, 14, 0, 0), clock) == 600


def test_an_end_before_the_start_is_no_time_and_a_time_without_zone_is_refused() -> None:
    clock = BusinessClock(LONDON, OFFICE)
    assert business_minutes(at(2025, 5, 12, 12, 0), at(2025, 5, 12, 9, 0), clock) == 0
    with pytest.raises(ValueError, match="has no time zone"):
        business_minutes(datetime.datetime(2025, 5, 12, 9, 0), at(2025, 5, 12, 12, 0), clock)


def test_public_holidays_come_from_the_holidays_package_with_substitute_days() -> None:
    assert is_public_holiday("GB-ENG", datetime.date(2025, 5, 5))  # Early May bank holiday
    assert not is_public_holiday("GB-ENG", datetime.date(2025, 5, 6))
    assert not is_public_holiday("GB-SCT", datetime.date(2025, 4, 21))  # no Easter Monday there
    # Christmas 2027 falls on a Saturday and Boxing Day on a Sunday: Monday 27 and Tuesday 28
    # December are the bank holidays in England.
    assert is_public_holiday("GB-ENG", datetime.date(2027, 12, 28))
    assert not is_public_holiday("GB-ENG", datetime.date(2027, 12, 29))


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("XX", "no public holidays are known for the country 'XX'"),
        ("GB-XYZ", "'XYZ' is not a subdivision of GB"),
        ("UK", "write GB"),
        ("England", "is not a region code"),
        ("IE-D", "write IE without '-D'"),
    ],
)
def test_an_unknown_region_is_explained(code: str, words: str) -> None:
    problem = region_problem(code)
    assert problem is not None
    assert words in problem


@pytest.mark.parametrize("code", ["GB-ENG", "GB-WLS", "DE-BY", "IE", "US-CA"])
def test_known_regions_are_accepted(code: str) -> None:
    assert region_problem(code) is None
