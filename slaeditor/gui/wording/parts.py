"""Small widgets the wording views share: notes, captions, buttons, the template text box."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from slaeditor.gui.editing.history_keys import use_window_history

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["button", "caption", "note", "template_editor"]


def note(name: str = "groupNote", level: str = "") -> QLabel:
    """Make a wrapping label of plain text (never rich text: it shows what files contain)."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if level:
        label.setProperty("level", level)
    return label


def caption(text: str, buddy: QWidget) -> QLabel:
    """Make a field's caption, which names it for screen readers and its shortcut."""
    label = QLabel(text)
    label.setObjectName("fieldLabel")
    label.setBuddy(buddy)
    return label


def button(text: str, slot: Callable[[], object]) -> QPushButton:
    """Make a push button whose accessible name is its text without the ellipsis."""
    made = QPushButton(text)
    made.setAccessibleName(text.rstrip("…"))
    made.clicked.connect(slot)
    return made


def template_editor() -> tuple[QWidget, QPlainTextEdit]:
    """Make the box for a clause's template text (Markdown with {{ variables }}) and its editor."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    editor = QPlainTextEdit()
    editor.setAccessibleName("Template text for this agreement")
    editor.setToolTip(
        "Markdown with the agreement's {{ variables }}; changes apply to this agreement only"
    )
    editor.setTabChangesFocus(True)
    editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    editor.setMinimumHeight(130)
    editor.setMaximumHeight(220)
    use_window_history(editor)
    column.addWidget(caption("Template text for this agreement:", editor))
    hint = note("fieldHint")
    hint.setText(
        "Markdown, with the agreement's values written as {{ variables }}. Changes apply to "
        "this agreement only, until you save them to a library."
    )
    column.addWidget(hint)
    column.addWidget(editor)
    box.hide()
    return box, editor
