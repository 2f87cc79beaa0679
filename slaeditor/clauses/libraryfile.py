"""The text of a library file: canonical writing, and reading with a line for every problem.

Libraries live in shared folders and Git repositories and are reviewed in diffs, so the
writer produces one canonical text for the same data (saving unchanged data gives the same
bytes; one edited clause changes only its own lines): fixed key order, multi-line bodies as
literal blocks, a blank line between clauses. The reader accepts any YAML a person may write
and explains every problem with the file line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import yaml

from slaeditor.clauses.records import (
    LEVELS,
    SECTIONS,
    STATUSES,
    Library,
    LibraryClause,
    LibraryError,
)

if TYPE_CHECKING:
    from collections.abc import Collection
    from pathlib import Path

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_NULL = "tag:yaml.org,2002:null"
_PLAIN_START = re.compile(r"[-?:,\[\]{}#&*!|>'\"%@`\s]")
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
CLAUSE_FIELDS = (
    "id",
    "title",
    "section",
    "level",
    "status",
    "version",
    "author",
    "locale",
    "jurisdiction",
    "tags",
    "guidance",
    "variants",
)
_OPTIONAL = ("author", "locale", "jurisdiction", "tags", "guidance")


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
    if not text.replace("\n", "").replace("\t", " ").isprintable():
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


# ── reading ──────────────────────────────────────────────────────────────────────────────────


def compose(path: Path, text: str) -> yaml.Node | None:
    """Parse YAML into nodes (which keep their lines); syntax errors are explained."""
    try:
        return yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        # libyaml words its errors differently: explain with the pure-Python parser's marks.
        try:
            yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as error:
            from slaeditor.storage.yamlio import explain_yaml_error

            explained = explain_yaml_error(text, error)
            raise LibraryError(path, explained.message, explained.line) from None
        raise  # pragma: no cover - both parsers agree on what is YAML


def _line(node: yaml.Node) -> int:
    """Return the 1-based line on which a node's content starts."""
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        return node.start_mark.line + 2
    return node.start_mark.line + 1


def _pairs(path: Path, node: yaml.Node | None, what: str) -> list[tuple[str, yaml.Node, int]]:
    """Return a mapping's (key, value node, key line), refusing a key written twice."""
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL):
        return []
    if not isinstance(node, yaml.MappingNode):
        raise LibraryError(path, f"{what} must be a mapping of 'name: value' lines", _line(node))
    pairs: list[tuple[str, yaml.Node, int]] = []
    seen: dict[str, int] = {}
    for key, value in node.value:
        name, line = str(key.value), key.start_mark.line + 1
        if name in seen:
            raise LibraryError(
                path, f"'{name}' is written twice in {what} (first on line {seen[name]})", line
            )
        seen[name] = line
        pairs.append((name, value, line))
    return pairs


def _text(path: Path, node: yaml.Node, what: str) -> str:
    """Read a text value; an empty value (`key:` or `~`) is empty text."""
    if not isinstance(node, yaml.ScalarNode):
        raise LibraryError(path, f"{what} must be text, not a list or mapping", _line(node))
    return "" if node.tag == _NULL else str(node.value)


class _ClauseReader:
    """Build LibraryClause objects from nodes, checking each field at its line."""

    def __init__(self, path: Path, sections: Collection[str]) -> None:
        self.path = path
        self.sections = sections

    def read(self, node: yaml.Node) -> LibraryClause:
        line = _line(node)
        if not isinstance(node, yaml.MappingNode):
            raise LibraryError(
                self.path, "each clause must be a mapping with id, title, section, variants", line
            )
        values: dict[str, Any] = {}
        lines: dict[str, int] = {}
        for key, value, key_line in _pairs(self.path, node, "a clause"):
            key = "level" if key == "scope" else key  # the pack format before libraries
            if key not in CLAUSE_FIELDS:
                raise LibraryError(
                    self.path,
                    f"'{key}' is not a clause field ({', '.join(CLAUSE_FIELDS)})",
                    key_line,
                )
            values[key] = value
            lines[key] = key_line
        if "id" not in values:
            raise LibraryError(self.path, "a clause has no id; add 'id: some-name'", line)
        clause_id = _text(self.path, values["id"], "the clause id")
        if not _ID.match(clause_id):
            raise LibraryError(
                self.path,
                f"clause id '{clause_id}' must be letters, digits, '-', '_' or '.' "
                "(no spaces), starting with a letter or digit",
                lines["id"],
            )
        return self._build(clause_id, values, lines, line)

    def _choice(
        self,
        clause_id: str,
        values: dict[str, Any],
        lines: dict[str, int],
        key: str,
        allowed: Collection[str],
        default: str,
    ) -> str:
        if key not in values:
            return default
        value = _text(self.path, values[key], f"the {key} of '{clause_id}'")
        if value not in allowed:
            raise LibraryError(
                self.path,
                f"clause '{clause_id}': {key} '{value}' is not one of {', '.join(allowed)}",
                lines[key],
            )
        return value

    def _build(
        self, clause_id: str, values: dict[str, Any], lines: dict[str, int], line: int
    ) -> LibraryClause:
        path = self.path
        if "section" not in values:
            raise LibraryError(path, f"clause '{clause_id}' has no section; add one", line)
        section = self._choice(clause_id, values, lines, "section", self.sections, "")
        level = self._choice(clause_id, values, lines, "level", LEVELS, "corporate")
        status = self._choice(clause_id, values, lines, "status", STATUSES, "draft")
        version = 0
        if "version" in values:
            node = values["version"]
            raw = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
            if not isinstance(node, yaml.ScalarNode) or node.tag != _INT or not raw.isdigit():
                raise LibraryError(
                    path,
                    f"clause '{clause_id}': version must be a whole number such as 1",
                    lines["version"],
                )
            version = int(raw)
        tags: tuple[str, ...] = ()
        if "tags" in values:
            tags = self._tags(clause_id, values["tags"], lines["tags"])
        variant_pairs = _pairs(path, values.get("variants"), f"the variants of '{clause_id}'")
        if not variant_pairs:
            raise LibraryError(
                path, f"clause '{clause_id}' needs at least one variant, such as standard", line
            )
        variants: dict[str, str] = {}
        body_lines: dict[str, int] = {}
        for name, body, _ in variant_pairs:
            variants[name] = _text(path, body, f"variant '{name}' of '{clause_id}'")
            body_lines[name] = _line(body)

        def text(key: str) -> str:
            return _text(path, values[key], f"the {key} of '{clause_id}'") if key in values else ""

        return LibraryClause(
            id=clause_id,
            title=text("title"),
            section=section,
            level=level,
            status=status,
            version=version,
            author=text("author"),
            locale=text("locale"),
            jurisdiction=text("jurisdiction"),
            tags=tags,
            guidance=text("guidance"),
            variants=variants,
            lines=body_lines,
        )

    def _tags(self, clause_id: str, node: yaml.Node, line: int) -> tuple[str, ...]:
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
            return ()
        if not isinstance(node, yaml.SequenceNode) or not all(
            isinstance(item, yaml.ScalarNode) for item in node.value
        ):
            raise LibraryError(
                self.path, f"clause '{clause_id}': tags must be a list such as [credits]", line
            )
        return tuple(str(item.value) for item in node.value)


def read_text(
    path: Path, text: str, sections: Collection[str] = SECTIONS
) -> tuple[str, str, list[LibraryClause]]:
    """Read (name, description, clauses) from a library's text; errors name the line."""
    root = compose(path, text)
    top = dict((key, (value, line)) for key, value, line in _pairs(path, root, "the file"))
    for key, (_, line) in top.items():
        if key not in ("library", "clauses"):
            raise LibraryError(
                path, f"'{key}' is not part of a library file (library, clauses)", line
            )
    name = description = ""
    if "library" in top:
        for key, value, line in _pairs(path, top["library"][0], "the library header"):
            if key == "name":
                name = _text(path, value, "the library name")
            elif key == "description":
                description = _text(path, value, "the library description")
            else:
                raise LibraryError(
                    path, f"'{key}' is not a library header field (name, description)", line
                )
    items = top.get("clauses", (None, 1))[0]
    if not isinstance(items, yaml.SequenceNode):
        raise LibraryError(
            path, "must contain a list named 'clauses'", 1 if items is None else _line(items)
        )
    reader = _ClauseReader(path, sections)
    clauses: list[LibraryClause] = []
    first_line: dict[str, int] = {}
    for node in items.value:
        clause = reader.read(node)
        if clause.id in first_line:
            raise LibraryError(
                path,
                f"clause id '{clause.id}' is used twice (first near line {first_line[clause.id]})",
                _line(node),
            )
        first_line[clause.id] = _line(node)
        clauses.append(clause)
    return name, description, clauses
