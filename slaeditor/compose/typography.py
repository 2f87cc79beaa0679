"""Typographic quotes and apostrophes in the printed contract, whoever typed the text.

The pack writes ’ and “ ”; a drafter types ' and " on a keyboard, so the typed text printed
"Halden & Finch's EPOS" beside the pack's "Brightwater’s" in one sentence. Every text of the
composed sections, the title page and the running header gets the typographic marks: an
apostrophe or closing quote after a letter, digit or punctuation mark (’ ”), an opening quote
at the start of a word (‘ “). An e-mail address or a web address is printed as typed, since a
changed character would change it. The document's metadata keeps what was typed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from slaeditor.templating.blocks import (
    Cover,
    Heading,
    ListBlock,
    Paragraph,
    Run,
    Section,
    SignatureBlock,
    Table,
)

if TYPE_CHECKING:
    from slaeditor.templating.blocks import Block

_OPENS_AFTER = " \t\n\u00a0([{“‘—–-/="
"""A quote after one of these (or at the start) opens; after anything else it closes."""
_WORD = re.compile(r"\S+")
_ADDRESS = re.compile(r"@|://|^www\.", re.IGNORECASE)


def curly(text: str, before: str = "") -> str:
    """Return text with typographic quotes; `before` is the text printed just before it."""
    if "'" not in text and '"' not in text:
        return text
    marks = []
    previous = before[-1:] if before else ""
    last = 0
    for word in _WORD.finditer(text):
        marks.append(text[last : word.start()])
        if word.start() > last:
            previous = text[word.start() - 1]
        token = word.group()
        marks.append(token if _ADDRESS.search(token) else _token(token, previous))
        previous = token[-1]
        last = word.end()
    marks.append(text[last:])
    return "".join(marks)


_MARKS = {("'", True): "‘", ("'", False): "’", ('"', True): "“", ('"', False): "”"}


def _token(token: str, previous: str) -> str:
    out = []
    for char in token:
        if char in "'\"":
            char = _MARKS[char, not previous or previous in _OPENS_AFTER]
        out.append(char)
        previous = char
    return "".join(out)


def _runs(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    done: list[Run] = []
    printed = ""
    for run in runs:
        text = curly(run.text, printed)
        done.append(run if text == run.text else replace(run, text=text))
        printed = text or printed
    return tuple(done)


def typographic_block(block: Block) -> Block:
    """Return a block of the body with typographic quotes and apostrophes."""
    if isinstance(block, Paragraph):
        return replace(block, runs=_runs(block.runs))
    if isinstance(block, ListBlock):
        return replace(block, items=tuple(_runs(item) for item in block.items))
    if isinstance(block, Heading):
        return replace(block, text=curly(block.text))
    if isinstance(block, Table):
        return replace(
            block,
            columns=tuple(curly(cell) for cell in block.columns),
            rows=tuple(tuple(curly(cell) for cell in row) for row in block.rows),
            caption=curly(block.caption),
        )
    if isinstance(block, SignatureBlock):
        people = tuple(
            replace(person, name=curly(person.name), title=curly(person.title))
            for person in block.signatories
        )
        return replace(block, party=curly(block.party), signatories=people)
    return block


def typographic_cover(cover: Cover) -> Cover:
    """Return the title page with typographic quotes and apostrophes."""
    return replace(
        cover,
        title=curly(cover.title),
        subtitle=curly(cover.subtitle),
        parties=tuple(curly(party) for party in cover.parties),
        details=tuple((key, curly(value)) for key, value in cover.details),
    )


def typographic(sections: list[Section]) -> list[Section]:
    """Give every text of the sections typographic quotes and apostrophes."""
    return [
        replace(
            section,
            title=curly(section.title),
            blocks=tuple(typographic_block(block) for block in section.blocks),
        )
        for section in sections
    ]
