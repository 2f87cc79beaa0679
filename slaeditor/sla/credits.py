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
    "credit_amount",
    "credit_percent_for",
    "downtime_minutes_for_uptime",
    "tier_problems",
]


@dataclass(frozen=True, order=True)
class Tier:
    """State one row of a credit schedule.

    Measured uptime strictly below ``below_percent`` earns ``credit_percent``
    of the credit base. Ordering compares the threshold first.
    """

    below_percent: Decimal
    credit_percent: Decimal


def credit_percent_for(uptime_percent: Decimal, tiers: Sequence[Tier]) -> Decimal:
    """Return the credit percentage a measured uptime earns under a schedule.

    The most severe applicable tier wins: of the tiers whose threshold the
    uptime is below, the one with the lowest threshold (the larger credit if two
    share it). No applicable tier means no credit, 0.
    """
    uptime = to_decimal(uptime_percent, "uptime_percent")
    applicable = [tier for tier in tiers if uptime < tier.below_percent]
    if not applicable:
        return Decimal(0)
    most_severe = min(applicable, key=lambda tier: (tier.below_percent, -tier.credit_percent))
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
        cap = to_decimal(cap_percent, "cap_percent")
        if cap < 0:
            msg = f"The credit cap cannot be negative ({plain(cap)} %)"
            raise ValueError(msg)
        amount = min(amount, cap.scaleb(-2) * base)
    return to_cents(amount)


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
    threshold = plain(tier.below_percent)
    messages: list[str] = []
    duplicate = next((n for n, other in earlier if other.below_percent == tier.below_percent), None)
    if duplicate is not None:
        messages.append(
            f"Tier {number}: uptime below {threshold} % is already the threshold of tier "
            f"{duplicate}; give each tier its own threshold or merge the two"
        )
    elif index > 0 and tier.below_percent > tiers[index - 1].below_percent:
        messages.append(
            f"Tier {number}: uptime below {threshold} % is higher than the "
            f"{plain(tiers[index - 1].below_percent)} % of tier {index}; list the tiers from "
            "the highest threshold down, each lower than the one before"
        )
    richer = [
        (n, other)
        for n, other in enumerate(tiers, start=1)
        if other.below_percent > tier.below_percent and other.credit_percent > tier.credit_percent
    ]
    if richer:
        n, other = max(richer, key=lambda pair: pair[1].credit_percent)
        messages.append(
            f"Tier {number}: uptime below {threshold} % earns {plain(tier.credit_percent)} %, "
            f"less than the {plain(other.credit_percent)} % of tier {n} at a higher uptime; "
            "a lower uptime must never earn a smaller credit"
        )
    return messages


def _range_problems(tier: Tier, index: int, target: Decimal, cap: Decimal | None) -> list[str]:
    """Return the problems tier *index* has on its own, against the target and cap."""
    number = index + 1
    threshold = plain(tier.below_percent)
    credit = plain(tier.credit_percent)
    messages: list[str] = []
    if tier.below_percent > target:
        messages.append(
            f"Tier {number}: uptime below {threshold} % is above the {plain(target)} % target, "
            f"so a credit would be due while the target is met; set the threshold at or below "
            f"{plain(target)} %"
        )
    if tier.below_percent <= 0:
        messages.append(
            f"Tier {number}: uptime can never be below {threshold} %, so this tier never "
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
