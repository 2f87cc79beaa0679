"""Drive the application as a person does: the mouse and the keyboard of a real X server.

Keys are sent with xdotool to the X server (a private Xvfb, see tests/real_input/conftest.py)
and reach whatever widget has the keyboard focus, as on a desktop; a test never hands keys to
a widget it picked. Clicks go to screen coordinates. Every call spins Qt's event loop until
the X events have been delivered, so a test reads the state a user would then see.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)

from slaeditor.writers.pdf.forking import die_with_parent

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from PySide6.QtCore import QPoint, QRect
    from pytestqt.qtbot import QtBot

    from slaeditor.gui.shell.main_window import MainWindow
    from slaeditor.gui.wizard.sla_page import SlaPage

TOOLS = ("Xvfb", "xdotool")
INSTALL = "sudo apt-get install xvfb xdotool"
SCREEN = "1920x1080x24"


def missing_tools() -> list[str]:
    """Return the X tools this layer needs that are not installed."""
    return [tool for tool in TOOLS if shutil.which(tool) is None]


class XServer:
    """A private Xvfb for one test run, so no desktop window or user's typing interferes."""

    def __init__(self, screen: str = SCREEN) -> None:
        self.screen = screen
        self.process: subprocess.Popen[bytes] | None = None
        self.display = ""

    def start(self) -> str:
        """Start Xvfb on a free display number and return it (":42")."""
        read_end, write_end = os.pipe()
        self.process = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                str(write_end),
                "-screen",
                "0",
                self.screen,
                "-nolisten",
                "tcp",
                "-ac",
            ],
            pass_fds=(write_end,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=lambda: die_with_parent(signal.SIGTERM),  # ends with the run
        )
        os.close(write_end)
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start (no display number)")
        self.display = f":{number}"
        return self.display

    def stop(self) -> None:
        """Stop the server."""
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)


@dataclass
class Desktop:
    """The user's mouse and keyboard; counts every action as the journey tests count them."""

    qtbot: QtBot
    key_delay_ms: int = 8
    actions: int = 0
    log: list[str] = field(default_factory=list)

    def _run(self, *args: str) -> None:
        with subprocess.Popen(["xdotool", *args]) as process:
            deadline = time.monotonic() + 60
            while process.poll() is None:
                QApplication.processEvents()
                time.sleep(0.002)
                if time.monotonic() > deadline:
                    process.kill()
                    raise TimeoutError(f"xdotool {' '.join(args)} did not finish")
        self.settle()

    def settle(self) -> None:
        """Let the application handle every event the X server has queued for it."""
        _round_trip()
        self.qtbot.wait(15)
        _round_trip()
        QApplication.processEvents()

    def count(self, what: str) -> None:
        """Count one user action (a click, a choice, a shortcut, a field typed into)."""
        self.actions += 1
        self.log.append(what)

    # --- the mouse -----------------------------------------------------------------------

    def click(self, widget: QWidget, pos: QPoint | None = None, *, what: str = "") -> None:
        """Click a widget where a user would (the middle of what shows, or pos)."""
        point = widget.mapToGlobal(pos if pos is not None else visible_middle(widget))
        self._run("mousemove", "--sync", str(point.x()), str(point.y()), "click", "1")
        self.count(what or f"click {describe(widget)}")

    def double_click(self, widget: QWidget, pos: QPoint | None = None) -> None:
        """Double-click a widget (counted as one action)."""
        point = widget.mapToGlobal(pos if pos is not None else visible_middle(widget))
        self._run(
            "mousemove", "--sync", str(point.x()), str(point.y()), "click", "--repeat", "2", "1"
        )
        self.count(f"double-click {describe(widget)}")

    def click_cell(self, view: QAbstractItemView, rect: QRect) -> None:
        """Click the middle of a cell of a table or list (rect in viewport coordinates).

        The view is scrolled into sight first, as a user scrolls to what they click.
        """
        visible_middle(view)
        viewport = view.viewport()
        assert viewport.visibleRegion().contains(rect.center()), f"{describe(view)}: cell hidden"
        self.click(viewport, rect.center(), what=f"click a cell of {describe(view)}")

    # --- the keyboard --------------------------------------------------------------------

    def type(self, text: str) -> None:
        """Type text where the keyboard focus is (not counted: a field and its typing are one).

        A line break is pressed as the Return key (xdotool would send Linefeed, which no
        text box takes for a new line).
        """
        for number, line in enumerate(text.split("\n")):
            if number:
                self._run("key", "Return")
            if line:
                self._run("type", "--delay", str(self.key_delay_ms), "--", line)

    def key(self, *keys: str, counted: bool = False) -> None:
        """Press keys ("ctrl+a", "Tab", "Return") where the keyboard focus is."""
        self._run("key", "--delay", str(self.key_delay_ms), *keys)
        if counted:
            self.count("key " + " ".join(keys))

    def fill(self, widget: QWidget, text: str) -> None:
        """Click into a field, select what it holds and type over it: one action."""
        self.click(widget, what=f"type into {describe(widget)}")
        self.actions -= 1  # the click and the typing count as one
        self.log.pop()
        self.key("ctrl+a")
        self.type(text)
        self.count(f"type {text!r} into {describe(widget)}")

    @staticmethod
    def focus() -> QWidget | None:
        """Return the widget that has the keyboard focus."""
        return QApplication.focusWidget()


def when_active(kind: type[QWidget], answer: Callable[[QWidget], None]) -> None:
    """Answer the next modal `kind` once its window has the keyboard; stop looking after 30 s.

    The dialog runs its own event loop, so it is looked for from a timer. A key pressed before
    its window has the focus goes to the window below, and the dialog waits for ever. A window
    manager activates a new dialog; the private X server has none, so a dialog not active
    after two seconds is activated as one would (and again every two seconds).
    """
    polls, seen = 0, 0

    def poll() -> None:
        nonlocal polls, seen
        polls += 1
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind) or not dialog.isVisible():
            if polls < 300:
                QTimer.singleShot(100, poll)
            return
        seen += 1
        if dialog.isActiveWindow():
            answer(dialog)
            return
        if seen % 20 == 0:
            dialog.activateWindow()
        if seen < 300:
            QTimer.singleShot(100, poll)

    QTimer.singleShot(100, poll)


def open_agreement(qtbot: QtBot, window: MainWindow, path: Path) -> MainWindow:
    """Open an agreement in a window placed on the private screen, active and built."""
    window.move(0, 0)
    window.resize(1400, 1000)
    assert window.open_agreement(path)
    qtbot.waitUntil(lambda: len(window.wizard.built_pages()) > 1, timeout=10_000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    return window


def go_to_step(desktop: Desktop, window: MainWindow, key: str) -> SlaPage:
    """Click the step in the step list, as a user moves between pages."""
    steps = window.steps
    row = next(
        i
        for i in range(steps.count())
        if steps.item(i).data(0x0100) == key  # Qt.UserRole
    )
    desktop.click_cell(steps, steps.visualItemRect(steps.item(row)))
    page = window.wizard.current()
    assert page.key == key, f"the step list did not open {key}"
    return page


def type_cell(desktop: Desktop, view: QAbstractItemView, row: int, col: int, text: str) -> str:
    """Click a cell, type over it (the first key opens its editor) and press Enter.

    Returns what the cell's editor held just before Enter, which must be all that was typed.
    """
    model = view.model()
    index = model.index(row, col)
    view.scrollTo(index)
    desktop.click_cell(view, view.visualRect(index))
    desktop.type(text[:1])  # the first key opens the editor with that key in it
    editor = desktop.focus()
    assert isinstance(editor, QLineEdit), f"typing opened {focus_name(editor)}, not a cell editor"
    desktop.key("ctrl+a")
    desktop.type(text)
    held = editor.text()
    desktop.key("Return")
    return held


def text_boxes(root: QWidget) -> list[QWidget]:
    """Every visible, editable text box under root (not a combo's or a date box's own)."""
    found: list[QWidget] = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, QLineEdit | QPlainTextEdit):
            continue
        if not widget.isVisible() or not widget.isEnabled() or widget.isReadOnly():
            continue
        if isinstance(widget.parentWidget(), QComboBox | QAbstractSpinBox):
            continue
        found.append(widget)
    return found


def shown_text(editor: QWidget) -> str:
    """The text a user sees in a line or text box."""
    if isinstance(editor, QLineEdit):
        return editor.text()
    assert isinstance(editor, QPlainTextEdit)
    return editor.toPlainText()


def focus_name(widget: QWidget | None) -> str:
    """Name the widget that has the keyboard focus, for a failure message."""
    if widget is None:
        return "no widget"
    return f"{type(widget).__name__} {widget.accessibleName() or widget.objectName()!r}"


def keys_lost(desktop: Desktop, boxes: list[QWidget], typed: Callable[[QWidget], str]) -> list[str]:
    """Click into each box, type over it, and say where keys went astray (empty: none)."""
    lost: list[str] = []
    for editor in boxes:
        if not editor.isVisible():
            continue
        text = typed(editor)
        name = editor.accessibleName() or editor.objectName() or type(editor).__name__
        desktop.click(editor)
        if desktop.focus() is not editor:
            lost.append(f"{name}: a click gave the focus to {focus_name(desktop.focus())}")
            continue
        desktop.key("ctrl+a")
        desktop.type(text)
        if desktop.focus() is not editor:
            lost.append(
                f"{name}: after the first keys the focus moved to {focus_name(desktop.focus())}"
            )
        elif shown_text(editor) != text:
            lost.append(f"{name}: typed {text!r}, the box holds {shown_text(editor)!r}")
    return lost


def visible_middle(widget: QWidget) -> QPoint:
    """Scroll the widget in as a user would, and return the middle of the part that shows."""
    for _ in range(3):  # a banner appearing above can push it out again while it scrolls
        parent = widget.parentWidget()
        while parent is not None:
            if isinstance(parent, QScrollArea):
                parent.ensureWidgetVisible(widget, 40, 40)
            parent = parent.parentWidget()
        QApplication.processEvents()
        shown = widget.visibleRegion().boundingRect()
        if shown.height() >= min(widget.height(), 12) and shown.width() > 4:
            return shown.center()
    raise AssertionError(f"{describe(widget)} cannot be scrolled into view")


def describe(widget: QWidget) -> str:
    """Name a widget as a screen reader would, for messages."""
    name = widget.accessibleName() or widget.objectName()
    return f"{type(widget).__name__} {name!r}" if name else type(widget).__name__


def _round_trip() -> None:
    """Wait for the X server to have sent every queued event (xdotool's own XSync)."""
    display = os.environ.get("DISPLAY", "")
    if display:
        subprocess.run(["xdotool", "getmouselocation"], check=False, capture_output=True)
    QApplication.processEvents()
