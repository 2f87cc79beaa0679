"""The main window's menu bar: File, Edit (with the libraries), Help.

Every action has its standard shortcut where the desktop has one (Ctrl+N, Ctrl+O, Ctrl+S,
Ctrl+Z, Ctrl+F, F1) and is recorded by name, so tests and scripts trigger what a user would.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from slaeditor.gui.editing.history_keys import commit_typing
from slaeditor.gui.shell.export_notice import ExportNotice
from slaeditor.gui.shell.library_menus import LibraryMenus
from slaeditor.gui.shell.preview_pane import PreviewPane
from slaeditor.gui.statement.launcher import StatementLauncher

if TYPE_CHECKING:
    from collections.abc import Callable

    from slaeditor.gui.shell.main_window import MainWindow

__all__ = ["build_menus"]


def build_menus(window: MainWindow) -> tuple[QMenu, dict[str, QAction], LibraryMenus]:
    """Fill the window's menu bar.

    Returns the recent-files menu, the actions by name and the library menus.
    """
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    recent = QMenu("Open &Recent", window)
    actions: dict[str, QAction] = {}
    files = window.files
    statement = StatementLauncher(window, window, lambda: (PreviewPane(), ExportNotice()))
    entries: list[tuple[str, Any, Any] | None] = [
        ("&New", QKeySequence.StandardKey.New, files.new),
        ("&Open…", QKeySequence.StandardKey.Open, files.open),
        None,
        ("&Save", QKeySequence.StandardKey.Save, files.save),
        ("Save &As…", QKeySequence("Ctrl+Shift+S"), files.save_as),
        None,
        ("&Export PDF and Word…", QKeySequence("Ctrl+E"), lambda: files.export_as("both")),
        ("Export &PDF only…", QKeySequence(), lambda: files.export_as("pdf")),
        ("Export &Word only…", QKeySequence("Ctrl+Shift+E"), lambda: files.export_as("docx")),
        None,
        ("S&ign PDF…", QKeySequence(), lambda: window.signing.sign()),
        ("&Verify Signatures…", QKeySequence(), lambda: window.signing.verify()),
        None,
        ("&Monthly statement…", QKeySequence(), statement.open),
        None,
        ("&Quit", QKeySequence.StandardKey.Quit, window.close),
    ]
    for entry in entries:
        if entry is None:
            file_menu.addSeparator()
            continue
        text, keys, slot = entry
        action = QAction(text, window)
        action.setShortcut(keys)
        action.triggered.connect(slot)
        actions[text.replace("&", "").rstrip("…")] = action
        file_menu.addAction(action)
        if text == "&Open…":
            file_menu.addMenu(recent)
    edit_menu = bar.addMenu("&Edit")
    undo, redo = _history_actions(window)
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
    edit_menu.addAction(undo)
    edit_menu.addAction(redo)
    actions["Undo"], actions["Redo"] = undo, redo
    find = QAction("&Find…", window)
    find.setShortcut(QKeySequence.StandardKey.Find)
    find.triggered.connect(window.find_on_page)
    edit_menu.addSeparator()
    edit_menu.addAction(find)
    actions["Find"] = find
    help_menu = bar.addMenu("&Help")
    guide = QAction("&User guide", window)
    guide.setShortcut(QKeySequence.StandardKey.HelpContents)
    guide.triggered.connect(window.show_guide)
    help_menu.addAction(guide)
    actions["User guide"] = guide
    about = QAction("&About SLA Editor", window)
    about.triggered.connect(window.show_about)
    help_menu.addAction(about)
    library_menus = LibraryMenus(window, window, edit_menu, help_menu)
    actions.update(library_menus.actions)
    recent.aboutToShow.connect(lambda: _fill_recent(window, recent))
    return recent, actions, library_menus


def _history_actions(window: MainWindow) -> tuple[QAction, QAction]:
    """Undo and Redo, which first store what is being typed in the focused field.

    A duration being typed is not in the document yet; undoing without storing it would
    undo the edit before it and leave the typed text on screen, as if it were kept.
    """
    stack = window.document.undo_stack
    undo = _HistoryAction("Undo", stack.undo, window)
    undo.follow(stack.canUndo(), stack.undoText())
    stack.canUndoChanged.connect(undo.setEnabled)
    stack.undoTextChanged.connect(undo.retitle)
    redo = _HistoryAction("Redo", stack.redo, window)
    redo.follow(stack.canRedo(), stack.redoText())
    stack.canRedoChanged.connect(redo.setEnabled)
    stack.redoTextChanged.connect(redo.retitle)
    return undo, redo


class _HistoryAction(QAction):
    """Undo or Redo named after the step it acts on, as QUndoStack's own actions are."""

    def __init__(self, name: str, act: Callable[[], None], window: MainWindow) -> None:
        super().__init__(f"&{name}", window)
        self.name = name
        self.act = act
        self.triggered.connect(self.run)

    def follow(self, enabled: bool, text: str) -> None:
        """Take the history's current state."""
        self.setEnabled(enabled)
        self.retitle(text)

    def retitle(self, text: str) -> None:
        """Name the step ("Undo Edit Arrival time")."""
        self.setText(f"&{self.name} {text}".rstrip())

    def run(self) -> None:
        """Store what is being typed, then undo or redo."""
        commit_typing()
        self.act()


def _fill_recent(window: MainWindow, recent: QMenu) -> None:
    """List the recent files, newest first, each opening its file."""
    recent.clear()
    names = window.context.recent_files()
    for name in names:
        action = recent.addAction(Path(name).name)
        action.setToolTip(name)
        action.triggered.connect(lambda _=False, name=name: window.files.open_path(name))
    if not names:
        recent.addAction("No recent files").setEnabled(False)
