"""Changes made after signing, in an incremental update that leaves the signed bytes intact.

Appending an update is how a PDF is legitimately countersigned, and also how a signed contract
can be altered without breaking the byte range of its signatures. Verification must report
such a change, and opening the contract must not show an agreement nobody signed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from certs import CUSTOMER_FIELD, PROVIDER_FIELD, identity
from helpers import ROOT
from pypdf import PdfWriter

import slaeditor
from slaeditor.signing.sign import SignRequest, sign_pdf
from slaeditor.signing.verify import format_report, verify_pdf
from slaeditor.storage import AgreementFileError

if TYPE_CHECKING:
    from pathlib import Path

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"


def _signed(tmp_path: Path, contract: Path, *, countersigned: bool = False) -> Path:
    helen = identity(tmp_path, "Helen Marsh", "Albion Connect")
    first = tmp_path / "signed.pdf"
    sign_pdf(SignRequest(contract, first, helen.p12, PROVIDER_FIELD), helen.password.encode())
    if not countersigned:
        return first
    jonathan = identity(tmp_path, "Jonathan Ashworth", "Meridian Freight")
    both = tmp_path / "both.pdf"
    sign_pdf(SignRequest(first, both, jonathan.p12, CUSTOMER_FIELD), jonathan.password.encode())
    return both


def _append_update(signed: Path, target: Path, change: str) -> Path:
    """Append one incremental update to a signed PDF that alters what `change` names."""
    writer = PdfWriter(signed, incremental=True)
    if change == "agreement":
        names = writer._root_object["/Names"]["/EmbeddedFiles"]["/Names"]
        stream = names[1].get_object()["/EF"]["/F"].get_object()
        text = stream.get_data()
        assert b"Albion Connect Communications Limited" in text
        stream.set_data(text.replace(b"Albion Connect Communications", b"Mallory Holdings", 1))
    elif change == "annotation":  # a stamp over the page, as a PDF editor adds one
        from pypdf.annotations import FreeText

        writer.add_annotation(0, FreeText(text="VOID", rect=(50, 50, 250, 100)))
    else:
        page = writer.pages[0]
        content = page["/Contents"].get_object()
        content.set_data(content.get_data() + b"\nq 1 0 0 rg 40 40 200 60 re f Q\n")
    with target.open("wb") as handle:
        writer.write(handle)
    assert target.read_bytes().startswith(signed.read_bytes())  # the signed bytes are untouched
    return target


@pytest.mark.parametrize("change", ["agreement", "page", "annotation"])
@pytest.mark.parametrize("countersigned", [False, True], ids=["one", "two"])
def test_an_update_after_signing_is_reported_as_a_change(
    tmp_path: Path, contract: Path, change: str, countersigned: bool
) -> None:
    signed = _signed(tmp_path, contract, countersigned=countersigned)
    assert verify_pdf(signed).ok
    changed = _append_update(signed, tmp_path / "changed.pdf", change)
    report = verify_pdf(changed)
    assert not report.ok, format_report(report)
    assert len(report.signatures) == (2 if countersigned else 1)
    for check in report.signatures:
        assert check.intact  # the bytes each signer signed are still there ...
        assert check.changed_after and check.change_note.startswith("yes")  # ... but changed
    assert "changed after" in report.summary()


def test_an_agreement_replaced_after_signing_is_not_opened(tmp_path: Path, contract: Path) -> None:
    signed = _signed(tmp_path, contract, countersigned=True)
    assert slaeditor.load_agreement(signed) == slaeditor.load_agreement(TELECOM)
    changed = _append_update(signed, tmp_path / "changed.pdf", "agreement")
    with pytest.raises(AgreementFileError, match="changed after the signature") as raised:
        slaeditor.load_agreement(changed)
    assert str(changed) in str(raised.value)
    assert "verify" in str(raised.value)


def test_a_page_changed_after_signing_still_opens_the_signed_agreement(
    tmp_path: Path, contract: Path
) -> None:
    """The agreement itself is what was signed; verify reports the page change."""
    signed = _signed(tmp_path, contract)
    changed = _append_update(signed, tmp_path / "changed.pdf", "page")
    assert slaeditor.load_agreement(changed) == slaeditor.load_agreement(TELECOM)


def test_the_change_note_is_one_short_line(tmp_path: Path, contract: Path) -> None:
    changed = _append_update(_signed(tmp_path, contract), tmp_path / "changed.pdf", "page")
    (check,) = verify_pdf(changed).signatures
    assert "\n" not in check.change_note and len(check.change_note) < 220
    assert all(len(line) < 240 for line in format_report(verify_pdf(changed)).splitlines())
