"""Template packs come from users and shared drives: every problem names the file and line."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest
from helpers import ROOT

from slaeditor.clauses import PackError, load_pack

if TYPE_CHECKING:
    from pathlib import Path

STANDARD = ROOT / "templates" / "standard"
SECTION_IDS = [
    "parties", "term", "definitions", "scope", "service-hours", "service-levels", "measurement",
    "credits", "chronic-failure", "exclusions", "customer-obligations", "support", "escalation",
    "on-site", "scaling", "reporting", "changes", "signatures",
]  # fmt: skip


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(STANDARD, target)
    return target


def test_standard_pack_covers_all_eighteen_sections_in_contract_order() -> None:
    pack = load_pack("standard")
    assert [section.id for section in pack.sections] == SECTION_IDS
    assert all(section.clauses for section in pack.sections)


@pytest.mark.parametrize("section", ["credits", "exclusions", "support", "on-site", "scaling"])
def test_key_sections_offer_a_standard_and_a_fallback_variant(section: str) -> None:
    pack = load_pack("standard")
    variants = {
        name for clause in pack.clauses.values() if clause.section == section
        for name in clause.variants
    }  # fmt: skip
    assert {"standard", "fallback"} <= variants


def test_yaml_syntax_error_names_file_and_line(pack_copy: Path) -> None:
    clauses = pack_copy / "clauses.yaml"
    lines = clauses.read_text(encoding="utf-8").splitlines()
    at = lines.index("clauses:") + 1
    lines.insert(at, "  - id: two: colons")
    clauses.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_pack(pack_copy)
    assert caught.value.path == clauses
    assert caught.value.line == at + 1
    assert "put text containing ': ' in quotes" in str(caught.value)


def test_duplicate_clause_id_is_refused_with_both_places(pack_copy: Path) -> None:
    clauses = pack_copy / "clauses.yaml"
    text = clauses.read_text(encoding="utf-8")
    first_id = load_pack(pack_copy).sections[0].clauses[0]
    text += f"  - id: {first_id}\n    title: Again\n    section: parties\n"
    text += "    variants:\n      standard: Twice.\n"
    clauses.write_text(text, encoding="utf-8")
    with pytest.raises(PackError, match=f"clause id '{first_id}' is used twice"):
        load_pack(pack_copy)


def test_outline_naming_an_unknown_clause_is_refused(pack_copy: Path) -> None:
    pack_yaml = pack_copy / "pack.yaml"
    text = pack_yaml.read_text(encoding="utf-8")
    first_id = load_pack(pack_copy).sections[0].clauses[0]
    text = text.replace(f"[{first_id},", "[no-such-clause,", 1)
    pack_yaml.write_text(text, encoding="utf-8")
    with pytest.raises(PackError, match="names clause 'no-such-clause'"):
        load_pack(pack_copy)


def test_unknown_clause_field_is_reported_with_its_line(pack_copy: Path) -> None:
    clauses = pack_copy / "clauses.yaml"
    text = clauses.read_text(encoding="utf-8").replace("    title:", "    titel:", 1)
    clauses.write_text(text, encoding="utf-8")
    with pytest.raises(PackError, match="'titel' is not a clause field") as caught:
        load_pack(pack_copy)
    assert caught.value.line is not None


def test_unknown_pack_name_lists_the_packs_that_exist() -> None:
    with pytest.raises(PackError, match=r"no template pack 'nonesuch'.*standard"):
        load_pack("nonesuch")


def test_unknown_variant_falls_back_to_standard() -> None:
    clause = next(iter(load_pack("standard").clauses.values()))
    assert clause.body("no-such-variant") == ("standard", clause.variants["standard"])
