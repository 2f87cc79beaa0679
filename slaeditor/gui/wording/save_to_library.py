"""Save wording edited for one agreement to a library, as a new variant or a new clause.

The target is the drafter's personal library or one of the team libraries (never the template
pack's, which ships with the application). The save is the core's: save_back() adds the
variant or clause and save_library() writes the file atomically; if a colleague saved the file
since it was read, the conflict dialog shows their changes and the drafter chooses to add this
text to their version, overwrite it, or cancel. Nothing is written silently over anyone's edit.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from slaeditor.clauses.choices import save_back
from slaeditor.clauses.library import LibraryConflict, load_library, new_library, save_library
from slaeditor.gui.library_manager.conflict_dialog import resolve_conflict
from slaeditor.gui.plain_text import plain_label, plain_tip
from slaeditor.gui.wording.slot_data import Choice, to_core, variant_label
from slaeditor.model.ids import make_id

if TYPE_CHECKING:
    from slaeditor.clauses.library_set import LibrarySet
    from slaeditor.clauses.records import Library, LibraryClause
    from slaeditor.gui.context import AppContext

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PERSONAL_NAME = "Personal"


@dataclass(frozen=True)
class Saved:
    """Where the text went: the library's name and file, the clause id and the variant."""

    library: str
    path: Path
    clause: str
    variant: str


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


class SaveToLibraryDialog(QDialog):
    """Choose the library and whether the text becomes a variant or a clause, then save."""

    def __init__(
        self,
        parent: QWidget,
        context: AppContext,
        library_set: LibrarySet | None,
        choice: Choice,
        title: str,
        section: str,
    ) -> None:
        super().__init__(parent)
        self.section = section
        self.context = context
        self.library_set = library_set
        self.choice = choice
        self.clause_title = title
        self.saved: Saved | None = None
        self.made_id = ""
        """The id the new clause got from its title in the last library it was added to."""
        self._comments_warned: Path | None = None
        self.setWindowTitle("Save to library")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Save the text edited for this agreement (from “{title}”, "
            f"{variant_label(choice.variant)}) so that other agreements can use it."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.library = QComboBox()
        self.library.setAccessibleName("Library")
        for path, name in self.targets():
            self.library.addItem(f"{name} ({path})", str(path))
        form.addRow(_label("Library:", self.library), self.library)
        self.as_variant = QRadioButton("As a new variant of this clause")
        self.as_variant.setAccessibleName("As a new variant of this clause")
        self.as_clause = QRadioButton("As a new clause")
        self.as_clause.setAccessibleName("As a new clause")
        group = QButtonGroup(self)
        group.addButton(self.as_variant)
        group.addButton(self.as_clause)
        self.as_variant.setChecked(True)
        form.addRow(self.as_variant)
        self.variant_name = QLineEdit(_suggest_variant(choice.variant))
        self.variant_name.setAccessibleName("Variant name")
        form.addRow(_label("Variant name:", self.variant_name), self.variant_name)
        form.addRow(self.as_clause)
        self.title_edit = QLineEdit(f"{title} (own wording)")
        self.title_edit.setAccessibleName("Clause title")
        form.addRow(_label("Clause title:", self.title_edit), self.title_edit)
        layout.addLayout(form)
        self.message = plain_label(QLabel())
        self.message.setObjectName("fieldMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName("Save")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        group.buttonToggled.connect(self._on_group_button_toggled)
        self.library.currentIndexChanged.connect(self._on_library_current_index_changed)
        self._on_library_current_index_changed()
        self._on_group_button_toggled()

    def targets(self) -> list[tuple[Path, str]]:
        """List the libraries the text can go to: personal first, then the team libraries."""
        names = {}
        if self.library_set is not None:
            names = {library.path: library.name for library in self.library_set.libraries}
        personal = self.context.personal_library_path()
        found = [(personal, names.get(personal, PERSONAL_NAME))]
        for path in self.context.team_library_paths():
            found.append((path, names.get(path, _library_name(path))))
        return found

    def select_library(self, path: Path) -> bool:
        """Choose the target library by its file (for tests and callers that know it)."""
        index = self.library.findData(str(path))
        if index >= 0:
            self.library.setCurrentIndex(index)
        return index >= 0

    def _has_clause(self, path: Path) -> bool:
        """Tell whether a target library (as the page read it) holds the chosen clause."""
        if self.library_set is None:
            return True  # unknown until saving; the save then says what to do
        for library in self.library_set.libraries:
            if library.path == path:
                return library.clause(self.choice.clause) is not None
        return False

    def _on_library_current_index_changed(self) -> None:
        """Offer "new variant" only where the clause exists; elsewhere it becomes a new clause."""
        has = self._has_clause(Path(str(self.library.currentData())))
        self.as_variant.setEnabled(has)
        self.as_variant.setToolTip(
            ""
            if has
            else plain_tip(f"This library has no clause “{self.clause_title}” to add a variant to")
        )
        if has:
            self.as_variant.setChecked(True)
        else:
            self.as_clause.setChecked(True)

    def _on_group_button_toggled(self) -> None:
        as_variant = self.as_variant.isChecked()
        self.variant_name.setEnabled(as_variant)
        self.title_edit.setEnabled(not as_variant)

    # --- saving ------------------------------------------------------------------------------

    def problem(self, library: Library) -> str:
        """Say what keeps the save from making sense in this library, or ""."""
        if self.as_variant.isChecked():
            name = self.variant_name.text().strip()
            existing = library.clause(self.choice.clause)
            if not name:
                return "Variant name: name the new variant, such as “fallback capped”."
            if existing is None:
                return (
                    f"{library.name} has no clause “{self.clause_title}” to add a variant to; "
                    "save the text as a new clause instead."
                )
            if name in existing.variants:
                return (
                    f"Variant name: “{existing.title}” in {library.name} already has a variant "
                    f"“{name}”; choose another name."
                )
            return ""
        title = self.title_edit.text().strip()
        if not title:
            return "Clause title: give the clause a title drafters will recognise."
        if any(clause.title.casefold() == title.casefold() for clause in library.clauses):
            return (
                f"Clause title: {library.name} already has a clause “{title}”; "
                "choose another title."
            )
        return ""

    def save(self) -> None:
        """Add the text to the chosen library and write it; stay open to say what is wrong."""
        path = Path(str(self.library.currentData()))
        try:
            library = self._load(path)
        except Exception as error:  # a library that does not parse is reported, never touched
            self._say(f"{error}")
            return
        if library.dropped_comments and self._comments_warned != path:
            self._comments_warned = path  # a second click saves anyway
            self._say(
                f"{library.name} has comments inside its clauses that saving does not keep "
                "(the comments at the top are kept). Click Save again to save anyway."
            )
            return
        while True:
            problem = self.problem(library)
            if problem:
                self._say(problem)
                return
            try:
                updated = self._add_to(library)
                written = save_library(updated)
            except LibraryConflict as conflict:
                answer = resolve_conflict(self, conflict, reload_text="Add to theirs")
                if answer == "cancel":
                    self._say("Nothing was saved; the library was changed by someone else.")
                    return
                if answer == "overwrite":
                    written = save_library(updated, force=True)
                else:
                    library = conflict.theirs
                    continue
            except Exception as error:  # an unwritable folder or a refused text: say so, stay
                self._say(f"The library was not saved: {error}")
                return
            break
        variant = self.variant_name.text().strip()
        clause_id = self.choice.clause
        if not self.as_variant.isChecked():
            variant = self.choice.variant
            clause_id = self.made_id
        self.saved = Saved(written.name, written.path, clause_id, variant)
        self.accept()

    def _load(self, path: Path) -> Library:

        if self.library_set is not None:
            for library in self.library_set.libraries:
                if library.path == path:
                    return library  # as the page read it: a save since then is a conflict
        if path == self.context.personal_library_path() and not path.exists():
            return new_library(path, PERSONAL_NAME)
        return load_library(path)

    def _add_to(self, library: Library) -> Library:

        core = to_core(self.choice)
        if self.as_variant.isChecked():
            return save_back(library, core, variant_name=self.variant_name.text().strip())
        clause_id = self.made_id = self.new_clause_id(library)
        added = save_back(
            library,
            core,
            as_new_clause_id=clause_id,
            variant_name=self.choice.variant,
            title=self.title_edit.text().strip(),
        )
        if library.clause(self.choice.clause) is not None:
            return added  # save_back copied section, level and tags from the library's clause
        return dataclasses.replace(
            added,
            clauses=[
                self._described(clause) if clause.id == clause_id else clause
                for clause in added.clauses
            ],
        )

    def new_clause_id(self, library: Library) -> str:
        """Make the new clause's id from its title; nobody types one (other files refer to it)."""
        return make_id(self.title_edit.text().strip(), {c.id for c in library.clauses}, "clause")

    def _described(self, clause: LibraryClause) -> LibraryClause:
        """Give a new clause the section, level and tags of the clause its text came from.

        The core copies them only from the target library; the text may come from another
        (the pack's, or a team library), which the library set still knows.
        """
        entry = None
        if self.library_set is not None:
            entry = self.library_set.find(self.choice.library, self.choice.clause)
        if entry is None:
            return dataclasses.replace(clause, section=self.section)
        source = entry.clause
        return dataclasses.replace(
            clause,
            section=source.section or self.section,
            level=source.level,
            locale=source.locale,
            jurisdiction=source.jurisdiction,
            tags=source.tags,
            guidance=source.guidance,
        )

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))


def _library_name(path: Path) -> str:
    """Label a team library before it is read: its file name without the suffix."""
    name = path.name
    for suffix in (".clauses.yaml", ".yaml", ".yml"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _suggest_variant(variant: str) -> str:
    return f"{variant}-edited" if _NAME.match(variant) else "edited"
