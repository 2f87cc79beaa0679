"""Fixtures for the wizard: a private context per test and one shared render worker.

Used by tests/gui (offscreen) and tests/real_input (Xvfb, real key and mouse events); each
conftest imports them, and chooses the Qt platform before any QApplication exists.

Starting the worker costs seconds (it imports WeasyPrint and renders a contract to warm up),
so the tests share one per session; each window gets a fresh context over a temporary folder,
so no test sees another's settings, recent files or autosaves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from helpers import EXAMPLES_DIR

from slaeditor.gui import build_main_window
from slaeditor.gui.context import AppContext
from slaeditor.gui.render_service import RenderService
from slaeditor.storage import load_agreement
from slaeditor.storage.drafts import draft_from_agreement

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from PySide6.QtWidgets import QApplication
    from pytestqt.qtbot import QtBot

    from slaeditor.gui.shell.main_window import MainWindow

WARM_UP_MS = 90_000


@pytest.fixture(scope="session")
def render_service(
    qapp: QApplication, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RenderService]:
    """One worker process for the whole test session, its previews in pytest's temp folder."""
    service = RenderService(temp_parent=str(tmp_path_factory.mktemp("previews")))
    service.start()
    yield service
    service.stop()


@pytest.fixture
def context(tmp_path: Path, render_service: RenderService) -> AppContext:
    """A context whose settings and autosaves live in the test's own folder."""
    data = tmp_path / "data"
    data.mkdir()
    made = AppContext.create(data)
    made.render_service = render_service
    return made


@pytest.fixture(scope="session")
def telecom_draft() -> dict[str, Any]:
    """The telecom example as the wizard holds it (shared: copy it before changing it)."""
    return draft_from_agreement(load_agreement(EXAMPLES_DIR / "telecom-customer.sla.yaml"))


@pytest.fixture
def window(qtbot: QtBot, context: AppContext) -> Iterator[MainWindow]:
    """A shown main window; changes are dropped at the end so closing does not ask."""
    made = build_main_window(context)  # not qtbot.addWidget: it would close before we can
    made.show()
    made.activateWindow()
    qtbot.waitExposed(made)
    yield made
    made.forget_changes()
    made.close()


def wait_until_ready(qtbot: QtBot, service: RenderService) -> None:
    """Wait for the shared worker's warm-up (only the first test pays for it)."""
    if not service.is_ready():
        with qtbot.waitSignal(service.ready, timeout=WARM_UP_MS):
            pass


def answer_file_dialog(target: Path, *more: Path) -> None:
    """When the next file dialog opens, type the file name in it and accept, as a user does.

    Several files (a dialog that takes more than one) are typed as the dialog lists them:
    each name in quotes, from the folder of the first.
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, answer)
            return
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name is not None
        if more:
            dialog.setDirectory(str(target.parent))
            name.setText(" ".join(f'"{path.name}"' for path in (target, *more)))
        else:
            name.setText(str(target))
        dialog.accept()

    QTimer.singleShot(20, answer)
