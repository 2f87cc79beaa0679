"""Start the desktop application: `slaeditor` with no command, or with a file to open."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


def run(path: Path | None = None) -> int:
    """Show the main window, offer recovery after a crash, open a file; return the exit code."""
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from slaeditor.gui import build_main_window
    from slaeditor.resources import assets_dir

    app = QApplication.instance() or QApplication(sys.argv[:1])
    QApplication.setApplicationName("SLA Editor")
    QApplication.setOrganizationName("SLA Editor")
    QApplication.setDesktopFileName("slaeditor")
    icon = assets_dir() / "icons" / "slaeditor.svg"
    if icon.is_file():
        QApplication.setWindowIcon(QIcon(str(icon)))
    window = build_main_window()
    window.show()
    window.render_service.start()

    def after_show() -> None:
        if not window.files.offer_recovery() and path is not None:
            window.open_agreement(path)

    QTimer.singleShot(0, after_show)
    return int(app.exec())
