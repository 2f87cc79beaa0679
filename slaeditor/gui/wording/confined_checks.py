"""Check recorded clause wording off the GUI thread, in a child process with limits.

The wizard checks after every edit that each text recorded in the agreement (a library's copy,
edited wording) still renders with the agreement's values. Such text comes from files others
wrote; a hostile one froze the window for a minute on Open and again on every edit. The texts
are now rendered by slaeditor.app.confined (a child process with a time and a memory limit) on
a thread, once the edits pause; until the answer arrives the last answer for the same text
stands, and when it arrives the document checks itself again and every page shows it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from slaeditor.app.confined import TextJob, TextResult, render_confined

if TYPE_CHECKING:
    from slaeditor.model import Agreement

QUIET_SECONDS = 0.3
"""Wait for a pause in typing before rendering: one child per pause, not per keystroke."""
_KEPT = 8


class ConfinedChecks(QObject):
    """Results of rendering recorded texts, computed in the background; `done` when new."""

    done = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._results: dict[str, dict[str, TextResult]] = {}
        self._by_text: dict[tuple[str, str], TextResult] = {}
        self._wanted: tuple[str, Agreement, list[TextJob]] | None = None
        self._since = 0.0
        self._running = False

    def results(self, agreement: Agreement, jobs: list[TextJob]) -> dict[str, TextResult]:
        """Return what is known for these texts; start rendering them if this is new.

        A text whose answer for this very agreement is not in yet gets the last answer for
        the same text (the values it uses rarely change its fate), or none.
        """
        key = _key(agreement, jobs)
        with self._lock:
            found = self._results.get(key)
            if found is not None:
                return found
            self._wanted, self._since = (key, agreement, jobs), time.monotonic()
            start = not self._running
            self._running = True
            known = {
                job.slot: self._by_text[(job.slot, job.text)]
                for job in jobs
                if (job.slot, job.text) in self._by_text
            }
        if start:
            threading.Thread(target=self._work, daemon=True, name="wording-check").start()
        return known

    def busy(self) -> bool:
        """Tell whether texts are being rendered or wait to be."""
        with self._lock:
            return self._running

    def _work(self) -> None:
        while True:
            with self._lock:
                wanted, quiet = self._wanted, time.monotonic() - self._since
                if wanted is None:
                    self._running = False
                    return
                if quiet >= QUIET_SECONDS:
                    self._wanted = None
            if quiet < QUIET_SECONDS:
                time.sleep(QUIET_SECONDS - quiet)
                continue
            key, agreement, jobs = wanted
            results = {r.slot: r for r in render_confined(agreement, jobs)}
            with self._lock:
                self._results[key] = results
                while len(self._results) > _KEPT:
                    self._results.pop(next(iter(self._results)))
                self._by_text = {(job.slot, job.text): results[job.slot] for job in jobs}
            with contextlib.suppress(RuntimeError):  # the window closed meanwhile
                self.done.emit()  # queued to the GUI thread, where the document checks again


def _key(agreement: Agreement, jobs: list[TextJob]) -> str:
    data = agreement.model_dump(mode="json")
    text = json.dumps([data, [list(job.__dict__.values()) for job in jobs]], sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ConfinedPreview(QObject):
    """Render one text at a time for a preview box, off the GUI thread; the newest one wins.

    `rendered` carries (job, result) for the newest request only: a box shows what was last
    asked of it, never an answer overtaken while it was being rendered.
    """

    rendered = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._wanted: tuple[Agreement, TextJob] | None = None
        self._running = False

    def request(self, agreement: Agreement, job: TextJob) -> None:
        """Render `job` with the agreement's values; `rendered` follows."""
        with self._lock:
            self._wanted = (agreement, job)
            start = not self._running
            self._running = True
        if start:
            threading.Thread(target=self._work, daemon=True, name="wording-preview").start()

    def _work(self) -> None:
        while True:
            with self._lock:
                wanted, self._wanted = self._wanted, None
                if wanted is None:
                    self._running = False
                    return
            agreement, job = wanted
            (result,) = render_confined(agreement, [job])
            with self._lock:
                newest = self._wanted is None
            if newest:
                with contextlib.suppress(RuntimeError):  # the window closed meanwhile
                    self.rendered.emit(job, result)
