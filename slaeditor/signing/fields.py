"""List a PDF's signature fields, empty or signed, where they are and who signed them.

The Sign dialog fills its list from this, the preview draws the fields over the pages, and
`slaeditor sign` names the fields a mistyped --field could have meant. It uses pypdf, which
is light, and reads the document as its latest revision shows it (cryptographic checks are
verify.py's job).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slaeditor.signing import SigningError
from slaeditor.storage.pdf_source import quiet_pypdf

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@dataclass(frozen=True)
class SignatureField:
    """One signature field: its name, page (0-based), rectangle in PDF points, and state."""

    name: str
    page: int
    rect: tuple[float, float, float, float]
    signed: bool
    signer: str = ""
    signed_at: str = ""


def signature_fields(path: Path) -> list[SignatureField]:
    """Return every signature field of a PDF in page order; raise SigningError if unreadable."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with quiet_pypdf():
            reader = PdfReader(path)
            found = [
                field
                for index, page in enumerate(reader.pages)
                for field in _page_fields(page, index)
            ]
    except FileNotFoundError:
        raise SigningError(f"{path}: does not exist; check the folder and the file name") from None
    except OSError as error:
        raise SigningError(f"{path}: cannot be read ({error.strerror or error})") from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise SigningError(f"{path}: is not a PDF that can be read ({error})") from None
    return found


def require_empty_field(path: Path, name: str | None, fields: list[SignatureField]) -> None:
    """Raise SigningError unless `name` is an empty signature field; list the empty ones."""
    empty = [field.name for field in fields if not field.signed]
    choices = ", ".join(f'"{choice}"' for choice in empty) or "none"
    if not name:
        raise SigningError(f"{path}: name the field to sign; the empty ones are: {choices}")
    if name not in {field.name for field in fields}:
        raise SigningError(
            f'{path}: has no signature field "{name}"; the empty ones are: {choices}'
        )
    if name not in empty:
        raise SigningError(
            f'{path}: the field "{name}" is already signed; the empty ones are: {choices}'
        )


def _page_fields(page: Any, index: int) -> Iterator[SignatureField]:
    """Yield the signature widgets annotated on one page."""
    for reference in page.get("/Annots") or []:
        annotation = reference.get_object()
        if annotation.get("/Subtype") != "/Widget":
            continue
        parent = annotation.get("/Parent")
        field = annotation if "/FT" in annotation or parent is None else parent.get_object()
        if field.get("/FT") != "/Sig":
            continue
        value = field.get("/V")
        value = value.get_object() if value is not None else None
        rect = tuple(float(number) for number in annotation.get("/Rect", (0, 0, 0, 0)))
        yield SignatureField(
            name=str(field.get("/T", "")),
            page=index,
            rect=(rect[0], rect[1], rect[2], rect[3]),
            signed=value is not None,
            signer=str(value.get("/Name", "")) if value is not None else "",
            signed_at=_pdf_date(str(value.get("/M", ""))) if value is not None else "",
        )


def _pdf_date(text: str) -> str:
    """Turn a PDF date (D:20261126174549+00'00') into 2026-11-26 17:45."""
    digits = text.removeprefix("D:")
    if len(digits) < 12 or not digits[:12].isdigit():
        return ""
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]} {digits[8:10]}:{digits[10:12]}"
