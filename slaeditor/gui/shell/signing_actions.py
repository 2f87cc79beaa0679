"""What File > Sign PDF and File > Verify Signatures do, and showing a signed contract.

Qt's PDF view draws no form fields, so a signed contract is shown through a display copy in
which the signatures' own appearances are painted into the pages (signing/display.py); the
preview keeps showing it until the agreement is edited. The window remembers the last
exported or signed PDF and the certificate file (its path, never its password).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QTemporaryDir

from slaeditor.gui.signing.preload import preload_signing
from slaeditor.gui.signing.sign_dialog import SignDialog
from slaeditor.gui.signing.verify_dialog import VerifyDialog
from slaeditor.signing import SigningError
from slaeditor.signing.display import write_display_copy
from slaeditor.signing.fields import signature_fields
from slaeditor.signing.verify import verify_pdf

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QWidget

    from slaeditor.gui.context import AppContext
    from slaeditor.gui.editing.edited_agreement import EditedAgreement
    from slaeditor.gui.shell.preview_pane import PreviewPane

_CERTIFICATE_KEY = "signing/certificate"


class SigningWindow(Protocol):
    """What signing uses of the main window: the agreement, the preview, the status line."""

    context: AppContext
    document: EditedAgreement
    preview: PreviewPane
    exported: SignalInstance

    def show_status(self, text: str) -> None:
        """Say something in the status bar."""


class SigningActions(QObject):
    """Open the Sign and Verify dialogs for a window and show signed contracts in its preview.

    `window` is the main window seen through SigningWindow; `widget` the same window as the
    dialogs' parent.
    """

    def __init__(self, window: SigningWindow, widget: QWidget) -> None:
        super().__init__(widget)
        self.window = window
        self.widget = widget
        self.last_pdf = ""
        self.sign_dialog: SignDialog | None = None
        self.verify_dialog: VerifyDialog | None = None
        self._copies = QTemporaryDir()
        self._shown = 0
        window.exported.connect(self._on_window_exported)
        window.document.changed.connect(self._on_document_changed)

    def sign(self) -> SignDialog:
        """Open the Sign dialog (window-modal, not blocking), filled with the last PDF.

        While the user fills it in, pyHanko is loaded in a thread (signing.sign.preload), so
        the first Sign of the session does not freeze the window for it.
        """
        preload_signing()
        certificate = str(self.window.context.settings.value(_CERTIFICATE_KEY, "") or "")
        dialog = SignDialog(self.widget, pdf=self.last_pdf, certificate=certificate)
        dialog.signed.connect(self._on_signed)
        dialog.finished.connect(dialog.deleteLater)
        self.sign_dialog = dialog
        dialog.open()
        return dialog

    def verify(self, pdf: str = "") -> VerifyDialog:
        """Open the Verify dialog, checking the given or the last PDF straight away."""
        dialog = VerifyDialog(self.widget, pdf=pdf or self.last_pdf)
        dialog.show_requested.connect(self.show_contract)
        dialog.finished.connect(dialog.deleteLater)
        self.verify_dialog = dialog
        dialog.open()
        if dialog.pdf.text():
            dialog.verify()
        return dialog

    def show_contract(self, path: str) -> bool:
        """Show a contract PDF in the preview, its signatures drawn; False if it cannot be."""
        source = Path(path)
        try:
            fields = signature_fields(source)
            signers = [field.signer or field.name for field in fields if field.signed]
            shown = source
            if signers:
                self._shown += 1
                shown = Path(self._copies.path()) / f"shown-{self._shown}.pdf"
                write_display_copy(source, shown)
        except SigningError as error:
            self.window.show_status(str(error))
            return False
        said = f"signed by {', '.join(signers)}" if signers else "not signed yet"
        short = f"{len(signers)} of {len(fields)} signed" if signers else "not signed yet"
        verdict = self._verdict(source) if signers else ""
        if verdict:
            short += " — NOT VALID"
            said += f" — {verdict}; see File > Verify Signatures"
        shown_ok = self.window.preview.show_document(str(shown), f"{source.name}: {short}")
        if shown_ok:
            self.window.show_status(
                f"The preview shows {source.name}, {said}; "
                "edit the agreement to return to the live preview"
            )
        return shown_ok

    def _verdict(self, source: Path) -> str:
        """Check a signed contract's signatures; return why they do not hold, or ""."""
        try:
            report = verify_pdf(source)
        except SigningError as error:
            return str(error)
        return "" if report.ok else report.summary()

    def _on_signed(self, path: str) -> None:
        self.last_pdf = path
        shown = self.show_contract(path)
        dialog = self.sign_dialog
        if dialog is not None:
            self.window.context.settings.setValue(_CERTIFICATE_KEY, dialog.certificate.text())
            info = dialog.result_info
            who = f" as {info.signer}" if info is not None else ""
            where = " (shown in the preview)" if shown else ""
            self.window.show_status(f"Signed{who}; wrote {path}{where}")

    def _on_window_exported(self, path: str) -> None:
        if path.lower().endswith(".pdf"):
            self.last_pdf = path

    def _on_document_changed(self, *_: Any) -> None:
        self.window.preview.unpin()
