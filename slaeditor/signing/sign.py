"""Sign a contract PDF into one of its empty signature fields (PAdES baseline B-B).

The signature is appended as an incremental update: the bytes an earlier signer signed stay
exactly as they were, so a countersignature leaves the first signature valid. Everything that
can fail (the certificate, its password, the PDF, the field) is checked before anything is
written, and the signed PDF is written atomically, so a failure never leaves half a file.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from slaeditor.atomic import atomic_write_bytes
from slaeditor.signing import SigningError
from slaeditor.signing.certificates import load_signer, read_certificate_file
from slaeditor.signing.fields import SignatureField, require_empty_field

if TYPE_CHECKING:
    from pathlib import Path

MAX_PDF_BYTES = 200_000_000


@dataclass(frozen=True)
class SignRequest:
    """What to sign, with which certificate, into which field, and why."""

    source: Path
    target: Path
    certificate: Path
    field: str
    reason: str = ""
    location: str = ""


@dataclass(frozen=True)
class Signed:
    """What was signed: the file written, the field, and the signer's name."""

    target: Path
    field: str
    signer: str
    signed_at: datetime.datetime


def read_pdf(path: Path) -> bytes:
    """Read the PDF to sign, naming it in any error."""
    try:
        if path.stat().st_size > MAX_PDF_BYTES:
            raise SigningError(f"{path}: is too large to be a contract PDF")
        data = path.read_bytes()
    except FileNotFoundError:
        raise SigningError(f"{path}: does not exist; check the folder and the file name") from None
    except IsADirectoryError:
        raise SigningError(f"{path}: is a folder; choose the contract PDF") from None
    except OSError as error:
        raise SigningError(f"{path}: cannot be read ({error.strerror or error})") from None
    if b"%PDF-" not in data[:1024]:
        raise SigningError(
            f"{path}: is not a PDF (it does not start like one); it is damaged or another "
            "kind of file"
        )
    return data


def check_inputs(request: SignRequest) -> tuple[bytes, bytes]:
    """Read the PDF and the certificate file before a password is asked for."""
    if request.target.is_dir():
        raise SigningError(f"{request.target}: is a folder; give a file name ending in .pdf")
    if not request.target.parent.is_dir():
        raise SigningError(f"{request.target}: the folder {request.target.parent} does not exist")
    return read_pdf(request.source), read_certificate_file(request.certificate)


_USED_MODULES = (
    "pyhanko.pdf_utils.incremental_writer",
    "pyhanko.sign.fields",
    "pyhanko.sign.signers",
    "pyhanko.sign.validation",
    "pyhanko_certvalidator",
)


def preload() -> None:
    """Load what a first signature or verification needs, ahead of the request.

    pyHanko (with the network client it always imports) and the signature's font take about
    0.4 s to load the first time; the Sign dialog has this done in a thread while the user
    picks a certificate and types the password, so the click on Sign does not wait for it.
    """
    import importlib

    # imported here: the appearance module imports pyHanko (~400 ms), needed only to sign
    from slaeditor.signing.appearance import text_width

    for module in _USED_MODULES:
        importlib.import_module(module)

    text_width("Signed", 9)  # finds and parses the font once per process


def sign_pdf(request: SignRequest, password: bytes) -> Signed:
    """Sign the request's field and write the signed PDF; raise SigningError on any problem.

    The password opens the certificate file for this call only.
    """
    pdf, certificate = check_inputs(request)
    signer = load_signer(request.certificate, certificate, password)
    name = signer.subject_name or "the signer"
    signed_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    output = io.BytesIO()
    try:
        writer = _open_writer(request.source, pdf)
        _check_field(request, writer)
        _sign(request, writer, signer, _common_name(signer) or name, signed_at, output)
    except SigningError:
        raise
    except Exception as error:  # pyHanko reads lazily: a damaged object fails in many ways
        raise SigningError(
            f"{request.source}: is damaged and cannot be signed ({type(error).__name__}: "
            f"{error}); nothing was written"
        ) from None
    try:
        atomic_write_bytes(request.target, output.getvalue())
    except OSError as error:
        raise SigningError(
            f"{request.target}: could not be written ({error.strerror or error}); "
            "nothing was changed"
        ) from None
    return Signed(request.target, request.field, _common_name(signer) or name, signed_at)


def _open_writer(path: Path, pdf: bytes) -> object:
    """Open the PDF for an incremental update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as error:
        raise SigningError(f"{path}: is damaged and cannot be signed ({error})") from None
    if writer.prev.encrypted:
        raise SigningError(f"{path}: is encrypted; signing encrypted PDFs is not supported")
    return writer


def _check_field(request: SignRequest, writer: object) -> None:
    """Make sure the named field exists and is still empty, as pyHanko reads the file."""
    from pyhanko.sign.fields import enumerate_sig_fields

    found = [
        SignatureField(str(name), -1, (0, 0, 0, 0), value is not None)
        for name, value, _ in enumerate_sig_fields(writer.prev)  # type: ignore[attr-defined]
    ]
    require_empty_field(request.source, request.field, found)


def _sign(
    request: SignRequest,
    writer: object,
    signer: object,
    name: str,
    signed_at: datetime.datetime,
    output: io.BytesIO,
) -> None:
    """Let pyHanko write the signature into the field, with our appearance."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError as HankoSigningError

    # imported here, as above: pyHanko
    from slaeditor.signing.appearance import SignedLook

    details = [f"{signed_at:%d %b %Y, %H:%M} UTC"]
    why = " · ".join(
        part
        for part in (
            f"Reason: {request.reason}" if request.reason else "",
            request.location,
        )
        if part
    )
    if why:
        details.append(why)
    meta = signers.PdfSignatureMetadata(
        field_name=request.field,
        name=name,
        reason=request.reason or None,
        location=request.location or None,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    look = SignedLook(headline=f"Digitally signed by {name}", details=tuple(details))
    pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=look)  # type: ignore[arg-type]
    try:
        pdf_signer.sign_pdf(writer, output=output)  # type: ignore[arg-type]
    except (HankoSigningError, PdfError, ValueError) as error:
        raise SigningError(f"{request.source}: could not be signed ({error})") from None


def _common_name(signer: object) -> str:
    """Return the signing certificate's common name (the person), if it has one."""
    certificate = getattr(signer, "signing_cert", None)
    if certificate is None:
        return ""
    try:
        return str(certificate.subject.native.get("common_name", ""))
    except (AttributeError, ValueError):
        return ""
