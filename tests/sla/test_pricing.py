"""Pro-rata pricing of scale-up and scale-down (DOMAIN.md §7)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slaeditor.sla import pro_rata_charge


def test_scale_up_halfway_through_the_period_costs_half() -> None:
    assert pro_rata_charge(Decimal("12.00"), 10, 15, 30) == Decimal("60.00")


def test_scale_down_gives_a_refund_of_the_same_size() -> None:
    assert pro_rata_charge(Decimal("12.00"), -10, 15, 30) == Decimal("-60.00")


def test_charge_is_rounded_to_cents_half_up() -> None:
    # 1.00 × 1 × 1/8 = 0.125
    assert pro_rata_charge(Decimal("1.00"), 1, 1, 8) == Decimal("0.13")
    assert pro_rata_charge(Decimal("1.00"), -1, 1, 8) == Decimal("-0.13")
    # 9.99 × 3 × 7/31 = 6.7674…
    assert pro_rata_charge(Decimal("9.99"), 3, 7, 31) == Decimal("6.77")


def test_fractional_quantities_such_as_bandwidth_are_priced() -> None:
    assert pro_rata_charge(Decimal("2.50"), Decimal("12.5"), 10, 30) == Decimal("10.42")


def test_a_refund_too_small_to_bill_is_zero_not_minus_zero() -> None:
    assert str(pro_rata_charge(Decimal("0.01"), -1, 1, 30)) == "0.00"
    assert str(pro_rata_charge(Decimal("5.00"), -3, 0, 30)) == "0.00"


@pytest.mark.parametrize(
    ("remaining", "period", "message"),
    [
        (31, 30, "at most the period"),
        (-1, 30, "cannot be negative"),
        (0, 0, "at least one day"),
        (0, -30, "at least one day"),
    ],
)
def test_impossible_periods_are_refused(remaining: int, period: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        pro_rata_charge(Decimal(10), 1, remaining, period)


prices = st.decimals(min_value=0, max_value=10_000, places=2)
deltas = st.integers(min_value=-1_000, max_value=1_000)
periods = st.integers(min_value=1, max_value=366)


@given(prices, deltas, periods)
def test_nothing_is_charged_when_no_days_remain(price: Decimal, delta: int, period: int) -> None:
    assert pro_rata_charge(price, delta, 0, period) == 0


@given(prices, deltas, periods)
def test_a_whole_period_costs_the_full_price(price: Decimal, delta: int, period: int) -> None:
    assert pro_rata_charge(price, delta, period, period) == price * delta


@given(prices, deltas, deltas, periods, st.data())
def test_charge_is_linear_in_the_quantity_change(
    price: Decimal, a: int, b: int, period: int, data: st.DataObject
) -> None:
    remaining = data.draw(st.integers(min_value=0, max_value=period))
    charge_a = pro_rata_charge(price, a, remaining, period)
    charge_b = pro_rata_charge(price, b, remaining, period)
    # Exactly antisymmetric, and additive up to the rounding of each part to cents.
    assert pro_rata_charge(price, -a, remaining, period) == -charge_a
    assert abs(pro_rata_charge(price, a + b, remaining, period) - charge_a - charge_b) <= Decimal(
        "0.01"
    )
    exact = price * a * remaining / period
    assert abs(charge_a - exact) <= Decimal("0.005")
