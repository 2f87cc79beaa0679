"""What "unavailable" means depends on the kind of service, and the contract says it per service.

Counsel found "cannot be used for its essential functions" too vague to apply to a voice
service, an SD-WAN or a fleet of tills. A service's kind (voice, internet access, wide area
network, API, hosted platform, service desk, managed devices, backup) now prints its own test
of unavailability, and the Downtime Period definition points to it.
"""

from __future__ import annotations

import pytest
from helpers import EXAMPLES_DIR

from slaeditor import load_agreement
from slaeditor.clauses import load_pack
from slaeditor.compose import compose
from slaeditor.gui.wizard.pages.service_kinds import SERVICE_KINDS
from slaeditor.model import Agreement, ServiceKind

GENERAL = "cannot be used for its essential functions at"
KIND_WORDS = {
    ServiceKind.VOICE: "no call can be made or received through it",
    ServiceKind.INTERNET_ACCESS: "no traffic can pass between its connection",
    ServiceKind.WIDE_AREA_NETWORK: "cannot exchange traffic through it with the locations and "
    "networks that the Service connects the Site to",
    ServiceKind.API: "of the valid requests made to it fail",
    ServiceKind.HOSTED_PLATFORM: "does not accept connections at its Measurement Point",
    ServiceKind.SERVICE_DESK: "cannot be reached through any of the systems at its Measurement",
    ServiceKind.MANAGED_DEVICES: "cannot deliver updates, policies or remote support",
    ServiceKind.BACKUP: "no backup can be taken, or no restore can be started",
}


def text_of(agreement: Agreement) -> str:
    return compose(agreement, load_pack(agreement.template, EXAMPLES_DIR)).plain_text()


def telecom() -> Agreement:
    """The telecom example with every service's kind forgotten (the example states them)."""
    agreement = load_agreement(EXAMPLES_DIR / "telecom-customer.sla.yaml")
    assert {s.kind for s in agreement.services} >= {ServiceKind.VOICE, ServiceKind.API}
    for service in agreement.services:
        service.kind = ServiceKind.OTHER
    return agreement


def test_every_kind_the_wizard_offers_is_one_the_model_knows_and_the_pack_defines() -> None:
    assert {value for value, _ in SERVICE_KINDS} == {kind.value for kind in ServiceKind}
    assert set(KIND_WORDS) == set(ServiceKind) - {ServiceKind.OTHER}


@pytest.mark.parametrize("kind", sorted(KIND_WORDS, key=str), ids=str)
def test_each_kind_prints_its_own_test_of_unavailability(kind: ServiceKind) -> None:
    agreement = telecom()
    first = agreement.services[0]
    first.kind = kind
    text = text_of(agreement)
    lines = [line for line in text.splitlines() if line.startswith(f"for {first.name}, ")]
    assert len(lines) == 1 and KIND_WORDS[kind] in lines[0], kind
    assert "for any other Service, it " + GENERAL in text  # the others keep the general test
    assert "meaning what clause\N{NO-BREAK SPACE}7.1 sets out for it" in text


def test_a_single_service_of_a_kind_reads_as_one_sentence() -> None:
    agreement = telecom()
    agreement.services = agreement.services[:1]
    agreement.services[0].kind = ServiceKind.VOICE
    text = text_of(agreement)
    name = agreement.services[0].name
    lead = f"{name} is unavailable in any minute in which "
    assert lead + KIND_WORDS[ServiceKind.VOICE] in text


def test_without_kinds_the_general_definition_stands_alone() -> None:
    text = text_of(telecom())
    assert f"unavailable, meaning that it {GENERAL} the Measurement Point" in text
    assert "For the definition of Downtime Period" not in text


def test_a_service_desk_without_a_measurement_point_is_judged_by_its_logging_channels() -> None:
    agreement = telecom()
    desk = agreement.services[0]
    desk.kind = ServiceKind.SERVICE_DESK
    agreement.terms.availability.measurement_point = ""
    text = text_of(agreement)
    line = next(x for x in text.splitlines() if x.startswith(f"for {desk.name}, "))
    assert (
        "cannot be reached through any of the channels set out in clause\N{NO-BREAK SPACE}12.1"
        in line
    )


def test_a_central_platform_is_down_as_a_whole_not_site_by_site() -> None:
    """The rule for outages at some Sites names only services that can fail at one Site."""
    agreement = telecom()
    voice, internet = agreement.services[0], agreement.services[1]
    voice.kind, internet.kind = ServiceKind.VOICE, ServiceKind.HOSTED_PLATFORM
    text = text_of(agreement)
    rule = next(x for x in text.splitlines() if "however many Sites are affected" in x)
    assert voice.name in rule
    assert internet.name not in rule
