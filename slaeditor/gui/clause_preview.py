"""Clause wording as the contract will read it, for the boxes that show wording in the wizard.

The exclusions page's variant choices and the clause wording page both show a body with the
agreement's values filled in, rendered by the very sandbox and Markdown reader compose() uses,
so what the drafter reads before choosing is what the PDF will say. A body that cannot be
rendered is not hidden: the caller gets the reason (with the line in the body) to show.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from slaeditor.clauses.pack import Clause

if TYPE_CHECKING:
    from collections.abc import Sequence

    from slaeditor.gui.document import Document
    from slaeditor.model import Agreement
    from slaeditor.render.contract import Block, Run

EMPTY_HTML = "<p><i>(This wording adds no text for this agreement.)</i></p>"
_TEXT_SOURCE = Path("the wording")
"""Named in a render problem instead of a file: the text lives in the agreement or a box."""
_WHERE = "the text"


@dataclass(frozen=True)
class Rendered:
    """A rendered body: HTML to show, or None and the reason it cannot be rendered."""

    html: str | None
    problem: str = ""


def preview_context(document: Document) -> dict[str, Any] | None:
    """Build the clause variables from the agreement, or None while the draft is invalid."""
    agreement = document.result.agreement
    return None if agreement is None else agreement_context(agreement)


def agreement_context(agreement: Agreement) -> dict[str, Any] | None:
    """Build the clause variables of a valid agreement (None if that fails).

    The render modules are imported here, on first use, so they do not slow the start.
    """
    from slaeditor.render.compose import clause_environment
    from slaeditor.render.views import build_context

    try:
        env = clause_environment(agreement.document.locale, agreement.document.currency)
        return {"env": env, "agreement": agreement, **build_context(agreement, env.formatter)}
    except Exception:  # a preview never stops the editor; the raw wording is shown instead
        return None


def text_clause(clause_id: str, title: str, variant: str, body: str) -> Clause:
    """Wrap a body that is not in the pack (a library's, or edited text) for the renderer."""
    return Clause(
        id=clause_id,
        title=title,
        section="",
        scope="service",
        guidance="",
        variants={variant: body},
        source=_TEXT_SOURCE,
        lines={variant: 1},
    )


def render_wording(
    context: dict[str, Any] | None, clause: Clause, variant: str, body: str
) -> Rendered:
    """Render one body as the contract will say it, as HTML, or say why it cannot be."""
    if context is None:
        return Rendered(None)
    from slaeditor.render.compose import _expand, _render_clause
    from slaeditor.render.markdown import to_blocks

    env = context["env"]
    try:
        text = _render_clause(env, clause, variant, body, context)
        blocks = _expand(
            to_blocks(text), context["agreement"], context["services"], env.formatter, clause
        )
    except Exception as error:  # clause text is user input: every failure becomes a message
        return Rendered(None, _plain(str(error)))
    return Rendered(blocks_html(blocks) or EMPTY_HTML)


def render_text(context: dict[str, Any] | None, clause: Clause, text: str) -> Rendered:
    """Render text that is not the pack's (a library's, or edited) as compose() will.

    Such text may arrive in a shared library or an agreement file, so it passes the core's
    checks for hostile text (sandbox escapes, local files) before the sandbox sees it; a
    problem names the line within the text.
    """
    if context is None:
        return Rendered(None)
    from slaeditor.render.compose import _expand
    from slaeditor.render.compose import render_text as render
    from slaeditor.render.markdown import to_blocks

    env = context["env"]
    try:
        rendered = render(env, _WHERE, text, context)
        blocks = _expand(
            to_blocks(rendered), context["agreement"], context["services"], env.formatter, clause
        )
    except Exception as error:  # clause text is user input: every failure becomes a message
        return Rendered(None, _plain(str(error)))
    return Rendered(blocks_html(blocks) or EMPTY_HTML)


def _plain(message: str) -> str:
    """Word a render error for a box that is about one text ("line 3: …")."""
    for prefix in (f"{_TEXT_SOURCE}, ", f"{_TEXT_SOURCE}: ", f"{_WHERE}, ", f"{_WHERE}: "):
        if message.startswith(prefix):
            message = message.removeprefix(prefix)
            break
    return message.replace(" of its text:", ":", 1)


def blocks_html(blocks: Sequence[Block]) -> str:
    """Lay out rendered clause blocks as simple HTML for the read-only wording box."""
    from slaeditor.render.contract import Heading, ListBlock, Paragraph, Table

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
