"""The desktop application (PySide6); the only package that imports Qt.

`build_main_window()` is the entry point for tests and scripts as well as the application:
it returns a MainWindow with `open_agreement(path)`, `save(path)`, `export(path)` and its
`wizard`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from slaeditor.gui.context import AppContext
    from slaeditor.gui.shell.main_window import MainWindow

__all__ = ["build_main_window"]


def build_main_window(context: AppContext | None = None) -> MainWindow:
    """Build the main window (a QApplication must exist); a context keeps settings private."""
    from slaeditor.gui.shell.main_window import build_main_window as build

    return build(context)
