"""Network performance targets for telecom services: latency, jitter and packet loss.

Telecom SLAs hold a network to more than availability. A service (or its group, or the
corporate terms) may set monthly-average targets and where they are measured; the contract
prints them in a clause of their own, only when one is set, with the remedy for a miss.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from helpers import EXAMPLES_DIR

from slaeditor import load_agreement
from slaeditor.clauses import load_pack
from slaeditor.compose import compose

if TYPE_CHECKING:
    from slaeditor.model import Agreement


def text_of(agreement: Agreement) -> str:
    return compose(agreement, load_pack(agreement.template, EXAMPLES_DIR)).plain_text()


def test_the_reference_deal_holds_its_sd_wan_to_latency_jitter_and_loss() -> None:
    text = text_of(load_agreement(EXAMPLES_DIR / "telecom-reference.sla.yaml"))
    assert "\n6.2 Network performance\n" in text
    assert (
        "Managed SD-WAN: round-trip latency of no more than 30 ms, jitter of no more than 5 ms "
        "and packet loss of no more than 0.1%, measured between the SD-WAN edge devices of "
        "each pair of Sites."
    ) in text
    assert "does not in itself count as Downtime and earns no Service Credit" in text
    assert "missed in two consecutive months, clause\N{NO-BREAK SPACE}9.2 applies" in text


def test_without_targets_there_is_no_clause() -> None:
    agreement = load_agreement(EXAMPLES_DIR / "telecom-customer.sla.yaml")
    text = text_of(agreement)
    assert "Network performance" not in text and "\n6.2 Support service levels\n" in text


def test_one_target_alone_reads_as_one() -> None:
    agreement = load_agreement(EXAMPLES_DIR / "telecom-customer.sla.yaml")
    agreement.terms.network.latency_ms = 40
    text = text_of(agreement)
    assert "round-trip latency of no more than 40 ms." in text  # every service, no "and"
