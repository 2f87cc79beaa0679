"""Response-time credits, as an option: a credit for each urgent Incident answered late.

Published SLAs (Twilio's, several managed-service templates) pay a credit when the first
response to a critical Incident is late. The agreement sets the percentage and the Severity
Levels (credits.response_credit_percent, response_credit_severities); the contract prints a
clause only when it does, and counts those credits towards the same cap.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from helpers import EXAMPLES_DIR

from slaeditor import load_agreement
from slaeditor.clauses import load_pack
from slaeditor.compose import compose
from slaeditor.model.validation import check

if TYPE_CHECKING:
    from slaeditor.model import Agreement

TITLE = "Service Credits for missed Response Times"


def telecom() -> Agreement:
    return load_agreement(EXAMPLES_DIR / "telecom-reference.sla.yaml")


def text_of(agreement: Agreement) -> str:
    return compose(agreement, load_pack(agreement.template, EXAMPLES_DIR)).plain_text()


def test_no_response_credit_no_clause_and_the_numbering_is_unchanged() -> None:
    text = text_of(telecom())
    assert TITLE not in text
    assert "\n8.2 Cap on Service Credits\n" in text


def test_a_response_credit_is_a_clause_of_its_own_within_the_cap() -> None:
    agreement = telecom()
    agreement.terms.credits.response_credit_percent = Decimal(2)
    agreement.terms.credits.response_credit_severities = 2
    text = text_of(agreement)
    assert f"\n8.2 {TITLE}\n" in text and "\n8.3 Cap on Service Credits\n" in text
    assert (
        "for each Incident of Severity Level 1 or 2 to which Northwind does not respond within "
        "the Response Time, Harbour is entitled to a Service Credit of 2%"
    ) in text
    assert "count towards the cap in clause\N{NO-BREAK SPACE}8.3" in text


def test_services_with_different_response_credits_are_listed() -> None:
    agreement = telecom()
    first = agreement.services[0]
    first.overrides = {
        **first.overrides,
        "credits": {"response_credit_percent": "5", "response_credit_severities": 3},
    }
    text = text_of(agreement)
    assert f"{first.name}: 5% for each Incident of Severity Levels 1 to 3." in text


def test_a_cap_above_the_highest_tier_can_bite_once_late_responses_earn_credits() -> None:
    agreement = telecom()
    credits = agreement.terms.credits
    credits.cap_percent = max(t.credit_percent for t in credits.tiers) + 10
    assert any("never apply" in i.message for i in check(agreement))
    credits.response_credit_percent = Decimal(2)
    assert not any("never apply" in i.message for i in check(agreement))
