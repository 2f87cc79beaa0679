"""The conflict dialog: a colleague's changes are shown and each button does what it says."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from slaeditor.gui.library_manager.conflict_dialog import Choice, ConflictDialog, resolve_conflict
from slaeditor.gui.plain_text import plain_tip

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot


@dataclass(frozen=True)
class Change:
    """The shape of slaeditor.clauses.library.ClauseChange."""

    clause_id: str
    kind: str
    diff: str


@dataclass
class Conflict:
    """The shape of slaeditor.clauses.library.LibraryConflict."""

    path: Path
    changes: list[Change] = field(default_factory=list)


CONFLICT = Conflict(
    Path("/shared/team.clauses.yaml"),
    [
        Change("credits-claims", "changed", "@@ -1 +1 @@\n-within 30 days\n+within 14 days\n"),
        Change("new-one", "added", ""),
    ],
)


class Host(QWidget):
    """A window with the prompt hook the main window and the manager have."""

    last_prompt: ConflictDialog | None = None


@pytest.mark.parametrize("choice", ["overwrite", "reload", "cancel"])
def test_each_button_returns_its_choice_and_the_dialog_lists_the_changes(
    qtbot: QtBot, choice: Choice
) -> None:
    host = Host()
    qtbot.addWidget(host)
    seen: dict[str, object] = {}

    def answer() -> None:
        dialog = host.last_prompt
        if dialog is None:
            QTimer.singleShot(20, answer)
            return
        seen["ids"] = dialog.changed_clause_ids()
        seen["diff"] = dialog.diff_view.toPlainText()
        dialog.buttons[choice].click()

    QTimer.singleShot(20, answer)
    assert resolve_conflict(host, CONFLICT) == choice
    assert seen["ids"] == ["credits-claims", "new-one"]
    assert "+within 14 days" in str(seen["diff"])
    assert host.last_prompt is None


def test_escape_cancels(qtbot: QtBot) -> None:
    host = Host()
    qtbot.addWidget(host)

    def answer() -> None:
        if host.last_prompt is None:
            QTimer.singleShot(20, answer)
            return
        host.last_prompt.reject()

    QTimer.singleShot(20, answer)
    assert resolve_conflict(host, CONFLICT) == "cancel"


def test_an_added_clause_without_diff_says_what_happened(qtbot: QtBot) -> None:
    dialog = ConflictDialog(None, CONFLICT)
    qtbot.addWidget(dialog)
    dialog.changes_list.setCurrentRow(1)
    assert dialog.diff_view.toPlainText() == "Clause new-one was added."
    assert dialog.changes_list.item(1).text() == "new-one (added)"
    assert dialog.changes_list.item(1).toolTip() == plain_tip(
        "Clause new-one was added by the other save."
    )
