"""Read the agreement a contract PDF carries, so a signed contract can be opened again.

Every PDF the tool writes embeds its agreement file as an associated file (render/archive.py).
Opening such a PDF (File > Open, `slaeditor validate contract.pdf`, `load_agreement`) reads
that file back; a PDF without one gets a message that says what to open instead. pypdf does
the reading: it is light, already a dependency, and needs no signing library.

A PDF is untrusted input (it arrives by e-mail), so every failure of the PDF reader becomes a
message naming the file, the embedded text is held to the size limit of an agreement file, and
a signed contract whose agreement was replaced by a later incremental update is refused: a
reader would otherwise be shown terms that nobody signed.
"""

from __future__ import annotations

import contextlib
import io
import logging
from typing import TYPE_CHECKING, Any

from slaeditor.storage.errors import MAX_FILE_BYTES, AgreementFileError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

SOURCE_NAME = "agreement.sla.yaml"
"""The name the agreement is embedded under."""

_HEADER_WINDOW = 1024
"""PDF readers accept the %PDF- header anywhere in the first kilobyte."""
MAX_PDF_BYTES = 200_000_000
_MAX_FIELDS = 1000
"""More form fields than any contract has; a hostile field tree is not walked further."""


def is_pdf(path: Path) -> bool:
    """Tell whether a file is a PDF by its header, whatever its name ends with."""
    try:
        with path.open("rb") as handle:
            return b"%PDF-" in handle.read(_HEADER_WINDOW)
    except OSError:
        return False  # the YAML reader reports a missing or unreadable file in its own words


def embedded_agreement_text(path: Path, name: str) -> str:
    """Return the text of the agreement embedded in a contract PDF.

    Raises AgreementFileError (naming the file) when the PDF cannot be read, carries none,
    carries one too large to be an agreement, or carries one changed after it was signed.
    """
    try:
        if path.stat().st_size > MAX_PDF_BYTES:
            raise AgreementFileError(name, "is too large to be a contract made by SLA Editor")
        data = path.read_bytes()
        with quiet_pypdf():
            chosen, signed = _agreement_in(data, latest=True)
            # one parse per signed revision, however many fields claim to end there
            ends = {end: field for field, end in reversed(signed)}
            changed_after = next(
                (ends[end] for end in sorted(ends) if _agreement_in(data[:end])[0] != chosen),
                None,
            )
    except AgreementFileError:
        raise
    except OSError as error:
        raise AgreementFileError(
            name, f"cannot be read: {(error.strerror or str(error)).lower()}"
        ) from None
    except Exception as error:  # pypdf raises many types for a damaged or hostile PDF
        raise AgreementFileError(
            name,
            f"is a PDF that cannot be read ({type(error).__name__}: {error}); it may be damaged",
        ) from None
    if chosen is None:
        raise AgreementFileError(
            name,
            "is a PDF without an embedded agreement, so there is nothing to open; only "
            "contracts exported by SLA Editor carry their agreement — open the agreement's "
            ".sla.yaml file instead",
        )
    if len(chosen) > MAX_FILE_BYTES:
        raise AgreementFileError(
            name,
            f"carries an embedded agreement of {len(chosen) / 1_000_000:.0f} MB; agreement "
            "files are a few kilobytes, so this PDF was not made by SLA Editor or was altered",
        )
    if changed_after is not None:
        raise AgreementFileError(
            name,
            f'carries an agreement that was changed after the signature "{changed_after}" was '
            "made, so it is not what was signed; check it with `slaeditor verify` or File > "
            "Verify Signatures and ask the signers for the original",
        )
    try:
        return chosen.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise AgreementFileError(
            name, f"carries an embedded agreement that is not UTF-8 text ({error.reason})"
        ) from None


def _agreement_in(data: bytes, *, latest: bool = False) -> tuple[bytes | None, list[Any]]:
    """Return the embedded agreement of a PDF revision and, for the latest, its signed revisions.

    The signed revisions are (field name, end of the bytes the signature covers) pairs: the
    file cut there is the document as that signer saw it.
    """
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    attachments = reader.attachments
    found = {key: attachments[key] for key in attachments}
    chosen = found.get(SOURCE_NAME) or next(
        (value for key, value in found.items() if key.endswith((".sla.yaml", ".sla.yml"))), None
    )
    text = bytes(chosen[-1]) if chosen else None
    return text, (_signed_revisions(reader, len(data)) if latest else [])


def _signed_revisions(reader: Any, size: int) -> list[tuple[str, int]]:
    """Return (field, end of signed bytes) for each signature that leaves later bytes unsigned."""
    from pypdf.generic import ArrayObject, DictionaryObject

    form = reader.trailer["/Root"].get("/AcroForm")
    form = form.get_object() if form is not None else None
    pending = list(form.get("/Fields") or []) if isinstance(form, DictionaryObject) else []
    found: list[tuple[str, int]] = []
    seen = 0
    while pending and seen < _MAX_FIELDS:
        seen += 1
        field = pending.pop().get_object()
        if not isinstance(field, DictionaryObject):
            continue
        kids = field.get("/Kids")
        if isinstance(kids, ArrayObject):
            pending += list(kids)
        value = field.get("/V")
        value = value.get_object() if value is not None else None
        ranges = value.get("/ByteRange") if isinstance(value, DictionaryObject) else None
        if isinstance(ranges, ArrayObject) and len(ranges) == 4:
            end = int(ranges[2]) + int(ranges[3])
            if 0 < end < size:
                found.append((str(field.get("/T", "")), end))
    return found


@contextlib.contextmanager
def quiet_pypdf() -> Iterator[None]:
    """Keep pypdf's repair warnings off the terminal: the error message says it all."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def source_label(name: str) -> str:
    """Name the embedded agreement in messages: the PDF and the file inside it."""
    return f"{name} (its embedded {SOURCE_NAME})"
