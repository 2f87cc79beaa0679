"""The contract's table of contents: what it lists, and the PDF page of every heading.

The contents lists each section (level 1, "8 Service credits") and each numbered clause
(level 2, "8.3 Claiming Service Credits"); the HTML skeleton lays `contents_entries()` out
on its own page(s) after the title page, each entry a link to its heading with the page
number at the right. Where the number comes from depends on how the PDF is laid out:

- in one pass, the stylesheet's `target-counter()` counts it, in each entry's empty
  `<span data-slaeditor-page="#c-8-3">`;
- in parts (parallel_layout), a part cannot see the pages of the others, so each part
  reports the page of every heading it holds along with its page count, and the contents,
  a part of its own after the title page's, is laid out once all are known, with the
  numbers written into those spans (its page count is first taken from a layout with
  placeholders, or from the kept facts of an earlier export).

Either way the writer remembers where each heading landed (`remember`, in this process and
on disk), so the Word writer can put the PDF's page numbers in its own contents through
`writer.heading_pages()` without laying the contract out a second time. `single_links`
keeps one link annotation per line.
"""

from __future__ import annotations

import collections
from typing import TYPE_CHECKING, Any

from slaeditor.templating.blocks import Heading, anchor
from slaeditor.writers.pdf import layout_memory

if TYPE_CHECKING:
    from slaeditor.templating.blocks import Contract

_KEPT = 32


def numbered_pages(contract: Contract, places: dict[str, int]) -> dict[str, int]:
    """Map each section and clause number ("8", "8.3") to the page its heading is on.

    `places` maps heading ids ("c-8-3") to 1-based page numbers; a heading without a place
    (a skeleton that does not print it) is left out.
    """
    numbers = [section.number for section in contract.sections]
    for section in contract.sections:
        numbers += [b.number for b in section.blocks if isinstance(b, Heading) and b.number]
    return {number: places[anchor(number)] for number in numbers if anchor(number) in places}


_PLACES: collections.OrderedDict[str, dict[str, int]] = collections.OrderedDict()


def remember(key: str, places: dict[str, int]) -> None:
    """Keep where the headings of the PDF just written (identified by `key`) are.

    On disk too (layout_memory), for a later process: the `render` command writing the Word
    file of an agreement whose PDF it wrote before.
    """
    if _PLACES.get(key) != places:
        layout_memory.keep("places", key, places)
    _keep(key, places)


def recall(key: str) -> dict[str, int] | None:
    """Return the heading places kept for `key` (here, or by an earlier process), or None."""
    places = _PLACES.get(key)
    if places is None:
        places = _valid_places(layout_memory.recall("places", key))
        if places is not None:
            _keep(key, places)
    return None if places is None else dict(places)


def _keep(key: str, places: dict[str, int]) -> None:
    _PLACES[key] = dict(places)
    _PLACES.move_to_end(key)
    while len(_PLACES) > _KEPT:
        _PLACES.popitem(last=False)


def _valid_places(value: object) -> dict[str, int] | None:
    """Return heading places read back from disk, or None if they are not such a mapping."""
    if not isinstance(value, dict):
        return None
    if all(type(name) is str and type(page) is int and page > 0 for name, page in value.items()):
        return value
    return None


def first_places(pages: list[dict[str, object]] | list[list[str]]) -> dict[str, int]:
    """Return the 1-based page of each anchor's first occurrence, from anchors per page."""
    places: dict[str, int] = {}
    for number, names in enumerate(pages, start=1):
        for name in names:
            places.setdefault(str(name), number)
    return places


def single_links(document: Any) -> None:
    """Keep one link annotation per contents line, not one for every box in it.

    WeasyPrint gives each box inside an `<a>` (the number, the title, the page number of a
    contents line) a link annotation of its own to the same place; a link that lies inside
    another one to the same place on its page is dropped before the PDF is written, so a
    line is one link, and one Link element in the structure tags.
    """
    for page in document.pages:
        kept: list[Any] = []
        for link in sorted(page.links, key=_area, reverse=True):
            if not any(_within(link, other) for other in kept):
                kept.append(link)
        page.links[:] = [link for link in page.links if any(link is k for k in kept)]


def _area(link: Any) -> float:
    x0, y0, x1, y1 = link[2]
    return float((x1 - x0) * (y1 - y0))


def _within(link: Any, other: Any, slack: float = 0.5) -> bool:
    """Tell whether a link leads where `other` does and lies inside its area."""
    x0, y0, x1, y1 = link[2]
    a0, b0, a1, b1 = other[2]
    return bool(
        link[:2] == other[:2]
        and x0 >= a0 - slack
        and y0 >= b0 - slack
        and x1 <= a1 + slack
        and y1 <= b1 + slack
    )
