"""Tagged PDF: WeasyPrint's structure tree, also whole when the parts' PDFs are joined.

WeasyPrint 70 writes structure tags (`pdf_tags`) together with PDF/A-3b: a /StructTreeRoot
with one /Document element whose children are the page's top-level elements, page after
page (a paragraph that runs over a page break is two elements, one per page), /MarkInfo
/Marked true, and /Lang from the HTML's `lang`. The reading order, headings, lists, tables
and links are then there for screen readers. (PDF/UA identification is not claimed: WeasyPrint
writes one identification in the XMP, PDF/A-3b here, and the pack's skeleton and text are not
checked against PDF/UA.)

A part laid out apart has a tree of its own, and pikepdf copies pages without it, so
`TreeJoin` adds each part's top-level elements for the copied pages to the base's /Document,
in page order, and renumbers the parent tree (the map from each page's marked content and
each link annotation back to its element) so that every page and annotation has a key of
its own. The result is the tree a layout in one pass makes (but for the contents' page
numbers, text there, generated content in one pass). Table header cells carry ids that
WeasyPrint derives from object numbers, which repeat between parts; `distinct_ids`
prefixes them with the part, and `drop_empty_links` removes the elements of the empty
stand-ins a part carries for headings elsewhere, both in the part's own process.
"""

from __future__ import annotations

from typing import Any


def distinct_ids(pdf: Any, prefix: str) -> None:
    """Prefix the ids of a PDF's structure elements (pydyf objects, before writing)."""
    import pydyf

    for item in pdf.objects:
        if not isinstance(item, pydyf.Dictionary) or item.get("Type") != "/StructElem":
            continue
        if "ID" in item:
            item["ID"] = pydyf.String(prefix + str(item["ID"].string))
        headers = item.get("A", {}).get("Headers") if isinstance(item.get("A"), dict) else None
        if headers is not None:
            item["A"]["Headers"] = pydyf.Array(pydyf.String(prefix + h.string) for h in headers)


def drop_empty_links(pdf: Any) -> None:
    """Take the structure elements of empty links out of a PDF's tree (pydyf, before writing).

    A part's document carries an empty `<a id>` stand-in for each heading in another part
    that it links to (parallel_layout's Split.document), and WeasyPrint tags each as a Link
    with nothing in it; an element left empty by their removal (the anonymous block around
    them) goes too. Real links always hold their text and their annotation.
    """
    import pydyf

    elements = {
        item.reference: item
        for item in pdf.objects
        if isinstance(item, pydyf.Dictionary) and item.get("Type") == "/StructElem"
    }
    empty = {ref for ref, item in elements.items() if item["S"] == "/Link" and not item["K"]}
    while empty:
        emptied = set()
        for ref, item in elements.items():
            kids = item["K"]
            if ref in empty or not any(kid in empty for kid in kids):
                continue
            item["K"] = type(kids)(kid for kid in kids if kid not in empty)
            if not item["K"] and item["S"] not in {"/TD", "/TH"}:
                emptied.add(ref)
        for ref in empty:
            elements.pop(ref, None)
        empty = emptied


def _document(root: Any) -> Any:
    """Return the /Document element a WeasyPrint structure tree root holds."""
    import pikepdf

    kids = root.get("/K")
    if isinstance(kids, pikepdf.Array):
        return kids[0] if len(kids) else None
    return kids


def _numbers(tree: Any) -> dict[int, Any]:
    """Read a number tree (a parent tree) into a dictionary."""
    found: dict[int, Any] = {}
    nodes = [tree] if tree is not None else []
    while nodes:
        node = nodes.pop()
        pairs = list(node.get("/Nums", []))
        for key, value in zip(pairs[::2], pairs[1::2], strict=True):
            found[int(key)] = value
        nodes.extend(node.get("/Kids", []))
    return found


class TreeJoin:
    """Adds the structure elements of pages copied from other PDFs to the base's tree."""

    def __init__(self, base: Any) -> None:
        root = base.Root.get("/StructTreeRoot")
        self.base = base
        self.document = _document(root) if root is not None else None
        self.numbers = _numbers(root.get("/ParentTree")) if root is not None else {}
        self.next = max(self.numbers, default=-1) + 1

    def add(self, source: Any, pages: list[tuple[int, int]]) -> None:
        """Add the elements of `source`'s pages, copied as (source page, base page) pairs."""
        import pikepdf

        root = source.Root.get("/StructTreeRoot")
        if self.document is None or root is None or _document(root) is None:
            return
        wanted = {source.pages[number].objgen for number, _ in pages}
        numbers = _numbers(root.get("/ParentTree"))
        for element in list(_document(root).get("/K", [])):
            page = element.get("/Pg") if isinstance(element, pikepdf.Dictionary) else None
            if page is not None and page.objgen in wanted:
                if "/P" in element:
                    del element["/P"]  # copy the element, not the tree it hangs in
                copy = self.base.copy_foreign(element)
                copy.P = self.document
                self.document.K.append(copy)
        for number, at in pages:
            page = self.base.pages[at]
            key = source.pages[number].get("/StructParents")
            if key is not None and int(key) in numbers:
                marked = numbers[int(key)]
                page.StructParents = self._key(pikepdf.Array(self._copy(v) for v in marked))
            for annotation in page.get("/Annots", []):
                old = annotation.get("/StructParent")
                if old is None or int(old) not in numbers:
                    continue
                element = self._copy(numbers[int(old)])
                # pikepdf copies a page's form annotations again, after the page: point the
                # element at the annotation the page has now.
                for kid in element.get("/K", []):
                    if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                        kid.Obj = annotation
                annotation.StructParent = self._key(element)

    def _copy(self, value: Any) -> Any:
        return self.base.copy_foreign(value) if value.is_indirect else value

    def _key(self, value: Any) -> int:
        key, self.next = self.next, self.next + 1
        self.numbers[key] = value
        return key

    def finish(self) -> None:
        """Write the renumbered parent tree into the base's structure tree root."""
        import pikepdf

        if self.document is None:
            return
        flat: list[Any] = []
        for key in sorted(self.numbers):
            flat += [key, self.numbers[key]]
        root = self.base.Root.StructTreeRoot
        root.ParentTree = self.base.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(flat)))
        root.ParentTreeNextKey = self.next
