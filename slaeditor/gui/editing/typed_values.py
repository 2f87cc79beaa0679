"""How values are typed and shown in the wizard's text boxes: durations, numbers, labels.

A duration is typed as people write it ("4h", "30 min", "1d 2h") and kept as text for the
model to read; plain digits are minutes. While it is typed, duration_reading says what the text
means so far ("4" is four minutes until the "h" comes). These are plain functions, so a field,
a table cell and a test read a value the same way.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from slaeditor.model.base import Minutes
from slaeditor.sla.formatting import format_minutes


def duration_text(value: Any) -> str:
    """Write minutes the way people type them: "15 min", "4h", "1h 30 min", "3d"."""
    if value is None or value == "":
        return ""
    if not isinstance(value, int) or isinstance(value, bool):
        return str(value)
    if value == 0:
        return "0"
    if value % 1440 == 0 and value >= 2880:
        return f"{value // 1440}d"
    hours, minutes = divmod(value, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours}h" + (f" {minutes} min" if minutes else "")


def duration_value(text: str) -> Any:
    """Keep a typed duration as text (the model reads "4h"), plain digits as minutes."""
    text = text.strip()
    if not text:
        return None
    return int(text) if text.isdigit() else text


@cache
def _minutes() -> TypeAdapter[int]:
    return TypeAdapter(Minutes)


def duration_reading(text: str) -> str:
    """Say what a duration typed so far means: "means 4 minutes", "means 4 hours"."""
    if not text.strip():
        return ""
    try:
        minutes = _minutes().validate_python(duration_value(text))
    except ValidationError:
        return "not a duration yet"
    return f"means {format_minutes(minutes)}"


def plain_text(value: Any) -> str:
    """Show any stored value in a line edit; None shows as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def optional_value(text: str) -> Any:
    """Store an emptied optional number as None, anything else as typed."""
    text = text.strip()
    return text or None


def label_text(label: str) -> str:
    """Return a label as a screen reader should say it: no mnemonic, no colon."""
    return label.replace("&", "").rstrip(":").strip()
