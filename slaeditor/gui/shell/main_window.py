"""The main window: steps on the left, the wizard in the middle, the contract on the right.

It owns the file life cycle (new, open, save, autosave, recovery, the prompt before losing
changes) and connects the document to the render worker: a change restarts a short timer,
and when it fires the draft goes to the worker; the GUI thread never waits for a render.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDesktopServices,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
)

from slaeditor.atomic import atomic_write_bytes
from slaeditor.gui.context import AppContext
from slaeditor.gui.editing.edited_agreement import EditedAgreement
from slaeditor.gui.editing.history_keys import commit_typing
from slaeditor.gui.plain_text import guard_plain_text
from slaeditor.gui.render_service import RenderService
from slaeditor.gui.shell.about import about_text
from slaeditor.gui.shell.export_notice import ExportNotice
from slaeditor.gui.shell.file_actions import FileActions
from slaeditor.gui.shell.menus import build_menus
from slaeditor.gui.shell.preview_pane import PreviewPane
from slaeditor.gui.shell.signing_actions import SigningActions
from slaeditor.gui.shell.step_list import StepList
from slaeditor.gui.shell.user_guide import UserGuide
from slaeditor.gui.style import apply_style
from slaeditor.gui.wizard.wizard import SlaWizard
from slaeditor.storage.drafts import draft_to_text
from slaeditor.storage.starter import new_draft

APP_NAME = "SLA Editor"
PREVIEW_DELAY_MS = 60
PAGES_DELAY_MS = 30


class MainWindow(QMainWindow):
    """One agreement, its wizard and its live preview."""

    exported = Signal(str)
    """An export finished: the file written."""
    export_failed = Signal(str)
    """An export failed: the message shown to the user."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.document = EditedAgreement({})  # a new agreement is started once the pages exist
        self.autosave_key = context.autosaves.new_key()
        self._autosaved_revision = -1
        self._recovered = False
        self.last_prompt: QMessageBox | None = None
        self.wizard = SlaWizard(context, self.document)
        self.preview = PreviewPane()
        self.steps = StepList(self.wizard)
        self._build_layout()
        self.files = FileActions(self, self)
        self.signing = SigningActions(self, self)
        menus = build_menus(self)
        self.recent_menu, self.actions_by_name, self.library_menus = menus
        self._connect()
        self._owns_service = context.render_service is None
        self.render_service = context.render_service or RenderService(self)
        context.render_service = self.render_service
        self._connect_render()
        self.preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self.preview_timer.timeout.connect(self._on_preview_timer_timeout)
        self.autosave_timer = QTimer(self, interval=context.autosave_seconds * 1000)
        self.autosave_timer.timeout.connect(self.autosave_now)
        self.autosave_timer.start()
        self._restore_geometry()
        self._update_title()
        self.steps.fill()

    # --- layout --------------------------------------------------------------------------

    def _build_layout(self) -> None:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.steps)
        self.wizard.setMinimumWidth(500)
        splitter.addWidget(self.wizard)
        self.preview.setMinimumWidth(260)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([190, 640, 450])
        self.splitter = splitter
        self.setCentralWidget(splitter)
        self._page_message = False
        self.guide: UserGuide | None = None
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # names from files, never markup
        self.statusBar().addWidget(self.status, 1)
        self.export_notice = ExportNotice()
        self.statusBar().addPermanentWidget(self.export_notice)
        self.resize(1280, 800)

    def _connect(self) -> None:
        self.document.undo_stack.cleanChanged.connect(self._update_title)
        self.document.path_changed.connect(self._update_title)
        self.document.changed.connect(self._on_document_changed)
        self.document.reset.connect(self._on_document_reset)
        self.document.checked.connect(self.steps.fill)
        self.wizard.currentIdChanged.connect(self._on_wizard_current_id_changed)
        self.wizard.export_requested.connect(self.files.export_as)
        start = self.wizard.start_page
        start.create_requested.connect(self.files.create)
        start.open_requested.connect(self.files.open_path)
        self.wizard.pages_built.connect(self._on_wizard_pages_built)

    def _on_wizard_pages_built(self) -> None:
        self.make_room_for_the_page()
        review = self.wizard.page_by_key("review")
        review.jump_requested.connect(self.wizard.show_field)  # type: ignore[attr-defined]
        review.export_requested.connect(self.files.export_as)  # type: ignore[attr-defined]
        if not self.document.data:
            packs = self.context.packs()
            if packs:
                self.document.replace(new_draft("customer-based", packs[0].path), None, new=True)
        self.steps.fill()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """On a narrow screen, give the page the width its form needs before the preview."""
        super().resizeEvent(event)
        self.make_room_for_the_page()

    def make_room_for_the_page(self) -> None:
        """Take width from the preview (down to its minimum) until no page scrolls sideways."""
        steps, form, preview = self.splitter.sizes()
        need = max((page.form_width() for page in self.wizard.built_pages()), default=0)
        need += 48  # the page's margins and its vertical scroll bar
        short = need - form
        spare = preview - self.preview.minimumWidth()
        if short > 0 and spare > 0:
            moved = min(short, spare)
            self.splitter.setSizes([steps, form + moved, preview - moved])

    def showEvent(self, event: QShowEvent) -> None:
        """Build the other pages just after the window first appears."""
        super().showEvent(event)
        if len(self.wizard.built_pages()) == 1:
            QTimer.singleShot(PAGES_DELAY_MS, self.wizard.ensure_pages)

    def _render_links(self) -> list[tuple[Any, Any]]:
        service = self.render_service
        return [
            (service.ready, self.request_preview),
            (service.preview_finished, self._on_preview_finished),
            (service.preview_failed, self._on_preview_failed),
            (service.export_finished, self.files.on_export_finished),
            (service.export_failed, self.files.on_export_failed),
        ]

    def _connect_render(self) -> None:
        for signal, slot in self._render_links():
            signal.connect(slot)

    def _disconnect_render(self) -> None:
        """Let a shared render service outlive this window without calling into it."""
        for signal, slot in self._render_links():
            signal.disconnect(slot)

    # --- public API (tests and scripts) --------------------------------------------------

    def open_agreement(self, path: str | os.PathLike[str]) -> bool:
        """Open an agreement file (asks first if there are unsaved changes)."""
        return self.files.open_path(os.fspath(path))

    def save(self, path: str | os.PathLike[str] | None = None) -> bool:
        """Save to path, or to the agreement's own file; False if nothing was written."""
        return self.files.save_to(Path(path) if path is not None else None)

    def export(self, path: str | os.PathLike[str]) -> None:
        """Render the contract to path (.pdf or .docx) in the worker; `exported` says when."""
        self.files.export_to(Path(path))

    @property
    def modified(self) -> bool:
        """Tell whether there are changes not saved to the agreement's file."""
        return self._recovered or not self.document.undo_stack.isClean()

    def mark_saved(self, path: Path) -> None:
        """Record a successful save: clean state, recent list, no autosave to offer."""
        self._recovered = False
        self.document.set_path(path)
        self.document.undo_stack.setClean()
        self.context.add_recent(path)
        self.context.autosaves.discard(self.autosave_key)
        self._autosaved_revision = self.document.revision
        self._update_title()

    def forget_changes(self) -> None:
        """Treat the agreement as unchanged (closing then does not ask); the data stays.

        Text still being typed in a field is stored first, and counts as unchanged too.
        """
        commit_typing()
        self._recovered = False
        self.document.undo_stack.setClean()
        self._update_title()

    def mark_recovered(self) -> None:
        """Keep the asterisk: a restored autosave is not saved anywhere yet."""
        self._recovered = True
        self._update_title()

    def autosave_now(self, *, force: bool = False) -> Path | None:
        """Write the draft to the autosave folder if it changed since the last autosave."""
        if not self.modified or (self.document.revision == self._autosaved_revision and not force):
            return None
        path = self.context.autosaves.save(
            self.autosave_key,
            draft_to_text(self.document.data),
            original=str(self.document.path) if self.document.path else None,
            title=self.title_name(),
        )
        self._autosaved_revision = self.document.revision
        return path

    def title_name(self) -> str:
        """Name the agreement: its file, else the customer, else "Untitled agreement"."""
        if self.document.path is not None:
            return self.document.path.name
        customer = self.document.value(("customer", "name")) or ""
        return f"{customer} (not saved)" if customer else "Untitled agreement"

    def request_preview(self) -> None:
        """Send the current draft to the worker, or say what stops the preview."""
        errors = self.document.result.errors
        if errors and not any(self.document.shown(error) for error in errors):
            page = self.wizard.page_for(errors[0].path)
            field = page.describe(errors[0]).split(":")[0] if page else "the required fields"
            self.preview.show_note(
                f"The contract appears here once the required fields are filled in (next: {field})."
            )
            return
        if errors:
            first = errors[0]
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            page = self.wizard.page_for(first.path)
            if page is None:
                where, what = "", f"{first.path}: {first.message}"
            else:  # named as on the page: its step, the field's label
                where, what = f" on “{page.step or page.heading}”", page.describe(first)
            self.preview.show_error(f"The preview waits until this is fixed{where}: {what}{more}")
            return
        if not self.render_service.is_ready():
            self.render_service.start()
            return
        self.preview.set_updating()
        base = str(self.document.path.parent) if self.document.path else None
        self.render_service.request_preview(self.document.data, base)

    def show_status(self, text: str, *, page: bool = False) -> None:
        """Say something in the status bar until the next message.

        A message about the current page (`page`) goes when the user moves to another one.
        """
        self.status.setText(text)
        self._page_message = page

    # --- reacting ------------------------------------------------------------------------

    def _on_document_changed(self, path: tuple[Any, ...]) -> None:
        self.preview_timer.start()
        self._update_title()

    def _on_document_reset(self) -> None:
        self.context.autosaves.discard(self.autosave_key)  # the replaced agreement's autosave
        self.autosave_key = self.context.autosaves.new_key()
        self._autosaved_revision = self.document.revision
        self.wizard.restart()
        self.steps.fill()
        self.preview.clear()
        self.request_preview()

    def _on_preview_timer_timeout(self) -> None:
        self.request_preview()

    def _on_preview_finished(self, request_id: int, path: str, ms: float) -> None:
        first = self.preview.document.status().name != "Ready"
        self.preview.show_pdf(path, ms)
        if first:
            self._show_page_section()

    def _on_preview_failed(self, request_id: int, message: str) -> None:
        self.preview.show_error(message)

    def _on_wizard_current_id_changed(self, index: int) -> None:
        if self._page_message:
            self.show_status("")
        self.steps.fill()
        self._show_page_section()

    def _show_page_section(self) -> None:
        """Scroll the preview to the contract section the current page writes."""
        page = self.wizard.current()
        if not page.sections:
            return
        try:
            pack = self.context.pack(str(self.document.value(("template",), "standard")))
        except Exception:
            return
        titles = {section.id: section.title for section in pack.sections}
        for section in page.sections:
            if section in titles and self.preview.show_section(titles[section]):
                return

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.title_name()}[*] — {APP_NAME}")
        self.setWindowModified(self.modified)

    def show_about(self) -> None:
        """Show the About box (Help > About)."""
        box = QMessageBox(QMessageBox.Icon.NoIcon, f"About {APP_NAME}", about_text(), parent=self)
        box.setTextFormat(Qt.TextFormat.RichText)  # our own text, with no value from a file
        box.setIconPixmap(self.windowIcon().pixmap(64, 64))
        box.exec()

    # --- window life ---------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.context.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        sizes = self.context.settings.value("window/splitter")
        if isinstance(sizes, QByteArray):
            self.splitter.restoreState(sizes)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask before losing changes; on a clean close remove the autosave."""
        if not self.files.confirm_discard("closing"):
            event.ignore()
            return
        self.context.settings.setValue("window/geometry", self.saveGeometry())
        self.context.settings.setValue("window/splitter", self.splitter.saveState())
        self.context.settings.sync()
        self.context.autosaves.discard(self.autosave_key)
        self.autosave_timer.stop()
        self.preview_timer.stop()
        self._disconnect_render()
        if self._owns_service:
            self.render_service.stop()
            self.context.render_service = None
        event.accept()

    def show_guide(self) -> UserGuide:
        """Open the user guide (F1) at the page of the step on screen."""
        if self.guide is None:
            self.guide = UserGuide(self)
        self.guide.show_topic(self.wizard.current().key)
        self.guide.show()
        self.guide.raise_()
        self.guide.activateWindow()
        return self.guide

    def find_on_page(self) -> bool:
        """Put the cursor in the search box of the page on screen (Ctrl+F), if it has one."""
        box = self.wizard.current().search_box()
        if box is None:
            self.show_status("This step has no search box; the user guide (F1) can be searched.")
            return False
        box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        box.selectAll()
        return True

    def _export(self, kind: str) -> None:
        self.files.export_as(kind)

    def open_file_externally(self, path: Path) -> None:
        """Open an exported file with the system's viewer."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def write_text(self, path: Path, text: str) -> None:
        """Write a file atomically (the previous version survives any failure)."""
        atomic_write_bytes(path, text.encode("utf-8"))


def build_main_window(context: AppContext | None = None) -> MainWindow:
    """Build the main window in the application's style (a QApplication must exist).

    A context of its own keeps a test's or a script's settings, recent files and autosaves
    private; without one the user's are used.
    """
    apply_style()
    guard_plain_text()
    return MainWindow(context or AppContext.create())
