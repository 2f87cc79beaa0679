"""The base of every error that means "the user must fix something", as opposed to a bug.

Each layer derives its own errors from these (a pack, a library, an agreement file, a render,
a signature), so the CLI and the GUI show any of them as one message without knowing the
layers; anything else is a defect and keeps its traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


class UserError(Exception):
    """Something the user must fix; the message says what and where."""


class FileLineError(UserError):
    """A file that cannot be used: the message names the file, the line and what to fix."""

    def __init__(self, path: Path, message: str, line: int | None = None) -> None:
        where = f"{path}, line {line}" if line else str(path)
        super().__init__(f"{where}: {message}")
        self.path = path
        self.message = message
        self.line = line

    def __reduce__(self) -> tuple[type[FileLineError], tuple[Path, str, int | None]]:
        """Pickle with the constructor's arguments (the error crosses from a layout process)."""
        return type(self), (self.path, self.message, self.line)


class RenderError(UserError):
    """A contract that cannot be produced; the message names the file, clause and line."""


USER_ERRORS: tuple[type[BaseException], ...] = (UserError, OSError)
"""What the CLI and the GUI report as one message: the user's errors and the system's."""
