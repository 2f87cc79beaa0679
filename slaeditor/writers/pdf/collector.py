"""Lay a document out and write it without Python's cycle collector running meanwhile.

WeasyPrint makes hundreds of thousands of objects for a contract (boxes, computed styles,
text runs), and every few hundred new objects Python's cycle collector runs; every tenth of
its runs walks the process's older objects too, which in a warm process (the window's render
worker, an API user's program) are many. Laid out in one pass in a warm process, the telecom
contract spent ~350 ms of ~2,000 in the collector. So the collector is paused while a
document is laid out and written and runs again afterwards, as usual: the document's own
cycles are then found at its next full collection, once, instead of the whole process being
walked a dozen times over.

This is the path of every export and preview on macOS and Windows (no forked layout
processes there), on a machine with one core, and of a contract laid out in one pass after a
part process failed. The part processes and the command's layout process run without the
collector altogether (forking.fork_child): they are short-lived.
"""

from __future__ import annotations

import contextlib
import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Run the block with the cycle collector off; on again after it, if it was on before."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
