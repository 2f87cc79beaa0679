"""File > Verify Signatures: what each signature of a contract PDF proves, in a table.

One row per signature (field, signer, signing time, intact, covers the whole document,
changed after signing, trusted), a one-line verdict above it in green or red, and the fields
still waiting for a signer below. "Show in preview" puts the signed document, with its
signatures drawn, into the main window's preview.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from slaeditor.gui.style import colour, tones
from slaeditor.signing import SigningError
from slaeditor.signing.verify import verify_pdf

if TYPE_CHECKING:
    from slaeditor.signing.verify import SignatureCheck, VerifyReport

COLUMNS = (
    "Field",
    "Signer",
    "Signed at",
    "Intact",
    "Covers whole document",
    "Changed after signing",
    "Certificate trusted",
)
_SHADES = {"good": "good_tint", "bad": "error_tint", "doubt": "warning_tint"}
_VERDICT_STYLE = (
    "QLabel {{ background: {background}; border: 1px solid palette(mid); border-radius: 5px;"
    " color: palette(text); padding: 8px 10px; font-weight: 600; }}"
)


def _verdict_style(ok: bool | None) -> str:
    shades = tones()
    if ok is None:
        return _VERDICT_STYLE.format(background=shades.neutral_tint)
    return _VERDICT_STYLE.format(background=shades.good_tint if ok else shades.error_tint)


class VerifyDialog(QDialog):
    """Check the signatures of a PDF and show the report."""

    show_requested = Signal(str)
    """The user wants the checked PDF in the preview: its path."""

    def __init__(self, parent: QWidget | None = None, *, pdf: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Verify signatures")
        self.report: VerifyReport | None = None
        self.pdf = QLineEdit(pdf, self)
        self.pdf.setAccessibleName("Signed PDF")
        self.trust = QLineEdit(self)
        self.trust.setAccessibleName("Also trust root certificate")
        self.trust.setPlaceholderText("optional: a root certificate (.pem) you trust")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self._label("Signed PDF", self.pdf), self._with_browse(self.pdf, self._pdf))
        form.addRow(
            self._label("Also trust root certificate", self.trust),
            self._with_browse(self.trust, self._root),
        )
        self.verify_button = QPushButton("Verify", self)
        self.verify_button.setDefault(True)
        self.verify_button.clicked.connect(self.verify)

        self.verdict = QLabel("Choose a signed PDF and press Verify.", self)
        self.verdict.setWordWrap(True)
        # Field names, signer names and error texts come from the PDF: never read as rich text.
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict.setAccessibleName("Verdict")
        self.verdict.setStyleSheet(_verdict_style(None))
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setAccessibleName("Signatures")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("Signer"), QHeaderView.ResizeMode.Stretch)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName("Details of the chosen signature")
        self.waiting = QLabel(self)
        self.waiting.setWordWrap(True)
        self.waiting.setTextFormat(Qt.TextFormat.PlainText)
        self.waiting.setAccessibleName("Not signed yet")
        self.table.currentCellChanged.connect(self._on_current_cell_changed)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.show_button = buttons.addButton(
            "Show in preview", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.show_button.setEnabled(False)
        self.show_button.clicked.connect(self._on_show_clicked)
        buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addLayout(form, 1)
        top.addWidget(self.verify_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.verdict)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.waiting)
        layout.addWidget(buttons)
        self.resize(1040, 420)
        browse = [b for b in self.findChildren(QPushButton) if b.text() == "Browse…"]
        chain = [self.pdf, browse[0], self.trust, browse[1], self.verify_button, self.table]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)  # row by row, as the dialog reads

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(f"{text}:", self)
        label.setBuddy(buddy)
        return label

    def _with_browse(self, edit: QLineEdit, browse: object) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(edit, 1)
        button = QPushButton("Browse…", self)
        button.setAccessibleName(f"Browse for {edit.accessibleName().lower()}")
        button.clicked.connect(browse)
        row.addWidget(button)
        return row

    def _pdf(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Signed PDF", self.pdf.text(), "PDF documents (*.pdf)"
        )
        if name:
            self.pdf.setText(name)
            self.verify()

    def _root(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Root certificate to trust",
            self.trust.text(),
            "Certificates (*.pem *.crt *.cer *.der)",
        )
        if name:
            self.trust.setText(name)

    def verify(self) -> VerifyReport | None:
        """Check the chosen PDF and fill the table; return the report (None on a problem)."""
        self.table.setRowCount(0)
        self.details.clear()
        self.waiting.clear()
        self.show_button.setEnabled(False)
        self.report = None
        text = self.pdf.text().strip()
        if not text:
            self._set_verdict("Choose the signed PDF to check.", ok=False)
            return None
        trust = [Path(self.trust.text().strip())] if self.trust.text().strip() else []
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            report = verify_pdf(Path(text), trust)
        except SigningError as error:
            self._set_verdict(str(error), ok=False)
            return None
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.report = report
        self._fill(report)
        return report

    def _fill(self, report: VerifyReport) -> None:
        self._set_verdict(report.summary(), ok=report.ok)
        for check in report.signatures:
            self._add_row(check)
        self.table.resizeRowsToContents()
        if report.signatures:
            self.table.setCurrentCell(0, 0)
        if report.empty_fields:
            names = ", ".join(report.empty_fields)
            self.waiting.setText(f"Not signed yet: {names}")
        self.show_button.setEnabled(True)

    def _add_row(self, check: SignatureCheck) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        when = f"{check.signed_at:%Y-%m-%d %H:%M %Z}".strip() if check.signed_at else "unknown"
        cells = [
            (check.field, "", check.field),
            (check.signer, "", check.signer),
            (when, "", when),
            ("yes" if check.intact else "NO", "good" if check.intact else "bad", check.intact_note),
            ("yes" if check.whole_document else "no, signed earlier", "", ""),
            (_changed(check), "bad" if check.changed_after else "good", check.change_note),
            (_trusted(check), "good" if check.trusted else "doubt", check.trust_note),
        ]
        for column, (text, shade, note) in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(check.problem or note or text)
            if shade:
                item.setBackground(colour(_SHADES[shade]))
            self.table.setItem(row, column, item)

    def _on_current_cell_changed(self, row: int, *_: int) -> None:
        """Spell out the chosen signature's findings under the table."""
        if self.report is None or not 0 <= row < len(self.report.signatures):
            self.details.clear()
            return
        check = self.report.signatures[row]
        lines = [
            f"{check.field}: intact: {check.intact_note}",
            f"changed after signing: {check.change_note}",
            f"certificate trusted: {check.trust_note}",
        ]
        if check.problem:
            lines.append(f"problem: {check.problem}")
        self.details.setText("\n".join(lines))

    def _set_verdict(self, text: str, *, ok: bool) -> None:
        self.verdict.setText(text)
        self.verdict.setStyleSheet(_verdict_style(ok))

    def _on_show_clicked(self) -> None:
        self.show_requested.emit(self.pdf.text().strip())

    def cell_text(self, row: int, column: str) -> str:
        """Return a cell's text by column title (for tests and screen readers)."""
        item = self.table.item(row, COLUMNS.index(column))
        return item.text() if item is not None else ""


def _changed(check: SignatureCheck) -> str:
    """Say briefly whether the document changed after the signature (the note has the rest)."""
    if check.changed_after:
        return "YES"
    return "no, later signatures only" if "later signatures" in check.change_note else "no"


def _trusted(check: SignatureCheck) -> str:
    """Say briefly whether the certificate is trusted (the note has the rest)."""
    if check.trusted:
        return "yes"
    return "no, self-signed" if "self-signed" in check.trust_note else "no"
