"""Availability arithmetic checked against DOMAIN.md §3 and by property tests."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slaeditor.sla import (
    MonthConvention,
    Window,
    allowed_downtime_seconds,
    downtime_budget,
    max_whole_downtime_minutes,
    meets_target,
    period_minutes,
    uptime_percent,
)

# DOMAIN.md §3, "Allowed downtime", copied cell for cell.
DOMAIN_TABLE = """
| 99 % | 14m 24s | 1h 40m 48s | 7h 12m | 7h 18m 18s | 21h 54m 54s | 3d 15h 36m |
| 99.5 % | 7m 12s | 50m 24s | 3h 36m | 3h 39m 9s | 10h 57m 27s | 1d 19h 48m |
| 99.9 % | 1m 26.4s | 10m 4.8s | 43m 12s | 43m 49.8s | 2h 11m 29s | 8h 45m 36s |
| 99.95 % | 43.2s | 5m 2.4s | 21m 36s | 21m 54.9s | 1h 5m 45s | 4h 22m 48s |
| 99.99 % | 8.6s | 1m 0.5s | 4m 19.2s | 4m 23s | 13m 9s | 52m 33.6s |
| 99.999 % | 0.9s | 6.0s | 25.9s | 26.3s | 1m 18.9s | 5m 15.4s |
"""

COLUMNS = [
    ("day", Window.DAY, MonthConvention.CALENDAR),
    ("week", Window.WEEK, MonthConvention.CALENDAR),
    ("month 30 d", Window.MONTH, MonthConvention.THIRTY_DAY),
    ("month 30.4375 d", Window.MONTH, MonthConvention.AVERAGE),
    ("quarter", Window.QUARTER, MonthConvention.CALENDAR),
    ("year 365 d", Window.YEAR, MonthConvention.CALENDAR),
]

UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}


def table_cells() -> list[tuple[Decimal, str, Window, MonthConvention, str]]:
    cells = []
    for line in DOMAIN_TABLE.strip().splitlines():
        target, *texts = (cell.strip() for cell in line.strip("|").split("|"))
        for (column, window, convention), text in zip(COLUMNS, texts, strict=True):
            cells.append((Decimal(target.rstrip(" %")), column, window, convention, text))
    return cells


CELLS = table_cells()


def parse_table_duration(text: str) -> Decimal:
    """Turn "1h 40m 48s" into seconds, keeping the seconds' displayed decimals."""
    total = Decimal(0)
    for number, unit in re.findall(r"([\d.]+)([dhms])", text):
        total += Decimal(number) * UNIT_SECONDS[unit]
    return total


def test_the_table_has_every_target_and_window() -> None:
    assert len(CELLS) == 36


@pytest.mark.parametrize(
    ("target", "column", "window", "convention", "text"),
    CELLS,
    ids=[f"{target}%-{column}" for target, column, *_ in CELLS],
)
def test_allowed_downtime_matches_the_domain_table(
    target: Decimal, column: str, window: Window, convention: MonthConvention, text: str
) -> None:
    expected = parse_table_duration(text)
    exact = allowed_downtime_seconds(target, window, convention)
    # The table shows whole seconds or one decimal; round ours the same way.
    shown_decimals = expected.as_tuple().exponent
    assert isinstance(shown_decimals, int)
    assert exact.quantize(Decimal(1).scaleb(shown_decimals), rounding=ROUND_HALF_UP) == expected


def test_allowed_downtime_is_exact_not_rounded() -> None:
    assert allowed_downtime_seconds(Decimal("99.9"), Window.QUARTER) == Decimal("7889.4")
    assert allowed_downtime_seconds(Decimal("99.999"), Window.WEEK) == Decimal("6.048")
    assert allowed_downtime_seconds(
        Decimal("99.99"), Window.MONTH, MonthConvention.AVERAGE
    ) == Decimal("262.98")


@pytest.mark.parametrize(
    ("window", "convention", "minutes"),
    [
        (Window.DAY, MonthConvention.CALENDAR, 1440),
        (Window.WEEK, MonthConvention.CALENDAR, 10080),
        (Window.MONTH, MonthConvention.THIRTY_DAY, 43200),
        (Window.MONTH, MonthConvention.AVERAGE, 43830),
        (Window.QUARTER, MonthConvention.CALENDAR, 131490),
        (Window.QUARTER, MonthConvention.AVERAGE, 131490),
        (Window.YEAR, MonthConvention.THIRTY_DAY, 525600),
    ],
)
def test_fixed_windows_have_fixed_lengths(
    window: Window, convention: MonthConvention, minutes: int
) -> None:
    assert period_minutes(window, convention) == minutes


@pytest.mark.parametrize(("days", "minutes"), [(28, 40320), (29, 41760), (30, 43200), (31, 44640)])
def test_calendar_month_length_follows_its_days(days: int, minutes: int) -> None:
    assert period_minutes(Window.MONTH, MonthConvention.CALENDAR, month_days=days) == minutes


@pytest.mark.parametrize(("days", "minutes"), [(28, "40.32"), (30, "43.2"), (31, "44.64")])
def test_calendar_month_budget_at_three_nines_depends_on_the_month(days: int, minutes: str) -> None:
    seconds = allowed_downtime_seconds(
        Decimal("99.9"), Window.MONTH, MonthConvention.CALENDAR, month_days=days
    )
    assert seconds / 60 == Decimal(minutes)


def test_calendar_month_without_its_length_is_refused_with_a_message() -> None:
    with pytest.raises(ValueError, match=r"calendar month has no fixed length.*month_days"):
        allowed_downtime_seconds(Decimal("99.9"), Window.MONTH)
    with pytest.raises(ValueError, match="month_days"):
        period_minutes(Window.MONTH)


@pytest.mark.parametrize("days", [0, 27, 32])
def test_impossible_month_lengths_are_refused(days: int) -> None:
    with pytest.raises(ValueError, match="28 to 31 days"):
        period_minutes(Window.MONTH, month_days=days)


def test_month_days_is_ignored_outside_a_calendar_month() -> None:
    assert period_minutes(Window.MONTH, MonthConvention.THIRTY_DAY, month_days=31) == 43200
    assert period_minutes(Window.DAY, month_days=28) == 1440


def test_calendar_month_budget_spans_28_to_31_days_with_30_as_illustration() -> None:
    budget = downtime_budget(Decimal("99.9"), Window.MONTH)
    assert budget.seconds == Decimal("2592.0")
    assert budget.min_seconds == Decimal("2419.2")
    assert budget.max_seconds == Decimal("2678.4")
    assert budget.convention is MonthConvention.CALENDAR


def test_fixed_budget_has_no_range() -> None:
    budget = downtime_budget(Decimal("99.9"), Window.MONTH, MonthConvention.AVERAGE)
    assert budget.seconds == budget.min_seconds == budget.max_seconds == Decimal("2629.8")


def test_four_whole_minutes_meet_four_nines_in_a_30_day_month_and_five_breach() -> None:
    assert meets_target(Decimal("99.99"), 43200, 4)
    assert not meets_target(Decimal("99.99"), 43200, 5)
    assert max_whole_downtime_minutes(Decimal("99.99"), 43200) == 4


def test_uptime_follows_the_contract_formula_with_exclusions() -> None:
    assert uptime_percent(43200, 432) == Decimal(99)
    # Maintenance time is neither uptime nor downtime: 43,200 − 240 measured.
    assert uptime_percent(43200, Decimal("42.96"), 240) == Decimal("99.9")
    assert meets_target(Decimal("99.9"), 43200, Decimal("42.96"), 240)


def test_uptime_target_of_100_allows_no_downtime() -> None:
    assert allowed_downtime_seconds(Decimal(100), Window.YEAR) == 0
    assert max_whole_downtime_minutes(Decimal(100), 43200) == 0
    assert not meets_target(Decimal(100), 43200, Decimal("0.001"))


@pytest.mark.parametrize(
    ("period", "downtime", "excluded", "message"),
    [
        (43200, -1, 0, "cannot be negative"),
        (43200, 0, -1, "cannot be negative"),
        (-1, 0, 0, "cannot be negative"),
        (43200, 43201, 0, "more than the 43200 minutes measured"),
        (43200, 100, 43150, "more than the 50 minutes measured"),
        (43200, 0, 43200, "leaves no time to measure"),
    ],
)
def test_inconsistent_measurements_are_refused_with_a_message(
    period: int, downtime: int, excluded: int, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        uptime_percent(period, downtime, excluded)


@pytest.mark.parametrize("target", [Decimal("-0.1"), Decimal("100.01")])
def test_targets_outside_0_to_100_are_refused(target: Decimal) -> None:
    with pytest.raises(ValueError, match="between 0 and 100"):
        allowed_downtime_seconds(target, Window.DAY)


def test_floats_are_refused_because_they_are_inexact() -> None:
    with pytest.raises(TypeError, match="Decimal or an int"):
        allowed_downtime_seconds(99.9, Window.DAY)  # type: ignore[arg-type]


# --- properties -------------------------------------------------------------

targets = st.decimals(min_value=0, max_value=100, places=4)
windows = st.sampled_from(
    [
        (Window.DAY, MonthConvention.CALENDAR, None),
        (Window.WEEK, MonthConvention.CALENDAR, None),
        (Window.MONTH, MonthConvention.CALENDAR, 28),
        (Window.MONTH, MonthConvention.CALENDAR, 31),
        (Window.MONTH, MonthConvention.THIRTY_DAY, None),
        (Window.MONTH, MonthConvention.AVERAGE, None),
        (Window.QUARTER, MonthConvention.CALENDAR, None),
        (Window.YEAR, MonthConvention.CALENDAR, None),
    ]
)


@given(targets, targets, windows)
def test_a_higher_target_never_allows_more_downtime(
    a: Decimal, b: Decimal, window: tuple[Window, MonthConvention, int | None]
) -> None:
    low, high = sorted((a, b))
    win, convention, days = window
    loose = allowed_downtime_seconds(low, win, convention, month_days=days)
    strict = allowed_downtime_seconds(high, win, convention, month_days=days)
    assert strict <= loose
    if high > low:
        assert strict < loose


@given(targets)
def test_calendar_month_budget_brackets_the_30_day_illustration(target: Decimal) -> None:
    budget = downtime_budget(target, Window.MONTH, MonthConvention.CALENDAR)
    assert budget.min_seconds <= budget.seconds <= budget.max_seconds


@given(targets, windows)
def test_uptime_of_exactly_the_allowed_downtime_is_the_target(
    target: Decimal, window: tuple[Window, MonthConvention, int | None]
) -> None:
    win, convention, days = window
    period = period_minutes(win, convention, month_days=days)
    downtime = allowed_downtime_seconds(target, win, convention, month_days=days) / 60
    assert uptime_percent(period, downtime) == target
    assert meets_target(target, period, downtime)


@given(targets, windows)
def test_whole_minute_budget_is_the_largest_that_still_meets_the_target(
    target: Decimal, window: tuple[Window, MonthConvention, int | None]
) -> None:
    win, convention, days = window
    period = period_minutes(win, convention, month_days=days)
    minutes = max_whole_downtime_minutes(target, period)
    assert meets_target(target, period, minutes)
    if minutes + 1 <= period:
        assert not meets_target(target, period, minutes + 1)
