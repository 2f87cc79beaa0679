"""A clause's variants in tabs, one fixed-width body editor each, with add, rename and remove.

A body's problems (found by the clause editor's live check) are shown where they are: the line
is highlighted in the editor and the tab gets a warning icon, because the message alone
("fallback variant, line 20") is slow to act on in a long body.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QFontDatabase, QIcon, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from slaeditor.gui.style import colour

if TYPE_CHECKING:
    from slaeditor.clauses.library import ClauseProblem

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")  # as the library reader checks


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
            selection.format.setBackground(colour("error_tint"))
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            selection.cursor = QTextCursor(block)
            selections.append(selection)
        self.setExtraSelections(selections)


class VariantTabs(QWidget):
    """The "Variants" heading with its buttons, and a tab per variant."""

    changed = Signal()
    """A variant was added, renamed or removed, or a body was typed in."""
    body_edited = Signal()
    """A body was typed in (the clause editor checks it after a pause)."""
    refused = Signal(str)
    """An add, rename or remove was refused: what is wrong."""

    def __init__(self) -> None:
        super().__init__()
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        row = QHBoxLayout()
        heading = QLabel("Variants")
        heading.setObjectName("fieldLabel")
        row.addWidget(heading)
        row.addStretch(1)
        self.add_button = QPushButton("Add variant…")
        self.rename_button = QPushButton("Rename variant…")
        self.remove_button = QPushButton("Remove variant")
        for button, slot in (
            (self.add_button, self._on_add_button_clicked),
            (self.rename_button, self._on_rename_button_clicked),
            (self.remove_button, self._on_remove_button_clicked),
        ):
            button.setAccessibleName(button.text().rstrip("…"))
            button.clicked.connect(slot)
            row.addWidget(button)
        layout.addLayout(row)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Variants")
        self.tabs.setDocumentMode(True)
        layout.addWidget(self.tabs, 1)

    def load(self, variants: dict[str, str], *, editable: bool) -> None:
        """Show a clause's variants, keeping the same tab open when the clause has it."""
        self._loading = True
        current = self.tabs.tabText(self.tabs.currentIndex())
        self.tabs.clear()
        for name, body in variants.items():
            self._add_tab(name, body)
        if current in variants:
            self.tabs.setCurrentIndex(list(variants).index(current))
        for editor in self.editors():
            editor.setReadOnly(not editable)
        self.add_button.setEnabled(editable)
        self.rename_button.setEnabled(editable)
        self.remove_button.setEnabled(editable and self.tabs.count() > 1)
        self._loading = False

    def values(self) -> dict[str, str]:
        """Return the variants as typed, in tab order."""
        return {editor.variant: editor.toPlainText() for editor in self.editors()}

    def editors(self) -> list[BodyEditor]:
        """Return the variants' editors in tab order."""
        found = (self.tabs.widget(index) for index in range(self.tabs.count()))
        return [editor for editor in found if isinstance(editor, BodyEditor)]

    def editor(self, variant: str) -> BodyEditor | None:
        """Return the editor of one variant by name."""
        return next((e for e in self.editors() if e.variant == variant), None)

    def show_problems(self, problems: list[ClauseProblem]) -> None:
        """Mark each variant's problem lines and give its tab a warning icon."""
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for index, editor in enumerate(self.editors()):
            own = [problem for problem in problems if problem.variant == editor.variant]
            editor.show_problems(own)
            self.tabs.setTabIcon(index, warning if own else QIcon())

    def _add_tab(self, name: str, body: str) -> BodyEditor:
        editor = BodyEditor(name)
        editor.setPlainText(body)
        editor.textChanged.connect(self._on_body_text_changed)
        self.tabs.addTab(editor, name)
        return editor

    # --- add, rename, remove -------------------------------------------------------------

    def add(self, name: str) -> str:
        """Add an empty variant; returns "" or what is wrong with the name."""
        problem = self._name_problem(name)
        if problem:
            return problem
        editor = self._add_tab(name.strip(), "")
        self.tabs.setCurrentWidget(editor)
        self.remove_button.setEnabled(True)
        self.changed.emit()
        return ""

    def rename(self, old: str, new: str) -> str:
        """Rename a variant in place (its position is kept); returns "" or the problem."""
        editor = self.editor(old)
        if editor is None:
            return f"There is no variant “{old}”."
        problem = self._name_problem(new) if new.strip() != old else ""
        if problem:
            return problem
        editor.variant = new.strip()
        editor.setAccessibleName(editor.variant)
        self.tabs.setTabText(self.tabs.indexOf(editor), editor.variant)
        self.changed.emit()
        return ""

    def remove(self, name: str) -> str:
        """Remove a variant; a clause keeps at least one. Returns "" or the problem."""
        editor = self.editor(name)
        if editor is None:
            return f"There is no variant “{name}”."
        if self.tabs.count() == 1:
            return "A clause needs at least one variant."
        self.tabs.removeTab(self.tabs.indexOf(editor))
        editor.deleteLater()
        self.remove_button.setEnabled(self.tabs.count() > 1)
        self.changed.emit()
        return ""

    def _name_problem(self, name: str) -> str:
        name = name.strip()
        if not NAME_PATTERN.match(name):
            return "A variant name is letters, digits and - . _ (no spaces), e.g. fallback."
        if self.editor(name) is not None:
            return f"There is already a variant “{name}”."
        return ""

    def _current(self) -> str:
        editor = self.tabs.currentWidget()
        return editor.variant if isinstance(editor, BodyEditor) else ""

    def _on_add_button_clicked(self) -> None:
        name, ok = QInputDialog.getText(self, "Add variant", "Name of the new variant:")
        if ok:
            self._refuse(self.add(name))

    def _on_rename_button_clicked(self) -> None:
        old = self._current()
        name, ok = QInputDialog.getText(self, "Rename variant", f"New name for “{old}”:", text=old)
        if ok and old:
            self._refuse(self.rename(old, name))

    def _on_remove_button_clicked(self) -> None:
        self._refuse(self.remove(self._current()))

    def _refuse(self, problem: str) -> None:
        if problem:
            self.refused.emit(problem)

    def _on_body_text_changed(self) -> None:
        if not self._loading:
            self.body_edited.emit()
            self.changed.emit()
