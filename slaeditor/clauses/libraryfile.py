"""The text of a library file as the application writes it: one canonical form.

Libraries live in shared folders and Git repositories and are reviewed in diffs, so the
writer produces one canonical text for the same data (saving unchanged data gives the same
bytes; one edited clause changes only its own lines): fixed key order, multi-line bodies as
literal blocks, a blank line between clauses. Reading is in yamlread.py (any YAML) and
fastread.py (this form, fast).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from slaeditor.clauses.records import Library, LibraryClause

_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_PLAIN_START = re.compile(r"[-?:,\[\]{}#&*!|>'\"%@`\s]")
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")
_OPTIONAL = ("author", "locale", "jurisdiction", "tags", "guidance")
_INLINE_COMMENT = re.compile(r"""^\s*+(?:-\s*+)?[\w.-]+:\s+[^'"#\s][^#'"]*\s#""")
"""A `key: value  # note` line; the indent is taken whole (`\\s*-?\\s*` split a long run of
spaces every possible way: a line of 20,000 spaces in a library took 5 s to check)."""


# ── writing ──────────────────────────────────────────────────────────────────────────────────


def plain_ok(text: str) -> bool:
    """Tell whether text reads back as the same string when written without quotes."""
    if not text or not text.isprintable() or _PLAIN_START.match(text) or text[-1] in " :":
        return False
    if ": " in text or " #" in text:
        return False
    return not any(pattern.match(text) for _tag, pattern in _RESOLVERS.get(text[0], []))


def quoted(text: str) -> str:
    """Write text in double quotes, escaping what a reader could not see or YAML would fold."""
    simple = text.replace("\\", "\\\\").replace('"', '\\"')
    simple = simple.replace("\n", "\\n").replace("\t", "\\t")
    if simple.isprintable():  # U+2028, NEL and BOM are not printable: escaped below
        return f'"{simple}"'
    out = ['"']
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char.isprintable() and char not in "\x85\u2028\u2029\ufeff":
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    out.append('"')
    return "".join(out)


def inline(text: str) -> str:
    """Write a one-line value: plain when that reads back the same, else double-quoted."""
    return text if plain_ok(text) else quoted(text)


def literal_ok(text: str) -> bool:
    """Tell whether a multi-line text can be a literal block (`|` or `|-`) that reads back."""
    if text.endswith("\n\n") or text[0] in " \t\n" or "\ufeff" in text:
        return False
    visible = text.replace("\n", "")
    if not (visible.replace("\t", " ") if "\t" in visible else visible).isprintable():
        return False
    return not (" \n" in text or "\t\n" in text or text.endswith((" ", "\t")))


def _block(text: str, indent: str) -> str:
    """Write a value after `key:`; multi-line text as an indented literal block.

    Lines are indented with string operations, not a loop: a large library has 15 MB of them.
    """
    if "\n" in text and literal_ok(text):
        chomp = "" if text.endswith("\n") else "-"
        content = text[:-1] if text.endswith("\n") else text
        body = indent + content.replace("\n", "\n" + indent)
        if "\n\n" in content:  # empty lines stay empty (twice: neighbours share a break)
            body = body.replace("\n" + indent + "\n", "\n\n").replace("\n" + indent + "\n", "\n\n")
        return f" |{chomp}\n{body}\n"
    return f" {inline(text)}\n"


def _flow_list(items: tuple[str, ...]) -> str:
    """Write tags on one line: [credits, claims]."""
    written = [i if plain_ok(i) and not _FLOW_UNSAFE.search(i) else quoted(i) for i in items]
    return "[" + ", ".join(written) + "]"


def dump_clause(clause: LibraryClause) -> str:
    """Write one clause as its list entry, indented as in the file (for diffs and the file)."""
    parts = [f"  - id: {inline(clause.id)}\n"]
    values: dict[str, object] = {
        "title": clause.title,
        "section": clause.section,
        "level": clause.level,
        "status": clause.status,
        "version": clause.version,
        "author": clause.author,
        "locale": clause.locale,
        "jurisdiction": clause.jurisdiction,
        "tags": clause.tags,
        "guidance": clause.guidance,
    }
    for key, value in values.items():
        if key in _OPTIONAL and not value:
            continue
        if isinstance(value, int):
            parts.append(f"    {key}: {value}\n")
        elif isinstance(value, tuple):
            parts.append(f"    {key}: {_flow_list(value)}\n")
        else:
            parts.append(f"    {key}:{_block(str(value), '      ')}")
    if clause.variants:
        parts.append("    variants:\n")
        for name, body in clause.variants.items():
            parts.append(f"      {inline(name)}:{_block(body, '        ')}")
    else:
        parts.append("    variants: {}\n")
    return "".join(parts)


def dump_header(preamble: str, name: str, description: str) -> str:
    """Write the top of a file, up to and including `clauses:` (for a non-empty library)."""
    parts = [preamble, "library:\n", f"  name:{_block(name, '    ')}"]
    if description:
        parts.append(f"  description:{_block(description, '    ')}")
    parts.append("\nclauses:\n")
    return "".join(parts)


def dump_text(library: Library) -> str:
    """Write the whole file: preamble, header, then each clause after a blank line."""
    header = dump_header(library.preamble, library.name, library.description)
    if not library.clauses:
        return header[: -len("\n")] + " []\n"
    return header + "".join("\n" + dump_clause(clause) for clause in library.clauses)


def preamble_of(text: str) -> str:
    """Return the comment block (and blank lines) at the top of a file."""
    end = 0
    while end < len(text):
        stop = text.find("\n", end)
        stop = len(text) if stop < 0 else stop + 1
        line = text[end:stop]
        if not (line.startswith("#") or not line.strip()):
            break
        end = stop
    return text[:end]


def inner_comments(text: str, preamble: str, library: Library) -> int:
    """Count the comments below the top block, which a save does not keep.

    YAML parsers drop comments, so they are found by their lines: a line whose text starts
    with `#`, or a `key: value  # note` line, unless the same text is part of a clause's body
    or guidance (a Markdown heading in a literal block looks just like a comment).
    """
    texts = [library.description] + [
        part for clause in library.clauses for part in (clause.guidance, *clause.variants.values())
    ]
    inside = {line.strip() for value in texts for line in value.splitlines()}
    count = 0
    for line in text[len(preamble) :].splitlines():
        stripped = line.strip()
        if stripped in inside:
            continue
        if stripped.startswith("#") or _INLINE_COMMENT.match(line):
            count += 1
    return count
