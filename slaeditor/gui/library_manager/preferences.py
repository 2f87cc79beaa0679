"""Preferences: the team clause libraries (shared files) the wizard and the manager read.

Order matters: when two libraries hold a clause with the same id, the one higher in the list
wins (after the personal library, before the template pack's own), so the list can be
reordered. Only OK stores the paths (through the context, in the application's settings).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from slaeditor.gui.style import colour

if TYPE_CHECKING:
    from slaeditor.gui.context import AppContext

LIBRARY_FILTER = "Clause libraries (*.clauses.yaml *.yaml);;All files (*)"


class PreferencesDialog(QDialog):
    """Edit the list of team libraries; the personal library's place is shown for reference."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Preferences")
        self.setMinimumWidth(720)
        layout = QVBoxLayout(self)
        group = QGroupBox("Clause libraries")
        grid = QGridLayout(group)
        grid.setColumnStretch(0, 1)
        intro = QLabel(
            "The wizard offers clauses from your personal library, then the team libraries "
            "below (a clause id in two of them: the higher one wins), then the template's own."
        )
        intro.setObjectName("groupNote")
        intro.setWordWrap(True)
        grid.addWidget(intro, 0, 0, 1, 2)
        personal_label = QLabel("Personal library")
        personal_label.setObjectName("fieldLabel")
        self.personal_path = QLabel(str(context.personal_library_path()))
        self.personal_path.setAccessibleName("Personal library")
        self.personal_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.personal_path.setWordWrap(True)
        personal_label.setBuddy(self.personal_path)
        grid.addWidget(personal_label, 1, 0, 1, 2)
        grid.addWidget(self.personal_path, 2, 0, 1, 2)
        team_label = QLabel("Team libraries")
        team_label.setObjectName("fieldLabel")
        grid.addWidget(team_label, 3, 0, 1, 2)
        self.team_list = QListWidget()
        self.team_list.setAccessibleName("Team libraries")
        self.team_list.setMinimumHeight(180)
        team_label.setBuddy(self.team_list)
        grid.addWidget(self.team_list, 4, 0)
        buttons = QVBoxLayout()
        self.add_button = self._button("Add…", self._on_add_clicked, buttons)
        self.remove_button = self._button("Remove", self.remove_current, buttons)
        self.up_button = self._button("Move up", lambda: self.move_current(-1), buttons)
        self.down_button = self._button("Move down", lambda: self.move_current(1), buttons)
        buttons.addStretch(1)
        grid.addLayout(buttons, 4, 1)
        layout.addWidget(group)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        for path in context.team_library_paths():
            self.add_path(path)
        self.team_list.currentRowChanged.connect(self._update_buttons)
        self._update_buttons()

    def _button(self, text: str, slot: object, layout: QVBoxLayout) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.rstrip("…"))
        button.clicked.connect(slot)
        layout.addWidget(button)
        return button

    def paths(self) -> list[Path]:
        """Return the team libraries as listed (highest precedence first)."""
        items = (self.team_list.item(row) for row in range(self.team_list.count()))
        return [Path(str(item.data(Qt.ItemDataRole.UserRole))) for item in items if item]

    def add_path(self, path: Path) -> bool:
        """Add a library file at the bottom; False if it is listed already."""
        if path in self.paths():
            return False
        item = QListWidgetItem(str(path))
        item.setData(Qt.ItemDataRole.UserRole, str(path))
        if not path.is_file():
            item.setText(f"{path}  (not found)")
            item.setForeground(colour("error"))
            item.setToolTip("The file does not exist (yet); the wizard lists it as a problem.")
        self.team_list.addItem(item)
        self.team_list.setCurrentItem(item)
        return True

    def remove_current(self) -> None:
        """Stop using the selected library (the file itself is left alone)."""
        row = self.team_list.currentRow()
        if row >= 0:
            self.team_list.takeItem(row)
        self._update_buttons()

    def move_current(self, step: int) -> None:
        """Move the selected library up (-1) or down (+1) in precedence."""
        row = self.team_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.team_list.count():
            return
        item = self.team_list.takeItem(row)
        self.team_list.insertItem(target, item)
        self.team_list.setCurrentRow(target)

    def accept(self) -> None:
        """Store the list (the next library_set() reads it) and close."""
        self.context.set_team_library_paths(self.paths())
        super().accept()

    def _on_add_clicked(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Add team libraries", "", LIBRARY_FILTER)
        for name in names:
            self.add_path(Path(name))

    def _update_buttons(self) -> None:
        row = self.team_list.currentRow()
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.team_list.count() - 1)
