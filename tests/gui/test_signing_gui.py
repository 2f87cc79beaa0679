"""Signing and verifying in the window, as a user does it: real dialogs, files and signatures."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import textwrap
from typing import TYPE_CHECKING

import pytest
from certs import PROVIDER_FIELD, identity
from helpers import ROOT
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDialogButtonBox

import slaeditor
from slaeditor.signing.fields import signature_fields
from slaeditor.signing.verify import verify_pdf
from slaeditor.storage.drafts import draft_from_agreement

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtGui import QImage
    from pytestqt.qtbot import QtBot

    from slaeditor.gui.shell.main_window import MainWindow
    from slaeditor.gui.signing.sign_dialog import SignDialog

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"


@pytest.fixture(scope="module")
def contract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("gui-contract") / "contract.pdf"
    slaeditor.render(TELECOM, target)
    return target


def _fill(dialog: SignDialog, pdf: Path, p12: Path) -> None:
    dialog.pdf.setText(str(pdf))
    dialog.pdf.editingFinished.emit()
    dialog.certificate.setText(str(p12))
    dialog.reason.setText("Agreed")


def _sign_dialog(window: MainWindow, pdf: Path, p12: Path, output: Path) -> SignDialog:
    """Open File > Sign PDF and fill it in as a user would, the output given."""
    dialog = window.signing.sign()
    _fill(dialog, pdf, p12)
    dialog.output.setText(str(output))
    return dialog


def _press_sign(qtbot: QtBot, dialog: SignDialog, password: str) -> None:
    """Press Sign…, type the password into the password dialog and confirm, as a user would."""
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    password_dialog = dialog.password_dialog
    assert password_dialog is not None and password_dialog.isVisible()
    qtbot.keyClicks(password_dialog.password, password)
    assert password_dialog.password.echoMode() == password_dialog.password.EchoMode.Password
    field = password_dialog.password
    ok = password_dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert field.text() == ""  # cleared as soon as it was used


def _shade(window: MainWindow, page: int, rect: tuple[float, ...]) -> tuple[float, ...]:
    """Render a page of the preview's document as the view does; average a field's colour."""
    document = window.preview.document
    points = document.pagePointSize(page)
    image: QImage = document.render(page, QSize(1190, int(1190 * points.height() / points.width())))
    scale = image.width() / points.width()
    left, right = int(rect[0] * scale) + 6, int(rect[2] * scale) - 4
    top, bottom = (
        int((points.height() - rect[3]) * scale) + 4,
        int((points.height() - rect[1]) * scale) - 4,
    )
    colours = [image.pixelColor(x, y) for x in range(left, right, 3) for y in range(top, bottom, 3)]
    return tuple(
        sum(getattr(c, part)() for c in colours) / len(colours) for part in ("red", "green", "blue")
    )


def test_signing_in_the_window_writes_a_valid_signature_and_shows_it(
    qtbot: QtBot, window: MainWindow, contract: Path, tmp_path: Path
) -> None:
    helen = identity(tmp_path, "Helen Marsh", "Albion Connect")
    dialog = window.signing.sign()
    _fill(dialog, contract, helen.p12)
    assert dialog.field.currentData() == PROVIDER_FIELD  # the first empty field is offered
    dialog.output.setText(str(tmp_path / "signed.pdf"))
    with qtbot.waitSignal(dialog.signed, timeout=30_000) as signal:
        _press_sign(qtbot, dialog, helen.password)
    assert signal.args == [str(tmp_path / "signed.pdf")]
    report = verify_pdf(tmp_path / "signed.pdf")
    assert report.ok and report.signatures[0].signer.startswith("Helen Marsh")
    # the preview shows the signed contract, with the signature drawn where the field is
    assert window.preview.status_text().startswith("signed.pdf: 1 of 4 signed")
    assert window.status.text().startswith("Signed as Helen Marsh; wrote ")
    field = next(f for f in signature_fields(tmp_path / "signed.pdf") if f.signed)
    red, green, blue = _shade(window, field.page, field.rect)
    assert green > red + 5 and green > blue + 5  # the pale green of a signed field
    # the certificate's path is remembered for next time; the password is nowhere
    settings = window.context.settings
    settings.sync()
    assert settings.value("signing/certificate") == str(helen.p12)
    with open(settings.fileName(), encoding="utf-8") as handle:
        assert helen.password not in handle.read()


def test_a_wrong_password_is_shown_and_nothing_is_written(
    qtbot: QtBot, window: MainWindow, contract: Path, tmp_path: Path
) -> None:
    helen = identity(tmp_path, "Helen Marsh", "Albion Connect")
    dialog = _sign_dialog(window, contract, helen.p12, tmp_path / "signed.pdf")
    _press_sign(qtbot, dialog, "not it")
    qtbot.waitUntil(lambda: bool(dialog.problem_text()), timeout=30_000)
    assert "password is wrong" in dialog.problem_text()
    assert dialog.isVisible()  # open to try again
    assert not (tmp_path / "signed.pdf").exists()
    dialog.reject()


def test_a_broken_certificate_is_shown_and_nothing_is_written(
    qtbot: QtBot, window: MainWindow, contract: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.p12"
    broken.write_bytes(b"not a certificate")
    dialog = _sign_dialog(window, contract, broken, tmp_path / "signed.pdf")
    _press_sign(qtbot, dialog, "anything")
    qtbot.waitUntil(lambda: bool(dialog.problem_text()), timeout=30_000)
    assert "broken.p12" in dialog.problem_text() and "PKCS#12" in dialog.problem_text()
    assert not (tmp_path / "signed.pdf").exists()
    dialog.reject()


def test_a_missing_certificate_is_named_before_the_password_is_asked(
    qtbot: QtBot, window: MainWindow, contract: Path, tmp_path: Path
) -> None:
    dialog = window.signing.sign()
    _fill(dialog, contract, tmp_path / "nowhere.p12")
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert dialog.password_dialog is None
    assert "nowhere.p12" in dialog.problem_text() and "does not exist" in dialog.problem_text()
    dialog.reject()


def test_the_verify_panel_lists_each_signature(
    qtbot: QtBot, window: MainWindow, contract: Path, tmp_path: Path
) -> None:
    from slaeditor.signing.sign import SignRequest, sign_pdf

    helen = identity(tmp_path, "Helen Marsh", "Albion Connect")
    signed = tmp_path / "signed.pdf"
    sign_pdf(SignRequest(contract, signed, helen.p12, PROVIDER_FIELD), helen.password.encode())
    dialog = window.signing.verify(str(signed))
    assert dialog.table.rowCount() == 1
    assert dialog.cell_text(0, "Field") == PROVIDER_FIELD
    assert dialog.cell_text(0, "Signer") == "Helen Marsh, Albion Connect"
    assert dialog.cell_text(0, "Intact") == "yes"
    assert dialog.cell_text(0, "Changed after signing") == "no"
    assert dialog.cell_text(0, "Certificate trusted") == "no, self-signed"
    assert "self-signed certificate" in dialog.details.text()
    assert "intact" in dialog.verdict.text()
    assert "Meridian - Jonathan Ashworth" in dialog.waiting.text()
    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    assert window.preview.status_text().startswith("signed.pdf: 1 of 4 signed")
    assert "shows signed.pdf, signed by Helen Marsh" in window.status.text()
    # a changed byte: the panel says so in red words
    data = bytearray(signed.read_bytes())
    data[data.index(b"Helen Marsh")] = ord("M")
    signed.write_bytes(bytes(data))
    dialog.verify()
    assert dialog.cell_text(0, "Intact").startswith("NO")
    assert dialog.verdict.text().startswith("Not valid")
    dialog.reject()


def test_the_preview_shows_the_empty_signature_fields(
    qtbot: QtBot, window: MainWindow, contract: Path
) -> None:
    """Qt's PDF view draws no form fields; the place to sign must still be visible there."""
    window.preview.show_pdf(str(contract), 0)
    for field in signature_fields(contract):
        red, green, blue = _shade(window, field.page, field.rect)
        assert blue > red + 5 and blue > 230  # the pale blue of an empty field, not white
        assert (red, green, blue) != (255, 255, 255)


def test_opening_a_contract_pdf_restores_its_agreement(
    qtbot: QtBot, window: MainWindow, contract: Path
) -> None:
    assert window.open_agreement(contract)
    expected = draft_from_agreement(slaeditor.load_agreement(TELECOM))
    assert window.document.data == expected
    assert window.document.path is None  # Save must never write YAML over the PDF
    assert window.preview.status_text().startswith("contract.pdf: not signed yet")
    assert "carried by contract.pdf" in window.status.text()


_BOMB = "a: &a [x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 8)}]\n" for i in range(9)
)


@pytest.mark.parametrize(
    ("attachment", "expected"),
    [(None, "without an embedded agreement"), (_BOMB, "more values or deeper nesting")],
    ids=["no-agreement", "yaml-bomb"],
)
def test_opening_a_pdf_without_a_usable_agreement_says_so(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, attachment: str | None, expected: str
) -> None:
    from pypdf import PdfWriter
    from PySide6.QtCore import QTimer

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    if attachment is not None:
        writer.add_attachment("agreement.sla.yaml", attachment.encode())
    other = tmp_path / "letter.pdf"
    writer.write(other)
    before_file = other.read_bytes()
    window.wizard.ensure_pages()  # the new agreement a started window holds
    before = copy.deepcopy(window.document.data)
    assert before
    messages: list[str] = []

    def read_and_close() -> None:  # the message box the user would read, then OK
        box = window.last_prompt
        if box is None:
            QTimer.singleShot(20, read_and_close)
            return
        messages.append(box.text())
        box.buttons()[0].click()

    QTimer.singleShot(20, read_and_close)
    assert not window.open_agreement(other)
    assert messages and expected in messages[0] and str(other) in messages[0]
    assert window.document.data == before
    assert other.read_bytes() == before_file


def test_starting_the_window_does_not_load_pyhanko() -> None:
    code = textwrap.dedent(
        """
        import sys
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from slaeditor.gui import build_main_window
        from slaeditor.gui.context import AppContext
        import tempfile, pathlib
        folder = pathlib.Path(tempfile.mkdtemp())
        context = AppContext.create(folder)
        window = build_main_window(context)
        window.show()
        app.processEvents()
        print(sorted(m for m in sys.modules if m.split('.')[0] in {'pyhanko', 'cryptography'}))
        """
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_opening_the_sign_dialog_loads_pyhanko_before_sign_is_clicked() -> None:
    code = textwrap.dedent(
        """
        import sys
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from slaeditor.gui import build_main_window
        from slaeditor.gui.context import AppContext
        import tempfile, pathlib, threading
        context = AppContext.create(pathlib.Path(tempfile.mkdtemp()))
        window = build_main_window(context)
        window.show()
        app.processEvents()
        before = "pyhanko.sign.signers" in sys.modules
        dialog = window.signing.sign()
        app.processEvents()
        for thread in threading.enumerate():  # what the dialog started, if anything
            if thread.name == "signing-preload":
                thread.join(60)
        print(before, "pyhanko.sign.signers" in sys.modules, dialog.isVisible())
        window.forget_changes()
        """
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False True True"


def _focus_order(start: object, count: int) -> list[str]:
    """Follow the keyboard focus chain from a widget, as Tab does, by accessible name."""
    names, widget = [], start
    while len(names) < count:
        widget = widget.nextInFocusChain()  # type: ignore[attr-defined]
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible():
            names.append(widget.accessibleName() or widget.text())
    return names


def test_the_dialogs_tab_order_follows_their_rows(window: MainWindow, contract: Path) -> None:
    dialog = window.signing.sign()
    assert _focus_order(dialog.pdf, 9) == [
        "Browse for contract pdf",
        "Signature field",
        "Certificate (.p12)",
        "Browse for certificate (.p12)",
        "Reason",
        "Location",
        "Save signed PDF as",
        "Browse for save signed pdf as",
        "Sign…",
    ]
    dialog.reject()
    panel = window.signing.verify(str(contract))
    assert _focus_order(panel.pdf, 4) == [
        "Browse for signed pdf",
        "Also trust root certificate",
        "Browse for also trust root certificate",
        "Verify",
    ]
    panel.reject()


def test_a_signed_contract_changed_after_signing_is_flagged_when_shown(
    window: MainWindow, contract: Path, tmp_path: Path
) -> None:
    from slaeditor.signing.sign import SignRequest, sign_pdf

    helen = identity(tmp_path, "Helen Marsh", "Albion Connect")
    signed = tmp_path / "signed.pdf"
    sign_pdf(SignRequest(contract, signed, helen.p12, PROVIDER_FIELD), helen.password.encode())
    assert window.signing.show_contract(str(signed))
    assert "NOT VALID" not in window.preview.status_text()
    data = bytearray(signed.read_bytes())
    data[data.index(b"Helen Marsh")] = ord("M")
    signed.write_bytes(bytes(data))
    assert window.signing.show_contract(str(signed))
    assert "NOT VALID" in window.preview.status_text()
    assert "Verify Signatures" in window.status.text()


def test_a_cancelled_password_is_cleared_and_nothing_is_signed(
    qtbot: QtBot, window: MainWindow, contract: Path, tmp_path: Path
) -> None:
    helen = identity(tmp_path, "Helen Marsh", "Albion Connect")
    dialog = _sign_dialog(window, contract, helen.p12, tmp_path / "signed.pdf")
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    password_dialog = dialog.password_dialog
    assert password_dialog is not None
    qtbot.keyClicks(password_dialog.password, helen.password)
    assert password_dialog.password.text() == helen.password
    qtbot.keyClick(password_dialog.password, Qt.Key.Key_Escape)
    assert not password_dialog.isVisible()
    assert password_dialog.password.text() == ""  # not left for deleteLater to find
    assert not (tmp_path / "signed.pdf").exists()
    assert dialog.isVisible() and not dialog.problem_text()
    dialog.reject()


def test_names_from_a_signed_pdf_are_shown_as_plain_text(
    window: MainWindow, contract: Path, tmp_path: Path
) -> None:
    """A signer's name is whatever their certificate says; markup in it must not be rendered."""
    from PySide6.QtWidgets import QLabel

    from slaeditor.signing.sign import SignRequest, sign_pdf

    mallory = identity(tmp_path, "<img src='x.png'>Mallory", "<b>Evil</b> Ltd")
    signed = tmp_path / "signed.pdf"
    sign_pdf(SignRequest(contract, signed, mallory.p12, PROVIDER_FIELD), mallory.password.encode())
    assert window.signing.show_contract(str(signed))
    assert "<img src='x.png'>Mallory" in window.status.text()
    assert window.status.textFormat() == Qt.TextFormat.PlainText
    panel = window.signing.verify(str(signed))
    assert panel.cell_text(0, "Signer").startswith("<img src='x.png'>Mallory")
    for label in panel.findChildren(QLabel):
        if "<" in label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.accessibleName()
    panel.reject()
