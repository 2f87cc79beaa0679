"""Say a thing once: list items that give several services the same terms are merged.

A clause that lists each service's terms ("- **Voice**: within 30 days …") repeats itself
word for word when services share them, which a reader checks line by line for the
difference that is not there. Items that differ only in the name they start with become one
item naming them all: "**Voice, Internet Access and SD-WAN**: within 30 days …".
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from slaeditor.templating.blocks import Block, ListBlock, Run

if TYPE_CHECKING:
    from collections.abc import Sequence

    from slaeditor.templating.environment import Formatter

__all__ = ["merge_repeated_items"]


def merge_repeated_items(blocks: Sequence[Block], fmt: Formatter) -> list[Block]:
    """Return the blocks with each list's identical "**Name**: terms" items merged."""
    return [
        dataclasses.replace(block, items=_merged(block.items, fmt))
        if isinstance(block, ListBlock)
        else block
        for block in blocks
    ]


def _named(item: tuple[Run, ...]) -> bool:
    """Tell whether an item starts "**Name**: …"."""
    return len(item) > 1 and item[0].bold and item[1].text.startswith(":")


def _merged(items: tuple[tuple[Run, ...], ...], fmt: Formatter) -> tuple[tuple[Run, ...], ...]:
    names: dict[tuple[Run, ...], list[str]] = {}
    for item in items:
        if _named(item):
            names.setdefault(item[1:], []).append(item[0].text)
    if all(len(found) == 1 for found in names.values()):
        return items
    merged: list[tuple[Run, ...]] = []
    said: set[tuple[Run, ...]] = set()
    for item in items:
        if not _named(item):
            merged.append(item)
        elif item[1:] not in said:
            said.add(item[1:])
            merged.append((Run(fmt.join_and(names[item[1:]]), bold=True), *item[1:]))
    return tuple(merged)
