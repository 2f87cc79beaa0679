"""Measurement Periods as people write them, and minute spans counted once."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from slaeditor.sla import Window
from slaeditor.statement.intervals import cut, length, long_runs, split_at, subtract, union
from slaeditor.statement.periods import PeriodError, parse_period
from slaeditor.statement.zones import AmbiguousTimeError, localize, to_minute

D = datetime.date


@pytest.mark.parametrize(
    ("text", "window", "start", "end", "label"),
    [
        ("2025-05", Window.MONTH, D(2025, 5, 1), D(2025, 6, 1), "2025-05"),
        ("2024-02", Window.MONTH, D(2024, 2, 1), D(2024, 3, 1), "2024-02"),
        ("2025-12", Window.MONTH, D(2025, 12, 1), D(2026, 1, 1), "2025-12"),
        ("2025-Q2", Window.QUARTER, D(2025, 4, 1), D(2025, 7, 1), "2025-Q2"),
        ("2025-q4", Window.QUARTER, D(2025, 10, 1), D(2026, 1, 1), "2025-Q4"),
        ("2025", Window.YEAR, D(2025, 1, 1), D(2026, 1, 1), "2025"),
        ("2025-W21", Window.WEEK, D(2025, 5, 19), D(2025, 5, 26), "2025-W21"),
        ("2025-05-14", Window.DAY, D(2025, 5, 14), D(2025, 5, 15), "2025-05-14"),
    ],
)
def test_each_window_reads_its_own_form(
    text: str, window: Window, start: D, end: D, label: str
) -> None:
    period = parse_period(text, window)
    assert (period.start, period.end, period.label) == (start, end, label)


def test_quarter_and_month_lengths() -> None:
    assert parse_period("2025-Q2", Window.QUARTER).days == 91
    assert parse_period("2025-Q1", Window.QUARTER).days == 90
    assert parse_period("2025-02", Window.MONTH).days == 28
    assert parse_period("2024-02", Window.MONTH).days == 29
    assert parse_period("2025-Q2", Window.QUARTER).months == 3


def test_a_period_in_another_unit_names_the_services_unit_and_the_containing_period() -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period("2025-05", Window.QUARTER)
    message = str(caught.value)
    assert "is a month" in message
    assert "measured per quarter" in message
    assert "2025-Q2" in message
    with pytest.raises(PeriodError, match=r"measured per month.*2025-04"):
        parse_period("2025-Q2", Window.MONTH)


@pytest.mark.parametrize("text", ["2025-13", "2025-Q5", "May 2025", "2025-W54", "2025-02-30", ""])
def test_a_period_that_is_no_period_is_refused(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text, Window.MONTH)


def test_period_bounds_are_local_midnights() -> None:
    london = ZoneInfo("Europe/London")
    start, end = parse_period("2025-05", Window.MONTH).bounds(london)
    assert start.astimezone(datetime.UTC) == datetime.datetime(2025, 4, 30, 23, tzinfo=datetime.UTC)
    assert end.astimezone(datetime.UTC) == datetime.datetime(2025, 5, 31, 23, tzinfo=datetime.UTC)


def test_union_counts_overlapping_and_touching_spans_once() -> None:
    assert union([(10, 20), (15, 30), (30, 35), (50, 60), (5, 5)]) == [(10, 35), (50, 60)]
    assert length(union([(0, 50), (20, 40)])) == 50


def test_subtract_cut_and_split() -> None:
    runs = [(0, 100), (200, 300)]
    assert subtract(runs, [(10, 20), (90, 210), (250, 260)]) == [
        (0, 10),
        (20, 90),
        (210, 250),
        (260, 300),
    ]
    assert subtract(runs, []) == runs
    assert cut(runs, 50, 250) == [(50, 100), (200, 250)]
    assert split_at([(0, 100)], [30, 60, 200]) == [(0, 30), (30, 60), (60, 100)]


def test_long_runs_keep_only_runs_of_the_minimum_length() -> None:
    assert long_runs([(0, 4), (10, 15), (20, 26)], 5) == [(10, 15), (20, 26)]
    assert long_runs([(0, 1)], 0) == [(0, 1)]


def test_whole_minutes_drop_the_seconds() -> None:
    utc = datetime.UTC
    start = to_minute(datetime.datetime(2025, 5, 1, 10, 0, 59, tzinfo=utc))
    assert start == to_minute(datetime.datetime(2025, 5, 1, 10, 0, tzinfo=utc))
    assert to_minute(datetime.datetime(1970, 1, 1, 1, 0, tzinfo=utc)) == 60


def test_a_local_time_the_clocks_skip_or_repeat_needs_an_offset() -> None:
    london = ZoneInfo("Europe/London")
    with pytest.raises(AmbiguousTimeError, match="does not exist"):
        localize(datetime.datetime(2025, 3, 30, 1, 30), london)
    with pytest.raises(AmbiguousTimeError, match="happens twice"):
        localize(datetime.datetime(2025, 10, 26, 1, 30), london)
    summer = localize(datetime.datetime(2025, 5, 1, 12, 0), london)
    assert summer.utcoffset() == datetime.timedelta(hours=1)
