"""The main window's way into the clause libraries: Tools > Clause libraries…, Edit > Preferences….

Kept out of mainwindow.py (a file several branches edit) so the hook there is one line. The
manager is one window per main window, for the template pack of the open agreement; Preferences
reloads it so added or removed team libraries appear at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from slaeditor.gui.plain import plain_box

if TYPE_CHECKING:
    from slaeditor.gui.library_manager import LibraryManager
    from slaeditor.gui.mainwindow import MainWindow

MANAGER_KEYS = "Ctrl+L"


def add_library_menus(window: MainWindow, edit_menu: QMenu, help_menu: QMenu) -> None:
    """Add Edit > Preferences… (Ctrl+,) and a Tools menu before Help with the manager."""
    preferences = QAction("&Preferences…", window)
    preferences.setShortcut(QKeySequence("Ctrl+,"))
    preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
    preferences.triggered.connect(lambda: open_preferences(window))
    edit_menu.addSeparator()
    edit_menu.addAction(preferences)
    tools = QMenu("&Tools", window)
    window.menuBar().insertMenu(help_menu.menuAction(), tools)
    manager = QAction("&Clause libraries…", window)
    manager.setShortcut(QKeySequence(MANAGER_KEYS))
    manager.triggered.connect(lambda: open_library_manager(window))
    tools.addAction(manager)
    window.installEventFilter(_CloseWithMainWindow(window))
    window.actions_by_name["Preferences"] = preferences
    window.actions_by_name["Clause libraries"] = manager


class _CloseWithMainWindow(QObject):
    """Close the manager with the main window, asking first about its unsaved changes."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Refuse the main window's close when the user cancels the manager's."""
        if event.type() == QEvent.Type.Close:
            manager: LibraryManager | None = getattr(self.window, "library_manager", None)
            if manager is not None and manager.isVisible() and not manager.close():
                event.ignore()
                return True
        return False


def open_library_manager(window: MainWindow) -> LibraryManager | None:
    """Show the manager for the open agreement's template pack (one per main window).

    None (after saying why) when the agreement names a template pack that cannot be found.
    """
    from slaeditor.clauses.pack import PackError
    from slaeditor.gui.library_manager import LibraryManager

    pack = str(window.document.value(("template",), "standard") or "standard")
    base = window.document.path.parent if window.document.path else None
    current: LibraryManager | None = getattr(window, "library_manager", None)
    elsewhere = current is not None and (current.pack_name, current.base) != (pack, base)
    if current is not None and current.isVisible() and elsewhere and not current.close():
        return current  # the user kept the other pack's manager open (unsaved changes)
    if current is not None and not current.isVisible():
        current.deleteLater()  # a closed manager's discarded edits must not come back
        current = None
    if current is None:
        try:
            current = LibraryManager(window.context, pack, base)
        except PackError as error:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                "The clause libraries cannot be shown",
                f"{error}",
                QMessageBox.StandardButton.Ok,
                window,
            )
            box.setInformativeText("Choose an existing template pack for the agreement first.")
            window.last_prompt = plain_box(box)  # the error quotes the pack's file
            box.exec()
            window.last_prompt = None
            return None
        window.library_manager = current  # type: ignore[attr-defined]
    current.show()
    current.raise_()
    current.activateWindow()
    return current


def open_preferences(window: MainWindow) -> bool:
    """Show Preferences; on OK the manager (if open) lists the new team libraries."""
    from slaeditor.gui.preferences import PreferencesDialog

    dialog = PreferencesDialog(window.context, window)
    window.preferences_dialog = dialog  # type: ignore[attr-defined]  # for tests
    accepted = bool(dialog.exec())
    window.preferences_dialog = None  # type: ignore[attr-defined]
    manager: LibraryManager | None = getattr(window, "library_manager", None)
    if accepted and manager is not None:
        manager.load()
    if accepted:
        window.show_status("Preferences saved.")
    return accepted
