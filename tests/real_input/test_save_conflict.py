"""A colleague's save meanwhile: Ctrl+S asks, Enter keeps everyone's work, a click overwrites.

Typed and clicked through the private X server where the focus is: the customer's short name
is typed after a real click, Ctrl+S is pressed on the keyboard, and the dialog that shows both
versions is answered with the Enter key (its default, Cancel) or a click on a button.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

from desktop import when_active
from helpers import ROOT

from slaeditor.gui.shell.save_conflict import SaveConflictDialog

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from desktop import Desktop
    from PySide6.QtWidgets import QWidget
    from pytestqt.qtbot import QtBot

    from slaeditor.gui.shell.main_window import MainWindow

THEIRS = "Meridian Freight Group plc (renamed by a colleague)"


def _edited_then_changed_on_disk(
    desktop: Desktop, qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> Path:
    path = tmp_path / "deal.sla.yaml"
    shutil.copy(ROOT / "examples" / "telecom-customer.sla.yaml", path)
    window.move(0, 0)
    window.resize(1400, 1000)
    assert window.open_agreement(path)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    window.wizard.go_to("parties")
    page = window.wizard.current()
    short = next(f for f in page.fields if f.path == ("customer", "short_name"))
    desktop.fill(short.editor, "Meridian mine")
    qtbot.waitUntil(lambda: window.document.value(("customer", "short_name")) == "Meridian mine")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: Meridian Freight Group plc", f"name: {THEIRS}", 1), "utf-8")
    return path


def _when_asked(answer: Callable[[SaveConflictDialog], None], shown: list[str]) -> None:
    """Note what the dialog shows and answer it, once it has the keyboard (when_active)."""

    def answered(dialog: QWidget) -> None:
        assert isinstance(dialog, SaveConflictDialog)
        shown.append(dialog.comparison.toPlainText())
        answer(dialog)

    when_active(SaveConflictDialog, answered)


def test_enter_on_the_conflict_keeps_the_colleagues_file_and_my_typing(
    desktop: Desktop, qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = _edited_then_changed_on_disk(desktop, qtbot, window, tmp_path)
    theirs = path.read_text(encoding="utf-8")
    shown: list[str] = []
    _when_asked(lambda _dialog: desktop.key("Return"), shown)

    desktop.key("ctrl+s")
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    qtbot.wait(300)

    assert THEIRS in shown[0] and "Meridian mine" in shown[0]
    assert path.read_text(encoding="utf-8") == theirs
    assert window.modified and window.document.value(("customer", "short_name")) == "Meridian mine"


def test_a_click_on_overwrite_saves_mine_over_theirs(
    desktop: Desktop, qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = _edited_then_changed_on_disk(desktop, qtbot, window, tmp_path)
    shown: list[str] = []
    _when_asked(lambda dialog: desktop.click(dialog.buttons["overwrite"]), shown)

    desktop.key("ctrl+s")
    qtbot.waitUntil(lambda: not window.modified, timeout=10_000)

    on_disk = path.read_text(encoding="utf-8")
    assert "short_name: Meridian mine" in on_disk and THEIRS not in on_disk
