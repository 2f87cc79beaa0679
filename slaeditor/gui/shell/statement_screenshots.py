"""The README's picture of the Monthly statement window: docs/screenshots/statement/window.png.

Run `python -c "from slaeditor.gui.shell.statement_screenshots import main; main()" [DIR]`
(offscreen when there is no display): it opens the telecom example in a main window with a
private context, opens File > Monthly statement… over it, chooses the example's May 2025
measurements and support tickets, computes the statement in the render worker and saves
the window.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from slaeditor.resources import examples_dir

__all__ = ["main", "write_statement_screenshot"]

WAIT_MS = 120_000
SIZE = (1280, 800)


def write_statement_screenshot(folder: Path, period: str = "2025-05") -> Path:
    """Compute the example's statement in the window and save the window as window.png."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from slaeditor.gui.context import AppContext
    from slaeditor.gui.shell.main_window import build_main_window
    from slaeditor.gui.statement.window import StatementWindow

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / "window.png"
    examples = examples_dir()
    with tempfile.TemporaryDirectory() as private:
        window = build_main_window(AppContext.create(Path(private)))
        window.show()
        window.open_agreement(examples / "telecom-customer.sla.yaml")
        window.actions_by_name["Monthly statement"].trigger()
        statement = window.findChild(StatementWindow)
        assert statement is not None
        statement.resize(*SIZE)
        inputs = statement.inputs
        inputs.measurements.set_path(examples / "telecom-customer-2025-05.measurements.csv")
        inputs.support.set_path(examples / "telecom-customer-2025-05.support.csv")
        inputs.period.setText(period)
        loop = QEventLoop()
        statement.shown.connect(loop.quit)
        statement.failed.connect(loop.quit)
        QTimer.singleShot(WAIT_MS, loop.quit)
        if statement.compute():
            loop.exec()
        QTimer.singleShot(400, loop.quit)  # let the pages paint
        loop.exec()
        statement.grab().save(str(shot))
        window.document.undo_stack.setClean()
        window.close()
        app.processEvents()
    return shot


def main() -> None:
    """Write the screenshot into the folder given, or docs/screenshots/statement/."""
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots/statement")
    print(write_statement_screenshot(folder))
