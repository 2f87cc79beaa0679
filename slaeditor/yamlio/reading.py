"""Read YAML into plain data, with the line of every value, refusing what a file must not hold.

One reader for agreements, template packs and clause libraries. It composes with libyaml when
PyYAML has it (ten times faster, same marks) and builds the data itself, so that it can note
where each key, list entry and value was written and refuse, with the line to fix:
- tags (a file holds data, never instructions to build objects);
- a key written twice in one mapping (YAML would silently keep the last);
- more values or deeper nesting than any file needs (aliases repeated inside each other);
- numbers in the YAML 1.1 forms that read as other numbers: `030` is 24 (octal), `0x1F` is 31,
  `48:50` is 2,930 (base 60); a drafter who typed them meant 30, "0x1F" or 48.50.
Positions are found in linear time: a 10 MB file is read in seconds, not minutes.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

PathKey = tuple[str | int, ...]
"""Where a value sits in the data: mapping keys and list indices from the top."""
Position = tuple[int, int]
"""A 1-based (line, column) in the text, as an editor shows it."""

MAX_VALUES = 100_000
"""Values in an agreement or a pack; libraries of thousands of clauses pass a larger budget."""
MAX_DEPTH = 64
_TAG = "tag:yaml.org,2002:"
_STR_TAG = _TAG + "str"
_INT_TAG = _TAG + "int"
_FLOAT_TAG = _TAG + "float"
_MERGE_TAG = _TAG + "merge"
_SCALAR_TAGS = frozenset(_TAG + name for name in ("str", "int", "bool", "null", "timestamp"))
_OTHER_NUMBER = re.compile(r"^[-+]?(?:0[0-9_]+|0[xXoObB][0-9a-fA-F_]*|[0-9][0-9_]*(?::[0-9_.]+)+)$")
"""Octal (030, 0012), hexadecimal, binary and 60-based (48:50) numbers of YAML 1.1."""
_TOO_DEEP = (
    "nests lists or mappings far more deeply than any file needs; remove the extra "
    "brackets or indentation"
)
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlSyntaxError(ValueError):
    """Text that is not YAML a file can be built from; says where and what to fix."""

    def __init__(
        self,
        message: str,
        line: int | None = None,
        column: int | None = None,
        path: PathKey | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.path = path


@dataclass(frozen=True)
class ParsedYaml:
    """Plain data from a YAML text, and where each part of it was written."""

    data: Any
    positions: dict[PathKey, Position] = field(default_factory=dict)
    """Where each key and list entry starts (the key's position, for a mapping entry)."""
    starts: dict[PathKey, int] = field(default_factory=dict)
    """The line on which each value's content starts (a literal block's first line)."""
    raw: dict[PathKey, str] = field(default_factory=dict)
    """The text as written of each value read as something other than text (yes, 1.50)."""

    def position_of(self, path: PathKey) -> tuple[PathKey, Position] | None:
        """Find the nearest written ancestor, since a missing value has no line of its own."""
        for length in range(len(path), -1, -1):
            found = self.positions.get(path[:length])
            if found is not None:
                return path[:length], found
        return None

    def line_of(self, path: PathKey) -> int:
        """Return the line of a key or entry, or of its nearest written ancestor (else 1)."""
        found = self.position_of(path)
        return found[1][0] if found else 1

    def start_of(self, path: PathKey) -> int:
        """Return the line on which the value at path starts (its key's line if unknown)."""
        return self.starts.get(path) or self.line_of(path)

    def text_at(self, path: PathKey, value: Any) -> str:
        """Return a scalar as the text it was written as (`yes`, not True; `1.50`, not 1.5)."""
        if isinstance(value, str):
            return value
        if value is None:
            return ""
        return self.raw.get(path, str(value))


class TextLines:
    r"""Turn offsets in a text into (line, column), counting lines by "\n" as editors do.

    PyYAML also breaks lines at U+2028 and NEL, so its marks can disagree with an editor; the
    line starts are found once, and each lookup is a binary search.
    """

    def __init__(self, text: str) -> None:
        self.plain = not any(char in text for char in "\r\x85\u2028\u2029")
        """Only "\n" breaks lines, so PyYAML's own line and column are the editor's."""
        self.starts = [0]
        index = text.find("\n")
        while index >= 0:
            self.starts.append(index + 1)
            index = text.find("\n", index + 1)

    def position(self, index: int) -> Position:
        """Return the 1-based line and column of an offset."""
        row = bisect.bisect_right(self.starts, index) - 1
        return row + 1, index - self.starts[row] + 1


def parse_yaml(text: str, *, max_values: int = MAX_VALUES) -> ParsedYaml:
    """Parse YAML into plain data with positions; raise YamlSyntaxError with the line."""
    lines = TextLines(text)
    try:
        builder = _build(text, lines, _LOADER, max_values)
    except RecursionError:
        raise YamlSyntaxError(*too_deep(text, MAX_DEPTH)) from None
    except yaml.YAMLError:
        # libyaml words its errors differently (and refuses some tabs the other accepts): the
        # pure-Python parser's reading is the one used, and its marks are the ones
        # explain_yaml_error knows. Errors are rare enough to parse twice.
        try:
            builder = _build(text, lines, yaml.SafeLoader, max_values)
        except RecursionError:  # it recurses per nesting level; libyaml stops at its limit
            raise YamlSyntaxError(*too_deep(text, MAX_DEPTH)) from None
        except yaml.YAMLError as error:
            raise explain_yaml_error(text, error) from None
    positions = builder.positions or {(): (1, 1)}
    return ParsedYaml(builder.data, positions, builder.starts, builder.raw)


def too_deep(text: str, limit: int = MAX_DEPTH) -> tuple[str, int]:
    """Return the message and the first line nested deeper than `limit` (else line 1).

    PyYAML composes nodes recursively: `[[[[...` a few thousand deep raises RecursionError
    before any depth check of ours can run, so the line is found in the text itself.
    """
    depth = 0
    for number, row in enumerate(text.splitlines(), start=1):
        indent = (len(row) - len(row.lstrip(" "))) // 2
        deepest = depth
        for char in row:
            if char in "[{":
                depth += 1
                deepest = max(deepest, depth)
            elif char in "]}":
                depth -= 1
        if deepest + indent > limit:
            return _TOO_DEEP, number
    return _TOO_DEEP, 1


def _build(
    text: str,
    lines: TextLines,
    loader_class: type[yaml.SafeLoader],
    max_values: int,
    *,
    spans: bool = False,
) -> _Builder:
    """Compose with the safe loader, then build the data (None for an empty document)."""
    loader = loader_class(text)
    try:
        builder = _Builder(loader, lines, max_values, spans)
        node = loader.get_single_node()
        builder.data = None if node is None else builder.build(node, (), 0)
        return builder
    finally:
        loader.dispose()


class _Builder:
    """Turn composed nodes into dicts, lists and scalars, noting where each one was written."""

    def __init__(
        self, loader: yaml.SafeLoader, lines: TextLines, max_values: int, spans: bool = False
    ) -> None:
        self.spans = spans
        """Keep where each scalar is, to name the field a bad character was typed into."""
        self.loader = loader
        self.lines = lines
        self.max_values = max_values
        self.positions: dict[PathKey, Position] = {}
        self.starts: dict[PathKey, int] = {}
        self.flattened: set[int] = set()
        self.raw: dict[PathKey, str] = {}
        self.scalar_spans: list[tuple[int, int, PathKey]] = []
        self.count = 0
        self.data: Any = None

    def build(self, node: yaml.Node, path: PathKey, depth: int) -> Any:
        """Build one value; aliases are expanded, so a budget stops exponential expansion."""
        self.count += 1
        if self.count > self.max_values or depth > MAX_DEPTH:
            raise YamlSyntaxError(
                "holds more values or deeper nesting than any file needs (often anchors "
                "and aliases, &name and *name, repeated inside each other); remove the aliases",
                *self._where(node),
            )
        where = self._where(node)
        if not path:
            self.positions[()] = where
        block = isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")
        self.starts[path] = where[0] + 1 if block else where[0]
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                raise self._tag_error(node)
            items: list[Any] = []
            for index, item in enumerate(node.value):
                self.positions[(*path, index)] = self._where(item)
                items.append(self.build(item, (*path, index), depth + 1))
            return items
        if not isinstance(node, yaml.ScalarNode):
            raise self._tag_error(node)
        if self.spans:
            self.scalar_spans.append((node.start_mark.index, node.end_mark.index, path))
        value = self._scalar(node, path)
        if not isinstance(value, str):
            self.raw[path] = str(node.value)
        return value

    def _mapping(self, node: yaml.MappingNode, path: PathKey, depth: int) -> dict[Any, Any]:
        """Build a mapping, refusing a key written twice (YAML would silently keep the last)."""
        if node.tag != _TAG + "map":
            raise self._tag_error(node)
        if id(node) in self.flattened or any(k.tag == _MERGE_TAG for k, _ in node.value):
            return self._merged(node, path, depth)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, path)
            where = self._where(key_node)
            if key in result:
                first = self.positions[(*path, key)][0]
                raise YamlSyntaxError(
                    f"'{key}' is written twice in the same block (first on line {first}); "
                    "keep one of them",
                    *where,
                    path=(*path, key),
                )
            self.positions[(*path, key)] = where
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _merged(self, node: yaml.MappingNode, path: PathKey, depth: int) -> dict[Any, Any]:
        """Build a mapping with `<<: *anchor` merges; its own keys must still be unique."""
        own: dict[Any, int] = {}
        for key_node, _ in [] if id(node) in self.flattened else node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            key = self._key(key_node, path)
            where = self._where(key_node)
            if key in own:
                raise YamlSyntaxError(
                    f"'{key}' is written twice in the same block (first on line {own[key]}); "
                    "keep one of them",
                    *where,
                    path=(*path, key),
                )
            own[key] = where[0]
        if id(node) not in self.flattened:  # reached again through an alias: flattened already
            self.loader.flatten_mapping(node)  # merged keys may repeat own keys: the own win
            self.flattened.add(id(node))
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, path)
            self.positions[(*path, key)] = self._where(key_node)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _key(self, node: yaml.Node, path: PathKey) -> Any:
        """Return a mapping key, which must be a single value to be a field name."""
        if not isinstance(node, yaml.ScalarNode):
            raise YamlSyntaxError(
                "a key must be a single word or number, not a list or a mapping",
                *self._where(node),
            )
        return self._scalar(node, path)

    def _scalar(self, node: yaml.ScalarNode, path: PathKey) -> Any:
        """Build text, numbers, booleans, null and dates; decimals stay exact."""
        if node.tag == _STR_TAG:
            return str(node.value)  # most values: what the constructor would give, sooner
        if node.tag in (_INT_TAG, _FLOAT_TAG) and _OTHER_NUMBER.match(str(node.value)):
            raise YamlSyntaxError(
                f"'{node.value}' reads as a different number in YAML (a leading 0 means octal, "
                "0x hexadecimal, a colon base 60); write the number plainly (030 as 30, 48:50 "
                f"as 48.50), or put text in quotes ('{node.value}')",
                *self._where(node),
                path=path,
            )
        if node.tag == _FLOAT_TAG:
            written = str(node.value).replace("_", "")
            try:
                number = Decimal(written)
            except InvalidOperation:
                pass
            else:
                if number.is_finite():
                    return number
        elif node.tag not in _SCALAR_TAGS:
            raise self._tag_error(node)
        try:
            return self.loader.construct_object(node)
        except ValueError:
            # An impossible date such as 2025-13-01 (or an int of thousands of digits): keep
            # the text, so the reader reports the field with what it expects.
            return node.value

    def _tag_error(self, node: yaml.Node) -> YamlSyntaxError:
        """Refuse tags: a file must hold data, never instructions to build objects."""
        return YamlSyntaxError(
            f"uses the tag {node.tag.replace(_TAG, '!!')}, which these files do not allow; "
            "they hold plain text, numbers, dates, lists and mappings only — remove the tag",
            *self._where(node),
        )

    def _where(self, node: yaml.Node) -> Position:
        """Return the 1-based position at which a node starts."""
        mark = node.start_mark
        if self.lines.plain:
            return mark.line + 1, mark.column + 1
        return self.lines.position(mark.index)


_INDENTATION = (
    "the indentation does not line up with the lines above; indent entries of the same block "
    "by the same number of spaces"
)
_PLAIN_PROBLEMS: dict[str, str] = {
    # fragment of PyYAML's problem -> what the author should do
    "could not find expected ':'": "this line has no 'name: value' colon, or it is not "
    "indented like the lines around it",
    "mapping values are not allowed": "a colon followed by a space (': ') is not allowed here; "
    "put text containing ': ' in quotes, or indent this line like the ones around it",
    "that cannot start any token": "a value starts with a character YAML reserves (such as a "
    "tab, @, ` or %); indent with spaces, or put the value in quotes",
    "found unexpected end of stream": "a quoted text is not closed; add the closing quote",
    "found unknown escape character": "a double-quoted text contains an unknown escape after a "
    "backslash; write a backslash as \\\\ or use single quotes",
    "expected <block end>": _INDENTATION,
    "did not find expected key": _INDENTATION,
    "did not find expected '-' indicator": "a list entry must start with '- ' and be indented "
    "like the entries before it",
    "found undefined alias": "refers to an alias (*name) that no anchor (&name) above defines; "
    "define the anchor or write the value out",
    "expected alphabetic or numeric character": "'&' or '*' must be followed by a name; put "
    "text that starts with & or * in quotes",
    "expected ',' or": "a list in [brackets] or a mapping in {braces} is not closed; close it, "
    "or put text that starts with [ or { in quotes",
    "expected a comment or a line break": "there is more text after a complete value; put the "
    "whole value in quotes",
    "expected a single document": "holds more than one document (a line '---' splits it); a "
    "file holds one",
}
# Problems found far from their cause: the line where the key or quote began is the one to fix.
_AT_CONTEXT = ("could not find expected ':'", "found unexpected end of stream", "expected ',' or")


def explain_yaml_error(text: str, error: yaml.YAMLError) -> YamlSyntaxError:
    """Say what is wrong with a YAML text in plain words, at the line to fix."""
    if isinstance(error, yaml.reader.ReaderError):
        return _reader_error(text, error)
    if isinstance(error, yaml.MarkedYAMLError):
        return _syntax_error(text, error)
    return YamlSyntaxError(f"is not valid YAML: {error}")


def _syntax_error(text: str, error: yaml.MarkedYAMLError) -> YamlSyntaxError:
    """Translate PyYAML's wording into what the author should change, at the right line."""
    problem = str(error.problem or error.context or "")
    fragment = next((key for key in _PLAIN_PROBLEMS if key in problem), None)
    message = _PLAIN_PROBLEMS[fragment] if fragment else f"is not valid YAML: {problem}"
    use_context = fragment in _AT_CONTEXT
    mark = error.context_mark if use_context and error.context_mark else error.problem_mark
    mark = mark or error.context_mark
    if mark is None:
        return YamlSyntaxError(message)
    return YamlSyntaxError(message, *TextLines(text).position(mark.index))


def _reader_error(text: str, error: yaml.reader.ReaderError) -> YamlSyntaxError:
    """Name the character and, when the rest parses, the field it was typed into."""
    index = int(error.position)
    character = text[index] if 0 <= index < len(text) else "\x00"
    blanked = yaml.reader.Reader.NON_PRINTABLE.sub(" ", text)
    try:  # parse with the bad characters blanked, to find the field they were typed into
        builder = _build(blanked, TextLines(blanked), yaml.SafeLoader, MAX_VALUES, spans=True)
        spans = builder.scalar_spans
    except (yaml.YAMLError, YamlSyntaxError, RecursionError):
        spans = []
    inside = [span for span in spans if span[0] <= index < max(span[1], span[0] + 1)]
    path = max(inside, key=lambda span: len(span[2]))[2] if inside else None
    return YamlSyntaxError(
        f"contains a control character (U+{ord(character):04X}), which a contract cannot "
        "show; delete it (it is often pasted by accident from another program)",
        *TextLines(text).position(index),
        path=path,
    )
