"""The long texts of a table's selected row, edited in boxes under the table.

A severity's definition and examples are sentences; as columns they crowded the matrix until
the short columns (response, calendar) were cut off. They are edited here instead, for the
row selected above, with the same history and checks as a cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QPlainTextEdit, QWidget

from slaeditor.gui.editing.history_keys import use_window_history
from slaeditor.gui.editing.typed_values import plain_text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from slaeditor.gui.editing.columns import Column


class RowDetails(QWidget):
    """A text box for each detail column, showing the selected row's value."""

    edited = Signal(str, str)
    """A detail was typed: the column's key and the new text."""

    def __init__(self, columns: Sequence[Column]) -> None:
        super().__init__()
        self.columns = list(columns)
        self._updating = False
        form = QFormLayout(self)
        form.setContentsMargins(0, 4, 0, 0)
        self.boxes: dict[str, QPlainTextEdit] = {}
        for column in self.columns:
            box = QPlainTextEdit()
            box.setTabChangesFocus(True)
            box.setUndoRedoEnabled(False)
            use_window_history(box)
            box.setFixedHeight(box.fontMetrics().lineSpacing() * 3 + 14)
            name = f"{column.header} (selected row)"
            box.setAccessibleName(name)
            box.setToolTip(column.help_text)
            box.textChanged.connect(lambda key=column.key, b=box: self._on_text_changed(key, b))
            caption = QLabel(f"{name}:")
            caption.setObjectName("fieldLabel")
            caption.setBuddy(box)
            form.addRow(caption, box)
            self.boxes[column.key] = box

    def show_row(self, record: dict[str, Any] | None) -> None:
        """Show a row's texts (or nothing, disabled, when no row is selected)."""
        self.setEnabled(record is not None)
        self._updating = True
        try:
            for key, box in self.boxes.items():
                text = plain_text((record or {}).get(key))
                if box.toPlainText() != text:
                    box.setPlainText(text)
        finally:
            self._updating = False

    def _on_text_changed(self, key: str, box: QPlainTextEdit) -> None:
        if not self._updating:
            self.edited.emit(key, box.toPlainText())
