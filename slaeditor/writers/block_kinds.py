"""Shared helpers for the layout skeletons: what kind a block is, written once for both."""

from __future__ import annotations

from slaeditor.templating.blocks import Block, Heading, ListBlock, Paragraph, SignatureBlock, Table

_KINDS: dict[type, str] = {
    Heading: "heading",
    Paragraph: "paragraph",
    ListBlock: "list",
    Table: "table",
    SignatureBlock: "signature",
}


def kind_of(block: Block) -> str:
    """Name a block's kind for a skeleton, which cannot test Python classes in the sandbox."""
    return _KINDS[type(block)]


def ordered_marker(index: int) -> str:
    """Return the marker of the index-th item (0-based) of an ordered list: (a), (b), ..."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return f"({letters[index % 26] * (index // 26 + 1)})"
