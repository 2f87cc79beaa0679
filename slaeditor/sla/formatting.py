"""Write durations, percentages, money and dates the way the reader's locale expects.

Contracts go to customers in many countries, so every figure the editor prints
goes through Babel (CLDR data). Babel is imported inside the functions so that
importing the arithmetic modules stays fast.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Literal

from slaeditor.sla._numbers import to_decimal

if TYPE_CHECKING:
    import datetime
    from collections.abc import Sequence

__all__ = [
    "format_date",
    "format_duration",
    "format_minutes",
    "format_money",
    "format_percent",
]

_TENTH = Decimal("0.1")

# Seconds in each unit of a compound duration, largest first.
_SECONDS_PER_UNIT: tuple[tuple[str, int], ...] = (
    ("duration-day", 86_400),
    ("duration-hour", 3_600),
    ("duration-minute", 60),
)

_UnitLength = Literal["narrow", "short", "long"]
_ListStyle = Literal["standard", "unit", "unit-short", "unit-narrow"]

# For each unit length: the CLDR unit width, then the list styles to join parts
# with, most specific first (the long width's list style is plain "unit").
# Babel's data for some locales (German, for one) defines only part of a list
# style and leaves the rest to CLDR's inheritance, which Babel does not apply
# per part; walking this chain part by part fills the gaps as CLDR's root does.
_LIST_STYLES: dict[str, tuple[_UnitLength, tuple[_ListStyle, ...]]] = {
    "narrow": ("narrow", ("unit-narrow", "unit-short", "unit", "standard")),
    "short": ("short", ("unit-short", "unit", "standard")),
    "long": ("long", ("unit", "unit-short", "standard")),
}


def format_duration(
    seconds: Decimal | int, locale: str = "en_GB", *, length: str = "narrow"
) -> str:
    """Write a number of seconds as days, hours, minutes and seconds.

    Contracts state downtime budgets this way ("43m 12s", "3d 15h 36m"). Seconds
    are rounded to one decimal, halves up, and keep that decimal only when it is
    not zero ("1m 26.4s", "0.9s"); zero parts are left out. *length* is
    "narrow", "short" or "long", the CLDR unit widths.
    """
    _check_length(length)
    total = to_decimal(seconds, "seconds")
    if total < 0:
        msg = f"A duration cannot be negative ({total} seconds)"
        raise ValueError(msg)
    rest = total.quantize(_TENTH, rounding=ROUND_HALF_UP)
    parts: list[tuple[Decimal | int, str]] = []
    for unit, size in _SECONDS_PER_UNIT:
        whole = int(rest // size)
        rest -= whole * size
        if whole:
            parts.append((whole, unit))
    if rest or not parts:
        parts.append((_without_zero_decimals(rest), "duration-second"))
    return _format_parts(parts, locale, length)


def format_minutes(minutes: int, locale: str = "en_GB", *, length: str = "long") -> str:
    """Write a response or resolution time in the largest units that are exact.

    15 gives "15 minutes", 240 "4 hours", 1440 "1 day" and 90 "1 hour, 30 minutes"
    (the separator is the locale's unit-list style). Days are used only for whole days:
    1,800 minutes is "30 hours", not "1 day, 6 hours", which a reader of a table counted in
    business hours would take for a calendar day and six hours.
    """
    _check_length(length)
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        msg = f"minutes must be a whole number, not {minutes!r}"
        raise TypeError(msg)
    if minutes < 0:
        msg = f"A time cannot be negative ({minutes} minutes)"
        raise ValueError(msg)
    parts: list[tuple[Decimal | int, str]] = []
    rest = minutes
    for unit, size in ((unit, size // 60) for unit, size in _SECONDS_PER_UNIT):
        if unit == "duration-day" and rest % size:
            continue  # not whole days: say it in hours
        whole, rest = divmod(rest, size)
        if whole:
            parts.append((whole, unit))
    return _format_parts(parts or [(0, "duration-minute")], locale, length)


def format_percent(value: Decimal, locale: str = "en_GB") -> str:
    """Write a percentage with exactly the significant decimals it was given.

    A target of 99.999 % must never print as 100 %, so the pattern gets one
    decimal place per significant decimal of *value* (trailing zeros dropped),
    built on the locale's own percent pattern so "99,9 %" keeps German spacing.
    """
    from babel import Locale
    from babel.numbers import format_percent as babel_format_percent

    number = to_decimal(value, "value")
    exponent = number.normalize().as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    locale_pattern = Locale.parse(locale).percent_formats[None].pattern
    pattern = _with_decimals(locale_pattern, decimals)
    return str(babel_format_percent(number.scaleb(-2), format=pattern, locale=locale))


def format_money(amount: Decimal, currency: str, locale: str = "en_GB") -> str:
    """Write an amount of money with the currency symbol placed as the locale does."""
    from babel.numbers import format_currency

    return str(format_currency(to_decimal(amount, "amount"), currency, locale=locale))


def format_date(value: datetime.date, locale: str = "en_GB") -> str:
    """Write a date in the locale's long form ("1 March 2027"), unambiguous in a contract."""
    from babel.dates import format_date as babel_format_date

    return str(babel_format_date(value, format="long", locale=locale))


def _check_length(length: str) -> None:
    """Refuse a unit length that CLDR does not define."""
    if length not in _LIST_STYLES:
        msg = f"length must be one of {', '.join(_LIST_STYLES)}, not {length!r}"
        raise ValueError(msg)


def _without_zero_decimals(value: Decimal) -> Decimal | int:
    """Return a whole number as an int, so plural rules see "1 second", not "1.0 seconds"."""
    return int(value) if value == value.to_integral_value() else value


def _format_parts(parts: Sequence[tuple[Decimal | int, str]], locale: str, length: str) -> str:
    """Format each (value, unit) with Babel and join them as a unit list."""
    from babel.units import format_unit

    width = _LIST_STYLES[length][0]
    texts = [str(format_unit(value, unit, length=width, locale=locale)) for value, unit in parts]
    return _join_units(texts, locale, length)


def _join_units(texts: Sequence[str], locale: str, length: str) -> str:
    """Join unit texts with the locale's list pattern for that unit length."""
    from babel import Locale
    from babel.lists import format_list

    styles = _LIST_STYLES[length][1]
    try:
        return str(format_list(list(texts), style=styles[0], locale=locale))
    except (KeyError, ValueError):
        pass  # Babel lacks part of the style for this locale; resolve it part by part.
    known = Locale.parse(locale).list_patterns
    patterns = {
        part: next(
            known[style][part] for style in styles if style in known and part in known[style]
        )
        for part in ("start", "middle", "end", "2")
    }
    if len(texts) < 2:
        return "".join(texts)
    if len(texts) == 2:
        return str(patterns["2"].format(*texts))
    joined = str(patterns["start"].format(texts[0], texts[1]))
    for text in texts[2:-1]:
        joined = str(patterns["middle"].format(joined, text))
    return str(patterns["end"].format(joined, texts[-1]))


def _with_decimals(pattern: str, decimals: int) -> str:
    """Return a CLDR number pattern changed to show exactly *decimals* decimal places."""
    positive = pattern.split(";", 1)[0]
    match = re.search(r"[#0,]*0(?:\.[#0]*)?", positive)
    if match is None:
        return positive
    integer_part = match.group(0).split(".", 1)[0]
    fraction = "." + "0" * decimals if decimals else ""
    return positive[: match.start()] + integer_part + fraction + positive[match.end() :]
