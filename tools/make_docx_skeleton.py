"""Build templates/standard/contract.docx, the Word skeleton of the Standard pack.

The skeleton is a normal Word file that template authors may open and restyle in Word; this
script only produces the first version reproducibly. It holds styles, the title page layout,
the running header and the "Page x of y" footer, and docxtpl tags where the contract goes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

INK = RGBColor(0x1D, 0x23, 0x2B)  # near-black: a law firm's look, no brand colour
GREY = RGBColor(0x5A, 0x64, 0x72)
SERIF = "Liberation Serif"
SANS = "Liberation Sans"


def _font(style, name: str, size: float, bold: bool = False, color: RGBColor | None = None) -> None:
    style.font.name = name
    fonts = style.element.rPr.rFonts
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:cs"), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    if color is not None:
        style.font.color.rgb = color


def _styles(doc) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    _font(normal, SERIF, 10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for level, size in ((1, 13), (2, 10.5), (3, 10)):
        style = styles[f"Heading {level}"]
        _font(style, SANS, size, bold=level < 3, color=INK)
        style.font.italic = level == 3
        fmt = style.paragraph_format
        fmt.space_before = Pt(18 if level == 1 else 10)
        fmt.space_after = Pt(6 if level == 1 else 3)
        fmt.keep_with_next = True
        fmt.tab_stops.add_tab_stop(Mm(11 if level == 2 else 9))
    for name, size in (("Title", 27), ("Subtitle", 13)):
        style = styles[name]
        _font(style, SANS, size, bold=name == "Title", color=INK if name == "Title" else GREY)
        style.paragraph_format.space_after = Pt(10 if name == "Title" else 60)
        border = style.element.pPr.find(qn("w:pBdr"))
        if border is not None:
            style.element.pPr.remove(border)
    caption = styles["Caption"]
    _font(caption, SANS, 9, bold=True, color=INK)
    caption.paragraph_format.space_before = Pt(8)
    caption.paragraph_format.space_after = Pt(3)
    caption.paragraph_format.keep_with_next = True
    lettered = styles.add_style("Lettered Item", 1)
    lettered.base_style = normal
    lettered.paragraph_format.left_indent = Mm(9)
    lettered.paragraph_format.first_line_indent = Mm(-8)
    lettered.paragraph_format.tab_stops.add_tab_stop(Mm(9))
    lettered.paragraph_format.space_after = Pt(3)
    bullet = styles["List Bullet"]
    bullet.paragraph_format.space_after = Pt(3)
    for name, size, color in (("Table Text", 8.6, None), ("Signature Label", 9, GREY)):
        style = styles.add_style(name, 1)
        style.base_style = normal
        _font(style, SANS, size, color=color)
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.line_spacing = 1.1
    party = styles.add_style("Signature Party", 1)
    party.base_style = normal
    _font(party, SERIF, 11, bold=True)
    party.paragraph_format.keep_with_next = True
    cover = styles.add_style("Cover Party", 1)
    cover.base_style = normal
    _font(cover, SERIF, 15, bold=True)
    between = styles.add_style("Cover Between", 1)
    between.base_style = normal
    _font(between, SERIF, 10.5, color=GREY)
    between.font.italic = True
    detail = styles.add_style("Cover Detail", 1)
    detail.base_style = normal
    _font(detail, SANS, 9.5)
    detail.paragraph_format.tab_stops.add_tab_stop(Mm(32), WD_TAB_ALIGNMENT.LEFT)
    detail.paragraph_format.space_after = Pt(2)


def _field(paragraph, instruction: str) -> None:
    """Append a Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _page_furniture(doc) -> None:
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(24), Mm(22)
    section.left_margin, section.right_margin = Mm(24), Mm(22)
    section.header_distance = section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True
    section.start_type = WD_SECTION_START.NEW_PAGE
    header = section.header.paragraphs[0]
    header.text = "{{ contract.running_header }}"
    header.style = doc.styles["Signature Label"]
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Signature Label"]
    footer.paragraph_format.tab_stops.add_tab_stop(Mm(164), WD_TAB_ALIGNMENT.RIGHT)
    footer.add_run("{{ contract.cover.details[0][1] if contract.cover.details else '' }}\tPage ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


def _cover(doc) -> None:
    doc.add_paragraph().paragraph_format.space_before = Mm(30)
    doc.add_paragraph("{{ contract.cover.title }}", style="Title")
    doc.add_paragraph("{{ contract.cover.subtitle }}", style="Subtitle")
    doc.add_paragraph("between", style="Cover Between")
    doc.add_paragraph("{%p for party in contract.cover.parties %}")
    doc.add_paragraph("{%p if not loop.first %}")
    doc.add_paragraph("and", style="Cover Between")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{{ party }}", style="Cover Party")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph().paragraph_format.space_after = Mm(20)
    doc.add_paragraph("{%p for key, value in contract.cover.details %}")
    doc.add_paragraph("{{ key }}\t{{ value }}", style="Cover Detail")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("{{ body }}")


def main(target: Path) -> None:
    """Write the skeleton to target."""
    doc = Document()
    _styles(doc)
    _page_furniture(doc)
    _cover(doc)
    doc.core_properties.title = "Service Level Agreement"
    doc.core_properties.author = "SLA Editor"
    doc.save(target)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "templates/standard/contract.docx"))
