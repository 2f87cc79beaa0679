"""File > Sign PDF: choose the contract, the signature field and your certificate, then sign.

The password is asked for in its own small dialog only when Sign is pressed, is handed to the
signing call and then cleared from the field; it is never stored, shown or logged. Everything
that can be wrong without the password (the PDF, the field, the certificate file) is checked
first and shown in the dialog, which stays open so the user can correct it. pyHanko is loaded
by the signing call, the first time someone signs.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from slaeditor.gui.signing.preload import preload_signing
from slaeditor.gui.style import tones
from slaeditor.signing import SigningError
from slaeditor.signing.fields import SignatureField, require_empty_field, signature_fields
from slaeditor.signing.sign import SignRequest, check_inputs, sign_pdf

if TYPE_CHECKING:
    from slaeditor.signing.sign import Signed

_ERROR_STYLE = (
    "QLabel {{ background: {fill}; border: 1px solid {border}; border-radius: 5px;"
    " color: palette(text); padding: 6px 8px; }}"
)
_NOTE_STYLE = "QLabel { color: palette(placeholder-text); }"


def signed_name(source: Path) -> Path:
    """Suggest where the signed copy goes: beside the contract, "-signed" added once."""
    if source.stem.endswith("-signed"):
        return source
    return source.with_name(f"{source.stem}-signed.pdf")


class PasswordDialog(QDialog):
    """Ask for the certificate's password; the text is not shown and is cleared after use."""

    def __init__(self, certificate: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Certificate password")
        prompt = QLabel(f"Password for {certificate.name}:", self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(f"Password for {certificate.name}")
        prompt.setBuddy(self.password)
        note = QLabel("It opens the certificate for this signature only and is not kept.", self)
        note.setStyleSheet(_NOTE_STYLE)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Sign")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # Cancel or Escape: the typed text must not wait in the widget for deleteLater.
        self.rejected.connect(self.password.clear)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.password)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(360)

    def take(self) -> bytes:
        """Return the typed password and clear it from the dialog."""
        value = self.password.text().encode("utf-8")
        self.password.clear()
        return value


class SignDialog(QDialog):
    """Sign one empty signature field of a contract PDF with a PKCS#12 certificate."""

    signed = Signal(str)
    """A signature was written: the signed PDF's path."""

    def __init__(
        self, parent: QWidget | None = None, *, pdf: str = "", certificate: str = ""
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sign a contract PDF")
        self.password_dialog: PasswordDialog | None = None
        self.result_info: Signed | None = None
        self._fields: list[SignatureField] = []
        self.tab_chain: list[QWidget] = []

        self.pdf = QLineEdit(pdf, self)
        self.field = QComboBox(self)
        self.certificate = QLineEdit(certificate, self)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText("e.g. I agree to the terms of this agreement")
        self.location = QLineEdit(self)
        self.location.setPlaceholderText("e.g. London")
        self.output = QLineEdit(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet(
            _ERROR_STYLE.format(fill=tones().error_tint, border=tones().error_border)
        )
        self.message.setAccessibleName("Signing problem")
        self.message.hide()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._add_row(form, "Contract PDF", self.pdf, self._on_browse_pdf_clicked)
        self._add_row(form, "Signature field", self.field)
        self._add_row(form, "Certificate (.p12)", self.certificate, self._on_browse_p12_clicked)
        self._add_row(form, "Reason", self.reason)
        self._add_row(form, "Location", self.location)
        self._add_row(form, "Save signed PDF as", self.output, self._on_browse_output_clicked)

        intro = QLabel(
            "Your signature goes into the field of your signature block. Earlier signatures "
            "stay valid, and the other party can sign their field later.",
            self,
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(_NOTE_STYLE)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.sign_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_button.setText("Sign…")
        self.buttons.accepted.connect(self._on_sign_clicked)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(620)
        self.tab_chain += [
            self.sign_button,
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel),
        ]
        for before, after in itertools.pairwise(self.tab_chain):
            QWidget.setTabOrder(before, after)  # the order of the rows, Browse beside its field
        self.pdf.editingFinished.connect(self._on_pdf_editing_finished)
        self._on_pdf_editing_finished()

    def _add_row(
        self, form: QFormLayout, label: str, widget: QWidget, browse: object = None
    ) -> None:
        """Add a labelled row; the input's accessible name is its visible label."""
        widget.setAccessibleName(label)
        self.tab_chain.append(widget)
        shown = QLabel(f"{label}:", self)
        shown.setBuddy(widget)
        if browse is None:
            form.addRow(shown, widget)
            return
        row = QHBoxLayout()
        row.addWidget(widget, 1)
        button = QPushButton("Browse…", self)
        button.setAccessibleName(f"Browse for {label.lower()}")
        button.clicked.connect(browse)
        self.tab_chain.append(button)
        row.addWidget(button)
        form.addRow(shown, row)

    # --- choosing files ------------------------------------------------------------------

    def _on_browse_pdf_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Contract to sign", self.pdf.text(), "PDF documents (*.pdf)"
        )
        if name:
            self.pdf.setText(name)
            self._on_pdf_editing_finished()

    def _on_browse_p12_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Your certificate",
            self.certificate.text(),
            "Certificates with a private key (*.p12 *.pfx);;All files (*)",
        )
        if name:
            self.certificate.setText(name)

    def _on_browse_output_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save signed PDF as", self.output.text(), "PDF documents (*.pdf)"
        )
        if name:
            self.output.setText(name if name.lower().endswith(".pdf") else f"{name}.pdf")

    def _on_pdf_editing_finished(self) -> None:
        """List the PDF's signature fields: empty ones to choose, signed ones for information."""
        self.field.clear()
        self._fields = []
        text = self.pdf.text().strip()
        if not text:
            return
        source = Path(text)
        self.output.setText(str(signed_name(source)))
        try:
            self._fields = signature_fields(source)
        except SigningError as error:
            self._show_problem(str(error))
            return
        self.message.hide()
        for field in self._fields:
            label = field.name if not field.signed else f"{field.name} — signed by {field.signer}"
            self.field.addItem(label, field.name)
            if field.signed:  # shown, so the user sees who signed, but not selectable
                item = self.field.model().item(self.field.count() - 1)  # type: ignore[attr-defined]
                item.setEnabled(False)
        first_empty = next((i for i, f in enumerate(self._fields) if not f.signed), -1)
        self.field.setCurrentIndex(first_empty)
        if not self._fields:
            self._show_problem(f"{source}: has no signature fields to sign")

    # --- signing -------------------------------------------------------------------------

    def request(self) -> object:
        """Check everything that needs no password; return the SignRequest or raise."""
        if not self.pdf.text().strip():
            raise SigningError("Choose the contract PDF to sign")
        if not self.certificate.text().strip():
            raise SigningError("Choose your certificate file (.p12 or .pfx)")
        if not self.output.text().strip():
            raise SigningError("Choose where to save the signed PDF")
        request = SignRequest(
            source=Path(self.pdf.text().strip()),
            target=Path(self.output.text().strip()),
            certificate=Path(self.certificate.text().strip()),
            field=str(self.field.currentData() or ""),
            reason=self.reason.text().strip(),
            location=self.location.text().strip(),
        )
        check_inputs(request)
        require_empty_field(request.source, request.field, signature_fields(request.source))
        return request

    def _on_sign_clicked(self) -> None:
        try:
            request = self.request()
        except SigningError as error:
            self._show_problem(str(error))
            return
        self.message.hide()
        dialog = PasswordDialog(Path(self.certificate.text().strip()), self)
        dialog.accepted.connect(lambda: self._sign_with(request, dialog.take()))
        dialog.finished.connect(dialog.deleteLater)
        self.password_dialog = dialog
        dialog.open()

    def _sign_with(self, request: object, password: bytes) -> None:

        assert isinstance(request, SignRequest)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            preload_signing().join()  # a Sign quicker than the head start waits for it to end
            self.result_info = sign_pdf(request, password)
        except SigningError as error:
            self._show_problem(str(error))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
            self.password_dialog = None
        self.signed.emit(str(request.target))
        self.accept()

    def _show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def problem_text(self) -> str:
        """Return the problem shown in the dialog, or "" (for tests and screen readers)."""
        return self.message.text() if not self.message.isHidden() else ""
