"""The library manager edits real files: explicit saves, no edit lost, bad text refused."""

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
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTreeWidget,
)

from slaeditor.clauses.library import load_library

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from slaeditor.gui.library_manager.window import LibraryManager


@pytest.fixture
def team(tmp_path: Path) -> Path:
    """A team library of three clauses, written as the application writes it."""
    path = tmp_path / "team.clauses.yaml"
    write_library(path, "Acme legal team", [CLAIMS, FORCE_MAJEURE, HOURS])
    return path


@pytest.fixture
def manager(qtbot: QtBot, tmp_path: Path, team: Path) -> LibraryManager:
    """A manager over the personal library, the team library and the standard pack."""
    return open_manager(qtbot, make_context(tmp_path, [team]))


def save_with_keyboard(qtbot: QtBot, manager: LibraryManager) -> None:
    """Press Ctrl+S in the manager, as a user does."""
    manager.activateWindow()
    qtbot.waitUntil(manager.isActiveWindow)
    qtbot.keyClick(manager.tree, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_editing_a_title_and_saving_changes_that_line_and_nothing_else(
    qtbot: QtBot, manager: LibraryManager, team: Path
) -> None:
    before = team.read_text(encoding="utf-8")
    assert manager.select(team, "credits-claims")
    title = manager.editor.title_edit
    title.setFocus()
    title.end(False)
    qtbot.keyClicks(title, " (monthly)")
    assert manager.modified and manager.isWindowModified()
    assert team.read_text(encoding="utf-8") == before  # nothing is written before Save
    save_with_keyboard(qtbot, manager)
    qtbot.waitUntil(lambda: not manager.modified)
    after = team.read_text(encoding="utf-8")
    changed = [
        (a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b
    ]
    assert changed == [(changed[0][0], changed[0][0].replace("Credits", "Credits (monthly)"))]
    saved = load_library(team)
    assert saved.clause("credits-claims") == dataclasses.replace(
        CLAIMS, title="Claiming Service Credits (monthly)"
    )
    assert saved.clause("support-hours") == HOURS
    stamp = team.stat().st_mtime_ns
    assert manager.save()  # nothing changed: nothing is written
    assert team.stat().st_mtime_ns == stamp
    assert team.read_text(encoding="utf-8") == after


def test_variants_are_added_renamed_and_removed_and_saved_in_place(
    manager: LibraryManager, team: Path
) -> None:
    manager.select(team, "credits-claims")
    editor = manager.editor
    assert editor.variants.rename("fallback", "customer-friendly") == ""
    assert editor.variants.add("fallback") == ""
    assert editor.variants.add("fallback") == "There is already a variant “fallback”."
    assert "(no spaces)" in editor.variants.add("Two words")
    body = editor.body_editor("fallback")
    assert body is not None
    body.setPlainText("{{ customer_name }} may claim within 90 days.\n")
    assert editor.variants.remove("standard") == ""
    assert manager.save()
    clause = load_library(team).clause("credits-claims")
    assert clause is not None
    assert list(clause.variants) == ["customer-friendly", "fallback"]
    assert clause.variants["fallback"] == "{{ customer_name }} may claim within 90 days.\n"
    assert clause.variants["customer-friendly"] == CLAIMS.variants["fallback"]


def test_a_new_clause_takes_its_id_from_its_title_and_a_saved_one_keeps_its_id(
    qtbot: QtBot, manager: LibraryManager, team: Path
) -> None:
    asked = [e.accessibleName() for e in manager.editor.findChildren(QLineEdit)]
    assert "ID" not in asked and manager.tree.isColumnHidden(1)  # no id on screen
    manager.select(team, "support-hours")
    qtbot.keyClicks(manager.editor.title_edit, " (UK)")
    assert manager.current()[1].id == "support-hours"  # type: ignore[index]
    manager.select(team, "credits-claims")
    clause_id = manager.actions_.add_clause(manager.working.shelf(team))
    assert clause_id == "new-clause"
    title = manager.editor.title_edit
    assert title.hasFocus() or title.selectedText() == "New clause"
    title.selectAll()
    qtbot.keyClicks(title, "Support hours")  # taken by another clause: the id gets a number
    assert manager.current()[1].id == "support-hours-2"  # type: ignore[index]
    title.selectAll()
    qtbot.keyClicks(title, "Claims by e-mail")
    assert manager.current()[1].id == "claims-by-e-mail"  # type: ignore[index]
    assert manager.save()
    saved = load_library(team).clause("claims-by-e-mail")
    assert saved is not None and saved.title == "Claims by e-mail"
    manager.select(team, "claims-by-e-mail")
    title.selectAll()
    qtbot.keyClicks(title, "Claims in writing")  # saved: agreements may use the id now
    assert manager.current()[1].id == "claims-by-e-mail"  # type: ignore[index]


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("Claims are made in writing.\n{{ customer_name }", 2, "template syntax"),
        ("Claims are made in writing.\n\nWithin {{ claim_days }} days.\n", 3, "claim_days"),
    ],
)
def test_approve_is_refused_for_an_invalid_clause_and_the_message_names_the_line(
    manager: LibraryManager, team: Path, body: str, line: int, words: str
) -> None:
    manager.select(team, "support-hours")
    editor = manager.editor.body_editor("standard")
    assert editor is not None
    editor.setPlainText(body)
    seen: list[Any] = []
    answer_prompt(manager, lambda box: box.button(QMessageBox.StandardButton.Ok).click(), seen)
    assert not manager.actions_.set_status("approved")
    text = message_text(seen[0])
    assert "cannot be approved" in text
    assert f"standard variant, line {line}:" in text and words in text
    assert editor.problem_lines == [line]
    current = manager.current()
    assert current is not None and current[1].status == "draft"
    editor.setPlainText("Support is available during Business Hours.\n")
    assert manager.actions_.set_status("approved")
    current = manager.current()
    assert current is not None and (current[1].status, current[1].version) == ("approved", 2)


def test_hostile_text_is_flagged_as_it_is_typed_on_its_line(
    qtbot: QtBot, manager: LibraryManager, team: Path
) -> None:
    manager.select(team, "support-hours")
    editor = manager.editor.body_editor("standard")
    assert editor is not None
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, "See {{ provider_name.__class__ }}.")
    qtbot.waitUntil(lambda: bool(manager.editor.problems()))
    problems = manager.editor.problems()
    assert [(p.variant, p.line) for p in problems] == [("standard", 2)]
    assert "standard variant, line 2:" in manager.editor.problems_label.text()
    assert editor.problem_lines == [2]
    editor.selectAll()
    qtbot.keyClicks(editor, "See [the terms](file:///etc/passwd).")
    qtbot.waitUntil(lambda: "file" in manager.editor.problems_label.text())
    assert editor.problem_lines == [1]


def test_a_broken_library_is_listed_with_its_line_and_never_written(
    qtbot: QtBot, tmp_path: Path, team: Path
) -> None:
    broken = tmp_path / "broken.clauses.yaml"
    broken.write_bytes(b"library:\n  name: Broken\nclauses:\n  - id: x\n    title: [oops\n")
    before = broken.read_bytes()
    manager = open_manager(qtbot, make_context(tmp_path, [team, broken]))
    assert "broken.clauses.yaml, line 5:" in manager.notices.text()
    rows = [manager.tree.topLevelItem(i).text(0) for i in range(manager.tree.topLevelItemCount())]
    assert "broken.clauses.yaml — cannot be read" in rows
    manager.select(team, "support-hours")
    manager.editor.title_edit.setText("Hours")
    manager.editor.title_edit.textEdited.emit("Hours")
    assert manager.save()
    assert broken.read_bytes() == before


def test_the_same_id_in_two_libraries_is_shown_with_the_one_that_wins(
    qtbot: QtBot, tmp_path: Path, team: Path
) -> None:
    other = tmp_path / "other.clauses.yaml"
    write_library(other, "Sales team", [dataclasses.replace(HOURS, title="Sales hours")])
    manager = open_manager(qtbot, make_context(tmp_path, [team, other]))
    assert "“Support hours” is in “Acme legal team” and “Sales team”" in manager.notices.text()
    hidden = manager.tree.findItems("Sales hours", Qt.MatchFlag.MatchRecursive)
    assert hidden[0].text(2) == "hidden · v1"
    assert "Acme legal team has its own version of this clause" in hidden[0].toolTip(0)


def test_the_packs_clauses_are_read_only_and_can_be_duplicated_to_my_library(
    manager: LibraryManager,
) -> None:
    pack = next(shelf for shelf in manager.working.shelves if shelf.kind == "pack")
    first = pack.library.clauses[0]
    assert manager.select(pack.path, first.id)
    assert manager.editor.title_edit.isReadOnly()
    assert not manager.editor.note_box.isHidden()
    assert "read-only" in manager.editor.read_only_note.text()
    assert not manager.actions_.by_name["Approve"].isEnabled()
    manager.editor.duplicate_button.click()
    mine = manager.working.shelves[0]
    assert mine.kind == "personal" and mine.library.clause(first.id) is not None
    assert manager.current() is not None and manager.current()[0] is mine  # type: ignore[index]
    assert manager.save()
    assert load_library(manager.context.personal_library_path()).clause(first.id) is not None
    assert pack.library.stamp is not None
    assert pack.path.stat().st_size == pack.library.stamp.size


def test_search_section_and_tag_filter_the_list(manager: LibraryManager, team: Path) -> None:
    def shown() -> set[str]:
        return {c.id for s, c in manager.working.matches(*manager.filters()) if s.path == team}

    manager.search_edit.setText("60 DAYS")
    manager.fill_tree()
    assert shown() == {"credits-claims"}
    manager.search_edit.setText("")
    manager.section_combo.setCurrentText("exclusions")
    assert shown() == {"exclusions-force-majeure"}
    manager.section_combo.setCurrentIndex(0)
    manager.tag_combo.setCurrentText("support")
    assert shown() == {"support-hours"}
    team_row = next(
        manager.tree.topLevelItem(i)
        for i in range(manager.tree.topLevelItemCount())
        if manager.tree.topLevelItem(i).text(0).startswith("Acme")
    )
    rows = [team_row.child(i) for i in range(team_row.childCount())]
    assert [row.text(1) for row in rows if not row.isHidden()] == ["support-hours"]
    manager.tag_combo.setCurrentIndex(0)
    assert [row.text(1) for row in rows if not row.isHidden()] == [
        c.id for c in (CLAIMS, FORCE_MAJEURE, HOURS)
    ]


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_window(
    manager: LibraryManager, team: Path
) -> None:
    manager.select(team, "support-hours")
    manager.actions_.set_status("retired")
    seen: list[Any] = []
    answer_prompt(manager, lambda b: b.button(QMessageBox.StandardButton.Cancel).click(), seen)
    assert not manager.close()
    assert "Acme legal team" in seen[0].text()
    answer_prompt(manager, lambda b: b.button(QMessageBox.StandardButton.Save).click(), seen)
    assert manager.close()
    clause = load_library(team).clause("support-hours")
    assert clause is not None and clause.status == "retired"


def test_changing_the_text_of_an_approved_clause_makes_it_a_draft_until_approved_again(
    manager: LibraryManager, team: Path
) -> None:
    manager.select(team, "credits-claims")
    manager.editor.title_edit.setText("Claims")
    manager.editor.title_edit.textEdited.emit("Claims")
    current = manager.current()
    assert current is not None and current[1].status == "approved"  # a title is not the text
    body = manager.editor.body_editor("standard")
    assert body is not None
    body.setPlainText("{{ customer_name }} must claim a Service Credit within 45 days.\n")
    current = manager.current()
    assert current is not None and (current[1].status, current[1].version) == ("draft", 3)
    assert manager.editor.status_label.text() == "draft"
    assert manager.actions_.set_status("approved")
    assert manager.save()
    saved = load_library(team).clause("credits-claims")
    assert saved is not None and (saved.status, saved.version) == ("approved", 4)


def test_every_input_is_named_like_its_label_and_tab_follows_the_page(
    manager: LibraryManager, team: Path
) -> None:
    manager.select(team, "credits-claims")
    for label in manager.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None:
            assert buddy.accessibleName() == label.text(), label.text()
    inputs = (QLineEdit, QPlainTextEdit, QComboBox, QSpinBox, QTreeWidget, QPushButton)
    unnamed = [
        type(w).__name__
        for kind in inputs
        for w in manager.findChildren(kind)
        if w.isVisible() and not w.accessibleName() and not isinstance(w.parent(), QSpinBox)
    ]
    assert not unnamed
    tabs = [manager.editor.variant_tabs.tabText(i) for i in range(2)]
    assert [e.accessibleName() for e in manager.editor.body_editors()] == tabs
    chain, widget = [], manager.search_edit
    for _ in range(8):
        chain.append(widget.accessibleName())
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible()):
            widget = widget.nextInFocusChain()
    assert chain == [
        "Search",
        "Section",
        "Tag",
        "Libraries and clauses",
        "Title",
        "Section",
        "Level",
        "Version",
    ]


def test_the_screenshots_show_the_manager_and_its_dialogs(qapp: Any, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    from slaeditor.gui.library_manager.screenshots import write_library_screenshots

    shots = write_library_screenshots(tmp_path / "libraries")
    assert [p.name for p in shots] == [
        "library-manager.png",
        "library-manager-pack.png",
        "library-preferences.png",
        "library-conflict.png",
    ]
    image = QImage(str(shots[0]))
    assert (image.width(), image.height()) == (1280, 800)
