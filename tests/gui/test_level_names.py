"""One name for each level everywhere: "corporate terms", "customer group", "service".

The wizard's "Applies to" list, the start page, the guide, the clause picker and the library
manager all call the levels of a multi-level agreement the same; another name ("shared terms",
"customer level") would make a drafter wonder whether it is another thing.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import re
from typing import TYPE_CHECKING, Any

from gui.library_helpers import CLAIMS, FORCE_MAJEURE, HOURS, make_context, write_library
from helpers import ROOT

from slaeditor.gui.editing.edited_agreement import EditedAgreement
from slaeditor.gui.library_manager.clause_editor import ClauseEditor
from slaeditor.gui.shell.user_guide import read_topics
from slaeditor.gui.wizard.pages.service_levels import ServiceLevelsPage
from slaeditor.gui.wording.clause_picker import ClausePicker
from slaeditor.storage.starter import SLA_TYPES

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

BANNED = re.compile(
    r"shared terms|common terms|general terms|corporate[- ]level|customer[- ]levels?\b|"
    r"group[- ]level|corporate, customer and service",
    re.IGNORECASE,
)
"""Other names for the levels, seen on screen before: each level has one name."""
LEVELS = {
    "corporate": "the corporate terms",
    "customer": "a customer group",
    "service": "a service",
}


def gui_strings() -> list[tuple[str, str]]:
    """Every string written in the GUI's code (labels, notes, messages), with its file."""
    found = []
    for path in sorted((ROOT / "slaeditor" / "gui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.append((path.relative_to(ROOT).as_posix(), node.value))
    return found


def test_the_guide_the_start_page_and_the_gui_use_one_name_for_each_level() -> None:
    texts = [(f"guide: {topic.key}", topic.text) for topic in read_topics()]
    texts += [(f"start page: {label}", explanation) for _, label, explanation in SLA_TYPES]
    texts += gui_strings()
    assert len(texts) > 1000

    wrong = [f"{where}: {match[0]!r}" for where, text in texts for match in BANNED.finditer(text)]

    assert not wrong, "\n".join(wrong)


def test_the_clause_picker_and_the_library_manager_name_each_level_as_the_wizard_does(
    qtbot: QtBot, tmp_path: Path
) -> None:
    team = tmp_path / "team.clauses.yaml"
    clauses = [FORCE_MAJEURE, dataclasses.replace(HOURS, level="customer"), CLAIMS]
    write_library(team, "Team", clauses)
    library_set = make_context(tmp_path, [team]).library_set("standard")
    picker = ClausePicker(EditedAgreement({}))
    qtbot.addWidget(picker)
    picker.set_library_set(library_set)
    picker.set_sections([], "")
    editor = ClauseEditor()
    qtbot.addWidget(editor)

    for clause in clauses:
        assert picker.select("Team", clause.id)
        details = picker.details.text()
        assert f"for {LEVELS[clause.level]}" in details, details
        assert not re.search(r"\b(corporate|customer|service) level\b", details), details
        editor.set_clause(clause)
        shown = editor.level_combo.currentText()
        assert shown == LEVELS[clause.level].split(" ", 1)[1].capitalize(), shown
        saved = editor.clause()
        assert saved is not None and saved.level == clause.level  # the file keeps its word


def test_the_applies_to_list_names_the_levels_as_everywhere(
    qtbot: QtBot, tmp_path: Path, telecom_draft: dict[str, Any]
) -> None:
    data = copy.deepcopy(telecom_draft)
    page = ServiceLevelsPage(make_context(tmp_path, []), EditedAgreement(data))
    qtbot.addWidget(page)
    page.load_from(page.document)

    shown = [page.level.itemText(i) for i in range(page.level.count())]

    assert shown[0] == "All services (the corporate terms)"
    names = [service["name"] for service in data["services"]]
    assert shown[1:] == [f"Service {name}" for name in names]
