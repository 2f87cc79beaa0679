"""Property: agreements a user could build, with well-formed text, draft without a lint finding.

Hypothesis varies what the wizard lets a sales person choose on the telecom example: which
services, their names and kinds, the rule for outages at some Sites, the credit tiers' sides
and base, response credits, change freezes and network targets. Whatever it draws, the
contract defines each term once and uses it, cites only clauses that exist, and the model's
own checks report nothing that the pack caused. Findings about typed text are the lint's job
and are not drawn here (the names and periods are well formed).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from helpers import EXAMPLES_DIR
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slaeditor import Agreement, load_agreement
from slaeditor.clauses import load_pack
from slaeditor.compose import compose
from slaeditor.compose.drafting import term_findings
from slaeditor.model import CreditBase, ServiceKind, SiteOutages, TierApplies

TELECOM = EXAMPLES_DIR / "telecom-customer.sla.yaml"
_BASE: dict[str, Any] = load_agreement(TELECOM).model_dump(mode="python")
_PACK = load_pack(_BASE["template"], EXAMPLES_DIR)

WORDS = ("Voice", "Fibre", "Cloud", "Edge", "Secure", "Managed", "Data", "Mobile", "Connect")
names = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3, unique=True).map(" ".join)
freezes = st.sampled_from(
    ("1 November to 5 January (peak trading)", "the last five Business Days of each quarter")
)


@st.composite
def agreements(draw: st.DrawFn) -> Agreement:
    data = {**_BASE}
    count = draw(st.integers(1, len(_BASE["services"])))
    services = []
    for index, service in enumerate(_BASE["services"][:count]):
        overrides = dict(service.get("overrides") or {})
        availability = {"site_outages": draw(st.sampled_from(list(SiteOutages)))}
        overrides["availability"] = {**overrides.get("availability", {}), **availability}
        if draw(st.booleans()):
            overrides["network"] = {"latency_ms": draw(st.integers(5, 200))}
        services.append(
            {
                **service,
                "name": f"{draw(names)} {index + 1}",
                "kind": draw(st.sampled_from(list(ServiceKind))),
                "overrides": overrides,
            }
        )
    data["services"] = services
    terms = {**_BASE["terms"]}
    credits = {**terms["credits"]}
    side = draw(st.sampled_from(list(TierApplies)))
    credits["tiers"] = [{**tier, "applies": side} for tier in credits["tiers"]]
    credits["base"] = draw(st.sampled_from(list(CreditBase)))
    if draw(st.booleans()):
        credits["response_credit_percent"] = Decimal(draw(st.integers(1, 5)))
        credits["response_credit_severities"] = draw(st.integers(1, 3))
    terms["credits"] = credits
    terms["maintenance"] = {
        **terms["maintenance"],
        "change_freezes": draw(st.lists(freezes, max_size=2, unique=True)),
    }
    data["terms"] = terms
    return Agreement.model_validate(data)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(agreements())
def test_a_generated_agreement_drafts_without_a_lint_finding(agreement: Agreement) -> None:
    contract = compose(agreement, _PACK)
    assert term_findings(contract) == []
    assert contract.unresolved_references == ()
    text = contract.plain_text()
    assert "{{" not in text and "{%" not in text
    assert ", ." not in text and " ;" not in text and ";." not in text
