"""Saving over an agreement a colleague changed on disk asks first, showing both versions.

Libraries already checked this; agreements did not, and a save silently replaced a colleague's
work in a shared folder. The dialog's buttons are clicked with the mouse, as a user would.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest
from helpers import ROOT
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from slaeditor.gui.shell.save_conflict import SaveConflictDialog

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from slaeditor.gui.shell.main_window import MainWindow

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"
THEIRS = "Meridian Freight Group plc (renamed by a colleague)"


def _opened_and_edited(window: MainWindow, tmp_path: Path) -> Path:
    path = tmp_path / "deal.sla.yaml"
    shutil.copy(TELECOM, path)
    assert window.open_agreement(path)
    window.document.set_value(("customer", "short_name"), "Meridian (mine)")
    assert window.modified
    return path


def _colleague_saves(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    changed = text.replace("name: Meridian Freight Group plc", f"name: {THEIRS}", 1)
    assert changed != text
    path.write_text(changed, encoding="utf-8")
    return changed


def _click_when_asked(qtbot: QtBot, window: MainWindow, choice: str, seen: list[str]) -> None:
    def click() -> None:
        dialog = window.last_prompt
        if not isinstance(dialog, SaveConflictDialog):
            QTimer.singleShot(20, click)
            return
        seen.append(dialog.comparison.toPlainText())
        button = dialog.buttons[choice]  # type: ignore[index]
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def give_up() -> None:  # never hang the run: a prompt still open after 30 s fails the test
        box = QApplication.activeModalWidget()
        if not seen and box is not None and box.isVisible():
            seen.append("a prompt was still open after 30 s")
            box.close()

    QTimer.singleShot(20, click)
    limit = QTimer(window)  # goes with the window, so it never fires in a later test
    limit.setSingleShot(True)
    limit.timeout.connect(give_up)
    limit.start(30_000)


def test_saving_an_unchanged_file_does_not_ask(window: MainWindow, tmp_path: Path) -> None:
    path = _opened_and_edited(window, tmp_path)

    assert window.save()

    assert "Meridian (mine)" in path.read_text(encoding="utf-8")
    assert window.last_prompt is None


@pytest.mark.parametrize("choice", ["cancel", "overwrite", "reload"])
def test_a_colleagues_change_is_shown_and_kept_unless_the_user_overwrites_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, choice: str
) -> None:
    path = _opened_and_edited(window, tmp_path)
    theirs = _colleague_saves(path)
    seen: list[str] = []
    _click_when_asked(qtbot, window, choice, seen)

    saved = window.save()

    (shown,) = seen
    assert THEIRS in shown and "Meridian (mine)" in shown  # both versions, side by side
    on_disk = path.read_text(encoding="utf-8")
    if choice == "overwrite":
        assert saved and "Meridian (mine)" in on_disk and THEIRS not in on_disk
        assert not window.modified
    elif choice == "cancel":
        assert not saved and on_disk == theirs
        assert window.modified  # my changes are still here, unsaved
        assert window.document.value(("customer", "short_name")) == "Meridian (mine)"
    else:
        assert not saved and on_disk == theirs
        assert window.document.value(("customer", "name")) == THEIRS
        assert not window.modified


def test_after_overwriting_the_next_save_does_not_ask_again(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = _opened_and_edited(window, tmp_path)
    _colleague_saves(path)
    _click_when_asked(qtbot, window, "overwrite", [])
    assert window.save()
    window.document.set_value(("customer", "short_name"), "Meridian (mine, again)")

    assert window.save()

    assert "Meridian (mine, again)" in path.read_text(encoding="utf-8")
