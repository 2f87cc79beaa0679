"""The status bar's report of a finished export: where the files are, Open, Show in folder.

An export used to end in a modal box that had to be dismissed each time; the notice stays in
the status bar until the next export, and the user may open the contract or its folder from
it, or not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

if TYPE_CHECKING:
    from pathlib import Path


class ExportNotice(QWidget):
    """A permanent status-bar widget naming the last exported files, with two buttons."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("exportNotice")
        self.files: list[Path] = []
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # file names are never markup
        row.addWidget(self.label)
        self.open_button = QPushButton("Open")
        self.open_button.setAccessibleName("Open the exported contract")
        self.open_button.clicked.connect(self.open_first)
        self.folder_button = QPushButton("Show in folder")
        self.folder_button.setAccessibleName("Show the exported contract in its folder")
        self.folder_button.clicked.connect(self.show_folder)
        for button in (self.open_button, self.folder_button):
            button.setFlat(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            row.addWidget(button)
        self.hide()

    def show_files(self, files: list[Path]) -> None:
        """Name the files just written and offer to open them."""
        self.files = list(files)
        names = " and ".join(path.name for path in files)
        self.label.setText(f"Exported {names}")
        self.label.setToolTip("\n".join(str(path) for path in files))
        self.open_button.setText("Open PDF" if len(files) > 1 else "Open")
        self.show()

    def clear(self) -> None:
        """Hide the notice (a new export has started)."""
        self.files = []
        self.hide()

    def open_first(self) -> bool:
        """Open the first exported file (the PDF when both were written) with its viewer."""
        return bool(self.files) and QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.files[0])))

    def show_folder(self) -> bool:
        """Open the folder that holds the exported files in the file manager."""
        if not self.files:
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.files[0].parent)))
