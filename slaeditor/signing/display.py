"""A copy of a signed PDF for viewers that do not draw form fields, with the signatures drawn.

Qt's PDF view (the preview) draws page content but no form-field appearances, so a signed
contract would look unsigned there. This writes a display copy in which each signed field's
own appearance (the picture a PDF reader shows) is painted into its page. The copy is only
ever shown, never signed or saved as the contract: painting into the pages is exactly the kind
of change a signature check would report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slaeditor.signing import SigningError
from slaeditor.storage.pdf_source import quiet_pypdf

if TYPE_CHECKING:
    from pathlib import Path


def write_display_copy(source: Path, target: Path) -> int:
    """Write source to target with signed fields painted in; return how many were painted."""
    from pypdf import PdfWriter
    from pypdf.errors import PyPdfError

    try:
        with quiet_pypdf():
            writer = PdfWriter(clone_from=source)
            painted = 0
            for page in writer.pages:
                painted += _paint_page(writer, page, painted)
            with target.open("wb") as handle:
                writer.write(handle)
    except OSError as error:
        raise SigningError(f"{source}: cannot be shown ({error.strerror or error})") from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise SigningError(f"{source}: is not a PDF that can be shown ({error})") from None
    return painted


def _paint_page(writer: Any, page: Any, first: int) -> int:
    """Paint the appearance of every signed signature field of one page into its content.

    Pages often share one resources dictionary, so the names given to the appearances are
    numbered across the document (`first` is the number of those painted before).
    """
    from pypdf.generic import ContentStream, DictionaryObject, NameObject

    operations: list[bytes] = []
    for reference in page.get("/Annots") or []:
        widget = reference.get_object()
        parent = widget.get("/Parent")
        field = widget if "/FT" in widget or parent is None else parent.get_object()
        appearance = (widget.get("/AP") or {}).get("/N")
        if field.get("/FT") != "/Sig" or field.get("/V") is None or appearance is None:
            continue
        name = NameObject(f"/SlaEditorSignature{first + len(operations)}")
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else DictionaryObject()
        page[NameObject("/Resources")] = resources
        xobjects = resources.get("/XObject")
        xobjects = xobjects.get_object() if xobjects is not None else DictionaryObject()
        resources[NameObject("/XObject")] = xobjects
        xobjects[name] = appearance.indirect_reference or appearance
        operations.append(_placement(widget, appearance.get_object(), name))
    if not operations:
        return 0
    original = page.get_contents()
    data = original.get_data() if original is not None else b""
    content = ContentStream(None, writer)
    content.set_data(b"q\n" + data + b"\nQ\n" + b"\n".join(operations))
    page.replace_contents(content)
    return len(operations)


def _placement(widget: Any, appearance: Any, name: str) -> bytes:
    """Return the operators that draw a field appearance (its BBox) onto the widget's Rect."""
    x0, y0, x1, y1 = (float(n) for n in widget["/Rect"])
    x0, x1 = sorted((x0, x1))
    y0, y1 = sorted((y0, y1))
    box = [float(n) for n in appearance.get("/BBox", (0, 0, x1 - x0, y1 - y0))]
    bx0, bx1 = sorted((box[0], box[2]))  # a rectangle may list its corners either way round
    by0, by1 = sorted((box[1], box[3]))
    sx = (x1 - x0) / ((bx1 - bx0) or 1)
    sy = (y1 - y0) / ((by1 - by0) or 1)
    return b"q %.4f 0 0 %.4f %.2f %.2f cm %s Do Q" % (
        sx,
        sy,
        x0 - bx0 * sx,
        y0 - by0 * sy,
        name.encode("ascii"),
    )
