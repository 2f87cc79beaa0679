"""Read a measurements CSV file into rows that know their line, or say exactly what is wrong.

Monitoring tools and spreadsheets write these files, so the reader is strict in what it takes
and plain in what it says: an ordinary file (never a pipe or a device), UTF-8 (a byte-order
mark is fine), a header naming known columns, and every row as long as the header. A quoted
value may span lines; a row is numbered by the line it starts on, as an editor shows it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from slaeditor.errors import FileLineError
from slaeditor.model.validation_rules import plural
from slaeditor.regular_file import read_regular

if TYPE_CHECKING:
    from collections.abc import Collection
    from pathlib import Path

__all__ = ["MAX_MEASUREMENT_BYTES", "CsvRow", "cell_error", "read_rows"]

MAX_MEASUREMENT_BYTES = 200_000_000
"""A month of one-minute samples for a hundred services is far smaller; more is not one."""
_MEASUREMENTS_NEED = (
    "a header such as 'service,start,end,cause' and a row for each incident (or "
    "'service,period,uptime_percent' and a row for each service)"
)


@dataclass(frozen=True)
class CsvRow:
    """One data row: the line it starts on and its values by (lower-case) column name."""

    line: int
    values: dict[str, str]
    columns: tuple[str, ...]

    def cell(self, name: str) -> str:
        """Return the stripped value of a column, or "" when the file has no such column."""
        return self.values.get(name, "").strip()

    def column_number(self, name: str) -> int:
        """Return the 1-based position of a column, as a spreadsheet counts it."""
        return self.columns.index(name) + 1


def cell_error(path: Path, row: CsvRow, column: str, message: str) -> FileLineError:
    """Make the error for one cell: file, line, column number and name, then what to fix."""
    return FileLineError(
        path, f"column {row.column_number(column)} ({column}): {message}", row.line
    )


def read_rows(
    path: Path, known: Collection[str], needs: str = _MEASUREMENTS_NEED
) -> tuple[tuple[str, ...], list[CsvRow]]:
    """Return the header (lower case) and the data rows of a CSV file.

    Every column must be one of *known*; FileLineError names the file, the line and, for a
    cell, the column, for anything that stops the file being read. *needs* says what an
    empty file should hold.
    """
    text = _text(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise FileLineError(path, f"the header cannot be read: {error}", 1) from None
    if header is None or not any(name.strip() for name in header):
        raise FileLineError(path, f"is empty; it needs {needs}")
    columns = _columns(path, header, known)
    rows: list[CsvRow] = []
    previous = reader.line_num
    while True:
        try:
            values = next(reader, None)
        except csv.Error as error:
            raise FileLineError(
                path, f"cannot be read as CSV: {error}; check the quotes", previous + 1
            ) from None
        if values is None:
            break
        line, previous = previous + 1, reader.line_num
        if not values or not any(value.strip() for value in values):
            continue  # a blank line
        if len(values) != len(columns):
            raise FileLineError(
                path,
                f"has {plural(len(values), 'value')} but the header has "
                f"{plural(len(columns), 'column')} "
                f"({', '.join(columns)}); add the missing values or quote a value that "
                "contains a comma",
                line,
            )
        rows.append(CsvRow(line, dict(zip(columns, values, strict=True)), columns))
    return columns, rows


def _text(path: Path) -> str:
    """Read the file as UTF-8 text; FileLineError for what is not an ordinary UTF-8 file."""
    try:
        raw = read_regular(path, limit=MAX_MEASUREMENT_BYTES)
    except FileNotFoundError:
        raise FileLineError(path, "does not exist; check the folder and the file name") from None
    except OSError as error:
        raise FileLineError(path, f"cannot be read: {error.strerror or error}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileLineError(
            path,
            f"is not UTF-8 text (byte 0x{raw[error.start]:02X} cannot be read); export or "
            "save it as CSV UTF-8",
            raw[: error.start].count(b"\n") + 1,
        ) from None


def _columns(path: Path, header: list[str], known: Collection[str]) -> tuple[str, ...]:
    """Check the header: known names, each once; return them in lower case."""
    columns = tuple(name.strip().lower() for name in header)
    for number, name in enumerate(columns, start=1):
        if name not in known:
            raise FileLineError(
                path,
                f"column {number} ('{header[number - 1].strip()}') is not a column this file "
                f"can have; use {', '.join(known)}",
                1,
            )
        if columns.index(name) != number - 1:
            raise FileLineError(path, f"column {number} ('{name}') appears twice", 1)
    return columns
