"""Clause wording as the contract will read it, for the boxes that show wording in the wizard.

The exclusions page's variant choices and the clause wording page both show a body with the
agreement's values filled in, rendered by the very sandbox and Markdown reader compose() uses,
so what the drafter reads before choosing is what the PDF will say. A body that cannot be
rendered is not hidden: the caller gets the reason (with the line in the body) to show.
This module renders the pack's own wording; text from a library or an agreement is rendered
by slaeditor.app.confined, in a child process with limits (gui/wording/confined_checks).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from slaeditor.app.confined import EMPTY_HTML, plain_problem
from slaeditor.compose.clause_step import (
    ClauseContext,
    clause_context,
    pack_clause_blocks,
)
from slaeditor.writers.preview_html import blocks_html

if TYPE_CHECKING:
    from slaeditor.clauses.pack import Clause
    from slaeditor.gui.editing.edited_agreement import EditedAgreement
    from slaeditor.model import Agreement


@dataclass(frozen=True)
class Rendered:
    """A rendered body: HTML to show, or None and the reason it cannot be rendered."""

    html: str | None
    problem: str = ""


def preview_context(document: EditedAgreement) -> ClauseContext | None:
    """Build the clause values from the agreement, or None while the draft is invalid."""
    agreement = document.result.agreement
    return None if agreement is None else agreement_context(agreement)


def agreement_context(agreement: Agreement) -> ClauseContext | None:
    """Build the clause values of a valid agreement (None if that fails)."""
    try:
        return clause_context(agreement)
    except Exception:  # a preview never stops the editor; the raw wording is shown instead
        return None


def render_wording(
    context: ClauseContext | None, clause: Clause, variant: str, body: str
) -> Rendered:
    """Render one body as the contract will say it, as HTML, or say why it cannot be."""
    if context is None:
        return Rendered(None)
    try:
        blocks = pack_clause_blocks(context, clause, variant, body)
    except Exception as error:  # clause text is user input: every failure becomes a message
        return Rendered(None, plain_problem(str(error)))
    return Rendered(blocks_html(blocks) or EMPTY_HTML)
