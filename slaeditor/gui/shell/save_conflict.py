"""Ask what to do when the agreement's file was changed by someone else since it was opened.

Agreements live in shared folders; a colleague may save the same file while it is open here.
Saving would then silently replace their work with ours, so the window compares the file with
what it last read or wrote, and on a difference shows both versions (a line-by-line
comparison) and lets the user choose: overwrite with theirs replaced, save theirs and ours
side by side, open their version (dropping unsaved changes here), or write nothing.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Literal

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from slaeditor.gui.plain_text import plain_label

if TYPE_CHECKING:
    from pathlib import Path

SaveChoice = Literal["overwrite", "save_as", "reload", "cancel"]
_BUTTONS: tuple[tuple[SaveChoice, str], ...] = (
    ("overwrite", "Overwrite with mine"),
    ("save_as", "Save mine as…"),
    ("reload", "Open theirs"),
    ("cancel", "Cancel"),
)


def comparison(theirs: str, mine: str) -> str:
    """Return the two versions' differences, line by line, as a reader scans them."""
    lines = difflib.unified_diff(
        theirs.splitlines(),
        mine.splitlines(),
        fromfile="on disk now (their version)",
        tofile="yours (not saved)",
        lineterm="",
        n=2,
    )
    return "\n".join(lines) or "The two versions hold the same text."


class SaveConflictDialog(QDialog):
    """Both versions and four choices; `choice` says which button was pressed."""

    def __init__(self, parent: QWidget | None, path: Path, theirs: str, mine: str) -> None:
        super().__init__(parent)
        self.choice: SaveChoice = "cancel"
        self.setWindowTitle("The agreement was changed by someone else")
        self.setMinimumSize(720, 440)
        layout = QVBoxLayout(self)
        heading = plain_label(
            QLabel(
                f"{path.name} was saved by someone else after you opened it. "
                "Nothing has been written yet."
            )
        )
        heading.setWordWrap(True)
        layout.addWidget(heading)
        where = plain_label(QLabel(str(path)))
        where.setObjectName("groupNote")
        layout.addWidget(where)
        self.comparison = QPlainTextEdit(comparison(theirs, mine))
        self.comparison.setReadOnly(True)
        self.comparison.setAccessibleName("Their version compared with yours")
        self.comparison.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        layout.addWidget(self.comparison, 1)
        explain = plain_label(
            QLabel(
                "Overwrite with mine replaces their version with yours: their changes are "
                "lost. Save mine as… keeps their file and writes yours under another name. "
                "Open theirs shows their version: your unsaved changes are lost. Cancel "
                "writes nothing and keeps your changes."
            )
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)
        row = QHBoxLayout()
        row.addStretch(1)
        self.buttons: dict[SaveChoice, QPushButton] = {}
        for choice, text in _BUTTONS:
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, chosen=choice: self._choose(chosen))
            row.addWidget(button)
            self.buttons[choice] = button
        self.buttons["cancel"].setDefault(True)  # Enter must not destroy anyone's work
        layout.addLayout(row)

    def _choose(self, choice: SaveChoice) -> None:
        self.choice = choice
        self.accept()


def ask_about_save_conflict(parent: QWidget, path: Path, theirs: str, mine: str) -> SaveChoice:
    """Show the dialog modally (as the window's last_prompt, for tests) and return the choice."""
    dialog = SaveConflictDialog(parent, path, theirs, mine)
    host = parent.window()
    previous = getattr(host, "last_prompt", None)
    host.last_prompt = dialog  # type: ignore[attr-defined]
    try:
        dialog.exec()
    finally:
        host.last_prompt = previous  # type: ignore[attr-defined]
    return dialog.choice
