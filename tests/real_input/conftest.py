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
from typing import TYPE_CHECKING

import pytest
from desktop import INSTALL, Desktop, XServer, missing_tools
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from pytestqt.qtbot import QtBot

# A key lost on its way to a dialog leaves the dialog's own event loop waiting for ever. After
# DIALOG_LIMIT_S a test's open dialogs are closed and the test fails, naming them; a test still
# running after PROCESS_LIMIT_S (stuck outside any event loop) ends the run with every stack.
DIALOG_LIMIT_S = 90
PROCESS_LIMIT_S = 300

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


def pytest_unconfigure() -> None:
    """Stop the private X server."""
    _SERVER.stop()


@pytest.fixture(autouse=True)
def never_hang(qapp: QApplication) -> Iterator[None]:
    """Fail, never hang, a test whose dialog waits for a key that never came."""
    left_open: list[str] = []

    def close_dialogs() -> None:
        for _ in range(5):  # a dialog opened from another's answer is closed in turn
            dialog = QApplication.activeModalWidget()
            if dialog is None or not dialog.isVisible():
                return
            left_open.append(f"{type(dialog).__name__} {dialog.windowTitle()!r}")
            if isinstance(dialog, QDialog):
                dialog.reject()
            else:
                dialog.hide()
            QApplication.processEvents()

    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(close_dialogs)
    timer.start(DIALOG_LIMIT_S * 1000)
    faulthandler.dump_traceback_later(PROCESS_LIMIT_S, exit=True, file=sys.stderr)
    yield
    faulthandler.cancel_dump_traceback_later()
    timer.stop()
    assert not left_open, f"still open after {DIALOG_LIMIT_S} s, closed: {', '.join(left_open)}"


@pytest.fixture
def desktop(qtbot: QtBot) -> Iterator[Desktop]:
    """The mouse and keyboard of the private X server."""
    yield Desktop(qtbot)
