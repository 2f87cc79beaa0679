"""Field types shared by every part of the Agreement.

Agreement values are data typed by lawyers and sales staff and shown verbatim in a contract,
so text is checked here once for what a contract can never show: control characters and
invisible direction overrides that could disguise the wording.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

# Direction overrides, isolates and the invisible direction marks (Arabic letter mark,
# left-to-right and right-to-left marks) can make a clause read differently from what is
# stored: "of 5\u200f - 30 minutes" prints as "of 30 - 5 minutes".
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\u200e\u200f")
_ALLOWED_CONTROLS = set("\n\t")
_DURATION_RE = re.compile(
    r"^\s*(?:(?P<d>\d+)\s*(?:d|days?))?\s*(?:(?P<h>\d+)\s*(?:h|hrs?|hours?))?"
    r"\s*(?:(?P<m>\d+)\s*(?:m|mins?|minutes?))?\s*$",
    re.IGNORECASE,
)


class Model(BaseModel):
    """Base of every agreement part: unknown keys are typos and must be reported, not dropped."""

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        use_enum_values=False,
        str_strip_whitespace=True,
        defer_build=True,  # build validators on first use, not at import: the GUI starts sooner
    )


def text_problem(value: str) -> str | None:
    """Say why text cannot be printed faithfully, or None (the clause checks use it per line)."""
    try:
        _check_text(value)
    except ValueError as error:
        return str(error)
    return None


def _check_text(value: str) -> str:
    """Refuse characters that a printed contract cannot show faithfully."""
    for position, char in enumerate(value, start=1):
        if char in _ALLOWED_CONTROLS:
            continue
        if char in _BIDI_CONTROLS:
            raise ValueError(
                f"contains an invisible text-direction control (U+{ord(char):04X}) at character "
                f"{position}, which can make the text read differently from what is stored; "
                "delete it (right-to-left letters themselves are fine)"
            )
        category = unicodedata.category(char)
        if category in ("Cc", "Cs", "Co") or (category == "Cn" and ord(char) > 0xFFFF - 2):
            raise ValueError(
                f"contains a control character (U+{ord(char):04X}) at character {position}; "
                "delete it (it is often pasted by accident from another program)"
            )
    return value


def _single_line(value: str) -> str:
    """Refuse line breaks in names and titles, which lay out as a broken table cell."""
    if "\n" in value or "\t" in value:
        raise ValueError("must be on one line; remove the line break or tab")
    return value


def _parse_minutes(value: object) -> object:
    """Accept "4h", "12 hours", "1d 2h", "30 min" as well as a number of minutes."""
    if isinstance(value, str) and not value.strip().isdigit():
        match = _DURATION_RE.match(value)
        if not match or not any(match.groupdict().values()):
            raise ValueError(
                f"'{value}' is not a duration; write minutes as a number (90) "
                "or with units such as '4h', '30 min' or '1d 2h'"
            )
        parts = {key: int(number or 0) for key, number in match.groupdict().items()}
        return parts["d"] * 1440 + parts["h"] * 60 + parts["m"]
    return value


def exact_numbers(value: Any) -> Any:
    """Turn every float inside nested data into an exact Decimal (overrides hold raw data)."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, dict):
        return {key: exact_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [exact_numbers(item) for item in value]
    return value


def _to_decimal(value: object) -> object:
    """Read YAML floats through their text so that 99.9 stays exactly 99.9."""
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


Name = Annotated[
    str,
    Field(min_length=1, max_length=200),
    AfterValidator(_check_text),
    AfterValidator(_single_line),
]
"""A name or title: one line, at most 200 characters."""

OptionalName = Annotated[
    str, Field(max_length=200), AfterValidator(_check_text), AfterValidator(_single_line)
]
"""A name or title that may be left empty."""

Text = Annotated[str, Field(max_length=20_000), AfterValidator(_check_text)]
"""Free text such as a description or a definition; line breaks allowed."""

Minutes = Annotated[
    int, BeforeValidator(_parse_minutes, json_schema_input_type=int | str), Field(ge=0, le=525_600)
]
"""A duration in whole minutes; YAML may also say "4h" or "1d"."""

Percent = Annotated[Decimal, BeforeValidator(_to_decimal), Field(ge=0, le=100, decimal_places=4)]
"""A percentage from 0 to 100 with at most four decimals."""

Money = Annotated[Decimal, BeforeValidator(_to_decimal), Field(ge=0, le=10**12, decimal_places=2)]
"""An amount of money in the agreement's currency."""

Quantity = Annotated[Decimal, BeforeValidator(_to_decimal), Field(ge=0, decimal_places=3)]
"""A number of units (seats, Mbps, lines)."""

Days = Annotated[int, Field(ge=0, le=3650)]
"""A whole number of days."""
