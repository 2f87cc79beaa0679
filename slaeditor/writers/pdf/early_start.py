"""A layout process started as the `render` command begins, loading WeasyPrint meanwhile.

The command spends about 0.3 s importing WeasyPrint and loading its fonts (writer.prepare), and
about as long importing the rest, loading the agreement and composing the contract; neither
needs the other. start() forks a process that prepares the layout at once while this one goes
on; Helper.call then hands it the writer's work (a composed contract pickles in a millisecond)
and returns its answer, or raises what it raised, with the helper's traceback attached. The
helper lays the PDF out in parts, on every core, as any prepared process does, and exits after
its one call; it dies with the command, even one killed outright.

Where no process can be forked (not Linux, one core, SLAEDITOR_RENDER_PARALLEL=0), the call
cannot be pickled, or the helper dies, the work is done in this process, as before.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import traceback
from typing import TYPE_CHECKING, Any, TypeVar

from slaeditor.writers.pdf.forking import can_fork, end_child, fork_child, portable

if TYPE_CHECKING:
    from collections.abc import Callable
    from multiprocessing.connection import Connection

T = TypeVar("T")


class LayoutProcessTraceback(Exception):
    """Where an error was raised in the layout process: attached to it as its cause."""


class Helper:
    """The layout process of one command, or none (the work is then done here)."""

    def __init__(self, pid: int = 0, connection: Connection | None = None) -> None:
        self.pid = pid
        self.connection = connection

    def call(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run function(*args, **kwargs) in the helper; here if there is none, or it died."""
        connection = self.connection
        if connection is None:
            return function(*args, **kwargs)
        try:
            message = pickle.dumps((function, args, kwargs))
        except Exception:  # something that cannot cross to the helper: do the work here
            self.close()
            return function(*args, **kwargs)
        try:
            connection.send_bytes(message)
            status, value, where = connection.recv()
        except (EOFError, OSError):  # it died: do the work here
            self.close()
            return function(*args, **kwargs)
        self.close()
        if status == "error":
            raise value from LayoutProcessTraceback(where)
        return value  # type: ignore[no-any-return]

    def close(self) -> None:
        """End the helper (an unused one is told to stop; a stuck one is killed)."""
        if self.connection is not None:
            end_child(self.pid, self.connection)
            self.connection = None

    def __enter__(self) -> Helper:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def start() -> Helper:
    """Fork the layout process now, before this process imports what composing needs."""
    if not can_fork():
        return Helper()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()  # nothing buffered is written twice
    try:
        pid, connection = fork_child(_serve)
    except OSError:  # too many processes, no memory: the work is done here
        return Helper()
    return Helper(pid, connection)


def _serve(connection: Connection) -> None:  # pragma: no cover - runs in the helper
    """Prepare the layout, do the one call that comes, answer it and exit."""
    from slaeditor.writers.pdf.writer import prepare, warm

    prepare()
    if not connection.poll(0):  # the contract is still being composed: time to spare
        warm()
    try:
        function, args, kwargs = pickle.loads(connection.recv_bytes())  # noqa: S301 - ours
    except (EOFError, OSError):  # the command ended without needing a layout
        os._exit(0)
    try:
        reply: tuple[str, Any, str] = ("done", function(*args, **kwargs), "")
    except BaseException as error:  # the command decides what it means
        reply = ("error", portable(error), traceback.format_exc())
    connection.send(reply)
    connection.close()
    os._exit(0)
