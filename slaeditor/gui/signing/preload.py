"""Load pyHanko in a thread while the user fills in the Sign dialog: the first Sign is quick.

Importing pyHanko takes about half a second; the dialog starts this when it opens and Sign
waits for the thread only if it is clicked sooner.
"""

from __future__ import annotations

import contextlib
import threading

from slaeditor.signing.sign import preload

_PRELOAD: list[threading.Thread] = []


def preload_signing() -> threading.Thread:
    """Start loading the signing libraries in a thread, once per process; return it."""
    if not _PRELOAD:
        thread = threading.Thread(target=_preload, name="signing-preload", daemon=True)
        _PRELOAD.append(thread)
        thread.start()
    return _PRELOAD[0]


def _preload() -> None:
    with contextlib.suppress(Exception):  # only a head start: signing itself reports errors
        preload()
