"""The monthly statement as a document in the contract's house style, PDF or Word.

A statement is what the provider owes for a period under a signed agreement (computed by
`slaeditor.statement`). Its words are the pack's (statement.yaml, read by
statement_wording.py) and it is laid out by the same pack skeletons as the contract, so it
has the contract's fonts, rules and page furniture; it cites the clauses of the contract it
relies on by their numbers in that contract ("clause 8.1 of the Agreement"), found by
composing the agreement with the same pack.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from slaeditor.app.statement_wording import StatementWording, load_statement_wording
from slaeditor.compose import compose
from slaeditor.templating.blocks import (
    Block,
    Contract,
    Cover,
    Heading,
    ListBlock,
    Section,
    Table,
)
from slaeditor.templating.environment import Formatter

if TYPE_CHECKING:
    from decimal import Decimal
    from pathlib import Path

    from slaeditor.clauses import Pack
    from slaeditor.model import Agreement
    from slaeditor.statement import ServiceStatement, Statement
    from slaeditor.statement.support_performance import SupportStatement

__all__ = ["statement_contract", "write_statement"]


def _numbers(agreement: Agreement, pack: Pack, wording: StatementWording) -> dict[str, str]:
    """Say where the contract sets each rule a statement cites: "clause 8.1 of the Agreement".

    A clause is found by the title the agreement's contract prints for it (the agreement's
    own title for the clause, else the pack's); one the contract does not print is named by
    its title, and one the pack lacks as "the Agreement".
    """
    titles: dict[str, str] = {}
    for key, clause_id in wording.cites.items():
        choice = agreement.clauses.get(clause_id)
        clause = pack.clauses.get(clause_id)
        title = choice.title if choice is not None and choice.title else ""
        titles[key] = title or (clause.title if clause is not None else "")
    wanted = {title.casefold(): key for key, title in titles.items() if title}
    found = {key: "the Agreement" for key in titles}
    found.update(
        {key: f"the clause “{title}” of the Agreement" for key, title in titles.items() if title}
    )
    for section in compose(agreement, pack).sections:
        for block in section.blocks:
            if isinstance(block, Heading) and block.level == 2 and block.text.casefold() in wanted:
                found[wanted[block.text.casefold()]] = (
                    f"clause\u00a0{block.number} of the Agreement"
                )
    return found


class _Writer:
    """Builds the statement's sections from its figures and the pack's words."""

    def __init__(self, statement: Statement, agreement: Agreement, pack: Pack) -> None:
        self.statement = statement
        self.fmt = Formatter(agreement.document.locale, statement.currency)
        self.words = load_statement_wording(pack, agreement.document.locale, statement.currency)
        self.cite = _numbers(agreement, pack, self.words)
        self.period = _period(statement, self.fmt)

    def summary(self) -> list[Block]:
        statement, words = self.statement, self.words
        blocks = words.blocks(
            "introduction",
            cite=self.cite,
            period=self.period,
            title=statement.title,
            agreement_id=statement.agreement_id,
            provider=statement.provider,
            customer=statement.customer,
        )
        if statement.services:
            missed = sum(1 for s in statement.services if not s.met)
            blocks += words.blocks(
                "outcome",
                period=self.period,
                services=len(statement.services),
                missed=missed,
                total=statement.total_credit,
            )
        return blocks

    def availability(self) -> list[Block]:
        fmt, words = self.fmt, self.words
        rows = tuple(
            (
                s.service_name,
                fmt.percent(s.target_percent),
                fmt.number(s.total_minutes),
                fmt.number(s.excluded_minutes),
                fmt.number(s.downtime_minutes),
                fmt.percent(s.uptime_percent),
                words.plain("result", met=s.met),
            )
            for s in self.statement.services
        )
        columns = words.columns["availability"]
        return [
            *words.blocks("availability", rounding=self.statement.rounding),
            Table("statement_availability", columns, rows, (5, 2, 2, 2, 2, 2, 2)),
        ]

    def credits(self) -> list[Block]:
        fmt, words = self.fmt, self.words
        response = bool(self.statement.response_credits)
        rows: list[tuple[str, ...]] = []
        for s in self.statement.services:
            tier = (
                words.plain("tier", row=s.tier, condition=s.tier_condition)
                if s.tier
                else words.plain("no_tier")
            )
            amount = (
                words.plain("no_fee") if s.credit_amount is None else fmt.money(s.credit_amount)
            )
            rows.append(
                (
                    s.service_name,
                    tier,
                    fmt.percent(s.credit_percent),
                    fmt.percent(s.response_credit_percent),
                    amount,
                    words.plain("capped", capped=s.cap_applied),
                    self.claim_by(s),
                )
            )
        columns = words.columns["credits"]
        widths: tuple[int, ...] = (5, 5, 2, 2, 3, 2, 3)
        if not response:  # no Response Times column when the agreement credits none
            columns, widths = (*columns[:3], *columns[4:]), (*widths[:3], *widths[4:])
            rows = [(*row[:3], *row[4:]) for row in rows]
        return [
            *words.blocks("credits", cite=self.cite, response=response),
            Table("statement_credits", columns, tuple(rows), widths),
            *words.blocks("total", total=self.statement.total_credit),
        ]

    def response(self) -> list[Block]:
        fmt, words = self.fmt, self.words
        found = self.statement.response_credits
        rows = tuple(
            (
                r.service_name,
                words.plain("levels", levels=r.up_to_severity),
                ", ".join(r.tickets) or "—",
                fmt.percent(r.credit_percent),
                words.plain("no_fee")
                if r.uncapped_amount is None
                else fmt.money(r.uncapped_amount),
            )
            for r in found
        )
        blocks: list[Block] = [
            *words.blocks("response", cite=self.cite),
            Table("statement_response", words.columns["response"], rows, (5, 3, 4, 2, 3)),
        ]
        excused = [ticket for r in found for ticket in r.excused]
        if excused:
            blocks += words.blocks("excused", excused=excused)
        if not self.statement.services:
            blocks += words.blocks("total", total=self.statement.total_credit)
        return blocks

    def support(self, support: SupportStatement) -> list[Block]:
        fmt = self.fmt

        def share(met: int, missed: int, percent: Decimal | None) -> str:
            counted = met + missed
            return f"{met} of {counted}" + (f" ({fmt.percent(percent)})" if counted else "")

        rows = tuple(
            (
                f"{s.level} {s.name}",
                fmt.number(s.tickets),
                share(s.responses_met, s.responses_missed, s.response_met_percent),
                share(s.resolutions_met, s.resolutions_missed, s.resolution_met_percent),
                fmt.number(s.responses_open + s.resolutions_open),
            )
            for s in support.severities
        )
        return [
            *self.words.blocks("support", cite=self.cite),
            Table("statement_support", self.words.columns["support"], rows, (4, 2, 3, 3, 2)),
        ]

    def claim_by(self, service: ServiceStatement) -> str:
        """Say the last day to claim a credit that is due; nothing when none is."""
        if not service.credit_percent and not service.response_credit_percent:
            return "—"
        if service.claim_deadline is None:
            return self.words.plain("claim_open")
        return self.fmt.date(service.claim_deadline)

    def sections(self) -> list[Section]:
        statement, headings = self.statement, self.words.headings
        parts: list[tuple[str, list[Block]]] = [("summary", self.summary())]
        if statement.services:
            parts += [("availability", self.availability()), ("credits", self.credits())]
        if statement.response_credits:
            parts.append(("response", self.response()))
        if statement.support is not None:
            parts.append(("support", self.support(statement.support)))
        notes = [*statement.notes, *(statement.support.notes if statement.support else ())]
        if notes:
            items = tuple(self.words.note(note) for note in notes)
            parts.append(("notes", [ListBlock(items)]))
        return [
            Section(key, str(number), headings[key], tuple(blocks))
            for number, (key, blocks) in enumerate(parts, start=1)
        ]


def _period(statement: Statement, fmt: Formatter) -> str:
    """Name the period as a reader does: "May 2025", "the second quarter of 2025"."""
    from babel.dates import format_date

    services = statement.services
    start = services[0].period_start if services else None
    if start is not None and services[0].window == "month":
        return format_date(start, "MMMM y", locale=fmt.locale)
    return statement.period


def statement_contract(statement: Statement, agreement: Agreement, pack: Pack) -> Contract:
    """Build the statement as a document the pack's skeletons lay out, in the pack's words."""
    writer = _Writer(statement, agreement, pack)
    name = writer.words.title
    title = f"{name} — {writer.period}"
    prepared = writer.fmt.date(datetime.datetime.now(datetime.UTC).date())
    cover = Cover(
        title=name,
        subtitle=f"{statement.title} · {statement.period}",
        parties=(statement.provider, statement.customer),
        details=(
            ("Agreement", statement.agreement_id),
            ("Period", statement.period),
            ("Prepared", prepared),
            ("Currency", statement.currency),
        ),
    )
    return Contract(
        title=title,
        running_header=f"{title} · {statement.agreement_id}",
        locale=agreement.document.locale,
        cover=cover,
        sections=writer.sections(),
        keywords=("service statement", statement.agreement_id, statement.period),
        author=statement.provider,
        subject=f"{name} for {statement.period} under {statement.agreement_id}",
        agreement_id=statement.agreement_id,
        contents=False,
    )


def write_statement(
    statement: Statement, agreement: Agreement, target: Path, base: Path | None = None
) -> Path:
    """Write the statement as PDF (PDF/A-3b) or Word, by target's suffix, from the pack.

    The pack is the agreement's, looked up beside the agreement file (`base`) first, as for
    its contract. The file appears complete or not at all.
    """
    from slaeditor.atomic import atomic_path
    from slaeditor.clauses import load_pack
    from slaeditor.writers.docx import write_docx
    from slaeditor.writers.pdf.writer import write_pdf

    pack = load_pack(agreement.template, base)
    document = statement_contract(statement, agreement, pack)
    with atomic_path(target) as temporary:
        if target.suffix.lower() == ".pdf":
            write_pdf(document, pack, temporary)
        else:
            write_docx(document, pack, temporary)
    return target
