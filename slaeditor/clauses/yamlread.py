"""Read a library file written by hand (or by anyone): YAML, with a line for every problem.

Shared libraries are edited in text editors and merged in Git, so the reader accepts any YAML a
person may write, builds plain values only (no tags that create objects), and explains each
problem — a YAML syntax error, an unknown field, a level or status that does not exist, a
duplicate id — with the file and the line to fix. Canonical files take the fast reader
(fastread.py) first; this reader is the reference it must agree with.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import yaml

from slaeditor.clauses.records import LEVELS, SECTIONS, STATUSES, LibraryClause, LibraryError
from slaeditor.storage.yamldepth import too_deep
from slaeditor.storage.yamlio import explain_yaml_error

if TYPE_CHECKING:
    from collections.abc import Collection
    from pathlib import Path

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_INT = "tag:yaml.org,2002:int"
_NULL = "tag:yaml.org,2002:null"
MAX_VERSION_DIGITS = 9
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


def compose(path: Path, text: str) -> yaml.Node | None:
    """Parse YAML into nodes (which keep their lines); syntax errors are explained."""
    try:
        return _compose(path, text)
    except RecursionError:  # the parsers recurse: thousands of nested brackets exhaust them
        message, line = too_deep(text)
        raise LibraryError(path, message, line) from None


def _compose(path: Path, text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        # libyaml words its errors differently: explain with the pure-Python parser's marks.
        # The two do not always agree (libyaml refuses some tabs the other accepts): then
        # the pure-Python parser's reading is used, as the agreement reader does.
        try:
            return yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as error:
            explained = explain_yaml_error(text, error)
            raise LibraryError(path, explained.message, explained.line) from None


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
            # nine digits at most, as the fast reader reads; 5,000 digits made int() raise
            if (
                not isinstance(node, yaml.ScalarNode)
                or node.tag != _INT
                or not raw.isdigit()
                or len(raw) > MAX_VERSION_DIGITS
            ):
                raise LibraryError(
                    path,
                    f"clause '{clause_id}': version must be a whole number such as 1 "
                    f"(at most {MAX_VERSION_DIGITS} digits)",
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
