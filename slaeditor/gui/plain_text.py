"""Show text from libraries and agreement files as text, never as Qt rich text.

A QLabel, QMessageBox or tooltip treats any text that looks like HTML as rich text, and Qt's
rich text loads `<img src="...">` from the local disk: a clause title such as
`<img src="/dev/zero">` in a team library made the application read until it ran out of
memory and abort. Every widget that shows a clause's title, id, tags, a library's name or an
error quoting them goes through these helpers.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel, QMessageBox


def plain_label(label: QLabel) -> QLabel:
    """Make a label show its text literally (no tags, no images loaded)."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_box(box: QMessageBox) -> QMessageBox:
    """Make a message box show its text and informative text literally."""
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def plain_tip(text: str) -> str:
    """Return a tooltip that shows `text` literally, line breaks kept.

    Tooltips have no plain-text switch, so the text is escaped inside a rich-text paragraph.
    """
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"
