"""Lay out a long contract in parts, in parallel, and reuse the parts an edit did not touch.

WeasyPrint lays out a document on one core, page after page. A contract, though, has places
where its pack forces a new page (the title page, a section marked `new_page` in pack.yaml);
what comes after such a break does not depend on how the pages before it were filled. The
skeleton marks those places with `<!-- slaeditor:part -->`, and each part is laid out as a
document of its own, in a forked process, so the parts share the machine's cores. The part
PDFs are then joined into one.

Two things cross part boundaries and are handed over between the processes:
- page numbers: every part is paginated, reports its page count and waits; once all counts
  are known, each is told its first page number and the total, and its margin boxes
  ("Page 7 of 19") are laid out with them. WeasyPrint lays out margin boxes after the
  pagination of the whole document, in `weasyprint.layout.make_margin_boxes`; that is where
  a part waits and where the numbers are set.
- named strings (`string-set`, e.g. the document id shown in the footer): the last value of
  each part is carried into the next parts' first page.
- the pages of headings, for the table of contents: every part also reports, with its page
  count, the page (within the part) of each id it defines. An element that shows the page
  of a heading, `<span data-slaeditor-page="#id"></span>` (one per entry of the contents),
  is empty in the skeleton, and the stylesheet counts the page (`target-counter()`) in one
  pass. A part holding such elements is a run of its own; it is first laid out with a
  placeholder written in each, which only serves to count its pages (a contents'
  pagination does not depend on the numbers' values, since the stylesheet gives them a
  column of their own), and once every part has reported, it is laid out again with the
  real numbers written in. A kept part's page count and heading pages are reused, so an
  export whose page count is known lays the contents out once; so does one after an edit
  of the prefix only (the short name in the running header), by a checked guess
  (contents_guess). Should the numbers change
  the contents' page count after all, the contract is laid out in one pass.
- links to a heading in another part: see Split.document and join_parts.
Running elements are not carried: whatever the margins show with `element()` must stand
before the first marker, which is repeated at the top of every part.

The results are kept (a bounded cache keyed by each part's HTML, page numbers, carried
strings, written-in heading pages and PDF options), so after an edit only the parts whose
text changed are laid out again: the preview of a one-field edit lays out one part, not the
whole contract.

Forking needs Linux (macOS frameworks are not fork-safe; Windows has no fork); elsewhere, with
one core, with SLAEDITOR_RENDER_PARALLEL=0, or for a skeleton without markers, the document
is laid out in one pass, as before. A part process that dies makes the whole document be laid
out in one pass rather than fail. join_parts joins the part PDFs.
"""

from __future__ import annotations

import collections
import contextlib
import hashlib
import os
import re
from dataclasses import dataclass, field, replace
from multiprocessing.connection import wait
from typing import TYPE_CHECKING, Any, Protocol

from slaeditor.writers.pdf import layout_memory
from slaeditor.writers.pdf.contents_guess import Guesses, WrongGuess
from slaeditor.writers.pdf.forking import (
    PARALLEL_ENV as PARALLEL_ENV,  # the setting, named where the tests and bench look
)
from slaeditor.writers.pdf.forking import (
    can_fork,
    cores,
    end_child,
    fork_child,
    portable,
)
from slaeditor.writers.pdf.part_runs import runs_of, share_out, weight

if TYPE_CHECKING:
    from collections.abc import Iterator
    from multiprocessing.connection import Connection

    from slaeditor.writers.pdf.signature_fields import FieldSpot

MARKER = "<!-- slaeditor:part -->"
BODY_END = "</body>"
RESULTS_KEPT = 64
FACTS_KEPT = 512


@dataclass(frozen=True)
class Split:
    """A skeleton's HTML cut at its part markers.

    `prefix` and `suffix` surround every part; each part's first tag carries PART_ATTRIBUTE,
    by which a document of several parts finds where each begins.
    """

    prefix: str
    pieces: tuple[str, ...]
    suffix: str

    def document(self, indices: list[int], pages: dict[str, int] | None = None) -> str:
        """Return the HTML document of consecutive parts.

        A link to a heading in another part gets an empty stand-in target at the top of the
        document, so the part keeps the link; join_parts points it at the real heading.
        An element that shows a heading's page gets it from `pages`, or a placeholder.
        """
        body = "".join(self.pieces[i] for i in indices)
        elsewhere = sorted(set(_LINKS.findall(body)) - set(_IDS.findall(body)))
        stand_ins = "".join(f'<a id="{name}"></a>' for name in elsewhere)
        if PAGE_ATTRIBUTE in body:
            body = _PAGE_NUMBER.sub(lambda found: _page_written(found, pages), body)
        return self.prefix + _after_first_tag(body, stand_ins) + self.suffix

    def defined(self, index: int) -> set[str]:
        """Return the ids a part defines (its headings' link targets)."""
        return set(_IDS.findall(self.pieces[index]))

    def page_links(self, index: int) -> set[str]:
        """Return the ids whose page number the part shows (its contents' entries)."""
        return {found.group(3) for found in _PAGE_NUMBER.finditer(self.pieces[index])}


_LINKS = re.compile(r'href="#([\w-]+)"')
_IDS = re.compile(r'\bid="([\w-]+)"')
PAGE_ATTRIBUTE = "data-slaeditor-page"
_PAGE_NUMBER = re.compile(
    r'(<([A-Za-z][\w-]*)\s[^>]*\bdata-slaeditor-page="#([\w-]+)"[^>]*>)\s*(</\2>)'
)
PLACEHOLDER = "000"  # as wide as any page number the contents will show (up to 999)


def _page_written(found: re.Match[str], pages: dict[str, int] | None) -> str:
    """Write a heading's page number (or, with no pages yet, a placeholder) into an element.

    A heading that no part holds is left to the stylesheet, as in one pass.
    """
    number = PLACEHOLDER if pages is None else str(pages.get(found.group(3), ""))
    return found.group(1) + number + found.group(4)


def _after_first_tag(body: str, text: str) -> str:
    """Insert text just inside the first element of body (at the top of its first page)."""
    if not text:
        return body
    tag = _OPENING_TAG.search(_COMMENTS.sub(lambda m: " " * len(m.group()), body))
    return text + body if tag is None else body[: tag.end()] + text + body[tag.end() :]


_OPENING_TAG = re.compile(r"<[A-Za-z][^>]*>")


PART_ATTRIBUTE = "data-slaeditor-part"
_FIRST_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)")


def split(html: str) -> Split | None:
    """Cut the HTML at its part markers; None when it has fewer than two parts.

    The text before the first marker (head, running elements) and from the last `</body>` on
    is repeated around every part.
    """
    first = html.find(MARKER)
    end = html.rfind(BODY_END)
    if first < 0 or end < first:
        return None
    prefix, suffix = html[:first], html[end:]
    pieces: list[str] = []
    for piece in html[first + len(MARKER) : end].split(MARKER):
        tag = _FIRST_TAG.search(_COMMENTS.sub(lambda m: " " * len(m.group()), piece))
        if tag is None:
            if piece.strip() and pieces:  # text without a tag: keep it with the part before
                pieces[-1] += piece
            continue
        at = tag.end()
        pieces.append(f'{piece[:at]} {PART_ATTRIBUTE}="{len(pieces)}"{piece[at:]}')
    if len(pieces) < 2:
        return None
    return Split(prefix, tuple(pieces), suffix)


_COMMENTS = re.compile(r"<!--.*?-->", re.DOTALL)


def available() -> bool:
    """Whether parts can be laid out in parallel here (see the module's notes)."""
    if not can_fork():
        return False
    import weasyprint.layout

    return callable(getattr(weasyprint.layout, "make_margin_boxes", None))


@dataclass(frozen=True)
class Numbering:
    """What a document needs from the others: its first page's offset, the total, strings.

    `pages` are the page numbers (in the whole PDF) of the headings its page-number links
    lead to; empty for a document without such links.
    """

    offset: int
    total: int
    strings: tuple[tuple[str, str], ...] = ()
    pages: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class PartFacts:
    """What a part's layout tells the others: its page count, strings, heading pages.

    `strings` are its last named strings; `anchors` the page (0-based, within the part) on
    which each id it defines first appears.
    """

    pages: int
    strings: tuple[tuple[str, str], ...]
    anchors: tuple[tuple[str, int], ...] = ()

    def as_json(self) -> dict[str, Any]:
        """Return the facts as JSON values (layout_memory keeps them on disk)."""
        return {"pages": self.pages, "strings": self.strings, "anchors": self.anchors}

    @classmethod
    def from_json(cls, value: Any) -> PartFacts | None:
        """Return the facts as_json gave, or None for anything else."""
        try:
            pages, strings, anchors = value["pages"], value["strings"], value["anchors"]
            facts = cls(
                pages,
                tuple((name, text) for name, text in strings),
                tuple((name, page) for name, page in anchors),
            )
        except (TypeError, KeyError, ValueError):
            return None
        pairs = [*facts.strings, *facts.anchors]
        if not (
            type(pages) is int
            and pages >= 0
            and all(type(name) is str for name, _ in pairs)
            and all(type(text) is str for _, text in facts.strings)
            and all(type(page) is int and page >= 0 for _, page in facts.anchors)
        ):
            return None
        return facts


@dataclass(frozen=True)
class PartResult:
    """A laid-out part: the PDF it was written in, and where in it its pages are.

    Consecutive parts laid out together share one PDF (written once); `first_page` is where
    this part's pages begin in it. `spots` are the signature fields placed in that PDF.
    """

    pdf: bytes
    first_page: int
    facts: PartFacts
    spots: tuple[FieldSpot, ...]
    refused: tuple[str, ...]


class Job(Protocol):
    """How a document of one or more parts becomes laid-out pages and part PDFs."""

    def key(self, index: int) -> str:
        """Return what, besides its HTML, makes part `index`'s PDF what it is."""

    def layout_key(self) -> str:
        """Return what, besides their HTML, decides how parts break into pages.

        Unlike key(), not what is only written into the PDF (the first part's metadata and
        time stamp), so a part's page count is known again at the next export.
        """

    def lay_out(self, html: str) -> tuple[Any, list[str]]:
        """Lay out an HTML document; return WeasyPrint's document and the refused URLs."""

    def write(self, document: Any, index: int) -> tuple[bytes, tuple[Any, ...]]:
        """Write a laid-out document whose first part is `index`; return PDF and fields."""


@dataclass
class _Cache:
    results: collections.OrderedDict[str, PartResult] = field(
        default_factory=collections.OrderedDict
    )
    facts: collections.OrderedDict[str, PartFacts] = field(default_factory=collections.OrderedDict)
    guesses: Guesses = field(default_factory=lambda: Guesses(PartFacts.from_json))  # contents_guess
    laid_out: int = 0  # parts laid out since the process started (tests and benchmark read it)
    unsuitable: set[str] = field(default_factory=set)  # jobs whose parts failed to split

    def remember(self, store: collections.OrderedDict[str, Any], key: str, value: Any) -> None:
        store[key] = value
        store.move_to_end(key)
        while len(store) > (RESULTS_KEPT if store is self.results else FACTS_KEPT):
            store.popitem(last=False)


CACHE = _Cache()


def clear_cache() -> None:
    """Forget every kept part, here and on disk (the benchmark lays out with nothing kept)."""
    CACHE.results.clear()
    CACHE.facts.clear()
    CACHE.guesses.clear()
    CACHE.unsuitable.clear()
    layout_memory.forget()


def _known_facts(key: str) -> PartFacts | None:
    """Return a part's facts kept in this process, or by an earlier one (layout_memory)."""
    found = CACHE.facts.get(key)
    if found is None:
        found = PartFacts.from_json(layout_memory.recall("facts", key))
        if found is not None:
            CACHE.remember(CACHE.facts, key, found)
    return found


def _keep_facts(key: str, facts: PartFacts) -> None:
    """Keep a part's facts, on disk too when they are new."""
    if CACHE.facts.get(key) != facts:
        layout_memory.keep("facts", key, facts.as_json())
    CACHE.remember(CACHE.facts, key, facts)


def _digest(*items: object) -> str:
    text = repr(items).encode("utf-8", "surrogatepass")
    return hashlib.sha256(text).hexdigest()


class PartProcessDied(RuntimeError):
    """A part's process ended without an answer; the caller lays out in one pass instead."""


class Superseded(Exception):
    """The caller's watch said the work is no longer wanted (a newer preview arrived)."""


class Watch(Protocol):
    """Something the caller waits on besides the part processes: an input and its test."""

    def fileno(self) -> int:
        """Return the file descriptor that becomes readable when there is news."""

    def abandon(self) -> bool:
        """Read the news; return True when the layout under way is no longer wanted."""


WATCH: list[Watch] = []  # set by the render worker around a preview (see `watching`)


@contextlib.contextmanager
def watching(watch: Watch) -> Iterator[None]:
    """While the block runs, abandon a layout in parts when `watch.abandon()` says so."""
    WATCH.append(watch)
    try:
        yield
    finally:
        WATCH.remove(watch)


class PartsUnsuitable(PartProcessDied):
    """The skeleton's parts do not each begin a page; the caller lays out in one pass."""


def _numbering(split: Split, units: list[tuple[list[int], PartFacts]]) -> list[Numbering]:
    """Return the numbering of consecutive documents, each after the pages of those before.

    A document with page-number links is also told the pages of their targets.
    """
    total, offset, strings = sum(unit[1].pages for unit in units), 0, dict[str, str]()
    numbering = []
    for _, part in units:
        numbering.append(Numbering(offset, total, tuple(sorted(strings.items()))))
        offset += part.pages
        strings.update(part.strings)
    places = heading_places([unit[1] for unit in units])
    for number, (indices, _) in enumerate(units):
        links = set().union(*(split.page_links(index) for index in indices))
        if links:
            pages = tuple(sorted((name, places[name]) for name in links if name in places))
            numbering[number] = replace(numbering[number], pages=pages)
    return numbering


def heading_places(facts: list[PartFacts]) -> dict[str, int]:
    """Return the page number (in the whole PDF) of each id the consecutive parts define."""
    places: dict[str, int] = {}
    offset = 0
    for part in facts:
        for name, page in part.anchors:
            places.setdefault(name, offset + page + 1)
        offset += part.pages
    return places


# -- inside a part's process ------------------------------------------------------------


class _Counted(Exception):
    """The pages of a document with page-number placeholders are counted: lay it out again."""


class _MarginHook:
    """Stands in for weasyprint.layout.make_margin_boxes in a part's process.

    On its first call the document is fully paginated: report its page count, last strings
    and the pages of the ids in `names`, wait for its numbering (unless known in advance),
    then set each page's counters. With `recount`, the document's page-number links hold
    placeholders: once the numbering (with the real numbers) is in, _Counted is raised.
    """

    def __init__(
        self,
        connection: Connection | None,
        numbering: Numbering | None,
        names: frozenset[str] = frozenset(),
        recount: bool = False,
    ) -> None:
        import weasyprint.layout

        self.original = weasyprint.layout.make_margin_boxes
        self.connection = connection
        self.numbering = numbering
        self.names, self.recount = names, recount
        self.facts: PartFacts | None = None
        self.context: Any = None
        self.places: dict[str, int] = {}  # id: 0-based page of its first appearance
        self.done: set[int] = set()
        self.carried: set[str] = set()  # strings handed in, not assigned by this document

    def __call__(self, context: Any, page: Any, state: Any) -> Iterator[Any]:
        if self.facts is None:
            self._meet(context)
        values = state[1]
        if id(values) not in self.done and self.numbering is not None:
            self.done.add(id(values))
            values["page"] = [value + self.numbering.offset for value in values.get("page", [0])]
            values["pages"] = [self.numbering.total]
        boxes: Iterator[Any] = self.original(context, page, state)
        return boxes

    def _meet(self, context: Any) -> None:
        self.context = context
        pages = len(context.page_maker) - 1
        # WeasyPrint notes, in each page's remake state, the anchors that first appear there
        for page, entry in enumerate(context.page_maker[:pages]):
            for name in entry[-1].get("anchors", ()):
                if name in self.names:
                    self.places.setdefault(str(name), page)
        self.facts = PartFacts(pages, self.strings(0, pages), self.anchors(0, pages))
        if self.numbering is None and self.connection is not None:
            self.connection.send(("paginated", self.facts))
            self.numbering = self.connection.recv()
            if self.recount:
                raise _Counted
        for name, value in self.numbering.strings if self.numbering else ():
            by_page = context.string_set[name]
            if not by_page.get(1):
                by_page[1] = [value]
                self.carried.add(name)

    def strings(self, first: int, end: int) -> tuple[tuple[str, str], ...]:
        """Return the last value of each named string assigned on pages first..end-1."""
        last = {}
        for name, by_page in self.context.string_set.items():
            assigned = [
                values
                for page, values in sorted(by_page.items())
                if values and first < page <= end and not (page == 1 and name in self.carried)
            ]
            if assigned:
                last[str(name)] = str(assigned[-1][-1])
        return tuple(sorted(last.items()))

    def anchors(self, first: int, end: int) -> tuple[tuple[str, int], ...]:
        """Return the ids first seen on pages first..end-1 (0-based), with their page - first."""
        found = [(name, page - first) for name, page in self.places.items() if first <= page < end]
        return tuple(sorted(found))


def _part_starts(document: Any, indices: list[int]) -> list[int]:
    """Return the page on which each part of a laid-out document begins.

    Each part must begin a page of its own with its first element, as it does when laid out
    alone; otherwise (the skeleton has visible content before the first marker, or a marker
    where the stylesheet forces no new page) PartsUnsuitable is raised.
    """
    wanted = {str(index): index for index in indices}
    starts: dict[int, int] = {}
    for number, page in enumerate(document.pages):
        first_content = True
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            tag = getattr(box, "element_tag", None)
            if element is None or tag in {"html", "body"}:
                continue
            mark = element.get(PART_ATTRIBUTE)
            if mark in wanted and wanted[mark] not in starts:
                if not first_content:
                    raise PartsUnsuitable(f"part {int(mark) + 1} does not begin a new page")
                starts[wanted[mark]] = number
            first_content = False
    found = [starts.get(index, -1) for index in indices]
    if found[0] != 0 or found != sorted(set(found)):
        raise PartsUnsuitable("the parts could not be told apart in the layout")
    return found


def _work(
    job: Job, split: Split, indices: list[int], hook: _MarginHook
) -> list[tuple[int, PartResult]]:
    """Lay out consecutive parts as one document and write it as one PDF.

    A document with page-number links whose numbering is not known yet is laid out twice:
    with placeholders to count its pages, then with the numbers (see the module's notes).
    """
    hook.names = frozenset().union(*(split.defined(index) for index in indices))
    numbered = any(split.page_links(index) for index in indices)
    hook.recount = numbered and hook.numbering is None
    try:
        document, refused = _hooked(job, split, indices, hook)
    except _Counted:
        counted, numbering = hook.facts, hook.numbering
        hook = _MarginHook(None, numbering, hook.names)
        document, refused = _hooked(job, split, indices, hook)
        if hook.facts != counted:
            raise PartProcessDied("the contents' page count changed with its numbers") from None
    starts = [*_part_starts(document, indices), len(document.pages)]
    pdf, spots = job.write(document, indices[0])
    results = []
    for number, index in enumerate(indices):
        first, end = starts[number], starts[number + 1]
        strings = hook.strings(first, end) if hook.context is not None else ()
        facts = PartFacts(end - first, strings, hook.anchors(first, end))
        results.append((index, PartResult(pdf, first, facts, spots, tuple(refused))))
    return results


def _hooked(job: Job, split: Split, indices: list[int], hook: _MarginHook) -> tuple[Any, list[str]]:
    """Lay out consecutive parts with the hook in WeasyPrint's margin-box step."""
    import weasyprint.layout

    pages = None if hook.numbering is None else dict(hook.numbering.pages)
    weasyprint.layout.make_margin_boxes = hook
    try:
        document, refused = job.lay_out(split.document(indices, pages))
    finally:
        weasyprint.layout.make_margin_boxes = hook.original
    if hook.facts is None:  # no page had margin boxes: still meet the other parts
        first = [list(page.anchors) for page in document.pages]
        for page, names in enumerate(first):
            for name in names:
                if name in hook.names:
                    hook.places.setdefault(name, page)
        hook.facts = PartFacts(len(document.pages), (), hook.anchors(0, len(document.pages)))
        if hook.numbering is None and hook.connection is not None:
            hook.connection.send(("paginated", hook.facts))
            hook.numbering = hook.connection.recv()
    return document, refused


def _process(connection: Connection, job: Job, split: Split, tasks: list[_Task]) -> None:
    """Do a process's tasks and send the results; never returns (os._exit)."""
    code = 0
    try:
        reply: tuple[str, Any] = ("done", [])
        for task in tasks:
            hook = _MarginHook(connection, task.numbering)
            reply[1].extend(_work(job, split, task.indices, hook))
    except BaseException as error:  # report everything; the parent decides
        reply = ("error", error)
        code = 1
    try:
        if reply[0] == "error":
            reply = ("error", portable(reply[1]))
        connection.send(reply)
        connection.close()
    finally:
        os._exit(code)


# -- in the caller ------------------------------------------------------------------------


@dataclass
class _Task:
    """Consecutive parts laid out as one document; without numbering it waits for it."""

    indices: list[int]
    numbering: Numbering | None


@dataclass
class _Running:
    pid: int
    connection: Connection
    tasks: list[_Task]


def _start(job: Job, split: Split, tasks: list[_Task]) -> _Running:
    def work(connection: Connection) -> None:  # pragma: no cover - in the part's process
        _process(connection, job, split, tasks)

    try:
        pid, connection = fork_child(work)
    except OSError as error:  # too many processes, no memory: lay out in one pass
        raise PartProcessDied(f"no process for a part ({error})") from error
    return _Running(pid, connection, tasks)


def _receive(running: _Running) -> Any:
    while WATCH:
        ready = wait([running.connection, WATCH[-1].fileno()])
        if running.connection in ready:
            break
        if WATCH[-1].abandon():
            raise Superseded
    try:
        message: tuple[str, Any] = running.connection.recv()
    except (EOFError, OSError) as error:
        raise PartProcessDied("a part's process ended without an answer") from error
    except Exception as error:  # an answer that cannot be read back: do it in one pass
        raise PartProcessDied(f"a part's answer could not be read ({error})") from error
    if message[0] == "error":
        failure = message[1]
        raise failure if isinstance(failure, BaseException) else RuntimeError(str(failure))
    return message[1]


def _stop(processes: list[_Running]) -> None:
    for running in processes:
        end_child(running.pid, running.connection)


def lay_out(split: Split, job: Job) -> list[PartResult]:
    """Lay out every part, reusing kept ones; return them in document order.

    Parts whose page count is not known are laid out first, in runs of consecutive parts
    (one process per run, runs split until every core has one) that wait for their numbering
    once paginated. Then every part's numbering is known: kept parts with that numbering are
    reused and the others are laid out, shared between the cores. Raises what a part raised,
    or PartProcessDied. A contents' page count guessed wrong (contents_guess): again, unguessed.
    """
    try:
        return _lay_out(split, job, guess=True)
    except WrongGuess:
        return _lay_out(split, job, guess=False)


def _lay_out(split: Split, job: Job, *, guess: bool) -> list[PartResult]:
    count, shares = len(split.pieces), cores()
    job_key = _digest(job.key(1))
    if job_key in CACHE.unsuitable:
        raise PartsUnsuitable("this skeleton's parts did not each begin a page before")
    laid = [_digest(job.layout_key(), split.prefix, piece, split.suffix) for piece in split.pieces]
    keys = [_digest(job.key(i), laid[i]) for i in range(count)]
    facts: list[PartFacts | None] = [_known_facts(key) for key in laid]
    guessed = CACHE.guesses.fill(split, facts) if guess else set()
    processes: list[_Running] = []
    try:
        unknown = [i for i in range(count) if facts[i] is None]
        # The longest run starts first: each fork of this large process takes milliseconds.
        runs = runs_of(unknown, split, shares)
        for run in sorted(runs, key=lambda run: -sum(weight(split.pieces[i]) for i in run)):
            processes.append(_start(job, split, [_Task(run, None)]))
        # Number the documents: known parts one by one, each waiting run as a whole.
        units: list[tuple[list[int], PartFacts]] = []
        waiting = {running.tasks[0].indices[0]: running for running in processes}
        index = 0
        while index < count:
            if index in waiting:
                indices = waiting[index].tasks[0].indices
                units.append((indices, _receive(waiting[index])))
                index += len(indices)
            else:
                known = facts[index]
                assert known is not None
                units.append(([index], known))
                index += 1
        numbers = _numbering(split, units)
        numbering = {unit[0][0]: number for unit, number in zip(units, numbers, strict=True)}
        results: dict[int, PartResult] = {}
        missing: list[int] = []
        for indices, _ in units:
            if indices[0] in waiting:
                try:
                    waiting[indices[0]].connection.send(numbering[indices[0]])
                except OSError as error:  # it died after reporting its pages
                    raise PartProcessDied("a part's process ended while waiting") from error
                continue
            kept = CACHE.results.get(_digest(keys[indices[0]], numbering[indices[0]]))
            if kept is None:
                missing.append(indices[0])
            else:
                results[indices[0]] = kept
        for share in share_out(missing, split, shares):
            processes.append(_start(job, split, [_Task([i], numbering[i]) for i in share]))
        for running in processes:
            for index, result in _receive(running):
                results[index] = result
                CACHE.laid_out += 1
        # Every known page count checked before any part is kept: a part laid out on a wrong
        # one printed a wrong page total, and must not be kept under the right one.
        for index in range(count):
            if facts[index] is not None and facts[index] != results[index].facts:
                if index in guessed:
                    raise CACHE.guesses.wrong(split, index)
                clear_cache()  # a kept page count was wrong: cannot be for the same text
                raise PartProcessDied("a part's page count changed for the same text")
        part_numbering = _numbering(split, [([i], results[i].facts) for i in range(count)])
        for index in range(count):
            result = results[index]
            _keep_facts(laid[index], result.facts)
            CACHE.guesses.keep(split, index, result.facts)
            CACHE.remember(CACHE.results, _digest(keys[index], part_numbering[index]), result)
        return [results[index] for index in range(count)]
    except PartsUnsuitable:
        CACHE.unsuitable.add(job_key)
        raise
    finally:
        _stop(processes)
