"""Read the agreement a contract PDF carries, so a signed contract can be opened again.

Every PDF the tool writes embeds its agreement file as an associated file (render/archive.py).
Opening such a PDF (File > Open, `slaeditor validate contract.pdf`, `load_agreement`) reads
that file back; a PDF without one gets a message that says what to open instead. pypdf does
the reading: it is light, already a dependency, and needs no signing library.
"""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

SOURCE_NAME = "agreement.sla.yaml"
"""The name the agreement is embedded under."""

_HEADER_WINDOW = 1024
"""PDF readers accept the %PDF- header anywhere in the first kilobyte."""
MAX_PDF_BYTES = 200_000_000


def is_pdf(path: Path) -> bool:
    """Tell whether a file is a PDF by its header, whatever its name ends with."""
    try:
        with path.open("rb") as handle:
            return b"%PDF-" in handle.read(_HEADER_WINDOW)
    except OSError:
        return False  # the YAML reader reports a missing or unreadable file in its own words


def embedded_agreement_text(path: Path, name: str) -> str:
    """Return the text of the agreement embedded in a contract PDF.

    Raises AgreementFileError (naming the file) when the PDF cannot be read or carries none.
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    from slaeditor.storage.files import AgreementFileError

    try:
        if path.stat().st_size > MAX_PDF_BYTES:
            raise AgreementFileError(name, "is too large to be a contract made by SLA Editor")
        with quiet_pypdf():
            attachments = PdfReader(path).attachments
            found = {key: attachments[key] for key in attachments}
    except (PyPdfError, ValueError, KeyError, TypeError) as error:
        raise AgreementFileError(
            name, f"is a PDF that cannot be read ({error}); it may be damaged"
        ) from None
    except OSError as error:
        raise AgreementFileError(
            name, f"cannot be read: {(error.strerror or str(error)).lower()}"
        ) from None
    chosen = found.get(SOURCE_NAME) or next(
        (data for key, data in found.items() if key.endswith((".sla.yaml", ".sla.yml"))), None
    )
    if not chosen:
        raise AgreementFileError(
            name,
            "is a PDF without an embedded agreement, so there is nothing to open; only "
            "contracts exported by SLA Editor carry their agreement — open the agreement's "
            ".sla.yaml file instead",
        )
    try:
        return chosen[-1].decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise AgreementFileError(
            name, f"carries an embedded agreement that is not UTF-8 text ({error.reason})"
        ) from None


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
