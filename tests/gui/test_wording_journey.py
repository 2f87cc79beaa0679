"""The clause library journey of issue 4, driven through the widgets like a drafter.

Open an example, go to Clause wording, find the fallback of "Claiming Service Credits" by
searching, edit it for this agreement, save it back to the team library as a new variant,
export the PDF (it must say the edited words), then reopen the saved agreement after the
library changed: the contract still says what was agreed.
"""

from __future__ import annotations

import difflib
import shutil
from typing import TYPE_CHECKING

from helpers import pdf_text, words
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from wording_support import ACME, bump_clause, write_team_library

from slaeditor.clauses.library import load_library
from slaeditor.resources import examples_dir

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from slaeditor.gui.shell.main_window import MainWindow
    from slaeditor.gui.wizard.pages.wording import WordingPage

EXPORT_MS = 120_000
TYPED = " Each claim must quote the Acme reference ZX-42."


def open_wording(qtbot: QtBot, window: MainWindow, example: Path) -> WordingPage:
    """Open an agreement and go to the Clause wording page through the step list."""
    assert window.open_agreement(example)
    steps = window.steps
    row = next(
        i for i in range(steps.count()) if steps.item(i).data(Qt.ItemDataRole.UserRole) == "wording"
    )
    rect = steps.visualItemRect(steps.item(row))
    qtbot.mouseClick(steps.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page = window.wizard.current()
    assert page.key == "wording"
    return page  # type: ignore[return-value]


def click_row(qtbot: QtBot, page: WordingPage, text: str) -> None:
    """Click the search result whose line contains text."""
    results = page.picker.results
    row = next(i for i in range(results.count()) if text in results.item(i).text())
    results.scrollToItem(results.item(row))
    rect = results.visualItemRect(results.item(row))
    qtbot.mouseClick(results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert results.currentRow() == row


def export_pdf(qtbot: QtBot, window: MainWindow, target: Path) -> str:
    with qtbot.waitSignal(window.exported, timeout=EXPORT_MS):
        window.export(target)
    return " ".join(words(pdf_text(target)))


def test_pick_fallback_edit_save_back_and_export_the_edited_text(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    team = tmp_path / "acme.clauses.yaml"
    write_team_library(team)
    before = team.read_text(encoding="utf-8")
    window.context.set_team_library_paths([team])
    window.resize(1280, 800)
    example = tmp_path / "telecom.sla.yaml"
    shutil.copy(examples_dir() / "telecom-customer.sla.yaml", example)
    page = open_wording(qtbot, window, example)

    # find the clause by typing, with the slot's section as the filter
    page.select_slot("credits-claims")
    assert page.picker.section.currentData() == "credits"
    page.picker.search.setFocus()
    qtbot.keyClicks(page.picker.search, "claim")
    listed = [
        item.text() for item in map(page.picker.results.item, range(page.picker.results.count()))
    ]
    assert any(ACME in line and "Claiming Service Credits" in line for line in listed)
    assert any("not used: Acme legal comes first" in line for line in listed), listed
    click_row(qtbot, page, f"Claiming Service Credits  ·  {ACME}")
    assert "monitoring as final" in page.picker.guidance.text()
    combo = page.picker.variant
    index = combo.findData("fallback")
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    # a library's text is rendered in a confined child process, off the GUI thread
    qtbot.waitUntil(
        lambda: "Meridian may claim" in page.picker.wording.toPlainText(), timeout=15_000
    )
    preview = page.picker.wording.toPlainText()
    assert "Meridian may claim a Service Credit" in preview, preview  # values filled in
    qtbot.mouseClick(page.picker.use_button, Qt.MouseButton.LeftButton)
    choice = window.document.value(("clauses", "credits-claims"))
    assert (choice["library"], choice["variant"], choice["version"]) == (ACME, "fallback", 3)
    assert not choice["modified"]
    assert "Acme legal: Fallback, version 3" in page.panel.source.text()

    # edit it for this agreement only
    editor = page.panel.editor
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, TYPED)
    choice = window.document.value(("clauses", "credits-claims"))
    assert choice["modified"] and choice["text"].endswith(TYPED)
    assert page.panel.edited.isVisible()
    assert page.scroll_area.horizontalScrollBar().maximum() == 0  # fits 1280 x 800
    qtbot.mouseClick(page.panel.show_changes, Qt.MouseButton.LeftButton)
    assert page.panel.diff_dialog is not None
    assert "+" in page.panel.diff_dialog.findChild(type(editor)).toPlainText()
    page.panel.diff_dialog.close()

    # save it back to the team library as a new variant
    qtbot.mouseClick(page.panel.save_button, Qt.MouseButton.LeftButton)
    dialog = page.save_dialog
    assert dialog is not None
    assert dialog.select_library(team)
    assert dialog.as_variant.isEnabled() and dialog.as_variant.isChecked()
    dialog.variant_name.selectAll()
    qtbot.keyClicks(dialog.variant_name, "fallback-zx")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved is not None, dialog.message.text()
    saved = load_library(team).clause("credits-claims")
    assert saved is not None and saved.variants["fallback-zx"].rstrip().endswith(TYPED)
    after = team.read_text(encoding="utf-8")
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert [line for line in changed if line.startswith("-")] == ["-    status: approved"]
    added = [line[1:] for line in changed if line.startswith("+")]
    assert added[0] == "    status: draft" and added[1] == "      fallback-zx: |", added
    choice = window.document.value(("clauses", "credits-claims"))
    assert (choice["library"], choice["variant"], choice["modified"]) == (
        ACME,
        "fallback-zx",
        False,
    )

    # the PDF says the edited words
    text = export_pdf(qtbot, window, tmp_path / "contract.pdf")
    assert "Each claim must quote the Acme reference ZX-42." in text
    assert "the monitoring records of Albion Connect are conclusive" in text

    # reopen after the library changed: the agreement keeps the text it was agreed with
    agreement = tmp_path / "agreed.sla.yaml"
    assert window.save(agreement)
    bump_clause(team, "credits-claims", "fallback-zx", "Claims are waived.\n", version=4)
    assert window.open_agreement(agreement)
    reopened = export_pdf(qtbot, window, tmp_path / "reopened.pdf")
    assert "Each claim must quote the Acme reference ZX-42." in reopened
    assert "Claims are waived." not in reopened

    # the page says the library moved on, and updates only when asked
    page = open_wording(qtbot, window, agreement)
    assert page.select_slot("credits-claims")
    assert page.panel.notice.isVisible()
    assert page.panel.notice_text.text().startswith(
        "Version 4 of this clause is in Acme legal; this agreement uses version 3."
    )
    assert window.document.value(("clauses", "credits-claims", "text")).endswith(TYPED)
    qtbot.mouseClick(page.panel.update_button, Qt.MouseButton.LeftButton)
    assert window.document.value(("clauses", "credits-claims", "text")) == "Claims are waived."
    assert not page.panel.notice.isVisible()
