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

from slaeditor.errors import RenderError
from slaeditor.templating.blocks import Heading, ListBlock, Paragraph, Table
from slaeditor.templating.sandbox import DataSandbox
from slaeditor.writers.block_kinds import ordered_marker
from slaeditor.writers.word_fields import (
    add_contents,
    add_reference,
    bookmark,
    update_fields_on_open,
)
from slaeditor.writers.word_tables import write_signature, write_table
from slaeditor.writers.word_xml import W, add_text, element

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from slaeditor.clauses import Pack
    from slaeditor.templating.blocks import Block, Contract, Run

SKELETON = "contract.docx"
CLAUSE_NUMBERING = "SLA clause numbering"
"""The skeleton's multilevel list for sections and clauses, tied to Heading 1 and 2."""
LETTERED_LIST = "SLA lettered items"
"""The skeleton's list for (a), (b) …; every lettered list restarts it."""


class DocxSkeletonError(RenderError):
    """A Word skeleton that cannot be used; names the file."""


class _Writer:
    """Add blocks to the body, looking each style and list definition up only once.

    python-docx scans every style on each lookup by name, which was most of the export time.
    """

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.ids = {style.name: style.style_id for style in doc.styles}
        self.bookmarks = 0
        self.numbering = doc.part.numbering_part.element
        self.numbered = _heading_numbering(doc) is not None
        self.lettered = _abstract_list(self.numbering, LETTERED_LIST)

    def style_or(self, name: str, fallback: str) -> str:
        """Return a style's name if the skeleton has it, else the fallback's."""
        return name if name in self.ids else fallback

    def heading(self, level: int, number: str, text: str) -> Any:
        """Add a heading: Word's numbering prints its number, or the number is typed.

        A numbered heading is bookmarked by its number ("clause_8_3") around its text, for
        links, REF fields and the contents; the paragraph is built in document order (its
        properties, the bookmark's start, the text, the bookmark's end), so nothing is
        inserted at a hand-counted position.
        """
        paragraph = self.paragraph("", f"Heading {level}")
        typed = not (self.numbered and number)
        if typed and self.numbered and level <= 2:  # an unnumbered heading leaves the count
            paragraph._p.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = 0
        ident = ""
        if number:
            self.bookmarks += 1
            ident = str(self.bookmarks)
            paragraph._p.append(element("w:bookmarkStart", id=ident, name=bookmark(number)))
        add_text(paragraph, f"{number}\t{text}" if typed and number else text)
        if ident:
            paragraph._p.append(element("w:bookmarkEnd", id=ident))
        return paragraph

    def lettered_list(self) -> int | None:
        """Start a new (a), (b) … list; return its numbering id, or None to type markers."""
        if self.lettered is None:
            return None
        number = self.numbering.add_num(self.lettered)
        override = number.add_lvlOverride(ilvl=0)
        override.add_startOverride(1)
        return int(number.numId)

    def paragraph(self, text: str = "", style: str = "Normal") -> Any:
        """Add a paragraph in a style of the skeleton."""
        paragraph = self.doc.add_paragraph()
        self.restyle(paragraph, style)
        if text:
            add_text(paragraph, text)
        return paragraph

    def restyle(self, paragraph: Any, style: str) -> None:
        """Set a new paragraph's style by its id; Normal needs no mark-up.

        A style the skeleton lacks (a firm's own skeleton may have only Word's built-in
        styles) leaves the paragraph in Normal rather than failing the export.
        """
        if style != "Normal" and style in self.ids:  # one pPr, its pStyle first: the schema's
            paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = self.ids[style]


def _abstract_list(numbering: Any, name: str) -> int | None:
    """Find a list definition of the skeleton by its name."""
    for abstract in numbering.iterchildren(f"{W}abstractNum"):
        label = abstract.find(f"{W}name")
        if label is not None and label.get(f"{W}val") == name:
            return int(abstract.get(f"{W}abstractNumId"))
    return None


def _heading_numbering(doc: Any) -> Any:
    """Return Heading 1's list numbering if the skeleton's heading styles carry it."""
    try:
        properties = doc.styles["Heading 1"].element.pPr
    except KeyError:
        return None
    return None if properties is None else properties.numPr


def _add_runs(paragraph: Any, runs: tuple[Run, ...], numbered: bool) -> None:
    """Append runs with their emphasis; a cross-reference becomes a REF field."""
    for run in runs:
        if run.ref:
            add_reference(paragraph, run, numbered)
        else:
            add_text(paragraph, run.text, run.bold, run.italic)


def _list(writer: _Writer, block: ListBlock) -> None:
    """Write a bulleted list, or a lettered one numbered by Word."""
    list_id = writer.lettered_list() if block.ordered else None
    for index, item in enumerate(block.items):
        if not block.ordered:
            paragraph = writer.paragraph("", "List Bullet")
        elif list_id is None:
            paragraph = writer.paragraph(f"{ordered_marker(index)}\t", "Lettered Item")
        else:
            paragraph = writer.paragraph("", "Lettered Item")
            numbers = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            numbers.get_or_add_ilvl().val = 0
            numbers.get_or_add_numId().val = list_id
        _add_runs(paragraph, item, writer.numbered)


def _introduces(block: Block, following: Block | None) -> bool:
    """Tell whether a paragraph leads in to the list or table after it ("… are:")."""
    return isinstance(block, Paragraph) and isinstance(following, ListBlock | Table)


def _block(writer: _Writer, block: Block, following: Block | None = None) -> Any:
    """Write one block with the skeleton's styles; return a paragraph it wrote, if one.

    *following* is the next block of the section (None at its end: a section heading).
    """
    if isinstance(block, Heading):
        writer.heading(block.level, block.number, block.text)
    elif isinstance(block, Paragraph):
        style = "Caption" if block.style == "caption" else "Normal"
        paragraph = writer.paragraph("", style)
        _add_runs(paragraph, block.runs, writer.numbered)
        return paragraph
    elif isinstance(block, ListBlock):
        _list(writer, block)
    elif isinstance(block, Table):
        write_table(writer, block, heading_next=following is None or isinstance(following, Heading))
    else:
        write_signature(writer, block)


BODY_MARK = "\ue001contract body\ue001"
"""What `{{ body }}` prints in the skeleton; the contract's blocks take that paragraph's place."""


def _body_anchor(doc: Any, source: Path) -> Any:
    """Find the paragraph where the skeleton printed `{{ body }}`."""
    for paragraph in doc.element.body.iterchildren(f"{W}p"):
        if BODY_MARK in "".join(paragraph.itertext()):
            return paragraph
    raise DocxSkeletonError(
        f"{source}: has no paragraph with {{{{ body }}}}; put it where the contract text goes"
    )


def write_docx(
    contract: Contract, pack: Pack, target: Path, pages: Mapping[str, int] | None = None
) -> None:
    """Fill the pack's Word skeleton with the contract and save it to target.

    docxtpl renders the skeleton's own tags (title page, header, footer); the body is then
    written straight into the rendered document at `{{ body }}`, so docxtpl never has to
    re-parse and re-render the contract's XML as a template. `pages` gives the PDF's page
    of each section and clause number, for the contents' cached page numbers.
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
    if contract.contents:
        add_contents(writer, contract, pages)
        update_fields_on_open(doc.settings.element)
    for index, section in enumerate(contract.sections):
        heading = writer.heading(1, section.number, section.title)
        if section.new_page or (index == 0 and contract.contents):  # contents on their own pages
            heading.paragraph_format.page_break_before = True
        for block, following in zip(section.blocks, (*section.blocks[1:], None), strict=True):
            written = _block(writer, block, following)
            if _introduces(block, following) and written is not None:
                written.paragraph_format.keep_with_next = True  # a lead-in stays with it
    for written in [e for e in doc.element.body if e not in existing]:
        anchor.addprevious(written)
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
