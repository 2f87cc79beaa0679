"""One clause of the contract, from its text to its blocks: the step compose() repeats.

Public so that what the wizard shows for a wording (before the drafter chooses it) comes from
the very same step as the contract: render in the sandbox, read the Markdown, put in the
computed tables. A failure names the clause's file and the line, or the line within the text.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slaeditor.compose.tables import BUILDERS
from slaeditor.errors import RenderError
from slaeditor.templating.blocks import Block, Paragraph, Table
from slaeditor.templating.clause_data import ServiceView, build_context
from slaeditor.templating.environment import clause_environment
from slaeditor.templating.markdown import table_name, to_blocks
from slaeditor.templating.text import error_detail, render_text, template_line

if TYPE_CHECKING:
    from slaeditor.clauses import Clause
    from slaeditor.model import Agreement, ClauseChoice
    from slaeditor.templating.environment import ClauseEnvironment


@dataclass(frozen=True)
class ClauseContext:
    """What every clause of one agreement is rendered with: the sandbox and the values."""

    agreement: Agreement
    env: ClauseEnvironment
    values: dict[str, Any]

    @property
    def services(self) -> list[ServiceView]:
        """The agreement's services, resolved, as clause bodies see them."""
        services: list[ServiceView] = self.values["services"]
        return services


def clause_context(agreement: Agreement) -> ClauseContext:
    """Build the sandbox and the values for an agreement's clauses (its locale and currency)."""
    env = clause_environment(agreement.document.locale, agreement.document.currency)
    return ClauseContext(agreement, env, build_context(agreement, env.formatter))


def wording_blocks(
    context: ClauseContext, clause: Clause, choice: ClauseChoice | None
) -> list[Block]:
    """Turn one slot of the outline into blocks: the wording chosen, else the pack's standard.

    The one way compose() and the wizard's previews read a slot. The pack's own wording is
    read from the pack (errors name its file and line); a copied or edited text passes the
    hostile-text checks first (errors name the slot and the line within the text).
    """
    if choice is None or choice.from_pack:
        variant, body = clause.body(choice.variant if choice is not None else "standard")
        return pack_clause_blocks(context, clause, variant, body)
    source = f"clause '{choice.clause or clause.id}' of '{choice.library}'"
    if not choice.library:
        source = f"the template pack's clause '{clause.id}', edited"
    return text_blocks(context, clause, f"clauses.{clause.id} ({source})", choice.text or "")


def pack_clause_blocks(
    context: ClauseContext, clause: Clause, variant: str, body: str
) -> list[Block]:
    """Render a body from a template pack; errors name the pack file and its line."""
    try:
        text = context.env.compile(body).render(context.values)
    except Exception as error:  # a clause is user input: every failure is reported, with its line
        raise _clause_error(clause, variant, error) from error
    return _expand(to_blocks(text), context, clause)


def text_blocks(context: ClauseContext, clause: Clause, where: str, text: str) -> list[Block]:
    """Render text recorded outside the pack (a library's copy, edited wording).

    It passes the hostile-text checks first (templating.text.render_text); errors name
    `where` and the line within the text.
    """
    rendered = render_text(context.env, where, text, context.values)
    return _expand(to_blocks(rendered), context, clause)


def _clause_error(clause: Clause, variant: str, error: Exception) -> RenderError:
    """Explain a failing clause with its file and the line in that file."""
    line = template_line(error)
    start = clause.lines.get(variant)
    where = f"{clause.source}, line {start + line - 1}" if start and line else str(clause.source)
    detail = error_detail(error)
    return RenderError(f"{where}: clause '{clause.id}' ({variant} variant) {detail}")


def _expand(blocks: list[Block], context: ClauseContext, clause: Clause) -> list[Block]:
    """Replace table placeholders with the computed tables."""
    expanded: list[Block] = []
    for block in blocks:
        name = table_name(block) if isinstance(block, Paragraph) else None
        if name is None:
            expanded.append(block)
            continue
        builder = BUILDERS.get(name)
        if builder is None:
            known = ", ".join(sorted(BUILDERS))
            raise RenderError(
                f"{clause.source}: clause '{clause.id}' asks for table '{name}', "
                f"which does not exist; use one of {known}"
            )
        tables = builder(context.agreement, context.services, context.env.formatter)
        expanded.extend(_single_line_cells(b) for b in tables)
    return expanded


def _single_line_cells(block: Block) -> Block:
    """Fold line breaks inside table cells (multi-line descriptions, addresses) to spaces."""
    if not isinstance(block, Table):
        return block
    rows = tuple(tuple(" ".join(cell.split()) for cell in row) for row in block.rows)
    return dataclasses.replace(block, rows=rows)
