"""What the library manager's toolbar does: add, duplicate, approve, retire, move, import...

Each operation is a public method that takes its answers as arguments (the toolbar asks the
user first), so tests drive the same code a click does. Saving goes through save_library, which
refuses to overwrite a colleague's save: the conflict dialog then lists their changes and the
user overwrites, merges, reloads or cancels; a failure names the file and leaves it unchanged.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QToolBar, QToolButton

from slaeditor.clauses.library import (
    LibraryConflict,
    LibraryError,
    approve,
    load_library,
    merge_library,
    new_library,
    save_library,
)
from slaeditor.gui.conflict_dialog import ask_about_conflict
from slaeditor.gui.library_manager_model import Shelf, duplicate, new_clause

if TYPE_CHECKING:
    from slaeditor.gui.library_manager import LibraryManager

LIBRARY_FILTER = "Clause libraries (*.clauses.yaml *.yaml);;All files (*)"


class ManagerActions(QObject):
    """The manager's toolbar and the operations behind it."""

    def __init__(self, window: LibraryManager) -> None:
        super().__init__(window)
        self.window = window
        self.by_name: dict[str, QAction] = {}

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
            action = QAction(text, self.window)
            if keys is not None:
                action.setShortcut(keys)
                action.setToolTip(f"{text} ({QKeySequence(keys).toString()})")
            if slot is not None:
                action.triggered.connect(slot)
            else:
                menu = QMenu(text, self.window)
                menu.aboutToShow.connect(lambda menu=menu, text=text: self._fill_menu(menu, text))
                action.setMenu(menu)
            bar.addAction(action)
            self.by_name[text.rstrip("…")] = action
        for name in ("Move to", "Copy to"):
            button = bar.widgetForAction(self.by_name[name])
            if isinstance(button, QToolButton):
                button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        return bar

    def update_enabled(self) -> None:
        """Enable what makes sense for the selected clause (nothing edits the pack's)."""
        found = self.window.current()
        editable = found is not None and not found[0].read_only
        for name in ("Duplicate", "Approve", "Retire", "Move to"):
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

    def _mine(self) -> Shelf | None:
        """Return the first library the user may write (personal, else a team one)."""
        editable = self.window.working.editable()
        if editable:
            return editable[0]
        broken = "; ".join(str(error) for error in self.window.working.errors)
        self._warn(
            "There is no library to write to",
            "Your personal library cannot be read and no team library is set. Fix the file "
            "or add a team library in Edit > Preferences.",
            broken,
        )
        return None

    def _target_for_new(self) -> Shelf | None:
        shelf = self.window.current_shelf()
        return shelf if shelf is not None and not shelf.read_only else self._mine()

    def add_clause(self, shelf: Shelf | None = None) -> str:
        """Add a draft clause to a library (the selected one, else mine) and show it."""
        target = shelf or self._target_for_new()
        if target is None:
            return ""
        found = self.window.current()
        section = found[1].section if found else (self.window.filters()[1] or "scope")
        clause = new_clause(target.free_id("new-clause"), section)
        self.window.working.put(target, clause)
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
        self.window.changed()
        self.window.select(shelf.path, copy.id)
        self.window.show_status(f"Copied to “{copy.id}” in {shelf.library.name}; Save to keep it.")
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
                    f"“{clause.id}” cannot be approved",
                    "Fix these first (the lines are marked in the editor):\n"
                    + "\n".join(f"• {problem}" for problem in self.window.editor.problems()),
                    str(error),
                )
                return False
        else:
            changed = replace(clause, status=status)
        self.window.replace_clause(shelf, clause, changed)
        self.window.editor.set_clause(changed, taken_ids=shelf.ids() - {changed.id})
        self.window.show_status(
            f"“{clause.id}” is {status} (version {changed.version}); Save to keep it."
        )
        return True

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
        self.window.show_status(f"{verb} {_count(done)} to {target.library.name}; Save to keep it.")
        if clashed:
            self._warn(
                "Some clauses were not " + ("moved" if move else "copied"),
                f"{target.library.name} already has clauses with these ids: {', '.join(clashed)}. "
                "Give one of each pair a new id first.",
            )
        return clashed

    # --- import and export ---------------------------------------------------------------

    def import_as_team(self, path: Path) -> bool:
        """Add a library file to the team libraries (Preferences) and list it."""
        try:
            load_library(path)
        except LibraryError as error:
            self._warn("The library cannot be imported", str(error))
            return False
        paths = self.window.context.team_library_paths()
        if path.resolve() not in [known.resolve() for known in paths]:
            self.window.context.set_team_library_paths([*paths, path.resolve()])
        self.window.load()
        self.window.show_status(f"{path.name} is now a team library (see Preferences).")
        return True

    def import_into(self, path: Path, target: Shelf) -> list[str]:
        """Copy every clause of a library file into a library; returns the ids that clashed."""
        try:
            source = load_library(path)
        except LibraryError as error:
            self._warn("The library cannot be imported", str(error))
            return []
        clashed = self.window.working.copy_to(source.clauses, target)
        self.window.changed()
        done = len(source.clauses) - len(clashed)
        self.window.show_status(
            f"Imported {_count(done)} into {target.library.name}; Save to keep them."
        )
        if clashed:
            self._warn(
                "Some clauses were not imported",
                f"{target.library.name} already has: {', '.join(clashed)}.",
            )
        return clashed

    def export_to(self, path: Path) -> bool:
        """Write the selected clauses to a new library file; False if nothing was written."""
        clauses = [clause for _, clause in self.window.selected()]
        if not clauses:
            self._warn("Nothing to export", "Select the clauses to export in the list first.")
            return False
        name = path.name.split(".")[0] or "Exported clauses"
        try:
            save_library(replace(new_library(path, name), clauses=clauses), force=True)
        except LibraryError as error:
            self._warn("The clauses were not exported", str(error))
            return False
        self.window.show_status(
            f"Exported {len(clauses)} clause{'s' if len(clauses) != 1 else ''} to {path}"
        )
        return True

    # --- saving --------------------------------------------------------------------------

    def save_all(self) -> bool:
        """Save every changed library in turn; stop at the first cancelled or failed one."""
        for shelf in self.window.working.modified():
            if not self.save_shelf(shelf):
                self.window.changed()
                return False
        self.window.changed()
        return True

    def save_shelf(self, shelf: Shelf, *, force: bool = False) -> bool:
        """Save one library; a colleague's save in between is shown and the user decides."""
        try:
            shelf.library = save_library(shelf.library, force=force)
        except LibraryConflict as conflict:
            return self._resolve(shelf, conflict)
        except LibraryError as error:
            self._warn("The library was not saved", str(error))
            return False
        shelf.modified = False
        self.window.show_status(f"Saved {shelf.path}")
        return True

    def _resolve(self, shelf: Shelf, conflict: LibraryConflict) -> bool:
        choice = ask_about_conflict(self.window, conflict, merge=True)
        if choice == "overwrite":
            return self.save_shelf(shelf, force=True)
        if choice == "reload":
            self.window.working.reload(shelf, conflict.theirs)
            self.window.show_status(
                f"Reloaded {shelf.path.name}: your unsaved changes to it were dropped."
            )
            return True
        if choice == "merge":
            merged, both = merge_library(shelf.library, conflict.theirs)
            shelf.library = merged
            shelf.modified = True
            note = (
                f" Both of you changed {', '.join(both)}: yours is kept, check it." if both else ""
            )
            self.window.show_status(
                f"Merged their changes into yours; Save again to write them.{note}"
            )
            return False
        self.window.show_status(f"{shelf.path.name} was not saved; your changes are kept.")
        return False

    def confirm_discard(self) -> bool:
        """Ask to save before closing; False means the user cancelled."""
        names = ", ".join(shelf.library.name for shelf in self.window.working.modified())
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Unsaved changes")
        box.setText(f"Save the changes to {names} before closing?")
        box.setInformativeText("If you don't save, your changes since the last save are lost.")
        buttons = QMessageBox.StandardButton
        box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
        box.setDefaultButton(buttons.Save)
        answer = self.window.ask(box)
        if answer == buttons.Save:
            return self.save_all()
        return bool(answer == buttons.Discard)

    def _warn(self, title: str, text: str, details: str = "") -> None:
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(title)
        box.setText(text)
        if details:
            box.setDetailedText(details)
        self.window.ask(box)

    # --- toolbar slots (they ask, then call the methods above) ---------------------------

    def _on_reload_triggered(self) -> None:
        self.window.load()
        kept = len(self.window.working.modified())
        note = f"; {kept} with unsaved changes kept as they are" if kept else ""
        self.window.show_status(f"Libraries read again from disk{note}.")

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

    def _on_import_triggered(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.window, "Import a clause library", "", LIBRARY_FILTER
        )
        if not name:
            return
        box = QMessageBox(self.window)
        box.setWindowTitle("Import a clause library")
        box.setText(f"How should {Path(name).name} be used?")
        target = self._target_for_new()
        if target is None:
            return
        box.setInformativeText(
            "As a team library, the file stays where it is and is shared with whoever edits it. "
            f"Copying puts its clauses into {target.library.name}."
        )
        team = box.addButton("Add as a team library", QMessageBox.ButtonRole.AcceptRole)
        copy = box.addButton(f"Copy into {target.library.name}", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        self.window.ask(box)
        if box.clickedButton() is team:
            self.import_as_team(Path(name))
        elif box.clickedButton() is copy:
            self.import_into(Path(name), target)

    def _on_export_triggered(self) -> None:
        if not self.window.selected():
            self._warn("Nothing to export", "Select the clauses to export in the list first.")
            return
        name, _ = QFileDialog.getSaveFileName(
            self.window,
            "Export clauses",
            str(Path.home() / "exported.clauses.yaml"),
            LIBRARY_FILTER,
        )
        if name:
            path = Path(name)
            if not path.name.endswith((".yaml", ".yml")):
                path = path.with_name(f"{path.name}.clauses.yaml")
            self.export_to(path)


def _count(number: int) -> str:
    return f"{number} clause{'s' if number != 1 else ''}"
