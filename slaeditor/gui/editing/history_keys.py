"""The window's history and the text being typed: Undo, Redo, Save see what the user typed.

A text box would take Ctrl+Z and Ctrl+Y for its own history, which knows nothing of the
document's; they go to the window's Undo and Redo instead. And a field that decides what its
text means only when it is left (a duration: "4" on the way to "4h") holds typed text the
document has not seen yet; whatever acts on the document (Save, Undo, closing, another step)
first has the field with the keyboard focus (and any other holding typed text) store it
(commit_typing).
"""

from __future__ import annotations

import weakref
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget


class _WindowHistory(QObject):
    """Let Ctrl+Z and Ctrl+Y reach the window's Undo and Redo while a text box has focus.

    A text box would otherwise take them for its own history, which knows nothing of the
    document's, and undoing there would record a new edit instead of undoing one.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Decline the text box's claim on the undo and redo keys."""
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        keys = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)
        return any(event.matches(key) for key in keys)


def use_window_history(editor: QWidget) -> None:
    """Route the undo and redo keys of a text box to the window's history."""
    history = _WindowHistory(editor)
    editor.installEventFilter(history)


@runtime_checkable
class TypedInto(Protocol):
    """A widget that may hold typed text not yet stored in the document (a bound field)."""

    def finish_typing(self) -> None:
        """Store what was typed and not stored yet; nothing when nothing is pending."""


_PENDING: weakref.WeakSet[QObject] = weakref.WeakSet()
"""Fields holding typed text the document has not heard yet (normally at most the focused one)."""


def typing_started(field: QObject) -> None:
    """Note that a field holds typed text not stored yet (commit_typing will store it)."""
    _PENDING.add(field)


def typing_finished(field: QObject) -> None:
    """Note that a field's typed text is stored (or dropped)."""
    _PENDING.discard(field)


def commit_typing() -> None:
    """Have every field holding typed text store it, the one with the keyboard focus first.

    Called before Save, Undo, Redo, closing, opening another agreement and changing step,
    none of which moves the focus out of the field (so it would not decide by itself).
    """
    widget = QApplication.focusWidget()
    while widget is not None:
        if isinstance(widget, TypedInto):
            widget.finish_typing()
            break
        widget = widget.parentWidget()
    for field in list(_PENDING):
        if isinstance(field, TypedInto):
            field.finish_typing()
