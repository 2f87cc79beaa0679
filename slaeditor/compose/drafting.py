"""A drafting lint over the composed contract: every defined term defined once and used.

A definition is a bold term followed by "means" (the definitions clause) or a bold term in
quotation marks ("(the “**Agreement**”)"). Counsel reads a term defined twice as two meanings
and a term defined but never used as a sign that something was left out; both are reported
with the clauses they are in.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from slaeditor.templating.blocks import Heading, ListBlock, Paragraph, Run, Table

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from slaeditor.templating.blocks import Contract, Section

__all__ = ["contract_text", "definition_runs", "run_sequences", "term_findings", "uses"]

_MEANS = re.compile(r"^\s*(means|has the meaning|has the same meaning|includes)\b")


def definition_runs(runs: Sequence[Run]) -> list[int]:
    """Return the indexes of the runs that define a term (bold, then "means", or in quotes)."""
    found = []
    for index, run in enumerate(runs):
        if not run.bold:
            continue
        after = runs[index + 1].text if index + 1 < len(runs) else ""
        before = runs[index - 1].text if index else ""
        if (index == 0 and _MEANS.match(after)) or (before.endswith("“") and after.startswith("”")):
            found.append(index)
    return found


def uses(text: str, term: str) -> bool:
    """Tell whether text uses a term (or its plural) as a whole word."""
    return re.search(rf"(?<![\w-]){re.escape(term)}s?(?![\w-])", text) is not None


def run_sequences(sections: Sequence[Section]) -> Iterator[tuple[str, tuple[Run, ...]]]:
    """Yield every run sequence with the number of the clause it is in."""
    for section in sections:
        where = section.number
        for block in section.blocks:
            if isinstance(block, Heading) and block.number:
                where = block.number
            elif isinstance(block, Paragraph):
                yield where, block.runs
            elif isinstance(block, ListBlock):
                for item in block.items:
                    yield where, item


def contract_text(sections: Sequence[Section]) -> str:
    """Return the contract's words, tables included, without the defining runs themselves."""
    text = []
    for _, runs in run_sequences(sections):
        marks = definition_runs(runs)
        text.append("".join(run.text for i, run in enumerate(runs) if i not in marks))
    for section in sections:
        for block in section.blocks:
            if isinstance(block, Table):
                text.append(" ".join((*block.columns, *(c for row in block.rows for c in row))))
    return "\n".join(text)


def term_findings(contract: Contract) -> list[str]:
    """List the terms defined more than once, and those defined but never used."""
    defined: dict[str, list[str]] = {}
    for where, runs in run_sequences(contract.sections):
        for index in definition_runs(runs):
            defined.setdefault(runs[index].text.strip(), []).append(where)
    body = contract_text(contract.sections)
    findings = []
    for term, places in sorted(defined.items()):
        if len(places) > 1:
            listed = ", ".join(f"clause {place}" for place in places)
            findings.append(f"“{term}” is defined more than once ({listed})")
        elif not uses(body, term):
            findings.append(f"“{term}” is defined in clause {places[0]} but never used")
    return findings
