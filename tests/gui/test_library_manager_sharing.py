"""Shared libraries: a colleague's save is shown before anything is overwritten; clauses move,
are imported and exported between real files.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

import pytest
from gui.library_helpers import (
    CLAIMS,
    FORCE_MAJEURE,
    HOURS,
    answer_prompt,
    make_context,
    message_text,
    open_manager,
    write_library,
)
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox

from slaeditor.clauses.library import load_library

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from slaeditor.gui.library_manager.window import LibraryManager

COLLEAGUES_HOURS = dataclasses.replace(HOURS, title="Support hours (24x7)")


@pytest.fixture
def team(tmp_path: Path) -> Path:
    path = tmp_path / "team.clauses.yaml"
    write_library(path, "Acme legal team", [CLAIMS, FORCE_MAJEURE, HOURS])
    return path


@pytest.fixture
def manager(qtbot: QtBot, tmp_path: Path, team: Path) -> LibraryManager:
    return open_manager(qtbot, make_context(tmp_path, [team]))


def edit_title(manager: LibraryManager, team: Path, clause_id: str, title: str) -> None:
    """Change a clause's title in the form, as typing does."""
    manager.select(team, clause_id)
    manager.editor.title_edit.setText(title)
    manager.editor.title_edit.textEdited.emit(title)


@pytest.mark.parametrize("choice", ["overwrite", "reload", "merge", "cancel"])
def test_a_colleagues_save_in_between_is_shown_and_each_choice_does_what_it_says(
    manager: LibraryManager, team: Path, choice: str
) -> None:
    edit_title(manager, team, "credits-claims", "Claiming credits")
    theirs = write_library(team, "Acme legal team", [CLAIMS, FORCE_MAJEURE, COLLEAGUES_HOURS])
    seen: list[Any] = []

    def look_and_choose(dialog: Any) -> None:
        seen.append((dialog.changed_clause_ids(), dialog.diff_view.toPlainText()))
        dialog.buttons[choice].click()

    answer_prompt(manager, look_and_choose, [])
    saved = manager.save()
    assert seen[0][0] == ["support-hours"]
    assert "-    title: Support hours\n+    title: Support hours (24x7)\n" in seen[0][1]
    on_disk = load_library(team)
    if choice == "overwrite":
        assert saved and not manager.modified
        assert on_disk.clause("credits-claims").title == "Claiming credits"  # type: ignore[union-attr]
        assert on_disk.clause("support-hours") == HOURS  # their change was shown, then replaced
    elif choice == "reload":
        assert team.read_text(encoding="utf-8") == theirs and not manager.modified
        shelf = manager.working.shelf(team)
        assert shelf is not None
        assert shelf.library.clause("support-hours") == COLLEAGUES_HOURS
        assert shelf.library.clause("credits-claims") == CLAIMS
    elif choice == "merge":
        assert not saved and manager.modified and team.read_text(encoding="utf-8") == theirs
        assert manager.save()  # the merged library carries their stamp: no second conflict
        both = load_library(team)
        assert both.clause("credits-claims").title == "Claiming credits"  # type: ignore[union-attr]
        assert both.clause("support-hours") == COLLEAGUES_HOURS
    else:
        assert not saved and manager.modified and team.read_text(encoding="utf-8") == theirs
        shelf = manager.working.shelf(team)
        assert shelf is not None
        assert shelf.library.clause("credits-claims").title == "Claiming credits"  # type: ignore[union-attr]


def select_rows(manager: LibraryManager, *ids: str) -> None:
    """Select several clause rows in the list, as Ctrl+click does."""
    manager.tree.clearSelection()
    for clause_id in ids:
        item = manager.tree.findItems(clause_id, Qt.MatchFlag.MatchRecursive, 1)[0]
        index = manager.tree.indexFromItem(item, 0)
        manager.tree.selectionModel().select(
            index,
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def test_clauses_move_between_libraries_and_both_files_change_on_save(
    manager: LibraryManager, team: Path
) -> None:
    personal = manager.context.personal_library_path()
    manager.select(team, "support-hours")
    select_rows(manager, "support-hours", "exclusions-force-majeure")
    assert manager.actions_.transfer(personal, move=True) == []
    assert manager.save()
    assert [c.id for c in load_library(team).clauses] == ["credits-claims"]
    mine = load_library(personal)
    assert {c.id for c in mine.clauses} == {"support-hours", "exclusions-force-majeure"}
    assert mine.clause("support-hours") == HOURS


def test_a_clause_the_target_has_is_not_copied_and_the_user_is_told(
    qtbot: QtBot, tmp_path: Path, team: Path
) -> None:
    other = tmp_path / "other.clauses.yaml"
    write_library(other, "Sales team", [HOURS])
    manager = open_manager(qtbot, make_context(tmp_path, [team, other]))
    manager.select(team, "support-hours")
    seen: list[Any] = []
    answer_prompt(manager, lambda box: box.accept(), seen)
    assert manager.actions_.transfer(other, move=True) == ["support-hours"]
    assert "support-hours" in seen[0].text()
    shelf = manager.working.shelf(team)
    assert shelf is not None and shelf.library.clause("support-hours") is not None


def test_export_writes_the_selected_clauses_and_import_copies_them_back(
    manager: LibraryManager, team: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "export.clauses.yaml"
    manager.select(team, "credits-claims")
    select_rows(manager, "credits-claims", "support-hours")
    assert manager.actions_.export_to(target)
    exported = load_library(target)
    assert exported.name == "export"
    assert exported.clauses == [CLAIMS, HOURS]
    mine = manager.working.shelves[0]
    assert manager.actions_.import_into(target, mine) == []
    assert manager.save()
    assert load_library(manager.context.personal_library_path()).clauses == [CLAIMS, HOURS]


def test_importing_as_a_team_library_adds_it_to_the_preferences_and_the_list(
    manager: LibraryManager, tmp_path: Path, team: Path
) -> None:
    extra = tmp_path / "shared" / "legal.clauses.yaml"
    extra.parent.mkdir()
    write_library(extra, "Legal", [dataclasses.replace(HOURS, id="legal-hours")])
    assert manager.actions_.import_as_team(extra)
    assert manager.context.team_library_paths() == [team, extra.resolve()]
    shelf = manager.working.shelf(extra.resolve())
    assert shelf is not None and shelf.kind == "team"
    assert manager.tree.findItems("legal-hours", Qt.MatchFlag.MatchRecursive, 1)


def test_a_file_that_is_not_a_library_is_not_imported_and_the_line_is_named(
    manager: LibraryManager, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.clauses.yaml"
    bad.write_text("library:\n  name: x\nclauses:\n  - id: [\n", encoding="utf-8")
    seen: list[Any] = []
    answer_prompt(manager, lambda box: box.accept(), seen)
    assert not manager.actions_.import_as_team(bad)
    assert "bad.clauses.yaml, line" in seen[0].text()
    assert manager.context.team_library_paths() != [bad]


def test_reload_reads_a_colleagues_save_and_keeps_unsaved_libraries(
    manager: LibraryManager, team: Path
) -> None:
    write_library(team, "Acme legal team", [CLAIMS, FORCE_MAJEURE, COLLEAGUES_HOURS])
    manager.actions_.by_name["Reload"].trigger()
    shelf = manager.working.shelf(team)
    assert shelf is not None and shelf.library.clause("support-hours") == COLLEAGUES_HOURS
    assert manager.tree.findItems("Support hours (24x7)", Qt.MatchFlag.MatchRecursive)


def test_with_no_library_to_write_to_adding_says_what_to_fix(qtbot: QtBot, tmp_path: Path) -> None:
    context = make_context(tmp_path, [])
    personal = context.personal_library_path()
    personal.parent.mkdir(parents=True)
    personal.write_text("library: [\n", encoding="utf-8")
    manager = open_manager(qtbot, context)
    seen: list[Any] = []
    answer_prompt(manager, lambda box: box.accept(), seen)
    assert manager.actions_.add_clause() == ""
    assert "Preferences" in seen[0].text()
    assert "personal.clauses.yaml, line" in seen[0].detailedText()
    assert personal.read_text(encoding="utf-8") == "library: [\n"


def test_the_move_to_menu_lists_the_other_libraries_and_moves_the_clause(
    manager: LibraryManager, team: Path
) -> None:
    manager.select(team, "support-hours")
    menu = manager.actions_.by_name["Move to"].menu()
    menu.aboutToShow.emit()
    entries = [action.text() for action in menu.actions()]
    assert entries == ["Personal (personal)"]  # not its own library, not the pack's
    menu.actions()[0].trigger()
    personal = manager.context.personal_library_path()
    assert manager.current() is not None
    assert manager.current()[0].path == personal  # type: ignore[index]
    assert manager.save()
    assert load_library(personal).clause("support-hours") == HOURS


@pytest.mark.parametrize("answer", ["Yes", "Cancel"])
def test_delete_asks_first_and_takes_the_clause_out_on_save(
    qtbot: QtBot, manager: LibraryManager, team: Path, answer: str
) -> None:
    from PySide6.QtWidgets import QMessageBox

    manager.select(team, "support-hours")
    seen: list[Any] = []
    button = getattr(QMessageBox.StandardButton, answer)
    answer_prompt(manager, lambda box: box.button(button).click(), seen)
    manager.tree.setFocus()
    qtbot.keyClick(manager.tree, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: bool(seen))
    assert "support-hours" in seen[0].text() and "Retire" in seen[0].informativeText()
    assert manager.save()
    ids = [clause.id for clause in load_library(team).clauses]
    assert ("support-hours" in ids) == (answer == "Cancel")


def test_export_never_replaces_a_file_the_user_did_not_confirm(
    manager: LibraryManager, team: Path, tmp_path: Path
) -> None:
    # typing "sales" in the save dialog exports to sales.clauses.yaml; the dialog only asked
    # about "sales", so a colleague's sales.clauses.yaml must survive
    theirs = tmp_path / "sales.clauses.yaml"
    before = write_library(theirs, "Sales team", [HOURS])
    manager.select(team, "credits-claims")
    seen: list[Any] = []
    answer_prompt(manager, lambda box: box.accept(), seen)
    assert not manager.actions_.export_to(theirs)
    assert theirs.read_text(encoding="utf-8") == before
    assert "already exists" in message_text(seen[0])
    assert manager.actions_.export_to(theirs, replace_existing=True)
    assert load_library(theirs).clauses == [CLAIMS]


def test_a_moved_clause_survives_when_the_target_is_reloaded_after_a_colleagues_save(
    qtbot: QtBot, tmp_path: Path, team: Path
) -> None:
    other = tmp_path / "other.clauses.yaml"
    write_library(other, "Sales team", [])
    manager = open_manager(qtbot, make_context(tmp_path, [team, other]))
    manager.select(team, "support-hours")
    assert manager.actions_.transfer(other, move=True) == []
    theirs = write_library(other, "Sales team", [dataclasses.replace(HOURS, id="sales-hours")])

    def reload_theirs(dialog: Any) -> None:
        dialog.buttons["reload"].click()

    answer_prompt(manager, reload_theirs, [])
    assert not manager.save()
    assert other.read_text(encoding="utf-8") == theirs
    assert load_library(team).clause("support-hours") == HOURS  # still on disk somewhere
    assert "Other libraries were not saved yet" in manager.status.text()
    assert manager.modified


def test_saving_a_hand_edited_library_asks_before_dropping_its_comments(
    qtbot: QtBot, tmp_path: Path
) -> None:
    team = tmp_path / "acme.clauses.yaml"
    write_library(team, "Acme", [CLAIMS])
    lines = team.read_text(encoding="utf-8").splitlines(keepends=True)
    at = lines.index("clauses:\n") + 1
    lines.insert(at, "  # approved by J. Smith on 2024-03-01; do not change without her\n")
    commented = "".join(lines)
    team.write_text(commented, encoding="utf-8")
    manager = open_manager(qtbot, make_context(tmp_path, [team]))
    edit_title(manager, team, "credits-claims", "Claiming credits")

    seen: list[Any] = []
    answer_prompt(manager, lambda box: box.reject(), seen)
    assert not manager.save()
    assert "1 comment inside its clauses" in message_text(seen[0])
    assert team.read_text(encoding="utf-8") == commented and manager.modified

    answer_prompt(manager, lambda box: box.button(QMessageBox.StandardButton.Save).click(), seen)
    assert manager.save()
    saved = team.read_text(encoding="utf-8")
    assert "approved by J. Smith" not in saved and "Claiming credits" in saved
