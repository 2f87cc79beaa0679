"""A diff between two clause texts, in a window of its own beside the wizard.

Used for "Show changes" (the library's text against this agreement's edit) and "Show
difference" (the version the agreement uses against the library's newer one). Not modal, so
the drafter can read it while looking at the page; added lines green, removed lines red.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from slaeditor.gui.library_manager.conflict_dialog import DiffHighlighter


class DiffDialog(QDialog):
    """A title, a sentence saying which side is which, and the diff."""

    def __init__(self, parent: QWidget, title: str, intro: str, diff: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        label = QLabel(intro)
        label.setObjectName("groupNote")
        label.setWordWrap(True)
        layout.addWidget(label)
        self.view = QPlainTextEdit(diff or "The two texts are the same.")
        self.view.setReadOnly(True)
        self.view.setAccessibleName("Differences")
        self.view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)  # prose lines
        self._highlighter = DiffHighlighter(self.view)
        layout.addWidget(self.view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
