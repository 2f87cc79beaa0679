"""Several clause libraries at once: personal, team and the template pack's, in that order.

The same clause id may exist in two libraries (a team copy of a pack clause, a personal edit
of a team clause). The first library in precedence order wins, and the others' copies are kept
and marked `shadowed`, so the drafter sees the conflict instead of a silently hidden clause.
A library file that does not parse is listed in `errors` and never touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from slaeditor.clauses.library import load_library, new_library
from slaeditor.clauses.records import LibraryError

if TYPE_CHECKING:
    import os
    from collections.abc import Iterable, Sequence

    from slaeditor.clauses.records import Library, LibraryClause

KINDS = ("personal", "team", "pack")
PERSONAL_NAME = "Personal"


@dataclass(frozen=True)
class LibrarySource:
    """Where a library comes from; the pack's own library is read-only."""

    kind: str  # "pack" | "personal" | "team"
    path: Path

    @property
    def writable(self) -> bool:
        """Tell whether the application saves to this library (never to a template pack)."""
        return self.kind != "pack"


@dataclass(frozen=True, eq=False)
class Entry:
    """A clause as offered to the drafter: its library, and whether an earlier one hides it.

    Compared by identity, so an entry can be a dict key or a list item's data in the GUI.
    """

    library: Library
    clause: LibraryClause
    shadowed: bool = False


@dataclass(frozen=True, eq=False)
class Conflict:
    """A clause id found in several libraries; the first (in precedence order) is used."""

    clause_id: str
    libraries: list[Library] = field(default_factory=list)


def personal_library_path() -> Path:
    """Return the user's own library file (it is created on first save)."""
    from platformdirs import user_data_path

    return user_data_path("slaeditor", "SLA Editor") / "libraries" / "personal.clauses.yaml"


def default_sources(
    pack_path: Path, team_paths: Iterable[str | os.PathLike[str]] = ()
) -> list[LibrarySource]:
    """List the libraries a drafter uses: personal, the team ones in order, then the pack's.

    `pack_path` is the template pack folder (its clauses.yaml is the pack's library).
    """
    pack_file = pack_path / "clauses.yaml" if pack_path.is_dir() else pack_path
    return [
        LibrarySource("personal", personal_library_path()),
        *(LibrarySource("team", Path(p)) for p in team_paths),
        LibrarySource("pack", pack_file),
    ]


def _order(sources: Iterable[LibrarySource]) -> list[LibrarySource]:
    """Sort sources by kind, keeping the given order within a kind (team precedence)."""
    return sorted(sources, key=lambda s: KINDS.index(s.kind))


class LibrarySet:
    """The libraries in use, with search over all of them and their conflicts."""

    def __init__(self, sources: Sequence[LibrarySource]) -> None:
        self.sources = _order(sources)
        self.libraries: list[Library] = []
        self.errors: list[LibraryError] = []
        self._by_path: dict[Path, LibrarySource] = {}
        for source in self.sources:
            library = self._load(source)
            if library is not None:
                self.libraries.append(library)
                self._by_path[library.path] = source
        self._index()

    @staticmethod
    def _read(source: LibrarySource) -> Library:
        """Load one source; a personal library that does not exist yet starts empty."""
        if source.kind == "personal" and not source.path.exists():
            return new_library(source.path, PERSONAL_NAME)
        return load_library(source.path)

    def _load(self, source: LibrarySource) -> Library | None:
        try:
            return self._read(source)
        except LibraryError as error:
            self.errors.append(error)
            return None

    def _index(self) -> None:
        """Build the entries, shadowing and the lower-cased search text once per change."""
        seen: set[str] = set()
        entries: list[Entry] = []
        haystacks: list[str] = []
        titles: list[str] = []
        for library in self.libraries:
            for clause in library.clauses:
                entries.append(Entry(library, clause, clause.id in seen))
                seen.add(clause.id)
                titles.append(clause.title.casefold())
                haystacks.append(
                    "\n".join(
                        (clause.title, clause.id, " ".join(clause.tags), *clause.variants.values())
                    ).casefold()
                )
        self._entries = entries
        self._haystacks = haystacks
        self._titles = titles

    def source_of(self, library: Library) -> LibrarySource:
        """Return where a library came from (to know whether it may be saved)."""
        return self._by_path[library.path]

    def entries(self, section: str | None = None, tag: str | None = None) -> list[Entry]:
        """Every clause in precedence order, optionally of one section or with one tag."""
        return [e for e in self._entries if _matches(e.clause, section, tag)]

    def search(self, text: str, section: str | None = None, tag: str | None = None) -> list[Entry]:
        """Find clauses whose title, id, tags or text contain every word typed (any case).

        Clauses whose title has every word come first; otherwise precedence order is kept.
        """
        words = text.casefold().split()
        if not words:
            return self.entries(section, tag)
        in_title: list[Entry] = []
        in_text: list[Entry] = []
        for entry, haystack, title in zip(
            self._entries, self._haystacks, self._titles, strict=True
        ):
            if all(word in haystack for word in words) and _matches(entry.clause, section, tag):
                (in_title if all(word in title for word in words) else in_text).append(entry)
        return in_title + in_text

    def conflicts(self) -> list[Conflict]:
        """List clause ids that several libraries define, with those libraries in order."""
        holders: dict[str, list[Library]] = {}
        for entry in self._entries:
            holders.setdefault(entry.clause.id, []).append(entry.library)
        return [Conflict(cid, libs) for cid, libs in holders.items() if len(libs) > 1]

    def find(self, library_name: str, clause_id: str) -> Entry | None:
        """Return a clause of the named library (the first library of that name)."""
        for entry in self._entries:
            if entry.library.name == library_name and entry.clause.id == clause_id:
                return entry
        return None

    def library(self, name: str) -> Library | None:
        """Return the first library with this name."""
        return next((lib for lib in self.libraries if lib.name == name), None)

    def tags(self) -> list[str]:
        """Every tag used, sorted, for a tag filter."""
        return sorted({tag for entry in self._entries for tag in entry.clause.tags})

    def replace(self, library: Library) -> None:
        """Put a library back after it was edited and saved (matched by path)."""
        for index, current in enumerate(self.libraries):
            if current.path == library.path:
                self.libraries[index] = library
                self._index()
                return
        raise KeyError(f"no library from {library.path} in this set")

    def reload(self, path: str | os.PathLike[str]) -> Library | None:
        """Read a library again from disk (a colleague saved it); None if it no longer parses."""
        target = Path(path)
        source = next((s for s in self.sources if s.path == target), None)
        if source is None:
            raise KeyError(f"no library from {target} in this set")
        self.errors = [e for e in self.errors if e.path != target]
        library = self._load(source)
        position = [s.path for s in self.sources].index(target)
        self.libraries = [lib for lib in self.libraries if lib.path != target]
        if library is not None:
            earlier = sum(1 for lib in self.libraries if self._position(lib) < position)
            self.libraries.insert(earlier, library)
            self._by_path[library.path] = source
        self._index()
        return library

    def _position(self, library: Library) -> int:
        return [s.path for s in self.sources].index(library.path)


def _matches(clause: LibraryClause, section: str | None, tag: str | None) -> bool:
    return (section is None or clause.section == section) and (tag is None or tag in clause.tags)
