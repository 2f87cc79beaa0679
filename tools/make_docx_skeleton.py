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
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

INK = RGBColor(0x1D, 0x23, 0x2B)  # near-black: a law firm's look, no brand colour
GREY = RGBColor(0x5A, 0x64, 0x72)
# Fonts every Word user has; Liberation Serif and Sans (what the PDF uses, and what
# LibreOffice puts in their place) have the same metrics, so lines break in the same places.
SERIF = "Times New Roman"
SANS = "Arial"
FONTS = (  # name, the metric-compatible font named as its alternative, family, PANOSE
    (SERIF, "Liberation Serif", "roman", "02020603050405020304"),
    (SANS, "Liberation Sans", "swiss", "020B0604020202020204"),
    ("Courier New", "Liberation Mono", "modern", "02070309020205020404"),
    ("Symbol", "", "roman", "05050102010706020507"),
)
CLAUSES = "SLA clause numbering"
"""The multilevel list that numbers sections and clauses (1, 1.1, 1.1.1); the writer finds
it by this name, through the heading styles."""
LETTERED = "SLA lettered items"
"""The list (a), (b) … with (i), (ii) … under it; each lettered list restarts it."""
TWIPS_PER_MM = 56.7


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
    normal.paragraph_format.line_spacing = Pt(14.9)  # the PDF's 10.5 pt × 1.42
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY  # as the PDF's body
    normal.paragraph_format.widow_control = True
    for level, size in ((1, 13), (2, 10.5), (3, 10)):
        style = styles[f"Heading {level}"]
        _font(style, SANS, size, bold=level < 3, color=INK)
        style.font.italic = level == 3
        fmt = style.paragraph_format
        # The PDF's spacing (contract.css: h2 9 mm / 3 mm, h3 4.5 mm / 1.5 mm), so both
        # formats break pages in about the same places.
        fmt.space_before = Pt(25 if level == 1 else 13)
        fmt.space_after = Pt(9 if level == 1 else 4)
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
    # Word's built-in List Bullet drops the space between bullets (contextual spacing); the
    # PDF keeps 1 mm between items, so long lists of definitions ran a page shorter in Word.
    for contextual in bullet.element.pPr.findall(qn("w:contextualSpacing")):
        bullet.element.pPr.remove(contextual)
    for name, font, size, color, bold in (
        ("Table Text", SANS, 8.6, None, False),
        ("Table Heading", SANS, 8.6, INK, True),  # the heading row of every table
        ("Signature Label", SANS, 9, GREY, False),
        ("Signature Value", SERIF, 10.5, None, False),  # on the line, level with its label
    ):
        style = styles.add_style(name, 1)
        style.base_style = normal
        _font(style, font, size, bold=bold, color=color)
        style.paragraph_format.space_after = Pt(0)
        # Table text as the PDF's 8.6 pt / 1.3; the signature lines keep Word's own spacing.
        style.paragraph_format.line_spacing = Pt(11.2) if size < 9 else 1.1
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


def _left_aligned(doc) -> None:
    """Align every paragraph style but the body's own to the left: only Normal is justified."""
    justified = {"Normal", "List Bullet", "Lettered Item"}
    for style in doc.styles:
        if style.type == 1 and style.name not in justified:
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT


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


def _w(tag: str, children: tuple = (), **attrs: str):
    """Make a WordprocessingML element with attributes and children, in the given order."""
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    for child in children:
        element.append(child)
    return element


def _level(ilvl: int, fmt: str, text: str, indent_mm: float, hanging_mm: float, style: str = ""):
    """One level of a list definition, children in the schema's order (ECMA-376 §17.9.6)."""
    left, hanging = str(round(indent_mm * TWIPS_PER_MM)), str(round(hanging_mm * TWIPS_PER_MM))
    children = [_w("w:start", val="1"), _w("w:numFmt", val=fmt)]
    if style:
        children.append(_w("w:pStyle", val=style))
    children += [
        _w("w:suff", val="tab"),
        _w("w:lvlText", val=text),
        _w("w:lvlJc", val="left"),
        _w(
            "w:pPr",
            (
                _w("w:tabs", (_w("w:tab", val="num", pos=left),)),
                _w("w:ind", left=left, hanging=hanging),
            ),
        ),
    ]
    return _w("w:lvl", tuple(children), ilvl=str(ilvl))


def _numbering(doc) -> None:
    """Add the clause numbering, tied to the heading styles, and the lettered list."""
    numbering = doc.part.numbering_part.element
    taken = [int(n.get(qn("w:abstractNumId"))) for n in numbering.findall(qn("w:abstractNum"))]
    first_num = numbering.find(qn("w:num"))
    ids = {}
    for offset, (name, levels) in enumerate(
        (
            (
                CLAUSES,
                (
                    _level(0, "decimal", "%1", 9, 9, doc.styles["Heading 1"].style_id),
                    _level(1, "decimal", "%1.%2", 11, 11, doc.styles["Heading 2"].style_id),
                    _level(2, "decimal", "%1.%2.%3", 24, 13),
                ),
            ),
            (
                LETTERED,
                (
                    _level(0, "lowerLetter", "(%1)", 9, 8),
                    _level(1, "lowerRoman", "(%2)", 17, 8),
                ),
            ),
        )
    ):
        abstract_id = str(max(taken, default=-1) + 1 + offset)
        abstract = _w(
            "w:abstractNum",
            (
                _w("w:nsid", val=f"5C1A000{offset}"),
                _w("w:multiLevelType", val="multilevel"),
                _w("w:tmpl", val=f"5C1A100{offset}"),
                _w("w:name", val=name),
                *levels,
            ),
            abstractNumId=abstract_id,
        )
        if first_num is not None:  # every abstractNum comes before the first num
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        ids[name] = numbering.add_num(int(abstract_id)).numId
    for level, style in ((0, "Heading 1"), (1, "Heading 2")):
        number = doc.styles[style].element.get_or_add_pPr().get_or_add_numPr()
        number.get_or_add_ilvl().val = level
        number.get_or_add_numId().val = ids[CLAUSES]
        doc.styles[style].paragraph_format.tab_stops.clear_all()


def _table_styles(doc) -> None:
    """Add the table styles every table of the contract uses: rules, margins, bold headings."""
    from docx.enum.style import WD_STYLE_TYPE

    ink, rule = str(INK), "B8BEC6"

    def edge(name: str, size: str = "", color: str = "") -> object:
        if not size:
            return _w(f"w:{name}", val="nil")
        return _w(f"w:{name}", val="single", sz=size, space="0", color=color)

    margins = _w(
        "w:tblCellMar",
        tuple(
            _w(f"w:{side}", w=twips, type="dxa")
            for side, twips in (("top", "85"), ("left", "113"), ("bottom", "85"), ("right", "113"))
        ),
    )
    data = doc.styles.add_style("Contract Table", WD_STYLE_TYPE.TABLE)
    data.element.append(
        _w(
            "w:tblPr",
            (
                _w(
                    "w:tblBorders",
                    (
                        edge("top", "6", ink),
                        edge("left"),
                        edge("bottom", "4", rule),
                        edge("right"),
                        edge("insideH", "4", rule),
                        edge("insideV"),
                    ),
                ),
                margins,
            ),
        )
    )
    data.element.append(  # Word also draws a dark rule under the heading row
        _w(
            "w:tblStylePr",
            (_w("w:tcPr", (_w("w:tcBorders", (edge("bottom", "6", ink),)),)),),
            type="firstRow",
        )
    )
    # Without borders of its own: the line to sign on is the bottom border of the
    # "Signature Value" paragraph style, which LibreOffice shows as Word does (it ignores
    # a table style's conditional parts).
    doc.styles.add_style("Signature Lines", WD_STYLE_TYPE.TABLE)
    value = doc.styles["Signature Value"].element.get_or_add_pPr()
    value.insert_element_before(
        _w("w:pBdr", (edge("bottom", "4", "8893A1"),)),
        "w:shd",
        "w:tabs",
        "w:suppressAutoHyphens",
        "w:kinsoku",
        "w:wordWrap",
        "w:overflowPunct",
        "w:topLinePunct",
        "w:autoSpaceDE",
        "w:autoSpaceDN",
        "w:bidi",
        "w:adjustRightInd",
        "w:snapToGrid",
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:mirrorIndents",
        "w:suppressOverlap",
        "w:jc",
    )


def _fonts_and_settings(doc) -> None:
    """Declare the fonts with their metric-compatible alternatives; Word 2013+ layout."""
    font_part = next(
        rel.target_part for rel in doc.part.rels.values() if rel.reltype.endswith("/fontTable")
    )
    from lxml import etree

    root = etree.fromstring(font_part.blob)
    for font in list(root):
        root.remove(font)
    for name, alternative, family, panose in FONTS:
        children = [_w("w:altName", val=alternative)] if alternative else []
        children += [
            _w("w:panose1", val=panose),
            _w("w:charset", val="02" if name == "Symbol" else "00"),
            _w("w:family", val=family),
            _w("w:pitch", val="variable"),
        ]
        root.append(_w("w:font", tuple(children), name=name))
    font_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    for fonts in doc.styles.element.iter(qn("w:rFonts")):  # the template's code styles
        for key, value in list(fonts.attrib.items()):
            if value == "Courier":
                fonts.set(key, "Courier New")
    # Justified text is hyphenated, as in the PDF (the schema puts it after defaultTabStop).
    doc.settings.element.find(qn("w:defaultTabStop")).addnext(_w("w:autoHyphenation"))
    for setting in doc.settings.element.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):  # Word 2010's cache of the old styles
            doc.part.drop_rel(rel_id)


def _contents_styles(doc) -> None:
    """Styles of the table of contents: Word's own "toc 1" and "toc 2", dot leaders."""
    from docx.enum.text import WD_TAB_LEADER

    heading = doc.styles.add_style("Contents Heading", 1)
    heading.base_style = doc.styles["Normal"]
    _font(heading, SANS, 13, bold=True, color=INK)
    heading.paragraph_format.space_after = Pt(12)
    for level, indent in ((1, 0), (2, 9)):
        style = doc.styles.add_style(f"toc {level}", 1)
        style.base_style = doc.styles["Normal"]
        fmt = style.paragraph_format
        fmt.left_indent = Mm(indent + (9 if level == 1 else 11))
        fmt.first_line_indent = Mm(-(9 if level == 1 else 11))
        fmt.space_after = Pt(2 if level == 2 else 3)
        fmt.space_before = Pt(6 if level == 1 else 0)
        fmt.tab_stops.add_tab_stop(Mm(indent + (9 if level == 1 else 11)))
        fmt.tab_stops.add_tab_stop(Mm(164), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        style.font.bold = level == 1


def main(target: Path) -> None:
    """Write the skeleton to target."""
    doc = Document()
    _styles(doc)
    _numbering(doc)
    _table_styles(doc)
    _contents_styles(doc)
    _left_aligned(doc)
    _fonts_and_settings(doc)
    _page_furniture(doc)
    _cover(doc)
    doc.core_properties.title = "Service Level Agreement"
    doc.core_properties.author = "SLA Editor"
    doc.save(target)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "templates/standard/contract.docx"))
