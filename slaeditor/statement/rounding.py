"""Round a measured uptime the way the statement states it, never up into compliance.

The agreement states the rule in each service's availability terms: `uptime_decimals` is the
number of decimals the Monthly Uptime Percentage is stated with, truncated (rounded towards
zero). When it is empty the default rule applies (DEFAULT_ROUNDING): the percentage is
truncated to two decimals more than the most precise of the target and the credit thresholds.
For a 99.9 % target with thresholds 99.5, 99, 98 and 95 that is three decimals: 50 minutes
down in a 43,200-minute month is 99.88426 %, stated as 99.884 %.

Truncating to at least the decimals of every figure it is compared with keeps each
comparison exactly as the unrounded figure decides it for "below" thresholds and the
target: a figure truncated to d decimals is below a d-decimal threshold exactly when the
unrounded one is. The stated (rounded) figure is the one that decides met or missed and the
tier, so the statement never shows one figure and decides by another; an "at or below"
threshold is the one case where truncation can decide differently (97.0004 % is stated as
97.000 % and so falls "at or below 97 %"), in the customer's favour. An agreement that states
fewer decimals than its target has decides by the stated figure all the same (the
validation warns about it).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from slaeditor.model import Availability

__all__ = ["DEFAULT_ROUNDING", "UptimeRounding", "decimals_of", "rounding_for"]


def decimals_of(value: Decimal) -> int:
    """Return how many decimals a figure is written with, trailing zeros ignored (99.50 → 1)."""
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


@dataclass(frozen=True)
class UptimeRounding:
    """A rounding rule: a fixed number of decimals, or some beyond the compared figures."""

    extra_decimals: int
    rounding: str
    """A decimal module rounding mode, such as decimal.ROUND_DOWN (truncate)."""
    decimals_stated: int | None = None
    """The decimals the agreement states (uptime_decimals); None: extra_decimals applies."""

    def decimals(self, figures: Iterable[Decimal]) -> int:
        """Return the decimals an uptime is stated with, given the figures it is compared to."""
        if self.decimals_stated is not None:
            return self.decimals_stated
        return max((decimals_of(figure) for figure in figures), default=0) + self.extra_decimals

    def apply(self, uptime: Decimal, figures: Iterable[Decimal]) -> Decimal:
        """Return *uptime* rounded by this rule, with exactly the stated number of decimals."""
        quantum = Decimal(1).scaleb(-self.decimals(figures))
        return uptime.quantize(quantum, rounding=self.rounding)

    def describe(self) -> str:
        """Say the rule in words, for the statement and the OpenSLO annotations."""
        how = "truncated" if self.rounding == ROUND_DOWN else f"rounded ({self.rounding})"
        if self.decimals_stated is not None:
            places = "decimal" if self.decimals_stated == 1 else "decimals"
            return (
                f"The uptime percentage is {how} to {self.decimals_stated} {places}, as the "
                "agreement states, and that stated figure decides whether the target is met "
                "and which credit tier applies."
            )
        return (
            f"The uptime percentage is {how} to {self.extra_decimals} decimals more than the "
            "most precise of the target and the credit thresholds, and that stated figure "
            "decides whether the target is met and which credit tier applies."
        )


DEFAULT_ROUNDING = UptimeRounding(extra_decimals=2, rounding=ROUND_DOWN)
"""The rule a statement uses while the agreement states none: never round up into compliance."""


def rounding_for(availability: Availability) -> UptimeRounding:
    """Return the rule a service's availability terms state, or the default rule."""
    if availability.uptime_decimals is None:
        return DEFAULT_ROUNDING
    return UptimeRounding(
        extra_decimals=0, rounding=ROUND_DOWN, decimals_stated=availability.uptime_decimals
    )
