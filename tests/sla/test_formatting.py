"""Locale-aware formatting of durations, percentages, money and dates."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from slaeditor.sla import (
    MonthConvention,
    Window,
    allowed_downtime_seconds,
    format_date,
    format_duration,
    format_minutes,
    format_money,
    format_percent,
)

NBSP = "\u00a0"

TARGETS = ["99", "99.5", "99.9", "99.95", "99.99", "99.999"]
COLUMNS = [
    (Window.DAY, MonthConvention.CALENDAR),
    (Window.WEEK, MonthConvention.CALENDAR),
    (Window.MONTH, MonthConvention.THIRTY_DAY),
    (Window.MONTH, MonthConvention.AVERAGE),
    (Window.QUARTER, MonthConvention.CALENDAR),
    (Window.YEAR, MonthConvention.CALENDAR),
]
# DOMAIN.md §3, rows in TARGETS order, columns in COLUMNS order.
DOMAIN_TABLE = [
    ["14m 24s", "1h 40m 48s", "7h 12m", "7h 18m 18s", "21h 54m 54s", "3d 15h 36m"],
    ["7m 12s", "50m 24s", "3h 36m", "3h 39m 9s", "10h 57m 27s", "1d 19h 48m"],
    ["1m 26.4s", "10m 4.8s", "43m 12s", "43m 49.8s", "2h 11m 29s", "8h 45m 36s"],
    ["43.2s", "5m 2.4s", "21m 36s", "21m 54.9s", "1h 5m 45s", "4h 22m 48s"],
    ["8.6s", "1m 0.5s", "4m 19.2s", "4m 23s", "13m 9s", "52m 33.6s"],
    ["0.9s", "6.0s", "25.9s", "26.3s", "1m 18.9s", "5m 15.4s"],
]

# The cells where the table is not at one-decimal precision, with what
# format_duration prints instead: three quarter cells are rounded to whole
# seconds in the table, and "6.0s" keeps a zero decimal that we drop.
NOT_AT_ONE_DECIMAL = {
    ("99.9", Window.QUARTER): "2h 11m 29.4s",
    ("99.95", Window.QUARTER): "1h 5m 44.7s",
    ("99.99", Window.QUARTER): "13m 8.9s",
    ("99.999", Window.WEEK): "6s",
}

CELLS = [
    (target, window, convention, DOMAIN_TABLE[row][column])
    for row, target in enumerate(TARGETS)
    for column, (window, convention) in enumerate(COLUMNS)
]
EXACT_CELLS = [cell for cell in CELLS if (cell[0], cell[1]) not in NOT_AT_ONE_DECIMAL]


def cell_id(target: str, window: Window, convention: MonthConvention) -> str:
    return f"{target}%-{window}-{convention}"


def test_32_of_the_36_table_cells_are_compared_exactly() -> None:
    assert len(EXACT_CELLS) == 32


@pytest.mark.parametrize(
    ("target", "window", "convention", "text"),
    EXACT_CELLS,
    ids=[cell_id(*cell[:3]) for cell in EXACT_CELLS],
)
def test_durations_print_as_in_the_domain_table(
    target: str, window: Window, convention: MonthConvention, text: str
) -> None:
    seconds = allowed_downtime_seconds(Decimal(target), window, convention)
    assert format_duration(seconds) == text


@pytest.mark.parametrize(("target", "window"), list(NOT_AT_ONE_DECIMAL))
def test_durations_keep_one_decimal_where_the_table_rounds_further(
    target: str, window: Window
) -> None:
    seconds = allowed_downtime_seconds(Decimal(target), window)
    assert format_duration(seconds) == NOT_AT_ONE_DECIMAL[(target, window)]


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0s"),
        (Decimal("0.04"), "0s"),
        (Decimal("0.05"), "0.1s"),
        (1, "1s"),
        (60, "1m"),
        (Decimal("59.96"), "1m"),
        (Decimal("3599.95"), "1h"),
        (86400, "1d"),
        (90061, "1d 1h 1m 1s"),
    ],
)
def test_durations_round_seconds_to_one_decimal_and_carry(seconds: Decimal, text: str) -> None:
    assert format_duration(seconds) == text


def test_durations_in_words_in_english() -> None:
    assert format_duration(2592, length="long") == "43 minutes, 12 seconds"
    assert format_duration(1, length="long") == "1 second"
    assert format_duration(0, length="long") == "0 seconds"
    assert format_duration(Decimal("86.4"), length="short") == "1 min, 26.4 secs"


def test_durations_in_german() -> None:
    assert format_duration(Decimal("86.4"), "de_DE") == "1 Min., 26,4 Sek."
    assert format_duration(2592, "de_DE", length="long") == "43 Minuten, 12 Sekunden"
    # CLDR's German unit lists join two parts with a comma but the last of three with "und".
    assert format_duration(315360, "de_DE", length="long") == "3 Tage, 15 Stunden und 36 Minuten"
    assert format_duration(0, "de_DE") == "0 Sek."


def test_unknown_duration_length_is_refused() -> None:
    with pytest.raises(ValueError, match="narrow, short, long"):
        format_duration(1, length="wide")


def test_negative_duration_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot be negative"):
        format_duration(-1)


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (15, "15 minutes"),
        (240, "4 hours"),
        (720, "12 hours"),
        (90, "1 hour, 30 minutes"),
        (1440, "1 day"),
        (1501, "25 hours, 1 minute"),
        (1800, "30 hours"),
        (2880, "2 days"),
        (0, "0 minutes"),
    ],
)
def test_response_times_use_the_largest_exact_units(minutes: int, text: str) -> None:
    assert format_minutes(minutes) == text


def test_response_times_in_german() -> None:
    assert format_minutes(90, "de_DE") == "1 Stunde, 30 Minuten"
    assert format_minutes(240, "de_DE") == "4 Stunden"
    assert format_minutes(15, "de_DE", length="short") == "15 Min."


def test_response_time_in_fractional_minutes_is_refused() -> None:
    with pytest.raises(TypeError, match="whole number"):
        format_minutes(Decimal("1.5"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "en", "de"),
    [
        ("99.9", "99.9%", f"99,9{NBSP}%"),
        ("99.999", "99.999%", f"99,999{NBSP}%"),
        ("99.90", "99.9%", f"99,9{NBSP}%"),
        ("100", "100%", f"100{NBSP}%"),
        ("1E+2", "100%", f"100{NBSP}%"),
        ("0.05", "0.05%", f"0,05{NBSP}%"),
        ("99.99999", "99.99999%", f"99,99999{NBSP}%"),
    ],
)
def test_percentages_keep_their_significant_decimals(value: str, en: str, de: str) -> None:
    assert format_percent(Decimal(value), "en_GB") == en
    assert format_percent(Decimal(value), "de_DE") == de


def test_money_uses_the_locale_currency_layout() -> None:
    assert format_money(Decimal("1234.5"), "EUR", "en_GB") == "€1,234.50"
    assert format_money(Decimal("1234.5"), "EUR", "de_DE") == f"1.234,50{NBSP}€"
    assert format_money(Decimal("-60"), "GBP") == "-£60.00"


def test_dates_use_the_long_form() -> None:
    assert format_date(datetime.date(2027, 3, 1)) == "1 March 2027"
    assert format_date(datetime.date(2027, 3, 1), "de_DE") == "1. März 2027"
