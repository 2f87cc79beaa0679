"""The form of one library clause: its details, guidance and a body editor per variant.

Every edit is sent at once (`edited`) as a new frozen LibraryClause, so the library manager's
working copy, its list and its "unsaved" mark always agree with the form. Bodies are checked as
the user types (after a short pause, with the core `check_body`): the message names the variant
and the line, and the line is highlighted in the editor, because a Jinja error found only when
the contract renders is found by the customer. The pack's own clauses are shown read-only.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from slaeditor.clauses.library import LEVELS, SECTIONS, check_body
from slaeditor.gui.editing.scope import level_name
from slaeditor.gui.library_manager.variant_tabs import BodyEditor, VariantTabs
from slaeditor.gui.plain_text import plain_label
from slaeditor.gui.style import tones
from slaeditor.model.ids import make_id

if TYPE_CHECKING:
    from collections.abc import Callable, Collection

    from slaeditor.clauses.library import ClauseProblem, LibraryClause

CHECK_DELAY_MS = 250
READ_ONLY_STYLE = """
QLineEdit[readOnly="true"], QPlainTextEdit[readOnly="true"] {{
    background: palette(alternate-base);
}}
#readOnlyNote {{ background: {fill}; border: 1px solid {border}; border-radius: 5px; }}
"""


class ClauseEditor(QWidget):
    """Details on top, variants in tabs below, problems under the tabs."""

    edited = Signal(object)
    """The user changed something: the clause as the form now says (a LibraryClause)."""
    checked = Signal()
    """The bodies were checked; `problems()` has the result."""
    duplicate_requested = Signal()
    """The user asked for an editable copy of a read-only clause."""

    def __init__(self) -> None:
        super().__init__()
        self._clause: LibraryClause | None = None
        self._loading = False
        self._problems: list[ClauseProblem] = []
        self.taken_ids: set[str] = set()
        self.id_from_title = False
        self.check_timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self.check_timer.timeout.connect(self.check_now)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.problems_label = plain_label(QLabel())
        self.problems_label.setObjectName("fieldMessage")
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self._build_note())
        layout.addLayout(self._build_details())
        layout.addWidget(self._build_variants(), 1)
        layout.addWidget(self.problems_label)
        self.setEnabled(False)
        self.setStyleSheet(
            READ_ONLY_STYLE.format(fill=tones().warning_tint, border=tones().warning)
        )

    # --- building ------------------------------------------------------------------------

    def _build_note(self) -> QWidget:
        """Build the banner over a read-only clause: why, and the way to an editable copy."""
        self.note_box = QWidget()
        self.note_box.setObjectName("readOnlyNote")
        row = QHBoxLayout(self.note_box)
        row.setContentsMargins(10, 6, 8, 6)
        self.read_only_note = plain_label(QLabel())
        self.read_only_note.setWordWrap(True)
        row.addWidget(self.read_only_note, 1)
        self.duplicate_button = QPushButton("Duplicate to my library")
        self.duplicate_button.setAccessibleName("Duplicate to my library")
        self.duplicate_button.clicked.connect(self.duplicate_requested)
        row.addWidget(self.duplicate_button)
        self.note_box.hide()
        return self.note_box

    def _line(self, label: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(label)
        edit.textEdited.connect(self._on_field_edited)
        return edit

    def _combo(
        self, label: str, items: tuple[str, ...], named: Callable[[str], str] = str
    ) -> QComboBox:
        """Offer values from the file, each shown by its name on screen."""
        combo = QComboBox()
        combo.setAccessibleName(label)
        for item in items:
            combo.addItem(named(item), item)
        combo.activated.connect(self._on_field_edited)
        return combo

    def _build_details(self) -> QGridLayout:
        self.title_edit = self._line("Title")
        self.section_combo = self._combo("Section", SECTIONS)
        self.level_combo = self._combo(
            "Level", LEVELS, lambda level: level_name(level).capitalize()
        )
        self.status_label = plain_label(QLabel())
        self.status_label.setAccessibleName("Status")
        self.version_spin = QSpinBox()
        self.version_spin.setRange(0, 99_999)
        self.version_spin.setAccessibleName("Version")
        self.version_spin.valueChanged.connect(self._on_field_edited)
        self.author_edit = self._line("Author")
        self.locale_edit = self._line("Locale")
        self.locale_edit.setPlaceholderText("en-GB")
        self.jurisdiction_edit = self._line("Jurisdiction")
        self.jurisdiction_edit.setPlaceholderText("England and Wales")
        self.tags_edit = self._line("Tags")
        self.tags_edit.setPlaceholderText("credits, claims (separated by commas)")
        self.guidance_edit = QPlainTextEdit()
        self.guidance_edit.setAccessibleName("Guidance")
        self.guidance_edit.setPlaceholderText("When a drafter should (not) use this clause")
        self.guidance_edit.setTabChangesFocus(True)
        self.guidance_edit.setFixedHeight(58)
        self.guidance_edit.textChanged.connect(self._on_field_edited)
        self._hints: dict[QLineEdit | QPlainTextEdit, str] = {
            widget: widget.placeholderText()
            for widget in (
                self.locale_edit,
                self.jurisdiction_edit,
                self.tags_edit,
                self.guidance_edit,
            )
        }
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        pairs = [
            ("Title", self.title_edit, "Status", self.status_label),
            ("Section", self.section_combo, "Level", self.level_combo),
            ("Version", self.version_spin, "Author", self.author_edit),
            ("Locale", self.locale_edit, "Jurisdiction", self.jurisdiction_edit),
            ("Tags", self.tags_edit, "", None),
        ]
        for row, (left, left_widget, right, right_widget) in enumerate(pairs):
            for column, (text, widget) in enumerate(((left, left_widget), (right, right_widget))):
                if widget is None:
                    continue
                label = QLabel(text)
                label.setObjectName("fieldLabel")
                label.setBuddy(widget)
                grid.addWidget(label, row, column * 2)
                grid.addWidget(widget, row, column * 2 + 1)
        guidance = QLabel("Guidance")
        guidance.setObjectName("fieldLabel")
        guidance.setBuddy(self.guidance_edit)
        grid.addWidget(guidance, 10, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.guidance_edit, 10, 1, 1, 3)
        return grid

    def _build_variants(self) -> QWidget:
        self.variants = VariantTabs()
        self.variant_tabs = self.variants.tabs
        self.variants.changed.connect(self._on_variants_changed)
        self.variants.body_edited.connect(self.check_timer.start)
        self.variants.refused.connect(self.problems_label.setText)
        return self.variants

    # --- showing a clause ----------------------------------------------------------------

    def set_clause(
        self,
        clause: LibraryClause | None,
        *,
        read_only: str = "",
        taken_ids: Collection[str] = (),
        id_from_title: bool = False,
    ) -> None:
        """Show a clause (None clears the form); read_only is the reason it cannot be edited.

        With `id_from_title` (a clause not saved yet) the clause's id is made from its title
        as it is typed; once saved, agreements may refer to the id, so it is kept.
        """
        self._loading = True
        self._clause = clause
        self.taken_ids = set(taken_ids)
        self.id_from_title = id_from_title
        self.setEnabled(clause is not None)
        self.read_only_note.setText(read_only)
        self.note_box.setVisible(bool(read_only))
        editable = clause is not None and not read_only
        self.variants.load(clause.variants if clause else {}, editable=editable)
        if clause is not None:
            self.title_edit.setText(clause.title)
            _select(self.section_combo, clause.section)
            _select(self.level_combo, clause.level)
            self.status_label.setText(clause.status)
            self.version_spin.setValue(clause.version)
            self.author_edit.setText(clause.author)
            self.locale_edit.setText(clause.locale)
            self.jurisdiction_edit.setText(clause.jurisdiction)
            self.tags_edit.setText(", ".join(clause.tags))
            self.guidance_edit.setPlainText(clause.guidance)
            for line in (self.title_edit, self.tags_edit, self.jurisdiction_edit):
                line.setCursorPosition(0)  # show the start of a long value, not its end
        for widget in (
            self.title_edit,
            self.author_edit,
            self.locale_edit,
            self.jurisdiction_edit,
            self.tags_edit,
        ):
            widget.setReadOnly(not editable)
        self.guidance_edit.setReadOnly(not editable)
        for hinted, hint in self._hints.items():
            hinted.setPlaceholderText(hint if editable else "")
        for choice in (self.section_combo, self.level_combo, self.version_spin):
            choice.setEnabled(editable)
        for child in [*self.findChildren(QLineEdit), *self.findChildren(QPlainTextEdit)]:
            child.style().unpolish(child)  # the style sheet reads the readOnly property
            child.style().polish(child)
        self._loading = False
        self.check_now()

    def clause(self) -> LibraryClause | None:
        """Return the clause as the form now says (a new clause's id made from its title)."""
        if self._clause is None:
            return None
        clause_id = self._clause.id
        title = self.title_edit.text().strip()
        if self.id_from_title and title:
            clause_id = make_id(title, self.taken_ids, "clause")
        tags = tuple(tag.strip() for tag in self.tags_edit.text().split(",") if tag.strip())
        return dataclasses.replace(
            self._clause,
            id=clause_id,
            title=self.title_edit.text(),
            section=str(self.section_combo.currentData()),
            level=str(self.level_combo.currentData()),
            version=self.version_spin.value(),
            author=self.author_edit.text(),
            locale=self.locale_edit.text(),
            jurisdiction=self.jurisdiction_edit.text(),
            tags=tags,
            guidance=self.guidance_edit.toPlainText(),
            variants=self.variants.values(),
        )

    def show_status_value(self, status: str) -> None:
        """Show a status the manager set (a changed approved text becomes a draft again)."""
        self.status_label.setText(status)
        if self._clause is not None:
            self._clause = dataclasses.replace(self._clause, status=status)

    def body_editors(self) -> list[BodyEditor]:
        """Return the variants' editors in tab order."""
        return self.variants.editors()

    def body_editor(self, variant: str) -> BodyEditor | None:
        """Return the editor of one variant by name."""
        return self.variants.editor(variant)

    # --- checking ------------------------------------------------------------------------

    def problems(self) -> list[ClauseProblem]:
        """Return the problems found by the last check, each naming its variant and line."""
        return list(self._problems)

    def check_now(self) -> None:
        """Check every body and show what is wrong (variant, line) with the lines highlighted."""
        self.check_timer.stop()
        found = [
            dataclasses.replace(problem, variant=name)
            for name, body in self.variants.values().items()
            for problem in check_body(body)
        ]
        self.variants.show_problems(found)
        self._problems = found
        self.problems_label.setText("\n".join(f"{problem}" for problem in found[:6]))
        if len(found) > 6:
            self.problems_label.setText(
                f"{self.problems_label.text()}\n… and {len(found) - 6} more"
            )
        self.checked.emit()

    # --- reacting ------------------------------------------------------------------------

    def _emit(self) -> None:
        if self._loading or self._clause is None:
            return
        clause = self.clause()
        if clause is not None:
            self._clause = clause
            self.edited.emit(clause)

    def _on_field_edited(self) -> None:
        self._emit()

    def _on_variants_changed(self) -> None:
        self._emit()


def _select(combo: QComboBox, value: str) -> None:
    """Select a value, adding it first when the file holds one the list does not know."""
    index = combo.findData(value)
    if index < 0:
        combo.addItem(value, value)
        index = combo.count() - 1
    combo.setCurrentIndex(index)
