"""Join the PDFs of a contract's parts, laid out apart (parallel_layout), into one PDF.

The first part's PDF is the base: its catalog holds the metadata, the PDF/A output intent,
the embedded agreement and the language. Every other part's pages are appended with their
bookmarks and signature fields (pikepdf's add_pages_from); then what pikepdf does not carry
is put together by hand:
- links: each part's PDF names the places of its own headings and of stand-ins for headings
  elsewhere; the joined PDF keeps each name's real place only;
- font subsets: each part embeds its own subset of a font under the same tag; they are
  given tags of their own (PDF 32000-1, 9.6.4);
- structure tags (structure.py): each part's structure elements are added to the base's
  structure tree, with the parent tree renumbered.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
from typing import TYPE_CHECKING, Any

from slaeditor.writers.pdf import structure
from slaeditor.writers.pdf.parallel_layout import PartProcessDied

if TYPE_CHECKING:
    from slaeditor.writers.pdf.parallel_layout import PartResult, Split


def join(results: list[PartResult], split: Split | None = None) -> bytes:
    """Join the parts' PDFs into one.

    The first part's PDF (its catalog: metadata, PDF/A output intent, attachments) is the
    base; every other part's pages are appended from the PDF they were written in, with their
    bookmarks and signature fields (pikepdf's add_pages_from), and their structure elements
    (structure.TreeJoin). Objects are written in compressed object streams, as WeasyPrint
    does.
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
        tree = structure.TreeJoin(base)
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
            at = len(base.pages)
            base.add_pages_from(source(first), pages=range(first.first_page, end))
            copied = range(first.first_page, end)
            tree.add(source(first), [(page, at + n) for n, page in enumerate(copied)])
        tree.finish()
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
        defined = split.defined(index)
        for name, place in _named_places(pdf).items():
            number = pages.get(place[0].objgen) if len(place) else None
            if name in defined and number is not None and number in own:
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
_FONTS = ("/Font", "/FontDescriptor")  # the dictionaries that name a font (PDF 32000-1, 9.6, 9.8)


def _retag_subsets(pdf: Any, salt: int, taken: set[str]) -> None:
    """Give a part's font subsets tags no other part's subsets have; record them in `taken`.

    Each part embeds the subset of a font's glyphs that its own pages use, under the tag
    WeasyPrint derives from the font, the same in every part; but different subsets in one
    file must have different tags (PDF 32000-1, 9.6.4), or a reader may take one for another.
    The first PDF (salt 0) keeps its tags.
    """
    import pikepdf

    renamed: dict[str, str] = {}
    for obj in pdf.objects:  # thousands, mostly structure elements: the cheapest test first
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") not in _FONTS:
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
