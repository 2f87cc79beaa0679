"""Turn pydantic's validation errors into plain English that says what to change.

The people who read these messages write contracts, not Python: "Input should be less than
100" becomes "must be less than 100", a misspelt key gets the known keys and a suggestion, and
every message is tied to a field path written the way the file is laid out
(``services[0].overrides.availability.target_percent``).
"""

from __future__ import annotations

import difflib
import re
import types
from typing import TYPE_CHECKING, Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

import slaeditor.model

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

Loc = tuple[str | int, ...]
"""A field path as pydantic reports it: keys and list indices."""

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_PATH_PART = re.compile(r"""\.?([^.\[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]""")
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")

_PATTERN_HINTS: tuple[tuple[str, str], ...] = (
    (
        "[a-z0-9][a-z0-9_-]",
        "must be an id of lower-case letters, digits, '-' or '_', starting "
        "with a letter or digit, at most 63 characters (e.g. head-office)",
    ),
    (":[0-5]", "must be a time of day written HH:MM, from 00:00 to 24:00 (e.g. 08:00)"),
    ("^[A-Z]{3}$", "must be a three-letter ISO 4217 currency code in capitals, such as EUR or GBP"),
    ("[a-z]{2,3}", "must be a locale such as en_GB or de_DE"),
)

_TYPE_WORDS: dict[str, str] = {
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number, without decimals",
    "float_parsing": "must be a number such as 99.9",
    "float_type": "must be a number such as 99.9",
    "decimal_parsing": "must be a number such as 99.9",
    "decimal_type": "must be a number such as 99.9",
    "finite_number": "must be an ordinary number (not infinity or NaN)",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "list_type": "must be a list, one '- entry' per line",
    "dict_type": "must be a mapping of 'name: value' lines",
    "model_type": "must be a block of 'name: value' lines",
    "model_attributes_type": "must be a block of 'name: value' lines",
    "date_type": "must be a date written YYYY-MM-DD, for example 2025-04-01",
    "date_parsing": "is not a date; write it as YYYY-MM-DD, for example 2025-04-01",
    "date_from_datetime_parsing": "is not a date; write it as YYYY-MM-DD, for example 2025-04-01",
    "date_from_datetime_inexact": "must be a date without a time of day, written YYYY-MM-DD",
}


def format_path(loc: Loc) -> str:
    """Write a path as the file nests it: ``services[0].name``, ``definitions["Uptime %"]``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _IDENTIFIER.match(str(part)):
            text += f".{part}" if text else str(part)
        else:
            escaped = str(part).replace("\\", "\\\\").replace('"', '\\"')
            text += f'["{escaped}"]'
    return text


def parse_path(text: str) -> Loc:
    """Read a dotted path back into parts; digits between dots are list indices."""
    parts: list[str | int] = []
    for name, index, quoted in _PATH_PART.findall(text):
        if index:
            parts.append(int(index))
        elif quoted:
            parts.append(quoted[1:-1].replace('\\"', '"').replace("\\\\", "\\"))
        else:
            parts.append(int(name) if name.isdigit() else name)
    return tuple(parts)


def describe_validation_error(
    error: ValidationError, model: type[BaseModel] | None = None
) -> list[tuple[str, str]]:
    """Return (field path, plain message) for every problem pydantic found, in its order."""
    return [(format_path(loc), message) for loc, message in describe_errors(error, model)]


def describe_errors(
    error: ValidationError, model: type[BaseModel] | None = None
) -> list[tuple[Loc, str]]:
    """Return (path parts, plain message) so callers can find the line of each problem."""
    root = model or _model_named(error.title)
    return [(tuple(item["loc"]), describe_error(item, root)) for item in error.errors()]


def describe_error(item: ErrorDetails, model: type[BaseModel] | None = None) -> str:
    """Describe one pydantic error; unknown error types fall back to pydantic's own words."""
    kind = item["type"]
    ctx: dict[str, Any] = dict(item.get("ctx") or {})
    value = item.get("input")
    if kind == "missing":
        return "is required; add it"
    if kind == "extra_forbidden":
        return unknown_field_message(item["loc"], model) or _unknown_field_plain(item["loc"])
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error") or item["msg"])
    if kind in ("less_than", "less_than_equal", "greater_than", "greater_than_equal"):
        return _bound(kind, ctx, value)
    if kind in ("string_too_long", "too_long"):
        return _too_long(kind, ctx, value)
    if kind == "string_too_short":
        return "must not be empty; fill it in"
    if kind == "too_short":
        count = ctx.get("min_length", 1)
        return f"needs at least {count} entr{'y' if count == 1 else 'ies'}; add one"
    if kind in ("enum", "literal_error"):
        allowed = ", ".join(_QUOTED.findall(str(ctx.get("expected", ""))))
        return f"{_show(value)} is not one of the allowed values; use one of: {allowed}"
    if kind == "string_type":
        return f"must be text (found {_show(value)}); put it in quotes if it was meant as text"
    if kind == "string_pattern_mismatch":
        return _pattern(str(ctx.get("pattern", "")), value)
    if kind == "decimal_max_places":
        places = ctx.get("decimal_places")
        return f"may have at most {places} decimal places (found {_show(value)}); round it"
    if kind in _TYPE_WORDS:
        return f"{_TYPE_WORDS[kind]} (found {_show(value)})"
    message = str(item["msg"])
    return message[:1].lower() + message[1:]


def _bound(kind: str, ctx: dict[str, Any], value: Any) -> str:
    """Say which limit a number crosses, written as the limit reads in the contract."""
    words = {
        "less_than": ("must be less than", "lt"),
        "less_than_equal": ("must be at most", "le"),
        "greater_than": ("must be more than", "gt"),
        "greater_than_equal": ("must be at least", "ge"),
    }
    phrase, key = words[kind]
    return f"{phrase} {_number(ctx.get(key))} (found {_show(value)})"


def _too_long(kind: str, ctx: dict[str, Any], value: Any) -> str:
    """Give the length and the limit, so the author knows how much to cut."""
    limit = ctx.get("max_length")
    if kind == "string_too_long" and isinstance(value, str):
        return f"is {len(value):,} characters long; the limit is {limit:,}; shorten it"
    if isinstance(value, list | dict):
        return f"has {len(value):,} entries; the limit is {limit}; remove some"
    return f"is too long; the limit is {limit}"


def _pattern(pattern: str, value: Any) -> str:
    """Explain a format rule in words rather than as a regular expression."""
    for fragment, hint in _PATTERN_HINTS:
        if fragment in pattern:
            return f"{hint} (found {_show(value)})"
    return f"does not have the expected form (found {_show(value)})"


def unknown_field_message(loc: tuple[int | str, ...], model: type[BaseModel] | None) -> str | None:
    """Name the unknown key, the closest known one and the full list to choose from.

    Returns None when the path's last key is a known field, or its owner cannot be found.
    """
    key = str(loc[-1]) if loc else ""
    owner = _model_at(model, tuple(loc[:-1])) if model else None
    if owner is None or key in owner.model_fields:
        return None
    known = list(owner.model_fields)
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return (
        f"'{key}' is not a known field here; check the spelling{hint} (known: {', '.join(known)})"
    )


def _unknown_field_plain(loc: tuple[int | str, ...]) -> str:
    """Say the key is unknown when the model around it cannot be found to list the known ones."""
    return f"'{loc[-1] if loc else ''}' is not a known field here; check the spelling"


def _model_at(root: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """Follow a path through field annotations to the model that holds its last key."""
    current: Any = root
    for part in loc:
        current = unwrap_annotation(current)
        if isinstance(part, int) and get_origin(current) is list:
            current = get_args(current)[0]
        elif isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(str(part))
            if info is None:
                return None
            current = info.annotation
        elif get_origin(current) is dict:
            current = get_args(current)[1]
        else:
            return None
    current = unwrap_annotation(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def unwrap_annotation(annotation: Any) -> Any:
    """Strip Annotated metadata and an optional None, which do not change the shape."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            options = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation


def _model_named(title: str) -> type[BaseModel] | None:
    """Find the agreement model a ValidationError came from, to list its known fields."""
    candidate = getattr(slaeditor.model, title, None)
    if isinstance(candidate, type) and issubclass(candidate, BaseModel):
        return candidate
    return None


def _number(value: Any) -> str:
    """Write a limit without a float's noise or a Decimal's exponent."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return format(value, "f") if hasattr(value, "as_tuple") else str(value)


def _show(value: Any) -> str:
    """Show the offending value briefly, quoted when it is text."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, int | float) or hasattr(value, "as_tuple"):
        return _number(value)
    return f"a {type(value).__name__}"
