"""Compose an Agreement and a template pack into one format-neutral Contract.

This is the only place where clause text meets agreement values; the DOCX and PDF writers lay
out the result, so both formats say the same words.
"""

from __future__ import annotations

import dataclasses
import functools
import traceback
from typing import TYPE_CHECKING, Any

from jinja2 import TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from slaeditor.clauses import Pack, load_pack
from slaeditor.render.budget import LimitExceeded
from slaeditor.render.contract import (
    Block,
    Contract,
    Cover,
    Heading,
    Paragraph,
    Section,
    SignatoryLine,
    SignatureBlock,
    Table,
)
from slaeditor.render.environment import ClauseEnvironment, Formatter
from slaeditor.render.labels import LABELS
from slaeditor.render.markdown import table_name, to_blocks
from slaeditor.render.signatures import FieldNames
from slaeditor.render.tables import BUILDERS
from slaeditor.render.views import ServiceView, build_context, short, unnamed_customer

if TYPE_CHECKING:
    from slaeditor.clauses import Clause
    from slaeditor.model import Agreement, Party

_SUBTITLES = {
    "customer-based": "Customer-based service level agreement",
    "service-based": "Service-based service level agreement",
    "multi-level": "Multi-level service level agreement",
}


class RenderError(Exception):
    """A contract that cannot be produced; the message names the file, clause and line."""


class TextRenderError(RenderError):
    """Clause text outside the pack that does not render: where, the line in it, and why."""

    def __init__(self, where: str, line: int | None, detail: str) -> None:
        at = f", line {line} of its text" if line else ""
        super().__init__(f"{where}{at}: {detail}")
        self.line = line
        self.detail = detail


@functools.lru_cache(maxsize=8)
def clause_environment(locale: str, currency: str) -> ClauseEnvironment:
    """Return the sandbox for a locale and currency, keeping compiled clauses between renders."""
    formatter = Formatter(locale, currency)

    def budget(service: ServiceView, window: str = "month") -> str:
        return formatter.seconds(service.budget_seconds(window))

    return ClauseEnvironment(formatter, {"budget": budget})


def _template_line(error: BaseException) -> int | None:
    """Find the line inside the clause body where rendering failed."""
    if isinstance(error, TemplateSyntaxError):
        return error.lineno
    line = None
    for frame, lineno in traceback.walk_tb(error.__traceback__):
        if frame.f_code.co_filename == "<template>":
            line = lineno
    return line


def _clause_error(clause: Clause, variant: str, error: Exception) -> RenderError:
    """Explain a failing clause with its file and the line in that file."""
    line = _template_line(error)
    start = clause.lines.get(variant)
    where = f"{clause.source}, line {start + line - 1}" if start and line else str(clause.source)
    detail = _clause_error_detail(error)
    return RenderError(f"{where}: clause '{clause.id}' ({variant} variant) {detail}")


def _clause_error_detail(error: Exception) -> str:
    """Say what went wrong in a clause body, in words a template author can act on."""
    if isinstance(error, LimitExceeded):
        detail = f"does too much work: {error}; a clause only prints the agreement's values"
    elif isinstance(error, SecurityError):
        detail = (
            f"uses something the sandbox forbids ({error}); a clause may only read the "
            "agreement's values"
        )
    elif isinstance(error, UndefinedError):
        detail = f"{error}; check the spelling against docs/templates.md"
    elif isinstance(error, TemplateSyntaxError):
        detail = f"template syntax error: {error.message}"
    else:
        detail = f"fails: {type(error).__name__}: {error}"
    return detail


def _render_clause(
    env: ClauseEnvironment, clause: Clause, variant: str, body: str, context: dict[str, Any]
) -> str:
    """Render one clause body in the sandbox."""
    try:
        return env.compile(body).render(context)
    except Exception as error:  # a clause is user input: every failure is reported, with its line
        raise _clause_error(clause, variant, error) from error


def render_text(env: ClauseEnvironment, where: str, text: str, context: dict[str, Any]) -> str:
    """Render clause text that did not come from the pack (an agreement's copy, a preview).

    It may have arrived inside an agreement file (perhaps by e-mail), so it gets the library
    checks (no sandbox escapes, no local links) before the sandbox even sees it. Errors name
    `where` and the line within the text.
    """
    from slaeditor.clauses.checks import hostile_problems

    problems = hostile_problems(text)
    if problems:
        raise TextRenderError(where, problems[0].line, problems[0].message)
    try:
        return env.compile(text).render(context)
    except Exception as error:  # the text is user input: every failure is a message
        raise TextRenderError(where, _template_line(error), _clause_error_detail(error)) from error


def _expand(
    blocks: list[Block],
    agreement: Agreement,
    services: list[ServiceView],
    fmt: Formatter,
    clause: Clause,
) -> list[Block]:
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
        expanded.extend(_single_line_cells(b) for b in builder(agreement, services, fmt))
    return expanded


def _single_line_cells(block: Block) -> Block:
    """Fold line breaks inside table cells (multi-line descriptions, addresses) to spaces."""
    if not isinstance(block, Table):
        return block
    rows = tuple(tuple(" ".join(cell.split()) for cell in row) for row in block.rows)
    return dataclasses.replace(block, rows=rows)


def _signature_blocks(agreement: Agreement) -> list[Block]:
    """Give every party a block with a place for each of its signatories."""
    blocks: list[Block] = []
    parties: list[tuple[str, Party]] = [("Provider", agreement.provider)]
    parties.append(("Customer", agreement.customer or unnamed_customer()))
    names = FieldNames()
    for role, party in parties:
        people = [(s.name, s.title) for s in party.signatories] or [("", "")]
        lines = tuple(
            SignatoryLine(name, title, names.next(short(party), name), f"sig-{names.count}")
            for name, title in people
        )
        blocks.append(SignatureBlock(party.name, role, lines))
    return blocks


def _cover(agreement: Agreement) -> Cover:
    """Build the title page from the agreement's own data."""
    document = agreement.document
    customer = agreement.customer
    parties = (agreement.provider.name, customer.name if customer else "its customers")
    details = [
        ("Agreement", document.agreement_id),
        ("Version", document.version),
        ("Status", LABELS[document.status.value]),
        (
            "Effective date",
            clause_environment(document.locale, document.currency).formatter.date(
                agreement.term.effective_date
            ),
        ),
    ]
    return Cover(
        title=document.title,
        subtitle=_SUBTITLES[agreement.sla_type.value],
        parties=parties,
        details=tuple((k, v) for k, v in details if v),
    )


def compose(agreement: Agreement, pack: Pack | None = None) -> Contract:
    """Render every clause of the pack's outline for this agreement into a Contract."""
    pack = pack or load_pack(agreement.template)
    problems = [
        f"clause_variants.{cid}: {text}"
        for cid, text in pack.choice_problems(agreement.clause_variants)
    ] + [f"clauses.{slot}: {text}" for slot, text in pack.slot_problems(agreement.clauses)]
    if problems:
        listed = "; ".join(problems)
        raise RenderError(f"the agreement chooses clauses the pack does not have: {listed}")
    env = clause_environment(agreement.document.locale, agreement.document.currency)
    context = build_context(agreement, env.formatter)
    services: list[ServiceView] = context["services"]
    sections: list[Section] = []
    for spec in pack.sections:
        number = str(len(sections) + 1)
        blocks: list[Block] = []
        for clause_id in spec.clauses:
            clause = pack.clauses[clause_id]
            choice = agreement.clauses.get(clause_id)
            if choice is not None:
                where = f"clauses.{clause_id} (clause '{choice.clause}' of '{choice.library}')"
                text = render_text(env, where, choice.text, context)
            else:
                variant, body = clause.body(agreement.clause_variants.get(clause_id, "standard"))
                text = _render_clause(env, clause, variant, body, context)
            clause_blocks = _expand(to_blocks(text), agreement, services, env.formatter, clause)
            if not clause_blocks:
                continue
            title = choice.title if choice is not None and choice.title else clause.title
            if title:
                count = sum(1 for b in blocks if isinstance(b, Heading) and b.level == 2)
                blocks.append(Heading(2, f"{number}.{count + 1}", title))
            blocks.extend(clause_blocks)
        if spec.id == "signatures":
            blocks.extend(_signature_blocks(agreement))
        if blocks:
            sections.append(Section(spec.id, number, spec.title, tuple(blocks), spec.new_page))
    customer = agreement.customer
    header = agreement.document.title
    parties = (
        f"{short(agreement.provider)} – {short(customer)}"
        if customer
        else short(agreement.provider)
    )
    cover = _cover(agreement)
    document = agreement.document
    return Contract(
        title=document.title,
        running_header=f"{header} · {parties}",
        locale=document.locale,
        cover=cover,
        sections=sections,
        keywords=tuple(
            keyword
            for keyword in (
                "service level agreement",
                agreement.sla_type.value,
                document.agreement_id,
                *cover.parties,
                *(s.name for s in services),
            )
            if keyword
        ),
        author=agreement.provider.name,
        subject=_subject(agreement, cover),
        agreement_id=document.agreement_id,
        version=document.version,
    )


def _subject(agreement: Agreement, cover: Cover) -> str:
    """Say in one line what the document is, for the PDF's subject (document properties)."""
    document = agreement.document
    what = _SUBTITLES[agreement.sla_type.value]
    if document.agreement_id:
        what += f" {document.agreement_id}"
    if document.version:
        what += f", version {document.version}"
    return f"{what}, between {' and '.join(cover.parties)}"
