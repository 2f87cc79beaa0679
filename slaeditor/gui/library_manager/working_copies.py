"""The library manager's working copies: every library of the set, edited in memory until Save.

The manager never edits the LibrarySet the wizard reads (it is cached and shared); it keeps its
own copy of each library (a "shelf": the library, its kind, whether it has unsaved changes) and
writes a shelf only when the user saves, through save_library, which refuses to overwrite a
colleague's save. Files that do not parse are kept as errors only, so they are never written.
Qt-free, so the operations are tested without widgets; the window turns them into actions.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from slaeditor.clauses.library import (
    Library,
    LibraryClause,
    LibraryError,
    load_library,
    new_library,
)

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from slaeditor.clauses.library_set import LibrarySet

KIND_WORDS = {"personal": "personal", "team": "team", "pack": "template pack, read-only"}
PACK_READ_ONLY = (
    "This clause belongs to the template pack's own library, which is read-only here. "
    "Use “Duplicate to my library” to make your own copy you can edit."
)


@dataclass
class Shelf:
    """One library as the manager holds it."""

    kind: str
    library: Library
    modified: bool = False
    fresh: set[str] = field(default_factory=set)
    """Ids of clauses added since the file was read or saved: their ids follow their titles.

    Once a clause is in the file, agreements may refer to its id, so the id is kept.
    """

    @property
    def read_only(self) -> bool:
        """The pack's library is changed by editing the pack, not in the GUI."""
        return self.kind == "pack"

    @property
    def path(self) -> Path:
        """The library's file."""
        return self.library.path

    @property
    def label(self) -> str:
        """The library's name and kind, as the list and the menus show it."""
        return f"{self.library.name} ({KIND_WORDS.get(self.kind, self.kind)})"

    def ids(self) -> set[str]:
        """Return the clause ids in this library."""
        return {clause.id for clause in self.library.clauses}

    def free_id(self, wanted: str) -> str:
        """Return wanted, or wanted-2, wanted-3… whichever this library does not have yet."""
        taken = self.ids()
        candidate, number = wanted, 2
        while candidate in taken:
            candidate, number = f"{wanted}-{number}", number + 1
        return candidate


@dataclass
class WorkingSet:
    """The shelves in precedence order (personal, team in order, pack) and the broken files."""

    shelves: list[Shelf]
    errors: list[LibraryError] = field(default_factory=list)
    _haystacks: dict[int, tuple[LibraryClause, str]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_library_set(cls, library_set: LibrarySet, personal: Path) -> WorkingSet:
        """Copy the set's libraries (so edits never reach the wizard's cache) and its errors."""
        shelves = [
            Shelf(
                library_set.source_of(library).kind,
                dataclasses.replace(library, clauses=list(library.clauses)),
            )
            for library in library_set.libraries
        ]
        broken = {error.path for error in library_set.errors}
        if personal not in broken and all(shelf.kind != "personal" for shelf in shelves):
            shelves.insert(0, Shelf("personal", new_library(personal, "Personal")))
        return cls(shelves, list(library_set.errors))

    # --- looking -------------------------------------------------------------------------

    def shelf(self, path: Path) -> Shelf | None:
        """Return the shelf of a library file."""
        return next((shelf for shelf in self.shelves if shelf.path == path), None)

    def editable(self) -> list[Shelf]:
        """Return the libraries the GUI may write."""
        return [shelf for shelf in self.shelves if not shelf.read_only]

    def winner(self, clause_id: str) -> Shelf | None:
        """Return the library whose clause of this id the wizard uses (the first one)."""
        return next((s for s in self.shelves if s.library.clause(clause_id) is not None), None)

    def conflicts(self) -> dict[str, list[Shelf]]:
        """Return ids held by more than one library, with the libraries in precedence order."""
        holders: dict[str, list[Shelf]] = {}
        for shelf in self.shelves:
            for clause in shelf.library.clauses:
                holders.setdefault(clause.id, []).append(shelf)
        return {key: found for key, found in holders.items() if len(found) > 1}

    def tags(self) -> list[str]:
        """Return every tag used, sorted."""
        found = {tag for s in self.shelves for clause in s.library.clauses for tag in clause.tags}
        return sorted(found, key=str.casefold)

    def matches(
        self, text: str = "", section: str = "", tag: str = ""
    ) -> list[tuple[Shelf, LibraryClause]]:
        """Return the clauses with every word typed (title, id, text, tags), section and tag."""
        words = text.casefold().split()
        found = []
        for shelf in self.shelves:
            for clause in shelf.library.clauses:
                if section and clause.section != section:
                    continue
                if tag and tag not in clause.tags:
                    continue
                if words and not all(word in self._haystack(clause) for word in words):
                    continue
                found.append((shelf, clause))
        return found

    def _haystack(self, clause: LibraryClause) -> str:
        """Return the clause's searchable text, lower-cased once per clause version."""
        found = self._haystacks.get(id(clause))
        if found is None or found[0] is not clause:  # a clause is frozen: a new one, a new text
            found = (clause, _haystack(clause))
            self._haystacks[id(clause)] = found
        return found[1]

    def modified(self) -> list[Shelf]:
        """Return the libraries with unsaved changes."""
        return [shelf for shelf in self.shelves if shelf.modified]

    # --- changing ------------------------------------------------------------------------

    def put(self, shelf: Shelf, clause: LibraryClause, *, replacing: str | None = None) -> None:
        """Add a clause, or replace the clause with id `replacing` (its position is kept)."""
        _refuse_read_only(shelf)
        clauses = shelf.library.clauses
        index = next((i for i, c in enumerate(clauses) if c.id == replacing), None)
        if clause.id != replacing and clause.id in shelf.ids():
            raise ValueError(f"{shelf.library.name} already has a clause “{clause.id}”.")
        if index is None:
            clauses.append(clause)
        else:
            clauses[index] = clause
        if replacing in shelf.fresh:
            shelf.fresh.discard(replacing)
            shelf.fresh.add(clause.id)
        shelf.modified = True

    def remove(self, shelf: Shelf, clause_id: str) -> None:
        """Take a clause out of a library (it is saved without it)."""
        _refuse_read_only(shelf)
        shelf.library.clauses[:] = [c for c in shelf.library.clauses if c.id != clause_id]
        shelf.modified = True

    def copy_to(self, clauses: Iterable[LibraryClause], target: Shelf) -> list[str]:
        """Copy clauses into a library as they are; returns the ids that clashed.

        A clause whose id the target already has is not copied (the user renames one first),
        because silently renaming would break the agreements that chose it by id.
        """
        clashed = []
        for clause in clauses:
            if clause.id in target.ids():
                clashed.append(clause.id)
                continue
            self.put(target, clause)
        return clashed

    def move_to(self, source: Shelf, clause_ids: list[str], target: Shelf) -> list[str]:
        """Move clauses between libraries (both change); returns the ids that clashed."""
        _refuse_read_only(source)
        clauses = [c for c in source.library.clauses if c.id in clause_ids]
        clashed = self.copy_to(clauses, target)
        for clause in clauses:
            if clause.id not in clashed:
                self.remove(source, clause.id)
        return clashed

    def reload(self, shelf: Shelf, library: Library | None = None) -> None:
        """Replace a shelf's copy with the file as it is now (or as given), dropping edits."""
        fresh = library if library is not None else load_library(shelf.path)
        shelf.library = dataclasses.replace(fresh, clauses=list(fresh.clauses))
        shelf.modified = False
        shelf.fresh.clear()


def new_clause(clause_id: str, section: str) -> LibraryClause:
    """Return the clause "Add" starts from: a draft with one empty standard variant."""
    return LibraryClause(
        id=clause_id,
        title="New clause",
        section=section,
        level="corporate",
        status="draft",
        version=1,
        variants={"standard": ""},
    )


def duplicate(clause: LibraryClause, clause_id: str, *, retitle: bool) -> LibraryClause:
    """Return a copy as a draft of version 1: it has not been approved as itself yet."""
    title = f"{clause.title} (copy)" if retitle else clause.title
    return dataclasses.replace(clause, id=clause_id, status="draft", version=1, title=title)


def _refuse_read_only(shelf: Shelf) -> None:
    if shelf.read_only:
        raise ValueError(f"{shelf.library.name} is the template pack's library; it is read-only.")


def _haystack(clause: LibraryClause) -> str:
    parts = [clause.id, clause.title, " ".join(clause.tags), *clause.variants.values()]
    return "\n".join(parts).casefold()
