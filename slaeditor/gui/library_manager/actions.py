"""The library manager's toolbar and its clause operations: add, duplicate, approve, move.

Each operation is a public method that takes its answers as arguments (the toolbar asks the
user first), so tests drive the same code a click does. Saving, import and export are in
library_manager_files.py (the base class).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QToolBar, QToolButton

from slaeditor.clauses.library import (
    LibraryError,
    approve,
)
from slaeditor.gui.library_manager.file_actions import LibraryFileActions, count_text
from slaeditor.gui.library_manager.working_copies import Shelf, duplicate, new_clause

if TYPE_CHECKING:
    from pathlib import Path


class ManagerActions(LibraryFileActions):
    """The manager's toolbar and the clause operations behind it."""

    # --- toolbar -------------------------------------------------------------------------

    def build_toolbar(self) -> QToolBar:
        """Return the toolbar; Save is Ctrl+S inside this window."""
        bar = QToolBar("Library")
        bar.setObjectName("libraryToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(bar.toolButtonStyle().ToolButtonTextOnly)
        entries = [
            ("Save", QKeySequence.StandardKey.Save, self.save_all),
            ("Reload", QKeySequence.StandardKey.Refresh, self._on_reload_triggered),
            None,
            ("New clause", QKeySequence.StandardKey.New, self._on_new_triggered),
            ("Duplicate", QKeySequence("Ctrl+D"), self._on_duplicate_triggered),
            ("Duplicate to my library", None, self._on_duplicate_mine_triggered),
            ("Approve", None, self._on_approve_triggered),
            ("Retire", None, self._on_retire_triggered),
            ("Delete", QKeySequence.StandardKey.Delete, self._on_delete_triggered),
            None,
            ("Move to", None, None),
            ("Copy to", None, None),
            None,
            ("Import…", QKeySequence.StandardKey.Open, self._on_import_triggered),
            ("Export…", QKeySequence("Ctrl+E"), self._on_export_triggered),
        ]
        for entry in entries:
            if entry is None:
                bar.addSeparator()
                continue
            text, keys, slot = entry
            action = QAction(text, self.widget)
            if keys is not None:
                action.setShortcut(keys)
                action.setToolTip(f"{text} ({QKeySequence(keys).toString()})")
            if slot is not None:
                action.triggered.connect(slot)
            else:
                menu = QMenu(text, self.widget)
                menu.aboutToShow.connect(lambda menu=menu, text=text: self._fill_menu(menu, text))
                action.setMenu(menu)
            bar.addAction(action)
            self.by_name[text.rstrip("…")] = action
        # Delete only from the list: in a text box the key deletes a character.
        self.by_name["Delete"].setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        for name in ("Move to", "Copy to"):
            button = bar.widgetForAction(self.by_name[name])
            if isinstance(button, QToolButton):
                button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        return bar

    def update_enabled(self) -> None:
        """Enable what makes sense for the selected clause (nothing edits the pack's)."""
        found = self.window.current()
        editable = found is not None and not found[0].read_only
        for name in ("Duplicate", "Approve", "Retire", "Move to", "Delete"):
            self.by_name[name].setEnabled(editable)
        self.by_name["Duplicate to my library"].setEnabled(found is not None)
        self.by_name["Copy to"].setEnabled(found is not None)

    def _fill_menu(self, menu: QMenu, text: str) -> None:
        menu.clear()
        source = self.window.current()
        for shelf in self.window.working.editable():
            if source is not None and shelf is source[0]:
                continue
            action = menu.addAction(shelf.label)
            action.triggered.connect(
                lambda _=False, path=shelf.path, move=text == "Move to": self.transfer(
                    path, move=move
                )
            )
        if menu.isEmpty():
            empty = menu.addAction("No other library (add team libraries in Preferences)")
            empty.setEnabled(False)

    # --- clause operations ---------------------------------------------------------------

    def add_clause(self, shelf: Shelf | None = None) -> str:
        """Add a draft clause to a library (the selected one, else mine) and show it."""
        target = shelf or self._target_for_new()
        if target is None:
            return ""
        found = self.window.current()
        section = found[1].section if found else (self.window.filters()[1] or "scope")
        clause = new_clause(target.free_id("new-clause"), section)
        self.window.working.put(target, clause)
        target.fresh.add(clause.id)
        self.window.changed()
        self.window.select(target.path, clause.id)
        self.window.editor.title_edit.setFocus()
        self.window.editor.title_edit.selectAll()
        return clause.id

    def duplicate_clause(self, *, to_mine: bool = False) -> str:
        """Copy the selected clause under a new id (into my library for the pack's clauses)."""
        found = self.window.current()
        if found is None:
            return ""
        source, clause = found
        shelf = self._mine() if to_mine or source.read_only else source
        if shelf is None:
            return ""
        if shelf is source:
            copy = duplicate(clause, shelf.free_id(f"{clause.id}-copy"), retitle=True)
        else:  # the same id in my library overrides the other's (the list shows which wins)
            copy = duplicate(clause, shelf.free_id(clause.id), retitle=False)
        self.window.working.put(shelf, copy)
        if shelf is source:
            shelf.fresh.add(copy.id)  # a new clause: its id follows the title it is given
        self.window.changed()
        self.window.select(shelf.path, copy.id)
        self.window.show_status(
            f"Copied to “{copy.title}” in {shelf.library.name}; Save to keep it."
        )
        return copy.id

    def set_status(self, status: str) -> bool:
        """Approve (checked first) or retire the selected clause; False if refused."""
        found = self.window.current()
        if found is None or found[0].read_only:
            return False
        shelf, clause = found
        if status == "approved":
            try:
                changed = approve(clause)
            except LibraryError as error:
                self.window.editor.check_now()
                self._warn(
                    f"“{clause.title}” cannot be approved",
                    "Fix these first (the lines are marked in the editor):\n"
                    + "\n".join(f"• {problem}" for problem in self.window.editor.problems()),
                    str(error),
                )
                return False
        else:
            changed = replace(clause, status=status)
        self.window.replace_clause(shelf, clause, changed)
        self.window.editor.set_clause(
            changed, taken_ids=shelf.ids() - {changed.id}, id_from_title=changed.id in shelf.fresh
        )
        self.window.show_status(
            f"“{clause.title}” is {status} (version {changed.version}); Save to keep it."
        )
        return True

    def delete_selected(self) -> list[str]:
        """Take the selected clauses out of their libraries after asking; returns the ids."""
        chosen = [
            (shelf, clause) for shelf, clause in self.window.selected() if not shelf.read_only
        ]
        if not chosen:
            return []
        ids = ", ".join(clause.id for _, clause in chosen)
        box = QMessageBox(self.widget)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Delete clauses")
        box.setText(f"Delete {ids} from the library?")
        box.setInformativeText(
            "Agreements keep the text they already use. To keep a clause on record but stop "
            "offering it, Retire it instead. Nothing is written until you save."
        )
        buttons = QMessageBox.StandardButton
        box.setStandardButtons(buttons.Yes | buttons.Cancel)
        box.setDefaultButton(buttons.Cancel)
        if self.window.ask(box) != buttons.Yes:
            return []
        for shelf, clause in chosen:
            self.window.working.remove(shelf, clause.id)
        self.window.changed()
        self.window.show_status(f"Deleted {ids}; Save to write the change.")
        return [clause.id for _, clause in chosen]

    def transfer(self, target_path: Path, *, move: bool) -> list[str]:
        """Move or copy the selected clauses to another library; returns the ids not moved."""
        target = self.window.working.shelf(target_path)
        chosen = self.window.selected()
        if target is None or target.read_only or not chosen:
            return []
        clashed: list[str] = []
        for source in {shelf.path: shelf for shelf, _ in chosen}.values():
            ids = [clause.id for shelf, clause in chosen if shelf is source]
            if move and not source.read_only:
                clashed += self.window.working.move_to(source, ids, target)
            else:
                clauses = [clause for shelf, clause in chosen if shelf is source]
                clashed += self.window.working.copy_to(clauses, target)
        done = len(chosen) - len(clashed)
        self.window.changed()
        moved = [clause.id for _, clause in chosen if clause.id not in clashed]
        if moved:
            self.window.select(target.path, moved[0])  # the form follows the clause
        verb = "Moved" if move else "Copied"
        self.window.show_status(
            f"{verb} {count_text(done)} to {target.library.name}; Save to keep it."
        )
        if clashed:
            self._warn(
                "Some clauses were not " + ("moved" if move else "copied"),
                f"{target.library.name} already has clauses with these ids: {', '.join(clashed)}. "
                "Give one of each pair a new id first.",
            )
        return clashed

    # --- toolbar slots (they ask, then call the methods above) ---------------------------

    def _on_new_triggered(self) -> None:
        self.add_clause()

    def _on_duplicate_triggered(self) -> None:
        self.duplicate_clause()

    def _on_duplicate_mine_triggered(self) -> None:
        self.duplicate_clause(to_mine=True)

    def _on_approve_triggered(self) -> None:
        self.set_status("approved")

    def _on_retire_triggered(self) -> None:
        self.set_status("retired")

    def _on_delete_triggered(self) -> None:
        self.delete_selected()
