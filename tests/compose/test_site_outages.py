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

WHOLE = "unavailable for as long as it is unavailable at any of those Sites"
SHARE = "the number of Sites affected bears to the number of Sites at which it is delivered"


def text_of(agreement: Agreement) -> str:
    return compose(agreement, load_pack(agreement.template, EXAMPLES_DIR)).plain_text()


def test_a_service_at_several_sites_gets_the_whole_service_rule_by_default() -> None:
    agreement = load_agreement(EXAMPLES_DIR / "telecom-customer.sla.yaml")
    text = text_of(agreement)
    assert f"Where a Service is delivered at more than one Site, it is {WHOLE}" in text
    assert SHARE not in text


def test_pro_rata_is_stated_for_the_services_that_chose_it_and_named() -> None:
    agreement = load_agreement(EXAMPLES_DIR / "telecom-customer.sla.yaml")
    sd_wan = next(s for s in agreement.services if s.id == "sd-wan")
    sd_wan.overrides = {**sd_wan.overrides, "availability": {"site_outages": "pro-rata"}}
    text = text_of(agreement)
    assert f"Where {sd_wan.name} is delivered at more than one Site, each minute" in text
    assert SHARE in text and "rounded to the nearest whole minute" in text
    others = [s.name for s in agreement.services if s.id in ("sip-trunking", "internet-access")]
    assert f"Where {others[0]}; {others[1]}; and " in text  # names with "and" in them
    assert WHOLE in text  # the other multi-site services keep the whole-service rule


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
    assert WHOLE in text  # the Service Desk runs at three Sites under the default rule
    # Not every service runs at several Sites, so the rule names those it governs.
    assert "Where a Service is delivered at more than one Site" not in text
    assert "Where Service Desk" in text
