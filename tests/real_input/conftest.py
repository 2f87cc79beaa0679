"""Tests with real input: a private Xvfb, Qt on the xcb platform, keys and clicks by xdotool.

They run in a pytest process of their own (`make test` runs them after the offscreen tests),
because Qt chooses its platform once per process. Without Xvfb or xdotool they are skipped,
with the command that installs them, unless SLAEDITOR_REQUIRE_XVFB=1 (CI) makes that a failure.
"""

from __future__ import annotations

import faulthandler
import os
import shutil
import sys
import time
from typing import TYPE_CHECKING

import pytest
from desktop import INSTALL, Desktop, XServer, missing_tools
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from pytestqt.qtbot import QtBot

# A key lost on its way to a dialog leaves the dialog's own event loop waiting for ever. A
# dialog on screen for DIALOG_LIMIT_S is closed and its test fails, naming it; a test still
# running after PROCESS_LIMIT_S (stuck outside any event loop) ends the run with every stack.
DIALOG_LIMIT_S = 45
PROCESS_LIMIT_S = 300
_STDERR: list[int] = []  # the run's own stderr, kept before pytest captures a test's output

_MISSING = missing_tools()
_SERVER = XServer()
if not _MISSING:
    os.environ["DISPLAY"] = _SERVER.start()
    os.environ["QT_QPA_PLATFORM"] = "xcb"

from gui_fixtures import context, render_service, telecom_draft, window  # noqa: E402
from helpers import ROOT  # noqa: E402

__all__ = ["context", "deal", "desktop", "render_service", "telecom_draft", "window"]


@pytest.fixture
def deal(tmp_path: Path) -> Path:
    """A copy of the telecom example (99.9 %, arrival within 4h), safe to save over."""
    path = tmp_path / "deal.sla.yaml"
    shutil.copy(ROOT / "examples" / "telecom-customer.sla.yaml", path)
    return path


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip (or, in CI, fail) every test here when the X tools are missing."""
    if not _MISSING:
        return
    message = f"needs {' and '.join(_MISSING)}: {INSTALL}"
    if os.environ.get("SLAEDITOR_REQUIRE_XVFB") == "1":
        raise pytest.UsageError(message)
    for item in items:
        item.add_marker(pytest.mark.skip(reason=message))


def pytest_configure() -> None:
    """Keep the run's stderr, where the stacks of a stuck test go (a test's own is captured)."""
    _STDERR.append(os.dup(sys.stderr.fileno()))


def pytest_unconfigure() -> None:
    """Stop the private X server."""
    _SERVER.stop()


class DialogWatch:
    """Closes a modal dialog that has stayed on screen for DIALOG_LIMIT_S, noting it.

    Looks once a second, from Qt's event loop (a dialog's own loop runs the timer too).
    """

    def __init__(self) -> None:
        self.closed: list[str] = []
        self._seen: tuple[QWidget, float] | None = None  # the dialog on screen, and since when
        self.timer = QTimer(interval=1000)
        self.timer.timeout.connect(self._look)
        self.timer.start()

    def _look(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            self._seen = None
            return
        now = time.monotonic()
        if self._seen is None or self._seen[0] is not dialog:
            self._seen = (dialog, now)
        elif now - self._seen[1] >= DIALOG_LIMIT_S:
            self.closed.append(f"{type(dialog).__name__} {dialog.windowTitle()!r}")
            self._seen = None
            if isinstance(dialog, QDialog):
                dialog.reject()  # ends its event loop
            else:
                dialog.hide()


@pytest.fixture(autouse=True)
def never_hang(qapp: QApplication) -> Iterator[None]:
    """Fail, never hang, a test whose dialog waits for a key that never came."""
    watch = DialogWatch()
    faulthandler.dump_traceback_later(PROCESS_LIMIT_S, exit=True, file=_STDERR[-1])
    yield
    faulthandler.cancel_dump_traceback_later()
    watch.timer.stop()
    assert not watch.closed, f"open for {DIALOG_LIMIT_S} s, closed: {', '.join(watch.closed)}"


@pytest.fixture
def desktop(qtbot: QtBot) -> Iterator[Desktop]:
    """The mouse and keyboard of the private X server."""
    yield Desktop(qtbot)
