"""A duration means what was typed once the field is left: "4" on the way to "4h" is not 4 minutes.

Typed through the private X server after a real click, with pauses where a person pauses.
The document (and so the autosave, the preview and the saved file) sees the duration when the
field is left or Enter is pressed; Save with the cursor still in the field saves what it shows,
and Undo while typing takes back the typing, not the edit before it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop import go_to_step, open_agreement
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from slaeditor.gui.editing.fields import LineField
from slaeditor.storage import load_agreement

if TYPE_CHECKING:
    from pathlib import Path

    from desktop import Desktop
    from pytestqt.qtbot import QtBot

    from slaeditor.gui.shell.main_window import MainWindow

ARRIVAL = ("terms", "on_site", "arrival_minutes")
PAUSE_MS = 600
"""Longer than the preview's and the checks' timers: whatever a keystroke sets off has run."""


def arrival_field(desktop: Desktop, window: MainWindow) -> LineField:
    page = go_to_step(desktop, window, "on-site")
    arrival = next(f for f in page.fields if f.label == "Arrival time")
    assert isinstance(arrival, LineField)
    assert arrival.path == ARRIVAL
    return arrival


def start_typing(desktop: Desktop, arrival: LineField, text: str) -> None:
    """Click into the field, select what it holds and type over it; the focus stays there."""
    desktop.click(arrival.line)
    desktop.key("ctrl+a")
    desktop.type(text)
    assert desktop.focus() is arrival.line


def test_a_half_typed_duration_is_not_stored_and_the_whole_one_is_when_the_field_is_left(
    desktop: Desktop, qtbot: QtBot, window: MainWindow, deal: Path
) -> None:
    open_agreement(qtbot, window, deal)
    arrival = arrival_field(desktop, window)
    before = window.document.value(ARRIVAL)

    start_typing(desktop, arrival, "6")
    qtbot.wait(PAUSE_MS)  # the user looks up before typing the unit

    stored = window.document.value(ARRIVAL)
    assert stored not in (6, "6"), "the half-typed duration was stored as 6 minutes"
    assert stored == before
    assert arrival.hint.isVisible() and arrival.hint.text() == "means 6 minutes"
    assert not window.modified

    desktop.type("h")
    assert arrival.hint.text() == "means 6 hours"
    desktop.key("Tab")

    assert desktop.focus() is not arrival.line
    assert window.document.value(ARRIVAL) in ("6h", 360)
    assert arrival.line.text() == "6h"
    assert not arrival.hint.isVisible()
    agreement = window.document.result.agreement
    assert agreement is not None and agreement.terms.on_site.arrival_minutes == 360
    window.forget_changes()


def test_enter_stores_the_duration_and_keeps_the_cursor_in_the_field(
    desktop: Desktop, qtbot: QtBot, window: MainWindow, deal: Path
) -> None:
    open_agreement(qtbot, window, deal)
    arrival = arrival_field(desktop, window)

    start_typing(desktop, arrival, "90")
    assert window.document.value(ARRIVAL) == 240
    desktop.key("Return")

    assert window.document.value(ARRIVAL) == 90
    assert desktop.focus() is arrival.line
    window.forget_changes()


def test_ctrl_s_with_the_cursor_still_in_the_duration_saves_what_was_typed(
    desktop: Desktop, qtbot: QtBot, window: MainWindow, deal: Path
) -> None:
    open_agreement(qtbot, window, deal)
    arrival = arrival_field(desktop, window)

    start_typing(desktop, arrival, "6h")
    assert window.document.value(ARRIVAL) == 240
    desktop.key("ctrl+s")

    assert desktop.focus() is arrival.line, "saving leaves the cursor where it was"
    assert not window.modified
    assert load_agreement(deal).terms.on_site.arrival_minutes == 360


def test_undo_while_typing_a_duration_takes_back_the_typing(
    desktop: Desktop, qtbot: QtBot, window: MainWindow, deal: Path
) -> None:
    open_agreement(qtbot, window, deal)
    arrival = arrival_field(desktop, window)
    start_typing(desktop, arrival, "2h")
    desktop.key("Tab")
    assert window.document.value(ARRIVAL) in ("2h", 120)

    start_typing(desktop, arrival, "9h")
    desktop.key("ctrl+z")

    assert window.document.value(ARRIVAL) in ("2h", 120), "the edit before the typing stays"
    assert arrival.line.text() == "2h"
    window.forget_changes()


def test_closing_the_window_while_typing_a_duration_asks_to_save_it_and_saves_it(
    desktop: Desktop, qtbot: QtBot, window: MainWindow, deal: Path
) -> None:
    open_agreement(qtbot, window, deal)
    arrival = arrival_field(desktop, window)
    start_typing(desktop, arrival, "6h")
    asked: list[str] = []

    def answer() -> None:  # the prompt runs its own event loop: answer it from there
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible():
            QTimer.singleShot(50, answer)
            return
        asked.append(box.text())
        # A real click on Save, the default button: with no window manager on the private X
        # server the prompt may not get the keyboard focus, and a Return would go elsewhere.
        desktop.click(box.defaultButton())

    def give_up() -> None:  # never hang the run: a prompt still open after 30 s fails
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            asked.append("still open after 30 s")
            box.reject()

    QTimer.singleShot(50, answer)
    QTimer.singleShot(30_000, give_up)
    assert window.close()

    assert asked and asked[0].startswith("Save the changes"), "closing asks about the typing"
    assert load_agreement(deal).terms.on_site.arrival_minutes == 360
