"""The monthly statement as a document in the contract's house style, PDF or Word.

A statement is what the provider owes for a period under a signed agreement (computed by
`slaeditor.statement`). It is laid out by the same pack skeletons as the contract, so it
has the contract's fonts, rules and page furniture, and it cites the clauses of the
contract it relies on by their numbers in that contract ("clause 8.1 of the Agreement"),
found by composing the agreement with the same pack.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from slaeditor.compose import compose
from slaeditor.templating.blocks import (
    Block,
    Contract,
    Cover,
    Heading,
    ListBlock,
    Paragraph,
    Run,
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

__all__ = ["CITED", "statement_contract", "write_statement"]

CITED = {
    "targets": "Availability targets",
    "uptime": "Calculating the Monthly Uptime Percentage",
    "amount": "Amount of Service Credits",
    "cap": "Cap on Service Credits",
    "claim": "Claiming Service Credits",
    "severity": "Severity Levels",
}
"""The contract's clauses a statement relies on, by the headings of the standard pack."""


def _numbers(agreement: Agreement, pack: Pack) -> dict[str, str]:
    """Find the numbers the agreement's contract gives the clauses a statement cites."""
    wanted = {title.casefold(): key for key, title in CITED.items()}
    found: dict[str, str] = {}
    for section in compose(agreement, pack).sections:
        for block in section.blocks:
            if isinstance(block, Heading) and block.text.casefold() in wanted:
                found[wanted[block.text.casefold()]] = block.number
    return found


def _cite(numbers: dict[str, str], key: str) -> str:
    """Say where the contract sets a rule: "clause 8.1 of the Agreement", or its heading."""
    if key in numbers:
        return f"clause\u00a0{numbers[key]} of the Agreement"
    return f"the clause “{CITED[key]}” of the Agreement"


def _paragraph(text: str) -> Paragraph:
    return Paragraph((Run(text),))


def _summary(statement: Statement, fmt: Formatter, numbers: dict[str, str]) -> list[Block]:
    missed = [s for s in statement.services if not s.met]
    blocks: list[Block] = [
        _paragraph(
            f"This statement sets out, for {_period(statement, fmt)}, the availability of each "
            f"Service under the agreement {statement.title} ({statement.agreement_id}) between "
            f"{statement.provider} and {statement.customer}, measured and calculated as set out "
            f"in {_cite(numbers, 'uptime')}, and the Service Credits that follow under "
            f"{_cite(numbers, 'amount')}."
        )
    ]
    if statement.services:
        total = len(statement.services)
        if not missed:
            said = "every Service met its Availability Target"
        elif len(missed) == 1:
            said = f"1 of the {total} Services missed its Availability Target"
        else:
            said = f"{len(missed)} of the {total} Services missed their Availability Targets"
        blocks.append(
            _paragraph(
                f"In {_period(statement, fmt)}, {said}. The Service Credits total "
                f"{fmt.money(statement.total_credit)}."
            )
        )
    return blocks


def _availability(statement: Statement, fmt: Formatter, numbers: dict[str, str]) -> list[Block]:
    rows = tuple(
        (
            s.service_name,
            fmt.percent(s.target_percent),
            fmt.number(s.total_minutes),
            fmt.number(s.excluded_minutes),
            fmt.number(s.downtime_minutes),
            fmt.percent(s.uptime_percent),
            "met" if s.met else "missed",
        )
        for s in statement.services
    )
    columns = ("Service", "Target", "Total minutes", "Excluded", "Downtime", "Uptime", "Result")
    return [
        _paragraph(
            f"Minutes are whole minutes of the Measurement Period; Excluded Minutes and "
            f"Downtime are as defined in the Agreement. {statement.rounding}"
        ),
        Table("statement_availability", columns, rows, (5, 2, 2, 2, 2, 2, 2)),
    ]


def _credits(statement: Statement, fmt: Formatter, numbers: dict[str, str]) -> list[Block]:
    rows = []
    for s in statement.services:
        tier = f"row {s.tier}: {s.tier_condition}" if s.tier else "none"
        capped = "yes" if s.cap_applied else "no"
        rows.append(
            (
                s.service_name,
                tier,
                fmt.percent(s.credit_percent),
                fmt.money(s.credit_amount) if s.credit_amount is not None else "no fee stated",
                capped,
                _claim_by(s, fmt),
            )
        )
    columns = ("Service", "Credit schedule", "Credit", "Amount", "Capped", "Claim by")
    return [
        _paragraph(
            f"Each Service Credit is the percentage of the fees shown in the credit schedule "
            f"of {_cite(numbers, 'amount')}, limited as set out in {_cite(numbers, 'cap')}; "
            f"a Service Credit must be claimed as set out in {_cite(numbers, 'claim')}, by "
            "the date shown."
        ),
        Table("statement_credits", columns, tuple(rows), (5, 5, 2, 3, 2, 3)),
        _paragraph(f"Total Service Credits: {fmt.money(statement.total_credit)}."),
    ]


def _claim_by(service: ServiceStatement, fmt: Formatter) -> str:
    """Say the last day to claim a credit that is due; nothing when none is."""
    if not service.credit_percent:
        return "—"
    return fmt.date(service.claim_deadline) if service.claim_deadline else "end of the Term"


def _period(statement: Statement, fmt: Formatter) -> str:
    """Name the period as a reader does: "May 2025", "the second quarter of 2025"."""
    from babel.dates import format_date

    services = statement.services
    start = services[0].period_start if services else None
    if start is not None and services[0].window == "month":
        return format_date(start, "MMMM y", locale=fmt.locale)
    return statement.period


def _support(support: SupportStatement, fmt: Formatter, numbers: dict[str, str]) -> list[Block]:
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
    columns = ("Severity Level", "Tickets", "Responses on time", "Resolutions on time", "Open")
    return [
        _paragraph(
            "Response and Resolution Times are measured against the targets in "
            f"{_cite(numbers, 'severity')}, in the hours of each Severity Level's calendar."
        ),
        Table("statement_support", columns, rows, (4, 2, 3, 3, 2)),
    ]


def statement_contract(statement: Statement, agreement: Agreement, pack: Pack) -> Contract:
    """Build the statement as a document the pack's skeletons lay out."""
    fmt = Formatter(agreement.document.locale, statement.currency)
    numbers = _numbers(agreement, pack)
    sections = [Section("summary", "1", "Summary", tuple(_summary(statement, fmt, numbers)))]
    if statement.services:
        for title, blocks in (
            ("Availability", _availability(statement, fmt, numbers)),
            ("Service Credits", _credits(statement, fmt, numbers)),
        ):
            number = str(len(sections) + 1)
            sections.append(Section(title.lower(), number, title, tuple(blocks)))
    if statement.support is not None:
        number = str(len(sections) + 1)
        blocks = _support(statement.support, fmt, numbers)
        sections.append(Section("support", number, "Support performance", tuple(blocks)))
    notes = [*statement.notes, *(statement.support.notes if statement.support else ())]
    if notes:
        items = tuple((Run(note),) for note in notes)
        number = str(len(sections) + 1)
        sections.append(Section("notes", number, "Notes", (ListBlock(items),)))
    title = f"Service statement — {_period(statement, fmt)}"
    prepared = fmt.date(datetime.datetime.now(datetime.UTC).date())
    cover = Cover(
        title="Service statement",
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
        sections=sections,
        keywords=("service statement", statement.agreement_id, statement.period),
        author=statement.provider,
        subject=f"Service statement for {statement.period} under {statement.agreement_id}",
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
