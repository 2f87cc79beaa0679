"""Write the Clause wording page's screenshots (docs/screenshots/wording/) at 1280x800.

Run with the checkout's interpreter: `.venv/bin/python tools/wording_screenshots.py [DIR]`.
A private context in a temporary folder gets a small "Acme legal" team library whose
credits-claims clause shadows the pack's; the telecom example takes its fallback, edits it,
and the library then gains version 4, so the newer-version notice is on screen.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PREVIEW_WAIT_MS = 60_000


def _team_library(path: Path, version: int, fallback: str) -> None:
    from slaeditor.clauses.library import load_library, new_library, save_library
    from slaeditor.resources import templates_dir

    pack = load_library(templates_dir() / "standard" / "clauses.yaml")
    claims = pack.clause("credits-claims")
    assert claims is not None
    clause = dataclasses.replace(
        claims,
        version=version,
        author="J. Smith",
        tags=("credits", "claims", "acme"),
        guidance="Use the fallback only when the customer accepts our monitoring as final.",
        variants={**claims.variants, "fallback": fallback},
        lines={},
    )
    old = load_library(path) if path.exists() else new_library(path, "Acme legal")
    save_library(dataclasses.replace(old, description="Approved UK clauses", clauses=[clause]))


def main(folder: Path) -> list[Path]:
    """Drive the window through the page and save each view as a PNG."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from slaeditor.gui import build_main_window
    from slaeditor.gui.context import AppContext

    app = QApplication.instance() or QApplication([])
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def wait(ms: int, *signals: object) -> None:
        loop = QEventLoop()
        for signal in signals:
            signal.connect(loop.quit)  # type: ignore[attr-defined]
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def shot(name: str, widget: object = None) -> None:
        wait(300)
        path = folder / name
        (widget or window).grab().save(str(path))  # type: ignore[attr-defined]
        written.append(path)

    with tempfile.TemporaryDirectory() as private:
        team = Path(private) / "acme.clauses.yaml"
        fallback = (
            "{{ customer_name }} may claim a Service Credit only by written notice to "
            "{{ provider_name }} within 10 days of the end of the month; the monitoring "
            "records of {{ provider_name }} are conclusive.\n"
        )
        _team_library(team, 3, fallback)
        context = AppContext.create(Path(private) / "data")
        context.set_team_library_paths([team])
        window = build_main_window(context)
        window.resize(1280, 800)
        window.show()
        service = window.render_service
        service.start()
        window.open_agreement(ROOT / "examples" / "telecom-customer.sla.yaml")
        wait(PREVIEW_WAIT_MS, service.preview_finished, service.preview_failed)
        window.wizard.go_to("wording")
        page = window.wizard.current()
        page.select_slot("credits-claims")  # type: ignore[attr-defined]
        picker = page.picker  # type: ignore[attr-defined]
        QTest.keyClicks(picker.search, "claim")
        picker.select("Acme legal", "credits-claims")
        picker.select_variant("fallback")
        wait(100)
        page.scroll_area.ensureWidgetVisible(picker.wording)
        shot("01-search.png")
        picker.use_button.click()
        editor = page.panel.editor  # type: ignore[attr-defined]
        editor.moveCursor(QTextCursor.MoveOperation.End)
        QTest.keyClicks(editor, " Each claim must quote the Acme reference.")
        _team_library(team, 4, fallback.replace("10 days", "14 days"))
        page.load_from(window.document)
        page.scroll_area.verticalScrollBar().setValue(0)
        wait(PREVIEW_WAIT_MS, service.preview_finished, service.preview_failed)
        shot("02-slot-edited-newer-version.png")
        page.scroll_area.ensureWidgetVisible(page.panel.save_button)  # type: ignore[attr-defined]
        shot("03-edited-text-and-preview.png")
        page.panel.show_newer.click()  # type: ignore[attr-defined]
        shot("04-newer-version-difference.png", page.panel.diff_dialog)  # type: ignore[attr-defined]
        page.panel.diff_dialog.close()  # type: ignore[attr-defined]
        page.panel.save_button.click()  # type: ignore[attr-defined]
        dialog = page.save_dialog  # type: ignore[attr-defined]
        dialog.select_library(team)
        shot("05-save-to-library.png", dialog)
        dialog.reject()
        window.forget_changes()
        window.close()
        app.processEvents()
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots" / "wording"
    for path in main(target):
        print(path)
