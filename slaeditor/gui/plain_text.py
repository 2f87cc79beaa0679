"""Show text from libraries and agreement files as text, never as Qt rich text.

A QLabel, QMessageBox or tooltip treats any text that looks like HTML as rich text, and Qt's
rich text loads `<img src="...">` from the local disk: a customer name, a currency or a clause
title of `<img src="/dev/zero">` made the application read until it ran out of memory. So the
rule is enforced once, for every widget of the application (guard_plain_text, installed when
the main window is built):
- a label (message boxes and wizard titles are labels too) left to guess its format shows
  plain text; a label that shows rich text on purpose says so (Qt.TextFormat.RichText) and
  escapes every value it puts in (html.escape);
- a tooltip that looks like HTML is shown escaped, unless it is one plain_tip made.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6 import QtGui
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QMenu,
    QTabBar,
    QToolTip,
    QWidget,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QMessageBox

_might_be_rich: Callable[[str], bool] = QtGui.Qt.mightBeRichText
"""Qt's own test (in QtGui, missing from PySide6's stubs)."""
_TIP_START = "<p style='white-space:pre-wrap'>"
_TIP_END = "</p>"


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
    return f"{_TIP_START}{html.escape(text)}{_TIP_END}"


def is_safe_tip(text: str) -> bool:
    """Tell whether a tooltip shows no markup but plain_tip's own paragraph."""
    if not _might_be_rich(text):
        return True
    inner = text.removeprefix(_TIP_START).removesuffix(_TIP_END)
    return len(inner) == len(text) - len(_TIP_START) - len(_TIP_END) and "<" not in inner


class PlainTextGuard(QObject):
    """Polish every label to plain text unless it asked for rich; escape unsafe tooltips."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Act on polish and tooltip events only; every event goes on to its widget."""
        kind = event.type()
        if kind == QEvent.Type.Polish:
            if isinstance(watched, QLabel) and watched.textFormat() == Qt.TextFormat.AutoText:
                watched.setTextFormat(Qt.TextFormat.PlainText)
        elif kind == QEvent.Type.ToolTip and isinstance(watched, QWidget):
            assert isinstance(event, QHelpEvent)
            tip = tip_at(watched, event)
            if tip and not is_safe_tip(tip):
                QToolTip.showText(event.globalPos(), plain_tip(tip), watched)
                return True
        return False


def tip_at(widget: QWidget, event: QHelpEvent) -> str:
    """Return the tooltip Qt would show for a help event on this widget."""
    view = widget.parent()
    if isinstance(view, QAbstractItemView) and widget is view.viewport():
        index = view.indexAt(event.pos())
        value = index.data(Qt.ItemDataRole.ToolTipRole) if index.isValid() else None
        return str(value) if value else ""
    if isinstance(widget, QMenu):
        action = widget.actionAt(event.pos())
        return action.toolTip() if action is not None and widget.toolTipsVisible() else ""
    if isinstance(widget, QTabBar):
        return widget.tabToolTip(widget.tabAt(event.pos()))
    return widget.toolTip()


def guard_plain_text() -> None:
    """Install the guard on the application once (a QApplication must exist)."""
    app = QApplication.instance()
    if app is None or app.property("slaeditorPlainTextGuard"):
        return
    guard = PlainTextGuard(app)
    app.installEventFilter(guard)
    app.setProperty("slaeditorPlainTextGuard", True)
