"""Turn the pack's cross-references into clause numbers: "under *Service credits*" → "clause 8".

Clause texts cite another clause by its heading in italics, the only way a clause written
before the outline is numbered can name another. Once compose() has numbered the sections and
clauses, every italic run that is exactly a heading becomes "clause N.M", carrying the
number so the writers can link it. An italic run that follows a word of reference ("under",
"in", "see") and matches no heading is reported: it points at nothing in this contract.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from slaeditor.templating.blocks import Heading, ListBlock, Paragraph, Run, Section

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["number_references"]

_CITING = re.compile(
    r"\b(under|in|see|set out in|described in|defined in|listed in|of|to|with|by)\s*$", re.I
)


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def number_references(sections: Sequence[Section]) -> tuple[list[Section], list[str]]:
    """Return the sections with their cross-references numbered, and those that cite nothing."""
    numbers: dict[str, list[tuple[str, str]]] = {}
    for section in sections:
        numbers.setdefault(_key(section.title), []).append((section.id, section.number))
        for block in section.blocks:
            if isinstance(block, Heading) and block.number:
                numbers.setdefault(_key(block.text), []).append((section.id, block.number))
    unresolved: list[str] = []
    numbered = []
    for section in sections:
        blocks = []
        for block in section.blocks:
            if isinstance(block, Paragraph):
                runs = _cite(block.runs, numbers, section, unresolved)
                block = dataclasses.replace(block, runs=runs)
            elif isinstance(block, ListBlock):
                items = tuple(_cite(item, numbers, section, unresolved) for item in block.items)
                block = dataclasses.replace(block, items=items)
            blocks.append(block)
        numbered.append(dataclasses.replace(section, blocks=tuple(blocks)))
    return numbered, unresolved


def _cite(
    runs: tuple[Run, ...],
    numbers: dict[str, list[tuple[str, str]]],
    section: Section,
    unresolved: list[str],
) -> tuple[Run, ...]:
    """Replace the italic runs that name a heading with the clause number they cite."""
    out: list[Run] = []
    for run in runs:
        found = numbers.get(_key(run.text)) if run.italic and not run.ref else None
        if found:
            number = next((n for sid, n in found if sid == section.id), found[0][1])
            # A no-break space keeps "clause" and its number on one line.
            out.append(Run(f"clause\u00a0{number}", bold=run.bold, ref=number))
            continue
        before = "".join(r.text for r in out)
        if run.italic and _CITING.search(before) and run.text.strip():
            unresolved.append(f"clause {section.number}: “{run.text}” is not a heading")
        out.append(run)
    return tuple(out)
