"""Reporting, reviews, audit, change control and extra definitions.

These answer how the customer checks that the provider keeps the levels it reports, how the
agreement itself changes, and which terms the contract defines beyond the template's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from slaeditor.gui.editing.fields import Field
from slaeditor.gui.editing.scope import Scope
from slaeditor.gui.wizard.sla_page import SlaPage
from slaeditor.model.agreement import Frequency
from slaeditor.model.terms import MeasuredBy

if TYPE_CHECKING:
    from slaeditor.gui.context import AppContext
    from slaeditor.gui.editing.edited_agreement import EditedAgreement, Path_

FREQUENCY_LABELS = (
    (Frequency.MONTHLY.value, "Monthly"),
    (Frequency.QUARTERLY.value, "Quarterly"),
    (Frequency.HALF_YEARLY.value, "Every six months"),
    (Frequency.YEARLY.value, "Yearly"),
)
MEASURED_BY_LABELS = (
    (MeasuredBy.PROVIDER.value, "The provider"),
    (MeasuredBy.THIRD_PARTY.value, "An independent monitoring service"),
    (MeasuredBy.CUSTOMER.value, "The customer"),
)
_TERM, _MEANING = 0, 1


class DefinitionsField(Field):
    """The agreement's own definitions, term → meaning, edited as a two-column table.

    The agreement stores them as a mapping, so every edit writes the whole mapping as one
    undoable step, keeping the order of the rows; a term may appear only once.
    """

    def __init__(
        self,
        document: EditedAgreement,
        scope: Scope,
        rel: Path_,
        label: str,
        *,
        help_text: str = "",
    ) -> None:
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Term", "Meaning"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(  # not SelectedClicked: see TableField
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(_TERM, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(_MEANING, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(_TERM, 170)
        rows = self.table.verticalHeader().defaultSectionSize()
        self.table.setMinimumHeight(header.sizeHint().height() + rows * 5 + 4)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add")
        self.remove_button = QPushButton("Remove")
        for button in (self.add_button, self.remove_button):
            button.setAccessibleName(f"{button.text()} ({label})")
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.notice = QLabel()
        self.notice.setObjectName("fieldMessage")
        self.notice.setProperty("level", "error")
        self.notice.setWordWrap(True)
        self.notice.hide()
        layout.addWidget(self.notice)
        box.setFocusProxy(self.table)  # a problem's link focuses the table itself
        super().__init__(document, scope, rel, label, box, help_text=help_text)
        self.table.setAccessibleName(self.label)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        header.sectionResized.connect(self._on_section_resized)

    def entries(self) -> list[tuple[str, str]]:
        """Return the definitions in effect, in their order, as (term, meaning) pairs."""
        value, _ = self.scope.read(self.document, self.rel)
        if not isinstance(value, dict):
            return []
        return [
            (str(term), "" if meaning is None else str(meaning)) for term, meaning in value.items()
        ]

    def show_value(self, value: Any) -> None:
        """Rebuild the rows from the mapping, keeping the selected row."""
        pairs = list(value.items()) if isinstance(value, dict) else []
        current = self.table.currentRow()
        self.table.setRowCount(len(pairs))
        for row, (term, meaning) in enumerate(pairs):
            self._show_cell(row, _TERM, str(term))
            # shown on one line, as the contract prints it; stored as typed until edited
            self._show_cell(row, _MEANING, " ".join(str(meaning or "").split()))
        self.table.resizeRowsToContents()
        if 0 <= current < len(pairs):
            self.table.setCurrentCell(current, max(self.table.currentColumn(), 0))
        self._update_buttons()

    def _show_cell(self, row: int, col: int, text: str) -> None:
        item = self.table.item(row, col)
        if item is None:
            item = QTableWidgetItem()
            self.table.setItem(row, col, item)
        if item.text() != text:
            item.setText(text)
        item.setToolTip(text if col == _MEANING and len(text) > 60 else "")

    def _write(self, pairs: list[tuple[str, str]]) -> None:
        self.notice.hide()
        self.commit(dict(pairs), merge=False)

    def _refuse(self, message: str) -> None:
        """Explain why an edit was not taken and put the stored value back in the cell."""
        self.refresh()
        self.notice.setText(message)
        self.notice.show()

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._updating:
            return
        pairs = self.entries()
        row = item.row()
        if not 0 <= row < len(pairs):
            return
        term, meaning = pairs[row]
        if item.column() == _TERM:
            new_term = " ".join(item.text().split())
            if not new_term:
                self._refuse("A definition needs a term; use Remove to delete the row.")
                return
            if any(other == new_term for index, (other, _) in enumerate(pairs) if index != row):
                self._refuse(f"“{new_term}” is already defined; edit that row instead.")
                return
            pairs[row] = (new_term, meaning)
        else:
            pairs[row] = (term, item.text())
        if pairs != self.entries():
            self._write(pairs)

    def _on_add_clicked(self) -> None:
        pairs = self.entries()
        terms = {term for term, _ in pairs}
        term, number = "New term", 1
        while term in terms:
            number += 1
            term = f"New term {number}"
        pairs.append((term, ""))
        self._write(pairs)
        row = len(pairs) - 1
        self.table.setCurrentCell(row, _TERM)
        item = self.table.item(row, _TERM)
        if item is not None:
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            self.table.editItem(item)

    def _on_remove_clicked(self) -> None:
        pairs = self.entries()
        row = self.table.currentRow()
        if not 0 <= row < len(pairs):
            return
        del pairs[row]
        self._write(pairs)
        if pairs:
            self.table.setCurrentCell(min(row, len(pairs) - 1), _TERM)
        self._update_buttons()

    def _on_section_resized(self, index: int, old: int, new: int) -> None:
        self.table.resizeRowsToContents()

    def _update_buttons(self) -> None:
        row = self.table.currentRow()
        self.remove_button.setEnabled(0 <= row < self.table.rowCount())


class ReportingPage(SlaPage):
    """Service reports, reviews, who measures, the audit right, change control, definitions."""

    key = "reporting"
    sections = ("reporting", "changes", "definitions")
    heading = "Reporting and reviews"
    step = "Reports and reviews"
    intro = (
        "How the customer hears how the services performed and can check the figures, how "
        "this agreement is changed, and any terms the contract defines for this deal."
    )
    patterns = (r"^reporting\b", r"^changes\b", r"^definitions\b")

    def __init__(self, context: AppContext, document: EditedAgreement) -> None:
        super().__init__(context, document)
        form = self.group(
            "Reports and reviews",
            "A scorecard of the service levels achieved, and regular meetings to review it.",
        )
        self.choice(form, "Service reports", ("reporting", "report_frequency"), FREQUENCY_LABELS)
        self.number(
            form,
            "Due by business day",
            ("reporting", "report_due_business_day"),
            help_text="The report for a period is due by this business day after the period "
            "ends (8 means the 8th business day)",
        )
        self.choice(form, "Service reviews", ("reporting", "review_frequency"), FREQUENCY_LABELS)
        form = self.group(
            "Measurement and audit",
            "Who produces the figures, and whether the customer may check them.",
        )
        self.choice(form, "Measured by", ("reporting", "measured_by"), MEASURED_BY_LABELS)
        self.line(
            form,
            "Monitoring tool",
            ("reporting", "monitoring_tool"),
            placeholder="e.g. the provider's network management system",
            help_text="Name the tool both sides accept, especially when the customer measures",
        )
        self.check(form, "The customer may audit the figures", ("reporting", "audit_right"))
        self.number(
            form,
            "Audit notice (days)",
            ("reporting", "audit_notice_days"),
            help_text="How many days' notice the customer gives before an audit",
        )
        form = self.group("Changes to the agreement")
        self.check(
            form,
            "Changes need a signed written amendment",
            ("changes", "written_amendment_required"),
            help_text="When unticked, the parties may agree changes in writing, including by "
            "e-mail",
        )
        self.number(
            form,
            "Review every (months)",
            ("changes", "review_months"),
            help_text="How often the parties review the whole agreement",
        )
        self.number(
            form,
            "Change notice (days)",
            ("changes", "change_notice_days"),
            help_text="Notice the provider gives before changing operational details such as "
            "support channels or the maintenance window",
        )
        form = self.group(
            "Definitions",
            "Terms this contract defines in addition to the template's own (Downtime, "
            "Incident, Business Day …). A term with the same name replaces the template's "
            "definition. The contract prints each as “Term means …”.",
        )
        self.definitions = DefinitionsField(document, Scope(), ("definitions",), "Definitions")
        caption = QLabel("Definitions:")
        caption.setObjectName("fieldLabel")
        caption.setBuddy(self.definitions.table)
        form.addRow(caption)
        form.addRow(self.definitions)
        self.fields.append(self.definitions)
        self.body.addStretch(1)
