"""Start the desktop application: `slaeditor` with no command, or with a file to open."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from slaeditor.gui.shell.main_window import build_main_window
from slaeditor.gui.shell.smoke import exit_when_ready
from slaeditor.resources import assets_dir

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

# The desktop entry's file name (packaging/linux): lets Wayland shells match the window to it.
DESKTOP_ID = "io.github.slaeditor.SlaEditor"


def run(path: Path | None = None, *, smoke: bool = False, qt_arguments: Sequence[str] = ()) -> int:
    """Show the main window, offer recovery after a crash, open a file; return the exit code.

    With `smoke`, exit as soon as the window is shown and the render worker is ready
    (slaeditor.gui.shell.smoke), without offering recovery, which would wait for an answer.
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([*sys.argv[:1], *qt_arguments])
    QApplication.setApplicationName("SLA Editor")
    QApplication.setOrganizationName("SLA Editor")
    QApplication.setDesktopFileName(DESKTOP_ID)
    icon = assets_dir() / "icons" / "slaeditor.svg"
    if icon.is_file():
        QApplication.setWindowIcon(QIcon(str(icon)))
    window = build_main_window()
    if smoke:
        exit_when_ready(window, app)
    window.show()
    window.render_service.start()
    if smoke:
        return int(app.exec())

    def after_show() -> None:
        if not window.files.offer_recovery() and path is not None:
            window.open_agreement(path)

    QTimer.singleShot(0, after_show)
    return int(app.exec())
