"""The form of one library clause: its details, guidance and a body editor per variant.

Every edit is sent at once (`edited`) as a new frozen LibraryClause, so the library manager's
working copy, its list and its "unsaved" mark always agree with the form. Bodies are checked as
the user types (after a short pause, with the core `check_body`): the message names the variant
and the line, and the line is highlighted in the editor, because a Jinja error found only when
the contract renders is found by the customer. The pack's own clauses are shown read-only.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStyle,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from slaeditor.clauses.library import check_body
from slaeditor.clauses.records import LEVELS, SECTIONS

if TYPE_CHECKING:
    from collections.abc import Collection

    from slaeditor.clauses.library import ClauseProblem, LibraryClause

CHECK_DELAY_MS = 250
READ_ONLY_STYLE = """
QLineEdit[readOnly="true"], QPlainTextEdit[readOnly="true"] { background: #f3f4f5; }
#readOnlyNote { background: #fff4dc; border: 1px solid #e0c98f; border-radius: 5px; }
"""
_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")  # as the library reader checks


class BodyEditor(QPlainTextEdit):
    """A Markdown/Jinja body in a fixed-width font whose problem lines are shown in red."""

    def __init__(self, variant: str) -> None:
        super().__init__()
        self.variant = variant
        self.setAccessibleName(variant)  # the tab's label
        self.setAccessibleDescription(f"The text of the {variant} variant")
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        fixed.setStyleHint(QFont.StyleHint.Monospace)
        self.setFont(fixed)
        self.setTabChangesFocus(True)
        self.problem_lines: list[int] = []

    def show_problems(self, problems: list[ClauseProblem]) -> None:
        """Highlight each problem's line (1-based within the body) across the whole width."""
        self.problem_lines = sorted({problem.line for problem in problems if problem.line})
        selections = []
        for line in self.problem_lines:
            block = self.document().findBlockByNumber(line - 1)
            if not block.isValid():
                continue
            selection = QTextEdit.ExtraSelection()
            selection.format.setBackground(QColor("#fbe1dd"))
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            selection.cursor = QTextCursor(block)
            selections.append(selection)
        self.setExtraSelections(selections)


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
        self.check_timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self.check_timer.timeout.connect(self.check_now)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._build_note())
        layout.addLayout(self._build_details())
        layout.addWidget(self._build_variants(), 1)
        self.problems_label = QLabel()
        self.problems_label.setObjectName("fieldMessage")
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.problems_label)
        self.setEnabled(False)
        self.setStyleSheet(READ_ONLY_STYLE)

    # --- building ------------------------------------------------------------------------

    def _build_note(self) -> QWidget:
        """Build the banner over a read-only clause: why, and the way to an editable copy."""
        self.note_box = QWidget()
        self.note_box.setObjectName("readOnlyNote")
        row = QHBoxLayout(self.note_box)
        row.setContentsMargins(10, 6, 8, 6)
        self.read_only_note = QLabel()
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

    def _combo(self, label: str, items: tuple[str, ...]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(label)
        combo.addItems(list(items))
        combo.activated.connect(self._on_field_edited)
        return combo

    def _build_details(self) -> QGridLayout:
        self.id_edit = self._line("ID")
        self.id_message = QLabel()
        self.id_message.setObjectName("fieldMessage")
        self.id_message.hide()
        self.title_edit = self._line("Title")
        self.section_combo = self._combo("Section", SECTIONS)
        self.level_combo = self._combo("Level", LEVELS)
        self.status_label = QLabel()
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
            ("ID", self.id_edit, "Title", self.title_edit),
            ("Section", self.section_combo, "Level", self.level_combo),
            ("Status", self.status_label, "Version", self.version_spin),
            ("Author", self.author_edit, "Locale", self.locale_edit),
            ("Jurisdiction", self.jurisdiction_edit, "Tags", self.tags_edit),
        ]
        for row, (left, left_widget, right, right_widget) in enumerate(pairs):
            for column, (text, widget) in enumerate(((left, left_widget), (right, right_widget))):
                label = QLabel(text)
                label.setObjectName("fieldLabel")
                label.setBuddy(widget)
                grid.addWidget(label, row * 2 if row else 0, column * 2)
                grid.addWidget(widget, row * 2 if row else 0, column * 2 + 1)
            if row == 0:
                grid.addWidget(self.id_message, 1, 1, 1, 3)
        guidance = QLabel("Guidance")
        guidance.setObjectName("fieldLabel")
        guidance.setBuddy(self.guidance_edit)
        grid.addWidget(guidance, 10, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.guidance_edit, 10, 1, 1, 3)
        return grid

    def _build_variants(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 6, 0, 0)
        row = QHBoxLayout()
        heading = QLabel("Variants")
        heading.setObjectName("fieldLabel")
        row.addWidget(heading)
        row.addStretch(1)
        self.add_variant_button = QPushButton("Add variant…")
        self.rename_variant_button = QPushButton("Rename variant…")
        self.remove_variant_button = QPushButton("Remove variant")
        for button, slot in (
            (self.add_variant_button, self._on_add_variant_clicked),
            (self.rename_variant_button, self._on_rename_variant_clicked),
            (self.remove_variant_button, self._on_remove_variant_clicked),
        ):
            button.setAccessibleName(button.text().rstrip("…"))
            button.clicked.connect(slot)
            row.addWidget(button)
        layout.addLayout(row)
        self.variant_tabs = QTabWidget()
        self.variant_tabs.setAccessibleName("Variants")
        self.variant_tabs.setDocumentMode(True)
        layout.addWidget(self.variant_tabs, 1)
        return box

    # --- showing a clause ----------------------------------------------------------------

    def set_clause(
        self,
        clause: LibraryClause | None,
        *,
        read_only: str = "",
        taken_ids: Collection[str] = (),
    ) -> None:
        """Show a clause (None clears the form); read_only is the reason it cannot be edited."""
        self._loading = True
        self._clause = clause
        self.taken_ids = set(taken_ids)
        self.id_message.clear()
        self.id_message.hide()
        self.setEnabled(clause is not None)
        self.read_only_note.setText(read_only)
        self.note_box.setVisible(bool(read_only))
        current = self.variant_tabs.tabText(self.variant_tabs.currentIndex())
        self.variant_tabs.clear()
        if clause is not None:
            self.id_edit.setText(clause.id)
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
            for line in (self.id_edit, self.title_edit, self.tags_edit, self.jurisdiction_edit):
                line.setCursorPosition(0)  # show the start of a long value, not its end
            for name, body in clause.variants.items():
                self._add_tab(name, body)
            names = list(clause.variants)
            if current in names:
                self.variant_tabs.setCurrentIndex(names.index(current))
        editable = clause is not None and not read_only
        for widget in (
            self.id_edit,
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
        for button in (
            self.add_variant_button,
            self.rename_variant_button,
            self.remove_variant_button,
        ):
            button.setEnabled(editable)
        self.remove_variant_button.setEnabled(editable and self.variant_tabs.count() > 1)
        for editor in self.body_editors():
            editor.setReadOnly(not editable)
        for child in [*self.findChildren(QLineEdit), *self.findChildren(QPlainTextEdit)]:
            child.style().unpolish(child)  # the style sheet reads the readOnly property
            child.style().polish(child)
        self._loading = False
        self.check_now()

    def clause(self) -> LibraryClause | None:
        """Return the clause as the form now says (the id only if it is valid and free)."""
        if self._clause is None:
            return None
        wanted = self.id_edit.text().strip()
        message = ""
        if not _ID_PATTERN.match(wanted):
            message = (
                "An id is letters, digits and - . _ (no spaces), e.g. credits-claims; "
                "the clause keeps its old id until this is fixed."
            )
        elif wanted in self.taken_ids:
            message = f"This library already has a clause “{wanted}”; choose another id."
        self.id_message.setText(message)
        self.id_message.setVisible(bool(message))
        tags = tuple(tag.strip() for tag in self.tags_edit.text().split(",") if tag.strip())
        return dataclasses.replace(
            self._clause,
            id=self._clause.id if message else wanted,
            title=self.title_edit.text(),
            section=self.section_combo.currentText(),
            level=self.level_combo.currentText(),
            version=self.version_spin.value(),
            author=self.author_edit.text(),
            locale=self.locale_edit.text(),
            jurisdiction=self.jurisdiction_edit.text(),
            tags=tags,
            guidance=self.guidance_edit.toPlainText(),
            variants={editor.variant: editor.toPlainText() for editor in self.body_editors()},
        )

    def show_status_value(self, status: str) -> None:
        """Show a status the manager set (a changed approved text becomes a draft again)."""
        self.status_label.setText(status)
        if self._clause is not None:
            self._clause = dataclasses.replace(self._clause, status=status)

    def body_editors(self) -> list[BodyEditor]:
        """Return the variants' editors in tab order."""
        found = (self.variant_tabs.widget(index) for index in range(self.variant_tabs.count()))
        return [editor for editor in found if isinstance(editor, BodyEditor)]

    def body_editor(self, variant: str) -> BodyEditor | None:
        """Return the editor of one variant by name."""
        return next((e for e in self.body_editors() if e.variant == variant), None)

    def _add_tab(self, name: str, body: str) -> BodyEditor:
        editor = BodyEditor(name)
        editor.setPlainText(body)
        editor.setReadOnly(self.id_edit.isReadOnly())
        editor.textChanged.connect(self._on_body_text_changed)
        self.variant_tabs.addTab(editor, name)
        return editor

    # --- variants ------------------------------------------------------------------------

    def add_variant(self, name: str) -> str:
        """Add an empty variant; returns "" or what is wrong with the name."""
        problem = self._variant_name_problem(name)
        if problem:
            return problem
        editor = self._add_tab(name.strip(), "")
        self.variant_tabs.setCurrentWidget(editor)
        self.remove_variant_button.setEnabled(True)
        self._emit()
        return ""

    def rename_variant(self, old: str, new: str) -> str:
        """Rename a variant in place (its position is kept); returns "" or the problem."""
        editor = self.body_editor(old)
        if editor is None:
            return f"There is no variant “{old}”."
        problem = self._variant_name_problem(new) if new.strip() != old else ""
        if problem:
            return problem
        editor.variant = new.strip()
        editor.setAccessibleName(editor.variant)
        self.variant_tabs.setTabText(self.variant_tabs.indexOf(editor), editor.variant)
        self._emit()
        return ""

    def remove_variant(self, name: str) -> str:
        """Remove a variant; a clause keeps at least one. Returns "" or the problem."""
        editor = self.body_editor(name)
        if editor is None:
            return f"There is no variant “{name}”."
        if self.variant_tabs.count() == 1:
            return "A clause needs at least one variant."
        self.variant_tabs.removeTab(self.variant_tabs.indexOf(editor))
        editor.deleteLater()
        self.remove_variant_button.setEnabled(self.variant_tabs.count() > 1)
        self._emit()
        return ""

    def _variant_name_problem(self, name: str) -> str:
        name = name.strip()
        if not _ID_PATTERN.match(name):
            return "A variant name is letters, digits and - . _ (no spaces), e.g. fallback."
        if self.body_editor(name) is not None:
            return f"There is already a variant “{name}”."
        return ""

    def _current_variant(self) -> str:
        editor = self.variant_tabs.currentWidget()
        return editor.variant if isinstance(editor, BodyEditor) else ""

    def _on_add_variant_clicked(self) -> None:
        name, ok = QInputDialog.getText(self, "Add variant", "Name of the new variant:")
        if ok:
            self._say(self.add_variant(name))

    def _on_rename_variant_clicked(self) -> None:
        old = self._current_variant()
        name, ok = QInputDialog.getText(self, "Rename variant", f"New name for “{old}”:", text=old)
        if ok and old:
            self._say(self.rename_variant(old, name))

    def _on_remove_variant_clicked(self) -> None:
        self._say(self.remove_variant(self._current_variant()))

    def _say(self, problem: str) -> None:
        if problem:
            self.problems_label.setText(problem)

    # --- checking ------------------------------------------------------------------------

    def problems(self) -> list[ClauseProblem]:
        """Return the problems found by the last check, each naming its variant and line."""
        return list(self._problems)

    def check_now(self) -> None:
        """Check every body and show what is wrong (variant, line) with the lines highlighted."""
        self.check_timer.stop()
        found: list[ClauseProblem] = []
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for index, editor in enumerate(self.body_editors()):
            problems = [
                dataclasses.replace(problem, variant=editor.variant)
                for problem in check_body(editor.toPlainText())
            ]
            editor.show_problems(problems)
            self.variant_tabs.setTabIcon(index, warning if problems else _no_icon())
            found.extend(problems)
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

    def _on_body_text_changed(self) -> None:
        if self._loading:
            return
        self.check_timer.start()
        self._emit()


def _select(combo: QComboBox, value: str) -> None:
    """Select a value, adding it first when the file holds one the list does not know."""
    index = combo.findText(value)
    if index < 0:
        combo.addItem(value)
        index = combo.count() - 1
    combo.setCurrentIndex(index)


def _no_icon() -> QIcon:
    return QIcon()
