"""A read-only box showing clause wording as the contract will read it.

It is as tall as its wording (up to a limit), so short clauses need no scroll bar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QTextBrowser

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent

_MAX_WORDING_LINES = 18


class WordingView(QTextBrowser):
    """A read-only box as tall as its wording (up to a limit), so short clauses need no scroll."""

    def __init__(self) -> None:
        super().__init__()
        self.setReadOnly(True)
        self.setOpenLinks(False)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QTextBrowser.LineWrapMode.WidgetWidth)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("clauseWording")

    def fit_height(self) -> None:
        """Grow to the text's height, capped so a long clause scrolls inside the box."""
        document = self.document()
        document.setTextWidth(self.viewport().width())
        limit = self.fontMetrics().lineSpacing() * _MAX_WORDING_LINES
        margins = self.frameWidth() * 2 + 4
        height = int(min(document.size().height(), limit)) + margins
        if self.height() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Refit when the page is resized and the text rewraps."""
        super().resizeEvent(event)
        self.fit_height()
