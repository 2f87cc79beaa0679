"""Read YAML into plain data, with the line of every value, refusing what a file must not hold.

One reader for agreements, template packs and clause libraries. It parses with libyaml when
PyYAML has it (ten times faster, same marks) and builds the data itself, straight from the
parser's events (events) or, for a file with anchors and aliases, from composed nodes (nodes),
so that it can note where each key, list entry and value was written and refuse, with the line
to fix (the rules both share are in values):
- tags (a file holds data, never instructions to build objects);
- a key written twice in one mapping (YAML would silently keep the last);
- more values or deeper nesting than any file needs (aliases repeated inside each other);
- numbers in the YAML 1.1 forms that read as other numbers: `030` is 24 (octal), `0x1F` is 31,
  `48:50` is 2,930 (base 60); a drafter who typed them meant 30, "0x1F" or 48.50.
Positions are found in linear time: a 10 MB file is read in seconds, not minutes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from slaeditor.yamlio.events import EventBuilder, build_events
from slaeditor.yamlio.nodes import NodeBuilder, build_nodes
from slaeditor.yamlio.values import (
    MAX_DEPTH,
    MAX_VALUES,
    TOO_DEEP,
    PathKey,
    Position,
    TextLines,
    YamlSyntaxError,
)

__all__ = ["MAX_VALUES", "ParsedYaml", "PathKey", "Position", "YamlSyntaxError", "parse_yaml"]
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


def parse_yaml(text: str, *, max_values: int = MAX_VALUES) -> ParsedYaml:
    """Parse YAML into plain data with positions; raise YamlSyntaxError with the line."""
    lines = TextLines(text)
    try:
        builder: EventBuilder | NodeBuilder | None = build_events(text, lines, _LOADER, max_values)
        if builder is None:  # anchors, aliases or merge keys: composed, expanded under a budget
            builder = build_nodes(text, lines, _LOADER, max_values)
    except RecursionError:
        raise YamlSyntaxError(*too_deep(text, MAX_DEPTH)) from None
    except yaml.YAMLError:
        # libyaml words its errors differently (and refuses some tabs the other accepts): the
        # pure-Python parser's reading is the one used, and its marks are the ones
        # explain_yaml_error knows. Errors are rare enough to parse twice.
        try:
            builder = build_nodes(text, lines, yaml.SafeLoader, max_values)
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
            return TOO_DEEP, number
    return TOO_DEEP, 1


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
        builder = build_nodes(blanked, TextLines(blanked), yaml.SafeLoader, MAX_VALUES, spans=True)
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
