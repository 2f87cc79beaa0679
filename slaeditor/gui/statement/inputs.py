"""The statement window's form: the agreement, the measurement files, earlier statements, period.

Files are chosen with the desktop's file dialog or typed; the period is typed, with a hint
in the unit of the services' measurement window, and checked when the field is left, with
the message the command line gives. The form holds no statement: it says what to ask for
(`request()`), or why nothing can be asked for yet (`problem()`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from slaeditor.errors import USER_ERRORS
from slaeditor.gui.editing.fields import repolish
from slaeditor.gui.statement.period_check import (
    ServiceWindows,
    check_period,
    period_hint,
    service_windows,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

__all__ = ["StatementInputs"]

AGREEMENT_FILTER = "SLA agreements and contracts (*.sla.yaml *.yaml *.pdf);;All files (*)"
CSV_FILTER = "CSV files (*.csv);;All files (*)"
JSON_FILTER = "Statements (*.json);;All files (*)"


class FileRow(QWidget):
    """A file name box with a Choose… button and a note under it."""

    changed = Signal()

    def __init__(
        self,
        name: str,
        file_filter: str,
        note: str,
        folder: Callable[[], Path | None] = lambda: None,
        *,
        multiple: bool = False,
    ) -> None:
        super().__init__()
        self.name, self.file_filter, self.folder = name, file_filter, folder
        self.multiple = multiple
        """Several files may be named, separated by semicolons (earlier statements)."""
        self.edit = QLineEdit()
        self.edit.setAccessibleName(name)
        self.edit.setClearButtonEnabled(True)
        self.edit.setPlaceholderText("none")
        self.edit.editingFinished.connect(self.changed)
        self.button = QPushButton("Choose…")
        self.button.setAccessibleName(f"Choose the {name.lower()}")
        self.button.clicked.connect(self.choose)
        self.note = QLabel(note)
        self.note.setObjectName("groupNote")
        self.note.setTextFormat(Qt.TextFormat.PlainText)  # file names are never markup
        self.note.setWordWrap(True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.note)

    def path(self) -> Path | None:
        """Return the (first) file named, or None when the box is empty."""
        paths = self.paths()
        return paths[0] if paths else None

    def paths(self) -> list[Path]:
        """Return every file named (one unless the row takes several, split at semicolons)."""
        text = self.edit.text().strip()
        parts = text.split(";") if self.multiple else [text]
        return [Path(part.strip()).expanduser() for part in parts if part.strip()]

    def set_path(self, path: Path | None) -> None:
        """Name a file (None empties the box), as choosing it in the dialog does."""
        self.set_paths([path] if path is not None else [])

    def set_paths(self, paths: list[Path]) -> None:
        """Name the files (the row's box shows them separated by semicolons)."""
        self.edit.setText("; ".join(str(path) for path in paths))
        self.changed.emit()

    def choose(self) -> bool:
        """Ask for the file(s) with the desktop's dialog; False when none was chosen."""
        current = self.path()
        start = str(current if current is not None else self.folder() or "")
        title = f"Choose the {self.name.lower()}"
        if self.multiple:
            names, _ = QFileDialog.getOpenFileNames(self, title, start, self.file_filter)
        else:
            name, _ = QFileDialog.getOpenFileName(self, title, start, self.file_filter)
            names = [name] if name else []
        if names:
            self.set_paths([Path(name) for name in names])
        return bool(names)


class StatementInputs(QWidget):
    """The form: which agreement, which measurements, which period."""

    submitted = Signal()
    """Return was pressed in the period: compute the statement."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services: ServiceWindows | None = None
        self.offered: Path | None = None
        heading = QLabel("Monthly statement")
        heading.setObjectName("pageHeading")
        intro = QLabel(
            "What the provider owes for one period under the signed agreement: each "
            "service's uptime against its target and the credits due, computed from what "
            "monitoring measured, in the contract's house style."
        )
        intro.setObjectName("pageIntro")
        intro.setWordWrap(True)
        self.agreement = FileRow("Agreement file", AGREEMENT_FILTER, "")
        self.measurements = FileRow(
            "Measurements file",
            CSV_FILTER,
            "A CSV of incidents (service,start,end,cause) or of uptimes "
            "(service,period,uptime_percent).",
            self.folder,
        )
        self.support = FileRow(
            "Support tickets file",
            CSV_FILTER,
            "A CSV of tickets (ticket,service,severity,logged,responded,resolved); optional.",
            self.folder,
        )
        self.previous = FileRow(
            "Earlier statements",
            JSON_FILTER,
            "The statements of earlier periods (.json, as exported here), to count the missed "
            "periods towards chronic failure; optional, several allowed.",
            self.folder,
            multiple=True,
        )
        self.period = QLineEdit()
        self.period.setAccessibleName("Period")
        self.period.setMaximumWidth(220)
        self.period.editingFinished.connect(self.check)
        self.period.returnPressed.connect(self.submitted)
        self.period.textEdited.connect(self._on_period_edited)
        self.period_message = QLabel()
        self.period_message.setObjectName("fieldMessage")
        self.period_message.setTextFormat(Qt.TextFormat.PlainText)
        self.period_message.setWordWrap(True)
        self.period_message.setAccessibleName("Period problem")
        self.period_message.hide()
        self.period_note = QLabel()
        self.period_note.setObjectName("groupNote")
        self.period_note.setWordWrap(True)
        period = QWidget()
        column = QVBoxLayout(period)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.period)
        column.addWidget(self.period_message)
        column.addWidget(self.period_note)

        # A plain column, not a QFormLayout: its wrapped notes then always get their height.
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        for label, field, buddy in (
            ("&Agreement", self.agreement, self.agreement.edit),
            ("&Measurements", self.measurements, self.measurements.edit),
            ("&Support tickets", self.support, self.support.edit),
            ("&Earlier statements", self.previous, self.previous.edit),
            ("&Period", period, self.period),
        ):
            title = QLabel(label)
            title.setObjectName("fieldLabel")
            title.setBuddy(buddy)  # Alt and the underlined letter go to the box
            layout.addWidget(title)
            layout.addWidget(field)
        self.agreement.changed.connect(self._on_agreement_changed)
        self.measurements.changed.connect(self.check)
        self._on_agreement_changed()

    def folder(self) -> Path | None:
        """Return the agreement's folder, where the file dialogs start."""
        path = self.agreement.path()
        return path.parent if path is not None else None

    def offer_agreement(self, path: Path | None, *, modified: bool) -> None:
        """Propose the main window's agreement, unless the user chose another one here."""
        chosen = self.agreement.path()
        if chosen is None or chosen == self.offered:
            self.offered = path
            if path is not None:
                self.agreement.set_path(path)
        if path is not None and self.agreement.path() == path and self.services is not None:
            note = "The agreement open in the main window, as last saved."
            if modified:
                note += " It has unsaved changes: save them to see them here."
            self.agreement.note.setText(note)

    def _on_agreement_changed(self) -> None:
        """Read the new agreement's measurement windows for the period's hint and check."""
        path = self.agreement.path()
        self.services = None
        if path is None:
            self.agreement.note.setText("Choose the agreement (.sla.yaml, or its contract PDF).")
        else:
            try:
                self.services = service_windows(path.resolve())
            except USER_ERRORS as error:
                self.agreement.note.setText(str(error).splitlines()[0] if str(error) else "")
            else:
                if path != self.offered:
                    self.agreement.note.setText(f"{self.services.title}.")
        windows = self.services.windows if self.services is not None else ()
        hint = period_hint(windows)
        units = " and ".join(window.value for window in windows) or "month"
        self.period.setPlaceholderText(hint)
        if windows:
            self.period_note.setText(f"The services are measured per {units}: write {hint}.")
        else:
            self.period_note.setText("Write the period in the unit of the services' window.")
        self.check()

    def _on_period_edited(self) -> None:
        """Take a shown period problem away as soon as the user types a correction."""
        if not self.period_message.isHidden():
            self._show_period_problem("")

    def check(self) -> str:
        """Check the period as typed; show and return the problem ("" when there is none)."""
        problem = check_period(
            self.period.text(), self.services, measured=self.measurements.path() is not None
        )
        self._show_period_problem(problem)
        return problem

    def _show_period_problem(self, problem: str) -> None:
        self.period_message.setText(problem)
        self.period_message.setVisible(bool(problem))
        self.period.setProperty("issue", "error" if problem else None)
        repolish(self.period)

    def problem(self) -> tuple[str, QWidget | None]:
        """Say what stops a statement, and the field to fix; ("", None) when nothing does."""
        agreement = self.agreement.path()
        if agreement is None:
            return "Choose the agreement first.", self.agreement.edit
        if not agreement.is_file():
            return f"{agreement}: the agreement file does not exist.", self.agreement.edit
        files = [row for row in (self.measurements, self.support) if row.path() is not None]
        if not files:
            return "Choose a measurements file, a support tickets file or both.", (
                self.measurements.edit
            )
        for row in (*files, self.previous):
            for path in row.paths():
                if not path.is_file():
                    return f"{path}: the file does not exist.", row.edit
        if not self.period.text().strip():
            return f"Type the period: {self.period.placeholderText()}.", self.period
        problem = self.check()
        return (problem, self.period) if problem else ("", None)

    def request(self) -> dict[str, Any]:
        """Return what the render worker needs to compute the statement now asked for."""
        paths = (self.agreement.path(), self.measurements.path(), self.support.path())
        agreement, measurements, support = (
            str(path.resolve()) if path is not None else None for path in paths
        )
        return {
            "agreement": agreement,
            "measurements": measurements,
            "support": support,
            "previous": [str(path.resolve()) for path in self.previous.paths()],
            "period": self.period.text().strip(),
        }
