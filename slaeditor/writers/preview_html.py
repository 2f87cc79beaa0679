"""Clause blocks as the simple HTML Qt's rich-text boxes show: the wizard's wording previews.

The wizard shows a wording filled in with the agreement's values before the drafter chooses
it; the blocks come from compose's own clause step, and this writer lays them out in the
subset of HTML a QTextBrowser reads. Every text is escaped: a value never becomes markup.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from slaeditor.templating.blocks import Heading, ListBlock, Paragraph, Table

if TYPE_CHECKING:
    from collections.abc import Sequence

    from slaeditor.templating.blocks import Block, Run


def blocks_html(blocks: Sequence[Block]) -> str:
    """Lay out rendered clause blocks as simple HTML for the read-only wording box."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            parts.append(f"<p><b>{html.escape(block.text)}</b></p>")
        elif isinstance(block, Paragraph):
            parts.append(f"<p>{_runs_html(block.runs)}</p>")
        elif isinstance(block, ListBlock):
            tag = "ol" if block.ordered else "ul"
            items = "".join(f"<li>{_runs_html(item)}</li>" for item in block.items)
            parts.append(f"<{tag}>{items}</{tag}>")
        elif isinstance(block, Table):
            head = "".join(f"<th align='left'>{html.escape(c)}</th>" for c in block.columns)
            body = "".join(
                "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
                for row in block.rows
            )
            parts.append(
                f"<table border='1' cellspacing='0' cellpadding='3'><tr>{head}</tr>{body}</table>"
            )
    return "".join(parts)


def _runs_html(runs: Sequence[Run]) -> str:
    out = []
    for run in runs:
        text = html.escape(run.text)
        if run.bold:
            text = f"<b>{text}</b>"
        if run.italic:
            text = f"<i>{text}</i>"
        out.append(text)
    return "".join(out)
