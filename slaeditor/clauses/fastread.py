"""Read a library file in the canonical form the application writes, fast.

A 5,000-clause library is 15–20 MB of YAML; libyaml needs over a second to turn that into
Python objects, one event at a time. Files the application saved have one fixed layout
(libraryfile.dump_*), so they are matched here by one regular expression per clause, and
only the few short values of each clause are looked at in Python.

Soundness: a file is read here only if everything in it means, to a YAML parser, exactly
what is read here — the clause layout is matched exactly, a plain value must be one that the
writer would have left unquoted (no comment, no ': ', nothing YAML would turn into null),
quoted values must decode and re-encode to themselves, and literal blocks must be ones the
writer would have written. Anything else (a comment, other quoting, other indentation, an
unknown value) returns None, and the caller reads the file with the YAML parser, which also
words any problem with its line. Tests prove both readers agree on arbitrary text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from slaeditor.clauses.libraryfile import dump_header, literal_ok, plain_ok, preamble_of, quoted
from slaeditor.clauses.records import LEVELS, STATUSES, LibraryClause

if TYPE_CHECKING:
    from collections.abc import Collection

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)")
_SIMPLE = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
_FLOW_ITEM = re.compile(r'("(?:[^"\\]|\\.)*+"|[^,"\s][^,]*+)(?:, |$)')
"""One item of a canonical flow list and its separator, matched where the last one ended."""
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")


def _value(indent: int) -> str:
    """Match a value after `key:`: a literal block indented by `indent`, or one line."""
    pad = " " * indent
    return rf" (?:\|-?\n(?:{pad}[^\n]*\n|\n)*|[^\n]*\n)"


def _field(name: str, optional: bool = True) -> str:
    group = rf"    {name}:(?P<{name}>{_value(6)})"
    return f"(?:{group})?" if optional else group


_HEAD = re.compile(
    r"\n?  - id: (?P<id>[^\n]*)\n"
    + _field("title", optional=False)
    + r"    section: (?P<section>[^\n]*)\n"
    r"    level: (?P<level>[^\n]*)\n"
    r"    status: (?P<status>[^\n]*)\n"
    r"    version: (?P<version>[0-9]{1,9})\n"
    + _field("author")
    + _field("locale")
    + _field("jurisdiction")
    + r"(?:    tags: \[(?P<tags>[^\n]*)\]\n)?"
    + _field("guidance")
    + r"    variants:\n"
)
"""A clause up to its variants, which _VARIANT reads one by one (each byte is matched once)."""
_VARIANT = re.compile(
    r'      (?P<name>"(?:[^"\\\n]|\\.)*"|[^ \n"][^\n]*?):(?P<value>' + _value(8) + ")"
)


_NEXT_CLAUSE = "\n\n  - id: "
"""Where the next clause starts: no body line can (bodies are indented by 8 or empty)."""


class NotCanonical(Exception):
    """The text is not in canonical form; read it with the YAML parser."""


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    if code in _SIMPLE:
        return _SIMPLE[code]
    if len(code) > 1:
        return chr(int(code[1:], 16))
    raise NotCanonical


_PLAIN_SEEN: dict[str, bool] = {}


def _unquote(raw: str) -> str:
    """Decode a double-quoted value, which must be exactly how the writer quotes it."""
    value = _ESCAPE.sub(_unescape, raw[1:-1]) if raw.endswith('"') and len(raw) > 1 else ""
    if quoted(value) != raw:
        raise NotCanonical
    return value


def _inline(raw: str) -> str:
    """Decode a one-line value; it must be exactly how the writer writes its value."""
    if raw.startswith('"'):
        value = _unquote(raw)
        if plain_ok(value):
            raise NotCanonical
        return value
    known = _PLAIN_SEEN.get(raw)
    if known is None:
        known = plain_ok(raw)
        if len(raw) <= 40 and len(_PLAIN_SEEN) < 10_000:
            _PLAIN_SEEN[raw] = known  # sections, levels, authors, variant names repeat
    if not known:
        raise NotCanonical
    return raw


def _decode(raw: str | None, indent: int) -> str:
    """Decode what follows `key:` (a leading space, then a line or a literal block)."""
    if raw is None:
        return ""
    if raw.startswith((" |\n", " |-\n")):
        return _block(raw, raw.index("\n") + 1, len(raw), indent, keep=raw[2] == "\n")
    return _inline(raw[1:-1])


def _block(text: str, start: int, end: int, indent: int, *, keep: bool) -> str:
    """Decode the literal block in text[start:end] (a body is sliced out once, not copied)."""
    pad = " " * indent
    if not text.startswith(pad, start):
        raise NotCanonical
    stop = end
    while stop > start and text[stop - 1] == "\n":
        stop -= 1
    value = text[start + indent : stop + 1 if keep else stop].replace("\n" + pad, "\n")
    if "\n" not in value or not literal_ok(value):
        raise NotCanonical
    return value


def _tags(raw: str | None) -> tuple[str, ...]:
    """Decode `[a, "b, c"]` (the same few tag lists repeat across a library: decoded once)."""
    if raw is None:
        return ()
    known = _TAGS_SEEN.get(raw)
    if known is None:
        known = _decode_tags(raw)
        if len(_TAGS_SEEN) < 10_000:
            _TAGS_SEEN[raw] = known
    return known


_TAGS_SEEN: dict[str, tuple[str, ...]] = {}


def _flow_items(raw: str) -> list[str]:
    """Split a canonical flow list, each item where the last ended (in linear time).

    Searching for items anywhere (findall) retried a long run of spaces from each of its
    characters: a tags line of 16,000 spaces in a shared library took two seconds to read.
    """
    items, position = [], 0
    while position < len(raw):
        match = _FLOW_ITEM.match(raw, position)
        if match is None or match.group(1) != match.group(1).rstrip():
            raise NotCanonical
        items.append(match.group(1))
        position = match.end()
    return items


def _decode_tags(raw: str) -> tuple[str, ...]:
    """Decode a flow list: plain where the writer leaves a tag plain in a flow list."""
    items = _flow_items(raw)
    if not items or ", ".join(items) != raw:
        raise NotCanonical
    tags = []
    for item in items:
        flow_plain = not item.startswith('"')
        tag = item if flow_plain else _unquote(item)
        if flow_plain != (plain_ok(tag) and not _FLOW_UNSAFE.search(tag)):
            raise NotCanonical
        tags.append(tag)
    return tuple(tags)


def _variants(
    text: str, start: int, end: int, first_line: int
) -> tuple[dict[str, str], dict[str, int]]:
    """Read the variants block; every variant's line is that of its body's first line."""
    variants: dict[str, str] = {}
    lines: dict[str, int] = {}
    position, line = start, first_line
    while position < end:
        match = _VARIANT.match(text, position, end)
        if match is None:
            raise NotCanonical
        name = _inline(match["name"])
        if name in variants:
            raise NotCanonical
        value_start, position = match.span("value")
        if text.startswith(" |", value_start):
            start = text.index("\n", value_start) + 1
            keep = text[value_start + 2] == "\n"
            variants[name] = _block(text, start, position, 8, keep=keep)
            lines[name] = line + 1
        else:
            variants[name] = _inline(text[value_start + 1 : position - 1])
            lines[name] = line
        line += text.count("\n", match.start(), position)
        while position < end and text[position] == "\n":  # the blank line before a clause
            position += 1
            line += 1
    return variants, lines


def _clause(match: re.Match[str], end: int, line: int, sections: Collection[str]) -> LibraryClause:
    """Build one clause from its head and the variants up to `end`; `line` is its `- id:` line."""
    clause_id = _inline(match["id"])
    section, level, status = match["section"], match["level"], match["status"]
    if (
        not _ID.match(clause_id)
        or section not in sections
        or level not in LEVELS
        or status not in STATUSES
        or not plain_ok(section)
    ):
        raise NotCanonical
    text = match.string
    variants_line = line + text.count("\n", match.start("id"), match.end())
    variants, lines = _variants(text, match.end(), end, variants_line)
    if not variants:
        raise NotCanonical
    return LibraryClause(
        id=clause_id,
        title=_decode(match["title"], 6),
        section=section,
        level=level,
        status=status,
        version=int(match["version"]),
        author=_decode(match["author"], 6),
        locale=_decode(match["locale"], 6),
        jurisdiction=_decode(match["jurisdiction"], 6),
        tags=_tags(match["tags"]),
        guidance=_decode(match["guidance"], 6),
        variants=variants,
        lines=lines,
    )


def _header(text: str) -> tuple[str, str, str, int]:
    """Read the preamble, name and description; return them and where the clauses start."""
    preamble = preamble_of(text)
    header = re.compile(
        r"library:\n  name:(?P<name>"
        + _value(4)
        + r")(?:  description:(?P<description>"
        + _value(4)
        + r"))?\nclauses:\n"
    ).match(text, len(preamble))
    if header is None:
        raise NotCanonical
    name = _decode(header["name"], 4)
    description = _decode(header["description"], 4)
    if dump_header(preamble, name, description) != text[: header.end()]:
        raise NotCanonical
    return preamble, name, description, header.end()


def read_canonical(
    text: str, sections: Collection[str]
) -> tuple[str, str, str, list[LibraryClause]] | None:
    """Return (preamble, name, description, clauses) read from canonical text.

    None when the text is not canonical or holds anything invalid: the YAML reader then reads
    it and words the problem.
    """
    try:
        preamble, name, description, position = _header(text)
        clauses: list[LibraryClause] = []
        seen: set[str] = set()
        line = text.count("\n", 0, position) + 1
        while position < len(text):
            match = _HEAD.match(text, position)
            if match is None:
                return None
            following = text.find(_NEXT_CLAUSE, match.end())
            end = len(text) if following < 0 else following + 1
            line += text.count("\n", position, match.start("id"))
            clause = _clause(match, end, line, sections)
            if clause.id in seen:
                return None
            seen.add(clause.id)
            clauses.append(clause)
            line += text.count("\n", match.start("id"), end)
            position = end
        return (preamble, name, description, clauses) if clauses else None
    except (NotCanonical, ValueError, IndexError):
        return None
