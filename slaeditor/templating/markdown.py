"""Turn a rendered clause (Markdown) into Contract blocks.

Only the structures a contract needs are recognised: paragraphs, bold and italic, bullet and
numbered lists and sub-headings; raw HTML is off, so a stray `<` is just a character.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt

from slaeditor.templating.blocks import Block, Heading, ListBlock, Paragraph, Run
from slaeditor.templating.environment import TABLE_MARK

if TYPE_CHECKING:
    from markdown_it.token import Token


@functools.cache
def parser() -> MarkdownIt:
    """Build the CommonMark parser once; no HTML, no typographer surprises.

    The clause checks read links and images with this same parser, so what they refuse is
    what compose() would have seen.
    """
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def _runs(inline: Token) -> tuple[Run, ...]:
    """Collect the text runs of an inline token, tracking bold and italic."""
    runs: list[Run] = []
    bold = italic = False
    for child in inline.children or []:
        kind = child.type
        if kind == "strong_open":
            bold = True
        elif kind == "strong_close":
            bold = False
        elif kind == "em_open":
            italic = True
        elif kind == "em_close":
            italic = False
        elif kind in ("softbreak", "hardbreak"):
            runs.append(Run(" ", bold, italic))
        elif kind in ("text", "code_inline", "html_inline") or kind == "image":
            runs.append(Run(child.content, bold, italic))
    return _merge(runs)


def _merge(runs: list[Run]) -> tuple[Run, ...]:
    """Join neighbouring runs of the same emphasis so writers emit fewer, longer runs."""
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        elif run.text:
            merged.append(run)
    return tuple(merged)


def table_name(paragraph: Paragraph) -> str | None:
    """Return the table a placeholder paragraph stands for, if it is one."""
    text = paragraph.text.strip()
    if len(text) > 2 and text[0] == TABLE_MARK and text[-1] == TABLE_MARK:
        return text[1:-1]
    return None


def to_blocks(markdown: str) -> list[Block]:
    """Parse Markdown into blocks; `### x` becomes a level-3 heading."""
    return list(_parsed(markdown))


@functools.lru_cache(maxsize=1024)
def _parsed(markdown: str) -> tuple[Block, ...]:
    """Parse once per text: a preview after an edit re-parses only the clauses it changed.

    Blocks are frozen, so the kept ones are shared safely.
    """
    tokens = parser().parse(markdown)
    blocks: list[Block] = []
    items: list[tuple[Run, ...]] = []
    list_stack: list[bool] = []
    pending_heading = 0
    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            list_stack.append(kind == "ordered_list_open")
            if len(list_stack) == 1:
                items = []
        elif kind in ("bullet_list_close", "ordered_list_close"):
            ordered = list_stack.pop()
            if not list_stack and items:
                blocks.append(ListBlock(tuple(i for i in items if i), ordered))
        elif kind == "list_item_open":
            items.append(())
        elif kind == "heading_open":
            pending_heading = int(token.tag[1])
        elif kind == "inline":
            runs = _runs(token)
            if pending_heading:
                text = "".join(run.text for run in runs)
                blocks.append(Heading(3, "", text))
                pending_heading = 0
            elif list_stack:
                joiner = (Run(" "),) if items[-1] else ()
                items[-1] = _merge([*items[-1], *joiner, *runs])
            elif runs:
                blocks.append(Paragraph(runs))
        elif kind in ("fence", "code_block"):
            blocks.append(Paragraph((Run(token.content.strip()),)))
    return tuple(blocks)
