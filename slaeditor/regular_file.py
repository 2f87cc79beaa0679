"""Read a file only when it is an ordinary file of bounded size: never a pipe, a device or a link.

Agreements, libraries and template packs arrive in shared folders, e-mails and archives. A
pipe (FIFO) named clauses.yaml blocks a read forever; a device such as /dev/zero behind an
ordinary name reads until memory runs out; and a hard link inside a pack folder is a second
name for a file anywhere on the same disk, which no path check (resolve, realpath) can see, so
a stylesheet or a picture "of the pack" could carry a private file into a contract. Files are
opened without blocking and checked by what they are (fstat) before a byte is read.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


class UnsafeFileError(OSError):
    """A file that is not an ordinary file, or a hard link where only the file itself may be.

    An OSError, so every reader's existing "cannot be read: <reason>" message applies; its
    reason (strerror) says what the file is and what to do.
    """

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(errno.EINVAL, reason, str(path))


def check_regular(path: Path, *, single_link: bool = False) -> None:
    """Refuse what is not an ordinary file (and, with single_link, a hard-linked one)."""
    _judge(path, path.stat(), single_link)


def read_regular(path: Path, *, limit: int, single_link: bool = False) -> bytes:
    """Return the bytes of an ordinary file of at most `limit` bytes; raise OSError otherwise."""
    descriptor = os.open(path, _OPEN_FLAGS)
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        _judge(path, info, single_link)
        if info.st_size > limit:
            raise UnsafeFileError(path, f"it is {info.st_size:,} bytes, more than {limit:,}")
        data = handle.read(limit + 1)
    if len(data) > limit:  # grew while it was read
        raise UnsafeFileError(path, f"it is more than {limit:,} bytes")
    return data


def _judge(path: Path, info: os.stat_result, single_link: bool) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "it is a folder", str(path))
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeFileError(
            path,
            "it is not an ordinary file but a pipe, a device or a socket; replace it with "
            "the file itself",
        )
    if single_link and info.st_nlink > 1:
        raise UnsafeFileError(
            path,
            "it is a hard link, a second name for a file that may lie anywhere on this disk; "
            "put a copy of the file in the template pack instead",
        )
