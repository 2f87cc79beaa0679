"""Count minutes in sets of time spans, so that a minute is never counted twice.

Incidents overlap (two monitors report one outage; a maintenance runs into a fault), run over
the edges of a Measurement Period and are split by excluded time. Every span here is a pair
of whole minutes (start, end), end exclusive, counted from 1970-01-01 00:00 UTC; a list of
spans is kept sorted and disjoint by `union`, and the other functions take and return such
lists. Linear after one sort, so 100,000 incidents take milliseconds.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = ["Span", "cut", "length", "long_runs", "split_at", "subtract", "union"]

Span = tuple[int, int]
"""Whole minutes [start, end) since 1970-01-01 00:00 UTC."""


def union(spans: Iterable[Span]) -> list[Span]:
    """Merge overlapping and touching spans into sorted, disjoint runs; drop empty spans."""
    merged: list[Span] = []
    for start, end in sorted(span for span in spans if span[1] > span[0]):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def length(runs: Iterable[Span]) -> int:
    """Return the minutes a list of disjoint runs covers."""
    return sum(end - start for start, end in runs)


def cut(runs: Sequence[Span], start: int, end: int) -> list[Span]:
    """Return the parts of disjoint runs that fall within [start, end)."""
    return [
        (max(first, start), min(last, end)) for first, last in runs if first < end and last > start
    ]


def subtract(runs: Sequence[Span], removed: Sequence[Span]) -> list[Span]:
    """Return the parts of disjoint sorted runs outside the disjoint sorted `removed` runs."""
    result: list[Span] = []
    starts = [span[0] for span in removed]
    for start, end in runs:
        position = start
        index = max(bisect.bisect_right(starts, start) - 1, 0)
        while index < len(removed) and removed[index][0] < end:
            gap_start, gap_end = removed[index]
            if gap_end > position:
                if gap_start > position:
                    result.append((position, gap_start))
                position = max(position, gap_end)
            index += 1
        if position < end:
            result.append((position, end))
    return result


def long_runs(runs: Iterable[Span], minimum: int) -> list[Span]:
    """Keep the runs lasting at least *minimum* minutes (a Downtime Period's minimum)."""
    return [(start, end) for start, end in runs if end - start >= max(minimum, 1)]


def split_at(runs: Sequence[Span], boundaries: Sequence[int]) -> list[Span]:
    """Split runs at each of the sorted boundaries (e.g. the starts of calendar months)."""
    pieces: list[Span] = []
    for start, end in runs:
        position = start
        index = bisect.bisect_right(boundaries, start)
        while index < len(boundaries) and boundaries[index] < end:
            pieces.append((position, boundaries[index]))
            position = boundaries[index]
            index += 1
        pieces.append((position, end))
    return pieces
