"""Write the signing screenshots of the README (docs/screenshots/signing/): `python tools/signing_screenshots.py docs/screenshots/signing`.

Offscreen, with certificates made on the spot (tests/certs.py) and a private settings folder.
"""
import os, sys, tempfile
from pathlib import Path
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from slaeditor.gui import build_main_window
from slaeditor.gui.context import AppContext
from slaeditor.gui.style import apply_style
import slaeditor
from certs import identity
out = Path(sys.argv[1]); out.mkdir(parents=True, exist_ok=True)
work = Path(tempfile.mkdtemp())
contract = work / "telecom-contract.pdf"
slaeditor.render(Path(__file__).resolve().parent.parent / "examples" / "telecom-customer.sla.yaml", contract)
helen = identity(work, "Helen Marsh", "Albion Connect Communications")
jon = identity(work, "Jonathan Ashworth", "Meridian Freight Group")
def wait(ms):
    loop = QEventLoop(); QTimer.singleShot(ms, loop.quit); loop.exec()
context = AppContext.create(work / "data")
window = build_main_window(context)
window.resize(1280, 800); window.show(); wait(300)
d = window.signing.sign()
d.pdf.setText(str(contract)); d.pdf.editingFinished.emit()
d.certificate.setText(str(helen.p12)); d.reason.setText("I agree to the terms of this agreement"); d.location.setText("London")
wait(200); d.grab().save(str(out / "sign-dialog.png"))
signed = Path(d.output.text()); d._on_sign_clicked(); wait(200)
d.password_dialog.password.setText("secret-secret"); d.password_dialog.grab().save(str(out / "password.png"))
d.password_dialog.password.setText(helen.password); d.password_dialog.accept(); wait(300)

from slaeditor.signing.sign import sign_pdf, SignRequest
both = work / "telecom-contract-countersigned.pdf"
sign_pdf(SignRequest(signed, both, jon.p12, "Meridian - Jonathan Ashworth", "Agreed", "Leeds"), jon.password.encode())
window.open_agreement(both); wait(500)
v = window.signing.verify(str(both)); wait(300)
v.grab().save(str(out / "verify.png"))
v.reject(); wait(300)
window.wizard.go_to("parties"); wait(300)
window.preview.view.pageNavigator().jump(17, __import__("PySide6.QtCore", fromlist=["QPointF"]).QPointF(0, 0), window.preview.view.zoomFactor())
wait(400)
window.grab().save(str(out / "window-signed.png"))
window.forget_changes(); window.close()
print("done")
