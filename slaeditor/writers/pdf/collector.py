"""Lay a document out and write it without Python's cycle collector running meanwhile.

WeasyPrint makes hundreds of thousands of objects for a contract (boxes, computed styles, text
runs). Python's cycle collector looks at the newest objects every 700 or so made, at older ones
every tenth time, and at every object of the process now and then, when enough have reached the
oldest generation: in a warm process laying the telecom contract out in one pass that was ~1,550
collections per export (1,408 of the newest generation), 11 of them over the whole process, ~350
ms of ~2,000. So the collector is paused while a document is laid out and written; once on again
it finds the document's cycles in one collection of the newest generation (up to ~130 ms for the
telecom contract) instead of walking the process a dozen times. The price is memory: the cycles
are kept until then (the render worker's previews of the 100-service agreement in one pass peak
at ~313 MiB instead of ~307; the `render` command, which runs without the collector, at ~298 MiB
instead of ~231). The pause holds for the whole process, every thread.

This is the path of every export and preview on macOS and Windows (no layout processes there),
on a machine with one core, with SLAEDITOR_RENDER_PARALLEL=0, and of a contract laid out in one
pass after a part process failed. The part processes and the command's layout process run
without the collector altogether (forking.fork_child), and so does the `render` command's own
process (cli.main): all are short-lived, their memory goes back when they end. The render worker
pauses it for each request and collects once it has answered (`answered_first`).
"""

from __future__ import annotations

import contextlib
import gc
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

T = TypeVar("T")


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Run the block with the cycle collector off; on again after it, if it was on before."""
    if not gc.isenabled():
        yield
        return
    try:
        gc.disable()
        yield
    finally:
        gc.enable()


def answered_first(work: Callable[[], T], answer: Callable[[T], object]) -> None:
    """Do the work and give its answer with the collector paused, then collect what it left.

    Turned on again first, the collector would look at everything the work made before the
    answer went out: the collection of the newest generation comes while still paused, after
    the answer, and leaves nothing for the collector to start on.
    """
    with paused():
        answer(work())
        gc.collect(0)  # the objects the work made are all still in the newest generation
