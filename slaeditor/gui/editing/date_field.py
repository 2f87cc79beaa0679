"""A calendar date field: picked from a pop-up calendar or typed, and "Not set" when empty."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtWidgets import QDateEdit, QToolButton

from slaeditor.gui.editing.fields import Field

if TYPE_CHECKING:
    from typing import Any

    from slaeditor.gui.editing.edited_agreement import EditedAgreement, Path_
    from slaeditor.gui.editing.scope import Scope


class _DateEdit(QDateEdit):
    """A date box whose arrow keys start from today when it reads "Not set" (not from 1900)."""

    def stepBy(self, steps: int) -> None:  # Qt override
        if self.date() == self.minimumDate():
            self.setDate(QDate.currentDate())
            return
        super().stepBy(steps)


class DateField(Field):
    """A calendar date, picked from a pop-up calendar or typed.

    An empty date reads "Not set" rather than showing today, which a drafter would take for a
    date the contract already says; an optional date has a Clear button to empty it again.
    """

    NOT_SET = "Not set"
    _SENTINEL = QDate(1900, 1, 1)

    def __init__(
        self,
        document: EditedAgreement,
        scope: Scope,
        rel: Path_,
        label: str,
        *,
        help_text: str = "",
        optional: bool = False,
    ) -> None:
        self.date = _DateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMMM yyyy")
        self.date.setMinimumDate(self._SENTINEL)
        self.date.setSpecialValueText(self.NOT_SET)
        super().__init__(document, scope, rel, label, self.date, help_text=help_text)
        self.clear_button: QToolButton | None = None
        if optional:
            self.clear_button = QToolButton()
            self.clear_button.setText("Clear")
            self.clear_button.setAccessibleName(f"Clear {self.label}")
            self.clear_button.setToolTip("Leave this date out of the contract")
            self.clear_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            self.clear_button.clicked.connect(self._on_clear_clicked)
            self.editor_row.insertWidget(1, self.clear_button)
        self.date.dateChanged.connect(self._on_date_changed)
        self.date.calendarWidget().installEventFilter(self)

    def is_set(self) -> bool:
        """Whether the editor shows a date (not "Not set")."""
        return self.date.date() != self._SENTINEL

    def show_value(self, value: Any) -> None:
        """Show an ISO date, or "Not set" for an empty or unreadable one."""
        try:
            day = datetime.date.fromisoformat(str(value)) if value else None
        except ValueError:
            day = None
        shown = QDate(day.year, day.month, day.day) if day else self._SENTINEL
        self.date.setDate(shown)
        if self.clear_button is not None:
            self.clear_button.setEnabled(day is not None)

    def _on_date_changed(self, date: QDate) -> None:
        if date == self._SENTINEL:
            self.commit(None, merge=False)  # Clear is its own step: undo brings the date back
        else:
            self.commit(datetime.date(date.year(), date.month(), date.day()).isoformat())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Open the pop-up calendar of an empty date on this month, not on January 1900."""
        if event.type() == QEvent.Type.Show and not self.is_set():
            today = QDate.currentDate()
            self.date.calendarWidget().setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)

    def _on_clear_clicked(self) -> None:
        self.date.setDate(self._SENTINEL)
