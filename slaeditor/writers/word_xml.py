"""WordprocessingML elements made through python-docx's parser, and text runs.

Making each element through python-docx's own parser keeps its element classes (so `pPr`,
`get_or_add_numPr` and the schema-ordered inserts work) and is several times faster than
parsing an XML string per element.
"""

from __future__ import annotations

from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NSMAP = {"w": W[1:-1]}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

__all__ = ["W", "add_text", "element", "run_element"]


def element(tag: str, **attrs: str) -> Any:
    """Make a WordprocessingML element (w:tag) with attributes."""
    from docx.oxml.parser import oxml_parser

    name = tag.removeprefix("w:")
    return oxml_parser.makeelement(
        f"{W}{name}", {f"{W}{key}": value for key, value in attrs.items()}, nsmap=_NSMAP
    )


def run_element(
    text: str, bold: bool = False, italic: bool = False, color: str = "", style: str = ""
) -> Any:
    """Make a run of text (tabs as w:tab) with its emphasis.

    python-docx's run.text walks the text one character at a time, which cost more than
    everything else in the export.
    """
    run = element("w:r")
    if bold or italic or color or style:
        properties = element("w:rPr")
        if style:
            properties.append(element("w:rStyle", val=style))
        if bold:
            properties.append(element("w:b"))
        if italic:
            properties.append(element("w:i"))
        if color:
            properties.append(element("w:color", val=color))
        run.append(properties)
    for index, part in enumerate(text.split("\t")):
        if index:
            run.append(element("w:tab"))
        if part:
            piece = element("w:t")
            piece.text = part
            piece.set(_XML_SPACE, "preserve")
            run.append(piece)
    return run


def add_text(
    paragraph: Any,
    text: str,
    bold: bool = False,
    italic: bool = False,
    color: str = "",
    into: Any = None,
) -> None:
    """Append a run to a paragraph (or to `into`, e.g. a hyperlink inside it)."""
    (paragraph._p if into is None else into).append(run_element(text, bold, italic, color))
