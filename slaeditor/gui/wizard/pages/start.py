"""The start page: a new agreement from a template pack, or an existing one.

The SLA type is chosen here because it shapes the rest of the wizard (a multi-level agreement
has customer groups; a service-based one may have no customer), each type explained in one
sentence for people who have never read ITIL.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from slaeditor.gui.wizard.sla_page import SlaPage
from slaeditor.storage.starter import SLA_TYPES

if TYPE_CHECKING:
    from slaeditor.gui.context import AppContext
    from slaeditor.gui.editing.edited_agreement import EditedAgreement


class StartPage(SlaPage):
    """Choose what to work on; Next carries on with the agreement that is open."""

    key = "start"
    heading = "Start"
    intro = "Create a new service level agreement, or open one you have saved."

    create_requested = Signal(str, str)
    """The user asked for a new agreement: (SLA type, pack name)."""
    open_requested = Signal(str)
    """The user asked to open a file: its path, or "" to choose one."""

    def __init__(self, context: AppContext, document: EditedAgreement) -> None:
        super().__init__(context, document)
        self._build_new()
        self._build_open()
        self.body.addStretch(1)
        self.refresh_recent()

    def _build_new(self) -> None:
        form = self.group("New agreement")
        self.pack = QComboBox()
        self.pack.setAccessibleName("Template")
        for info in self.context.packs():
            self.pack.addItem(info.title, info.name)
            self.pack.setItemData(
                self.pack.count() - 1, info.description, Qt.ItemDataRole.ToolTipRole
            )
        caption = QLabel("Template:")
        caption.setBuddy(self.pack)
        caption.setObjectName("fieldLabel")
        form.addRow(caption, self.pack)
        self.types = QButtonGroup(self)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        for index, (value, label, explanation) in enumerate(SLA_TYPES):
            button = QRadioButton(label)
            button.setAccessibleName(label)
            button.setAccessibleDescription(explanation)
            button.setProperty("sla_type", value)
            self.types.addButton(button, index)
            note = QLabel(explanation)
            note.setObjectName("choiceNote")
            note.setWordWrap(True)
            note.setIndent(24)
            column.addWidget(button)
            column.addWidget(note)
            if index == 0:
                button.setChecked(True)
        type_caption = QLabel("Type of SLA:")
        type_caption.setObjectName("fieldLabel")
        form.addRow(type_caption, box)
        self.create_button = QPushButton("Create agreement")
        self.create_button.setDefault(False)
        self.create_button.setAccessibleName("Create agreement")
        self.create_button.clicked.connect(self._on_create_clicked)
        row = QHBoxLayout()
        row.addWidget(self.create_button)
        row.addStretch(1)
        form.addRow("", row)

    def _build_open(self) -> None:
        form: QFormLayout = self.group(
            "Open an agreement", "Agreement files end in .sla.yaml; double-click a recent one."
        )
        self.open_button = QPushButton("Open a file…")
        self.open_button.setAccessibleName("Open a file")
        self.open_button.clicked.connect(lambda: self.open_requested.emit(""))
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addStretch(1)
        form.addRow(row)
        caption = QLabel("Recent files:")
        caption.setObjectName("fieldLabel")
        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent files")
        self.recent.setMinimumHeight(110)
        self.recent.itemActivated.connect(self._on_recent_activated)
        caption.setBuddy(self.recent)
        form.addRow(caption)
        form.addRow(self.recent)

    def refresh_recent(self) -> None:
        """List the recent files, name first and folder after, newest at the top."""
        self.recent.clear()
        files = self.context.recent_files()
        for name in files:
            path = Path(name)
            item = QListWidgetItem(f"{path.name}    —    {path.parent}")
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(name)
            self.recent.addItem(item)
        if not files:
            item = QListWidgetItem("No recent files yet")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(item)

    def chosen_type(self) -> str:
        """Return the SLA type selected on the page."""
        button = self.types.checkedButton()
        return str(button.property("sla_type")) if button is not None else SLA_TYPES[0][0]

    def select_type(self, sla_type: str) -> None:
        """Select an SLA type (used by scripts and tests as a user would click it)."""
        for button in self.types.buttons():
            if button.property("sla_type") == sla_type:
                button.setChecked(True)

    def _on_create_clicked(self) -> None:
        self.create_requested.emit(self.chosen_type(), str(self.pack.currentData() or "standard"))

    def _on_recent_activated(self, item: QListWidgetItem) -> None:
        name = item.data(Qt.ItemDataRole.UserRole)
        if name:
            self.open_requested.emit(str(name))
