"""What a value in a YAML file may be, and where it was written: the rules both builders share.

A file holds text, numbers, booleans, null, dates, lists and mappings, never tags that build
objects; numbers in the YAML 1.1 forms that read as other numbers (`030` is 24, `0x1F` is 31,
`48:50` is 2,930) are refused, decimals stay exact. Positions are 1-based (line, column) as an
editor shows them.
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import yaml

PathKey = tuple[str | int, ...]
"""Where a value sits in the data: mapping keys and list indices from the top."""
Position = tuple[int, int]
"""A 1-based (line, column) in the text, as an editor shows it."""

MAX_VALUES = 100_000
"""Values in an agreement or a pack; libraries of thousands of clauses pass a larger budget."""
MAX_DEPTH = 64
TAG = "tag:yaml.org,2002:"
STR_TAG = TAG + "str"
MAP_TAG = TAG + "map"
SEQ_TAG = TAG + "seq"
MERGE_TAG = TAG + "merge"
_INT_TAG = TAG + "int"
_FLOAT_TAG = TAG + "float"
_SCALAR_TAGS = frozenset(TAG + name for name in ("str", "int", "bool", "null", "timestamp"))
_OTHER_NUMBER = re.compile(r"^[-+]?(?:0[0-9_]+|0[xXoObB][0-9a-fA-F_]*|[0-9][0-9_]*(?::[0-9_.]+)+)$")
"""Octal (030, 0012), hexadecimal, binary and 60-based (48:50) numbers of YAML 1.1."""
TOO_DEEP = (
    "nests lists or mappings far more deeply than any file needs; remove the extra "
    "brackets or indentation"
)
TOO_MANY = (
    "holds more values or deeper nesting than any file needs (often anchors and aliases, "
    "&name and *name, repeated inside each other); remove the aliases"
)


class Mark(Protocol):
    """Where the parser was (PyYAML's marks, and libyaml's, which are another class)."""

    line: int
    column: int
    index: int


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


class TextLines:
    r"""Turn offsets in a text into (line, column), counting lines by "\n" as editors do.

    PyYAML also breaks lines at U+2028 and NEL, so its marks can disagree with an editor; the
    line starts are found once, and each lookup is a binary search.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.plain = not any(char in text for char in "\r\x85\u2028\u2029")
        """Only "\n" breaks lines, so PyYAML's own line and column are the editor's."""
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        """The offset at which each line starts, found when first needed."""
        if self._starts is None:
            starts = [0]
            index = self.text.find("\n")
            while index >= 0:
                starts.append(index + 1)
                index = self.text.find("\n", index + 1)
            self._starts = starts
        return self._starts

    def position(self, index: int) -> Position:
        """Return the 1-based line and column of an offset."""
        row = bisect.bisect_right(self.starts, index) - 1
        return row + 1, index - self.starts[row] + 1

    def at(self, mark: Mark | None) -> Position:
        """Return the 1-based position of a parser's mark (the first line if it has none)."""
        if mark is None:
            return 1, 1
        if self.plain:
            return mark.line + 1, mark.column + 1
        return self.position(mark.index)


def duplicate_key(key: Any, first: int, where: Position, path: PathKey) -> YamlSyntaxError:
    """Refuse a key written twice in one mapping (YAML would silently keep the last)."""
    return YamlSyntaxError(
        f"'{key}' is written twice in the same block (first on line {first}); keep one of them",
        *where,
        path=path,
    )


def not_a_key(where: Position) -> YamlSyntaxError:
    """Refuse a list or a mapping written where a field name belongs."""
    return YamlSyntaxError("a key must be a single word or number, not a list or a mapping", *where)


def tag_error(tag: str, where: Position) -> YamlSyntaxError:
    """Refuse tags: a file must hold data, never instructions to build objects."""
    return YamlSyntaxError(
        f"uses the tag {tag.replace(TAG, '!!')}, which these files do not allow; "
        "they hold plain text, numbers, dates, lists and mappings only — remove the tag",
        *where,
    )


def scalar_value(
    loader: yaml.SafeLoader, node: yaml.ScalarNode, where: Position, path: PathKey
) -> Any:
    """Build text, numbers, booleans, null and dates from a resolved scalar; decimals stay exact."""
    if node.tag == STR_TAG:
        return str(node.value)  # most values: what the constructor would give, sooner
    if node.tag in (_INT_TAG, _FLOAT_TAG) and _OTHER_NUMBER.match(str(node.value)):
        raise YamlSyntaxError(
            f"'{node.value}' reads as a different number in YAML (a leading 0 means octal, "
            "0x hexadecimal, a colon base 60); write the number plainly (030 as 30, 48:50 "
            f"as 48.50), or put text in quotes ('{node.value}')",
            *where,
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
        raise tag_error(node.tag, where)
    try:
        return loader.construct_object(node)
    except ValueError:
        # An impossible date such as 2025-13-01 (or an int of thousands of digits): keep the
        # text, so the reader reports the field with what it expects.
        return node.value
