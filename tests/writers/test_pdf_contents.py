"""The PDF a law firm sends: contents with page numbers and links, bookmarks, tags, language.

Every example is rendered through `slaeditor.render` twice, once in one pass and once in
parts laid out in parallel (when this machine can), and read back with pdftotext and pikepdf:
the contents must give the page on which pdftotext finds each heading, whichever way the
PDF was laid out.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from typing import TYPE_CHECKING, Any, NamedTuple

import pikepdf
import pytest
from helpers import EXAMPLES

from slaeditor import load_agreement, render
from slaeditor.clauses import load_pack
from slaeditor.compose import compose
from slaeditor.templating.blocks import Heading, anchor
from slaeditor.writers.pdf import parallel_layout as parts
from slaeditor.writers.pdf.writer import heading_pages

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from slaeditor.templating.blocks import Contract

PARALLEL = sys.platform.startswith("linux") and len(os.sched_getaffinity(0)) >= 2
MODES = ["one-pass", "parts"] if PARALLEL else ["one-pass"]
CASES = [(example, mode) for example in EXAMPLES for mode in MODES]
MM = 72 / 25.4
_ENTRY = re.compile(r"^\s*(\d+(?:\.\d+)*)\s+(\S.*?)\s+(\d+)\s*$")


def _case_id(case: tuple[Path, str]) -> str:
    return f"{case[0].name.split('.')[0]}-{case[1]}"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[tuple[str, str], Path]]:
    """Render every example in one pass and (on Linux with two cores) in parts."""
    folder = tmp_path_factory.mktemp("contents")
    paths: dict[tuple[str, str], Path] = {}
    with pytest.MonkeyPatch.context() as patch:
        for example in EXAMPLES:
            patch.setenv(parts.PARALLEL_ENV, "0")
            paths[example.name, "one-pass"] = render(example, folder / f"{example.name}.one.pdf")
            if PARALLEL:
                patch.delenv(parts.PARALLEL_ENV)
                parts.clear_cache()
                before = parts.CACHE.laid_out
                paths[example.name, "parts"] = render(example, folder / f"{example.name}.parts.pdf")
                assert parts.CACHE.laid_out - before >= 2, "the PDF was not laid out in parts"
        yield paths


class Entry(NamedTuple):
    """A line the contents must have: a section (level 1) or a numbered clause (level 2)."""

    level: int
    number: str
    title: str

    @property
    def anchor(self) -> str:
        return anchor(self.number)


def contents_of(contract: Contract) -> list[Entry]:
    """List every section and numbered clause heading of the contract, in order."""
    entries = []
    for section in contract.sections:
        entries.append(Entry(1, section.number, section.title))
        entries += [
            Entry(2, block.number, block.text)
            for block in section.blocks
            if isinstance(block, Heading) and block.level == 2 and block.number
        ]
    return entries


def _entries(example: Path) -> list[Entry]:
    return contents_of(compose(load_agreement(example)))


def _pages_text(pdf: Path) -> list[str]:
    """Return the text of every page, as pdftotext lays it out."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return text.split("\f")[:-1]


def _listed(pages: list[str], count: int) -> list[tuple[str, str, int, int]]:
    """Read the contents' lines after the title page: number, title, page given, page on."""
    found = []
    for on_page, text in enumerate(pages[1:], start=2):
        for line in text.splitlines():
            match = _ENTRY.match(line)
            if match and len(found) < count:
                title = " ".join(match.group(2).split())
                found.append((match.group(1), title, int(match.group(3)), on_page))
    return found


def _heading_page(pages: list[str], entry: Entry, after: int) -> int | None:
    """Return the first page after `after` with a line that is the entry's heading."""
    wanted = f"{entry.number} {entry.title}"
    for number, text in enumerate(pages, start=1):
        lines = (" ".join(line.split()) for line in text.splitlines())
        if number > after and wanted in lines:
            return number
    return None


def _destinations(pdf: Any) -> dict[str, int]:
    """Map each named destination to its page (1-based)."""
    numbers = {page.objgen: index for index, page in enumerate(pdf.pages, start=1)}
    flat = list(pdf.Root.Names.Dests.Names)
    return {
        str(name): numbers[place[0].objgen]
        for name, place in zip(flat[::2], flat[1::2], strict=True)
    }


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_the_contents_lists_every_section_and_clause_at_the_page_of_its_heading(
    case: tuple[Path, str], rendered: dict[tuple[str, str], Path]
) -> None:
    example, mode = case
    pages = _pages_text(rendered[example.name, mode])
    entries = _entries(example)
    assert len(entries) > 60, "every example has some 18 sections and 50 clauses"
    assert [line.strip() for line in pages[1].splitlines() if line.strip()][1] == "Contents"
    listed = _listed(pages, len(entries))
    assert [(number, title) for number, title, _, _ in listed] == [
        (entry.number, entry.title) for entry in entries
    ], "every section and clause, in order, with its whole title"
    contents_end = max(on_page for _, _, _, on_page in listed)
    for entry, (_, _, given, _) in zip(entries, listed, strict=True):
        found = _heading_page(pages, entry, contents_end)
        assert found == given, f"{entry.number} {entry.title}: contents say {given}, is on {found}"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_each_contents_line_is_a_link_to_its_heading_across_the_whole_line(
    case: tuple[Path, str], rendered: dict[tuple[str, str], Path]
) -> None:
    example, mode = case
    path = rendered[example.name, mode]
    entries = _entries(example)
    listed = _listed(_pages_text(path), len(entries))
    contents_pages = sorted({on_page for _, _, _, on_page in listed})
    widths: dict[str, float] = {}  # each entry's link, in the order read, and its width
    with pikepdf.open(path) as pdf:
        places = _destinations(pdf)
        for number in contents_pages:
            annotations = [
                a for a in pdf.pages[number - 1].get("/Annots", []) if a.get("/Subtype") == "/Link"
            ]
            for annotation in sorted(annotations, key=lambda a: -round(float(a.Rect[1]))):
                x0, _, x1, _ = (float(v) for v in annotation.Rect)
                name = str(annotation.Dest)
                widths[name] = max(widths.get(name, 0.0), x1 - x0)
    assert list(widths) == [entry.anchor for entry in entries]
    for name, (number, title, given, _) in zip(widths, listed, strict=True):
        assert places[name] == given, f"the link of {number} {title} leads to {places[name]}"
        width = widths[name]
        assert width > 150 * MM, f"{number} {title}: only {width / MM:.0f} mm of it is a link"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_the_bookmarks_nest_every_clause_in_its_section_at_the_page_of_its_heading(
    case: tuple[Path, str], rendered: dict[tuple[str, str], Path]
) -> None:
    example, mode = case
    path = rendered[example.name, mode]
    entries = _entries(example)
    pages = _pages_text(path)
    contents_end = max(on_page for _, _, _, on_page in _listed(pages, len(entries)))
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        numbers = {page.objgen: index for index, page in enumerate(pdf.pages, start=1)}

        def tree(items: list[Any]) -> list[tuple[str, int, list[Any]]]:
            return [
                (str(item.title), numbers[item.destination[0].objgen], tree(item.children))
                for item in items
            ]

        bookmarks = tree(list(outline.root))
    expected: list[tuple[str, int, list[Any]]] = []
    for entry in entries:
        page = _heading_page(pages, entry, contents_end)
        assert page is not None, f"{entry.number} {entry.title} is not in the text"
        item = (f"{entry.number} {entry.title}", page, [])
        (expected if entry.level == 1 else expected[-1][2]).append(item)
    assert bookmarks == expected


def _kids(element: Any) -> list[Any]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _elements(root: Any) -> Iterator[Any]:
    stack = _kids(root)
    while stack:
        element = stack.pop()
        if isinstance(element, pikepdf.Dictionary) and element.get("/Type") != "/OBJR":
            yield element
            stack.extend(_kids(element))


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_the_pdf_is_tagged_on_every_page_with_the_contracts_language(
    case: tuple[Path, str], rendered: dict[tuple[str, str], Path]
) -> None:
    example, mode = case
    contract = compose(load_agreement(example))
    with pikepdf.open(rendered[example.name, mode]) as pdf:
        assert pdf.open_metadata().pdfa_status == "3B", "still PDF/A-3b"
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == contract.locale.replace("_", "-")
        root = pdf.Root.StructTreeRoot
        elements = list(_elements(root))
        kinds = [str(element.S) for element in elements]
        clauses = [entry for entry in contents_of(contract) if entry.level == 2]
        # The contents' title is an h2 too; each section's heading, each clause's heading.
        assert kinds.count("/H2") == len(contract.sections) + 1
        assert kinds.count("/H3") == len(clauses)
        assert kinds.count("/Table") >= 5
        tagged = {element.Pg.objgen for element in elements if "/Pg" in element}
        flat = list(root.ParentTree.Nums)
        marked = dict(zip((int(key) for key in flat[::2]), flat[1::2], strict=True))
        for number, page in enumerate(pdf.pages, start=1):
            assert page.objgen in tagged, f"page {number} has no structure elements"
            assert int(page.StructParents) in marked, f"page {number} is not in the parent tree"
            for annotation in page.get("/Annots", []):
                if annotation.get("/Subtype") != "/Link":
                    continue
                link = marked[int(annotation.StructParent)]
                owned = [
                    kid.Obj.objgen
                    for kid in _kids(link)
                    if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR"
                ]
                assert annotation.objgen in owned, f"page {number}: a link's element is another's"
        keys = [int(page.StructParents) for page in pdf.pages]
        keys += [
            int(a.StructParent)
            for page in pdf.pages
            for a in page.get("/Annots", [])
            if "/StructParent" in a
        ]
        assert len(keys) == len(set(keys)), "every page and link has a parent tree key of its own"


@pytest.mark.skipif(not PARALLEL, reason="parts are laid out only on Linux with two cores")
def test_the_word_writer_gets_the_pdfs_heading_pages_without_a_second_layout(
    rendered: dict[tuple[str, str], Path], tmp_path: Path
) -> None:
    # `rendered` has warmed the process: its first PDF would be laid out in one pass.
    example = next(path for path in EXAMPLES if path.name == "telecom-customer.sla.yaml")
    agreement = load_agreement(example)
    pack = load_pack(agreement.template, example.parent)
    contract = compose(agreement, pack)
    parts.clear_cache()
    target = render(agreement, tmp_path / "contract.pdf", base=example.parent)
    laid_out = parts.CACHE.laid_out
    pages = heading_pages(contract, pack)
    assert parts.CACHE.laid_out == laid_out, "the PDF just written was laid out again"
    listed = _listed(_pages_text(target), len(contents_of(contract)))
    assert pages == {number: given for number, _, given, _ in listed}
    assert pages["1"] > 2 and pages["8.3"] >= pages["8"]
    renamed = agreement.model_copy(deep=True)
    renamed.document.title = f"Agreement {tmp_path.name}"  # new: only the header changes
    assert heading_pages(compose(renamed, pack), pack) == pages, "laid out when not written"
    assert parts.CACHE.laid_out > laid_out


def test_the_word_writer_gets_the_heading_pages_of_a_pdf_laid_out_in_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    example = next(path for path in EXAMPLES if path.name == "managed-it-multilevel.sla.yaml")
    agreement = load_agreement(example)
    pack = load_pack(agreement.template, example.parent)
    contract = compose(agreement, pack)
    monkeypatch.setenv(parts.PARALLEL_ENV, "0")
    target = render(agreement, tmp_path / "contract.pdf", base=example.parent)
    pages = heading_pages(contract, pack)
    listed = _listed(_pages_text(target), len(pages))
    assert len(pages) == len(contents_of(contract))
    assert pages == {number: given for number, _, given, _ in listed}
