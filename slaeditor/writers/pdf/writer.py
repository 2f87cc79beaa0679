"""Write a Contract as PDF: the pack's HTML skeleton and CSS, laid out by WeasyPrint.

WeasyPrint is imported here only, on first use (through weasy.load, which spares it its
library look-ups), so the application starts without it.
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from jinja2 import StrictUndefined, TemplateError
from markupsafe import Markup, escape

from slaeditor.errors import RenderError
from slaeditor.resources import assets_dir, templates_dir
from slaeditor.templating.blocks import anchor, contents_entries
from slaeditor.templating.sandbox import ConfinedLoader, DataSandbox
from slaeditor.writers.block_kinds import kind_of, ordered_marker
from slaeditor.writers.pdf import (
    archive,
    collector,
    contents,
    join_parts,
    parallel_layout,
    signature_fields,
    structure,
    stylesheets,
    warm_up,
    weasy,
)

if TYPE_CHECKING:
    from slaeditor.templating.blocks import Contract, Run

SKELETON = "contract.html.j2"


class PackFiles(Protocol):
    """What the PDF writer needs of a template pack: its folder (a loaded Pack has more)."""

    @property
    def path(self) -> Path:
        """Return the pack's folder."""
        ...

    def file(self, name: str) -> Path:
        """Return a file of the pack."""
        ...


@dataclass(frozen=True)
class PackFolder:
    """A template pack's folder: all the PDF writer needs of the pack.

    Handed to the `render` command's layout process (early_start) instead of the loaded
    Pack, whose clauses would have that process import the agreement model and the composer
    (~0.3 s of its CPU) only to unpickle them.
    """

    path: Path

    def file(self, name: str) -> Path:
        """Return a file of the pack."""
        return self.path / name


class SkeletonError(RenderError):
    """A layout skeleton that cannot be used; names the file and line."""


def run_html(run: Run) -> Markup:
    """Write one run with its emphasis, escaping the text."""
    html = escape(run.text)
    if run.ref:
        target = escape(anchor(run.ref))  # digits and hyphens, escaped all the same
        html = Markup('<a class="ref" href="#') + target + Markup('">') + html + Markup("</a>")
    if run.italic:
        html = Markup("<em>") + html + Markup("</em>")
    if run.bold:
        html = Markup("<strong>") + html + Markup("</strong>")
    return html


@functools.lru_cache(maxsize=8)
def _environment(pack_path: Path) -> DataSandbox:
    """Return the sandbox for a pack's HTML skeleton, autoescaping every value."""
    env = DataSandbox(
        loader=ConfinedLoader(pack_path),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        kind_of=kind_of,
        run_html=run_html,
        ordered_marker=ordered_marker,
        anchor=anchor,
        contents_entries=contents_entries,
    )
    return env


def contract_html(contract: Contract, pack: PackFiles) -> str:
    """Render the HTML of the contract from the pack's skeleton."""
    try:
        return _environment(pack.path).get_template(SKELETON).render(contract=contract)
    except TemplateError as error:
        line = getattr(error, "lineno", None)
        where = f"{pack.file(SKELETON)}" + (f", line {line}" if line else "")
        raise SkeletonError(f"{where}: {error}") from error
    except UnicodeDecodeError as error:
        raise SkeletonError(f"{pack.file(SKELETON)}: is not UTF-8 text ({error.reason})") from error
    except Exception as error:  # whatever a user's skeleton does wrong, say where
        raise SkeletonError(f"{pack.file(SKELETON)}: {type(error).__name__}: {error}") from error


@functools.cache
def _font_config() -> Any:
    """Keep one Pango font map for the process: its caches make later exports faster."""
    weasy.load()
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def write_pdf(
    contract: Contract,
    pack: PackFiles,
    target: Path,
    *,
    archival: bool = True,
    source: str | None = None,
) -> list[str]:
    """Write the PDF to target; return the resources the skeleton asked for and was refused.

    The PDF has an empty signature field in every signatory's block. With `archival` it is
    PDF/A-3b; `source` (the agreement file's text) is embedded as the document's source.
    A skeleton with part markers is laid out in parts, in parallel (parallel_layout).
    """
    html = contract_html(contract, pack)
    run = _PdfRun(contract, pack, archival, source, archive.now())
    layout = _layout_key(html, run.files)
    # Laid out in parts where it can be; before the first parts of a process, a sample page
    # fills WeasyPrint's caches here (warm), which every part process then inherits.
    pieces = parallel_layout.split(html) if parallel_layout.available() else None
    results = _in_parts(contract, pieces, run)
    if pieces is not None and results is not None:
        target.write_bytes(join_parts.join(results, pieces))
        facts = [result.facts for result in results]
        contents.remember(layout, parallel_layout.heading_places(facts))
        return list(dict.fromkeys(url for result in results for url in result.refused))
    with collector.paused():  # the document is gone when it ends: only its cycles are left
        data, refused, places = _in_one_pass(run, html)
    target.write_bytes(data)
    contents.remember(layout, places)
    return refused


def _in_one_pass(run: _PdfRun, html: str) -> tuple[bytes, list[str], dict[str, int]]:
    """Lay the whole contract out here and write it; its signature fields checked.

    Return the PDF, the refused resources and the page of each heading (contents).
    """
    document, refused = run.lay_out(html)
    data, spots = run.write(document, 0)
    run.check_fields({spot.name for spot in spots})
    return data, refused, contents.first_places([list(page.anchors) for page in document.pages])


def _in_parts(contract: Contract, pieces: Any, run: Any) -> list[Any] | None:
    """Lay the pieces out in part processes, their signature fields checked; None: one pass.

    None when there are no pieces, or when a part process died (the caller then lays the
    contract out in one pass instead).
    """
    if pieces is None:
        return None
    _before_forking(contract, run.pack.path)
    try:
        results = parallel_layout.lay_out(pieces, run)
    except parallel_layout.PartProcessDied:
        return None
    run.check_fields({spot.name for result in results for spot in result.spots})
    return results


def prepare() -> None:
    """Load WeasyPrint, the process's fonts and what its part processes use, now.

    Called before a process's first parts are forked, so that each part process inherits
    them; the `render` command's layout process (early_start) calls it as it starts, while
    the command composes. The URL fetcher (with the email modules its responses' headers
    use) and the hyphenation module are loaded too: ~20 and ~20 ms of each part process the
    first time; and pikepdf, which joins the parts (~50 ms, loaded while the command's layout
    process waits for its contract).
    """
    _font_config()
    import email.policy  # noqa: F401 - WeasyPrint's fetched resources import it on first use

    import pikepdf  # noqa: F401
    import pyphen  # type: ignore[import-untyped]  # noqa: F401

    from slaeditor.writers.pdf import fetcher  # noqa: F401 - imported for the part processes


_WARMED: set[Path] = set()


def warm(pack: Path | None = None) -> None:
    """Lay a sample page out once in this process, in the pack's stylesheet (warm_up).

    The standard pack's when none is named (the command's layout process, before it knows
    the agreement's pack).
    """
    prepare()
    folder = pack or templates_dir() / "standard"
    if folder not in _WARMED:
        _WARMED.add(folder)
        options = archive.pdf_options(archival=True)
        warm_up.warm_up(lambda html: lay_out_html(html, folder, options)[0], options)


def lay_out_html(html: str, pack: Path, options: dict[str, Any]) -> tuple[Any, list[str]]:
    """Lay out HTML in the pack's folder; return WeasyPrint's document and the refused URLs."""
    from weasyprint import HTML

    # imported here: the fetcher subclasses WeasyPrint's, whose import takes ~400 ms
    from slaeditor.writers.pdf.fetcher import PackURLFetcher

    fetcher = PackURLFetcher([pack, assets_dir()])
    with stylesheets.kept():  # the pack's stylesheet parsed once, not for every part
        document = HTML(string=html, base_url=pack.as_uri() + "/", url_fetcher=fetcher).render(
            font_config=_font_config(), **options
        )
    return document, fetcher.refused


def _before_forking(contract: Contract, pack: Path) -> None:
    """Load here what every part process would otherwise load for itself after the fork.

    WeasyPrint's modules and the fetcher (prepare), a sample page laid out in the pack's
    stylesheet (warm), and the hyphenation patterns of the contract's language (~40 ms of
    each part process the first time).
    """
    warm(pack)
    import pyphen

    language = pyphen.language_fallback(contract.locale.replace("_", "-"))
    if language:
        pyphen.Pyphen(lang=language)  # kept in pyphen's own cache of patterns, by file


def heading_pages(contract: Contract, pack: PackFiles) -> dict[str, int]:
    """Map each section and clause number ("8", "8.3") to the page of the PDF it begins on.

    For the Word writer's table of contents, which shows the PDF's page numbers. The pages
    of the PDF last written for this contract and pack, by this process or an earlier one,
    are reused (kept_heading_pages). Otherwise, in a process
    that has laid parts of a PDF out before (the window's render worker), the contract is laid
    out as an export would be (into a file that is then deleted), which also leaves its parts
    kept for the export that usually follows; in one that has not (the `render` command
    writing a .docx), it is only laid out, in parts where it can be, and not drawn: the pages
    are all that is needed.
    """
    html = contract_html(contract, pack)
    key = _layout_key(html, _pack_files(pack.path))
    places = contents.recall(key)
    if places is None and parallel_layout.CACHE.laid_out == 0:
        places = _pages_only(contract, pack, html)
        contents.remember(key, places)
    if places is None:
        with tempfile.TemporaryDirectory(prefix="slaeditor-pages-") as folder:
            write_pdf(contract, pack, Path(folder) / "contract.pdf")
        places = contents.recall(key) or {}
    return contents.numbered_pages(contract, places)


def kept_heading_pages(contract: Contract, pack: PackFiles) -> dict[str, int] | None:
    """Return heading_pages() as kept from the last PDF of this contract and pack, or None.

    Kept by this process or, on disk, by an earlier one (contents.recall); nothing is laid
    out and WeasyPrint is not loaded, so a process that finds them needs no layout process.
    """
    html = contract_html(contract, pack)
    places = contents.recall(_layout_key(html, _pack_files(pack.path)))
    return None if places is None else contents.numbered_pages(contract, places)


def _pages_only(contract: Contract, pack: PackFiles, html: str) -> dict[str, int]:
    """Lay the contract out as write_pdf would, without drawing it; return its heading places.

    The signature fields are still looked for: a skeleton without a place for one is
    refused here as it is when the PDF is written.
    """
    run = _PagesRun(contract, pack, True, None, archive.now())
    pieces = parallel_layout.split(html) if parallel_layout.available() else None
    results = _in_parts(contract, pieces, run)
    if results is not None:
        return parallel_layout.heading_places([result.facts for result in results])
    with collector.paused():
        return _in_one_pass(run, html)[2]


def _layout_key(html: str, files: tuple[tuple[str, str], ...]) -> str:
    """Identify a layout by what decides where its pages break: the HTML and the pack."""
    return hashlib.sha256(repr((html, files)).encode("utf-8", "surrogatepass")).hexdigest()


_HASHED_BYTES = 4_000_000
_FILES_LISTED = 2000


def _pack_files(folder: Path) -> tuple[tuple[str, str], ...]:
    """Return what the pack's files hold now (a digest, or size and time for a large one).

    The HTML of a part says nothing of the stylesheet, images and fonts it loads from the
    pack, so a part kept from before must not be reused once one of them has been edited.
    """
    listed: list[tuple[str, str]] = []
    for root, folders, names in os.walk(folder):
        folders.sort()
        for name in sorted(names):
            path = Path(root) / name
            try:
                status = path.stat()
                if not stat.S_ISREG(status.st_mode):  # a pipe or device: never read it here
                    state = "not a regular file"
                elif status.st_size <= _HASHED_BYTES:
                    state = hashlib.sha256(path.read_bytes()).hexdigest()
                else:
                    state = f"{status.st_size}:{status.st_mtime_ns}"
            except OSError as error:
                state = f"unreadable: {error.strerror}"
            listed.append((path.relative_to(folder).as_posix(), state))
            if len(listed) >= _FILES_LISTED:
                return tuple(listed)
    return tuple(listed)


class _PdfRun:
    """One PDF export: lays out the whole contract or parts of it, and writes their PDFs."""

    def __init__(
        self,
        contract: Contract,
        pack: PackFiles,
        archival: bool,
        source: str | None,
        stamp: str,
    ) -> None:
        weasy.load()  # before the first use of WeasyPrint (source_attachment, parts, layout)
        self.contract, self.pack, self.stamp = contract, pack, stamp
        self.options = archive.pdf_options(archival=archival)
        self.attachment = archive.source_attachment(source) if source is not None else None
        fields = [(person.anchor, person.field, party) for party, person in contract.signatories()]
        self.files = _pack_files(pack.path)
        self._common = repr(
            (pack.path.as_posix(), self.files, sorted(self.options.items()), fields)
        )
        self._first = repr(
            (
                stamp,
                contract.title,
                contract.author,
                contract.subject,
                contract.keywords,
                contract.agreement_id,
                contract.version,
                contract.cover.parties,
                # WeasyPrint fills Attachment.md5 only while writing: digest the text here.
                None if source is None else hashlib.sha256(source.encode("utf-8")).hexdigest(),
            )
        )

    def key(self, index: int) -> str:
        """Return what, besides its HTML, makes part `index`'s PDF what it is."""
        return self._common + (self._first if index == 0 else "")

    def layout_key(self) -> str:
        """Return what, besides their HTML, decides how parts break into pages."""
        return self._common

    def lay_out(self, html: str) -> tuple[Any, list[str]]:
        """Lay out an HTML document of the contract (all of it or some parts)."""
        return lay_out_html(html, self.pack.path, self.options)

    def write(self, document: Any, index: int) -> tuple[bytes, tuple[Any, ...]]:
        """Write a document's PDF with its signature fields; part 0 carries the metadata."""
        spots = signature_fields.locate_fields(document, self.contract)
        contents.single_links(document)
        options = dict(self.options)
        if index == 0:
            archive.describe(document.metadata, self.contract, self.stamp)
            if self.attachment is not None:
                options["attachments"] = [self.attachment]

        def finish(_document: Any, pdf: Any) -> None:
            structure.distinct_ids(pdf, f"p{index}-")
            structure.drop_empty_links(pdf)
            signature_fields.add_fields(pdf, spots)
            if index == 0:
                archive.finish(pdf, self.contract, self.attachment)

        return document.write_pdf(finisher=finish, **options), tuple(spots)

    def check_fields(self, placed: set[str]) -> None:
        """Refuse a skeleton that left a signatory without a place for the signature field."""
        try:
            signature_fields.check_found(self.contract, placed)
        except signature_fields.MissingAnchorError as error:
            raise SkeletonError(f"{self.pack.file(SKELETON)}: {error}") from None


class _PagesRun(_PdfRun):
    """A layout for its pages only: written as no PDF, so kept apart from the exports' parts."""

    def key(self, index: int) -> str:
        return "pages only " + super().key(index)

    def write(self, document: Any, index: int) -> tuple[bytes, tuple[Any, ...]]:
        return b"", tuple(signature_fields.locate_fields(document, self.contract))
