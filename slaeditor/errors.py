"""The exceptions that mean "the user must fix something", as opposed to a bug.

The CLI and the GUI show these as one message; anything else is a defect and keeps its traceback.
"""

from __future__ import annotations

from slaeditor.clauses.pack import PackError
from slaeditor.clauses.records import LibraryConflict, LibraryError
from slaeditor.render.compose import RenderError
from slaeditor.signing import SigningError
from slaeditor.storage import AgreementFileError


def _writer_errors() -> tuple[type[Exception], ...]:
    """Import the writers' error types without importing WeasyPrint or docxtpl."""
    from slaeditor.render.docx import DocxSkeletonError
    from slaeditor.render.pdf import SkeletonError

    return DocxSkeletonError, SkeletonError


USER_ERRORS: tuple[type[BaseException], ...] = (
    AgreementFileError,
    PackError,
    LibraryError,
    LibraryConflict,
    RenderError,
    SigningError,
    OSError,
    *_writer_errors(),
)
