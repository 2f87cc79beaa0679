"""The clause library manager: browse, search and edit every library the wizard picks from.

The list on the left shows each library in precedence order (personal, team, the pack's own),
a file that does not parse (with its line; it is never written), and every clause id that is
in two libraries (the one the wizard uses and the one it hides). The form on the right edits
the selected clause. Edits stay in the manager's working copies until Save (Ctrl+S); a save
that meets a colleague's save in between shows their changes and lets the user choose, and
closing with unsaved changes asks first. Split by concern: the list (library_manager_tree.py),
the clause operations (library_manager_actions.py), saving, import and export
(library_manager_files.py), the working copies (library_manager_model.py, Qt-free).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from slaeditor.clauses.library import SECTIONS
from slaeditor.gui.library_manager.actions import ManagerActions
from slaeditor.gui.library_manager.clause_editor import ClauseEditor
from slaeditor.gui.library_manager.tree import ClauseTree, key_of, shelf_text
from slaeditor.gui.library_manager.working_copies import PACK_READ_ONLY, Shelf, WorkingSet
from slaeditor.gui.plain_text import plain_box, plain_label, plain_tip

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtGui import QCloseEvent

    from slaeditor.clauses.library import LibraryClause
    from slaeditor.gui.context import AppContext

SEARCH_DELAY_MS = 0  # coalesces the keys typed before the list is next updated
NOTICE_LINES = 4
ALL_SECTIONS, ALL_TAGS = "All sections", "All tags"


class LibraryManager(QMainWindow):
    """One window over all the clause libraries of a template pack."""

    def __init__(self, context: AppContext, pack_name: str, base: Path | None = None) -> None:
        super().__init__()
        self.context = context
        self.pack_name = pack_name
        self.base = base
        self.last_prompt: QWidget | None = None
        self.working = WorkingSet([])
        self._current: tuple[Path, str] | None = None
        self.setWindowTitle("Clause libraries[*] — SLA Editor")
        self.search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.fill_tree)
        self.editor = ClauseEditor()
        self.editor.edited.connect(self._on_editor_edited)
        self.editor.duplicate_requested.connect(self._on_editor_duplicate_requested)
        self.actions_ = ManagerActions(self, self)
        self._build()
        self.resize(1280, 800)
        self.load()

    # --- building ------------------------------------------------------------------------

    def _build(self) -> None:
        self.addToolBar(self.actions_.build_toolbar())
        split = QSplitter()
        split.setChildrenCollapsible(False)
        split.addWidget(self._build_browser())
        self.tree.addAction(self.actions_.by_name["Delete"])  # Delete works in the list
        right = QWidget()
        layout = QVBoxLayout(right)
        layout.setContentsMargins(10, 8, 12, 8)
        self.place_label = plain_label(QLabel())
        self.place_label.setObjectName("pageHeading")
        self.place_label.setWordWrap(True)
        layout.addWidget(self.place_label)
        self.place_note = plain_label(QLabel())
        self.place_note.setObjectName("groupNote")
        self.place_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.place_note)
        layout.addWidget(self.editor, 1)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([560, 720])
        self.setCentralWidget(split)
        self.status = plain_label(QLabel())
        self.status.setWordWrap(True)
        self.statusBar().addWidget(self.status, 1)

    def _build_browser(self) -> QWidget:
        box = QWidget()
        box.setMinimumWidth(420)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(12, 8, 4, 8)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Title, text or tag")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.search_timer.start)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.activated.connect(self._on_find_activated)
        self.section_combo = QComboBox()
        self.section_combo.addItems([ALL_SECTIONS, *SECTIONS])
        self.section_combo.currentIndexChanged.connect(self.fill_tree)
        self.tag_combo = QComboBox()
        self.tag_combo.currentIndexChanged.connect(self.fill_tree)
        for row, column, text, widget in (
            (0, 0, "Search", self.search_edit),
            (1, 0, "Section", self.section_combo),
            (1, 2, "Tag", self.tag_combo),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(text)
            grid.addWidget(label, row, column)
            grid.addWidget(widget, row, column + 1, 1, 3 if column == 0 and row == 0 else 1)
        layout.addLayout(grid)
        self.notices = plain_label(QLabel())
        self.notices.setObjectName("pageProblems")
        self.notices.setWordWrap(True)
        self.notices.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.notices)
        self.tree = ClauseTree()
        self.tree.currentItemChanged.connect(self._on_tree_current_item_changed)
        layout.addWidget(self.tree, 1)
        return box

    # --- loading and listing -------------------------------------------------------------

    def load(self) -> None:
        """Read every library again from disk, keeping the working copies with unsaved edits."""
        library_set = self.context.library_set(self.pack_name, self.base)
        fresh = WorkingSet.from_library_set(library_set, self.context.personal_library_path())
        kept = {shelf.path: shelf for shelf in self.working.modified()}
        shelves = [kept.pop(shelf.path, shelf) for shelf in fresh.shelves]
        # A library taken out of Preferences stays listed until its unsaved edits are saved.
        pack = next((i for i, shelf in enumerate(shelves) if shelf.read_only), len(shelves))
        fresh.shelves = [*shelves[:pack], *kept.values(), *shelves[pack:]]
        fresh.errors = [e for e in fresh.errors if fresh.shelf(e.path) is None]
        self.working = fresh
        self._fill_tags()
        self.rebuild_tree()
        self._update_title()

    def _fill_tags(self) -> None:
        current = self.tag_combo.currentText()
        self.tag_combo.blockSignals(True)
        self.tag_combo.clear()
        self.tag_combo.addItems([ALL_TAGS, *self.working.tags()])
        index = self.tag_combo.findText(current)
        self.tag_combo.setCurrentIndex(max(index, 0))
        self.tag_combo.blockSignals(False)

    def filters(self) -> tuple[str, str, str]:
        """Return the search text, section and tag the list is filtered by ("" = any)."""
        section = self.section_combo.currentText()
        tag = self.tag_combo.currentText()
        return (
            self.search_edit.text(),
            "" if section == ALL_SECTIONS else section,
            "" if tag == ALL_TAGS else tag,
        )

    def rebuild_tree(self) -> None:
        """Make the rows again (after loading, adding, moving…), then apply the filters."""
        self.tree.rebuild(self.working)
        self._fill_notices(self.working.conflicts())
        self.fill_tree()

    def fill_tree(self) -> None:
        """Show the clauses that match the filters and hide the others; keep the selection.

        Only rows whose state changes are touched, so typing in the search box over thousands
        of clauses updates the list at once (the rows themselves are built by rebuild_tree).
        """
        self.search_timer.stop()
        matches = self.working.matches(*self.filters())
        self.tree.show_only({(shelf.path, clause.id) for shelf, clause in matches})
        selected = self.tree.item(self._current)
        if selected is not None:
            if self.tree.currentItem() is not selected:
                self.tree.setCurrentItem(selected)
            else:
                self._show(self._current)
        elif self._current is not None:
            self.tree.blockSignals(True)
            self.tree.selectionModel().clearCurrentIndex()
            self.tree.clearSelection()
            self.tree.blockSignals(False)
            self._show(None)
        count = len(matches)
        self.show_status(f"{count} clause{'s' if count != 1 else ''} shown")

    def _fill_notices(self, conflicts: dict[str, list[Shelf]]) -> None:
        """Say which files could not be read (file, line) and which ids are in two libraries."""
        lines = []
        for error in self.working.errors:
            where = f"{error.path.name}, line {error.line}" if error.line else error.path.name
            lines.append(f"⚠ {where}: {error.message} — not loaded; the file is left as it is.")
        for clause_id, holders in sorted(conflicts.items()):
            names = " and ".join(f"“{shelf.library.name}”" for shelf in holders)
            found = holders[0].library.clause(clause_id)
            title = found.title if found is not None and found.title else clause_id
            lines.append(f"“{title}” is in {names}; the wizard uses the first.")
        shown = (
            lines
            if len(lines) <= NOTICE_LINES
            else [
                *lines[: NOTICE_LINES - 1],
                f"… and {len(lines) - NOTICE_LINES + 1} more (point here to see them all)",
            ]
        )
        self.notices.setText("\n".join(shown))
        self.notices.setToolTip(plain_tip("\n".join(lines)) if len(shown) < len(lines) else "")
        self.notices.setVisible(bool(lines))

    # --- the selected clause -------------------------------------------------------------

    def current(self) -> tuple[Shelf, LibraryClause] | None:
        """Return the library and clause shown in the form."""
        if self._current is None:
            return None
        shelf = self.working.shelf(self._current[0])
        clause = shelf.library.clause(self._current[1]) if shelf else None
        return (shelf, clause) if shelf is not None and clause is not None else None

    def current_shelf(self) -> Shelf | None:
        """Return the library of the selected row (a library row or a clause row)."""
        path, _ = key_of(self.tree.currentItem())
        return self.working.shelf(path) if path else None

    def selected(self) -> list[tuple[Shelf, LibraryClause]]:
        """Return the selected clauses (several for move, copy and export)."""
        found = []
        for item in self.tree.selectedItems():
            path, clause_id = key_of(item)
            shelf = self.working.shelf(path) if path and clause_id else None
            clause = shelf.library.clause(clause_id) if shelf else None
            if shelf is not None and clause is not None:
                found.append((shelf, clause))
        return found

    def select(self, path: Path, clause_id: str) -> bool:
        """Show one clause (clearing filters that hide it); False if there is no such clause."""
        shelf = self.working.shelf(path)
        if shelf is None or shelf.library.clause(clause_id) is None:
            return False
        self._current = (path, clause_id)
        if not any(
            s.path == path and c.id == clause_id for s, c in self.working.matches(*self.filters())
        ):
            self.search_edit.setText("")
            self.section_combo.setCurrentIndex(0)
            self.tag_combo.setCurrentIndex(0)
        self.fill_tree()
        return True

    def _on_tree_current_item_changed(self, item: QTreeWidgetItem | None) -> None:
        path, clause_id = key_of(item)
        self._show((path, clause_id) if path and clause_id else None)

    def _show(self, key: tuple[Path, str] | None) -> None:
        self._current = key
        found = self.current()
        if found is None:
            self.editor.set_clause(None)
            self.place_label.setText("Choose a clause on the left, or add one.")
            self.place_note.clear()
        else:
            shelf, clause = found
            self.editor.set_clause(
                clause,
                read_only=PACK_READ_ONLY if shelf.read_only else "",
                taken_ids=shelf.ids() - {clause.id},
                id_from_title=clause.id in shelf.fresh,
            )
            self._show_place(shelf, clause)
        self.actions_.update_enabled()

    def _show_place(self, shelf: Shelf, clause: LibraryClause) -> None:
        self.place_label.setText(clause.title or clause.id)
        self.place_note.setText(f"In {shelf.label} — {shelf.path}")

    # --- editing -------------------------------------------------------------------------

    def _on_editor_edited(self, clause: LibraryClause) -> None:
        found = self.current()
        if found is None or found[0].read_only:
            return
        shelf, old = found
        if old.status == "approved" and clause.variants != old.variants:
            clause = dataclasses.replace(clause, status="draft")  # changed text needs approval
            self.editor.show_status_value("draft")
            self.show_status(
                f"“{clause.title}” is a draft again: approve it to publish the change."
            )
        self.replace_clause(shelf, old, clause)

    def _on_editor_duplicate_requested(self) -> None:
        self.actions_.duplicate_clause(to_mine=True)

    def replace_clause(self, shelf: Shelf, old: LibraryClause, clause: LibraryClause) -> None:
        """Put an edited clause in place of its old version and update its row and title."""
        self.working.put(shelf, clause, replacing=old.id)
        self._current = (shelf.path, clause.id)
        item = self.tree.rekey((shelf.path, old.id), self._current)
        if item is not None:
            self.tree.dress(item, shelf, clause, self.working.conflicts().get(clause.id, []))
            parent = item.parent()
            if parent is not None:
                parent.setText(0, shelf_text(shelf))
        if clause.id != old.id:
            self._fill_notices(self.working.conflicts())
        self._show_place(shelf, clause)
        self._update_title()

    def changed(self) -> None:
        """Redraw after an operation that added, removed or moved clauses."""
        self._fill_tags()
        self.rebuild_tree()
        self._update_title()

    # --- saving and closing --------------------------------------------------------------

    @property
    def modified(self) -> bool:
        """Tell whether any library has unsaved changes."""
        return bool(self.working.modified())

    def save(self) -> bool:
        """Save every changed library; False if any was not written (cancelled or failed)."""
        return self.actions_.save_all()

    def _update_title(self) -> None:
        self.setWindowModified(self.modified)

    def _on_find_activated(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def show_status(self, text: str) -> None:
        """Say something in the status bar until the next message."""
        self.status.setText(text)

    def ask(self, box: QMessageBox) -> Any:
        """Run a message box as this window's prompt (tests answer it via last_prompt)."""
        self.last_prompt = plain_box(box)  # it quotes clause ids and library names
        try:
            return box.exec()
        finally:
            self.last_prompt = None

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask before dropping unsaved changes to any library."""
        if self.modified and not self.actions_.confirm_discard():
            event.ignore()
            return
        event.accept()
