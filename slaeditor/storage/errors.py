"""The error every agreement reader and writer reports, and the size no agreement reaches.

Shared by the YAML files and the contract PDFs that carry an agreement, so both name the file,
the line and the field the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from slaeditor.errors import UserError

if TYPE_CHECKING:
    from collections.abc import Sequence

MAX_FILE_BYTES = 10_000_000
"""Agreements are kilobytes; anything this large is not one and is not read into memory."""

FileProblem = tuple[str, int | None, str]
"""(field path, line or None, message) for one problem in a file."""


class AgreementFileError(UserError):
    """A file that cannot be read or written, with where and what to fix in plain English."""

    def __init__(
        self,
        path: str,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
        errors: Sequence[FileProblem] = (),
    ) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.line = line
        self.column = column
        self.field = field
        self.errors: list[FileProblem] = list(errors) or [(field or "", line, message)]

    def __str__(self) -> str:
        """Read as one sentence: file, line, field, then what to do."""
        where = self.path
        if self.line is not None:
            where += f", line {self.line}"
            if self.column is not None:
                where += f", column {self.column}"
        if self.field:
            where += f" ({self.field})"
        text = f"{where}: {self.message}"
        more = len(self.errors) - 1
        if more > 0:
            text += f" (and {more} more problem{'s' if more > 1 else ''})"
        return text
