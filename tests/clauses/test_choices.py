"""An agreement keeps the clause text it chose, so it renders the same however the library moves."""

from __future__ import annotations

import dataclasses
import shutil
from typing import TYPE_CHECKING

import pytest
from helpers import EXAMPLES, ROOT, docx_text, pdf_text, words

from slaeditor import load_agreement, render, save_agreement
from slaeditor.clauses.choices import (
    choose,
    edit,
    library_text,
    newer_version,
    render_preview,
    save_back,
    text_diff,
)
from slaeditor.clauses.library import LibraryError, approve, load_library, save_library
from slaeditor.clauses.library_set import LibrarySet, LibrarySource
from slaeditor.compose import RenderError, compose
from slaeditor.storage.files import agreement_to_text

if TYPE_CHECKING:
    from pathlib import Path

STANDARD = ROOT / "templates" / "standard"
TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"
EDITED = "Claims go to the Claims Desk of {{ provider_name }} within 45 days, in writing."


@pytest.fixture
def team(tmp_path: Path) -> LibrarySet:
    target = tmp_path / "team.clauses.yaml"
    shutil.copy(STANDARD / "clauses.yaml", target)
    library = load_library(target)
    library.name = "Acme legal"
    save_library(library, force=True)
    return LibrarySet(
        [LibrarySource("team", target), LibrarySource("pack", STANDARD / "clauses.yaml")]
    )


def _words(path: Path) -> str:
    return " ".join(words(pdf_text(path) if path.suffix == ".pdf" else docx_text(path)))


def test_the_recorded_text_is_rendered_even_after_the_library_changes(
    team: LibrarySet, tmp_path: Path
) -> None:
    entry = team.find("Acme legal", "credits-claims")
    assert entry is not None
    agreement = load_agreement(TELECOM)
    agreement.clauses = {"credits-claims": edit(choose(entry, "fallback"), EDITED)}
    saved = tmp_path / "a.sla.yaml"
    save_agreement(agreement, saved)
    library = entry.library
    library.clauses = [
        dataclasses.replace(c, variants={k: "Changed." for k in c.variants})
        if c.id == "credits-claims" else c
        for c in library.clauses
    ]  # fmt: skip
    save_library(library)

    reopened = load_agreement(saved)
    assert reopened.clauses == agreement.clauses
    for suffix in (".pdf", ".docx"):
        text = _words(render(reopened, tmp_path / f"c{suffix}"))
        assert "Claims go to the Claims Desk of Albion Connect within 45 days, in writing." in text
        assert "Changed." not in text


def test_recording_the_pack_text_renders_exactly_what_no_choice_renders() -> None:
    pack_set = LibrarySet([LibrarySource("pack", STANDARD / "clauses.yaml")])
    for example in EXAMPLES:
        agreement = load_agreement(example)
        assert not agreement.clauses and "clauses:" not in agreement_to_text(agreement)
        before = compose(agreement)
        recorded = agreement.model_copy(deep=True)
        for entry in pack_set.entries():
            wording = agreement.clauses.get(entry.clause.id)
            variant = wording.variant if wording is not None else "standard"
            recorded.clauses[entry.clause.id] = choose(entry, variant)
        assert compose(recorded) == before, example.name


def test_a_recorded_choice_is_saved_readably_and_opens_again(
    team: LibrarySet, tmp_path: Path
) -> None:
    entry = team.find("Acme legal", "exclusions-events")
    assert entry is not None
    agreement = load_agreement(TELECOM)
    agreement.clauses = {"exclusions-events": choose(entry, "fallback")}
    text = agreement_to_text(agreement)
    assert "clauses:\n  exclusions-events:\n    library: Acme legal\n" in text
    assert "    text: |-\n      {% set listed = exclusions | rejectattr(" in text
    path = tmp_path / "x.sla.yaml"
    save_agreement(agreement, path)
    assert load_agreement(path).clauses["exclusions-events"].modified is False


def test_the_wizard_journey_fallback_edit_save_back_and_export(
    team: LibrarySet, tmp_path: Path
) -> None:
    entry = team.find("Acme legal", "credits-claims")
    assert entry is not None
    choice = edit(choose(entry, "fallback"), EDITED)
    assert choice.modified
    assert "+Claims go to the Claims Desk" in text_diff(
        entry.clause.variants["fallback"], choice.text
    )

    library = save_back(entry.library, choice, variant_name="claims-desk")
    library = save_library(library)
    team.replace(library)
    stored = team.find("Acme legal", "credits-claims")
    assert stored is not None
    assert stored.clause.variants["claims-desk"] == EDITED + "\n"
    assert stored.clause.status == "draft"

    agreement = load_agreement(TELECOM)
    agreement.clauses = {"credits-claims": choose(stored, "claims-desk")}
    pdf = render(agreement, tmp_path / "contract.pdf")
    assert "Claims go to the Claims Desk of Albion Connect within 45 days" in _words(pdf)


def test_save_back_as_a_new_clause_copies_the_section_and_starts_as_a_draft(
    team: LibrarySet,
) -> None:
    entry = team.find("Acme legal", "credits-claims")
    assert entry is not None
    choice = edit(choose(entry, "standard"), EDITED)
    library = save_back(entry.library, choice, as_new_clause_id="claims-desk", title="Claims desk")
    new = library.clause("claims-desk")
    assert new is not None
    assert (new.section, new.level, new.status, new.version) == ("credits", "service", "draft", 0)
    assert new.variants == {"standard": EDITED + "\n"}
    with pytest.raises(LibraryError, match="already has a clause"):
        save_back(library, choice, as_new_clause_id="claims-desk")
    with pytest.raises(LibraryError, match="already has a variant 'fallback'"):
        save_back(entry.library, choice, variant_name="fallback")


def test_a_newer_library_version_is_offered_with_its_difference(team: LibrarySet) -> None:
    entry = team.find("Acme legal", "credits-cap")
    assert entry is not None
    choice = choose(entry, "standard")
    assert newer_version(choice, team) is None
    library = entry.library
    changed = approve(dataclasses.replace(
        entry.clause, variants={**entry.clause.variants, "standard": "Credits are capped."}
    ))  # fmt: skip
    library.clauses = [changed if c.id == changed.id else c for c in library.clauses]
    team.replace(save_library(library))

    newer = newer_version(choice, team)
    assert newer is not None and newer.version == choice.version + 1
    new_text = library_text(choice, team)
    assert new_text == "Credits are capped."
    assert "+Credits are capped." in text_diff(choice.text, new_text)


def test_the_preview_fills_in_the_agreements_values() -> None:
    agreement = load_agreement(TELECOM)
    assert render_preview(agreement, "{{ provider_name }} pays {{ customer_name }}.") == (
        "Albion Connect pays Meridian."
    )
    with pytest.raises(RenderError, match="line 2"):
        render_preview(agreement, "Fine.\n{{ provider.nmae }}")
    with pytest.raises(RenderError, match="__class__"):
        render_preview(agreement, "{{ ''.__class__ }}")


def test_a_slot_not_in_the_outline_is_refused_naming_it(team: LibrarySet) -> None:
    entry = team.find("Acme legal", "credits-cap")
    assert entry is not None
    agreement = load_agreement(TELECOM)
    agreement.clauses = {"no-such-slot": choose(entry, "standard")}
    with pytest.raises(RenderError, match=r"clauses\.no-such-slot: .*no clause 'no-such-slot'"):
        compose(agreement)


def test_a_library_choice_without_its_slot_is_a_validation_error_at_clauses(
    team: LibrarySet,
) -> None:
    from slaeditor.model.validation import check

    entry = team.find("Acme legal", "credits-cap")
    assert entry is not None
    agreement = load_agreement(TELECOM)
    agreement.clauses = {" ": choose(entry, "standard")}
    assert [i.path for i in check(agreement) if i.level == "error"] == ["clauses"]
