"""The library manager's file operations: save (with a colleague's save shown), import, export.

Saving goes through save_library, which refuses to overwrite a colleague's save: the conflict
dialog then lists their changes and the user keeps both, reloads theirs, overwrites or cancels.
A failure names the file and leaves it unchanged. Each operation is a public method taking its
answers as arguments (the toolbar asks the user first), so tests drive what a click does.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QWidget

from slaeditor.clauses.library import (
    LibraryConflict,
    LibraryError,
    load_library,
    merge_library,
    new_library,
    save_library,
)
from slaeditor.gui.library_manager.conflict_dialog import ask_about_conflict

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from slaeditor.clauses.records import LibraryClause
    from slaeditor.gui.context import AppContext
    from slaeditor.gui.library_manager.clause_editor import ClauseEditor
    from slaeditor.gui.library_manager.working_copies import Shelf, WorkingSet

LIBRARY_FILTER = "Clause libraries (*.clauses.yaml *.yaml);;All files (*)"


class ManagerWindow(Protocol):
    """What the toolbar's actions use of the manager window: its state and its messages."""

    context: AppContext
    working: WorkingSet
    editor: ClauseEditor
    status: QLabel

    def load(self) -> None:
        """Read every library of the set again."""

    def filters(self) -> tuple[str, str, str]:
        """Return the search text, section and tag the list is filtered by."""

    def current(self) -> tuple[Shelf, LibraryClause] | None:
        """Return the clause being edited and its library."""

    def current_shelf(self) -> Shelf | None:
        """Return the library of the selected row."""

    def selected(self) -> list[tuple[Shelf, LibraryClause]]:
        """Return every selected clause with its library."""

    def select(self, path: Path, clause_id: str) -> bool:
        """Select a clause of a library; False if it is not there."""

    def replace_clause(self, shelf: Shelf, old: LibraryClause, clause: LibraryClause) -> None:
        """Put an edited clause in place of the old one."""

    def changed(self) -> None:
        """Redraw the list after the working copies changed."""

    def show_status(self, text: str) -> None:
        """Say what happened in the status line."""

    def ask(self, box: QMessageBox) -> Any:
        """Show a question and return the button chosen."""


class LibraryFileActions(QObject):
    """Save, reload, import and export; the base of the manager's toolbar actions.

    `window` is the manager's state and messages, `widget` the window that dialogs belong to
    (the same object; the actions know it only through the ManagerWindow protocol).
    """

    def __init__(self, window: ManagerWindow, widget: QWidget) -> None:
        super().__init__(widget)
        self.window = window
        self.widget = widget
        self.by_name: dict[str, QAction] = {}

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
            f"Imported {count_text(done)} into {target.library.name}; Save to keep them."
        )
        if clashed:
            self._warn(
                "Some clauses were not imported",
                f"{target.library.name} already has: {', '.join(clashed)}.",
            )
        return clashed

    def export_to(self, path: Path, *, replace_existing: bool = False) -> bool:
        """Write the selected clauses to a new library file; False if nothing was written.

        An existing file is replaced only when the user confirmed that very file (the save
        dialog asks); otherwise the export stops and says so.
        """
        clauses = [clause for _, clause in self.window.selected()]
        if not clauses:
            self._warn("Nothing to export", "Select the clauses to export in the list first.")
            return False
        name = path.name.split(".")[0] or "Exported clauses"
        try:
            save_library(replace(new_library(path, name), clauses=clauses), force=replace_existing)
        except LibraryConflict:
            self._warn(
                "The clauses were not exported",
                f"{path} already exists and was left as it is; export under another name.",
            )
            return False
        except LibraryError as error:
            self._warn("The clauses were not exported", str(error))
            return False
        self.window.show_status(
            f"Exported {len(clauses)} clause{'s' if len(clauses) != 1 else ''} to {path}"
        )
        return True

    # --- saving --------------------------------------------------------------------------

    def save_all(self) -> bool:
        """Save every changed library in turn; stop at the first one not saved as it is.

        Libraries that gain clauses are written first: when a move's target is not written
        (a colleague's save, a failure, their version reloaded), its source is not written
        either, so a moved clause is never in neither file.
        """
        saved = all(
            self.save_shelf(shelf)
            for shelf in sorted(self.window.working.modified(), key=lambda s: not _gains(s))
        )
        said = self.window.status.text()
        self.window.changed()
        self.window.show_status(said)  # redrawing the list says "N clauses shown" instead
        return saved

    def save_shelf(self, shelf: Shelf, *, force: bool = False) -> bool:
        """Save one library; a colleague's save in between is shown and the user decides."""
        if shelf.library.dropped_comments and not self._comments_may_go(shelf):
            self.window.show_status(f"{shelf.path.name} was not saved; its comments are kept.")
            return False
        try:
            shelf.library = save_library(shelf.library, force=force)
        except LibraryConflict as conflict:
            return self._resolve(shelf, conflict)
        except LibraryError as error:
            self._warn("The library was not saved", str(error))
            return False
        shelf.modified = False
        shelf.fresh.clear()
        self.window.show_status(f"Saved {shelf.path}")
        return True

    def _comments_may_go(self, shelf: Shelf) -> bool:
        """Ask before a save drops the comments someone wrote inside a hand-edited library."""
        count = shelf.library.dropped_comments
        box = QMessageBox(self.widget)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Comments will not be kept")
        box.setText(
            f"{shelf.path.name} has {count} comment{'s' if count != 1 else ''} inside its "
            "clauses. Saving writes the library in the application's form and does not keep them."
        )
        box.setInformativeText(
            "The comments at the top of the file are kept. To keep the others, cancel and move "
            "them into a clause's guidance, or to the top of the file."
        )
        buttons = QMessageBox.StandardButton
        box.setStandardButtons(buttons.Save | buttons.Cancel)
        box.setDefaultButton(buttons.Cancel)
        return bool(self.window.ask(box) == buttons.Save)

    def _resolve(self, shelf: Shelf, conflict: LibraryConflict) -> bool:
        choice = ask_about_conflict(self.widget, conflict, merge=True)
        if choice == "overwrite":
            return self.save_shelf(shelf, force=True)
        if choice == "reload":
            self.window.working.reload(shelf, conflict.theirs)
            others = self.window.working.modified()
            note = (
                " Other libraries were not saved yet (a clause moved here would be lost): "
                "check them, then Save again."
                if others
                else ""
            )
            self.window.show_status(
                f"Reloaded {shelf.path.name}: your unsaved changes to it were dropped.{note}"
            )
            return not others
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
        box = QMessageBox(self.widget)
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
        box = QMessageBox(self.widget)
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

    def _on_import_triggered(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.widget, "Import a clause library", "", LIBRARY_FILTER
        )
        if not name:
            return
        box = QMessageBox(self.widget)
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
            self.widget,
            "Export clauses",
            str(Path.home() / "exported.clauses.yaml"),
            LIBRARY_FILTER,
        )
        if name:
            path = Path(name)
            if not path.name.endswith((".yaml", ".yml")):
                path = path.with_name(f"{path.name}.clauses.yaml")
            # the dialog asked before replacing `name`, not the name with the suffix added
            self.export_to(path, replace_existing=path == Path(name))


def _gains(shelf: Shelf) -> bool:
    """Tell whether a library has clauses it did not have when read (added, copied, moved)."""
    before = {clause.id for clause in shelf.library.base}
    return any(clause.id not in before for clause in shelf.library.clauses)


def count_text(number: int) -> str:
    """Return "1 clause" or "N clauses"."""
    return f"{number} clause{'s' if number != 1 else ''}"
