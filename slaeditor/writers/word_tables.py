"""Tables in the Word contract: computed tables and the signatories' lines.

Both use table styles of the skeleton ("Contract Table": rules between rows; "Signature
Lines") and paragraph styles for what LibreOffice would not take from a table style's
conditional parts ("Table Heading": the bold heading row; "Signature Value": the line to
sign on), so a firm that restyles the skeleton restyles every table. A skeleton without
them (made for an older version of the pack) gets the same look as direct formatting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slaeditor.writers.word_xml import add_text, element

if TYPE_CHECKING:
    from slaeditor.templating.blocks import SignatureBlock, Table

__all__ = ["DATA_STYLE", "SIGNATURE_STYLE", "write_signature", "write_table"]

DATA_STYLE = "Contract Table"
SIGNATURE_STYLE = "Signature Lines"
_INK = "1D232B"
"""Table headings: near-black text between rules, no colour blocks (a law firm's look)."""
_RULE = "B8BEC6"
_SIGNATURE_RULE = "8893A1"
_TEXT_WIDTH_MM = 164
# What follows a cell's shading, and a table's cell margins, in the schema (ECMA-376 §17.4):
# elements are inserted before these, so the order is always the schema's.
_AFTER_SHADING = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
_AFTER_MARGINS = ("w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
_SIGNATURE_ROWS = (("Signature", 16), ("Name", 7), ("Title", 7), ("Date", 9))


def _styled(writer: Any, table: Any, style: str, **look: str) -> bool:
    """Give a table a skeleton table style and say which parts of it apply (tblLook)."""
    if style not in writer.ids:
        return False
    properties = table._tbl.tblPr
    properties.style = writer.ids[style]
    flags = {"firstRow": "0", "lastRow": "0", "firstColumn": "0", "lastColumn": "0"}
    flags |= {"noHBand": "1", "noVBand": "1"} | look
    old = properties.find(element("w:tblLook").tag)
    if old is not None:
        properties.remove(old)
    properties.insert_element_before(
        element("w:tblLook", **flags), "w:tblCaption", "w:tblDescription"
    )
    return True


def _direct_borders(table: Any) -> None:
    """Give a table thin horizontal rules directly, for a skeleton without table styles."""
    borders = element("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):  # the schema's order
        if edge == "top":
            borders.append(element(f"w:{edge}", val="single", sz="6", space="0", color=_INK))
        elif edge in ("bottom", "insideH"):
            borders.append(element(f"w:{edge}", val="single", sz="4", space="0", color=_RULE))
        else:
            borders.append(element(f"w:{edge}", val="nil"))
    properties = table._tbl.tblPr
    properties.insert_element_before(borders, "w:shd", "w:tblLayout", *_AFTER_MARGINS)
    margins = element("w:tblCellMar")
    for edge, twips in (("top", "57"), ("left", "113"), ("bottom", "57"), ("right", "113")):
        margins.append(element(f"w:{edge}", w=twips, type="dxa"))
    properties.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")


def _sized(table: Any, widths: list[Any]) -> list[list[Any]]:
    """Fix a table's column widths; return its cells row by row."""
    from docx.table import _Cell

    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        column.w = width
    rows = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    for cells in rows:
        for cell, width in zip(cells, widths, strict=True):
            cell.width = width
    return rows


def write_table(writer: Any, block: Table, *, heading_next: bool = False) -> None:
    """Write a computed table with a heading row repeated on every page it runs onto.

    The paragraph after it keeps the next table apart and gives the PDF's 4 mm below a
    table; before a heading, whose own space above the PDF lets the table's margin fold
    into, it is a point high, so the two formats break pages in the same places.
    """
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Mm, Pt

    doc = writer.doc
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.columns))
    styled = _styled(writer, table, DATA_STYLE, firstRow="1")
    if not styled:
        _direct_borders(table)
    total = sum(block.widths) or len(block.columns)
    weights = block.widths or (1,) * len(block.columns)
    rows = _sized(table, [Mm(_TEXT_WIDTH_MM * w / total) for w in weights])
    table._tbl.tr_lst[0].get_or_add_trPr().append(element("w:tblHeader"))
    heading = "Table Heading" in writer.ids
    for cell, text in zip(rows[0], block.columns, strict=True):
        writer.restyle(cell.paragraphs[0], "Table Heading" if heading else "Table Text")
        # The paragraph style makes the heading row bold; without it, the run says so itself.
        add_text(cell.paragraphs[0], text, bold=not heading, color="" if heading else _INK)
    for tr, cells, values in zip(table._tbl.tr_lst[1:], rows[1:], block.rows, strict=True):
        tr.get_or_add_trPr().append(element("w:cantSplit"))
        for cell, text in zip(cells, values, strict=True):
            writer.restyle(cell.paragraphs[0], "Table Text")
            add_text(cell.paragraphs[0], text)
    gap = doc.add_paragraph().paragraph_format
    gap.space_after = 0
    gap.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    gap.line_spacing = Pt(1) if heading_next else Mm(4)


def write_signature(writer: Any, block: SignatureBlock) -> None:
    """Write a party's signature block: its signatories two abreast, kept on one page.

    Side by side, as in the PDF, so both parties' blocks fit the signature page together:
    each pair is a borderless table of two cells, each cell holding one signatory's lines,
    so the file reads one signatory after the other (as the PDF does), not row across row.
    """
    from docx.shared import Mm

    doc = writer.doc
    label = writer.paragraph(block.role, "Signature Label")
    label.paragraph_format.keep_with_next = True
    writer.paragraph(block.heading, "Signature Party").paragraph_format.keep_with_next = True
    people = list(block.signatories)
    pairs = [people[index : index + 2] for index in range(0, len(people), 2)]
    for number, pair in enumerate(pairs):
        last_pair = number == len(pairs) - 1
        outer = doc.add_table(rows=1, cols=3)
        _styled(writer, outer, SIGNATURE_STYLE)
        (cells,) = _sized(outer, [Mm(78), Mm(8), Mm(78)])
        outer._tbl.tr_lst[0].get_or_add_trPr().append(element("w:cantSplit"))
        for cell, person in zip((cells[0], cells[2]), pair, strict=False):
            _signatory(writer, cell, person, together=not last_pair)
        doc.add_paragraph().paragraph_format.keep_with_next = not last_pair


def _signatory(writer: Any, cell: Any, person: Any, *, together: bool) -> None:
    """Write one signatory's labelled lines into a cell: Signature, Name, Title, Date."""
    from docx.shared import Mm

    table = cell.add_table(rows=len(_SIGNATURE_ROWS), cols=2)
    _styled(writer, table, SIGNATURE_STYLE)
    rows = _sized(table, [Mm(21), Mm(55)])
    values = {"Name": person.name, "Title": person.title}
    for index, (tr, (label_cell, value_cell), (name, height)) in enumerate(
        zip(table._tbl.tr_lst, rows, _SIGNATURE_ROWS, strict=True)
    ):
        properties = tr.get_or_add_trPr()
        properties.append(element("w:cantSplit"))
        properties.append(element("w:trHeight", val=str(int(Mm(height).twips)), hRule="atLeast"))
        _signature_line(writer, label_cell, value_cell, name, values.get(name, ""))
        keep = together or index < len(_SIGNATURE_ROWS) - 1
        for each in (label_cell, value_cell):
            each.paragraphs[0].paragraph_format.keep_with_next = keep
    for paragraph in cell.paragraphs:  # the empty paragraph Word requires after a table
        paragraph.paragraph_format.space_after = 0


def _signature_line(writer: Any, label_cell: Any, value_cell: Any, name: str, value: str) -> None:
    """Fill one label and its line: the value sits on the line, level with the label."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

    for cell in (label_cell, value_cell):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    writer.restyle(label_cell.paragraphs[0], "Signature Label")
    writer.restyle(value_cell.paragraphs[0], "Signature Value")
    add_text(label_cell.paragraphs[0], name)
    add_text(value_cell.paragraphs[0], value)
    if "Signature Value" not in writer.ids:  # no paragraph border: draw the line on the cell
        borders = element("w:tcBorders")
        borders.append(element("w:bottom", val="single", sz="4", space="0", color=_SIGNATURE_RULE))
        value_cell._tc.get_or_add_tcPr().insert_element_before(borders, "w:shd", *_AFTER_SHADING)
