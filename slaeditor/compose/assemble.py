"""Compose an Agreement and a template pack into one format-neutral Contract.

This is the only place where clause text meets agreement values; the DOCX and PDF writers lay
out the result, so both formats say the same words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from slaeditor.clauses import Pack, load_pack
from slaeditor.compose.clause_step import clause_context, wording_blocks
from slaeditor.compose.definitions import settle_definitions
from slaeditor.compose.references import number_references
from slaeditor.compose.repeats import merge_repeated_items
from slaeditor.compose.signatories import FieldNames
from slaeditor.compose.typography import curly, typographic, typographic_cover
from slaeditor.errors import RenderError
from slaeditor.model import DocumentStatus
from slaeditor.templating.blocks import (
    Block,
    Contract,
    Cover,
    Heading,
    Section,
    SignatoryLine,
    SignatureBlock,
)
from slaeditor.templating.clause_data import short
from slaeditor.templating.environment import clause_environment
from slaeditor.templating.labels import LABELS

if TYPE_CHECKING:
    from slaeditor.model import Agreement, Party

__all__ = ["RenderError", "compose"]

_SUBTITLES = {
    "customer-based": "Customer-based service level agreement",
    "service-based": "Service-based service level agreement",
    "multi-level": "Multi-level service level agreement",
}


OWN_DEFINITIONS = "definitions-additional"
"""The clause that prints the agreement's own definitions (which replace the pack's)."""


def _signature_blocks(agreement: Agreement) -> list[Block]:
    """Give every party a block with a place for each of its signatories.

    Standard terms offered to every customer (no customer named) are signed by the provider
    only: a customer accepts them by ordering (the pack's signature statement says so).
    """
    blocks: list[Block] = []
    parties: list[tuple[str, Party]] = [("Provider", agreement.provider)]
    if agreement.customer is not None:
        parties.append(("Customer", agreement.customer))
    names = FieldNames()
    for role, party in parties:
        people = [(s.name, s.title) for s in party.signatories] or [("", "")]
        lines = tuple(
            SignatoryLine(name, title, names.next(short(party), name), f"sig-{names.count}")
            for name, title in people
        )
        blocks.append(SignatureBlock(party.name, role, lines))
    return blocks


DATED_BLANK = "_" * 28
"""The title page's "Dated" line: left blank, dated by hand when the last party has signed."""


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
    details.append(("Dated", DATED_BLANK))  # filled in by hand when the last party signs
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
        f"clauses.{slot}: {text}" for slot, text in pack.wording_problems(agreement.clauses)
    ]
    if problems:
        listed = "; ".join(problems)
        raise RenderError(f"the agreement chooses clauses the pack does not have: {listed}")
    context = clause_context(agreement)
    sections: list[Section] = []
    own: set[int] = set()  # the blocks printing the agreement's own definitions
    for spec in pack.sections:
        number = str(len(sections) + 1)
        blocks: list[Block] = []
        for clause_id in spec.clauses:
            clause = pack.clauses[clause_id]
            choice = agreement.clauses.get(clause_id)
            clause_blocks = merge_repeated_items(
                wording_blocks(context, clause, choice), context.env.formatter
            )
            if not clause_blocks:
                continue
            if clause_id == OWN_DEFINITIONS:
                own.update(id(block) for block in clause_blocks)
            title = choice.title if choice is not None and choice.title else clause.title
            if title:
                count = sum(1 for b in blocks if isinstance(b, Heading) and b.level == 2)
                blocks.append(Heading(2, f"{number}.{count + 1}", title))
            blocks.extend(clause_blocks)
        if spec.id == "signatures":
            blocks.extend(_signature_blocks(agreement))
        if blocks:
            sections.append(Section(spec.id, number, spec.title, tuple(blocks), spec.new_page))
    sections = settle_definitions(sections, own)
    sections, unresolved = number_references(sections)
    sections = typographic(sections)
    customer = agreement.customer
    header = agreement.document.title
    parties = (
        f"{short(agreement.provider)} – {short(customer)}"
        if customer
        else short(agreement.provider)
    )
    cover = typographic_cover(_cover(agreement))
    document = agreement.document
    draft = "DRAFT · " if document.status == DocumentStatus.DRAFT else ""  # on every page
    return Contract(
        title=document.title,
        running_header=curly(f"{draft}{header} · {parties}"),
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
                *(s.name for s in context.services),
            )
            if keyword
        ),
        author=agreement.provider.name,
        subject=_subject(agreement, cover),
        agreement_id=document.agreement_id,
        version=document.version,
        unresolved_references=tuple(unresolved),
        template_pack=pack.provenance(),
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
