"""Price mid-term quantity changes, so scale-up and scale-down clauses have exact figures.

Pro rata: unit price × Δquantity × remaining days / period days (DOMAIN.md §7).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from slaeditor.sla._numbers import plain, to_cents, to_decimal

if TYPE_CHECKING:
    from decimal import Decimal

__all__ = ["pro_rata_charge"]


def pro_rata_charge(
    unit_price: Decimal,
    quantity_delta: Decimal | int,
    remaining_days: int,
    period_days: int,
) -> Decimal:
    """Return the pro-rata charge for a quantity change part-way through a period.

    A negative delta (scale-down) gives a negative amount, the refund. The result
    is rounded to cents with halves away from zero, so a charge and the matching
    refund are the same size.
    """
    price = to_decimal(unit_price, "unit_price")
    delta = to_decimal(quantity_delta, "quantity_delta")
    remaining = to_decimal(remaining_days, "remaining_days")
    period = to_decimal(period_days, "period_days")
    if period <= 0:
        msg = f"The billing period must last at least one day, not {plain(period)}"
        raise ValueError(msg)
    if remaining < 0:
        msg = f"The remaining days cannot be negative ({plain(remaining)})"
        raise ValueError(msg)
    if remaining > period:
        msg = (
            f"{plain(remaining)} days cannot remain in a period of {plain(period)} days; "
            "the remaining days must be at most the period"
        )
        raise ValueError(msg)
    charge = to_cents(price * delta * remaining / period)
    return charge if charge else abs(charge)  # never "-0.00" on an invoice
