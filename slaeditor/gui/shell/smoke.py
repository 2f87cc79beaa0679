"""`slaeditor --smoke`: start the real application, wait until it works, and exit by itself.

Installers' smoke tests (packaging/smoke_test.sh, the CI workflow) have no one to close the
window. This waits until the main window is exposed on screen and the render worker (in a
bundle, the bundle's own program started with `--render-worker`) has warmed up, prints both
moments as Unix times, so a caller that noted when it launched the program can tell how long
each took, then closes the window as a user would and exits 0; it exits 1 if that does not
happen within a minute.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication

    from slaeditor.gui.shell.main_window import MainWindow

TIMEOUT_MS = 60_000
_POLL_MS = 5


def exit_when_ready(window: MainWindow, app: QCoreApplication) -> None:
    """Arrange for `app` to exit once `window` is exposed and its render worker is ready."""
    state = {"shown": False, "ready": False}

    def finish_if_done() -> None:
        if state["shown"] and state["ready"]:
            # Close as a user would: the window saves its geometry and stops the worker.
            app.exit(0 if window.close() else 1)

    def check_exposed() -> None:
        handle = window.windowHandle()
        if handle is None or not handle.isExposed():
            return
        poll.stop()
        state["shown"] = True
        print(f"slaeditor: window shown at {time.time():.3f}", flush=True)
        finish_if_done()

    def on_ready() -> None:
        state["ready"] = True
        print(f"slaeditor: render worker ready at {time.time():.3f}", flush=True)
        finish_if_done()

    def give_up() -> None:
        print(f"slaeditor: not ready after {TIMEOUT_MS // 1000} s: {state}", file=sys.stderr)
        app.exit(1)

    poll = QTimer(window)
    poll.setInterval(_POLL_MS)
    poll.timeout.connect(check_exposed)
    poll.start()
    window.render_service.ready.connect(on_ready)
    QTimer.singleShot(TIMEOUT_MS, give_up)
