"""Word fields: bookmarks on clause headings, REF cross-references and the table of contents.

A clause number in the Word file is Word's own list numbering (the skeleton's heading styles
carry it), so a lawyer who inserts a clause under track changes gets the numbers renumbered
by Word. Every cross-reference is therefore a REF field to the cited heading's bookmark,
with the number it has today as the field's cached result: it reads right before the fields
are updated and follows the clause after. The table of contents is a TOC field whose cached
result carries the PDF's page numbers, marked so that Word updates it on opening.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slaeditor.templating.blocks import CONTENTS_LEVELS, contents_entries
from slaeditor.writers.word_xml import W, add_text, element, run_element

if TYPE_CHECKING:
    from collections.abc import Mapping

    from slaeditor.templating.blocks import Contract, Run

__all__ = [
    "CONTENTS_TITLE",
    "add_contents",
    "add_reference",
    "bookmark",
    "field_runs",
    "update_fields_on_open",
]

CONTENTS_TITLE = "Contents"


def bookmark(number: str) -> str:
    """Name a clause's bookmark: Word takes letters, digits and underscores ("clause_8_3")."""
    return "clause_" + number.replace(".", "_")


def field_runs(instruction: str, result: str, *, dirty: bool = False) -> list[Any]:
    """Return the runs of a complex field: begin, instruction, separate, result, end."""
    begin = element("w:fldChar", fldCharType="begin")
    if dirty:
        begin.set(f"{W}dirty", "true")
    code = element("w:instrText")
    code.text = f" {instruction} "
    code.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    runs = [_run_of(begin), _run_of(code), _run_of(element("w:fldChar", fldCharType="separate"))]
    runs.append(run_element(result))
    runs.append(_run_of(element("w:fldChar", fldCharType="end")))
    return runs


def _run_of(child: Any) -> Any:
    run = element("w:r")
    run.append(child)
    return run


def add_reference(paragraph: Any, run: Run, numbered: bool) -> None:
    r"""Write a cross-reference ("clause 8.3") as a REF field to the heading's bookmark.

    `\w` asks for the paragraph's number in full context ("8.3"), `\h` makes it a link.
    Without Word numbering in the skeleton the number is typed text, so the reference is a
    plain link to the bookmark instead.
    """
    if not numbered or not run.text.endswith(run.ref):
        link = element("w:hyperlink", anchor=bookmark(run.ref), history="1")
        paragraph._p.append(link)
        add_text(paragraph, run.text, run.bold, run.italic, into=link)
        return
    words = run.text[: -len(run.ref)]
    if words:
        add_text(paragraph, words, run.bold, run.italic)
    for element_ in field_runs(f"REF {bookmark(run.ref)} \\w \\h", run.ref):
        paragraph._p.append(element_)


def add_contents(writer: Any, contract: Contract, pages: Mapping[str, int] | None) -> None:
    """Write the table of contents: a heading, then a TOC field with one entry per line.

    `writer.paragraph(text, style)` adds a paragraph in a skeleton style; "toc 1" and
    "toc 2" are Word's own names for the contents styles, so Word's update keeps them.
    """
    writer.paragraph(CONTENTS_TITLE, writer.style_or("Contents Heading", "Heading 1"))
    entries = contents_entries(contract)
    instruction = f'TOC \\o "1-{CONTENTS_LEVELS}" \\h \\z \\u'
    first = True
    paragraph = None
    for entry in entries:
        level, number, title = entry.level, entry.number, entry.title
        paragraph = writer.paragraph("", writer.style_or(f"toc {level}", "Normal"))
        if first:  # the field starts in the first entry's paragraph
            begin, code, separate, _, _ = field_runs(instruction, "", dirty=True)
            paragraph._p.extend([begin, code, separate])
            first = False
        link = element("w:hyperlink", anchor=bookmark(number), history="1")
        paragraph._p.append(link)
        link.append(run_element(f"{number}\t{title}\t"))
        page = pages.get(number) if pages else None
        link.extend(field_runs(f"PAGEREF {bookmark(number)} \\h", str(page or "")))
    if paragraph is not None:
        paragraph._p.append(_run_of(element("w:fldChar", fldCharType="end")))


def update_fields_on_open(settings: Any) -> None:
    """Ask Word to update the fields (the contents' page numbers) when it opens the file."""
    if settings.find(f"{W}updateFields") is not None:
        return
    update = element("w:updateFields", val="true")
    # The schema's order (ECMA-376 §17.15.1.78): updateFields stands before these.
    for follower in ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids"):
        found = settings.find(f"{W}{follower}")
        if found is not None:
            found.addprevious(update)
            return
    settings.append(update)
