"""Each term defined once, and only where the contract uses it; the lint says when not."""

from __future__ import annotations

from helpers import EXAMPLES, ROOT

from slaeditor import load_agreement
from slaeditor.compose import compose
from slaeditor.compose.drafting import term_findings

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"
CLOUD = ROOT / "examples" / "cloud-service.sla.yaml"


def test_the_examples_define_each_term_once_and_use_every_term_they_define() -> None:
    for example in EXAMPLES:
        assert term_findings(compose(load_agreement(example))) == [], example.name


def test_a_term_the_agreement_defines_replaces_the_packs_definition_everywhere() -> None:
    text = compose(load_agreement(TELECOM)).plain_text()
    assert text.count("Demarcation Point means") == 1
    assert "(the “Demarcation Point”)" not in text
    assert "side of the Demarcation Point" in text


def test_a_pack_definition_the_contract_never_uses_is_left_out() -> None:
    agreement = load_agreement(CLOUD)
    assert "during Business Hours" in compose(agreement).plain_text()  # only the audit uses it
    agreement.reporting.audit_right = False
    text = compose(agreement).plain_text()
    assert "Business Hours means" not in text, "nothing in this contract uses Business Hours"
    telecom = compose(load_agreement(TELECOM)).plain_text()
    assert "Business Hours means" in telecom and "outside Business Hours" in telecom


def test_a_term_the_agreement_defines_but_the_contract_never_uses_is_reported() -> None:
    agreement = load_agreement(TELECOM)
    definitions = {**agreement.definitions, "Golden Hour": "the first hour of an outage."}
    contract = compose(agreement.model_copy(update={"definitions": definitions}))
    assert "“Golden Hour” is defined in clause 3.3 but never used" in term_findings(contract)
    assert "Golden Hour means the first hour of an outage." in contract.plain_text()
