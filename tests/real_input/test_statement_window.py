"""File > Monthly statement… with the private X server's keyboard and mouse.

The menu is opened by its keys (Alt+F, M), the period typed where the window puts the focus,
a wrong unit is left with Tab and named, and the corrected period computed with Enter and
with a real click on Compute; the statement the render worker wrote then shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop import keys_lost, open_agreement, text_boxes
from helpers import EXAMPLES_DIR
from PySide6.QtWidgets import QApplication

from slaeditor.gui.statement.window import StatementWindow

if TYPE_CHECKING:
    from desktop import Desktop
    from pytestqt.qtbot import QtBot

    from slaeditor.gui.shell.main_window import MainWindow

TELECOM = EXAMPLES_DIR / "telecom-customer.sla.yaml"
RENDER_MS = 180_000


def shown_words(statement: StatementWindow) -> str:
    from pypdf import PdfReader

    shown = statement.shown_file()
    assert shown is not None
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(shown).pages)


def test_the_statement_is_typed_for_and_computed_from_the_keyboard_and_a_click(
    desktop: Desktop, qtbot: QtBot, window: MainWindow
) -> None:
    open_agreement(qtbot, window, TELECOM)
    desktop.key("alt+f", counted=True)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=5_000)
    desktop.key("m", counted=True)
    qtbot.waitUntil(lambda: window.findChild(StatementWindow) is not None, timeout=5_000)
    statement = window.findChild(StatementWindow)
    assert statement is not None
    statement.move(0, 0)
    qtbot.waitUntil(statement.isActiveWindow, timeout=5_000)
    inputs = statement.inputs
    # the files, as their Choose… dialogs would name them
    inputs.measurements.set_path(EXAMPLES_DIR / "telecom-customer-2025-05.measurements.csv")
    inputs.support.set_path(EXAMPLES_DIR / "telecom-customer-2025-05.support.csv")

    assert desktop.focus() is inputs.period
    desktop.type("2025-Q2")
    desktop.key("Tab")
    assert inputs.period_message.isVisible()
    assert "is a quarter, but the service is measured per month" in inputs.period_message.text()

    desktop.fill(inputs.period, "2025-05")
    assert not inputs.period_message.isVisible()
    with qtbot.waitSignal(statement.shown, timeout=RENDER_MS):
        desktop.key("Return")
    assert "Total Service Credits: £221.00" in shown_words(statement)

    with qtbot.waitSignal(statement.shown, timeout=RENDER_MS):
        desktop.click(statement.compute_button)  # Refresh: the files are read again
    assert statement.preview.error_text() == ""
    assert "Total Service Credits: £221.00" in shown_words(statement)
    statement.close()


def test_every_key_typed_into_the_statement_windows_boxes_lands(
    desktop: Desktop, qtbot: QtBot, window: MainWindow
) -> None:
    open_agreement(qtbot, window, TELECOM)
    window.actions_by_name["Monthly statement"].trigger()
    statement = window.findChild(StatementWindow)
    assert statement is not None
    statement.move(0, 0)
    statement.activateWindow()
    qtbot.waitUntil(statement.isActiveWindow, timeout=5_000)
    boxes = text_boxes(statement.inputs)
    names = [box.accessibleName() for box in boxes]
    assert names == [
        "Agreement file",
        "Measurements file",
        "Support tickets file",
        "Earlier statements",
        "Period",
    ]
    lost = keys_lost(
        desktop, boxes, lambda box: "march.json; april.json" if box is boxes[3] else "2025-05"
    )
    statement.close()
    assert not lost, "keys lost in the statement window:\n" + "\n".join(lost)
