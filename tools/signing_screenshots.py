"""Write the signing screenshots of the README (docs/screenshots/signing/) at 1280x800.

Run with the checkout's interpreter: `.venv/bin/python tools/signing_screenshots.py [DIR]`.
Offscreen, in a private settings folder, with certificates made on the spot (tests/certs.py):
the provider's signatory signs the telecom contract through the Sign dialog (the dialog and
its password prompt are captured), the customer's signatory countersigns, and the Verify
dialog and the main window then show the contract with both signatures.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIGNATURE_PAGE = 19  # the telecom contract's signature page, counted from 0


def _wait(ms: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main(out: Path) -> None:
    """Sign, countersign and verify the telecom contract, saving a PNG of each dialog."""
    from PySide6.QtCore import QPointF
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    sys.path.insert(0, str(ROOT / "tests"))
    from certs import identity

    import slaeditor
    from slaeditor.gui import build_main_window
    from slaeditor.gui.context import AppContext
    from slaeditor.signing.sign import SignRequest, sign_pdf

    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp())
    contract = work / "telecom-contract.pdf"
    slaeditor.render(ROOT / "examples" / "telecom-customer.sla.yaml", contract)
    provider = identity(work, "Helen Marsh", "Albion Connect Communications")
    customer = identity(work, "Jonathan Ashworth", "Meridian Freight Group")

    window = build_main_window(AppContext.create(work / "data"))
    window.resize(1280, 800)
    window.show()
    _wait(300)

    dialog = window.signing.sign()
    dialog.pdf.setText(str(contract))
    dialog.pdf.editingFinished.emit()
    dialog.certificate.setText(str(provider.p12))
    dialog.reason.setText("I agree to the terms of this agreement")
    dialog.location.setText("London")
    _wait(200)
    dialog.grab().save(str(out / "sign-dialog.png"))
    signed = Path(dialog.output.text())
    dialog.sign_button.click()
    _wait(200)
    prompt = dialog.password_dialog
    assert prompt is not None, dialog.problem_text()
    prompt.password.setText("secret-secret")  # what the picture shows, masked
    prompt.grab().save(str(out / "password.png"))
    prompt.password.setText(provider.password)
    prompt.accept()
    _wait(300)

    both = work / "telecom-contract-countersigned.pdf"
    request = SignRequest(
        signed, both, customer.p12, "Meridian - Jonathan Ashworth", "Agreed", "Leeds"
    )
    sign_pdf(request, customer.password.encode())
    window.open_agreement(both)
    _wait(500)
    verify = window.signing.verify(str(both))
    _wait(300)
    verify.grab().save(str(out / "verify.png"))
    verify.reject()
    _wait(300)

    window.wizard.go_to("parties")
    _wait(300)
    view = window.preview.view
    view.pageNavigator().jump(SIGNATURE_PAGE, QPointF(0, 0), view.zoomFactor())
    _wait(400)
    window.grab().save(str(out / "window-signed.png"))
    window.forget_changes()
    window.close()
    app.processEvents()


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "screenshots" / "signing"))
    print("done")
