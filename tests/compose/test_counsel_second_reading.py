"""Points from a customer's counsel reading the four examples after the Sites rework.

Each guards a class of sentence the pack builds, in every example where it prints: who a
defined term attaches to, what a report must contain, what a claim may lack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from helpers import EXAMPLES

from slaeditor import load_agreement
from slaeditor.clauses import load_pack
from slaeditor.compose import compose

if TYPE_CHECKING:
    from pathlib import Path

    from slaeditor.model import Agreement

NBSP = "\N{NO-BREAK SPACE}"


def _text(agreement: Agreement, base: Path) -> str:
    return compose(agreement, load_pack(agreement.template, base)).plain_text()


def _example(name: str) -> Agreement:
    return load_agreement(next(p for p in EXAMPLES if p.name.startswith(name)))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_the_measurement_point_is_defined_before_what_it_is(example: Path) -> None:
    """ "…at X; for the API, Y (the “Measurement Point”)" attached the term to Y alone."""
    text = _text(load_agreement(example), example.parent)
    assert "(the “Measurement Point”)" not in text
    assert "its “Measurement Point”" in text


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_emergency_maintenance_notice_is_not_a_limit_of_scheduled_maintenance(
    example: Path,
) -> None:
    text = _text(load_agreement(example), example.parent)
    assert "Emergency Maintenance notice of" not in text


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_a_claim_is_not_invalid_for_evidence_the_customer_does_not_hold(example: Path) -> None:
    text = _text(load_agreement(example), example.parent)
    assert "is not invalid for lacking evidence that" in text
    claim = next(line for line in text.splitlines() if line.startswith("To claim a Service Credit"))
    assert "so far as" in claim and "holds them" in claim, claim  # for all evidence, listed or not
    assert "knows" not in claim, "one standard for the evidence, not two"


def test_the_report_covers_the_network_targets_and_recovery_tests_the_agreement_sets() -> None:
    reference = _example("telecom-reference")
    text = _text(reference, EXAMPLES[0].parent)
    assert f"the network performance measured against each target in clause{NBSP}6.2;" in text
    assert "results of each test of the recovery objectives" not in text  # none set
    reference.services[0].overrides = {
        **reference.services[0].overrides,
        "continuity": {"recovery_time_minutes": 240, "tests_per_year": 2},
    }
    text = _text(reference, EXAMPLES[0].parent)
    line = next(x for x in text.splitlines() if "results of each test" in x)
    assert f"the recovery objectives in clause{NBSP}6." in line


def test_the_one_service_of_no_listed_kind_is_named_not_called_any_other() -> None:
    managed = _example("managed-it-multilevel")
    text = _text(managed, EXAMPLES[0].parent)
    assert "for EPOS and Store Device Management, it cannot be used for its essential" in text
    assert "for any other Service" not in text


def test_the_summary_of_differing_terms_gives_way_to_the_clauses() -> None:
    text = _text(_example("managed-it-multilevel"), EXAMPLES[0].parent)
    assert "set each of them out in full and prevail over this summary" in text
    assert "the terms of this Agreement, which apply to every customer group" not in text


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_notices_point_at_the_clauses_that_set_out_the_channels(example: Path) -> None:
    """ "the channels set out in this clause" pointed at a clause that sets out none."""
    lines = _text(load_agreement(example), example.parent).splitlines()
    notices = next(line for line in lines if "including Incident reports" in line)
    assert "this clause" not in notices
    for title in ("Communication during Incidents and planned work", "Contacts"):
        number = next(line.split()[0] for line in lines if line.endswith(f" {title}"))
        assert f"clause{NBSP}{number}" in notices, (title, notices)
