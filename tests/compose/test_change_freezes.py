"""The customer's critical periods: no planned maintenance or change without its consent.

Published SLAs for retailers and logistics firms keep the provider's hands off the network in
peak trading; the agreement now lists such periods (maintenance.change_freezes, per level) and
the contract defines them as Change Freezes in the scheduled-maintenance clause.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from helpers import EXAMPLES_DIR

from slaeditor import load_agreement
from slaeditor.clauses import load_pack
from slaeditor.compose import compose
from slaeditor.compose.drafting import term_findings

if TYPE_CHECKING:
    from slaeditor.model import Agreement

PEAK = "1 November to 5 January (peak trading)"
YEAR_END = "the last five Business Days of each financial year"


def text_of(agreement: Agreement) -> str:
    return compose(agreement, load_pack(agreement.template, EXAMPLES_DIR)).plain_text()


def test_change_freezes_are_defined_once_and_listed() -> None:
    agreement = load_agreement(EXAMPLES_DIR / "telecom-customer.sla.yaml")
    agreement.terms.maintenance.change_freezes = [PEAK, YEAR_END + "."]
    text = text_of(agreement)
    assert "during any of the following periods (each a “Change Freeze”)" in text
    assert f"\n{PEAK};\n{YEAR_END}.\n" in text  # typed full stop not doubled
    assert "Emergency Maintenance during a Change Freeze is limited" in text
    contract = compose(agreement, load_pack(agreement.template, EXAMPLES_DIR))
    assert not [f for f in term_findings(contract) if "Change Freeze" in f.message]


def test_a_service_level_freeze_is_listed_once_with_the_corporate_ones() -> None:
    agreement = load_agreement(EXAMPLES_DIR / "telecom-customer.sla.yaml")
    agreement.terms.maintenance.change_freezes = [PEAK]
    service = agreement.services[0]
    service.overrides = {**service.overrides, "maintenance": {"change_freezes": [PEAK, YEAR_END]}}
    text = text_of(agreement)
    assert text.count(PEAK) == 1 and YEAR_END in text


def test_no_freeze_no_clause() -> None:
    text = text_of(load_agreement(EXAMPLES_DIR / "telecom-customer.sla.yaml"))
    assert "Change Freeze" not in text
