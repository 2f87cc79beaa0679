"""The main window's way into the Monthly statement window (File > Monthly statement…).

One window per main window, made on first use and kept, so the files and the period chosen
stay for the next statement; it proposes the main window's agreement as last saved, and
closes with the main window. The statement package is imported when the window is first
opened, not at start-up (it brings the statement arithmetic, about 40 ms).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QObject

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QMainWindow

    from slaeditor.gui.editing.edited_agreement import EditedAgreement
    from slaeditor.gui.render_service import RenderService
    from slaeditor.gui.statement.window import FilesNotice, StatementPreview, StatementWindow

__all__ = ["StatementHost", "StatementLauncher"]


class StatementHost(Protocol):
    """What the launcher uses of the main window: its agreement and its render service."""

    document: EditedAgreement
    render_service: RenderService

    @property
    def modified(self) -> bool:
        """Tell whether there are changes not saved to the agreement's file."""


class StatementLauncher(QObject):
    """Open (or bring back) the Monthly statement window of one main window."""

    def __init__(
        self,
        host: StatementHost,
        widget: QMainWindow,
        parts: Callable[[], tuple[StatementPreview, FilesNotice]],
    ) -> None:
        super().__init__(widget)
        self.host = host
        self.widget = widget
        self.parts = parts
        """Make the preview pane and the export notice, which belong to the shell."""
        self.window: StatementWindow | None = None
        widget.installEventFilter(self)

    def open(self) -> StatementWindow:
        """Show the window, proposing the main window's saved agreement, the period focused."""
        from slaeditor.gui.statement.window import StatementWindow

        if self.window is None:
            preview, notice = self.parts()
            self.window = StatementWindow(self.host.render_service, preview, notice, self.widget)
        document = self.host.document
        self.window.offer_agreement(document.path, modified=self.host.modified)
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        self.window.focus_first_field()
        return self.window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Close the statement window when the main window closes.

        A close hides the main window from within the application; being minimised is a
        hide the desktop makes (spontaneous), and a close the user cancels hides nothing.
        """
        if (
            watched is self.widget
            and event.type() == QEvent.Type.Hide
            and not event.spontaneous()
            and self.window is not None
        ):
            self.window.close()
        return False
