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
Running elements are not carried: whatever the margins show with `element()` must stand
before the first marker, which is repeated at the top of every part.

The results are kept (a bounded cache keyed by each part's HTML, page numbers, carried
strings and PDF options), so after an edit only the parts whose text changed are laid out
again: the preview of a one-field edit lays out one part, not the whole contract.

Forking needs Linux (macOS frameworks are not fork-safe; Windows has no fork); elsewhere, with
one core, with SLAEDITOR_RENDER_PARALLEL=0, or for a skeleton without markers, the document
is laid out in one pass, as before. A part process that dies makes the whole document be laid
out in one pass rather than fail.
"""

from __future__ import annotations

import collections
import contextlib
import gc
import hashlib
import io
import os
import pickle
import re
import signal
import sys
import warnings
from dataclasses import dataclass, field
from multiprocessing import Pipe
from multiprocessing.connection import wait
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from collections.abc import Iterator
    from multiprocessing.connection import Connection

    from slaeditor.writers.pdf.signature_fields import FieldSpot

MARKER = "<!-- slaeditor:part -->"
BODY_END = "</body>"
PARALLEL_ENV = "SLAEDITOR_RENDER_PARALLEL"
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

    def document(self, indices: list[int]) -> str:
        """Return the HTML document of consecutive parts.

        A link to a heading in another part gets an empty stand-in target at the top of the
        document, so the part keeps the link; join() points it at the real heading.
        """
        body = "".join(self.pieces[i] for i in indices)
        elsewhere = sorted(set(_LINKS.findall(body)) - set(_IDS.findall(body)))
        stand_ins = "".join(f'<a id="{name}"></a>' for name in elsewhere)
        return self.prefix + _after_first_tag(body, stand_ins) + self.suffix

    def defined(self, index: int) -> set[str]:
        """Return the ids a part defines (its headings' link targets)."""
        return set(_IDS.findall(self.pieces[index]))


_LINKS = re.compile(r'href="#([\w-]+)"')
_IDS = re.compile(r'\bid="([\w-]+)"')


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
    if os.environ.get(PARALLEL_ENV, "1").strip() in {"0", "no", "false", "off"}:
        return False
    if not sys.platform.startswith("linux") or _cores() < 2:
        return False
    import weasyprint.layout

    return callable(getattr(weasyprint.layout, "make_margin_boxes", None))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Numbering:
    """What a document needs from the others: its first page's offset, the total, strings."""

    offset: int
    total: int
    strings: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PartFacts:
    """What a part's layout tells the others: its page count and its last named strings."""

    pages: int
    strings: tuple[tuple[str, str], ...]


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
    laid_out: int = 0  # parts laid out since the process started (tests and benchmark read it)
    unsuitable: set[str] = field(default_factory=set)  # jobs whose parts failed to split

    def remember(self, store: collections.OrderedDict[str, Any], key: str, value: Any) -> None:
        store[key] = value
        store.move_to_end(key)
        while len(store) > (RESULTS_KEPT if store is self.results else FACTS_KEPT):
            store.popitem(last=False)


CACHE = _Cache()


def clear_cache() -> None:
    """Forget every kept part (the benchmark measures a render with nothing kept)."""
    CACHE.results.clear()
    CACHE.facts.clear()
    CACHE.unsuitable.clear()


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


def _numbering(facts: list[PartFacts]) -> list[Numbering]:
    """Return the numbering of consecutive documents, each after the pages of those before."""
    total, offset, strings = sum(f.pages for f in facts), 0, dict[str, str]()
    numbering = []
    for part in facts:
        numbering.append(Numbering(offset, total, tuple(sorted(strings.items()))))
        offset += part.pages
        strings.update(part.strings)
    return numbering


# -- inside a part's process ------------------------------------------------------------


class _MarginHook:
    """Stands in for weasyprint.layout.make_margin_boxes in a part's process.

    On its first call the document is fully paginated: report its page count and last
    strings, wait for its numbering (unless known in advance), then set each page's counters.
    """

    def __init__(self, connection: Connection | None, numbering: Numbering | None) -> None:
        import weasyprint.layout

        self.original = weasyprint.layout.make_margin_boxes
        self.connection = connection
        self.numbering = numbering
        self.facts: PartFacts | None = None
        self.context: Any = None
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
        self.facts = PartFacts(pages, self.strings(0, pages))
        if self.numbering is None and self.connection is not None:
            self.connection.send(("paginated", self.facts))
            self.numbering = self.connection.recv()
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
    """Lay out consecutive parts as one document and write it as one PDF."""
    import weasyprint.layout

    weasyprint.layout.make_margin_boxes = hook
    try:
        document, refused = job.lay_out(split.document(indices))
    finally:
        weasyprint.layout.make_margin_boxes = hook.original
    if hook.facts is None:  # no page had margin boxes: still meet the other parts
        hook.facts = PartFacts(len(document.pages), ())
        if hook.numbering is None and hook.connection is not None:
            hook.connection.send(("paginated", hook.facts))
            hook.numbering = hook.connection.recv()
    starts = [*_part_starts(document, indices), len(document.pages)]
    pdf, spots = job.write(document, indices[0])
    results = []
    for number, index in enumerate(indices):
        first, end = starts[number], starts[number + 1]
        strings = hook.strings(first, end) if hook.context is not None else ()
        facts = PartFacts(end - first, strings)
        results.append((index, PartResult(pdf, first, facts, spots, tuple(refused))))
    return results


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
            reply = ("error", _portable(reply[1]))
        connection.send(reply)
        connection.close()
    finally:
        os._exit(code)


def _portable(error: BaseException) -> BaseException:
    """Return the error, or a RuntimeError saying the same, if it cannot cross the pipe.

    An exception may pickle and yet not unpickle (one whose __init__ takes other arguments
    than it passes to Exception.__init__): the parent would then get a TypeError about the
    exception's constructor instead of its message.
    """
    try:
        pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes, just made
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error


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
    parent, child = Pipe()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads (3.12)
            pid = os.fork()
    except OSError as error:  # too many processes, no memory: lay out in one pass
        parent.close()
        child.close()
        raise PartProcessDied(f"no process for a part ({error})") from error
    if pid == 0:  # pragma: no cover - the child process; coverage cannot see it
        try:  # never return into the caller's code, even on a Ctrl-C right after the fork
            gc.disable()  # short-lived: its memory goes back when it exits, no cycle hunting
            parent.close()
            _process(child, job, split, tasks)
        finally:
            os._exit(1)
    child.close()
    return _Running(pid, parent, tasks)


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
        with contextlib.suppress(OSError):
            running.connection.close()
        with contextlib.suppress(ProcessLookupError, ChildProcessError, OSError):
            os.kill(running.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(running.pid, 0)


_TAG = re.compile(r"<[^>]*>")


def _weight(piece: str) -> int:
    """Estimate the work of laying out a part: a fixed cost, its text, its table cells.

    Measured on the examples, a table cell costs about as much as 75 characters of running
    text, and a document of its own about as much as 1,500.
    """
    return 1500 + len(_TAG.sub("", piece)) + 75 * piece.count("<td")


def _runs(indices: list[int], split: Split, cores: int) -> list[list[int]]:
    """Group parts into runs of consecutive ones, split until every core has one.

    The first part is always a run of its own: its PDF is the one the others are joined to.
    """
    runs: list[list[int]] = []
    for index in indices:
        if runs and runs[-1][-1] == index - 1 and runs[-1] != [0]:
            runs[-1].append(index)
        else:
            runs.append([index])

    def size(run: list[int]) -> int:
        return sum(_weight(split.pieces[i]) for i in run)

    while runs and len(runs) < cores + (1 if runs[0] == [0] else 0):
        longest = max(runs, key=size)
        if len(longest) < 2:
            break
        cut = min(range(1, len(longest)), key=lambda c: abs(size(longest[:c]) - size(longest) / 2))
        at = runs.index(longest)
        runs[at : at + 1] = [longest[:cut], longest[cut:]]
    return runs


def _share(parts: list[int], split: Split, cores: int) -> list[list[int]]:
    """Share parts out between at most `cores` lists, largest first, to even the work."""
    shares: list[list[int]] = [[] for _ in range(min(cores, len(parts)))]
    for index in sorted(parts, key=lambda i: -_weight(split.pieces[i])):
        min(shares, key=lambda share: sum(_weight(split.pieces[i]) for i in share)).append(index)
    return [sorted(share) for share in shares]


def lay_out(split: Split, job: Job) -> list[PartResult]:
    """Lay out every part, reusing kept ones; return them in document order.

    Parts whose page count is not known are laid out first, in runs of consecutive parts
    (one process per run, runs split until every core has one) that wait for their numbering
    once paginated. Then every part's numbering is known: kept parts with that numbering are
    reused and the others are laid out, shared between the cores. Raises what a part raised,
    or PartProcessDied.
    """
    count, cores = len(split.pieces), _cores()
    job_key = _digest(job.key(1))
    if job_key in CACHE.unsuitable:
        raise PartsUnsuitable("this skeleton's parts did not each begin a page before")
    keys = [_digest(job.key(i), split.prefix, split.pieces[i], split.suffix) for i in range(count)]
    facts: list[PartFacts | None] = [CACHE.facts.get(key) for key in keys]
    processes: list[_Running] = []
    try:
        unknown = [i for i in range(count) if facts[i] is None]
        # The longest run starts first: each fork of this large process takes milliseconds.
        runs = _runs(unknown, split, cores)
        for run in sorted(runs, key=lambda run: -sum(_weight(split.pieces[i]) for i in run)):
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
        numbers = _numbering([unit[1] for unit in units])
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
        for share in _share(missing, split, cores):
            processes.append(_start(job, split, [_Task([i], numbering[i]) for i in share]))
        for running in processes:
            for index, result in _receive(running):
                results[index] = result
                CACHE.laid_out += 1
        part_numbering = _numbering([results[i].facts for i in range(count)])
        for index in range(count):
            result = results[index]
            if facts[index] is not None and facts[index] != result.facts:
                clear_cache()  # a kept page count was wrong: cannot be for the same text
                raise PartProcessDied("a part's page count changed for the same text")
            CACHE.remember(CACHE.facts, keys[index], result.facts)
            CACHE.remember(CACHE.results, _digest(keys[index], part_numbering[index]), result)
        return [results[index] for index in range(count)]
    except PartsUnsuitable:
        CACHE.unsuitable.add(job_key)
        raise
    finally:
        _stop(processes)


def join(results: list[PartResult], split: Split | None = None) -> bytes:
    """Join the parts' PDFs into one.

    The first part's PDF (its catalog: metadata, PDF/A output intent, attachments) is the
    base; every other part's pages are appended from the PDF they were written in, with their
    bookmarks and signature fields (pikepdf's add_pages_from). Objects are written in
    compressed object streams, as WeasyPrint does.
    """
    import pikepdf

    with contextlib.ExitStack() as stack:
        opened: dict[int, pikepdf.Pdf] = {}
        tags: set[str] = set()

        def source(result: PartResult) -> pikepdf.Pdf:
            if id(result.pdf) not in opened:
                pdf = stack.enter_context(pikepdf.open(io.BytesIO(result.pdf)))
                _retag_subsets(pdf, len(opened), tags)
                opened[id(result.pdf)] = pdf
            return opened[id(result.pdf)]

        base = source(results[0])
        if results[0].first_page != 0 or len(base.pages) != results[0].facts.pages:
            raise PartProcessDied("the first part was not written in a PDF of its own")
        index = 1
        while index < len(results):  # consecutive parts from one PDF are copied together
            first, pdf = results[index], results[index].pdf
            end = first.first_page + first.facts.pages
            index += 1
            while (
                index < len(results)
                and results[index].pdf is pdf
                and results[index].first_page == end
            ):
                end += results[index].facts.pages
                index += 1
            base.add_pages_from(source(first), pages=range(first.first_page, end))
        if split is not None:
            _link_across_parts(base, results, split, source)
        out = io.BytesIO()
        base.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()


def _link_across_parts(base: Any, results: list[PartResult], split: Split, source: Any) -> None:
    """Point every link at the part that really holds its target.

    Each part's PDF names the places of its own headings, and of stand-ins for headings in
    other parts (Split.document); the joined PDF keeps each name's real place only.
    """
    import pikepdf

    places: dict[str, pikepdf.Array] = {}
    start = 0
    for index, result in enumerate(results):
        pdf = source(result)
        pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
        own = range(result.first_page, result.first_page + result.facts.pages)
        for name, place in _named_places(pdf).items():
            number = pages.get(place[0].objgen) if len(place) else None
            if name in split.defined(index) and number is not None and number in own:
                target = base.pages[start + number - result.first_page].obj
                places[name] = pikepdf.Array([target, *list(place)[1:]])
        start += result.facts.pages
    for page in base.pages:  # copying pages renames a name the base has too ("c-10.1")
        for annotation in page.get("/Annots", []):
            dest = annotation.get("/Dest")
            if isinstance(dest, pikepdf.String) and str(dest) not in places:
                plain = str(dest).rsplit(".", 1)[0]
                if plain in places:
                    annotation.Dest = pikepdf.String(plain)
    flat: list[Any] = []
    for name in sorted(places):
        flat += [pikepdf.String(name), places[name]]
    names = base.Root.get("/Names")
    if names is None:
        names = base.Root.Names = pikepdf.Dictionary()
    names.Dests = base.make_indirect(pikepdf.Dictionary(Names=pikepdf.Array(flat)))


def _named_places(pdf: Any) -> dict[str, Any]:
    """Read a PDF's named destinations (its /Dests name tree) into a dictionary."""
    import pikepdf

    found: dict[str, Any] = {}
    names = pdf.Root.get("/Names")
    tree = names.get("/Dests") if names is not None else None
    nodes = [tree] if tree is not None else []
    while nodes:
        node = nodes.pop()
        pairs = list(node.get("/Names", []))
        for key, value in zip(pairs[::2], pairs[1::2], strict=True):
            is_dictionary = isinstance(value, pikepdf.Dictionary)
            found[str(key)] = value.get("/D") if is_dictionary else value
        nodes.extend(node.get("/Kids", []))
    return found


_SUBSET_NAME = re.compile(r"/([A-Z]{6})\+(.+)")


def _retag_subsets(pdf: Any, salt: int, taken: set[str]) -> None:
    """Give a part's font subsets tags no other part's subsets have; record them in `taken`.

    Each part embeds the subset of a font's glyphs that its own pages use, under the tag
    WeasyPrint derives from the font, the same in every part; but different subsets in one
    file must have different tags (PDF 32000-1, 9.6.4), or a reader may take one for another.
    The first PDF (salt 0) keeps its tags.
    """
    import pikepdf

    renamed: dict[str, str] = {}
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary):
            continue
        for key in ("/BaseFont", "/FontName"):
            value = obj.get(key)
            match = _SUBSET_NAME.fullmatch(str(value)) if isinstance(value, pikepdf.Name) else None
            if match is None:
                continue
            tag = match.group(1)
            if tag not in renamed:
                renamed[tag] = tag if salt == 0 else _new_tag(tag, salt, taken)
                taken.add(renamed[tag])
            obj[key] = pikepdf.Name(f"/{renamed[tag]}+{match.group(2)}")


def _new_tag(tag: str, salt: int, taken: set[str]) -> str:
    """Return six capital letters made from the tag and the part, unlike any tag taken."""
    for attempt in range(1000):
        digest = hashlib.sha256(f"{tag}:{salt}:{attempt}".encode()).digest()
        new = "".join(chr(ord("A") + byte % 26) for byte in digest[:6])
        if new not in taken:
            return new
    raise PartProcessDied("no unused font subset tag")  # pragma: no cover - 26**6 tags
