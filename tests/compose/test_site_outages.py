"""A service at several Sites: the contract says how an outage at some of them counts.

Counsel asked, of every example, whether one Site down (of five, or one till of 720) is full
Downtime, a share of it, or nothing. The agreement now states a rule per service
(`availability.site_outages`), the contract prints it, and the monthly statement computes with
it (tests/statement/test_compute.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from helpers import EXAMPLES_DIR

from slaeditor import load_agreement
from slaeditor.clauses import load_pack
from slaeditor.compose import compose
from slaeditor.model import SiteOutages, resolve_all

if TYPE_CHECKING:
    from slaeditor.model import Agreement

WHOLE = "is unavailable for as long as it is unavailable at any of the Sites at which it is"
SHARE = "the number of Sites affected bears to the number of Sites at which it is delivered"


def text_of(agreement: Agreement) -> str:
    return compose(agreement, load_pack(agreement.template, EXAMPLES_DIR)).plain_text()


def test_a_service_at_several_sites_gets_the_whole_service_rule_by_default() -> None:
    agreement = load_agreement(EXAMPLES_DIR / "telecom-customer.sla.yaml")
    text = text_of(agreement)
    names = {s.id: s.name for s in agreement.services}
    sip, internet, sd_wan = names["sip-trunking"], names["internet-access"], names["sd-wan"]
    assert f"Each of {sip}; {internet}; and {sd_wan} {WHOLE} delivered" in text
    assert SHARE not in text
    # The SMS API is reached from every Site alike: it is down as a whole, never at one Site.
    rule = next(line for line in text.splitlines() if WHOLE in line)
    assert names["sms-api"] not in rule


def test_where_every_service_can_fail_at_one_site_the_rule_speaks_of_a_service() -> None:
    agreement = load_agreement(EXAMPLES_DIR / "telecom-reference.sla.yaml")
    text = text_of(agreement)
    assert "A Service delivered at more than one Site is unavailable for as long as it is " in text


def test_pro_rata_is_stated_for_the_services_that_chose_it_and_named() -> None:
    agreement = load_agreement(EXAMPLES_DIR / "telecom-customer.sla.yaml")
    sd_wan = next(s for s in agreement.services if s.id == "sd-wan")
    sd_wan.overrides = {**sd_wan.overrides, "availability": {"site_outages": "pro-rata"}}
    text = text_of(agreement)
    assert f"For {sd_wan.name}, each minute in which it is unavailable at some of the Sites" in text
    assert SHARE in text and "rounded to the nearest whole minute" in text
    others = [s.name for s in agreement.services if s.id in ("sip-trunking", "internet-access")]
    # Names with "and" in them are joined with semicolons; the others keep the whole rule.
    assert f"Each of {others[0]}; and {others[1]} {WHOLE} delivered" in text


def test_no_rule_is_printed_where_no_service_runs_at_more_than_one_site() -> None:
    agreement = load_agreement(EXAMPLES_DIR / "telecom-customer.sla.yaml")
    agreement.sites = agreement.sites[:1]
    for service in agreement.services:
        service.sites = [site for site in service.sites if site == agreement.sites[0].id]
    text = text_of(agreement)
    assert WHOLE not in text and SHARE not in text


def test_the_managed_it_example_states_the_rule_each_service_chose() -> None:
    agreement = load_agreement(EXAMPLES_DIR / "managed-it-multilevel.sla.yaml")
    text = text_of(agreement)
    rules = {r.terms.availability.site_outages for r in resolve_all(agreement)}
    assert (SHARE in text) == (SiteOutages.PRO_RATA in rules)
    # EPOS runs at the 46 stores under the default rule; the Service Desk, reached from every
    # Site alike, is down as a whole and so is not named by it.
    assert f"EPOS and Store Device Management {WHOLE} delivered" in text
    rule = next(line for line in text.splitlines() if WHOLE in line)
    assert "Service Desk" not in rule
    assert "A Service delivered at more than one Site" not in text
