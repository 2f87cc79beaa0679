"""Business time: how much of it passes between two moments, and how long a promise can take.

"8 hours in UK business hours" can be 8 hours, or most of a weekend longer; comparing two
severities' promises fairly means comparing the longest time each can take. A calendar is
given as its weekly working spans, in minutes from Monday 00:00.

`business_time` measures what a ticket took: the time between two instants that falls inside
the calendar's working hours, read on the wall clock of its time zone (so 08:00–18:00 is ten
hours on the days the clocks change, and a span over the change itself is its real length),
leaving out its holidays. A calendar that is always on (24×7, holidays included) counts the
real elapsed time. `business_minutes` states it in whole minutes, a part of a minute counted
as a whole one, so "within 60 minutes" is met by it exactly when the exact time meets it.
"""

from __future__ import annotations

import bisect
import datetime
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Container, Sequence

__all__ = [
    "MINUTES_PER_WEEK",
    "BusinessClock",
    "business_minutes",
    "business_time",
    "longest_elapsed_minutes",
    "weekly_spans",
]

MINUTES_PER_WEEK = 7 * 24 * 60
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def weekly_spans(hours: Sequence[tuple[Sequence[str], str, str]]) -> tuple[tuple[int, int], ...]:
    """Turn (days, "HH:MM", "HH:MM") rows into working spans of one week, in minutes."""
    spans = []
    for days, start, end in hours:
        begin, finish = _minutes(start), _minutes(end)
        if finish <= begin:
            continue
        for day in days:
            offset = _DAYS.index(str(day)) * 24 * 60
            spans.append((offset + begin, offset + finish))
    return tuple(sorted(spans))


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


@functools.lru_cache(maxsize=256)
def longest_elapsed_minutes(working: int, spans: tuple[tuple[int, int], ...]) -> int | None:
    """Return the longest wall-clock time `working` minutes of business time can take.

    `spans` are the week's working spans (empty: the clock always runs, so the answer is
    `working`); None when the spans hold no working time at all. Holidays are not counted:
    the answer is for a week without them.
    """
    if not spans:
        return working
    flags = bytearray(MINUTES_PER_WEEK)
    for start, end in spans:
        flags[start:end] = b"\x01" * (end - start)
    weekly = sum(flags)
    if weekly == 0:
        return None
    if working <= 0:
        return 0
    weeks, rest = divmod(working - 1, weekly)  # rest + 1 minutes are left after whole weeks
    rest += 1
    total = [0]
    for flag in flags * 4:
        total.append(total[-1] + flag)
    longest = max(
        bisect.bisect_left(total, total[start] + rest) - start
        for start in range(MINUTES_PER_WEEK, 2 * MINUTES_PER_WEEK)
    )
    return weeks * MINUTES_PER_WEEK + longest


_MINUTES_PER_DAY = 24 * 60
_MINUTE = datetime.timedelta(minutes=1)
_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class BusinessClock:
    """When a service-level clock runs: always, or within weekly hours outside holidays."""

    zone: datetime.tzinfo
    """The time zone whose wall clock the working hours are read on."""
    spans: tuple[tuple[int, int], ...] = ()
    """The week's working spans (weekly_spans); ignored when the clock always runs."""
    always: bool = False
    holidays: Container[datetime.date] = frozenset()
    """The dates (in the calendar's zone) on which the clock does not run (hashable)."""

    def day_spans(self, weekday: int) -> tuple[tuple[int, int], ...]:
        """Return one weekday's working spans in minutes from its midnight, overlaps merged."""
        return _by_weekday(self.spans)[weekday]


def business_time(
    start: datetime.datetime, end: datetime.datetime, clock: BusinessClock
) -> datetime.timedelta:
    """Return the business time from *start* to *end* (zero when end is not after start).

    Both must be aware datetimes; ValueError otherwise.
    """
    for moment in (start, end):
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(f"{moment.isoformat()} has no time zone; give its offset")
    begin, finish = start.astimezone(datetime.UTC), end.astimezone(datetime.UTC)
    if finish <= begin:
        return datetime.timedelta(0)
    if clock.always:
        return finish - begin
    total = datetime.timedelta(0)
    day = begin.astimezone(clock.zone).date()
    last = finish.astimezone(clock.zone).date()
    while day <= last:
        if day not in clock.holidays:
            for first, stop in clock.day_spans(day.weekday()):
                low = max(begin, _instant(day, first, clock.zone))
                high = min(finish, _instant(day, stop, clock.zone))
                if high > low:
                    total += high - low
        day += _DAY
    return total


def business_minutes(start: datetime.datetime, end: datetime.datetime, clock: BusinessClock) -> int:
    """Return the business time from *start* to *end* in whole minutes, rounded up."""
    return -(-business_time(start, end, clock) // _MINUTE)


def _instant(day: datetime.date, minute: int, zone: datetime.tzinfo) -> datetime.datetime:
    """Return the instant at *minute* past local midnight of *day* (1,440 is the next midnight).

    A wall-clock time the clocks skip is read with the offset before the change, which puts
    it just after the gap; one they pass twice is its first occurrence.
    """
    if minute >= _MINUTES_PER_DAY:
        day, minute = day + _DAY, minute - _MINUTES_PER_DAY
    local = datetime.datetime.combine(day, datetime.time(minute // 60, minute % 60), zone)
    return local.astimezone(datetime.UTC)


@functools.lru_cache(maxsize=256)
def _by_weekday(spans: tuple[tuple[int, int], ...]) -> tuple[tuple[tuple[int, int], ...], ...]:
    """Split weekly spans into each weekday's, in minutes from its midnight, overlaps merged."""
    days: list[list[tuple[int, int]]] = [[] for _ in range(7)]
    for start, end in sorted(spans):
        weekday = start // _MINUTES_PER_DAY
        first, stop = start - weekday * _MINUTES_PER_DAY, end - weekday * _MINUTES_PER_DAY
        merged = days[weekday % 7]
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], stop))
        else:
            merged.append((first, stop))
    return tuple(tuple(day) for day in days)
