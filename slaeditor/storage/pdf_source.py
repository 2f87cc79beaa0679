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
import re
from typing import TYPE_CHECKING, Any

from slaeditor.embedded import SOURCE_NAME
from slaeditor.regular_file import check_regular, read_regular
from slaeditor.storage.errors import MAX_FILE_BYTES, AgreementFileError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


_HEADER_WINDOW = 1024
"""PDF readers accept the %PDF- header anywhere in the first kilobyte."""
MAX_PDF_BYTES = 200_000_000
_MAX_FIELDS = 1000
"""More form fields than any contract has; a field tree larger than this is refused."""
_MAX_SIGNED_REVISIONS = 64
"""More signed revisions than any contract has; a file with more is refused, not read 64 times."""
_BYTE_RANGE = re.compile(
    rb"/ByteRange\s*\[\s*(\d{1,15})\s+(\d{1,15})\s+(\d{1,15})\s+(\d{1,15})\s*\]"
)
"""A signature's byte range as written in the file: offset and length of the two signed runs."""


class UndecidableSignatures(Exception):
    """A PDF built so that what its signatures cover cannot be judged; it is not opened."""


def is_pdf(path: Path) -> bool:
    """Tell whether a file is a PDF by its header, whatever its name ends with."""
    try:
        check_regular(path)  # a pipe would block the read; the YAML reader names what it is
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
        data = read_regular(path, limit=MAX_PDF_BYTES)
        with quiet_pypdf():
            chosen, signed = _agreement_in(data, latest=True)
            changed_after = _first_changed_signature(data, chosen, signed)
    except AgreementFileError:
        raise
    except UndecidableSignatures as error:
        raise AgreementFileError(name, str(error)) from None
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
            f"carries an agreement that was changed after {changed_after} was made, so it is "
            "not what was signed; check it with `slaeditor verify` or File > "
            "Verify Signatures and ask the signers for the original",
        )
    try:
        return chosen.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise AgreementFileError(
            name, f"carries an embedded agreement that is not UTF-8 text ({error.reason})"
        ) from None


def _agreement_in(data: bytes, *, latest: bool = False) -> tuple[bytes | None, dict[int, str]]:
    """Return the embedded agreement of a PDF revision and, for the latest, its signed revisions.

    The signed revisions map the end of the bytes a signature covers to its field's name: the
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
    return text, (_signed_revisions(reader, len(data)) if latest else {})


def _first_changed_signature(
    data: bytes, chosen: bytes | None, named: dict[int, str]
) -> str | None:
    """Name the first signature whose revision carries another agreement than the file's last.

    Signed revisions are found from the byte ranges written in the file, not from its form
    fields, so a field tree that loops or hides a signature cannot skip one; a revision that
    cannot be read, or more signed revisions than any contract has, counts as changed.
    """
    ends = sorted({*_byte_range_ends(data), *named})
    if len(ends) > _MAX_SIGNED_REVISIONS:
        return f"one of its {len(ends)} signatures (more signed revisions than any contract has)"
    for end in ends:
        try:
            signed = _agreement_in(data[:end])[0]
        except Exception:  # a revision pypdf cannot read cannot show what was signed
            signed = None
        if signed != chosen:
            return f'the signature "{named[end]}"' if end in named else "a signature"
    return None


def _byte_range_ends(data: bytes) -> set[int]:
    """Return where each signature's signed bytes end, for signatures that leave bytes after."""
    ends = set()
    for match in _BYTE_RANGE.finditer(data):
        end = int(match[3]) + int(match[4])
        if 0 < end < len(data):
            ends.add(end)
    return ends


def _signed_revisions(reader: Any, size: int) -> dict[int, str]:
    """Return {end of signed bytes: field name} for each signature field that leaves bytes after.

    Each field is visited once (a field listed among its own kids is not walked again); a tree
    larger than any contract's is refused, since what it hides cannot be judged.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    form = reader.trailer["/Root"].get("/AcroForm")
    form = form.get_object() if form is not None else None
    pending = list(form.get("/Fields") or []) if isinstance(form, DictionaryObject) else []
    found: dict[int, str] = {}
    seen: set[tuple[int, int]] = set()
    while pending:
        reference = pending.pop()
        if isinstance(reference, IndirectObject):
            if (reference.idnum, reference.generation) in seen:
                continue
            seen.add((reference.idnum, reference.generation))
        if len(seen) > _MAX_FIELDS:
            raise UndecidableSignatures(
                f"has more than {_MAX_FIELDS:,} form fields, which no contract has, so what "
                "its signatures cover cannot be judged"
            )
        field = reference.get_object()
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
                found.setdefault(end, str(field.get("/T", "")))
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
