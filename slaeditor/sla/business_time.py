"""How long a promise in business time can take on the clock on the wall.

"8 hours in UK business hours" can be 8 hours, or most of a weekend longer; comparing two
severities' promises fairly means comparing the longest time each can take. A calendar is
given as its weekly working spans, in minutes from Monday 00:00.
"""

from __future__ import annotations

import bisect
import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["MINUTES_PER_WEEK", "longest_elapsed_minutes", "weekly_spans"]

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
