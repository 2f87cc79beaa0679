"""Files of every earlier format open, and render the contract they rendered before.

tests/data/schema-1 keeps files as format 1 wrote them: the three examples before format 2,
a starter, and a file that says which wording a clause uses in both of format 1's fields.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from helpers import ROOT

from slaeditor.clauses import load_pack
from slaeditor.compose import compose
from slaeditor.compose.clause_step import clause_context, pack_clause_blocks, text_blocks
from slaeditor.compose.typography import typographic_block
from slaeditor.sla import credit_percent_for
from slaeditor.storage import load_agreement, save_agreement
from slaeditor.storage.drafts import open_draft
from slaeditor.storage.migrations import migrate
from slaeditor.yamlio import parse_yaml

if TYPE_CHECKING:
    from pathlib import Path

OLD = ROOT / "tests" / "data" / "schema-1"
TWO_FIELDS = OLD / "telecom-two-fields.sla.yaml"


FORMAT_1_EXAMPLES = [
    p.name for p in sorted((ROOT / "examples").glob("*.sla.yaml")) if (OLD / p.name).exists()
]


def test_every_example_that_format_1_had_is_kept_as_format_1_wrote_it() -> None:
    assert len(FORMAT_1_EXAMPLES) == 3  # the telecom reference deal came with format 2


@pytest.mark.parametrize("name", FORMAT_1_EXAMPLES)
def test_an_example_of_format_1_renders_the_same_contract_as_today(name: str) -> None:
    old = load_agreement(OLD / name)
    new = load_agreement(ROOT / "examples" / name)

    assert old.schema_version == 2
    assert compose(old) == compose(new)


def test_a_wording_in_both_of_format_1s_fields_keeps_its_meaning() -> None:
    data = parse_yaml(TWO_FIELDS.read_text(encoding="utf-8")).data
    migrated = migrate(data, 1)

    assert "clause_variants" not in migrated
    assert migrated["clauses"]["credits-cap"] == {"variant": "fallback"}
    assert migrated["clauses"]["exclusions-events"] == {"variant": "customer-friendly"}
    assert migrated["clauses"]["credits-claims"]["library"] == "Personal"  # the library won
    assert "support-hours" not in migrated["clauses"]  # "standard" needs no entry


def test_format_1s_two_fields_print_what_format_1_printed() -> None:
    """Each clause prints what format 1's rules chose: library text, else variant, else standard."""
    agreement = load_agreement(TWO_FIELDS)
    data = parse_yaml(TWO_FIELDS.read_text(encoding="utf-8")).data
    variants, library = data["clause_variants"], data["clauses"]
    pack = load_pack(agreement.template)
    context = clause_context(agreement)
    contract = compose(agreement, pack)
    printed = [block for section in contract.sections for block in section.blocks]
    for slot in ("credits-cap", "exclusions-events", "credits-claims", "credits-amount"):
        clause = pack.clauses[slot]
        if slot in library:
            expected = text_blocks(context, clause, "", library[slot]["text"])
        else:
            variant, body = clause.body(variants.get(slot, "standard"))
            expected = pack_clause_blocks(context, clause, variant, body)
        expected = [typographic_block(block) for block in expected]  # as the contract prints
        start = next(i for i, b in enumerate(printed) if b == expected[0])
        assert printed[start : start + len(expected)] == expected, slot


def test_a_format_1_file_is_saved_in_todays_format(tmp_path: Path) -> None:
    target = tmp_path / "saved.sla.yaml"
    save_agreement(load_agreement(TWO_FIELDS), target)
    text = target.read_text(encoding="utf-8")

    assert "schema_version: 2" in text
    assert "clause_variants" not in text
    again = load_agreement(target)
    assert again.clauses["credits-cap"].variant == "fallback"
    assert again.clauses["credits-cap"].from_pack


def test_a_format_1_file_that_does_not_validate_still_opens_upgraded(tmp_path: Path) -> None:
    broken = tmp_path / "broken.sla.yaml"
    text = TWO_FIELDS.read_text(encoding="utf-8").replace(
        "target_percent: 99.9\n", "target_percent: lots\n", 1
    )
    broken.write_text(text, encoding="utf-8")

    opened = open_draft(broken)

    assert opened.problems  # the wrong value is marked, the file still opens
    assert "clause_variants" not in opened.data
    wording = opened.data["clauses"]["credits-cap"]
    assert (wording["variant"], wording["library"], wording.get("text")) == ("fallback", "", None)
    assert opened.data["schema_version"] == 2


def test_format_1_credit_tiers_keep_meaning_strictly_below_at_every_level() -> None:
    old = OLD / "telecom-customer.sla.yaml"
    data = parse_yaml(old.read_text(encoding="utf-8")).data
    before = [t["below_percent"] for t in data["services"][1]["overrides"]["credits"]["tiers"]]
    migrated = migrate(data, 1)

    for tiers in (
        migrated["terms"]["credits"]["tiers"],
        migrated["services"][1]["overrides"]["credits"]["tiers"],
    ):
        assert all(set(t) == {"uptime_percent", "applies", "credit_percent"} for t in tiers)
        assert {t["applies"] for t in tiers} == {"below"}
    service_tiers = migrated["services"][1]["overrides"]["credits"]["tiers"]
    assert [t["uptime_percent"] for t in service_tiers] == before
    agreement = load_agreement(old)
    at_boundary = [tier.as_tier() for tier in agreement.terms.credits.tiers]
    assert credit_percent_for(Decimal("98.0"), at_boundary) == Decimal(4), "98 % is not below 98 %"
