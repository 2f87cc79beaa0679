"""What the library manager does to clauses: duplicate, edit, retire, move, import, export.

Each function returns new values and writes nothing, so the window can show the result, keep
it for undo, and save with save_library (which guards against a colleague's save). Ids stay
unique within a library; a clause whose text changes goes back to draft, because only an
approved text carries a version number people rely on.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from slaeditor.clauses.library import new_library
from slaeditor.clauses.records import LibraryClause, LibraryError

if TYPE_CHECKING:
    import os
    from collections.abc import Iterable

    from slaeditor.clauses.records import Library

_SUFFIX = re.compile(r"-(\d+)$")


def unique_id(library: Library, wanted: str) -> str:
    """Return `wanted`, or `wanted-2`, `wanted-3`, ... whichever the library does not use."""
    taken = {clause.id for clause in library.clauses}
    if wanted not in taken:
        return wanted
    stem = _SUFFIX.sub("", wanted)
    number = 2
    while f"{stem}-{number}" in taken:
        number += 1
    return f"{stem}-{number}"


def _replace(library: Library, clauses: list[LibraryClause]) -> Library:
    return dataclasses.replace(library, clauses=clauses)


def add_clause(library: Library, clause: LibraryClause) -> Library:
    """Append a clause; its id must be new in this library."""
    if library.clause(clause.id) is not None:
        raise LibraryError(library.path, f"already has a clause '{clause.id}'")
    return _replace(library, [*library.clauses, clause])


def update_clause(library: Library, clause: LibraryClause) -> Library:
    """Put an edited clause in place of the one with its id; changed text makes it a draft."""
    old = library.clause(clause.id)
    if old is None:
        raise LibraryError(library.path, f"has no clause '{clause.id}'")
    if old.status == "approved" and clause.status == "approved" and clause != old:
        clause = dataclasses.replace(clause, status="draft")
    return _replace(library, [clause if c.id == clause.id else c for c in library.clauses])


def remove_clause(library: Library, clause_id: str) -> Library:
    """Delete a clause (retire it instead while agreements may still name it)."""
    if library.clause(clause_id) is None:
        raise LibraryError(library.path, f"has no clause '{clause_id}'")
    return _replace(library, [c for c in library.clauses if c.id != clause_id])


def duplicate_clause(library: Library, clause_id: str, new_id: str | None = None) -> Library:
    """Copy a clause under a new id, right after it, as a draft at version 0."""
    source = library.clause(clause_id)
    if source is None:
        raise LibraryError(library.path, f"has no clause '{clause_id}'")
    copy_id = unique_id(library, new_id or f"{clause_id}-copy")
    copy = dataclasses.replace(source, id=copy_id, status="draft", version=0, lines={})
    index = library.clauses.index(source)
    return _replace(library, [*library.clauses[: index + 1], copy, *library.clauses[index + 1 :]])


def retire_clause(library: Library, clause_id: str) -> Library:
    """Mark a clause retired: still readable for agreements that use it, no longer offered."""
    source = library.clause(clause_id)
    if source is None:
        raise LibraryError(library.path, f"has no clause '{clause_id}'")
    return update_clause(library, dataclasses.replace(source, status="retired"))


def move_clause(source: Library, target: Library, clause_id: str) -> tuple[Library, Library]:
    """Move a clause to another library, keeping its id when free; save both afterwards."""
    clause = source.clause(clause_id)
    if clause is None:
        raise LibraryError(source.path, f"has no clause '{clause_id}'")
    moved = dataclasses.replace(clause, id=unique_id(target, clause.id), lines={})
    return remove_clause(source, clause_id), add_clause(target, moved)


def import_clauses(
    target: Library, other: Library, ids: Iterable[str] | None = None, *, replace: bool = False
) -> tuple[Library, list[str]]:
    """Bring clauses of another library in; return the result and the ids skipped.

    A clause whose id the target already has is skipped, or replaces it with `replace`.
    """
    wanted = set(ids) if ids is not None else None
    clauses = list(target.clauses)
    positions = {c.id: i for i, c in enumerate(clauses)}
    skipped: list[str] = []
    for clause in other.clauses:
        if wanted is not None and clause.id not in wanted:
            continue
        incoming = dataclasses.replace(clause, lines={})
        if clause.id in positions:
            if replace:
                clauses[positions[clause.id]] = incoming
            else:
                skipped.append(clause.id)
            continue
        positions[clause.id] = len(clauses)
        clauses.append(incoming)
    return _replace(target, clauses), skipped


def export_clauses(
    library: Library,
    path: str | os.PathLike[str],
    ids: Iterable[str] | None = None,
    name: str | None = None,
) -> Library:
    """Make a new library of some (or all) clauses, for save_library to write at `path`.

    Saving refuses to replace an existing file (LibraryConflict) unless forced.
    """
    wanted = set(ids) if ids is not None else None
    exported = new_library(path, name or library.name, library.description)
    exported.clauses = [
        dataclasses.replace(c, lines={})
        for c in library.clauses
        if wanted is None or c.id in wanted
    ]
    return exported
