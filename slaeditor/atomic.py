"""Atomic file replacement: a reader sees the old file or the new one, never half of each.

Contracts and agreements are written to a temporary file in the same folder, flushed to disk
and renamed over the target; if anything fails, the target is untouched and the temporary
file is removed. A save killed before it could remove its temporary file leaves it behind;
the next save of the same file sweeps it away.
"""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator


STALE_SECONDS = 600
"""A temporary file this old belongs to no save in progress (saves take about a second)."""


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (not possible on every platform)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces target atomically."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path()
    sweep_leftovers(target)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        with temporary.open("rb+") as handle:
            os.fsync(handle.fileno())
        if target.exists():
            temporary.chmod(target.stat().st_mode & 0o777)
        else:
            temporary.chmod(0o666 & ~_umask())
        temporary.replace(target)
        _fsync_dir(folder)
    finally:
        temporary.unlink(missing_ok=True)


def sweep_leftovers(target: Path) -> None:
    """Delete the temporary files a killed save of `target` left behind.

    A process killed between creating its temporary file and renaming it leaves
    `.name.xxxx.tmp` beside the file (28 of them in a library's folder after 200 kills on a
    shared drive). Only files older than a save can take are removed, so a colleague's save
    in progress on the same share is never touched.
    """
    folder = target.parent if str(target.parent) else Path()
    cutoff = time.time() - STALE_SECONDS
    with contextlib.suppress(OSError):
        for leftover in folder.glob(f".{glob.escape(target.name)}.*.tmp"):
            with contextlib.suppress(OSError):
                if leftover.is_file() and leftover.stat().st_mtime < cutoff:
                    leftover.unlink()


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Replace target with data atomically."""
    with atomic_path(target) as temporary:
        temporary.write_bytes(data)


def _umask() -> int:
    """Read the process umask, which mkstemp's 0600 would otherwise ignore."""
    current = os.umask(0)
    os.umask(current)
    return current
