"""Points from a customer's counsel on a third reading of the example contracts.

Each is a sentence a reader could take two ways, or a name that reads as a placeholder: the
Sites a Service leaves out, recovery objectives stated in a description instead of as terms,
an exclusion wide enough to cover the provider's own network, famous names as signatories and
a closed store with no way in. Each test checks the text as the reader gets it.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from helpers import EXAMPLES

from slaeditor import load_agreement
from slaeditor.clauses import load_pack
from slaeditor.compose import compose
from slaeditor.templating.blocks import Table

if TYPE_CHECKING:
    from slaeditor.model import Agreement

NBSP = "\N{NO-BREAK SPACE}"
HEAD_OFFICE = "Finch House head office, Leeds"
DISTRIBUTION = "Wakefield distribution centre and server room"


def _example(name: str) -> Agreement:
    return load_agreement(next(p for p in EXAMPLES if p.name.startswith(name)))


def _text(agreement: Agreement) -> str:
    return compose(agreement, load_pack(agreement.template, EXAMPLES[0].parent)).plain_text()


@functools.cache
def _example_text(name: str) -> str:
    return _text(_example(name))


def _sites_cell(agreement: Agreement, service: str) -> str:
    contract = compose(agreement, load_pack(agreement.template, EXAMPLES[0].parent))
    table = next(
        block
        for section in contract.sections
        for block in section.blocks
        if isinstance(block, Table) and block.name == "services"
    )
    row = next(row for row in table.rows if row[0] == service)
    return row[table.columns.index("Sites")]


def test_the_sites_a_service_leaves_out_read_as_one_list_of_exceptions() -> None:
    """ "every Site except A, Leeds; and B" could read as "except A — and B as well"."""
    managed = _example("managed-it-multilevel")
    assert _sites_cell(managed, "Store Network Management") == (
        f"every Site except these 2 Sites: {HEAD_OFFICE}; and {DISTRIBUTION}"
    )
    network = next(s for s in managed.services if s.id == "store-network")
    network.sites = [site for site in network.sites if site != "store-york"]
    assert _sites_cell(managed, "Store Network Management") == (
        f"every Site except these 3 Sites: {HEAD_OFFICE}; {DISTRIBUTION}; and York"
    )
    network.sites = ["leeds-ho", *network.sites, "store-york"]  # one Site left out: named
    assert _sites_cell(managed, "Store Network Management") == f"every Site except {DISTRIBUTION}"


def test_the_backup_services_recovery_objectives_are_terms_not_description() -> None:
    text = _example_text("managed-it-multilevel")
    lines = text.splitlines()
    headings = [x for x in lines if re.fullmatch(r"\d+\.\d+ Recovery objectives", x)]
    assert len(headings) == 1, "the pack's Recovery objectives clause is printed"
    number = headings[0].split()[0]
    objectives = next(x for x in lines if x.startswith("Backup and Disaster Recovery: the"))
    assert "with their data restored, within 8 hours after the disaster is declared" in objectives
    assert "stored more than 1 day before the failure" in objectives  # 24 hours
    assert "at least 4 times a year" in text
    assert f"the results of each test of the recovery objectives in clause{NBSP}{number}" in text
    assert "they are not service levels" not in text  # the clause says they are


def test_the_beyond_demarcation_exclusion_leaves_the_providers_own_network_in() -> None:
    """ "Faults in the public internet" could cover the internet access service itself."""
    text = _example_text("telecom-customer")
    assert "Faults in the public internet" not in text
    assert "Faults in networks beyond Albion Connect’s own network and its transit" in text
    assert (
        "This does not exclude any fault in Albion Connect’s own network or in those transit, "
        "peering and interconnect links"
    ) in text


def test_the_reference_deal_is_signed_by_ordinary_fictitious_people() -> None:
    reference = _example("telecom-reference")
    assert reference.customer is not None
    signatories = [*reference.provider.signatories, *reference.customer.signatories]
    famous = {"ada lovelace", "grace hopper"}
    assert not {s.name.lower() for s in signatories} & famous
    assert not any(
        name.replace(" ", ".") in s.email.lower() for s in signatories for name in famous
    )
    text = _example_text("telecom-reference").lower()
    assert not any(name in text for name in famous)


def test_an_engineer_is_let_into_a_closed_store_by_its_keyholder() -> None:
    """Store networks have engineers around the clock; the stores close at night."""
    text = _example_text("managed-it-multilevel")
    assert (
        "Whenever a store is closed, Halden & Finch shall have the keyholder named for the "
        "store at the store to let Brightwater’s engineer in within one hour after Brightwater "
        "asks for access"
    ) in text
    # The clock stops only when the keyholder is late, never while access comes on time.
    assert (
        "If the keyholder is not there by the later of the end of that hour (or the agreed "
        "time) and the engineer’s arrival, the arrival time and Call-to-Repair Time stop from "
        "then until the keyholder arrives."
    ) in text
    assert (
        "let into a closed store outside its trading hours by the store’s named keyholder" in text
    )
