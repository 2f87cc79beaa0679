"""Write plain data as YAML in one canonical form: the same data always gives the same bytes.

Agreements and clause libraries live in shared folders and Git repositories and are reviewed
in diffs, so the writer has one way of writing each thing: keys in the order given, one-line
text plain when that reads back the same and double-quoted otherwise, multi-line text as a
literal block (so a paragraph reads as it will print), short lists of words on one line,
dates as YYYY-MM-DD, decimals as written (99.9, never 99.90000000000001). It is written with
string operations rather than PyYAML's emitter, which takes seconds for a library of
thousands of clauses; tests read every kind of value back with the reader.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Collection, Mapping
from decimal import Decimal
from enum import Enum
from typing import Any

import yaml
from pydantic import BaseModel

_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_PLAIN_START = re.compile(r"[-?:,\[\]{}#&*!|>'\"%@`\s]")
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")
_FLOW_WORD = 24
_FLOW_LINE = 72


class UnsavableValueError(TypeError):
    """A value that no file can hold (an override set to an arbitrary object)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


# ── scalars ──────────────────────────────────────────────────────────────────────────────────


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


def _text_after_key(text: str, indent: str) -> str:
    """Write text after `key:` or `-`; multi-line text as an indented literal block.

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


def scalar(value: Any) -> str:
    """Write a one-line scalar that is not text: numbers, yes/no, dates, nothing."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise UnsavableValueError("", f"{value} is not a number a file can hold")
        return format(value, "f")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise UnsavableValueError("", f"{value} is not a number a file can hold")
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise UnsavableValueError("", f"a value of type {type(value).__name__} cannot be written")


def _after_key(value: Any, indent: str) -> str:
    if isinstance(value, str):
        return _text_after_key(value, indent)
    return f" {scalar(value)}\n"


def _key(key: Any) -> str:
    return inline(key) if isinstance(key, str) else scalar(key)


# ── collections ─────────────────────────────────────────────────────────────────────────────


def _flow_list(items: list[Any] | tuple[Any, ...]) -> str:
    """Write a list of words on one line: [mon, tue]."""
    written = [i if plain_ok(i) and not _FLOW_UNSAFE.search(i) else quoted(i) for i in items]
    return "[" + ", ".join(written) + "]"


def _short_words(items: list[Any] | tuple[Any, ...]) -> bool:
    """Tell whether a list reads best on one line: a few short words."""
    if not all(isinstance(i, str) and "\n" not in i and len(i) <= _FLOW_WORD for i in items):
        return False
    return sum(len(i) + 2 for i in items) <= _FLOW_LINE


class _Writer:
    """Write nested data; `flow` names lists always written on one line (a clause's tags)."""

    def __init__(self, flow: Collection[str]) -> None:
        self.flow = flow

    def entry(self, key: Any, value: Any, depth: int) -> str:
        """Write `key: value` at an indentation of `depth` levels."""
        pad = "  " * depth
        head = f"{pad}{_key(key)}:"
        if isinstance(value, Mapping):
            if not value:
                return head + " {}\n"
            return head + "\n" + "".join(self.entry(k, v, depth + 1) for k, v in value.items())
        if isinstance(value, list | tuple):
            if not value:
                return head + " []\n"
            if (key in self.flow and all(isinstance(i, str) for i in value)) or _short_words(value):
                return f"{head} {_flow_list(value)}\n"
            return head + "\n" + "".join(self.item(item, depth + 1) for item in value)
        return head + _after_key(value, "  " * (depth + 1))

    def item(self, value: Any, depth: int) -> str:
        """Write one list entry, `- value`, at an indentation of `depth` levels."""
        pad = "  " * depth
        if isinstance(value, Mapping) and value:
            written = "".join(self.entry(k, v, depth + 1) for k, v in value.items())
            return pad + "- " + written[len(pad) + 2 :]
        if isinstance(value, list | tuple) and value:
            written = "".join(self.item(v, depth + 1) for v in value)
            return pad + "- " + written[len(pad) + 2 :]
        if isinstance(value, Mapping):
            return pad + "- {}\n"
        if isinstance(value, list | tuple):
            return pad + "- []\n"
        return pad + "-" + _after_key(value, "  " * (depth + 1))


def dump_yaml(
    data: Mapping[str, Any],
    *,
    spaced: Collection[str] = (),
    flow: Collection[str] = (),
) -> str:
    """Write a mapping with a blank line around each top-level section of several lines.

    The entries of the top-level lists named in `spaced` are separated by a blank line too
    (the clauses of a library); the lists named in `flow` are always written on one line.
    """
    writer = _Writer(flow)
    chunks = []
    for key, value in data.items():
        if key in spaced and isinstance(value, list) and value:
            items = "".join("\n" + writer.item(item, 1) for item in value)
            chunks.append(f"{_key(key)}:\n{items}")
        else:
            chunks.append(writer.entry(key, value, 0))
    text = ""
    for index, chunk in enumerate(chunks):
        if index and (chunk.count("\n") > 1 or chunks[index - 1].count("\n") > 1):
            text += "\n"
        text += chunk
    return text


def dump_item(value: Any, depth: int = 1, *, flow: Collection[str] = ()) -> str:
    """Write one list entry as it appears in a file (a library's clause, for a diff)."""
    return _Writer(flow).item(value, depth)


# ── models ───────────────────────────────────────────────────────────────────────────────────


def model_to_data(model: BaseModel, path: str = "") -> dict[str, Any]:
    """Convert a model to plain data in field order, leaving out empty values left at default.

    Values that are set, even to their default, are written, so the file states the terms
    (99.9 %, calendar month) rather than leaving the reader to know the defaults; a field
    marked quiet (`json_schema_extra={"quiet": True}`) is left out at its default.
    """
    data: dict[str, Any] = {}
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        default = None if info.is_required() else info.get_default(call_default_factory=True)
        quiet = isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get("quiet")
        if not info.is_required() and (_is_empty(value) or quiet) and value == default:
            continue
        plain = _plain(value, f"{path}.{name}" if path else name)
        if plain == {} and not info.is_required() and value == default:
            continue  # a part left wholly at its defaults (no network targets): nothing to say
        data[name] = plain
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
