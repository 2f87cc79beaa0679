"""Libraries already read, kept by the hash of their text, so a large one opens at once.

A 5,000-clause team library is 18 MB of YAML: reading it takes about a second, and the
wizard and the library manager read it at every start. What was read from a text is kept as
JSON in the user's cache folder, named by the SHA-256 of the text, so the same bytes are never
parsed twice; any other text (a colleague's save, an edit by hand) is parsed, then kept.
A cache entry that cannot be read is ignored and replaced: it is only ever a copy.
`SLAEDITOR_CACHE_DIR` moves the folder (the tests use their own).
"""

from __future__ import annotations

import contextlib
import json
from typing import TYPE_CHECKING, Any

from slaeditor import resources
from slaeditor.atomic import atomic_write_bytes
from slaeditor.clauses.records import LibraryClause

if TYPE_CHECKING:
    from pathlib import Path

KEEP = 24
"""Entries kept: the libraries one uses, and a few earlier versions of them."""
_FORMAT = 2


def cache_dir() -> Path:
    """Return the folder the parsed libraries are kept in."""
    return resources.cache_dir("libraries")


def cached(digest: str) -> tuple[str, str, list[LibraryClause], int] | None:
    """Return (name, description, clauses, comments) read earlier from a text with this hash.

    `comments` counts the comments below the top block, which a save would drop.
    """
    entry = cache_dir() / f"{digest}.json"
    try:
        data = json.loads(entry.read_bytes())
        if data.get("format") != _FORMAT:
            return None
        clauses = [_clause(item) for item in data["clauses"]]
        name, description = str(data["name"]), str(data["description"])
        comments = int(data["comments"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    with contextlib.suppress(OSError):
        entry.touch()  # recently used: kept longest
    return name, description, clauses, comments


def remember(
    digest: str, name: str, description: str, clauses: list[LibraryClause], comments: int
) -> None:
    """Keep what was read from a text; a folder that cannot be written is no error."""
    data = {
        "format": _FORMAT,
        "name": name,
        "description": description,
        "comments": comments,
        "clauses": [_plain(clause) for clause in clauses],
    }
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(folder / f"{digest}.json", json.dumps(data).encode("utf-8"))
        _prune(folder)
    except OSError:
        pass  # only slower next time


def _prune(folder: Path) -> None:
    """Drop the least recently used entries beyond KEEP."""
    entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in entries[KEEP:]:
        with contextlib.suppress(OSError):
            stale.unlink()


def _plain(clause: LibraryClause) -> dict[str, Any]:
    return clause.saved_fields() | {"lines": clause.lines}


def _clause(item: dict[str, Any]) -> LibraryClause:
    return LibraryClause(
        id=str(item["id"]),
        title=str(item["title"]),
        section=str(item["section"]),
        level=str(item["level"]),
        status=str(item["status"]),
        version=int(item["version"]),
        author=str(item["author"]),
        locale=str(item["locale"]),
        jurisdiction=str(item["jurisdiction"]),
        tags=tuple(str(tag) for tag in item["tags"]),
        guidance=str(item["guidance"]),
        variants={str(k): str(v) for k, v in item["variants"].items()},
        lines={str(k): int(v) for k, v in item["lines"].items()},
    )
