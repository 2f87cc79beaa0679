"""The Monthly statement window: choose the files and the period, see the statement, export it.

The statement is computed and laid out by the render worker (a `statement` job: the same
reading, arithmetic and house style as `slaeditor credits`), never on this window's thread;
the window only sends the file names and the period and shows the PDF that comes back, in
the preview pane the main window uses. A problem (a bad row of a CSV file, a period in the
wrong unit) is shown as one message above the last good statement, and the fields keep what
was typed. Export writes the statement on screen again, as PDF, Word, JSON or CSV by the
chosen file's type, and the status line reports it with Open and Show in folder.

The preview pane and the export notice belong to the window's shell, above this package, so
the shell hands them in (`StatementPreview`, `FilesNotice` say what is used of them).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from slaeditor.gui.statement.inputs import StatementInputs

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QShowEvent
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView

    from slaeditor.gui.render_service import RenderService

__all__ = ["EXPORT_FILTERS", "FilesNotice", "StatementPreview", "StatementWindow"]

EXPORT_FILTERS = {
    "PDF documents (*.pdf)": ".pdf",
    "Word documents (*.docx)": ".docx",
    "JSON data (*.json)": ".json",
    "CSV tables (*.csv)": ".csv",
}
"""The export formats, by the file dialog's filter; a file's own type wins over the filter."""


class StatementPreview(Protocol):
    """What the window uses of the main window's preview pane."""

    @property
    def document(self) -> QPdfDocument:
        """The PDF on screen."""

    @property
    def view(self) -> QPdfView:
        """The PDF view."""

    def show_pdf(self, path: str, ms: float) -> None:
        """Show a new PDF, keeping the reader's place."""

    def show_error(self, message: str) -> None:
        """Show a problem above the last good PDF."""

    def show_note(self, message: str) -> None:
        """Say why there is nothing to show yet."""

    def set_updating(self) -> None:
        """Say that a newer PDF is on its way."""

    def clear(self) -> None:
        """Show nothing."""

    def show_section(self, title: str) -> bool:
        """Scroll to the section with this heading."""

    def error_text(self) -> str:
        """Return the problem shown, or ""."""

    def status_text(self) -> str:
        """Return the pane's status line."""


class FilesNotice(Protocol):
    """What the window uses of the export notice: the files written, Open, Show in folder."""

    def show_files(self, files: list[Path]) -> None:
        """Name the files just written and offer to open them."""

    def clear(self) -> None:
        """Hide the notice."""


def _widget(part: object) -> QWidget:
    """Return a part handed in by the shell as the widget it must be."""
    if not isinstance(part, QWidget):
        raise TypeError(f"{type(part).__name__} is not a widget")
    return part


class StatementWindow(QMainWindow):
    """One window per main window: the form on the left, the statement on the right."""

    shown = Signal(str)
    """A statement is on screen: the PDF file shown."""
    exported = Signal(str)
    """An export finished: the file written."""
    failed = Signal(str)
    """A statement or an export failed: the message shown."""

    def __init__(
        self,
        service: RenderService,
        preview: StatementPreview,
        notice: FilesNotice,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Monthly statement — SLA Editor")
        self.service = service
        self.preview = preview
        self.notice = notice
        self.inputs = StatementInputs()
        self.compute_button = QPushButton("&Compute")
        self.compute_button.setAccessibleName("Compute the statement")
        self.compute_button.setDefault(True)
        self.compute_button.clicked.connect(self.compute)
        self.export_button = QPushButton("&Export…")
        self.export_button.setAccessibleName("Export the statement")
        self.export_button.setToolTip("Write the statement shown as PDF, Word, JSON or CSV")
        self.export_button.clicked.connect(self.export)
        self.export_button.setEnabled(False)
        self.inputs.submitted.connect(self.compute)
        self._folder: Path | None = None
        self._previews = 0
        self._asked: tuple[int, dict[str, Any]] | None = None  # the statement on its way
        self._shown: tuple[str, dict[str, Any]] | None = None  # the file and what it shows
        self._exports: dict[int, str] = {}
        self._linked = False
        self._build()

    def _build(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.compute_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        form = QWidget()
        column = QVBoxLayout(form)
        column.addWidget(self.inputs)
        column.addLayout(buttons)
        column.addStretch(1)
        form.setMinimumWidth(380)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(form)
        pane = _widget(self.preview)
        pane.setMinimumWidth(320)
        splitter.addWidget(pane)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([620, 660])
        self.setCentralWidget(splitter)
        self.preview.view.setAccessibleName("Statement preview")
        self.preview.clear()
        self.preview.show_note("The statement appears here once it is computed.")
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # file names are never markup
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Statement status")
        self.statusBar().addWidget(self.status, 1)
        self.statusBar().addPermanentWidget(_widget(self.notice))
        self.resize(1280, 800)
        self.setTabOrder(self.inputs.period, self.compute_button)
        self.setTabOrder(self.compute_button, self.export_button)

    # --- the agreement -------------------------------------------------------------------

    def offer_agreement(self, path: Path | None, *, modified: bool = False) -> None:
        """Propose the main window's agreement (its saved file), unless another was chosen."""
        self.inputs.offer_agreement(path, modified=modified)

    def focus_first_field(self) -> None:
        """Put the keyboard focus where the user types: the period, or the missing agreement.

        The files are usually chosen with their buttons; the period is always typed.
        """
        inputs = self.inputs
        field = inputs.agreement.edit if inputs.agreement.path() is None else inputs.period
        field.setFocus(Qt.FocusReason.OtherFocusReason)

    def shown_file(self) -> str | None:
        """Return the PDF of the statement on screen (None before the first one)."""
        return self._shown[0] if self._shown is not None else None

    # --- computing -----------------------------------------------------------------------

    def compute(self) -> bool:
        """Ask the worker for the statement of the form's files and period; False if it cannot.

        What stops it (no file, a period in the wrong unit) is said at once, here; the answer
        comes back by signal and replaces the statement shown. A newer request wins.
        """
        problem, field = self.inputs.problem()
        if problem:
            if field is not self.inputs.period:  # the period's own message is under it
                self.preview.show_error(problem)
            self.status.setText("No statement computed: " + problem)
            if field is not None:
                field.setFocus(Qt.FocusReason.OtherFocusReason)
            self.failed.emit(problem)
            return False
        request = self.inputs.request()
        self._previews += 1  # a new file each time: the one on screen is never rewritten
        target = self._preview_folder() / f"statement-{self._previews}.pdf"
        ident = self.service.request_statement(request, str(target))
        self._asked = (ident, request)
        self.preview.set_updating()
        self.status.setText(f"Computing the statement for {request['period']}…")
        return True

    def _preview_folder(self) -> Path:
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="slaeditor-statement-"))
        return self._folder

    def _on_finished(self, ident: int, target: str, ms: float) -> None:
        if ident in self._exports:
            self._exports.pop(ident)
            self.status.setText(f"Exported {target} in {ms / 1000:.1f} s")
            self.notice.show_files([Path(target)])
            self.exported.emit(target)
            return
        if self._asked is None or ident != self._asked[0]:
            return  # overtaken by a newer request
        request = self._asked[1]
        self._asked = None
        old = self._shown[0] if self._shown is not None else None
        self.preview.show_pdf(target, ms)
        if self.preview.error_text():
            return  # the file could not be opened; the pane says so
        self._shown = (target, request)
        if old is None:  # the first statement opens at its figures, not its cover
            self.preview.show_section("Summary")
        elif old != target:
            Path(old).unlink(missing_ok=True)
        self.compute_button.setText("Re&fresh")
        self.export_button.setEnabled(True)
        self.status.setText(f"Statement for {request['period']} from {_sources(request)}")
        self.shown.emit(target)

    def _on_failed(self, ident: int, message: str) -> None:
        plain = _plain(message)
        if ident in self._exports:
            target = self._exports.pop(ident)
            self.status.setText(f"{Path(target).name} was not written: {plain}")
            self.failed.emit(plain)
            return
        if self._asked is None or ident != self._asked[0]:
            return
        self._asked = None
        self.preview.show_error(plain)
        self.status.setText("The statement could not be computed; nothing was changed.")
        self.failed.emit(plain)

    # --- exporting -----------------------------------------------------------------------

    def export(self) -> bool:
        """Ask where to write the statement shown, then write it (by the file's type)."""
        if self._shown is None:
            return False
        request = self._shown[1]
        agreement = Path(str(request["agreement"]))
        stem = agreement.name.removesuffix(".pdf").removesuffix(".yaml").removesuffix(".sla")
        suggested = agreement.with_name(f"{stem}-statement-{request['period']}.pdf")
        name, chosen = QFileDialog.getSaveFileName(
            self, "Export the statement", str(suggested), ";;".join(EXPORT_FILTERS)
        )
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() not in EXPORT_FILTERS.values():
            path = path.with_name(path.name + EXPORT_FILTERS.get(chosen, ".pdf"))
        return self.export_to(path)

    def export_to(self, path: Path) -> bool:
        """Write the statement on screen to path (.pdf, .docx, .json or .csv) in the worker."""
        if self._shown is None:
            return False
        request = self._shown[1]
        target = path.resolve()
        if target.suffix.lower() not in EXPORT_FILTERS.values():
            self.status.setText(
                f"{path.name}: a statement is written as .pdf, .docx, .json or .csv"
            )
            return False
        inputs = [value for key, value in request.items() if key != "period" and value]
        if any(target == Path(str(value)).resolve() for value in inputs):
            self.status.setText(f"{path.name} is one of the statement's own files; choose another")
            return False
        self.notice.clear()
        ident = self.service.request_statement(request, str(target))
        self._exports[ident] = str(target)
        self.status.setText(f"Exporting {target.name}…")
        return True

    # --- the window's life ---------------------------------------------------------------

    def _link(self, on: bool) -> None:
        """Listen to the shared render service only while the window is open."""
        if on == self._linked:
            return
        pairs = (
            (self.service.statement_finished, self._on_finished),
            (self.service.statement_failed, self._on_failed),
        )
        for signal, slot in pairs:
            if on:
                signal.connect(slot)
            else:
                signal.disconnect(slot)
        self._linked = on

    def showEvent(self, event: QShowEvent) -> None:
        """Listen for statements while shown."""
        self._link(True)
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop listening and remove the preview files; the fields keep what was chosen."""
        self._link(False)
        self._asked, self._shown = None, None
        self._exports.clear()
        self.preview.clear()
        self.preview.show_note("The statement appears here once it is computed.")
        self.compute_button.setText("&Compute")
        self.export_button.setEnabled(False)
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
        super().closeEvent(event)


def _sources(request: dict[str, Any]) -> str:
    """Name the measurement files a statement was computed from."""
    names = [Path(str(request[key])).name for key in ("measurements", "support") if request[key]]
    return " and ".join(names)


def _plain(message: str) -> str:
    """Say the command's "--period 2025-Q2: …" as "Period 2025-Q2: …" (there is no option here)."""
    return (
        "Period " + message.removeprefix("--period ")
        if message.startswith("--period ")
        else message
    )
