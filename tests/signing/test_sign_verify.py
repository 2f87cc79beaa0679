"""Signing and verifying real contract PDFs with real certificates (made in the tests)."""

from __future__ import annotations

import datetime
import random
import re
import subprocess
from typing import TYPE_CHECKING

import pytest
from certs import CUSTOMER_FIELD, PROVIDER_FIELD, identity, issued_identity
from pypdf import PdfReader, PdfWriter

from slaeditor.signing import SigningError
from slaeditor.signing.fields import signature_fields
from slaeditor.signing.sign import SignRequest, sign_pdf
from slaeditor.signing.verify import format_report, verify_pdf

if TYPE_CHECKING:
    from pathlib import Path

    from certs import Identity


def _sign(source: Path, target: Path, who: Identity, field: str, **extra: str) -> Path:
    sign_pdf(SignRequest(source, target, who.p12, field, **extra), who.password.encode())
    return target


def _byte_ranges(path: Path) -> list[tuple[int, int]]:
    """Return the (start, length) pairs of the last signature's /ByteRange."""
    found = re.findall(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", path.read_bytes())
    a, b, c, d = (int(n) for n in found[-1])
    return [(a, b), (c, d)]


def test_a_signed_pdf_verifies(tmp_path: Path, contract: Path) -> None:
    helen = identity(tmp_path, "Helen Marsh", "Albion Connect")
    signed = _sign(contract, tmp_path / "signed.pdf", helen, PROVIDER_FIELD, reason="Agreed")
    report = verify_pdf(signed)
    assert report.ok
    (check,) = report.signatures
    assert check.field == PROVIDER_FIELD
    assert check.signer == "Helen Marsh, Albion Connect"
    assert check.intact and check.whole_document and not check.changed_after
    assert check.signed_at is not None
    assert abs(check.signed_at - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(
        minutes=5
    )
    assert not check.trusted
    assert "self-signed" in check.trust_note
    assert PROVIDER_FIELD not in report.empty_fields
    assert CUSTOMER_FIELD in report.empty_fields
    # the signature is a PAdES one, in the field the renderer placed
    value = next(
        f for f in PdfReader(signed).get_fields().values() if f.get("/T") == PROVIDER_FIELD
    )["/V"]
    assert value["/SubFilter"] == "/ETSI.CAdES.detached"
    assert value["/Reason"] == "Agreed"


def test_signing_appends_to_the_original_bytes(tmp_path: Path, contract: Path) -> None:
    helen = identity(tmp_path, "Helen Marsh", "Albion Connect")
    signed = _sign(contract, tmp_path / "signed.pdf", helen, PROVIDER_FIELD)
    assert signed.read_bytes().startswith(contract.read_bytes())


def test_changing_any_byte_of_the_signed_range_is_reported_broken(
    tmp_path: Path, contract: Path
) -> None:
    helen = identity(tmp_path, "Helen Marsh", "Albion Connect")
    signed = _sign(contract, tmp_path / "signed.pdf", helen, PROVIDER_FIELD)
    data = signed.read_bytes()
    ranges = _byte_ranges(signed)
    assert ranges[1][0] + ranges[1][1] == len(data)  # the signature covers up to the end
    positions = {start for start, _ in ranges} | {start + size - 1 for start, size in ranges}
    rng = random.Random(5)
    for start, size in ranges:
        positions |= {start + rng.randrange(size) for _ in range(12)}
    for position in sorted(positions):
        tampered = bytearray(data)
        tampered[position] ^= 0x01
        target = tmp_path / "tampered.pdf"
        target.write_bytes(bytes(tampered))
        try:
            report = verify_pdf(target)
        except SigningError as error:
            assert "damaged" in str(error), position
            continue
        assert not report.ok, f"byte {position} changed, yet the signature holds"
        assert any(not check.intact for check in report.signatures) or not report.signatures


def test_two_sequential_signatures_both_verify(tmp_path: Path, contract: Path) -> None:
    helen = identity(tmp_path, "Helen Marsh", "Albion Connect")
    jonathan = identity(tmp_path, "Jonathan Ashworth", "Meridian Freight")
    first = _sign(contract, tmp_path / "first.pdf", helen, PROVIDER_FIELD)
    both = _sign(first, tmp_path / "both.pdf", jonathan, CUSTOMER_FIELD, location="Leeds")
    assert both.read_bytes().startswith(first.read_bytes())
    report = verify_pdf(both)
    assert report.ok, format_report(report)
    earlier, later = report.signatures
    assert (earlier.field, later.field) == (PROVIDER_FIELD, CUSTOMER_FIELD)
    assert earlier.signer.startswith("Helen Marsh") and later.signer.startswith("Jonathan")
    assert earlier.intact and later.intact
    assert not earlier.whole_document and later.whole_document
    assert not earlier.changed_after and "later signatures" in earlier.change_note


def test_content_added_after_signing_is_reported_as_a_change(
    tmp_path: Path, contract: Path
) -> None:
    helen = identity(tmp_path, "Helen Marsh", "Albion Connect")
    signed = _sign(contract, tmp_path / "signed.pdf", helen, PROVIDER_FIELD)
    writer = PdfWriter(signed, incremental=True)
    writer.add_blank_page(595, 842)
    changed = tmp_path / "changed.pdf"
    with changed.open("wb") as handle:
        writer.write(handle)
    assert changed.read_bytes().startswith(signed.read_bytes())
    report = verify_pdf(changed)
    (check,) = report.signatures
    assert check.intact  # the signed bytes are untouched ...
    assert check.changed_after and check.change_note.startswith("yes")  # ... but content was added
    assert not report.ok


def test_a_certificate_from_a_trusted_root_is_trusted(tmp_path: Path, contract: Path) -> None:
    helen, root = issued_identity(tmp_path, "Helen Marsh", "Albion Connect")
    signed = _sign(contract, tmp_path / "signed.pdf", helen, PROVIDER_FIELD)
    (untrusted,) = verify_pdf(signed).signatures
    assert not untrusted.trusted and "self-signed" not in untrusted.trust_note
    (trusted,) = verify_pdf(signed, [root]).signatures
    assert trusted.trusted and trusted.trust_note == "yes"


def _files(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


def test_a_wrong_password_is_named_and_nothing_is_written(tmp_path: Path, contract: Path) -> None:
    helen = identity(tmp_path, "Helen Marsh", "Albion Connect")
    before = _files(tmp_path)
    request = SignRequest(contract, tmp_path / "signed.pdf", helen.p12, PROVIDER_FIELD)
    with pytest.raises(SigningError, match="password is wrong") as raised:
        sign_pdf(request, b"not the password")
    assert "not the password" not in str(raised.value)
    assert _files(tmp_path) == before


def test_a_failed_signing_leaves_an_existing_output_untouched(
    tmp_path: Path, contract: Path
) -> None:
    helen = identity(tmp_path, "Helen Marsh", "Albion Connect")
    target = tmp_path / "signed.pdf"
    target.write_bytes(b"the previous file")
    with pytest.raises(SigningError):
        sign_pdf(SignRequest(contract, target, helen.p12, PROVIDER_FIELD), b"wrong")
    assert target.read_bytes() == b"the previous file"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a certificate", "is not a PKCS#12 certificate file"),
        (b"", "is not a PKCS#12 certificate file"),
    ],
)
def test_a_broken_certificate_file_is_named_and_nothing_is_written(
    tmp_path: Path, contract: Path, content: bytes, message: str
) -> None:
    broken = tmp_path / "broken.p12"
    broken.write_bytes(content)
    before = _files(tmp_path)
    with pytest.raises(SigningError, match=message) as raised:
        sign_pdf(SignRequest(contract, tmp_path / "out.pdf", broken, PROVIDER_FIELD), b"x")
    assert str(broken) in str(raised.value)
    assert _files(tmp_path) == before


def test_a_truncated_certificate_file_is_named(tmp_path: Path, contract: Path) -> None:
    helen = identity(tmp_path, "Helen Marsh", "Albion Connect")
    cut = tmp_path / "cut.p12"
    cut.write_bytes(helen.p12.read_bytes()[:200])
    with pytest.raises(SigningError, match=r"cut\.p12"):
        sign_pdf(SignRequest(contract, tmp_path / "out.pdf", cut, PROVIDER_FIELD), b"x")
    assert not (tmp_path / "out.pdf").exists()


def test_an_unknown_field_lists_the_empty_ones(tmp_path: Path, contract: Path) -> None:
    helen = identity(tmp_path, "Helen Marsh", "Albion Connect")
    with pytest.raises(SigningError, match="has no signature field") as raised:
        _sign(contract, tmp_path / "out.pdf", helen, "Nobody")
    assert PROVIDER_FIELD in str(raised.value) and CUSTOMER_FIELD in str(raised.value)


def test_a_signed_field_cannot_be_signed_again(tmp_path: Path, contract: Path) -> None:
    helen = identity(tmp_path, "Helen Marsh", "Albion Connect")
    signed = _sign(contract, tmp_path / "signed.pdf", helen, PROVIDER_FIELD)
    with pytest.raises(SigningError, match="already signed"):
        _sign(signed, tmp_path / "again.pdf", helen, PROVIDER_FIELD)
    assert not (tmp_path / "again.pdf").exists()


def test_a_pdf_without_signatures_does_not_pass(contract: Path) -> None:
    report = verify_pdf(contract)
    assert report.signatures == [] and not report.ok
    assert "no signatures" in report.summary()
    assert len(report.empty_fields) == 4


def test_the_signed_field_shows_who_signed(tmp_path: Path, contract: Path) -> None:
    """What a reader sees: the field drawn green with dark writing, and no font added."""
    from PIL import Image

    helen = identity(tmp_path, "Helen Marsh", "Albion Connect")
    signed = _sign(contract, tmp_path / "signed.pdf", helen, PROVIDER_FIELD)
    field = next(f for f in signature_fields(signed) if f.name == PROVIDER_FIELD)
    assert field.signed and field.signer == "Helen Marsh"
    widget = next(
        a.get_object()
        for a in PdfReader(signed).pages[field.page]["/Annots"]
        if a.get_object().get("/T") == PROVIDER_FIELD
    )
    appearance = widget["/AP"]["/N"].get_object()
    assert "/Font" not in appearance.get("/Resources", {})  # PDF/A: no unembedded font
    subprocess.run(
        [
            *("pdftoppm", "-f", str(field.page + 1), "-l", str(field.page + 1)),
            *("-r", "72", "-png", str(signed), str(tmp_path / "page")),
        ],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    x0, y0, x1, y1 = field.rect
    box = (int(x0) + 4, int(image.height - y1) + 2, int(x1) - 2, int(image.height - y0) - 2)
    raw = image.crop(box).tobytes()
    pixels = [(raw[i], raw[i + 1], raw[i + 2]) for i in range(0, len(raw), 3)]
    greenish = sum(1 for r, g, b in pixels if g > r + 6 and g > b + 6 and g > 200)
    dark = sum(1 for r, g, b in pixels if r + g + b < 300)
    assert greenish > len(pixels) * 0.5  # the signed tint fills the field
    assert dark > 30  # and there is writing on it


def test_report_text_names_every_line(tmp_path: Path, contract: Path) -> None:
    helen = identity(tmp_path, "Helen Marsh", "Albion Connect")
    signed = _sign(contract, tmp_path / "signed.pdf", helen, PROVIDER_FIELD)
    text = format_report(verify_pdf(signed))
    for label in ("signer:", "signing time:", "intact:", "covers whole document:"):
        assert label in text
    assert "changed after signing:  no" in text
    assert "self-signed" in text
    assert (
        text.splitlines()[-1]
        == "The signature is intact and the document was not changed after signing"
    )


def _damaged_copies(signed: Path, folder: Path) -> list[Path]:
    """Copies of signed with one object or cross-reference stream's compressed body garbled.

    pyHanko reads these lazily, so damage surfaces deep inside it as zlib or parser errors.
    """
    data = signed.read_bytes()
    copies = []
    for found in re.finditer(rb"<<([^<>]|<[0-9a-f]*>|<<[^<>]*>>)*?>>\s*stream\r?\n", data):
        head = found.group(0)
        if b"/ObjStm" not in head and b"/XRef" not in head and b"/W [" not in head:
            continue
        damaged = bytearray(data)
        damaged[found.end() + 20 : found.end() + 30] = bytes(10)
        copy = folder / f"damaged-{len(copies)}.pdf"
        copy.write_bytes(bytes(damaged))
        copies.append(copy)
    return copies


def test_a_damaged_pdf_gets_a_message_from_sign_and_verify(tmp_path: Path, contract: Path) -> None:
    helen = identity(tmp_path, "Helen Marsh", "Albion Connect")
    jonathan = identity(tmp_path, "Jonathan Ashworth", "Meridian Freight")
    signed = _sign(contract, tmp_path / "signed.pdf", helen, PROVIDER_FIELD)
    copies = _damaged_copies(signed, tmp_path)
    assert len(copies) >= 3  # the object stream and both revisions' cross-reference streams
    for copy in copies:
        try:
            assert not verify_pdf(copy).ok, copy.name
        except SigningError as error:
            assert "damaged" in str(error) and str(copy) in str(error)
        target = tmp_path / "countersigned.pdf"
        try:
            _sign(copy, target, jonathan, CUSTOMER_FIELD)
        except SigningError as error:
            assert str(copy) in str(error)
            assert not target.exists()
        else:
            assert not verify_pdf(target).ok  # signed, but the damage shows
            target.unlink()
