"""A clause library's file: read any YAML a person may write, write one canonical text.

Shared libraries are edited in text editors and merged in Git, so reading accepts any YAML
(through the one reader, slaeditor.yamlio) and explains each problem — a syntax error, an
unknown field, a level or status that does not exist, a duplicate id — with the file and the
line to fix. Writing gives one text for the same data (slaeditor.yamlio's writer): fixed key
order, bodies as literal blocks, a blank line between clauses, so one edited clause changes
only its own lines in a diff. Comments below the top block are not kept; they are counted,
so the user is asked before a save drops them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from slaeditor.clauses.records import (
    CLAUSE_FIELDS,
    LEVELS,
    SECTIONS,
    STATUSES,
    LibraryClause,
    LibraryError,
)
from slaeditor.yamlio import YamlSyntaxError, dump_yaml, parse_yaml
from slaeditor.yamlio.writing import dump_item

if TYPE_CHECKING:
    from collections.abc import Collection
    from pathlib import Path

    from slaeditor.clauses.records import Library
    from slaeditor.yamlio import ParsedYaml
    from slaeditor.yamlio.reading import PathKey

MAX_VALUES = 2_000_000
"""A 5,000-clause library holds about 90,000 values; the budget stops alias bombs only."""
MAX_VERSION_DIGITS = 9
_OPTIONAL = ("author", "locale", "jurisdiction", "tags", "guidance")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_INLINE_COMMENT = re.compile(r"""^\s*+(?:-\s*+)?[\w.-]+:\s+[^'"#\s][^#'"]*\s#""")
"""A `key: value  # note` line; the indent is taken whole (`\\s*-?\\s*` split a long run of
spaces every possible way: a line of 20,000 spaces in a library took 5 s to check)."""


# ── reading ──────────────────────────────────────────────────────────────────────────────────


def read_library_text(
    path: Path, text: str, sections: Collection[str] = SECTIONS
) -> tuple[str, str, list[LibraryClause]]:
    """Read (name, description, clauses) from a library's text; errors name the line."""
    try:
        parsed = parse_yaml(text, max_values=MAX_VALUES)
    except YamlSyntaxError as error:
        raise LibraryError(path, error.message, error.line) from None
    reader = _Reader(path, parsed, sections)
    return reader.read()


class _Reader:
    """Build LibraryClause objects from a parsed file, checking each field at its line."""

    def __init__(self, path: Path, parsed: ParsedYaml, sections: Collection[str]) -> None:
        self.path = path
        self.parsed = parsed
        self.sections = sections

    def fail(self, message: str, at: PathKey) -> LibraryError:
        return LibraryError(self.path, message, self.parsed.line_of(at))

    def read(self) -> tuple[str, str, list[LibraryClause]]:
        data = self.parsed.data
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise self.fail("must be a mapping with 'library' and 'clauses'", ())
        for key in data:
            if key not in ("library", "clauses"):
                raise self.fail(f"'{key}' is not part of a library file (library, clauses)", (key,))
        name, description = self._header(data.get("library"))
        items = data.get("clauses")
        if not isinstance(items, list):
            at: PathKey = ("clauses",) if "clauses" in data else ()
            raise LibraryError(
                self.path,
                "must contain a list named 'clauses'",
                self.parsed.line_of(at) if at else 1,
            )
        clauses: list[LibraryClause] = []
        first_line: dict[str, int] = {}
        for index, item in enumerate(items):
            where = ("clauses", index)
            clause = self._clause(item, where)
            line = self.parsed.line_of(where)
            if clause.id in first_line:
                raise LibraryError(
                    self.path,
                    f"clause id '{clause.id}' is used twice (first near line "
                    f"{first_line[clause.id]})",
                    line,
                )
            first_line[clause.id] = line
            clauses.append(clause)
        return name, description, clauses

    def _header(self, header: Any) -> tuple[str, str]:
        if header is None:
            return "", ""
        if not isinstance(header, dict):
            raise self.fail("library must be a mapping of 'name: value' lines", ("library",))
        for key in header:
            if key not in ("name", "description"):
                raise self.fail(
                    f"'{key}' is not a library header field (name, description)", ("library", key)
                )
        name = self._text(header.get("name"), ("library", "name"), "the library name")
        description = self._text(
            header.get("description"), ("library", "description"), "the library description"
        )
        return name, description

    def _text(self, value: Any, at: PathKey, what: str) -> str:
        """Read a text value; an empty value (`key:` or `~`) is empty text."""
        if isinstance(value, list | dict):
            raise self.fail(f"{what} must be text, not a list or mapping", at)
        return self.parsed.text_at(at, value)

    def _clause(self, item: Any, at: PathKey) -> LibraryClause:
        if not isinstance(item, dict):
            raise self.fail("each clause must be a mapping with id, title, section, variants", at)
        values: dict[str, Any] = {}
        where: dict[str, PathKey] = {}
        for key, value in item.items():
            name = "level" if key == "scope" else str(key)  # the pack format before libraries
            if name not in CLAUSE_FIELDS:
                raise self.fail(
                    f"'{key}' is not a clause field ({', '.join(CLAUSE_FIELDS)})", (*at, key)
                )
            values[name] = value
            where[name] = (*at, key)
        if "id" not in values:
            raise self.fail("a clause has no id; add 'id: some-name'", at)
        clause_id = self._text(values["id"], where["id"], "the clause id")
        if not _ID.match(clause_id):
            raise self.fail(
                f"clause id '{clause_id}' must be letters, digits, '-', '_' or '.' "
                "(no spaces), starting with a letter or digit",
                where["id"],
            )
        if "section" not in values:
            raise self.fail(f"clause '{clause_id}' has no section; add one", at)

        def text(key: str) -> str:
            if key not in values:
                return ""
            return self._text(values[key], where[key], f"the {key} of '{clause_id}'")

        def choice(key: str, allowed: Collection[str], default: str) -> str:
            if key not in values:
                return default
            value = text(key)
            if value not in allowed:
                raise self.fail(
                    f"clause '{clause_id}': {key} '{value}' is not one of {', '.join(allowed)}",
                    where[key],
                )
            return value

        section = choice("section", self.sections, "")
        level = choice("level", LEVELS, "corporate")
        status = choice("status", STATUSES, "draft")
        version = self._version(clause_id, values, where)
        tags = self._tags(clause_id, values.get("tags"), where.get("tags", at))
        variants, lines = self._variants(clause_id, values.get("variants"), (*at, "variants"))
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
            lines=lines,
        )

    def _version(self, clause_id: str, values: dict[str, Any], where: dict[str, PathKey]) -> int:
        if "version" not in values:
            return 0
        value = values["version"]
        if type(value) is not int or value < 0 or len(str(value)) > MAX_VERSION_DIGITS:
            raise self.fail(
                f"clause '{clause_id}': version must be a whole number such as 1 "
                f"(at most {MAX_VERSION_DIGITS} digits)",
                where["version"],
            )
        return value

    def _tags(self, clause_id: str, value: Any, at: PathKey) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or any(isinstance(v, list | dict) for v in value):
            raise self.fail(f"clause '{clause_id}': tags must be a list such as [credits]", at)
        return tuple(self.parsed.text_at((*at, index), v) for index, v in enumerate(value))

    def _variants(
        self, clause_id: str, value: Any, at: PathKey
    ) -> tuple[dict[str, str], dict[str, int]]:
        if value is not None and not isinstance(value, dict):
            raise self.fail(
                f"the variants of '{clause_id}' must be a mapping of 'name: value' lines", at
            )
        if not value:
            raise self.fail(
                f"clause '{clause_id}' needs at least one variant, such as standard", at[:-1]
            )
        variants: dict[str, str] = {}
        lines: dict[str, int] = {}
        for name, body in value.items():
            body_at = (*at, name)
            variants[str(name)] = self._text(body, body_at, f"variant '{name}' of '{clause_id}'")
            lines[str(name)] = self.parsed.start_of(body_at)
        return variants, lines


# ── writing ──────────────────────────────────────────────────────────────────────────────────


def _clause_data(clause: LibraryClause) -> dict[str, Any]:
    fields = clause.saved_fields()
    return {key: value for key, value in fields.items() if key not in _OPTIONAL or value}


def clause_text(clause: LibraryClause) -> str:
    """Write one clause as its entry in the file (for diffs between versions)."""
    return dump_item(_clause_data(clause), flow=("tags",))


def library_text(library: Library) -> str:
    """Write the whole file: the top comment block, the header, then the clauses."""
    header: dict[str, Any] = {"name": library.name}
    if library.description:
        header["description"] = library.description
    data = {"library": header, "clauses": [_clause_data(c) for c in library.clauses]}
    return library.preamble + dump_yaml(data, spaced=("clauses",), flow=("tags",))


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


def inner_comments(text: str, preamble: str, description: str, clauses: list[LibraryClause]) -> int:
    """Count the comments below the top block, which a save does not keep.

    The reader drops comments, so they are found by their lines: a line whose text starts
    with `#`, or a `key: value  # note` line, unless the same text is part of a clause's body
    or guidance (a Markdown heading in a literal block looks just like a comment).
    """
    candidates = [line for line in text[len(preamble) :].splitlines() if "#" in line]
    if not candidates:
        return 0
    texts = [description] + [
        part for clause in clauses for part in (clause.guidance, *clause.variants.values())
    ]
    inside = {line.strip() for value in texts if "#" in value for line in value.splitlines()}
    count = 0
    for line in candidates:
        stripped = line.strip()
        if stripped in inside:
            continue
        if stripped.startswith("#") or _INLINE_COMMENT.match(line):
            count += 1
    return count
