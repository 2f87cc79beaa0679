"""The data of a clause library: clauses, libraries, file stamps, and their errors.

Plain frozen dataclasses rather than pydantic models: a shared library may hold thousands of
clauses, and building them must stay cheap (the 5,000-clause library loads in well under half
a second). The checks that pydantic would do are made once, by the loader, with file lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from slaeditor.errors import FileLineError, UserError

if TYPE_CHECKING:
    from pathlib import Path

LEVELS = ("corporate", "customer", "service")
"""The level of a multi-level agreement a clause applies to (DOMAIN.md §1)."""

STATUSES = ("draft", "approved", "retired")

SECTIONS = (
    "parties",
    "term",
    "definitions",
    "scope",
    "service-hours",
    "service-levels",
    "measurement",
    "credits",
    "chronic-failure",
    "exclusions",
    "customer-obligations",
    "support",
    "escalation",
    "on-site",
    "scaling",
    "reporting",
    "changes",
    "signatures",
)
"""The contract's sections in the order contracts use (DOMAIN.md §2; the standard outline)."""


class LibraryError(FileLineError):
    """A clause library file that cannot be used."""


CLAUSE_FIELDS = (  # a library file's clause fields, in the order it writes them
    "id",
    "title",
    "section",
    "level",
    "status",
    "version",
    "author",
    "locale",
    "jurisdiction",
    "tags",
    "guidance",
    "variants",
)


@dataclass(frozen=True)
class LibraryClause:
    """One clause with its variants; `lines` (not saved, not compared) locate each body."""

    id: str
    title: str
    section: str
    level: str = "corporate"
    status: str = "draft"
    version: int = 0
    author: str = ""
    locale: str = ""
    jurisdiction: str = ""
    tags: tuple[str, ...] = ()
    guidance: str = ""
    variants: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def line(self) -> int | None:
        """The file line of the clause's first body, if it was read from a file."""
        return min(self.lines.values()) if self.lines else None

    def saved_fields(self) -> dict[str, Any]:
        """Return what a library file holds of the clause, as plain data, in the file's order."""
        data = {name: getattr(self, name) for name in CLAUSE_FIELDS}
        return data | {"tags": list(self.tags), "variants": dict(self.variants)}


@dataclass(frozen=True)
class FileStamp:
    """What a library file held when it was read, to notice a colleague's save since then."""

    size: int
    mtime_ns: int
    sha256: str


@dataclass
class Library:
    """A library file as loaded (or new): its header, clauses and the stamp of its bytes.

    `base` keeps the clauses as they were read, so a conflicting save can say what the other
    writer changed and a merge can keep both sides' edits. `preamble` is the comment block at
    the top of the file, written back unchanged; other comments are not kept, and
    `dropped_comments` counts them so a window can ask before a save removes them.
    """

    path: Path
    name: str
    description: str = ""
    clauses: list[LibraryClause] = field(default_factory=list)
    stamp: FileStamp | None = None
    preamble: str = ""
    base: tuple[LibraryClause, ...] = field(default=(), compare=False, repr=False)
    dropped_comments: int = field(default=0, compare=False, repr=False)

    def clause(self, clause_id: str) -> LibraryClause | None:
        """Return the clause with this id, or None."""
        return next((c for c in self.clauses if c.id == clause_id), None)


@dataclass(frozen=True)
class ClauseChange:
    """A clause that differs between two versions of a library file."""

    clause_id: str
    kind: str  # "added" | "removed" | "changed"
    diff: str


class LibraryConflict(UserError):
    """The file changed on disk since it was loaded; nothing was written."""

    def __init__(self, path: Path, theirs: Library, changes: list[ClauseChange]) -> None:
        listed = ", ".join(f"{c.clause_id} ({c.kind})" for c in changes[:5]) or "its header"
        if len(changes) > 5:
            listed += f" and {len(changes) - 5} more"
        super().__init__(
            f"{path}: was changed by someone else since it was opened ({listed}); nothing was "
            "saved — reload it, merge the changes, or save over them"
        )
        self.path = path
        self.theirs = theirs
        self.changes = changes
