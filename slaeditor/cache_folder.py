"""The user's cache folders: private to the user, and bounded.

Everything kept in them can be made again (compiled templates, facts of earlier layouts), but
what is read back steers this program (compiled code runs), so a folder is used only while it
belongs to this user and no one else may write to it, and each keeps its most recently used
entries only.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import time
from pathlib import Path
from typing import Any

ABANDONED_SECONDS = 600
"""A half-written entry (its writer was killed) older than this is removed when pruning."""
MAX_JSON_BYTES = 1_000_000
"""A JSON entry is small; one larger than this is not read."""


def private(folder: Path) -> bool:
    """Make the folder (0700) if need be; tell whether it is this user's alone."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(mode=0o700, exist_ok=True)
        found = folder.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(found.st_mode):
        return False
    if not hasattr(os, "getuid"):  # Windows: the user's own profile folder
        return True
    return found.st_uid == os.getuid() and not found.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def prune(folder: Path, keep: int, suffix: str) -> None:
    """Drop the least recently used entries (`suffix`) beyond `keep`, and abandoned ones.

    An entry is written as `<name><suffix>.tmp` and renamed; one left half-written by a
    killed writer is removed once it is ABANDONED_SECONDS old.
    """
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    kept = [entry for entry in entries if entry.name.endswith(suffix)]
    torn = [entry for entry in entries if suffix in entry.name and entry.name.endswith(".tmp")]
    old = time.time() - ABANDONED_SECONDS
    stale = [entry for entry in torn if used(entry) < old]
    if len(kept) > keep:
        kept.sort(key=used, reverse=True)
        stale += kept[keep:]
    for entry in stale:
        with contextlib.suppress(OSError):
            Path(entry.path).unlink()


def used(entry: os.DirEntry[str]) -> float:
    """Return when an entry was last used (written, or touched when read)."""
    try:
        return entry.stat().st_mtime
    except OSError:
        return 0.0


def read_json(path: Path) -> Any:
    """Return a JSON entry's value, or None if it cannot be read, is too large or is not JSON."""
    try:
        with path.open("rb") as entry:
            text = entry.read(MAX_JSON_BYTES + 1)
        return json.loads(text) if len(text) <= MAX_JSON_BYTES else None
    except (OSError, ValueError, RecursionError):
        return None


def write_json(path: Path, value: Any) -> bool:
    """Write a JSON entry whole (a temporary file renamed over it), or not at all."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        partial.write_text(json.dumps(value, separators=(",", ":")), encoding="utf-8")
        partial.replace(path)
    except (OSError, TypeError, ValueError):
        with contextlib.suppress(OSError):
            partial.unlink()
        return False
    return True
