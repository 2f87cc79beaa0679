"""Each term defined once, and only where the contract uses it.

The pack defines the terms its clauses may use, in the definitions clause ("**Downtime**
means …") or where a term first appears ("(the “**Demarcation Point**”)"). Two rules make
the result read as one document:
- a term the agreement defines itself (its additional definitions) replaces the pack's
  definition of it, which is left out, wherever it is;
- a term the pack defines but no clause of this contract uses is left out (a contract with
  no on-site support needs no "Call-to-Repair Time").
What the agreement defines itself is never removed; term_findings() reports it instead.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from slaeditor.compose.drafting import contract_text, definition_runs, uses
from slaeditor.templating.blocks import ListBlock, Paragraph

if TYPE_CHECKING:
    from collections.abc import Callable, Collection

    from slaeditor.templating.blocks import Block, Run, Section

__all__ = ["settle_definitions"]

_OPENING = " (the “"


def settle_definitions(sections: list[Section], own: Collection[int]) -> list[Section]:
    """Drop the pack's definitions the agreement replaces or the contract never uses.

    `own` holds the id() of the blocks that print the agreement's own definitions.
    """
    mine = {
        item[index].text.strip()
        for section in sections
        for block in section.blocks
        if id(block) in own and isinstance(block, ListBlock)
        for item in block.items
        for index in definition_runs(item)
    }
    body = contract_text(sections)

    def drop(term: str) -> bool:
        return term in mine or not uses(body, term)

    settled = []
    for section in sections:
        blocks: list[Block] = []
        for block in section.blocks:
            kept = block if id(block) in own else _without(block, drop)
            if kept is not None:
                blocks.append(kept)
        settled.append(dataclasses.replace(section, blocks=tuple(blocks)))
    return settled


def _without(block: Block, drop: Callable[[str], bool]) -> Block | None:
    """Return the block without the definitions `drop` selects (None when nothing is left)."""
    if isinstance(block, ListBlock):
        items = tuple(
            _inline(item, drop)
            for item in block.items
            if not (0 in definition_runs(item) and drop(item[0].text.strip()))
        )
        return dataclasses.replace(block, items=items) if items else None
    if isinstance(block, Paragraph):
        return dataclasses.replace(block, runs=_inline(block.runs, drop))
    return block


def _inline(runs: tuple[Run, ...], drop: Callable[[str], bool]) -> tuple[Run, ...]:
    """Remove "(the “**Term**”)" where `drop` selects the term."""
    out = list(runs)
    for index in reversed(definition_runs(runs)):
        if index == 0 or not drop(runs[index].text.strip()):
            continue
        before, after = out[index - 1], out[index + 1]
        if not (before.text.endswith(_OPENING) and after.text.startswith("”)")):
            continue
        out[index - 1] = dataclasses.replace(before, text=before.text[: -len(_OPENING)])
        out[index + 1] = dataclasses.replace(after, text=after.text[2:])
        del out[index]
    return tuple(out)
