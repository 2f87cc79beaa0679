"""Clause libraries: load, check, approve and save the approved clauses a team shares.

A library is one YAML file (`NAME.clauses.yaml`) on a shared drive or in a Git repository, so
saving is atomic and never overwrites a colleague's save silently: the file's bytes are
stamped when read, and a save finds out whether they still are what was read. A file that does
not parse is reported with its line and left untouched. See docs/clause-libraries.md.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from slaeditor.atomic import atomic_write_bytes
from slaeditor.clauses import library_cache
from slaeditor.clauses.checks import check_body, check_clause
from slaeditor.clauses.library_file import (
    clause_text,
    inner_comments,
    library_text,
    preamble_of,
    read_library_text,
)
from slaeditor.clauses.records import (
    LEVELS,
    SECTIONS,
    STATUSES,
    ClauseChange,
    FileStamp,
    Library,
    LibraryClause,
    LibraryConflict,
    LibraryError,
)
from slaeditor.file_lock import FileLockTimeout, locked
from slaeditor.regular_file import read_regular
from slaeditor.templating.hostile import ClauseProblem

if TYPE_CHECKING:
    import os

__all__ = [
    "LEVELS",
    "SECTIONS",
    "STATUSES",
    "ClauseChange",
    "ClauseProblem",
    "FileStamp",
    "Library",
    "LibraryClause",
    "LibraryConflict",
    "LibraryError",
    "approve",
    "changes_between",
    "check_body",
    "check_clause",
    "dump_library",
    "library_from_text",
    "load_library",
    "merge_library",
    "new_library",
    "save_library",
]

MAX_FILE_BYTES = 100_000_000
"""A 5,000-clause library is about 8 MB; anything far larger is not a library."""


def _read_bytes(path: Path) -> tuple[bytes, FileStamp]:
    """Read a file and stamp what was read; OS errors become messages saying what to do."""
    try:
        info = path.stat()
        if info.st_size > MAX_FILE_BYTES:
            raise LibraryError(path, f"is {info.st_size // 1_000_000} MB, too large for a library")
        data = read_regular(path, limit=MAX_FILE_BYTES)
    except FileNotFoundError:
        raise LibraryError(path, "does not exist; check the folder and the file name") from None
    except IsADirectoryError:
        raise LibraryError(path, "is a folder, not a library file") from None
    except PermissionError:
        raise LibraryError(path, "cannot be read: permission denied") from None
    except OSError as error:
        raise LibraryError(path, f"cannot be read: {error.strerror or error}") from None
    stamp = FileStamp(len(data), info.st_mtime_ns, hashlib.sha256(data).hexdigest())
    return data, stamp


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LibraryError(
            path,
            f"is not UTF-8 text (byte 0x{data[error.start]:02X} cannot be read); save it as "
            "UTF-8 in your editor",
            data[: error.start].count(b"\n") + 1,
        ) from None


def library_from_text(
    path: Path, text: str, stamp: FileStamp | None = None, sections: tuple[str, ...] = SECTIONS
) -> Library:
    """Build a library from its file text (the loader; also used for text not yet on disk).

    A text read before (the same bytes, the same allowed sections) comes from the cache of
    parsed libraries; anything else is read by the YAML reader and then kept there.
    """
    digest = hashlib.sha256(("\0".join(sections) + "\0" + text).encode("utf-8")).hexdigest()
    preamble = preamble_of(text)
    found = library_cache.cached(digest)
    if found is None:
        name, description, clauses = read_library_text(path, text, sections)
        comments = inner_comments(text, preamble, description, clauses)
        library_cache.remember(digest, name, description, clauses, comments)
    else:
        name, description, clauses, comments = found
    library = Library(
        path=path,
        name=name or _name_from(path),
        description=description,
        clauses=clauses,
        stamp=stamp,
        preamble=preamble,
        base=tuple(clauses),
    )
    library.dropped_comments = comments
    return library


def _name_from(path: Path) -> str:
    """Name a library without a header after its file: team.clauses.yaml → team."""
    return path.name.split(".")[0] or path.name


def load_library(path: str | os.PathLike[str], sections: tuple[str, ...] = SECTIONS) -> Library:
    """Read a library file; any problem raises LibraryError naming the file and line."""
    target = Path(path)
    data, stamp = _read_bytes(target)
    return library_from_text(target, _decode(target, data), stamp, sections)


def new_library(path: str | os.PathLike[str], name: str, description: str = "") -> Library:
    """Start a library that exists only in memory until it is saved (the file is created then)."""
    return Library(path=Path(path), name=name, description=description)


def dump_library(library: Library) -> str:
    """Return the canonical text: saving unchanged data gives the identical file."""
    return library_text(library)


def changes_between(
    before: tuple[LibraryClause, ...] | list[LibraryClause],
    after: tuple[LibraryClause, ...] | list[LibraryClause],
) -> list[ClauseChange]:
    """List clauses added, removed or changed from one version to another, with diffs."""
    old = {c.id: c for c in before}
    new = {c.id: c for c in after}
    changes: list[ClauseChange] = []
    for clause_id in [*old, *(i for i in new if i not in old)]:
        first, second = old.get(clause_id), new.get(clause_id)
        if first == second:
            continue
        kind = "added" if first is None else "removed" if second is None else "changed"
        a = clause_text(first).splitlines(keepends=True) if first else []
        b = clause_text(second).splitlines(keepends=True) if second else []
        diff = "".join(difflib.unified_diff(a, b, "before", "after", n=2))
        changes.append(ClauseChange(clause_id, kind, diff))
    return changes


def save_library(library: Library, *, force: bool = False) -> Library:
    """Write atomically and return the library with its new stamp.

    If the file is no longer what was loaded (or exists though this library is new), nothing
    is written and LibraryConflict says what the other writer changed, unless `force`. A file
    that does not parse is never replaced, forced or not.
    """
    path = library.path
    if path.is_symlink():
        path = path.resolve()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with locked(path):  # colleagues saving the same file take turns, none is lost
            payload = _check_and_write(library, path, force=force)
            info = path.stat()
    except FileLockTimeout as error:
        raise LibraryError(
            path, f"is being saved by {error.holder.describe()}; try again in a moment"
        ) from None
    except OSError as error:
        raise LibraryError(
            path, f"could not be saved: {error.strerror or error}; the file is unchanged"
        ) from None
    stamp = FileStamp(len(payload), info.st_mtime_ns, hashlib.sha256(payload).hexdigest())
    return dataclasses.replace(
        library, stamp=stamp, base=tuple(library.clauses), dropped_comments=0
    )


def _check_and_write(library: Library, path: Path, *, force: bool) -> bytes:
    """Write the library unless the file changed since it was loaded (then LibraryConflict)."""
    if path.exists():
        data, stamp = _read_bytes(path)
        if library.stamp is None or stamp.sha256 != library.stamp.sha256:
            try:
                theirs = library_from_text(library.path, _decode(path, data), stamp)
            except LibraryError as error:
                raise LibraryError(
                    path,
                    "was changed on disk and no longer reads as a library "
                    f"({error}); it was not replaced — fix it or save elsewhere",
                ) from None
            if not force:
                raise LibraryConflict(
                    library.path, theirs, changes_between(library.base, theirs.clauses)
                )
    payload = dump_library(library).encode("utf-8")
    atomic_write_bytes(path, payload)
    return payload


def merge_library(mine: Library, theirs: Library) -> tuple[Library, list[str]]:
    """Combine my unsaved edits with a colleague's saved ones, clause by clause.

    Clauses only one side changed take that side's version; a clause both changed keeps mine
    and its id is returned, for the user to look at. The header (name, description) is mine.
    The result carries their stamp, so saving it overwrites nothing unseen.
    """
    base = {c.id: c for c in mine.base}
    my = {c.id: c for c in mine.clauses}
    their = {c.id: c for c in theirs.clauses}
    both: list[str] = []
    merged: list[LibraryClause] = []
    order = [*(c.id for c in theirs.clauses), *(i for i in my if i not in their)]
    for clause_id in order:
        old, a, b = base.get(clause_id), my.get(clause_id), their.get(clause_id)
        if a == old:
            chosen = b  # only they changed it (or nobody did)
        elif b == old:
            chosen = a  # only I changed it
        else:
            chosen = a
            if a != b:
                both.append(clause_id)
        if chosen is not None:
            merged.append(chosen)
    result = dataclasses.replace(
        mine, clauses=merged, stamp=theirs.stamp, preamble=theirs.preamble, base=theirs.base
    )
    return result, both


def approve(clause: LibraryClause) -> LibraryClause:
    """Mark a clause approved with the next version number; an invalid clause cannot be."""
    problems = check_clause(clause)
    if problems:
        listed = "; ".join(str(p) for p in problems)
        raise LibraryError(Path(clause.id), f"cannot be approved: {listed}")
    return dataclasses.replace(clause, status="approved", version=clause.version + 1)
