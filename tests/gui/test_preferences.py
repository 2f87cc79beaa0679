"""Preferences: team libraries are added, reordered and removed, kept in the settings, and used."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gui.library_helpers import (
    CLAIMS,
    HOURS,
    answer_prompt,
    make_context,
    open_manager,
    write_library,
)
from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox

from slaeditor.clauses.library import load_library
from slaeditor.gui.context import AppContext
from slaeditor.gui.library_manager.preferences import PreferencesDialog

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from slaeditor.gui.shell.main_window import MainWindow


def test_team_libraries_are_kept_in_order_across_restarts_and_appear_in_the_manager(
    qtbot: QtBot, tmp_path: Path
) -> None:
    first, second, third = (tmp_path / f"{n}.clauses.yaml" for n in ("a", "b", "c"))
    write_library(first, "First team", [CLAIMS])
    write_library(second, "Second team", [HOURS])
    write_library(third, "Third team", [])
    context = make_context(tmp_path, [])
    dialog = PreferencesDialog(context)
    qtbot.addWidget(dialog)
    assert dialog.personal_path.text() == str(context.personal_library_path())
    for path in (first, second, third):
        assert dialog.add_path(path)
    assert not dialog.add_path(first)  # listed once
    dialog.move_current(-1)  # third above second
    dialog.team_list.setCurrentRow(0)
    dialog.remove_current()
    assert dialog.paths() == [third, second]
    assert context.team_library_paths() == []  # nothing is stored before OK
    dialog.accept()
    again = AppContext.create(tmp_path / "data")  # the next start of the application
    assert again.team_library_paths() == [third, second]
    manager = open_manager(qtbot, again)
    assert [shelf.library.name for shelf in manager.working.shelves[:3]] == [
        "Personal",
        "Third team",
        "Second team",
    ]


def test_cancel_keeps_the_stored_list(qtbot: QtBot, tmp_path: Path) -> None:
    library = tmp_path / "team.clauses.yaml"
    write_library(library, "Team", [HOURS])
    context = make_context(tmp_path, [library])
    dialog = PreferencesDialog(context)
    qtbot.addWidget(dialog)
    assert dialog.paths() == [library]
    dialog.remove_current()
    dialog.reject()
    assert context.team_library_paths() == [library]


def test_the_menus_open_preferences_and_the_manager_which_lists_a_new_team_library(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    preferences = window.actions_by_name["Preferences"]
    libraries = window.actions_by_name["Clause libraries"]
    assert preferences.shortcut() == QKeySequence("Ctrl+,")
    assert libraries.shortcut() == QKeySequence("Ctrl+L")
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&Tools", "&Help"]
    manager = window.library_menus.open_library_manager()
    qtbot.addWidget(manager)
    assert window.library_menus.open_library_manager() is manager  # one per main window
    library = tmp_path / "new.clauses.yaml"
    write_library(library, "New team", [HOURS])

    def add_and_accept() -> None:
        dialog = window.library_menus.preferences_dialog
        if dialog is None:
            QTimer.singleShot(20, add_and_accept)
            return
        dialog.add_path(library)
        dialog.accept()

    QTimer.singleShot(20, add_and_accept)
    preferences.trigger()
    assert window.context.team_library_paths() == [library]
    assert manager.working.shelf(library) is not None
    manager.close()


def test_a_library_taken_out_of_preferences_keeps_its_unsaved_edits_until_saved(
    qtbot: QtBot, tmp_path: Path
) -> None:
    library = tmp_path / "team.clauses.yaml"
    write_library(library, "Team", [HOURS])
    context = make_context(tmp_path, [library])
    manager = open_manager(qtbot, context)
    manager.select(library, HOURS.id)
    manager.editor.title_edit.setText("Hours")
    manager.editor.title_edit.textEdited.emit("Hours")
    context.set_team_library_paths([])
    manager.load()
    shelf = manager.working.shelf(library)
    assert shelf is not None and shelf.modified
    assert manager.save()
    manager.load()
    assert manager.working.shelf(library) is None  # saved: now it is gone from the list
    assert load_library(library).clause(HOURS.id).title == "Hours"  # type: ignore[union-attr]


def test_closing_the_main_window_asks_about_the_managers_unsaved_changes(
    qtbot: QtBot, window: MainWindow
) -> None:
    manager = window.library_menus.open_library_manager()
    manager.actions_.add_clause()
    assert manager.modified
    seen: list[Any] = []
    answer_prompt(manager, lambda b: b.button(QMessageBox.StandardButton.Cancel).click(), seen)
    assert not window.close()
    assert window.isVisible() and manager.isVisible() and seen
    answer_prompt(manager, lambda b: b.button(QMessageBox.StandardButton.Discard).click(), seen)
    assert manager.close()
    again = window.library_menus.open_library_manager()
    assert again is not manager and not again.modified  # discarded edits do not come back
    again.close()


def test_an_agreement_naming_a_missing_pack_gets_a_message_not_a_traceback(
    window: MainWindow,
) -> None:
    window.wizard.ensure_pages()
    window.document.set_value(("template",), "no-such-pack")
    seen: list[Any] = []
    answer_prompt(window, lambda box: box.accept(), seen)
    assert window.library_menus.open_library_manager() is None
    assert "no template pack 'no-such-pack'" in seen[0].text()
