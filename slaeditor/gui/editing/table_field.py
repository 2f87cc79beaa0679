"""A list of records edited as a table: contacts, credit tiers, severities, escalation.

Every cell edit and every row operation (add, duplicate, remove, move) writes the whole list
at the field's path as one undoable edit, so on an overriding level the first change makes the
list this level's own, and undo puts back exactly the previous rows. A cell the model complains
about is tinted and carries the message; the first message is shown under the table.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from slaeditor.gui.editing.fields import Field
from slaeditor.gui.editing.row_details import RowDetails
from slaeditor.gui.editing.table_cells import BreakableText, two_lines
from slaeditor.gui.style import colour
from slaeditor.model.ids import make_id
from slaeditor.storage.messages import format_path, parse_path

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from slaeditor.gui.editing.columns import Column
    from slaeditor.gui.editing.edited_agreement import EditedAgreement, Path_
    from slaeditor.gui.editing.scope import Scope

MAX_ROWS = 10
FITTED_ROWS = 400
"""Rows measured to their wrapped text; a longer table keeps one line a row (measuring 19,000
rows took seconds on every refresh), the whole text of a cell being in its tooltip."""


class TableField(Field):
    """A table of records with Add, Duplicate, Remove and Move buttons."""

    def __init__(
        self,
        document: EditedAgreement,
        scope: Scope,
        rel: Path_,
        label: str,
        columns: Sequence[Column],
        *,
        new_row: Callable[[list[dict[str, Any]]], dict[str, Any]] | None = None,
        on_renamed: Callable[[str, str], None] | None = None,
        ids_from: str = "",
        help_text: str = "",
        visible_rows: int = 5,
    ) -> None:
        self.all_columns = list(columns)
        self.columns = [column for column in columns if not column.detail]
        """The columns shown in the table (detail columns are edited under it)."""
        self._new_row = new_row
        self._on_renamed = on_renamed
        self.ids_from = ids_from
        """The column a row's hidden `id` is made from ("" when the table has no ids)."""
        self.fresh_ids: set[str] = set()
        """Ids of rows added here that are not named yet: the first name sets their id."""
        self.table = QTableWidget(0, len(self.columns))
        self.table.setHorizontalHeaderLabels([two_lines(c.header) for c in self.columns])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Not SelectedClicked: while its delayed editor is pending, Qt takes the first key typed
        # into a cell of the selected row for a search and jumps to another row.
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)  # long text wraps in its cell instead of being cut off
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTabKeyNavigation(False)
        self.table.setItemDelegate(BreakableText(self.table))
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for index, column in enumerate(self.columns):
            header.setSectionResizeMode(index, QHeaderView.ResizeMode.Fixed)
            if column.help_text:
                item = self.table.horizontalHeaderItem(index)
                if item is not None:
                    item.setToolTip(column.help_text)
        self._visible_rows = visible_rows
        self._fit_height(0)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text in (
            ("add", "Add"),
            ("duplicate", "Duplicate"),
            ("remove", "Remove"),
            ("up", "Move up"),
            ("down", "Move down"),
        ):
            button = QPushButton(text)
            button.setAccessibleName(f"{text} ({label.rstrip(':')})")
            button.clicked.connect(lambda _=False, key=key: self._on_button(key))
            buttons.addWidget(button)
            self.buttons[key] = button
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.details: RowDetails | None = None
        self._shown: list[list[Any]] = []
        """What each row's cells show, to redraw only the rows that changed."""
        self._tinted: dict[tuple[int, str], str] = {}
        """The level of the problem each tinted cell shows (row, column key)."""
        details = [column for column in columns if column.detail]
        if details:
            self.details = RowDetails(details)
            self.details.edited.connect(self._on_detail_edited)
            layout.addWidget(self.details)
        super().__init__(document, scope, rel, label, box, help_text=help_text)
        box.setFocusProxy(self.table)
        self.table.viewport().installEventFilter(self)
        self.table.setAccessibleName(self.label)
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemSelectionChanged.connect(self._show_details)

    # --- drawing -------------------------------------------------------------------------

    def rows(self) -> list[dict[str, Any]]:
        """Return the records in effect at this level (a copy, safe to change)."""
        value, _ = self.scope.read(self.document, self.rel)
        return copy.deepcopy(value) if isinstance(value, list) else []

    def show_value(self, value: Any) -> None:
        """Redraw the cells of the records that changed since they were last shown.

        A page refreshes its fields after every edit; redrawing all 19,000 rows of a long
        sites table each time took a second, so a row whose cells hold what they show is
        left alone.
        """
        rows = value if isinstance(value, list) else []
        current = self.table.currentRow()
        self.table.setRowCount(len(rows))
        del self._shown[len(rows) :]
        self._tinted = {cell: level for cell, level in self._tinted.items() if cell[0] < len(rows)}
        for row, record in enumerate(rows):
            record = record if isinstance(record, dict) else {}
            cells = [copy.deepcopy(record.get(column.key)) for column in self.columns]
            if row < len(self._shown) and self._shown[row] == cells:
                continue
            for col, column in enumerate(self.columns):
                self._show_cell(row, col, column, cells[col])
                if self._tinted.pop((row, column.key), None) is not None:
                    self._set_tint(row, col, None)  # tinted again below if still wrong
            if row < len(self._shown):
                self._shown[row] = cells
            else:
                self._shown.append(cells)
        if 0 <= current < len(rows):
            self.table.setCurrentCell(current, max(self.table.currentColumn(), 0))
        self._fit_rows()
        self._fit_height(len(rows))
        self._update_buttons()
        self._show_details()

    def _show_details(self) -> None:
        if self.details is None:
            return
        rows = self.rows()
        row = self.table.currentRow()
        self.details.show_row(rows[row] if 0 <= row < len(rows) else None)

    def _on_detail_edited(self, key: str, text: str) -> None:
        rows = self.rows()
        row = self.table.currentRow()
        if 0 <= row < len(rows) and rows[row].get(key) != text:
            rows[row][key] = text
            self.commit(rows, merge=True)

    def _fit_rows(self) -> None:
        """Size rows to their wrapped text, unless the table is too long to measure quickly."""
        if self.table.rowCount() <= FITTED_ROWS:
            self.table.resizeRowsToContents()

    def _fit_height(self, count: int) -> None:
        """Show every row up to MAX_ROWS (then scroll), and never fewer than visible_rows."""
        shown = min(max(count, self._visible_rows), MAX_ROWS)
        row_height = self.table.verticalHeader().defaultSectionSize()
        rows = sum(self.table.rowHeight(row) if row < count else row_height for row in range(shown))
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setFixedHeight(header + rows + 4)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Share the table's width among its columns whenever the table is resized."""
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)

    def fit_columns(self) -> None:
        """Give each column its share of the width (never less than its heading needs).

        Columns are sized by their weights (Column.width, or a text column's default), so
        the table never scrolls sideways and no column is left a few pixels wide; text
        longer than its cell wraps onto more lines.
        """
        available = self.table.viewport().width()
        if available <= 0:
            return
        metrics = self.table.horizontalHeader().fontMetrics()
        least = [
            max(
                max(metrics.horizontalAdvance(line) for line in two_lines(c.header).split("\n"))
                + 12,
                40,
            )
            for c in self.columns
        ]
        weights = [column.width or 180 for column in self.columns]
        widths = [
            max(w * available // sum(weights), low) for w, low in zip(weights, least, strict=True)
        ]
        excess = sum(widths) - available
        while excess > 0:  # take back from the widest columns above their minimum
            index = max(range(len(widths)), key=lambda i: widths[i] - least[i])
            give = min(excess, widths[index] - least[index])
            if give <= 0:
                break
            widths[index] -= give
            excess -= give
        for index, width in enumerate(widths):
            self.table.setColumnWidth(index, width)
        self._fit_rows()
        self._fit_height(self.table.rowCount())

    def set_choices(self, key: str, choices: Sequence[tuple[Any, str]]) -> None:
        """Replace the choices of a column (e.g. the calendars defined so far)."""
        for index, column in enumerate(self.columns):
            if column.key != key:
                continue
            self.columns[index] = dataclasses.replace(column, choices=tuple(choices))
            for row in range(self.table.rowCount()):
                self.table.removeCellWidget(row, index)
        self._shown.clear()  # every row's choice lists are rebuilt
        self.refresh()

    def _show_cell(self, row: int, col: int, column: Column, value: Any) -> None:
        if column.kind == "choice":
            combo = self.table.cellWidget(row, col)
            if not isinstance(combo, QComboBox):
                combo = QComboBox()
                combo.setAccessibleName(f"{column.header}, row {row + 1}")
                for choice, text in column.choices:
                    combo.addItem(text, choice)
                combo.activated.connect(
                    lambda index, c=combo, k=column.key: self._on_combo(c, k, index)
                )
                self.table.setCellWidget(row, col, combo)
            combo.setProperty("row", row)
            index = combo.findData(value)
            if index < 0 and value not in (None, ""):
                combo.addItem(str(value), value)
                index = combo.count() - 1
            combo.setCurrentIndex(index)
            combo.setToolTip(combo.currentText())  # a long name may be cut short in the cell
            return
        item = self.table.item(row, col)
        if item is None:
            item = QTableWidgetItem()
            self.table.setItem(row, col, item)
        if column.kind == "check":
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
        else:
            text = column.to_text(value)
            if item.text() != text:
                item.setText(text)
            item.setToolTip(text if len(text) > 30 else column.help_text)

    def show_issues(self) -> None:
        """Tint the cells with problems and show the first message under the table."""
        super().show_issues()
        was, self._updating = self._updating, True
        try:
            self._tint_cells()
        finally:
            self._updating = was

    def _tint_cells(self) -> None:
        """Tint each cell by the worst problem inside it; only cells that change are touched.

        The problems under the table are read once and placed by their path (asking for each
        cell's own scanned every problem once per cell: seconds for a 19,000-row table).
        """
        depth = len(self.path)
        wanted: dict[tuple[int, str], str] = {}
        for issue in self.document.issues_at(self.path, below=True):
            parts = parse_path(issue.path)[depth:]
            if len(parts) >= 2 and isinstance(parts[0], int):
                wanted.setdefault((parts[0], str(parts[1])), str(issue.level))
        keys = {column.key: col for col, column in enumerate(self.columns)}
        for row, key in self._tinted.keys() - wanted.keys():
            self._set_tint(row, keys.get(key), None)
        for (row, key), level in wanted.items():
            if self._tinted.get((row, key)) != level:
                self._set_tint(row, keys.get(key), level)
        self._tinted = wanted

    def _set_tint(self, row: int, col: int | None, level: str | None) -> None:
        item = self.table.item(row, col) if col is not None else None
        if item is None:
            return
        tint = None
        if level is not None:
            tint = colour("error_tint") if level == "error" else colour("warning_tint")
        item.setBackground(QBrush(tint) if tint is not None else QBrush())

    def show_message_for(self, issue_path: str) -> str:
        """Describe where in the table a problem is, for the message under it."""
        prefix = format_path(self.path)
        rest = issue_path[len(prefix) :]
        if rest.startswith("["):
            row = int(rest[1 : rest.index("]")])
            key = rest[rest.index("]") + 1 :].lstrip(".").split(".")[0]
            header = next((c.header for c in self.columns if c.key == key), key)
            return f"Row {row + 1}, {header}: " if key else f"Row {row + 1}: "
        return ""

    def refresh(self) -> None:
        """Redraw cells, then say which row and column the first problem is in."""
        super().refresh()
        issues = self.issues()
        if issues:
            where = self.show_message_for(issues[0].path)
            if where:
                self.message.setText(where + self.message.text())

    # --- editing -------------------------------------------------------------------------

    def finish_typing(self) -> None:
        """Store a cell whose editor is still open (Ctrl+S or Undo while typing in it)."""
        editor = QApplication.focusWidget()
        if isinstance(editor, QLineEdit) and editor is self.table.indexWidget(
            self.table.currentIndex()
        ):
            self.table.itemDelegate().commitData.emit(editor)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._updating:
            return
        column = self.columns[item.column()]
        if column.kind == "check":
            value: Any = item.checkState() == Qt.CheckState.Checked
        else:
            value = column.to_value(item.text())
        self._set_cell(item.row(), column.key, value)

    def _on_combo(self, combo: QComboBox, key: str, index: int) -> None:
        row = combo.property("row")
        if isinstance(row, int):
            self._set_cell(row, key, combo.itemData(index))

    def _set_cell(self, row: int, key: str, value: Any) -> None:
        rows = self.rows()
        if not 0 <= row < len(rows) or rows[row].get(key) == value:
            return
        old = rows[row].get("id")
        rows[row][key] = value
        if key == self.ids_from and str(old) in self.fresh_ids:
            rows[row]["id"] = self._first_name_id(rows, row, value)
        new = rows[row].get("id")
        if self._on_renamed is None or not old or not new or old == new:
            self.commit(rows, merge=False)
            return
        # A renamed id takes its references along, as one step that one undo reverses.
        stack = self.document.undo_stack
        stack.beginMacro(f"Name {value}" if key == self.ids_from else f"Rename {old} to {new}")
        try:
            self.commit(rows, merge=False)
            self._on_renamed(str(old), str(new))
        finally:
            stack.endMacro()

    def _first_name_id(self, rows: list[dict[str, Any]], row: int, name: Any) -> str:
        """Make the id of a row being named for the first time; later names keep it."""
        old = str(rows[row].get("id"))
        self.fresh_ids.discard(old)
        others = {str(other.get("id")) for index, other in enumerate(rows) if index != row}
        return make_id(str(name or ""), others, old)

    def _fresh_id(self, rows: list[dict[str, Any]], record: dict[str, Any]) -> dict[str, Any]:
        """Give a new or copied row an id of its own, made from its name until it is named."""
        if not self.ids_from:
            return record
        taken = {str(row.get("id")) for row in rows}
        record["id"] = make_id(str(record.get(self.ids_from) or ""), taken, "item")
        self.fresh_ids.add(record["id"])
        return record

    def _on_button(self, key: str) -> None:
        rows = self.rows()
        row = self.table.currentRow()
        if key == "add":
            rows.append(self._fresh_id(rows, self._make_row(rows)))
            target = len(rows) - 1
        elif not 0 <= row < len(rows):
            return
        elif key == "duplicate":
            rows.insert(row + 1, self._fresh_id(rows, copy.deepcopy(rows[row])))
            target = row + 1
        elif key == "remove":
            del rows[row]
            target = min(row, len(rows) - 1)
        else:
            target = row - 1 if key == "up" else row + 1
            if not 0 <= target < len(rows):
                return
            rows[row], rows[target] = rows[target], rows[row]
        self.commit(rows, merge=False)
        if target >= 0:
            self.table.setCurrentCell(target, 0)
        self._update_buttons()

    def _make_row(self, rows: list[dict[str, Any]]) -> dict[str, Any]:
        if self._new_row is not None:
            return self._new_row(rows)
        return {column.key: copy.deepcopy(column.default) for column in self.all_columns}

    def _update_buttons(self) -> None:
        row = self.table.currentRow()
        count = self.table.rowCount()
        selected = 0 <= row < count
        self.buttons["duplicate"].setEnabled(selected)
        self.buttons["remove"].setEnabled(selected)
        self.buttons["up"].setEnabled(selected and row > 0)
        self.buttons["down"].setEnabled(selected and row < count - 1)
