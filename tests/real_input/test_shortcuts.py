"""The desktop's keys do what a user expects: F1 opens the guide at the step, Ctrl+F searches.

Pressed on the private X server's keyboard, with the focus wherever the last click put it; the
guide's search words are typed there too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from helpers import ROOT
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from desktop import Desktop
    from pytestqt.qtbot import QtBot

    from slaeditor.gui.shell.main_window import MainWindow


def opened(qtbot: QtBot, window: MainWindow) -> MainWindow:
    window.move(0, 0)
    window.resize(1400, 1000)
    assert window.open_agreement(ROOT / "examples" / "telecom-customer.sla.yaml")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    return window


def test_f1_opens_the_user_guide_at_the_page_of_the_step_on_screen(
    desktop: Desktop, qtbot: QtBot, window: MainWindow
) -> None:
    opened(qtbot, window)
    window.wizard.go_to("credits")
    page = window.wizard.current()
    desktop.click(page.fields[0].editor)

    desktop.key("F1")
    qtbot.waitUntil(lambda: window.guide is not None and window.guide.isVisible(), timeout=5_000)

    guide = window.guide
    assert guide is not None
    assert guide.current_key() == "credits"
    assert "Service credits" in guide.page.toPlainText()
    desktop.click(guide.search)
    desktop.type("signature field")
    assert desktop.focus() is guide.search
    assert guide.search.text() == "signature field"
    found = [guide.listing.item(i).text() for i in range(guide.listing.count())]
    assert "Signing and verifying" in found and "Service credits" not in found
    guide.close()


def test_ctrl_f_goes_to_the_search_box_of_the_page(
    desktop: Desktop, qtbot: QtBot, window: MainWindow
) -> None:
    opened(qtbot, window)
    window.wizard.go_to("wording")
    page = window.wizard.current()
    desktop.click(page.outline)  # type: ignore[attr-defined]

    desktop.key("ctrl+f")
    desktop.type("credit")

    search = page.search_box()
    assert search is not None and QApplication.focusWidget() is search
    assert search.text() == "credit"
    window.forget_changes()
