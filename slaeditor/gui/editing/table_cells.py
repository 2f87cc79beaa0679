"""How a table's headings and cells are drawn: headings on two lines, addresses that can wrap.

Kept apart from the table field (editing, validation, buttons) because it is only drawing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QStyledItemDelegate


def two_lines(header: str) -> str:
    """Break a long column heading over two lines at its middle space (Customer / available)."""
    if len(header) <= 14 or " " not in header:
        return header
    middle = len(header) // 2
    spaces = [i for i, char in enumerate(header) if char == " "]
    split = min(spaces, key=lambda i: abs(i - middle))
    return header[:split] + "\n" + header[split + 1 :]


class BreakableText(QStyledItemDelegate):
    """Show e-mail addresses and web addresses with places to break (after @ . / -).

    A long address has no space to wrap at and was cut off in a narrow column; the marks
    are zero-width and only on screen: the value stays as typed.
    """

    def displayText(self, value: Any, locale: Any) -> str:
        """Return the text to draw, breakable after the punctuation inside long words."""
        text = super().displayText(value, locale)
        if len(text) < 16 or " " in text.strip():
            return text
        for mark in ("@", ".", "/", "-"):
            text = text.replace(mark, mark + "\u200b")
        return text
