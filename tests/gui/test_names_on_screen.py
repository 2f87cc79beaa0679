"""Nothing technical on screen: clauses, sites and groups are named as the user knows them.

A clause without a title is named by its place in the template pack ("Opening paragraph in
Parties and document control") or by its first words, never by its id ("parties"); a
problem with a service's site or customer group names the service and the groups there are,
not the ids the file keeps.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import TYPE_CHECKING, Any

import pytest
from gui.library_helpers import CLAIMS
from helpers import EXAMPLES_DIR
from wording_support import ACME, write_team_library

from slaeditor.gui.context import AppContext
from slaeditor.gui.editing.edited_agreement import EditedAgreement
from slaeditor.gui.wizard.pages.wording import WordingPage
from slaeditor.gui.wording.slot_data import clause_name
from slaeditor.model import Agreement
from slaeditor.model.validation import check
from slaeditor.storage import load_agreement
from slaeditor.storage.drafts import draft_from_agreement

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

OPENING = "Opening paragraph in Parties and document control"


@pytest.fixture
def page(qtbot: QtBot, tmp_path: Path, telecom_draft: dict[str, Any]) -> WordingPage:
    made = WordingPage(
        AppContext.create(tmp_path / "data"), EditedAgreement(copy.deepcopy(telecom_draft))
    )
    qtbot.addWidget(made)
    made.resize(660, 800)
    made.show()
    made.load_from(made.document)
    return made


def test_an_untitled_pack_clause_is_listed_and_headed_by_its_place_in_the_pack(
    page: WordingPage,
) -> None:
    assert page.select_slot("parties")
    picker = page.picker
    assert picker.select("Standard pack", "parties")
    results = picker.results
    row = results.currentRow()

    assert results.item(row).text() == f"{OPENING}  ·  Standard pack"
    assert f"{OPENING} in Standard pack" in results.item(row).toolTip()
    assert picker.title.text() == OPENING
    for index in range(results.count()):
        assert not results.item(index).text().startswith("parties"), results.item(index).text()


def test_the_notes_about_another_library_name_the_clause_not_its_id(
    qtbot: QtBot, tmp_path: Path, telecom_draft: dict[str, Any]
) -> None:
    team = tmp_path / "acme.clauses.yaml"
    write_team_library(team)
    context = AppContext.create(tmp_path / "data")
    context.set_team_library_paths([team])
    made = WordingPage(context, EditedAgreement(copy.deepcopy(telecom_draft)))
    qtbot.addWidget(made)
    made.load_from(made.document)
    assert made.select_slot("credits-claims")
    picker = made.picker

    notes = []
    for library in ("Standard pack", ACME):
        assert picker.select(library, "credits-claims")
        notes.append(picker.shadow.text())

    assert "also has a clause “Claiming Service Credits” and comes first" in notes[0]
    assert "Other libraries also have a clause “Claiming Service Credits”" in notes[1]
    assert not any("credits-claims" in note for note in notes), notes


def test_a_clause_with_neither_title_nor_place_is_named_by_its_first_words() -> None:
    loose = dataclasses.replace(CLAIMS, id="claims-2031", title="")
    long = dataclasses.replace(
        loose, variants={"standard": "A b c d e f g h i j {{ provider_name }} k."}
    )
    empty = dataclasses.replace(loose, variants={"standard": "{% if x %}{% endif %}"})

    assert clause_name(loose, {}) == "… must claim a Service Credit within 30…"
    assert clause_name(long, {}) == "A b c d e f g h…"
    assert clause_name(empty, {}) == "Untitled clause"
    assert clause_name(CLAIMS, {"credits-claims": "Elsewhere"}) == CLAIMS.title


def test_a_missing_site_or_group_is_explained_without_quoting_ids() -> None:
    data = draft_from_agreement(load_agreement(EXAMPLES_DIR / "managed-it-multilevel.sla.yaml"))
    service = data["services"][0]
    service["sites"] = [*service.get("sites", []), "ghost-site-17"]
    service["group"] = "vanished-group-9"
    agreement = Agreement.model_validate(data)

    messages = [
        issue.message
        for issue in check(agreement)
        if issue.path.startswith("services[0].sites") or issue.path == "services[0].group"
    ]

    assert len(messages) == 2, messages
    for message in messages:
        assert "ghost-site-17" not in message and "vanished-group-9" not in message, message
        assert message.startswith(f"{service['name']}:"), message
    assert any("Head Office" in message for message in messages), "the groups there are"
