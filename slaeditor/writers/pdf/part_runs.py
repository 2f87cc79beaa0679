"""How parallel_layout groups a contract's parts into processes, by their estimated work.

Parts whose page count is not known are laid out in runs of consecutive parts, one process
per run, split until every core has one; parts laid out once their numbering is known are
shared out between the cores, largest first. The work of a part is estimated from its text
and table cells (weight). Moved out of parallel_layout to keep that module readable.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from slaeditor.writers.pdf.parallel_layout import Split

_TAG = re.compile(r"<[^>]*>")


def weight(piece: str) -> int:
    """Estimate the work of laying out a part: a fixed cost, its text, its table cells.

    Measured on the examples, a table cell costs about as much as 75 characters of running
    text, and a document of its own about as much as 1,500.
    """
    return 1500 + len(_TAG.sub("", piece)) + 75 * piece.count("<td")


def runs_of(indices: list[int], split: Split, cores: int) -> list[list[int]]:
    """Group parts into runs of consecutive ones, split until every core has one.

    The first part is always a run of its own: its PDF is the one the others are joined to;
    so is a part with page-number links, which is laid out again once the numbers are known.
    Those (a title page, a contents) are short and wait for the others, so they take no core.
    """

    def alone(index: int) -> bool:
        return index == 0 or bool(split.page_links(index))

    runs: list[list[int]] = []
    for index in indices:
        if runs and runs[-1][-1] == index - 1 and not alone(runs[-1][0]) and not alone(index):
            runs[-1].append(index)
        else:
            runs.append([index])

    def size(run: list[int]) -> int:
        return sum(weight(split.pieces[i]) for i in run)

    while runs and len(runs) < cores + sum(1 for run in runs if alone(run[0])):
        longest = max(runs, key=size)
        if len(longest) < 2:
            break
        cut = min(range(1, len(longest)), key=lambda c: abs(size(longest[:c]) - size(longest) / 2))
        at = runs.index(longest)
        runs[at : at + 1] = [longest[:cut], longest[cut:]]
    return runs


def share_out(parts: list[int], split: Split, cores: int) -> list[list[int]]:
    """Share parts out between at most `cores` lists, largest first, to even the work."""
    shares: list[list[int]] = [[] for _ in range(min(cores, len(parts)))]
    for index in sorted(parts, key=lambda i: -weight(split.pieces[i])):
        min(shares, key=lambda share: sum(weight(split.pieces[i]) for i in share)).append(index)
    return [sorted(share) for share in shares]
