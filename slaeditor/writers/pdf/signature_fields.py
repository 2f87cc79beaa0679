"""Empty signature fields in the PDF, one per signatory, laid over that signatory's block.

A reader or an e-signature service offers "sign here" only where the PDF has a signature
field (AcroForm /Sig), so every signatory gets one, named after the party and the person. The
field must sit where the block was laid out, which only the layout knows: the skeleton gives
each signatory's signature cell an id (`person.anchor`), WeasyPrint lays the document out, and
the boxes of those cells give the page and rectangle of each field. The fields are then added
to WeasyPrint's own PDF object tree just before it writes the file, so the PDF is written once.

WeasyPrint and pydyf are imported by the caller (render/pdf.py); this module only receives
their objects.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from slaeditor.templating.blocks import Contract, SignatoryLine

PX_TO_PT = 0.75
"""WeasyPrint lays out in CSS pixels (96 per inch); PDF user space has 72 points per inch."""


# The look of an empty field: a pale tint over the signature cell, so the place to sign shows
# in any viewer (and on paper), with a darker rule on its left edge like a "sign here" tab.
_FILL = "0.925 0.949 0.984"
_ACCENT = "0.357 0.478 0.690"


@dataclass(frozen=True)
class FieldSpot:
    """Where one signature field goes: page index, rectangle in PDF points (origin bottom left)."""

    name: str
    tooltip: str
    page: int
    rect: tuple[float, float, float, float]


class MissingAnchorError(Exception):
    """The skeleton laid out a signatory without the id its signature field is placed by."""


def locate_fields(document: Any, contract: Contract) -> list[FieldSpot]:
    """Find the signatories' signature cells in WeasyPrint's layout; return their field spots.

    Only the cells laid out in `document` are returned (a contract laid out in parts has
    them in one part); `check_found` then tells whether every signatory got one.
    """
    wanted = {person.anchor: (party, person) for party, person in contract.signatories()}
    found: dict[str, FieldSpot] = {}
    for index, page in enumerate(document.pages):
        height_pt = page.height * PX_TO_PT
        for box in page._page_box.descendants():
            element = box.element
            anchor = element.get("id") if element is not None and box.element_tag else None
            if anchor not in wanted or anchor in found or box.element_tag.startswith("::"):
                continue
            party, person = wanted[anchor]
            x, y = box.border_box_x(), box.border_box_y()
            width = box.border_width()
            height = box.border_height() - box.border_bottom_width  # keep the signing line
            rect = (  # rounded outwards to 1/100 pt: the field never falls short of its cell
                math.floor(x * PX_TO_PT * 100) / 100,
                math.floor((height_pt - (y + height) * PX_TO_PT) * 100) / 100,
                math.ceil((x + width) * PX_TO_PT * 100) / 100,
                math.ceil((height_pt - y * PX_TO_PT) * 100) / 100,
            )
            found[anchor] = FieldSpot(person.field, _tooltip(party, person), index, rect)
    return [found[p.anchor] for _, p in contract.signatories() if p.anchor in found]


def check_found(contract: Contract, names: set[str]) -> None:
    """Raise MissingAnchorError for the first signatory whose field was not placed."""
    missing = [
        (party, person) for party, person in contract.signatories() if person.field not in names
    ]
    if missing:
        party, person = missing[0]
        who = person.name or "a signatory"
        raise MissingAnchorError(
            f"the signature block of {who} ({party}) has no element with id "
            f'"{person.anchor}", so its signature field cannot be placed; give the signature '
            'cell id="{{ person.anchor }}" as the standard pack does'
        )


def _tooltip(party: str, person: SignatoryLine) -> str:
    """Describe the field for screen readers and reader tooltips (/TU)."""
    who = person.name or "the signatory"
    capacity = f", {person.title}," if person.title else ""
    return f"Signature of {who}{capacity} for {party}"


def add_fields(pdf: Any, spots: list[FieldSpot]) -> None:
    """Add an empty signature field per spot to a pydyf PDF (WeasyPrint's finisher step).

    Each field is also its widget annotation, printable (/F 4) and with an appearance stream,
    as PDF/A requires of every annotation.
    """
    import pydyf

    if not spots:
        return
    pages = pdf.page_references
    fields = pydyf.Array()
    for spot in spots:
        x0, y0, x1, y1 = spot.rect
        appearance = pydyf.Stream(
            [_appearance(x1 - x0, y1 - y0)],
            {
                "Type": "/XObject",
                "Subtype": "/Form",
                "BBox": pydyf.Array([0, 0, round(x1 - x0, 2), round(y1 - y0, 2)]),
            },
        )
        pdf.add_object(appearance)
        field = pydyf.Dictionary(
            {
                "Type": "/Annot",
                "Subtype": "/Widget",
                "FT": "/Sig",
                "T": pydyf.String(spot.name),
                "TU": pydyf.String(spot.tooltip),
                "F": 4,
                "Rect": pydyf.Array(spot.rect),
                "P": pages[spot.page].decode("ascii"),
                "AP": pydyf.Dictionary({"N": appearance.reference}),
            }
        )
        pdf.add_object(field)
        page = pdf.objects[int(pages[spot.page].split()[0])]
        if "Annots" not in page:
            page["Annots"] = pydyf.Array()
        page["Annots"].append(field.reference)
        fields.append(field.reference)
    form = pydyf.Dictionary({"Fields": fields})
    pdf.add_object(form)
    pdf.catalog["AcroForm"] = form.reference
    _draw_on_pages(pdf, spots)


def _draw_on_pages(pdf: Any, spots: list[FieldSpot]) -> None:
    """Draw each empty field's look into its page too, under the field.

    Viewers that do not draw form fields (Qt's PDF view in the preview, some e-mail and
    browser previews) would otherwise show no place to sign. The widget's appearance is the
    same picture on top, and a signature's appearance covers it entirely. WeasyPrint's page
    content leaves its coordinate flip in force, so it is wrapped in q/Q first.
    """
    import pydyf

    pages = pdf.page_references
    for index in sorted({spot.page for spot in spots}):
        drawing = b" ".join(
            b"q 1 0 0 1 %.2f %.2f cm " % (spot.rect[0], spot.rect[1])
            + _appearance(spot.rect[2] - spot.rect[0], spot.rect[3] - spot.rect[1])
            + b" Q"
            for spot in spots
            if spot.page == index
        )
        page = pdf.objects[int(pages[index].split()[0])]
        streams = [pydyf.Stream([b"q"]), pydyf.Stream([b"Q"]), pydyf.Stream([drawing])]
        for stream in streams:
            pdf.add_object(stream)
        before = page["Contents"]
        before = list(before) if isinstance(before, list) else [before]
        page["Contents"] = pydyf.Array(
            [streams[0].reference, *before, streams[1].reference, streams[2].reference]
        )


def _appearance(width: float, height: float) -> bytes:
    """Draw the empty field: a pale tint with an accent rule on its left edge."""
    return (
        f"q {_FILL} rg 0 0 {width:.2f} {height:.2f} re f {_ACCENT} rg 0 0 1.5 {height:.2f} re f Q"
    ).encode("ascii")
