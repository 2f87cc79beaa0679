"""A layout process started as the `render` command begins, loading WeasyPrint meanwhile.

The command spends about 0.3 s importing WeasyPrint and loading its fonts (writer.prepare), and
about as long importing the rest, loading the agreement and composing the contract; neither
needs the other. start() forks a process that prepares the layout at once while this one goes
on; Helper.call then hands it the writer's work (a composed contract pickles in a millisecond)
and returns its answer, or raises what it raised. The helper lays the PDF out in parts, on
every core, as any prepared process does, and exits after its one call.

Where no process can be forked (not Linux, one core, SLAEDITOR_RENDER_PARALLEL=0), or the
helper dies, the work is done in this process, as before.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
from multiprocessing import Pipe
from typing import TYPE_CHECKING, Any, TypeVar

from slaeditor.writers.pdf import parallel_layout

if TYPE_CHECKING:
    from collections.abc import Callable
    from multiprocessing.connection import Connection

T = TypeVar("T")


class Helper:
    """The layout process of one command, or none (the work is then done here)."""

    def __init__(self, pid: int = 0, connection: Connection | None = None) -> None:
        self.pid = pid
        self.connection = connection

    def call(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run function(*args, **kwargs) in the helper; here if there is none or it died."""
        connection = self.connection
        if connection is None:
            return _here(function, *args, **kwargs)
        try:
            connection.send((function, args, kwargs))
            status, value = connection.recv()
        except (EOFError, OSError):  # it died: do the work here
            self.close()
            return _here(function, *args, **kwargs)
        self.close()
        if status == "error":
            raise value
        return value  # type: ignore[no-any-return]

    def close(self) -> None:
        """End the helper (an unused one is told to stop; a stuck one is killed)."""
        if self.connection is None:
            return
        with contextlib.suppress(OSError):
            self.connection.close()
        self.connection = None
        with contextlib.suppress(ChildProcessError, OSError):
            finished, _ = os.waitpid(self.pid, os.WNOHANG)
            if not finished:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)

    def __enter__(self) -> Helper:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _here(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    from slaeditor.writers.pdf.writer import prepare

    prepare()  # its one PDF is laid out in parts at once
    return function(*args, **kwargs)


def start() -> Helper:
    """Fork the layout process now, before this process imports what composing needs."""
    if not parallel_layout.can_fork():
        return Helper()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()  # nothing buffered is written twice
    parent, child = Pipe()
    try:
        pid = os.fork()
    except OSError:  # too many processes, no memory: the work is done here
        parent.close()
        child.close()
        return Helper()
    if pid == 0:  # pragma: no cover - the helper process; coverage cannot see it
        try:  # never return into the command's code, even on a Ctrl-C right after the fork
            parent.close()
            _serve(child)
        finally:
            os._exit(1)
    child.close()
    return Helper(pid, parent)


def _serve(connection: Connection) -> None:  # pragma: no cover - runs in the helper
    """Prepare the layout, do the one call that comes, answer it and exit."""
    gc.disable()  # short-lived: its memory goes back when it exits, no cycle hunting
    from slaeditor.writers.pdf.writer import prepare

    prepare()
    try:
        function, args, kwargs = connection.recv()
    except (EOFError, OSError):  # the command ended without needing a layout
        os._exit(0)
    try:
        reply: tuple[str, Any] = ("done", function(*args, **kwargs))
    except BaseException as error:  # the command decides what it means
        reply = ("error", parallel_layout.portable(error))
    connection.send(reply)
    connection.close()
    os._exit(0)
