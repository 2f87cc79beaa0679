"""Write a Contract as DOCX: the pack's Word skeleton filled by docxtpl.

The skeleton carries styles, title page, header and footer; the body is built here from the
Contract's blocks with the skeleton's own styles, so a restyled skeleton restyles the contract.
docxtpl always runs with autoescape=True: without it a `&` or `<` silently breaks the file.
"""

from __future__ import annotations

import datetime
import io
from typing import TYPE_CHECKING, Any

from jinja2 import StrictUndefined, TemplateError

from slaeditor.templating.blocks import Heading, ListBlock, Paragraph, SignatureBlock, Table
from slaeditor.templating.sandbox import DataSandbox
from slaeditor.templating.text import RenderError
from slaeditor.writers.block_kinds import ordered_marker

if TYPE_CHECKING:
    from pathlib import Path

    from slaeditor.clauses import Pack
    from slaeditor.templating.blocks import Block, Contract, Run

SKELETON = "contract.docx"
_INK = "1D232B"
"""Table headings: near-black text between rules, no colour blocks (a law firm's look)."""
_RULE = "B8BEC6"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class DocxSkeletonError(RenderError):
    """A Word skeleton that cannot be used; names the file."""


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _oxml(tag: str, **attrs: str) -> Any:
    """Make a WordprocessingML element (w:tag) with attributes.

    python-docx's OxmlElement parses an XML string per element; making it through the same
    parser (which keeps python-docx's element classes) is several times faster.
    """
    from docx.oxml.parser import oxml_parser

    name = tag.removeprefix("w:")
    return oxml_parser.makeelement(
        f"{_W}{name}", {f"{_W}{key}": value for key, value in attrs.items()}, nsmap=_NSMAP
    )


_NSMAP = {"w": _W[1:-1]}


class _Writer:
    """Add blocks to the body, looking each style up only once.

    python-docx scans every style on each lookup by name, which was most of the export time.
    """

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.ids = {style.name: style.style_id for style in doc.styles}
        self.bookmarks = 0

    def mark(self, paragraph: Any, number: str) -> None:
        """Bookmark a heading by its clause number, so cross-references can link to it."""
        self.bookmarks += 1
        ident = str(self.bookmarks)
        p = paragraph._p
        start = _oxml("w:bookmarkStart", id=ident, name=bookmark(number))
        p.insert(1 if p.pPr is not None else 0, start)
        p.append(_oxml("w:bookmarkEnd", id=ident))

    def paragraph(self, text: str = "", style: str = "Normal") -> Any:
        """Add a paragraph in a style of the skeleton."""
        paragraph = self.doc.add_paragraph()
        self.restyle(paragraph, style)
        if text:
            _add_text(paragraph, text)
        return paragraph

    def restyle(self, paragraph: Any, style: str) -> None:
        """Set a new paragraph's style by its id; Normal needs no mark-up."""
        if style != "Normal":  # one pPr, its pStyle first: the schema's order, not ours
            paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = self.ids[style]


def bookmark(number: str) -> str:
    """Name a clause's bookmark: Word takes letters, digits and underscores ("clause_8_3")."""
    return "clause_" + number.replace(".", "_")


def _add_text(
    paragraph: Any,
    text: str,
    bold: bool = False,
    italic: bool = False,
    color: str = "",
    into: Any = None,
) -> None:
    """Append a run directly as XML.

    python-docx's run.text walks the text one character at a time, which cost more than
    everything else in the export.
    """
    run = _oxml("w:r")
    if bold or italic or color:
        properties = _oxml("w:rPr")
        if bold:
            properties.append(_oxml("w:b"))
        if italic:
            properties.append(_oxml("w:i"))
        if color:
            properties.append(_oxml("w:color", val=color))
        run.append(properties)
    for index, part in enumerate(text.split("\t")):
        if index:
            run.append(_oxml("w:tab"))
        if part:
            element = _oxml("w:t")
            element.text = part
            element.set(_XML_SPACE, "preserve")
            run.append(element)
    (paragraph._p if into is None else into).append(run)


def _add_runs(paragraph: Any, runs: tuple[Run, ...]) -> None:
    """Append runs with their emphasis."""
    for run in runs:
        if run.ref:  # a cross-reference: a link to the clause's bookmark
            link = _oxml("w:hyperlink", anchor=bookmark(run.ref), history="1")
            paragraph._p.append(link)
            _add_text(paragraph, run.text, run.bold, run.italic, into=link)
        else:
            _add_text(paragraph, run.text, run.bold, run.italic)


# What follows a cell's shading, and a table's cell margins, in the schema (ECMA-376 §17.4):
# elements are inserted before these, so the order is always the schema's.
_AFTER_SHADING = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
_AFTER_MARGINS = ("w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")


def _borders(table: Any) -> None:
    """Give a table thin horizontal rules only, as in the PDF."""
    borders = _oxml("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):  # the schema's order
        if edge == "top":  # the heading row stands between two dark rules, as in the PDF
            borders.append(_oxml(f"w:{edge}", val="single", sz="6", space="0", color=_INK))
        elif edge in ("bottom", "insideH"):
            borders.append(_oxml(f"w:{edge}", val="single", sz="4", space="0", color=_RULE))
        else:
            borders.append(_oxml(f"w:{edge}", val="nil"))
    properties = table._tbl.tblPr
    properties.insert_element_before(borders, "w:shd", "w:tblLayout", *_AFTER_MARGINS)
    margins = _oxml("w:tblCellMar")
    for edge, twips in (("top", "57"), ("left", "113"), ("bottom", "57"), ("right", "113")):
        margins.append(_oxml(f"w:{edge}", w=twips, type="dxa"))
    properties.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")


def _table(writer: _Writer, block: Table) -> None:
    """Write a computed table with a repeating header row between rules."""
    from docx.shared import Mm
    from docx.table import _Cell

    doc = writer.doc
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.columns))
    table.autofit = False
    _borders(table)
    total = sum(block.widths) or len(block.columns)
    widths = [Mm(164 * w / total) for w in (block.widths or (1,) * len(block.columns))]
    rows = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        column.w = width
    for cells in rows:
        for cell, width in zip(cells, widths, strict=True):
            cell.width = width
    table._tbl.tr_lst[0].get_or_add_trPr().append(_oxml("w:tblHeader"))
    for cell, text in zip(rows[0], block.columns, strict=True):
        writer.restyle(cell.paragraphs[0], "Table Text")
        _add_text(cell.paragraphs[0], text, bold=True, color=_INK)
    for tr, cells, values in zip(table._tbl.tr_lst[1:], rows[1:], block.rows, strict=True):
        tr.get_or_add_trPr().append(_oxml("w:cantSplit"))
        for cell, text in zip(cells, values, strict=True):
            writer.restyle(cell.paragraphs[0], "Table Text")
            _add_text(cell.paragraphs[0], text)
    doc.add_paragraph().paragraph_format.space_after = 0


_SIGNATURE_ROWS = (("Signature", 16), ("Name", 7), ("Title", 7), ("Date", 9))


def _signature(writer: _Writer, block: SignatureBlock) -> None:
    """Write a party's signature block, one small table per signatory, kept on one page."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.shared import Mm
    from docx.table import _Cell

    doc = writer.doc
    label = writer.paragraph(block.role, "Signature Label")
    label.paragraph_format.keep_with_next = True
    writer.paragraph(block.heading, "Signature Party").paragraph_format.keep_with_next = True
    widths = (Mm(26), Mm(76))
    for person in block.signatories:
        values = {"Name": person.name, "Title": person.title}
        table = doc.add_table(rows=len(_SIGNATURE_ROWS), cols=2)
        table.autofit = False
        for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
            column.w = width
        for index, (tr, (name, height)) in enumerate(
            zip(table._tbl.tr_lst, _SIGNATURE_ROWS, strict=True)
        ):
            properties = tr.get_or_add_trPr()
            properties.append(_oxml("w:cantSplit"))
            properties.append(_oxml("w:trHeight", val=str(int(Mm(height).twips)), hRule="atLeast"))
            label_cell, value_cell = (_Cell(tc, table) for tc in tr.tc_lst)
            label_cell.width, value_cell.width = widths
            for cell in (label_cell, value_cell):
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM  # on the line
                if index < len(_SIGNATURE_ROWS) - 1:
                    cell.paragraphs[0].paragraph_format.keep_with_next = True
            writer.restyle(label_cell.paragraphs[0], "Signature Label")
            _add_text(label_cell.paragraphs[0], name)
            _add_text(value_cell.paragraphs[0], values.get(name, ""))
            borders = _oxml("w:tcBorders")
            borders.append(_oxml("w:bottom", val="single", sz="4", space="0", color="8893A1"))
            value_cell._tc.get_or_add_tcPr().insert_element_before(
                borders, "w:shd", *_AFTER_SHADING
            )
        doc.add_paragraph()


def _block(writer: _Writer, block: Block) -> None:
    """Write one block with the skeleton's styles."""
    if isinstance(block, Heading):
        text = f"{block.number}\t{block.text}" if block.number else block.text
        heading = writer.paragraph(text, f"Heading {block.level}")
        if block.number:
            writer.mark(heading, block.number)
    elif isinstance(block, Paragraph):
        style = "Caption" if block.style == "caption" else "Normal"
        _add_runs(writer.paragraph("", style), block.runs)
    elif isinstance(block, ListBlock):
        for index, item in enumerate(block.items):
            if block.ordered:
                paragraph = writer.paragraph(f"{ordered_marker(index)}\t", "Lettered Item")
            else:
                paragraph = writer.paragraph("", "List Bullet")
            _add_runs(paragraph, item)
    elif isinstance(block, Table):
        _table(writer, block)
    else:
        _signature(writer, block)


BODY_MARK = "\ue001contract body\ue001"
"""What `{{ body }}` prints in the skeleton; the contract's blocks take that paragraph's place."""


def _body_anchor(doc: Any, source: Path) -> Any:
    """Find the paragraph where the skeleton printed `{{ body }}`."""
    for paragraph in doc.element.body.iterchildren(f"{_W}p"):
        if BODY_MARK in "".join(paragraph.itertext()):
            return paragraph
    raise DocxSkeletonError(
        f"{source}: has no paragraph with {{{{ body }}}}; put it where the contract text goes"
    )


def write_docx(contract: Contract, pack: Pack, target: Path) -> None:
    """Fill the pack's Word skeleton with the contract and save it to target.

    docxtpl renders the skeleton's own tags (title page, header, footer); the body is then
    written straight into the rendered document at `{{ body }}`, so docxtpl never has to
    re-parse and re-render the contract's XML as a template.
    """
    from docxtpl import DocxTemplate

    source = pack.file(SKELETON)
    try:
        skeleton = pack.read(SKELETON)
    except OSError as error:
        raise DocxSkeletonError(f"{source}: cannot be read: {error.strerror or error}") from None
    try:
        template = DocxTemplate(io.BytesIO(skeleton))
        template.init_docx()
    except Exception as error:  # python-docx raises many kinds for a damaged file
        raise DocxSkeletonError(f"{source}: is not a usable Word document ({error})") from error
    env = DataSandbox(undefined=StrictUndefined, autoescape=True)
    try:
        template.render({"contract": contract, "body": BODY_MARK}, jinja_env=env, autoescape=True)
    except TemplateError as error:
        line = getattr(error, "lineno", None)
        where = f"{source}" + (f", line {line} of the Word XML" if line else "")
        raise DocxSkeletonError(f"{where}: {error}") from error
    except Exception as error:  # whatever a user's skeleton does wrong, say where
        raise DocxSkeletonError(f"{source}: {type(error).__name__}: {error}") from error
    doc = template.docx
    anchor = _body_anchor(doc, source)
    existing = set(doc.element.body)
    writer = _Writer(doc)
    for section in contract.sections:
        heading = writer.paragraph(f"{section.number}\t{section.title}", "Heading 1")
        writer.mark(heading, section.number)
        if section.new_page:
            heading.paragraph_format.page_break_before = True
        for block in section.blocks:
            _block(writer, block)
    for element in [e for e in doc.element.body if e not in existing]:
        anchor.addprevious(element)
    anchor.getparent().remove(anchor)
    properties = doc.core_properties
    # Word's document properties hold at most 255 characters each.
    properties.title = contract.title[:255]
    properties.author = contract.author[:255]
    _set_keywords(properties, ", ".join(contract.keywords)[:255])
    # Which pack made it (not the skeleton's "generated by python-docx"): File > Info > Comments
    properties.comments = f"Template pack: {contract.template_pack}"[:255]
    properties.created = properties.modified = datetime.datetime.now(datetime.UTC).replace(
        microsecond=0, tzinfo=None
    )
    _drop_styles_with_effects(doc)
    # Zipped in memory, then written in one go: a disk that fills up mid-way fails the write
    # once, instead of leaving a half-written zip whose clean-up fails again at exit.
    packed = io.BytesIO()
    template.save(packed)
    target.write_bytes(packed.getvalue())


_CORE = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"


def _set_keywords(properties: Any, keywords: str) -> None:
    """Write the keywords into the core properties' own cp:keywords element.

    python-docx's setter adds a second element in another namespace, which Word's schema
    does not allow (openxml-audit: "Unexpected element in core properties").
    """
    element = properties._element.find(f"{_CORE}keywords")
    if element is None:
        element = properties._element.makeelement(f"{_CORE}keywords", {})
        properties._element.append(element)
    element.text = keywords


def _drop_styles_with_effects(doc: Any) -> None:
    """Leave out Word 2010's stylesWithEffects cache, which our styles would contradict.

    It is optional; Word rebuilds it. Kept, it lists the skeleton's old styles, and Word
    treats the difference as unreadable content.
    """
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rel_id)
