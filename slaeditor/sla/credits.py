"""Compute service credits from tiered schedules and check the schedules are fair.

A credit is a share of the affected service's fee chosen by the tier the measured
uptime falls into (DOMAIN.md §4). The checks turn the rules a fair schedule obeys
into plain-English messages an editor can show next to the offending tier.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from slaeditor.sla._numbers import HUNDRED, check_percent, plain, to_cents, to_decimal

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "Tier",
    "capped",
    "credit_amount",
    "credit_percent_for",
    "downtime_minutes_for_uptime",
    "tier_problems",
]


@dataclass(frozen=True, order=True)
class Tier:
    """State one row of a credit schedule.

    Measured uptime below ``threshold_percent`` (or at or below it, when ``inclusive``)
    earns ``credit_percent`` of the credit base. Ordering compares the threshold first.
    A schedule says which it means for each tier, because "falls to 97 %" is drafted on
    one side of the boundary or the other.
    """

    threshold_percent: Decimal
    credit_percent: Decimal
    inclusive: bool = False

    def applies_to(self, uptime: Decimal) -> bool:
        """Tell whether a measured uptime falls in this tier."""
        return uptime < self.threshold_percent or (
            self.inclusive and uptime == self.threshold_percent
        )

    def condition(self) -> str:
        """Say the tier's condition in words: "below 99.9 %" or "at or below 97 %"."""
        side = "at or below" if self.inclusive else "below"
        return f"{side} {plain(self.threshold_percent)} %"


def credit_percent_for(uptime_percent: Decimal, tiers: Sequence[Tier]) -> Decimal:
    """Return the credit percentage a measured uptime earns under a schedule.

    The most severe applicable tier wins: of the tiers the uptime falls in, the one with
    the lowest threshold (the larger credit if two share it). No applicable tier means
    no credit, 0.
    """
    uptime = to_decimal(uptime_percent, "uptime_percent")
    applicable = [tier for tier in tiers if tier.applies_to(uptime)]
    if not applicable:
        return Decimal(0)
    most_severe = min(applicable, key=lambda tier: (tier.threshold_percent, -tier.credit_percent))
    return Decimal(most_severe.credit_percent)


def credit_amount(
    uptime_percent: Decimal,
    tiers: Sequence[Tier],
    base_fee: Decimal,
    cap_percent: Decimal | None = None,
    minimum_amount: Decimal | None = None,
) -> Decimal:
    """Return the credit owed, in the fee's currency, rounded to cents.

    The tier percentage of the base, limited to the cap (no cap when None);
    when a credit is due a minimum amount, if set, raises it, but never past the
    cap. Halves of a cent round up, as on an invoice.
    """
    base = to_decimal(base_fee, "base_fee")
    if base < 0:
        msg = f"The credit base cannot be negative ({plain(base)})"
        raise ValueError(msg)
    percent = credit_percent_for(uptime_percent, tiers)
    if percent <= 0:
        return to_cents(Decimal(0))
    amount = percent.scaleb(-2) * base
    if minimum_amount is not None:
        minimum = to_decimal(minimum_amount, "minimum_amount")
        if minimum < 0:
            msg = f"The minimum credit cannot be negative ({plain(minimum)})"
            raise ValueError(msg)
        amount = max(amount, minimum)
    if cap_percent is not None:
        return capped(amount, base, cap_percent)
    return to_cents(amount)


def capped(amount: Decimal, base_fee: Decimal, cap_percent: Decimal | None) -> Decimal:
    """Return a credit amount limited to the cap, in cents.

    The cap is a percentage of the base fee; with none (None) the credits of a period
    still cannot exceed its whole fee, as the standard pack's cap clause says. Credits
    that add up (availability and missed Response Times) are limited together.
    """
    cap = HUNDRED if cap_percent is None else to_decimal(cap_percent, "cap_percent")
    if cap < 0:
        msg = f"The credit cap cannot be negative ({plain(cap)} %)"
        raise ValueError(msg)
    return to_cents(min(to_decimal(amount, "amount"), cap.scaleb(-2) * base_fee))


def downtime_minutes_for_uptime(uptime_percent: Decimal, period_minutes: Decimal) -> Decimal:
    """Return the minutes of downtime that produce a given uptime in a period.

    Worked examples in a contract ("at 98.7 % the customer receives 30 %") read
    better with the downtime that leads there, (1 − uptime / 100) × period.
    """
    uptime = check_percent(uptime_percent, "uptime_percent")
    period = to_decimal(period_minutes, "period_minutes")
    if period < 0:
        msg = f"The period cannot be negative ({plain(period)} minutes)"
        raise ValueError(msg)
    return (HUNDRED - uptime).scaleb(-2) * period


def tier_problems(
    tiers: Sequence[Tier],
    target_percent: Decimal,
    cap_percent: Decimal | None,
) -> list[tuple[int | None, str]]:
    """List what is wrong with a credit schedule, each with how to fix it.

    Each entry is (0-based index of the tier, or None for the whole schedule;
    message). The messages number tiers from 1, as the document does. An empty
    list means the schedule is fair: thresholds strictly decreasing and at or
    below the target, credits above 0 and at most 100 % and the cap, and a
    lower uptime never earning a smaller credit.
    """
    target = to_decimal(target_percent, "target_percent")
    cap = None if cap_percent is None else to_decimal(cap_percent, "cap_percent")
    problems: list[tuple[int | None, str]] = []
    if cap is not None and not Decimal(0) < cap <= HUNDRED:
        problems.append(
            (
                None,
                f"The credit cap of {plain(cap)} % must be above 0 % and at most "
                "100 % of the fee; set a cap in that range or remove it",
            )
        )
    for index, tier in enumerate(tiers):
        problems.extend((index, message) for message in _ordering_problems(tiers, index))
        problems.extend((index, message) for message in _range_problems(tier, index, target, cap))
    return problems


def _ordering_problems(tiers: Sequence[Tier], index: int) -> list[str]:
    """Return the problems tier *index* has in relation to the other tiers."""
    tier = tiers[index]
    number = index + 1
    earlier = list(enumerate(tiers[:index], start=1))
    messages: list[str] = []
    duplicate = next(
        (n for n, other in earlier if other.threshold_percent == tier.threshold_percent), None
    )
    if duplicate is not None:
        messages.append(
            f"Tier {number}: {plain(tier.threshold_percent)} % is already the threshold of "
            f"tier {duplicate}; give each tier its own threshold or merge the two"
        )
    elif index > 0 and tier.threshold_percent > tiers[index - 1].threshold_percent:
        messages.append(
            f"Tier {number}: uptime {tier.condition()} is higher than the "
            f"{plain(tiers[index - 1].threshold_percent)} % of tier {index}; list the tiers from "
            "the highest uptime down, each lower than the one before"
        )
    richer = [
        n
        for n, other in enumerate(tiers, start=1)
        if other.threshold_percent > tier.threshold_percent
        and other.credit_percent > tier.credit_percent
    ]
    if richer:
        most = max(tiers[n - 1].credit_percent for n in richer)
        named = _tier_list(richer)
        credit = plain(tier.credit_percent)
        messages.append(
            f"Tier {number}: uptime {tier.condition()} earns {credit} %, less than {named} "
            f"pay{'s' if len(richer) == 1 else ''} at a higher uptime (up to {plain(most)} %), "
            f"but a lower uptime must never earn a smaller credit; lower {named} to at most "
            f"{credit} %, or raise tier {number} to at least {plain(most)} %"
        )
    return messages


def _tier_list(numbers: Sequence[int]) -> str:
    """Name tiers as a sentence does: "tier 2", "tiers 1 and 2", "tiers 1, 2 and 3"."""
    if len(numbers) == 1:
        return f"tier {numbers[0]}"
    listed = ", ".join(str(n) for n in numbers[:-1])
    return f"tiers {listed} and {numbers[-1]}"


def _range_problems(tier: Tier, index: int, target: Decimal, cap: Decimal | None) -> list[str]:
    """Return the problems tier *index* has on its own, against the target and cap."""
    number = index + 1
    threshold = tier.threshold_percent
    credit = plain(tier.credit_percent)
    messages: list[str] = []
    if threshold > target or (tier.inclusive and threshold == target):
        messages.append(
            f"Tier {number}: uptime {tier.condition()} includes uptimes that meet the "
            f"{plain(target)} % target, so a credit would be due while the target is met; "
            f"set the tier to below {plain(target)} % or lower"
        )
    if threshold <= 0 and not (tier.inclusive and threshold == 0):
        messages.append(
            f"Tier {number}: uptime can never be {tier.condition()}, so this tier never "
            "applies; raise the threshold or remove the tier"
        )
    if tier.credit_percent <= 0:
        messages.append(
            f"Tier {number}: a credit of {credit} % pays nothing; set a credit above 0 % "
            "or remove the tier"
        )
    elif tier.credit_percent > HUNDRED:
        messages.append(
            f"Tier {number}: a credit of {credit} % is more than the whole fee; set at most 100 %"
        )
    if cap is not None and tier.credit_percent > cap:
        messages.append(
            f"Tier {number}: a credit of {credit} % is above the {plain(cap)} % cap; "
            f"lower it to {plain(cap)} % or raise the cap"
        )
    return messages
