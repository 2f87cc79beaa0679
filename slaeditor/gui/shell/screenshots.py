"""`slaeditor --screenshots DIR`: a PNG of every wizard page for the README.

Runs offscreen when there is no display, with a private context in a temporary folder so the
user's settings, recent files and autosaves are untouched.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from slaeditor.gui.context import AppContext
from slaeditor.gui.library_manager.screenshots import write_library_screenshots
from slaeditor.gui.shell.main_window import build_main_window
from slaeditor.resources import examples_dir

PREVIEW_WAIT_MS = 30_000


def write_screenshots(
    folder: Path,
    example: str = "telecom-customer.sla.yaml",
    *,
    size: tuple[int, int] = (1280, 800),
    dark: bool = False,
    libraries: bool = True,
) -> list[Path]:
    """Open the example, visit every page and save the window as NN-page.png.

    `dark` gives the application a dark desktop palette first (only in a process whose
    application has not been styled yet), as a dark theme would.
    """
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    if dark:
        from slaeditor.gui.style import dark_palette

        app.setPalette(dark_palette())
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as private:
        context = AppContext.create(Path(private))
        window = build_main_window(context)
        window.resize(*size)
        window.show()

        def wait(ms: int, *signals: object) -> None:
            loop = QEventLoop()
            for signal in signals:
                signal.connect(loop.quit)  # type: ignore[attr-defined]
            QTimer.singleShot(ms, loop.quit)
            loop.exec()

        shot = folder / "00-start.png"
        wait(200)
        window.grab().save(str(shot))
        written.append(shot)
        service = window.render_service
        service.start()
        window.open_agreement(examples_dir() / example)
        wait(PREVIEW_WAIT_MS, service.preview_finished, service.preview_failed)
        for index, page in enumerate(window.wizard.pages):
            if page.key == "start":
                continue
            window.wizard.go_to(page.key)
            wait(400)
            shot = folder / f"{index:02d}-{page.key}.png"
            window.grab().save(str(shot))
            written.append(shot)
        window.document.undo_stack.setClean()
        window.close()
        app.processEvents()

    if libraries:
        written += write_library_screenshots(folder / "libraries")
    return written
