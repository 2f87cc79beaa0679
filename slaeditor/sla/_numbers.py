"""Turn caller input into exact decimals, so no binary float reaches a contract figure."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def to_decimal(value: Decimal | int, name: str) -> Decimal:
    """Return *value* as a finite Decimal, refusing floats and booleans.

    A float such as 99.9 is really 99.900000000000005684…; letting it in would
    make the exact arithmetic of this package silently inexact.
    """
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        msg = f"{name} must be a Decimal or an int, not {type(value).__name__}"
        raise TypeError(msg)
    result = Decimal(value)
    if not result.is_finite():
        msg = f"{name} must be a finite number, not {result}"
        raise ValueError(msg)
    return result


def check_percent(value: Decimal | int, name: str) -> Decimal:
    """Return *value* as a Decimal after checking it lies between 0 and 100."""
    result = to_decimal(value, name)
    if not Decimal(0) <= result <= HUNDRED:
        msg = f"{name} must be between 0 and 100 %, not {plain(result)} %"
        raise ValueError(msg)
    return result


def to_cents(amount: Decimal) -> Decimal:
    """Round a money amount to cents, halves away from zero, as invoices do."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def plain(value: Decimal) -> str:
    """Write a Decimal without exponent or trailing zeros, for messages people read."""
    text = format(value.normalize(), "f")
    return "0" if text in {"-0", "0"} else text
