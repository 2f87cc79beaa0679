"""The main window's way into the clause libraries: Tools > Clause libraries…, Edit > Preferences….

The manager is one window per main window, for the template pack of the open agreement;
Preferences reloads it so added or removed team libraries appear at once. The manager closes
with the main window, asking first about its own unsaved changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from slaeditor.gui.plain_text import plain_box

if TYPE_CHECKING:
    from slaeditor.gui.context import AppContext
    from slaeditor.gui.editing.edited_agreement import EditedAgreement
    from slaeditor.gui.library_manager.preferences import PreferencesDialog
    from slaeditor.gui.library_manager.window import LibraryManager

MANAGER_KEYS = "Ctrl+L"


class LibraryWindow(Protocol):
    """What the library menus use of the main window: its agreement and its messages."""

    context: AppContext
    document: EditedAgreement
    last_prompt: QMessageBox | None

    def show_status(self, text: str) -> None:
        """Say something in the status bar."""


class LibraryMenus(QObject):
    """Edit > Preferences… (Ctrl+,) and a Tools menu with the library manager (Ctrl+L)."""

    def __init__(
        self, window: LibraryWindow, widget: QMainWindow, edit_menu: QMenu, help_menu: QMenu
    ) -> None:
        super().__init__(widget)
        self.window = window
        self.widget = widget
        self.manager: LibraryManager | None = None
        self.preferences_dialog: PreferencesDialog | None = None
        """The open Preferences dialog, while it is open."""
        preferences = QAction("&Preferences…", widget)
        preferences.setShortcut(QKeySequence("Ctrl+,"))
        preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
        preferences.triggered.connect(self.open_preferences)
        edit_menu.addSeparator()
        edit_menu.addAction(preferences)
        tools = QMenu("&Tools", widget)
        widget.menuBar().insertMenu(help_menu.menuAction(), tools)
        manager = QAction("&Clause libraries…", widget)
        manager.setShortcut(QKeySequence(MANAGER_KEYS))
        manager.triggered.connect(self.open_library_manager)
        tools.addAction(manager)
        widget.installEventFilter(self)
        self.actions = {"Preferences": preferences, "Clause libraries": manager}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Refuse the main window's close when the user cancels the manager's."""
        if watched is self.widget and event.type() == QEvent.Type.Close:
            manager = self.manager
            if manager is not None and manager.isVisible() and not manager.close():
                event.ignore()
                return True
        return False

    def open_library_manager(self) -> LibraryManager | None:
        """Show the manager for the open agreement's template pack (one per main window).

        None (after saying why) when the agreement names a template pack that cannot be found.
        """
        # imported on first use: the manager and the clause libraries add ~90 ms to start-up
        from slaeditor.clauses.pack import PackError
        from slaeditor.gui.library_manager.window import LibraryManager

        document = self.window.document
        pack = str(document.value(("template",), "standard") or "standard")
        base = document.path.parent if document.path else None
        current = self.manager
        elsewhere = current is not None and (current.pack_name, current.base) != (pack, base)
        if current is not None and current.isVisible() and elsewhere and not current.close():
            return current  # the user kept the other pack's manager open (unsaved changes)
        if current is not None and not current.isVisible():
            current.deleteLater()  # a closed manager's discarded edits must not come back
            current = None
        if current is None:
            try:
                current = LibraryManager(self.window.context, pack, base)
            except PackError as error:
                self._say_cannot_open(error)
                return None
            self.manager = current
        current.show()
        current.raise_()
        current.activateWindow()
        return current

    def _say_cannot_open(self, error: Exception) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "The clause libraries cannot be shown",
            f"{error}",
            QMessageBox.StandardButton.Ok,
            self.widget,
        )
        box.setInformativeText("Choose an existing template pack for the agreement first.")
        self.window.last_prompt = plain_box(box)  # the error quotes the pack's file
        box.exec()
        self.window.last_prompt = None

    def open_preferences(self) -> bool:
        """Show Preferences; on OK the manager (if open) lists the new team libraries."""
        from slaeditor.gui.library_manager.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.window.context, self.widget)
        self.preferences_dialog = dialog
        accepted = bool(dialog.exec())
        self.preferences_dialog = None
        if accepted and self.manager is not None:
            self.manager.load()
        if accepted:
            self.window.show_status("Preferences saved.")
        return accepted
