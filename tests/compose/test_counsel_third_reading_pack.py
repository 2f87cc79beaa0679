"""Counsel's third reading of the examples: what the standard pack's wording left open.

A customer's counsel, reading all four examples in full, accepted them as first drafts and
named what a negotiation would stumble on; these are the points the pack's own text carried:
- standard terms offered to every customer (the cloud example names none) said both that a
  customer orders under them and that they bind only once both parties have signed, from a
  fixed date, with an empty "Customer" signature block nobody would fill in;
- a decrease allowed "at any time, without notice" never said when it takes effect;
- a claim for a Service Credit asked for the Incidents "so far as the Customer knows them"
  and for evidence "so far as the Customer holds it": two standards in one clause;
- where some Services' outages are counted Site by Site, nothing said how the others are;
- "24 on-site visits for each Service" left open whether the visits are shared and what a
  visit beyond them costs.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from helpers import EXAMPLES_DIR
from pydantic import BaseModel

from slaeditor import load_agreement
from slaeditor.clauses import load_pack
from slaeditor.compose import compose
from slaeditor.compose.overrides import describe_override
from slaeditor.model.resolve import value_at
from slaeditor.model.terms import ServiceTerms
from slaeditor.templating.blocks import SignatureBlock
from slaeditor.templating.environment import Formatter

if TYPE_CHECKING:
    from pathlib import Path

    from slaeditor.templating.blocks import Contract

EXAMPLES = sorted(EXAMPLES_DIR.glob("*.sla.yaml"))


def _contract(name: str) -> Contract:
    agreement = load_agreement(EXAMPLES_DIR / f"{name}.sla.yaml")
    return compose(agreement, load_pack(agreement.template, EXAMPLES_DIR))


def _text(example: Path) -> str:
    agreement = load_agreement(example)
    return compose(agreement, load_pack(agreement.template, example.parent)).plain_text()


def _signature_blocks(contract: Contract) -> list[SignatureBlock]:
    return [
        block
        for section in contract.sections
        for block in section.blocks
        if isinstance(block, SignatureBlock)
    ]


def test_standard_terms_are_signed_by_the_provider_and_accepted_by_ordering() -> None:
    contract = _contract("cloud-service")
    text = contract.plain_text()
    assert [block.role for block in _signature_blocks(contract)] == ["Provider"]
    assert (
        "A customer accepts this Agreement by placing an Order under it, and is bound by it once "
        "Cirrolake accepts that Order; a customer does not sign it."
    ) in text
    assert "Signed for Cirrolake by its authorised representatives on the dates below." in text
    assert "both parties have signed" not in text and "counterparts" not in text
    assert "Signed for and on behalf of the Customer" not in text
    # "Order" is defined once, where the parties clause says who the Customer is.
    assert text.count("(each such document an “Order”, and that customer the “Customer”)") == 1


def test_standard_terms_apply_to_a_customer_from_its_first_order() -> None:
    text = _contract("cloud-service").plain_text()
    assert (
        "This Agreement applies to the Customer from the latest of 1 February 2025, the date of "
        "the last signature of this version on behalf of Cirrolake, and the date on which "
        "Cirrolake accepts the Customer’s first Order under it or, for a customer that moves to "
        "this version by agreeing to it in writing under clause\N{NO-BREAK SPACE}1.2, the date of "
        "that agreement (that date, the “Effective Date”)."
    ) in text
    assert "takes effect on 1 February 2025" not in text
    draft = next(line for line in text.splitlines() if line.startswith("This document is a draft"))
    assert "until Cirrolake has issued it as a final version signed on its behalf" in draft
    assert "each customer whose Order under it Cirrolake accepts, as set out in clause" in draft


def test_standard_terms_change_by_new_versions_and_a_customers_own_deal_stays_its_own() -> None:
    text = _contract("cloud-service").plain_text()
    assert "supersedes every earlier version" not in text  # not for customers already served
    assert (
        "It applies to Orders that Cirrolake accepts after it takes effect; a customer whose "
        "Services were ordered under an earlier version keeps that version for them until it "
        "agrees in writing to this one or orders them again under it (an order changing the "
        "quantity of a Service it already has does not move that Service to this version)."
    ) in text
    assert (
        "A variation agreed with one customer applies to that customer only and, for it, "
        "prevails over these terms; it does not change these terms for any other customer."
    ) in text
    assert "Each agreed variation is recorded in a new version" not in text
    assert "except as varied for a customer under clause" in text  # the service levels' scope


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_a_claim_is_made_in_writing_not_through_an_operational_channel(example: Path) -> None:
    lines = _text(example).splitlines()
    notices = next(line for line in lines if "including Incident reports" in line)
    assert "claims for Service Credits" not in notices
    assert (
        "A claim for a Service Credit is not an operational communication: it is made in "
        "writing (email included), as set out in clause"
    ) in notices


@pytest.mark.parametrize("name", ["telecom-customer", "telecom-reference", "managed-it-multilevel"])
def test_an_agreement_with_a_named_customer_is_signed_by_both(name: str) -> None:
    contract = _contract(name)
    text = contract.plain_text()
    assert [block.role for block in _signature_blocks(contract)] == ["Provider", "Customer"]
    assert "Signed by the authorised representatives of the parties on the dates below." in text
    assert "may be signed in any number of counterparts" in text
    assert "“Order”" not in text


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_decrease_says_when_it_takes_effect(example: Path) -> None:
    text = _text(example)
    decreases = re.findall(r"[Dd]ecreases:? (?:at any time|only within)[^.;]*[.;]", text)
    for phrase in decreases:
        assert "taking effect" in phrase, phrase
    if example.name.startswith("cloud"):
        assert decreases == [
            "Decreases: at any time, without notice, taking effect on the day Cirrolake receives "
            "the order."
        ]


def test_a_decrease_needs_no_acceptance() -> None:
    text = _contract("cloud-service").plain_text()
    assert "shall not unreasonably refuse an order for an increase within these limits" in text
    assert "A decrease made in accordance with this clause needs no acceptance." in text


def test_a_claim_for_services_with_their_own_evidence_points_to_the_list() -> None:
    text = _contract("telecom-customer").plain_text()
    claim = next(line for line in text.splitlines() if line.startswith("To claim a Service"))
    assert (
        "giving, so far as Meridian holds them, the evidence listed for that Service below or, "
        "where none is listed, the references of the Incidents relied on."
    ) in claim
    assert "The Claim Period and the evidence required for each Service are:" in text


def test_services_provided_centrally_are_counted_at_their_measurement_point() -> None:
    text = _contract("managed-it-multilevel").plain_text()
    assert (
        "Each of Service Desk; Endpoint Management — Head Office; and Backup and Disaster "
        "Recovery is provided from a central platform: it is unavailable while it is "
        "unavailable at its Measurement Point, whichever of its Sites or users are affected"
    ) in text
    # Where no Service is counted Site by Site, there is nothing to set them apart from.
    assert "central platform" not in _contract("cloud-service").plain_text()


def test_included_visits_are_each_services_own_and_further_visits_are_charged() -> None:
    text = _contract("telecom-customer").plain_text()
    assert (
        "up to 24 on-site visits to resolve Incidents in each period of 12 months from the "
        "Effective Date are included in its charges; each Service has its own allowance, which "
        "is not shared with another Service. Once a Service’s allowance is used, further visits "
        "to resolve Incidents are charged at £95.00 per hour"
    ) in text


def _leaves(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, field in model.model_fields.items():
        kind = field.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            found += _leaves(kind, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


@pytest.mark.parametrize("path", _leaves(ServiceTerms), ids=".".join)
def test_every_term_a_level_may_override_is_named_in_words(path: tuple[str, ...]) -> None:
    """The terms table printed "Continuity: recovery time minutes | 480" for an override."""
    value = value_at(ServiceTerms(), path)
    name, _ = describe_override(path, value, Formatter("en_GB", "GBP"), {})
    fallback = ".".join(path).replace("_", " ").replace(".", ": ").capitalize()
    assert "_" not in name and name != fallback


def test_the_recovery_objectives_of_a_service_are_printed_as_durations() -> None:
    text = _contract("managed-it-multilevel").plain_text()
    assert "| Recovery time objective | 8 hours" in text
    assert "recovery time minutes" not in text and "| 480" not in text


def test_a_new_version_takes_over_on_its_effective_date_not_on_signature() -> None:
    """Signed before its Effective Date, a version left no SLA in force in between."""
    text = _contract("managed-it-multilevel").plain_text()
    assert (
        "This document is version 3.2 of this Agreement, reference BW-HF-SLA-003, and from the "
        "Effective Date supersedes every earlier version, which applies until then."
    ) in text


def test_access_given_within_the_customers_time_does_not_stop_the_clocks() -> None:
    """The clocks stopped from a request for access, even when it came within the hour given."""
    text = _contract("managed-it-multilevel").plain_text()
    assert (
        "from the request (or, where Halden & Finch’s obligations under clause\N{NO-BREAK SPACE}11 "
        "allow it a time for providing it, from the end of that time) until it is provided"
    ) in text
    assert (
        "where Halden & Finch’s obligations under clause\N{NO-BREAK SPACE}11 allow it a time for "
        "giving access, only the wait beyond that time is not counted."
    ) in text
