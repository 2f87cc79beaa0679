"""A worked credit example in the contract itself, at the boundary of the mildest tier.

Counsel and the sales staff both asked what "below 99.9 %" earns at exactly 99.9 %. The
contract now works one example from the first Service with a fee and a credit schedule,
computed, never typed, and says which side of the threshold earns the credit.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from helpers import EXAMPLES_DIR

from slaeditor import load_agreement
from slaeditor.clauses import load_pack
from slaeditor.compose import compose
from slaeditor.model import TierApplies

if TYPE_CHECKING:
    from slaeditor.model import Agreement


def text_of(agreement: Agreement) -> str:
    return compose(agreement, load_pack(agreement.template, EXAMPLES_DIR)).plain_text()


def test_a_below_tier_says_the_boundary_earns_nothing_and_what_lies_within_earns() -> None:
    text = text_of(load_agreement(EXAMPLES_DIR / "telecom-customer.sla.yaml"))
    assert (
        "for SIP Trunking and Hosted Voice, whose monthly fee is £4,850.00: a Monthly Uptime "
        "Percentage of exactly 99.9% does not fall within the row “below 99.9%” and earns no "
        "Service Credit under it; any lower figure within that row earns 2% of the Applicable "
        "Monthly Service Fees, that is £97.00 on that fee."
    ) in text


def test_an_at_or_below_tier_says_the_boundary_earns_it() -> None:
    agreement = load_agreement(EXAMPLES_DIR / "telecom-customer.sla.yaml")
    tiers = agreement.terms.credits.tiers
    for tier in tiers:
        tier.applies = TierApplies.AT_OR_BELOW
    agreement.services[0].monthly_fee = Decimal("1000")
    text = text_of(agreement)
    mildest = max(tiers, key=lambda t: t.uptime_percent)
    assert f"falls within the row “at or below {mildest.uptime_percent}%”" in text
    amount = Decimal(1000) * mildest.credit_percent / 100
    assert f"that is £{amount:,.2f} on that fee" in text


def test_no_fee_no_example() -> None:
    agreement = load_agreement(EXAMPLES_DIR / "telecom-customer.sla.yaml")
    for service in agreement.services:
        service.monthly_fee = None
    assert "Worked example" not in text_of(agreement)
