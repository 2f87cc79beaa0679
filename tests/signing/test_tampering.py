"""Changes made after signing, in an incremental update that leaves the signed bytes intact.

Appending an update is how a PDF is legitimately countersigned, and also how a signed contract
can be altered without breaking the byte range of its signatures. Verification must report
such a change, and opening the contract must not show an agreement nobody signed.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pytest
from certs import CUSTOMER_FIELD, PROVIDER_FIELD, Identity, identity
from helpers import ROOT
from pypdf import PdfReader, PdfWriter

import slaeditor
from slaeditor.cli.main import main
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


def _shadow_signed(signed: Path, target: Path, who: Identity) -> Path:
    """Sign in a new field of one's own, its opaque stamp drawn over text the first signer saw."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    signer = signers.SimpleSigner.load_pkcs12(str(who.p12), passphrase=who.password.encode())
    assert signer is not None
    with signed.open("rb") as handle:
        writer = IncrementalPdfFileWriter(handle, strict=False)
        pdf_signer = signers.PdfSigner(
            signers.PdfSignatureMetadata(field_name="Shadow"),
            signer=signer,
            stamp_style=TextStampStyle(stamp_text="95.0%%", border_width=0),
            new_field_spec=fields.SigFieldSpec("Shadow", on_page=1, box=(60, 400, 300, 460)),
        )
        output = io.BytesIO()
        pdf_signer.sign_pdf(writer, output=output)
    target.write_bytes(output.getvalue())
    return target


def test_a_later_signature_in_a_new_field_over_the_text_is_a_change(
    tmp_path: Path, contract: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    signed = _signed(tmp_path, contract)
    mallory = identity(tmp_path, "Mallory", "Mallory Holdings")
    shadowed = _shadow_signed(signed, tmp_path / "shadowed.pdf", mallory)

    assert main(["verify", str(shadowed), "--allow-untrusted"]) == 1
    assert "Shadow" in capsys.readouterr().out
    first, later = verify_pdf(shadowed).signatures
    assert first.intact and first.changed_after
    assert "did not have when it was signed" in first.change_note
    assert later.field == "Shadow" and later.ok  # nothing was changed after the last one


def test_countersigning_in_the_contracts_own_field_is_still_no_change(
    tmp_path: Path, contract: Path
) -> None:
    both = _signed(tmp_path, contract, countersigned=True)

    assert main(["verify", str(both), "--allow-untrusted"]) == 0


def _looping_field_tree(signed: Path, target: Path, *, many: int = 0) -> Path:
    """Replace the agreement and add a field that lists itself among its kids (or `many` fields)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    changed = _append_update(signed, target.parent / "replaced.pdf", "agreement")
    with changed.open("rb") as handle:
        writer = IncrementalPdfFileWriter(handle, strict=False)
        form_reference = writer.root.raw_get("/AcroForm")
        form = form_reference.get_object()
        listed = form["/Fields"]
        for number in range(max(many, 1)):
            field = generic.DictionaryObject(
                {generic.NameObject("/T"): generic.TextStringObject(f"loop {number}")}
            )
            reference = writer.add_object(field)
            if not many:
                field[generic.NameObject("/Kids")] = generic.ArrayObject([reference])
            listed.append(reference)  # read first: the walk takes the last entry first
        writer.update_root()
        if isinstance(form_reference, generic.IndirectObject):
            writer.mark_update(form_reference)
        output = io.BytesIO()
        writer.write(output)
    target.write_bytes(output.getvalue())
    return target


@pytest.mark.parametrize("many", [0, 1500], ids=["a field among its own kids", "1,500 fields"])
def test_a_field_tree_built_to_hide_a_signature_does_not_open_a_replaced_agreement(
    tmp_path: Path, contract: Path, many: int
) -> None:
    signed = _signed(tmp_path, contract)
    hostile = _looping_field_tree(signed, tmp_path / "hostile.pdf", many=many)

    fields = PdfReader(hostile).trailer["/Root"]["/AcroForm"].get_object()["/Fields"]
    assert fields[-1].get_object()["/T"].startswith("loop")  # pypdf reads the hostile tree
    with pytest.raises(AgreementFileError) as raised:
        slaeditor.load_agreement(hostile)
    assert str(hostile) in str(raised.value)
    assert main(["validate", str(hostile)]) != 0
