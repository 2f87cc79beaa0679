"""Short-lived layout processes: whether they may be forked here, starting and ending one.

Used by the parts of a contract laid out side by side (parallel_layout) and by the `render`
command's layout process (early_start). A forked process runs one piece of work with its end
of a pipe and leaves with os._exit, never returning into its parent's code, and dies with
the process that forked it; errors cross the pipe as they were, or as an error saying the same
(portable).
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import os
import pickle
import signal
import sys
import warnings
from multiprocessing import Pipe
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from multiprocessing.connection import Connection

PARALLEL_ENV = "SLAEDITOR_RENDER_PARALLEL"
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def can_fork() -> bool:
    """Whether this machine and setting allow layout processes (Linux, two cores or more)."""
    if os.environ.get(PARALLEL_ENV, "1").strip() in {"0", "no", "false", "off"}:
        return False
    return sys.platform.startswith("linux") and cores() >= 2


def cores() -> int:
    """Return the number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def fork_child(work: Callable[[Connection], None]) -> tuple[int, Connection]:
    """Fork a process that runs work(its end of a pipe) and exits; return its pid and our end.

    The child does not collect cycles (short-lived: its memory goes back when it exits).
    Raises OSError when no process can be made (too many processes, no memory).
    """
    libc = _libc()  # opened here, once, not in every child
    forker = os.getpid()
    parent, child = Pipe()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads (3.12)
            pid = os.fork()
    except OSError:
        parent.close()
        child.close()
        raise
    if pid == 0:  # pragma: no cover - the child process; coverage cannot see it
        try:  # never return into the caller's code, even on a Ctrl-C right after the fork
            gc.disable()
            _die_with(forker, libc)
            parent.close()
            work(child)
        finally:
            os._exit(1)
    child.close()
    return pid, parent


@functools.cache
def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def _die_with(forker: int, libc: ctypes.CDLL | None) -> None:  # pragma: no cover - in a child
    """Be killed when the process that forked this one ends, even by SIGKILL.

    Linux's parent-death signal. Without it a killed command, API user or render worker left
    its layout processes behind: each waiting for page numbers on a pipe that the others,
    forked later, still held open, and holding the killed process's own pipes open too (the
    window then never learnt that its render worker had died).
    """
    die_with_parent(signal.SIGKILL, libc)
    if os.getppid() != forker:  # it ended before the signal was asked for
        os._exit(1)


def die_with_parent(signal_number: int, libc: ctypes.CDLL | None = None) -> None:
    """Ask Linux to send this process `signal_number` when its parent ends (elsewhere: no-op).

    For a child right after the fork (here), or before it execs another program (the tests'
    X server, the bench's processes: subprocess's preexec_fn).
    """
    libc = libc or _libc()
    if libc is not None:
        with contextlib.suppress(OSError, AttributeError):
            libc.prctl(PR_SET_PDEATHSIG, signal_number)


def end_child(pid: int, connection: Connection) -> None:
    """Close our end of the pipe and end the process (killed if it still runs), reaped."""
    with contextlib.suppress(OSError):
        connection.close()
    with contextlib.suppress(ProcessLookupError, ChildProcessError, OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, 0)


def portable(error: BaseException) -> BaseException:
    """Return the error, or one saying the same, if it cannot cross the pipe.

    An exception may pickle and yet not unpickle (one whose __init__ takes other arguments
    than it passes to Exception.__init__): the parent would then get a TypeError about the
    exception's constructor instead of its message. A user's error stays a user's error (the
    command prints its message), anything else becomes a RuntimeError naming its type.
    """
    try:
        pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes, just made
    except Exception:
        from slaeditor.errors import UserError

        if isinstance(error, UserError):
            return UserError(str(error))
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error
