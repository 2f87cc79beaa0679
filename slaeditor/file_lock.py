"""A lock beside a shared file, so two people saving it at once take turns instead of racing.

A save reads the file, checks that nobody changed it since it was loaded, and writes; two
colleagues saving the same clause library on a shared drive could both pass the check and the
later write silently replaced the earlier one (73 and 47 of 150 saves each were lost while
reporting success). The lock is a file `.NAME.lock` created exclusively (O_CREAT | O_EXCL,
which network shares honour), naming its owner, machine, process and time, so a colleague who
has to wait is told who is saving. A lock left by a program that died is taken over: when its
process is gone (same machine) or when it is older than any save could take.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import secrets
import socket
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from slaeditor.processes import process_alive

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

WAIT_SECONDS = 15.0
"""How long a save waits for a colleague's save before saying who holds the file."""
STALE_SECONDS = 120.0
"""A lock this old belongs to no save in progress (saving 5,000 clauses takes under a second)."""


@dataclass(frozen=True)
class Holder:
    """Who holds a lock, as its file says."""

    user: str = "someone"
    host: str = ""
    pid: int = 0
    since: float = 0.0

    def describe(self) -> str:
        """Say who and since when, as a person reads it."""
        where = f" on {self.host}" if self.host else ""
        when = time.strftime("%H:%M:%S", time.localtime(self.since)) if self.since else "?"
        return f"{self.user}{where} (since {when})"


class FileLockTimeout(OSError):
    """Another save held the file for longer than a save waits; says who."""

    def __init__(self, target: Path, holder: Holder) -> None:
        super().__init__(f"{target}: is being saved by {holder.describe()}; try again in a moment")
        self.target = target
        self.holder = holder


def lock_path(target: Path) -> Path:
    """Return the lock file of a target: hidden, beside it, on the same share."""
    return target.with_name(f".{target.name}.lock")


@contextlib.contextmanager
def locked(target: Path, *, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the target's lock for the duration of the block (waiting for it if need be)."""
    lock = lock_path(target)
    token = _acquire(lock, target, wait)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            if lock.read_text(encoding="utf-8") == token:  # still ours: not taken over
                lock.unlink()


def _acquire(lock: Path, target: Path, wait: float) -> str:
    deadline = time.monotonic() + wait
    me = Holder(_user(), socket.gethostname(), os.getpid(), time.time())
    token = json.dumps(me.__dict__ | {"nonce": secrets.token_hex(8)})
    while True:
        try:
            descriptor = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            if _take_over_if_stale(lock):
                continue
            if time.monotonic() > deadline:
                raise FileLockTimeout(target, _holder(lock)) from None
            time.sleep(0.02 + secrets.randbelow(30) / 1000)  # spread the retries
            continue
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(token)
        return token


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment or the password database
        return "someone"


def _holder(lock: Path) -> Holder:
    try:
        data = json.loads(lock.read_text(encoding="utf-8"))
        return Holder(str(data["user"]), str(data["host"]), int(data["pid"]), float(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return Holder()


def _take_over_if_stale(lock: Path) -> bool:
    """Remove a lock whose owner died; True if it was removed (or is already gone)."""
    try:
        seen = lock.stat()
    except FileNotFoundError:
        return True
    holder = _holder(lock)
    dead = holder.host == socket.gethostname() and holder.pid and not process_alive(holder.pid)
    old = time.time() - seen.st_mtime > STALE_SECONDS
    if not (dead or old):
        return False
    with contextlib.suppress(OSError):
        now = lock.stat()
        if (now.st_ino, now.st_mtime_ns) == (seen.st_ino, seen.st_mtime_ns):  # the same lock
            lock.unlink()
    return True
