"""The list of the wizard's steps down the left of the main window.

It marks the current step and counts the blocking problems of each page, so a user sees at a
glance where work is left; clicking a step goes there. It only reads the wizard's pages, which
is why it lives apart from the window that places it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle

from slaeditor.gui.style import colour

if TYPE_CHECKING:
    from slaeditor.gui.wizard.wizard import SlaWizard


class StepList(QListWidget):
    """One row per built wizard page: number and step name, a warning where problems are."""

    def __init__(self, wizard: SlaWizard) -> None:
        super().__init__()
        self.wizard = wizard
        self.setObjectName("steps")
        self.setAccessibleName("Steps")
        self.setMinimumWidth(170)
        self.setMaximumWidth(240)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._warning_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.itemClicked.connect(self._on_item_clicked)

    def fill(self) -> None:
        """List the steps, marking the current one and those with problems."""
        self.blockSignals(True)
        self.clear()
        current = self.wizard.currentId()
        for index, page in enumerate(self.wizard.built_pages()):
            problems = len(page.shown_issues()) if page.key != "start" else 0
            item = QListWidgetItem(f"{index + 1}.  {page.step or page.heading}")
            item.setData(Qt.ItemDataRole.UserRole, page.key)
            item.setData(Qt.ItemDataRole.UserRole + 1, problems)
            item.setToolTip(page.intro)
            if problems:
                item.setIcon(self._warning_icon)
                item.setToolTip(f"{problems} problem{'s' if problems != 1 else ''} to fix here")
                item.setForeground(colour("error"))
            self.addItem(item)
            if index == current:
                item.setSelected(True)
                self.setCurrentItem(item)
        self.blockSignals(False)

    def _on_item_clicked(self, item: QListWidgetItem) -> None:
        key = item.data(Qt.ItemDataRole.UserRole)
        if key:
            self.wizard.go_to(str(key))
            self.fill()
