"""A column of a table field: the record key it edits, its heading and how values are typed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slaeditor.gui.editing.typed_values import duration_text, duration_value, plain_text

if TYPE_CHECKING:
    from collections.abc import Sequence


@dataclass(frozen=True)
class Column:
    """One column: the record key it edits, its heading and how values are typed."""

    key: str
    header: str
    kind: str = "text"  # text, number, optional, duration, choice, check
    choices: Sequence[tuple[Any, str]] = ()
    width: int = 0  # 0 stretches
    default: Any = ""
    help_text: str = ""
    detail: bool = False
    """Long text edited under the table for the selected row, not in a column."""

    def to_text(self, value: Any) -> str:
        """Show a stored value in a cell."""
        if self.kind == "duration":
            return duration_text(value)
        return plain_text(value)

    def to_value(self, text: str) -> Any:
        """Read a typed cell back into the value the model expects."""
        if self.kind == "duration":
            return duration_value(text)
        if self.kind in ("number", "optional"):
            stripped = text.strip()
            if not stripped:
                return None
            return int(stripped) if stripped.isdigit() else stripped
        return text
