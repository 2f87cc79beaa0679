"""Read and write agreement YAML safely, keeping the line of every value for error messages.

Agreement files are typed by hand as often as they are saved by the application, so a problem
must point at the line to fix; and they arrive by e-mail and from shared folders, so loading
builds plain data only (no tags that create Python objects) and refuses alias bombs. Writing
produces the same bytes for the same agreement, so files diff cleanly under version control.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

import yaml
from pydantic import BaseModel

from slaeditor.storage.yamldepth import too_deep

PathKey = tuple[str | int, ...]
"""Where a value sits in the data: mapping keys and list indices from the top."""
Position = tuple[int, int]
"""A 1-based (line, column) in the text, as an editor shows it."""

MAX_VALUES = 100_000
MAX_DEPTH = 64
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(_TAG + name for name in ("str", "int", "bool", "null", "timestamp"))
_FLOAT_TAG = _TAG + "float"
_MERGE_TAG = _TAG + "merge"


class UnsavableValueError(TypeError):
    """A value that no agreement file can hold (an override set to an arbitrary object)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class YamlSyntaxError(ValueError):
    """Text that is not YAML an agreement can be built from; says where and what to fix."""

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
    """Plain data from a YAML text and the position of each key and list entry in it."""

    data: Any
    positions: dict[PathKey, Position] = field(default_factory=dict)

    def position_of(self, path: PathKey) -> tuple[PathKey, Position] | None:
        """Find the nearest written ancestor, since a missing value has no line of its own."""
        for length in range(len(path), -1, -1):
            found = self.positions.get(path[:length])
            if found is not None:
                return path[:length], found
        return None


def position_at(text: str, index: int) -> Position:
    r"""Count lines by "\n" only, as editors do (PyYAML also breaks lines at U+2028 and NEL)."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> ParsedYaml:
    """Parse YAML into plain data with positions; raise YamlSyntaxError with the line."""
    try:
        builder = _build(text, _LOADER)
    except RecursionError:
        raise YamlSyntaxError(*too_deep(text, MAX_DEPTH)) from None
    except yaml.YAMLError:
        # libyaml words its errors differently; the pure-Python parser's marks and messages
        # are the ones explain_yaml_error knows, and errors are rare enough to parse twice.
        try:
            builder = _build(text, yaml.SafeLoader)
        except RecursionError:  # it recurses per nesting level; libyaml stops at its limit
            raise YamlSyntaxError(*too_deep(text, MAX_DEPTH)) from None
        except yaml.YAMLError as error:
            raise explain_yaml_error(text, error) from None
    return ParsedYaml(builder.data, builder.positions or {(): (1, 1)})


def _build(text: str, loader_class: type[yaml.SafeLoader]) -> _Builder:
    """Compose with the safe loader, then build the data (None for an empty document).

    libyaml's loader (when PyYAML has it) composes about ten times faster with the same marks.
    """
    loader = loader_class(text)
    try:
        builder = _Builder(loader, text)
        node = loader.get_single_node()
        builder.data = None if node is None else builder.build(node, (), 0)
        return builder
    finally:
        loader.dispose()


class _Builder:
    """Turn composed nodes into dicts, lists and scalars, noting where each one was written."""

    def __init__(self, loader: yaml.SafeLoader, text: str) -> None:
        self.loader = loader
        self.text = text
        self.positions: dict[PathKey, Position] = {}
        self.scalar_spans: list[tuple[int, int, PathKey]] = []
        self.flattened: set[int] = set()
        self.count = 0
        self.data: Any = None

    def build(self, node: yaml.Node, path: PathKey, depth: int) -> Any:
        """Build one value; aliases are expanded, so a budget stops exponential expansion."""
        self.count += 1
        if self.count > MAX_VALUES or depth > MAX_DEPTH:
            raise YamlSyntaxError(
                "holds more values or deeper nesting than any agreement needs (often anchors "
                "and aliases, &name and *name, repeated inside each other); remove the aliases",
                *self._where(node),
            )
        if not path:
            self.positions[()] = self._where(node)
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
        self.scalar_spans.append((node.start_mark.index, node.end_mark.index, path))
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: PathKey, depth: int) -> dict[Any, Any]:
        """Build a mapping, refusing a key written twice (YAML would silently keep the last)."""
        if node.tag != _TAG + "map":
            raise self._tag_error(node)
        first_lines: dict[Any, int] = {}
        for key_node, _ in [] if id(node) in self.flattened else node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            key = self._key(key_node)
            line = self._where(key_node)[0]
            if key in first_lines:
                raise YamlSyntaxError(
                    f"'{key}' is written twice in the same block (first on line "
                    f"{first_lines[key]}); keep one of them",
                    *self._where(key_node),
                    path=(*path, key),
                )
            first_lines[key] = line
        if any(key_node.tag == _MERGE_TAG for key_node, _ in node.value):
            self.loader.flatten_mapping(node)  # merged keys may repeat own keys: checked above
            self.flattened.add(id(node))
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node)
            self.positions[(*path, key)] = self._where(key_node)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _key(self, node: yaml.Node) -> Any:
        """Return a mapping key, which must be a single value to be a field name."""
        if not isinstance(node, yaml.ScalarNode):
            raise YamlSyntaxError(
                "a key must be a single word or number, not a list or a mapping",
                *self._where(node),
            )
        return self._scalar(node)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        """Build text, numbers, booleans, null and dates; decimals stay exact."""
        if node.tag == _FLOAT_TAG:
            written = str(node.value).replace("_", "")
            if ":" not in written:
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
            # An impossible date such as 2025-13-01: keep the text, so the model reports the
            # field with the expected format rather than a YAML error without a field.
            return node.value

    def _tag_error(self, node: yaml.Node) -> YamlSyntaxError:
        """Refuse tags: a file must hold data, never instructions to build objects."""
        return YamlSyntaxError(
            f"uses the tag {node.tag.replace(_TAG, '!!')}, which agreement files do not allow; "
            "they hold plain text, numbers, dates, lists and mappings only — remove the tag",
            *self._where(node),
        )

    def _where(self, node: yaml.Node) -> Position:
        """Return the 1-based position at which a node starts."""
        return position_at(self.text, node.start_mark.index)


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
    "expected a single document": "holds more than one document (a line '---' splits it); an "
    "agreement file holds one",
}
# Problems found far from their cause: the line where the key or quote began is the one to fix.
_AT_CONTEXT = ("could not find expected ':'", "found unexpected end of stream", "expected ',' or")


def explain_yaml_error(text: str, error: yaml.YAMLError) -> YamlSyntaxError:
    """Say what is wrong with a YAML text in plain words, at the line to fix.

    Agreement files and template packs alike are edited by hand in a text editor.
    """
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
    return YamlSyntaxError(message, *position_at(text, mark.index))


def _reader_error(text: str, error: yaml.reader.ReaderError) -> YamlSyntaxError:
    """Name the character and, when the rest parses, the field it was typed into."""
    index = int(error.position)
    character = text[index] if 0 <= index < len(text) else "\x00"
    try:  # parse with the bad characters blanked, to find the field they were typed into
        spans = _build(
            yaml.reader.Reader.NON_PRINTABLE.sub(" ", text), yaml.SafeLoader
        ).scalar_spans
    except (yaml.YAMLError, YamlSyntaxError):
        spans = []
    inside = [span for span in spans if span[0] <= index < max(span[1], span[0] + 1)]
    path = max(inside, key=lambda span: len(span[2]))[2] if inside else None
    return YamlSyntaxError(
        f"contains a control character (U+{ord(character):04X}), which a contract cannot "
        "show; delete it (it is often pasted by accident from another program)",
        *position_at(text, index),
        path=path,
    )


class _Dumper(yaml.SafeDumper):
    """Block style with indented lists, no anchors: the shape people expect to read and edit."""

    def ignore_aliases(self, data: Any) -> bool:
        """Write shared values out each time; aliases confuse people editing by hand."""
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        """Indent list entries under their key, as most YAML in the wild does."""
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Write multi-line text as a literal block, so paragraphs read as they will print.

    Unicode line separators and a trailing line break are escaped in double quotes instead:
    written raw they look like spaces in an editor, or end the document with "...".
    """
    style = "|" if "\n" in value else None
    if value.endswith("\n") or any(char in value for char in "\x85\u2028\u2029"):
        style = '"'
    return dumper.represent_scalar(_TAG + "str", value, style=style)


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    """Write 99.9 as a plain number (not a string, not a float's 99.90000000000001)."""
    written = format(value, "f")
    tag = _FLOAT_TAG if "." in written else _TAG + "int"
    return dumper.represent_scalar(tag, written)


def _represent_date(dumper: yaml.SafeDumper, value: datetime.date) -> yaml.ScalarNode:
    """Write dates as YYYY-MM-DD, the one format nobody misreads."""
    return dumper.represent_scalar(_TAG + "timestamp", value.isoformat())


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    """Write short lists of words on one line (``days: [mon, tue]``), everything else as blocks."""
    short = all(isinstance(item, str) and "\n" not in item and len(item) <= 24 for item in value)
    flow = short and sum(len(item) + 2 for item in value) <= 72
    return dumper.represent_sequence(_TAG + "seq", value, flow_style=flow)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(datetime.date, _represent_date)


def dump_yaml(data: dict[str, Any]) -> str:
    """Write a mapping as YAML with a blank line around each top-level section."""
    chunks = [
        yaml.dump(
            {key: value},
            Dumper=_Dumper,
            default_flow_style=False,
            sort_keys=False,
            allow_unicode=True,
            width=10_000,  # never fold lines: folding is where YAML round trips go wrong
            indent=2,
        )
        for key, value in data.items()
    ]
    text = ""
    for index, chunk in enumerate(chunks):
        if index and (chunk.count("\n") > 1 or chunks[index - 1].count("\n") > 1):
            text += "\n"
        text += chunk
    return text


def model_to_data(model: BaseModel, path: str = "") -> dict[str, Any]:
    """Convert a model to plain data in field order, leaving out empty values left at default.

    Values that are set, even to their default, are written, so the file states the terms
    (99.9 %, calendar month) rather than leaving the reader to know the defaults.
    """
    data: dict[str, Any] = {}
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        default = None if info.is_required() else info.get_default(call_default_factory=True)
        if not info.is_required() and _is_empty(value) and value == default:
            continue
        data[name] = _plain(value, f"{path}.{name}" if path else name)
    return data


def _is_empty(value: Any) -> bool:
    """Tell whether a value carries nothing a reader needs to see."""
    return value is None or (isinstance(value, str | list | dict) and not value)


def _plain(value: Any, path: str) -> Any:
    """Convert one value; a type a file cannot hold is named with its path before writing."""
    if isinstance(value, BaseModel):
        return model_to_data(value, path)
    if isinstance(value, Enum):
        return _plain(value.value, path)
    if isinstance(value, list | tuple):
        return [_plain(item, f"{path}[{index}]") for index, item in enumerate(value)]
    if isinstance(value, dict):
        plain: dict[Any, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str | int | bool | Decimal) and key is not None:
                raise UnsavableValueError(
                    path, f"a key of type {type(key).__name__} cannot be saved"
                )
            plain[_plain(key, path)] = _plain(item, f"{path}.{key}")
        return plain
    if isinstance(value, str):
        return str(value)
    if value is None or isinstance(value, bool | int | float | Decimal | datetime.date):
        return value
    raise UnsavableValueError(
        path, f"a value of type {type(value).__name__} cannot be saved in an agreement file"
    )
