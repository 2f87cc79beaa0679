"""Credits on the charges actually charged, usage included, as an option.

Counsel found that excluding usage-based charges leaves a cloud service's credit on its small
fixed fee only. The credit base "service-charges" takes every charge of the affected Service
for the month; the cloud example uses it, the others keep the recurring fee.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from helpers import EXAMPLES_DIR

from slaeditor import load_agreement
from slaeditor.clauses import load_pack
from slaeditor.compose import compose
from slaeditor.model import CreditBase

if TYPE_CHECKING:
    from slaeditor.model import Agreement

USAGE = (
    "all charges payable by the Customer for the affected Service for that month, usage-based "
    "charges included"
)


def text_of(agreement: Agreement) -> str:
    return compose(agreement, load_pack(agreement.template, EXAMPLES_DIR)).plain_text()


def test_the_cloud_example_credits_usage_too() -> None:
    agreement = load_agreement(EXAMPLES_DIR / "cloud-service.sla.yaml")
    assert agreement.terms.credits.base is CreditBase.SERVICE_CHARGES
    assert USAGE in text_of(agreement)


def test_three_bases_in_one_agreement_are_each_defined_for_their_services() -> None:
    agreement = load_agreement(EXAMPLES_DIR / "telecom-customer.sla.yaml")
    first, second = agreement.services[0], agreement.services[1]
    first.overrides = {**first.overrides, "credits": {"base": "service-charges"}}
    second.overrides = {**second.overrides, "credits": {"base": "total-fee"}}
    text = text_of(agreement)
    line = next(x for x in text.splitlines() if x.startswith("Applicable Monthly Service Fees"))
    assert f"for {first.name}, all charges payable by Meridian" in line
    assert f"for {second.name}, the total recurring charges" in line
    assert line.count("; ") >= 2 and "; and for" in line and line.endswith("taxes.")
