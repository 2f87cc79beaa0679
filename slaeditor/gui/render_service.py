"""Render previews and exports in a pre-warmed worker process, so the GUI thread never waits.

WeasyPrint needs about a second per contract and holds the GIL while it lays out pages, so
neither the GUI thread nor a Python thread may run it: slaeditor.app.render_worker runs in its own
process, started once and warmed up, and this service talks to it over a line-based JSON pipe
with QProcess. Every call returns at once; results come back as signals.

Previews follow "latest wins": a newer request replaces the one waiting rather than queueing
behind it, so typing never builds a backlog. A newer preview is also sent while one is being
rendered (once per rendering one): the worker abandons a preview laid out in parts when a
newer one arrives, and that abandoned preview gets no signal (one it finished anyway is shown
until the newer one is ready).
Exports (and statements, `request_statement`) are never dropped, never cut short, and go
before a waiting preview. Preview PDFs
rotate through three files in a private folder, so the file the viewer shows is never the
one being rewritten.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QProcess, QTimer, Signal

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["RenderService", "worker_command"]

_log = logging.getLogger(__name__)

_PREVIEW_FILES = ("preview-a.pdf", "preview-b.pdf", "preview-c.pdf")
_STDERR_TAIL = 20
JOB_SECONDS = 180.0
"""A preview or export still running after this is stopped (an 85-page contract takes 10 s)."""


def worker_command() -> list[str]:
    """Return the program and arguments that start the render worker.

    A PyInstaller bundle has no `python -m`; its executable must dispatch `--render-worker`
    to slaeditor.app.render_worker.main().
    """
    if getattr(sys, "frozen", False):
        return [sys.executable, "--render-worker"]
    return [sys.executable, "-m", "slaeditor.app.render_worker"]


@dataclass
class _Job:
    """One request for the worker; a preview's target is chosen only when it is sent.

    The draft is serialised when the request is made: a snapshot, so edits made while an
    export waits do not change what it writes.
    """

    id: int
    kind: str
    data_json: str
    base: str | None
    target: str = ""
    sent_at: float = field(default=0.0)

    def line(self) -> bytes:
        """Return the request as one protocol line."""
        envelope = json.dumps(
            {"id": self.id, "kind": self.kind, "target": self.target, "base": self.base},
            ensure_ascii=False,
        )
        return (envelope[:-1] + ', "data": ' + self.data_json + "}\n").encode("utf-8")


def _serialise(data: dict[str, Any]) -> str:
    """Write a draft as JSON; values that are not JSON (a Decimal, a date) go as text."""
    return json.dumps(data, ensure_ascii=False, default=str)


class RenderService(QObject):
    """Drive the render worker process: start it, send requests, turn replies into signals.

    `ready` is emitted each time a worker (including a restarted one) has warmed up; requests
    made before that wait and are sent then. `preview_finished` and `export_finished` carry
    the milliseconds from sending the request to the reply, which is what the user waited.
    """

    ready = Signal()
    preview_finished = Signal(int, str, float)
    preview_failed = Signal(int, str)
    export_finished = Signal(str, float)
    export_failed = Signal(str, str)
    statement_finished = Signal(int, str, float)
    statement_failed = Signal(int, str)
    busy_changed = Signal(bool)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        command: Sequence[str] | None = None,
        temp_parent: str | None = None,
    ) -> None:
        super().__init__(parent)
        self._command = list(command) if command is not None else worker_command()
        self._temp_parent = temp_parent
        self._temp_dir: Path | None = None
        self._process: QProcess | None = None
        self._buffer = bytearray()
        self._stderr_tail: deque[str] = deque(maxlen=_STDERR_TAIL)
        self._ready = False
        self._stopping = False
        self._restart_allowed = True
        self._next_id = 0
        self._in_flight: _Job | None = None
        self._superseded: _Job | None = None  # sent, then overtaken by _in_flight
        self._pending_preview: _Job | None = None
        self._exports: deque[_Job] = deque()
        self._shown_preview: str | None = None
        self._busy = False
        self._timed_out: _Job | None = None

    # Public API

    def start(self) -> None:
        """Start the worker if it is not running; `ready` follows after its warm-up."""
        if self._process is not None:
            return
        self._stopping = False
        if self._temp_dir is None:
            self._temp_dir = Path(
                tempfile.mkdtemp(prefix="slaeditor-preview-", dir=self._temp_parent)
            )
        process = QProcess(self)
        process.readyReadStandardOutput.connect(self._on_ready_read_standard_output)
        process.readyReadStandardError.connect(self._on_ready_read_standard_error)
        process.finished.connect(self._on_finished)
        process.errorOccurred.connect(self._on_error_occurred)
        self._process = process
        self._buffer.clear()
        self._stderr_tail.clear()
        program, *arguments = self._command
        process.start(program, arguments)

    def stop(self) -> None:
        """End the worker and remove the preview files; waiting requests are dropped.

        An export being written is given time to finish (the user asked for that file); a
        preview is not worth waiting for. Called from closeEvent and by tests.
        """
        self._stopping = True
        process, self._process = self._process, None
        exporting = self._in_flight is not None and self._in_flight.kind == "export"
        self._in_flight, self._pending_preview, self._superseded = None, None, None
        self._exports.clear()
        self._ready = False
        if process is not None:
            _end_process(process, grace_ms=15000 if exporting else 300)
            process.deleteLater()
        if self._temp_dir is not None:
            shutil.rmtree(self._temp_dir, ignore_errors=True)
            self._temp_dir = None
        self._shown_preview = None
        self._update_busy()

    def is_ready(self) -> bool:
        """Tell whether a warmed-up worker is running."""
        return self._ready

    def is_busy(self) -> bool:
        """Tell whether a request is being rendered or waiting (closeEvent may ask first)."""
        return (
            self._in_flight is not None or self._pending_preview is not None or bool(self._exports)
        )

    def worker_pid(self) -> int | None:
        """Return the worker's process id, for diagnostics and tests."""
        if self._process is None or self._process.state() == QProcess.ProcessState.NotRunning:
            return None
        return int(self._process.processId())

    def request_preview(self, data: dict[str, Any], base: str | None) -> int:
        """Ask for a preview PDF of a draft; return the request id the signals will carry.

        A preview already waiting is replaced (its id never gets a signal): only the newest
        draft is worth rendering.
        """
        job = _Job(self._new_id(), "preview", _serialise(data), base)
        self._pending_preview = job
        self._ensure_started()
        self._dispatch()
        return job.id

    def export(self, data: dict[str, Any], target: str, base: str | None) -> None:
        """Write the contract to target (.pdf or .docx); it goes before any waiting preview."""
        self._exports.append(_Job(self._new_id(), "export", _serialise(data), base, target))
        self._ensure_started()
        self._dispatch()

    def request_statement(self, request: dict[str, Any], target: str) -> int:
        """Have a statement computed and written to target (.pdf, .docx, .json, .csv).

        `request` names the agreement file, the measurement files and the period (see
        app/render_worker.py); it waits with the exports. Returns the id the signals carry.
        """
        job = _Job(self._new_id(), "statement", _serialise(request), None, target)
        self._exports.append(job)
        self._ensure_started()
        self._dispatch()
        return job.id

    # Sending

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _ensure_started(self) -> None:
        """Start the worker on demand, also after it failed to start earlier."""
        if self._process is None:
            self._restart_allowed = True
            self.start()

    def _preview_target(self) -> str:
        """Pick a preview file that the viewer is not showing and no request is writing."""
        assert self._temp_dir is not None
        taken = {self._shown_preview}
        taken |= {job.target for job in (self._in_flight, self._superseded) if job is not None}
        paths = [str(self._temp_dir / name) for name in _PREVIEW_FILES]
        return next(path for path in paths if path not in taken)

    def _dispatch(self) -> None:
        """Send the next request if the worker is free: exports first, then the preview.

        A waiting preview is also sent while a preview renders, to overtake it, unless one
        has already been sent to overtake it (so the worker never holds more than two).
        """
        process = self._process
        if not self._ready or process is None:
            self._update_busy()
            return
        job = None
        if self._in_flight is None:
            job = self._next_job()
        elif (
            self._in_flight.kind == "preview"
            and self._superseded is None
            and self._pending_preview is not None
            and not self._exports
        ):
            self._superseded = self._in_flight
            job = self._next_job()
        if job is not None:
            job.sent_at = time.perf_counter()
            self._in_flight = job
            process.write(job.line())
            QTimer.singleShot(int(JOB_SECONDS * 1000), self, lambda: self._watch(job))
        self._update_busy()

    def _watch(self, job: _Job) -> None:
        """Stop a worker still on the same job after JOB_SECONDS: something in it runs away."""
        if self._in_flight is job and self._process is not None:
            self._timed_out = job
            self._process.kill()  # _on_finished reports it and starts a fresh worker

    def _next_job(self) -> _Job | None:
        if self._exports:
            return self._exports.popleft()
        job, self._pending_preview = self._pending_preview, None
        if job is not None:
            job.target = self._preview_target()
        return job

    def _update_busy(self) -> None:
        busy = self.is_busy()
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    # Replies

    def _on_ready_read_standard_output(self) -> None:
        """Collect output and handle each complete line; a reply may arrive in pieces."""
        if self._process is None:
            return
        self._buffer += self._process.readAllStandardOutput().data()
        while (end := self._buffer.find(b"\n")) >= 0:
            line = bytes(self._buffer[:end])
            del self._buffer[: end + 1]
            if line.strip():
                self._handle_line(line)

    def _on_ready_read_standard_error(self) -> None:
        """Keep the worker's last log lines: they explain a worker that dies."""
        if self._process is None:
            return
        text = bytes(self._process.readAllStandardError().data()).decode("utf-8", errors="replace")
        for line in text.splitlines():
            if line.strip():
                self._stderr_tail.append(line)
                _log.info("%s", line)

    def _handle_line(self, line: bytes) -> None:
        try:
            reply = json.loads(line)
        except ValueError:
            _log.warning("render worker sent a line that is not JSON: %r", line[:200])
            return
        if not isinstance(reply, dict):
            return
        if reply.get("ready"):
            self._ready = True
            self._restart_allowed = True
            self.ready.emit()
            self._dispatch()
            return
        if self._superseded is not None and reply.get("id") == self._superseded.id:
            # Overtaken by the preview in flight. Finished anyway (laid out in one pass, which
            # cannot be cut short)? Then it is still newer than what the viewer shows.
            overtaken, self._superseded = self._superseded, None
            if reply.get("ok"):
                self._succeed(overtaken, str(reply.get("target") or overtaken.target))
            self._dispatch()
            return
        job = self._in_flight
        if job is None or reply.get("id") != job.id:
            _log.warning("render worker replied to an unknown request: %r", reply)
            return
        self._in_flight = None
        if reply.get("ok"):
            self._succeed(job, str(reply.get("target") or job.target))
        else:
            self._fail(job, str(reply.get("error") or "the renderer gave no reason"))
        self._dispatch()

    def _succeed(self, job: _Job, target: str) -> None:
        ms = (time.perf_counter() - job.sent_at) * 1000
        if job.kind == "preview":
            self._shown_preview = target
            self.preview_finished.emit(job.id, target, ms)
        elif job.kind == "statement":
            self.statement_finished.emit(job.id, target, ms)
        else:
            self.export_finished.emit(target, ms)

    def _fail(self, job: _Job, message: str) -> None:
        if job.kind == "preview":
            self.preview_failed.emit(job.id, message)
        elif job.kind == "statement":
            self.statement_failed.emit(job.id, message)
        else:
            self.export_failed.emit(job.target, message)

    # The worker's life

    def _on_finished(self, exit_code: int, exit_status: QProcess.ExitStatus) -> None:
        """Report the request the worker died on, then restart it once."""
        if self._stopping or self._process is None:
            return
        crashed = exit_status == QProcess.ExitStatus.CrashExit
        how = "crashed" if crashed else f"stopped (exit code {exit_code})"
        if self._stderr_tail:
            _log.warning(
                "render worker %s; its last output:\n%s", how, "\n".join(self._stderr_tail)
            )
        self._forget_process()
        job, self._in_flight, self._superseded = self._in_flight, None, None
        if job is not None and job is self._timed_out:
            self._timed_out = None
            self._fail(job, _stopped_message(job))
            self.start()  # a runaway job is not a broken worker: start afresh, every time
            return
        if self._restart_allowed:
            self._restart_allowed = False
            if job is not None:
                self._fail(job, _died_message(job, how))
            self.start()
            return
        self._give_up(f"The renderer {how} while starting{self._last_words()}.", job)

    def _on_error_occurred(self, error: QProcess.ProcessError) -> None:
        """Give up clearly on a worker that cannot start at all: it never emits `finished`."""
        if error != QProcess.ProcessError.FailedToStart or self._stopping:
            return
        process = self._process
        reason = process.errorString() if process is not None else "unknown reason"
        self._forget_process()
        job, self._in_flight, self._superseded = self._in_flight, None, None
        self._give_up(f"The renderer could not be started ({self._command[0]}: {reason}).", job)

    def _forget_process(self) -> None:
        process, self._process = self._process, None
        self._ready = False
        self._buffer.clear()
        if process is not None:
            process.blockSignals(True)  # a dead worker's late signals must not reach the new one
            process.deleteLater()

    def _give_up(self, message: str, job: _Job | None) -> None:
        """Fail everything waiting; the next request tries to start a worker again."""
        jobs = [job] if job is not None else []
        jobs += list(self._exports)
        if self._pending_preview is not None:
            jobs.append(self._pending_preview)
        self._exports.clear()
        self._pending_preview = None
        for each in jobs:
            self._fail(each, message)
        self._update_busy()

    def _last_words(self) -> str:
        """Return the worker's last log line, which usually names the missing piece."""
        return f": {self._stderr_tail[-1].strip()}" if self._stderr_tail else ""


def _stopped_message(job: _Job) -> str:
    what = "The preview" if job.kind == "preview" else f"Writing {job.target}"
    return (
        f"{what} was stopped after {JOB_SECONDS:g} seconds, far longer than any contract takes: "
        "a clause text or the template pack's skeleton runs away; check the wording page "
        "and the template pack (`slaeditor templates check`)."
    )


def _died_message(job: _Job, how: str) -> str:
    what = "the preview" if job.kind == "preview" else job.target
    return f"The renderer {how} while writing {what}; it is being restarted, try again in a moment."


def _end_process(process: QProcess, grace_ms: int) -> None:
    """Let the worker exit on end of input, else terminate it, else kill it."""
    if process.state() == QProcess.ProcessState.NotRunning:
        return
    process.closeWriteChannel()
    if process.waitForFinished(grace_ms):
        return
    process.terminate()
    if not process.waitForFinished(2000):
        process.kill()
        process.waitForFinished(1000)
