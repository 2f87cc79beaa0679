"""Round a measured uptime the way the statement states it, never up into compliance.

The agreement model and the standard pack state no rounding rule for the Monthly Uptime
Percentage, so a statement uses this default, kept in one constant (DEFAULT_ROUNDING) that a
rule stated in the agreement can replace: the percentage is truncated (rounded towards zero)
to two decimals more than the most precise of the target and the credit thresholds. For a
99.9 % target with thresholds 99.5, 99, 98 and 95 that is three decimals: 50 minutes down
in a 43,200-minute month is 99.88426 %, stated as 99.884 %.

Truncating to at least the decimals of every figure it is compared with keeps each
comparison exactly as the unrounded figure decides it for "below" thresholds and the
target: a figure truncated to d decimals is below a d-decimal threshold exactly when the
unrounded one is. The stated (rounded) figure is the one that decides met or missed and the
tier, so the statement never shows one figure and decides by another; an "at or below"
threshold is the one case where truncation can decide differently (97.0004 % is stated as
97.000 % and so falls "at or below 97 %"), in the customer's favour.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["DEFAULT_ROUNDING", "UptimeRounding", "decimals_of"]


def decimals_of(value: Decimal) -> int:
    """Return how many decimals a figure is written with, trailing zeros ignored (99.50 → 1)."""
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


@dataclass(frozen=True)
class UptimeRounding:
    """A rounding rule: decimals beyond the most precise compared figure, and the direction."""

    extra_decimals: int
    rounding: str
    """A decimal module rounding mode, such as decimal.ROUND_DOWN (truncate)."""

    def decimals(self, figures: Iterable[Decimal]) -> int:
        """Return the decimals an uptime is stated with, given the figures it is compared to."""
        return max((decimals_of(figure) for figure in figures), default=0) + self.extra_decimals

    def apply(self, uptime: Decimal, figures: Iterable[Decimal]) -> Decimal:
        """Return *uptime* rounded by this rule, with exactly the stated number of decimals."""
        quantum = Decimal(1).scaleb(-self.decimals(figures))
        return uptime.quantize(quantum, rounding=self.rounding)

    def describe(self) -> str:
        """Say the rule in words, for the statement and the OpenSLO annotations."""
        how = "truncated" if self.rounding == ROUND_DOWN else f"rounded ({self.rounding})"
        return (
            f"The uptime percentage is {how} to {self.extra_decimals} decimals more than the "
            "most precise of the target and the credit thresholds, and that stated figure "
            "decides whether the target is met and which credit tier applies."
        )


DEFAULT_ROUNDING = UptimeRounding(extra_decimals=2, rounding=ROUND_DOWN)
"""The rule a statement uses while the agreement states none: never round up into compliance."""
