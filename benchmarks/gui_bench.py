"""The wizard's figures: start-up to a shown window, keystroke to preview, GUI-thread stalls.

Run offscreen in this process (the preview and stall figures) and in fresh interpreters (the
start-up figure, measured from before the process is spawned until the window is shown).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"
STARTS = 5
EDITS = 5

_START_SCRIPT = """
import sys, time, tempfile
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from slaeditor.gui import build_main_window
from slaeditor.gui.context import AppContext
window = build_main_window(AppContext.create(Path(tempfile.mkdtemp())))
window.show()
def shown():
    print(time.time(), flush=True)
    window.forget_changes()
    window.close()
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


def startup_ms() -> float:
    """Median time from spawning `python` to the main window shown on screen."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    times = []
    for _ in range(STARTS):
        started = time.time()
        out = subprocess.run(
            [sys.executable, "-c", _START_SCRIPT],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        times.append((float(out.strip().splitlines()[-1]) - started) * 1000)
    return statistics.median(times)


SHORT_NAME = frozenset({"Customer short name", "Short name"})
"""The customer's short name: in the running header, so every page changes."""
GOVERNING_LAW = frozenset({"Governing law"})
"""The governing law: one clause of the last section changes."""


def real_input() -> bool:
    """Start a private X server for this process and put Qt on it (before Qt is imported).

    Returns False, leaving Qt offscreen, where Xvfb or xdotool is missing.
    """
    sys.path.insert(0, str(ROOT / "tests"))
    from desktop import XServer, missing_tools

    if missing_tools():
        return False
    server = XServer()
    os.environ["DISPLAY"] = server.start()
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    import atexit

    atexit.register(server.stop)
    return True


def _xdotool(*args: str) -> None:
    subprocess.run(["xdotool", *args], check=True, timeout=60)


def _click_into(line: object) -> None:
    """Click a line edit, scrolled into sight, with the X server's mouse; wait for its focus."""
    from desktop import visible_middle  # the real-input tests' helper (tests/desktop.py)
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    point = line.mapToGlobal(visible_middle(line))  # type: ignore[attr-defined]
    _xdotool("mousemove", "--sync", str(point.x()), str(point.y()), "click", "1")
    for _ in range(500):
        QTest.qWait(10)
        if QApplication.focusWidget() is line:
            return
    raise RuntimeError("a real click did not give the field the keyboard focus")


def wait_for(signal: object, ms: int = 120_000) -> None:
    """Run Qt's event loop until the signal comes (or ms pass)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)  # type: ignore[attr-defined]


def _telecom_window(folder: Path, real: bool) -> Any:
    """A main window with the telecom example open and its first preview done."""
    from slaeditor.gui import build_main_window
    from slaeditor.gui.context import AppContext

    window = build_main_window(AppContext.create(folder))
    window.show()
    if real:
        window.move(0, 0)
        window.activateWindow()
    service = window.render_service
    service.start()
    if not service.is_ready():
        wait_for(service.ready)
    window.open_agreement(TELECOM)
    wait_for(service.preview_finished)
    return window


def preview_figures(labels: frozenset[str] = SHORT_NAME) -> tuple[float, float]:
    """Median keystroke-to-preview time and the longest GUI-thread stall while rendering.

    The field is the first of the wizard's first page whose label is in `labels`. On the
    xcb platform (real_input() called first) it is clicked and typed into through the X
    server, as a person does, the time counted from the last key sent; offscreen the keys
    are handed to the field.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from slaeditor.gui.editing.fields import LineField

    real = os.environ["QT_QPA_PLATFORM"] == "xcb"
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        window = _telecom_window(Path(folder), real)
        service = window.render_service
        name = next(f for f in window.wizard.current().fields if f.label in labels)
        assert isinstance(name, LineField)
        latencies: list[float] = []
        stalls: list[float] = []
        clock = QElapsedTimer()
        ticker = QTimer(interval=5)
        last = [0]

        def tick() -> None:
            now = clock.elapsed()
            stalls.append(now - last[0])
            last[0] = now

        ticker.timeout.connect(tick)
        for round_ in range(EDITS):
            if real:
                _click_into(name.line)
                _xdotool("key", "End")
                _xdotool("type", "--delay", "8", "--", f" {round_}")
            else:
                name.line.setFocus()
                QTest.keyClick(name.line, Qt.Key.Key_End)
                QTest.keyClicks(name.line, f" {round_}")
            typed = time.perf_counter()
            clock.start()
            last[0] = 0
            ticker.start()
            wait_for(service.preview_finished)
            latencies.append((time.perf_counter() - typed) * 1000)
            ticker.stop()
            if not name.line.text().endswith(f" {round_}"):
                raise RuntimeError(f"keys were lost: the field reads {name.line.text()!r}")
        window.forget_changes()
        window.close()
        app.processEvents()
    return statistics.median(latencies), max(stalls) if stalls else 0.0


def export_figures(rounds: int = EDITS) -> float:
    """Median time from the Return that accepts the export dialog to the PDF written.

    Real input only (real_input() called first): on the Review page the "Export PDF only"
    button is clicked and the file's path typed into the file dialog through the X server.
    Before each export the customer's short name is changed (so the export cannot reuse the
    preview's pages as they were) and the preview of the change is awaited, as a person
    reads it before exporting.
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QLineEdit

    if os.environ.get("QT_QPA_PLATFORM") != "xcb":
        raise RuntimeError("the export is timed with real input only (call real_input())")
    app = QApplication.instance() or QApplication([])
    times: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        window = _telecom_window(Path(folder), real=True)
        service = window.render_service
        for round_ in range(rounds):
            window.wizard.go_to("parties")
            name = next(f for f in window.wizard.current().fields if f.label in SHORT_NAME)
            _click_into(name.line)  # type: ignore[attr-defined]
            _xdotool("key", "End")
            _xdotool("type", "--delay", "8", "--", f" {round_}")
            wait_for(service.preview_finished)
            window.wizard.go_to("review")
            QApplication.processEvents()
            target = Path(folder) / f"export-{round_}.pdf"
            accepted: list[float] = []

            def answer(target: Path = target, accepted: list[float] = accepted) -> None:
                """Once the dialog has the keyboard, type the path and press Return."""
                dialog = QApplication.activeModalWidget()
                ready = isinstance(dialog, QFileDialog) and dialog.isActiveWindow()
                if not ready or not isinstance(QApplication.focusWidget(), QLineEdit):
                    QTimer.singleShot(50, answer)
                    return
                _xdotool("key", "ctrl+a")
                _xdotool("type", "--delay", "8", "--", str(target))
                _xdotool("key", "Return")
                accepted.append(time.perf_counter())
                # Never wait forever in the dialog's own loop: a path it did not take ends it.
                QTimer.singleShot(30_000, lambda: dialog.isVisible() and dialog.reject())

            QTimer.singleShot(100, answer)
            button = next(
                b
                for b in window.wizard.current().findChildren(QAbstractButton)
                if b.accessibleName() == "Export PDF only" and b.isVisible()
            )
            _click(button)
            wait_for(window.exported)  # the click, the dialog and the export, in this loop
            if not target.exists() or not accepted:
                raise RuntimeError(f"the export to {target} did not happen")
            times.append((time.perf_counter() - accepted[0]) * 1000)
        window.forget_changes()
        window.close()
        app.processEvents()
    return statistics.median(times)


def _click(widget: object) -> None:
    """Click a widget's middle with the X server's mouse (the handler may open a dialog)."""
    point = widget.mapToGlobal(widget.rect().center())  # type: ignore[attr-defined]
    _xdotool("mousemove", "--sync", str(point.x()), str(point.y()), "click", "1")


SEARCH_CLAUSES = 5_000
SEARCH_TYPED = "service credit claim"


def _write_big_library(path: Path, count: int) -> None:
    """Write a team library of `count` clauses through the core (no generator ships with it).

    Titles, tags and bodies vary with the index and cycle through every section, with a
    standard and a fallback body of a few hundred characters each, like real clauses.
    """
    import dataclasses

    from slaeditor.clauses.library import new_library, save_library
    from slaeditor.clauses.records import SECTIONS, LibraryClause

    words = ("service", "credit", "claim", "response", "on-site", "scaling", "notice", "cap")
    clauses = []
    for index in range(count):
        section = SECTIONS[index % len(SECTIONS)]
        word = words[index % len(words)]
        other = words[(index // len(words)) % len(words)]
        body = (
            f"{{{{ provider_name }}}} shall meet the {word} commitment number {index} for "
            f"{{{{ customer_name }}}}, subject to the {other} terms of this Agreement. " * 3
        )
        clauses.append(
            LibraryClause(
                id=f"team-{section}-{index}",
                title=f"{word.title()} clause {index} ({other})",
                section=section,
                level="service",
                status="approved",
                version=1 + index % 4,
                tags=(word, other, f"group-{index % 50}"),
                guidance=f"Use the fallback only when the customer insists ({index}).",
                variants={"standard": body + "\n", "fallback": body.upper() + "\n"},
            )
        )
    library = dataclasses.replace(new_library(path, "Big team library"), clauses=clauses)
    save_library(library)


def wording_search_figures() -> tuple[float, float, float]:
    """Keystroke in the Clause wording search box to the result list updated and painted.

    A 5,000-clause team library plus the pack's own, the section filter on all sections (every
    clause a candidate, the slowest case). The selected clause's preview is drawn after the
    list (a zero-time timer), between keystrokes, so typing never waits for it. Returns the
    median and the slowest keystroke over typing SEARCH_TYPED, and the time to open the page
    with the library.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from slaeditor.gui.context import AppContext
    from slaeditor.gui.editing.edited_agreement import EditedAgreement
    from slaeditor.gui.wizard.pages.wording import WordingPage
    from slaeditor.storage import load_agreement
    from slaeditor.storage.drafts import draft_from_agreement

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        team = Path(folder) / "big.clauses.yaml"
        _write_big_library(team, SEARCH_CLAUSES)
        context = AppContext.create(Path(folder) / "data")
        context.set_team_library_paths([team])
        document = EditedAgreement(draft_from_agreement(load_agreement(TELECOM)))
        page = WordingPage(context, document)
        page.resize(660, 800)
        page.show()
        started = time.perf_counter()
        page.load_from(document)
        page.select_slot("credits-claims")
        opened = (time.perf_counter() - started) * 1000
        picker = page.picker
        picker.section.setCurrentIndex(picker.section.findData(""))
        picker.update_results()
        picker.search.setFocus()
        times: list[float] = []
        for char in SEARCH_TYPED:
            started = time.perf_counter()
            QTest.keyClick(picker.search, char)
            picker.results.viewport().repaint()
            times.append((time.perf_counter() - started) * 1000)
            QTest.qWait(80)  # typing pace: the selected clause's preview is drawn meanwhile
        assert picker.wording.toPlainText(), "the preview should follow between keystrokes"
        assert picker.results.count() > 0, "the typed words should find clauses"
        page.close()
        page.deleteLater()
        app.processEvents()
    return statistics.median(times), max(times), opened
