"""A guess at a contents part's page count, so that it is laid out once, not twice (issue 18).

A part with page-number links (the contents) whose page count is not known is laid out
twice by parallel_layout: with placeholders to count its pages, then with the numbers. Its
page count is known again only for the same part under the same prefix and pack, but the
prefix (the running header) and the job's key (the signatories' parties) name the parties'
short names, which the warm API and the preview change from one export to the next. What
those hold hardly ever changes the contents' pages, so the facts last laid out for the same
part text are taken as a guess. The layout checks them: a wrong guess raises WrongGuess,
and the parts are laid out again without guessing, so the PDF is the one laid out unguessed.
"""

from __future__ import annotations

import collections
import hashlib
from typing import TYPE_CHECKING, Any

from slaeditor.writers.pdf import layout_memory

if TYPE_CHECKING:
    from collections.abc import Callable

    from slaeditor.writers.pdf.parallel_layout import PartFacts, Split

KEPT = 64


class WrongGuess(Exception):
    """A contents part's guessed facts were not those of its layout."""


class Guesses:
    """The last facts of each contents part, by its text (bounded, oldest forgotten).

    Kept on disk too (layout_memory), so that a new process guesses as well; `read` turns
    what the disk gives back into facts, or None.
    """

    def __init__(self, read: Callable[[Any], PartFacts | None]) -> None:
        self.kept: collections.OrderedDict[str, PartFacts] = collections.OrderedDict()
        self.read = read

    @staticmethod
    def _key(split: Split, index: int) -> str:
        text = repr(("guess", split.pieces[index], split.suffix))
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def fill(self, split: Split, facts: list[PartFacts | None]) -> set[int]:
        """Fill in the unknown facts of parts with page-number links; return those guessed."""
        guessed = set()
        for index, known in enumerate(facts):
            if known is None and split.page_links(index):
                key = self._key(split, index)
                facts[index] = self.kept.get(key) or self.read(layout_memory.recall("guess", key))
                if facts[index] is not None:
                    guessed.add(index)
        return guessed

    def keep(self, split: Split, index: int, facts: PartFacts) -> None:
        """Remember a part's facts as laid out, if it has page-number links."""
        if split.page_links(index):
            key = self._key(split, index)
            if self.kept.get(key) != facts:
                layout_memory.keep("guess", key, facts.as_json())
            self.kept[key] = facts
            self.kept.move_to_end(key)
            while len(self.kept) > KEPT:
                self.kept.popitem(last=False)

    def wrong(self, split: Split, index: int) -> WrongGuess:
        """Forget a guess the layout disproved; return the exception to raise."""
        self.kept.pop(self._key(split, index), None)
        return WrongGuess(f"part {index + 1}'s page count was guessed wrong")

    def clear(self) -> None:
        """Forget every guess."""
        self.kept.clear()
