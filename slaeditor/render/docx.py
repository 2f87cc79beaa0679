"""Write a Contract as DOCX: the pack's Word skeleton filled by docxtpl.

The skeleton carries styles, title page, header and footer; the body is built here from the
Contract's blocks with the skeleton's own styles, so a restyled skeleton restyles the contract.
docxtpl always runs with autoescape=True: without it a `&` or `<` silently breaks the file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from slaeditor.render.contract import Heading, ListBlock, Paragraph, SignatureBlock, Table
from slaeditor.render.skeleton import ordered_marker

if TYPE_CHECKING:
    from pathlib import Path

    from slaeditor.clauses import Pack
    from slaeditor.render.contract import Block, Contract, Run

SKELETON = "contract.docx"
_HEADER_FILL = "1F3A5F"
_RULE = "D5DBE3"


class DocxSkeletonError(Exception):
    """A Word skeleton that cannot be used; names the file."""


def _oxml(tag: str, **attrs: str) -> Any:
    """Make a WordprocessingML element with attributes."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _add_runs(paragraph: Any, runs: tuple[Run, ...]) -> None:
    """Append runs with their emphasis."""
    for run in runs:
        added = paragraph.add_run(run.text)
        added.bold = run.bold or None
        added.italic = run.italic or None


def _shade(cell: Any, fill: str) -> None:
    """Fill a table cell's background."""
    cell._tc.get_or_add_tcPr().append(_oxml("w:shd", val="clear", color="auto", fill=fill))


def _borders(table: Any) -> None:
    """Give a table thin horizontal rules only, as in the PDF."""
    borders = _oxml("w:tblBorders")
    for edge in ("top", "left", "right", "insideV"):
        borders.append(_oxml(f"w:{edge}", val="nil"))
    for edge in ("bottom", "insideH"):
        borders.append(_oxml(f"w:{edge}", val="single", sz="4", space="0", color=_RULE))
    table._tbl.tblPr.append(borders)


def _table(doc: Any, block: Table) -> None:
    """Write a computed table with a repeating navy header row."""
    from docx.shared import Mm, RGBColor

    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.columns))
    table.autofit = False
    _borders(table)
    total = sum(block.widths) or len(block.columns)
    widths = block.widths or (1,) * len(block.columns)
    for index, width in enumerate(widths):
        for cell in table.columns[index].cells:
            cell.width = Mm(164 * width / total)
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(_oxml("w:tblHeader"))
    for cell, text in zip(header.cells, block.columns, strict=True):
        _shade(cell, _HEADER_FILL)
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        cell.paragraphs[0].style = doc.styles["Table Text"]
    for row, values in zip(table.rows[1:], block.rows, strict=True):
        row._tr.get_or_add_trPr().append(_oxml("w:cantSplit"))
        for cell, text in zip(row.cells, values, strict=True):
            cell.paragraphs[0].style = doc.styles["Table Text"]
            cell.paragraphs[0].add_run(text)
    doc.add_paragraph().paragraph_format.space_after = 0


def _signature(doc: Any, block: SignatureBlock) -> None:
    """Write a party's signature block with a line for each signatory."""
    from docx.shared import Mm

    label = doc.add_paragraph(block.role, style="Signature Label")
    label.paragraph_format.keep_with_next = True
    doc.add_paragraph(block.party, style="Signature Party")
    for person in block.signatories:
        table = doc.add_table(rows=4, cols=2)
        table.autofit = False
        for row, (name, value) in zip(
            table.rows,
            (("Signature", ""), ("Name", person.name), ("Title", person.title), ("Date", "")),
            strict=True,
        ):
            row._tr.get_or_add_trPr().append(_oxml("w:cantSplit"))
            row.height = Mm(11 if not value and name in ("Signature", "Date") else 7)
            row.cells[0].width, row.cells[1].width = Mm(26), Mm(76)
            row.cells[0].paragraphs[0].add_run(name)
            row.cells[0].paragraphs[0].style = doc.styles["Signature Label"]
            row.cells[1].paragraphs[0].add_run(value)
            borders = _oxml("w:tcBorders")
            borders.append(_oxml("w:bottom", val="single", sz="4", space="0", color="8893A1"))
            row.cells[1]._tc.get_or_add_tcPr().append(borders)
        doc.add_paragraph()


def _block(doc: Any, block: Block) -> None:
    """Write one block with the skeleton's styles."""
    if isinstance(block, Heading):
        text = f"{block.number}\t{block.text}" if block.number else block.text
        doc.add_paragraph(text, style=f"Heading {block.level}")
    elif isinstance(block, Paragraph):
        style = "Caption" if block.style == "caption" else "Normal"
        _add_runs(doc.add_paragraph(style=style), block.runs)
    elif isinstance(block, ListBlock):
        for index, item in enumerate(block.items):
            if block.ordered:
                paragraph = doc.add_paragraph(f"{ordered_marker(index)}\t", style="Lettered Item")
            else:
                paragraph = doc.add_paragraph(style="List Bullet")
            _add_runs(paragraph, item)
    elif isinstance(block, Table):
        _table(doc, block)
    else:
        _signature(doc, block)


def write_docx(contract: Contract, pack: Pack, target: Path) -> None:
    """Fill the pack's Word skeleton with the contract and save it to target."""
    from docxtpl import DocxTemplate

    source = pack.file(SKELETON)
    try:
        template = DocxTemplate(source)
        template.init_docx()
    except Exception as error:  # python-docx raises many kinds for a damaged file
        raise DocxSkeletonError(f"{source}: is not a usable Word document ({error})") from error
    body = template.new_subdoc()
    for section in contract.sections:
        body.add_paragraph(f"{section.number}\t{section.title}", style="Heading 1")
        for block in section.blocks:
            _block(body, block)
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    try:
        template.render({"contract": contract, "body": body}, jinja_env=env, autoescape=True)
    except TemplateError as error:
        line = getattr(error, "lineno", None)
        where = f"{source}" + (f", line {line} of the Word XML" if line else "")
        raise DocxSkeletonError(f"{where}: {error}") from error
    properties = template.docx.core_properties
    properties.title = contract.title
    properties.author = contract.author
    properties.keywords = ", ".join(contract.keywords)
    template.save(target)
