"""Render clause text that came from others in a child process with a time and memory limit.

Text recorded in an agreement or a shared library is run by the clause sandbox, whose step
budget stops loops but not a single step that is expensive: `(7).to_bytes(2000000000, "big")`
took 2 GB, and a loop copying a megabyte per step ran for 40 s, while the window that checks
every recorded text after each edit stood frozen. So such text is rendered here, in a process
of its own: the operating system caps its memory (RLIMIT_AS, where it exists), the caller
kills it when one text runs longer than the time limit, and each text that was stopped is
named with the reason. The caller runs this off the GUI thread.

    request (one JSON line on stdin)   {"agreement": {...}, "jobs": [[slot, title, variant,
                                        text], ...], "memory_mb": 512}
    replies (JSON lines on stdout)     {"start": slot} before each text, then
                                       {"slot": slot, "html": "..." | null, "problem": "..."}

`python -m slaeditor.app.confined` runs the child; a frozen bundle runs it with its
`--confined-render` flag.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Collection

    from slaeditor.clauses import Pack
    from slaeditor.model import Agreement

SECONDS = 5.0
"""Longer than any real clause takes (milliseconds); a text still running is stopped."""
_SLACK = 0.05
"""A wait that ended this close to the deadline ran out of time (the child did not die)."""
MEMORY_MB = 512
"""Memory a text may take beyond the child's own start (real clauses need a few MB)."""
EMPTY_HTML = "<p><i>(This wording adds no text for this agreement.)</i></p>"
WHERE = "the text"
_TEXT_SOURCE = Path("the wording")
"""Named in a render problem instead of a file: the text lives in the agreement or a box."""


@dataclass(frozen=True)
class TextJob:
    """One text to render: the slot it fills, its clause's title and the variant's name."""

    slot: str
    title: str
    variant: str
    text: str


@dataclass(frozen=True)
class TextResult:
    """HTML of a rendered text, or None and why not (`stopped`: it hit a limit)."""

    slot: str
    html: str | None
    problem: str = ""
    stopped: bool = False


def recorded_jobs(
    agreement: Agreement, pack: Pack | None, lacking: Collection[str] | None = None
) -> list[TextJob]:
    """Return the texts an agreement records for its clauses (not the pack's own wording).

    Slots the pack cannot print at all (`lacking`, from Pack.wording_problems, worked out
    here unless the caller has it) are left out: they are reported as such, with nothing to
    render.
    """
    if lacking is None:
        lacking = dict(pack.wording_problems(agreement.clauses)) if pack is not None else {}
    jobs = []
    for slot, choice in agreement.clauses.items():
        if choice.from_pack or slot in lacking:
            continue
        clause = pack.clauses.get(slot) if pack is not None else None
        title = (clause.title if clause is not None else "") or slot
        jobs.append(TextJob(slot, title, choice.variant, choice.text or ""))
    return jobs


def recorded_text_problems(agreement: Agreement, pack: Pack) -> list[str]:
    """Say, per recorded text that cannot be printed, which clause and why (for the CLI)."""
    jobs = recorded_jobs(agreement, pack)
    results = render_confined(agreement, jobs) if jobs else []
    return [
        f"clauses.{job.slot}: {unusable(job.title, result.problem)}"
        for job, result in zip(jobs, results, strict=True)
        if result.problem
    ]


def unusable(title: str, problem: str) -> str:
    """Word the error of a recorded text that cannot be put in the contract."""
    return f"The wording of “{title}” cannot be put in the contract: {problem}"


def child_command() -> list[str]:
    """Return the command that starts the child (the bundle is its own interpreter)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--confined-render"]
    return [sys.executable, "-m", "slaeditor.app.confined"]


def render_confined(
    agreement: Agreement,
    jobs: list[TextJob],
    *,
    seconds: float = SECONDS,
    memory_mb: int = MEMORY_MB,
) -> list[TextResult]:
    """Render each text in a child process; a text over a limit is stopped and named.

    After a stop, the texts not yet rendered go to a fresh child, so one hostile text never
    hides the others' problems.
    """
    done: dict[str, TextResult] = {}
    waiting = list(jobs)
    while waiting:
        for result in _one_child(agreement, waiting, seconds, memory_mb):
            done[result.slot] = result
        waiting = [job for job in waiting if job.slot not in done]
    return [done[job.slot] for job in jobs]


def _one_child(
    agreement: Agreement, jobs: list[TextJob], seconds: float, memory_mb: int
) -> list[TextResult]:
    """Run one child until it finishes or one of its texts is stopped."""
    request = {
        "agreement": agreement.model_dump(mode="json"),
        "jobs": [[job.slot, job.title, job.variant, job.text] for job in jobs],
        "memory_mb": memory_mb,
    }
    child = subprocess.Popen(
        child_command(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
    )
    assert child.stdin is not None and child.stdout is not None
    lines = _Lines(child.stdout)
    results: list[TextResult] = []
    current: str | None = None
    try:
        child.stdin.write(json.dumps(request) + "\n")
        child.stdin.close()
        deadline = time.monotonic() + seconds + 10  # the child's own start: imports
        while len(results) < len(jobs):
            message = lines.next(deadline - time.monotonic())
            if message is None:  # over time, or the child ended without answering (memory)
                slot = current or jobs[len(results)].slot
                late = time.monotonic() >= deadline - _SLACK
                return [
                    *results,
                    _over_time(slot, seconds) if late else _over_memory(slot, memory_mb),
                ]
            if "start" in message:
                current, deadline = str(message["start"]), time.monotonic() + seconds
            else:
                results.append(
                    TextResult(
                        str(message["slot"]),
                        message["html"],
                        str(message["problem"]),
                        stopped=bool(message.get("stopped")),
                    )
                )
        return results
    finally:
        with contextlib.suppress(OSError):
            child.kill()
        child.wait()


def _over_time(slot: str, seconds: float) -> TextResult:
    reason = (
        f"it was stopped after {seconds:g} seconds: a clause renders in a fraction of that; "
        "simplify its loops"
    )
    return TextResult(slot, None, reason, stopped=True)


def _over_memory(slot: str, memory_mb: int) -> TextResult:
    reason = f"it was stopped: rendering it needed more than {memory_mb} MB of memory"
    return TextResult(slot, None, reason, stopped=True)


class _Lines:
    """The child's reply lines, read on a thread so that waiting for one can time out."""

    def __init__(self, stream: IO[str]) -> None:
        self._lines: list[dict[str, Any] | None] = []
        self._ready = threading.Condition()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            with contextlib.suppress(ValueError), self._ready:
                self._lines.append(json.loads(line))
                self._ready.notify()
        with self._ready:
            self._lines.append(None)  # the child ended
            self._ready.notify()

    def next(self, timeout: float) -> dict[str, Any] | None:
        """Return the next reply, or None when the child ended or `timeout` passed first."""
        with self._ready:
            if not self._lines and not self._ready.wait_for(
                lambda: bool(self._lines), timeout=max(timeout, 0)
            ):
                return None
            return self._lines.pop(0)


# --- the child ----------------------------------------------------------------------------


def limit_memory(memory_mb: int) -> None:
    """Cap the address space at what the child has now plus memory_mb (POSIX only)."""
    try:
        import resource

        pages = int(Path("/proc/self/statm").read_text().split()[0])
        size = pages * resource.getpagesize() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    except (ImportError, OSError, ValueError):
        pass  # Windows and macOS: the time limit still stops a runaway text


def text_clause(clause_id: str, title: str, variant: str, body: str) -> Any:
    """Wrap a body that is not in the pack (a library's, or edited text) for the renderer."""
    from slaeditor.clauses.pack import Clause

    return Clause(
        id=clause_id,
        title=title,
        section="",
        scope="service",
        guidance="",
        variants={variant: body},
        source=_TEXT_SOURCE,
        lines={variant: 1},
    )


def _caused_by_memory(error: BaseException | None) -> bool:
    """Tell whether an error, or one it was raised from, is running out of memory."""
    seen = 0
    while error is not None and seen < 20:
        if isinstance(error, MemoryError):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def plain_problem(message: str) -> str:
    """Word a render error for a box that is about one text ("line 3: …")."""
    for prefix in (f"{_TEXT_SOURCE}, ", f"{_TEXT_SOURCE}: ", f"{WHERE}, ", f"{WHERE}: "):
        if message.startswith(prefix):
            message = message.removeprefix(prefix)
            break
    return message.replace(" of its text:", ":", 1)


def render_one(context: Any, job: TextJob, memory_mb: int = MEMORY_MB) -> TextResult:
    """Render one text in this process (the child's work, and the caller's for trusted text)."""
    from slaeditor.compose.clause_step import text_blocks
    from slaeditor.writers.preview_html import blocks_html

    clause = text_clause(job.slot, job.title, job.variant, job.text)
    try:
        blocks = text_blocks(context, clause, WHERE, job.text)
    except Exception as error:  # clause text is user input: every failure becomes a message
        if _caused_by_memory(error):
            return _over_memory(job.slot, memory_mb)
        return TextResult(job.slot, None, plain_problem(str(error)))
    return TextResult(job.slot, blocks_html(blocks) or EMPTY_HTML)


def main() -> int:
    """Serve one request from stdin (the child process)."""
    from slaeditor.compose.clause_step import clause_context
    from slaeditor.model import Agreement

    request = json.loads(sys.stdin.readline())
    memory_mb = int(request.get("memory_mb", MEMORY_MB))
    jobs = [TextJob(*map(str, job)) for job in request["jobs"]]
    out = sys.stdout
    try:
        context = clause_context(Agreement.model_validate(request["agreement"]))
    except Exception as error:  # the caller checked the agreement; say so rather than crash
        for job in jobs:
            reply = {"slot": job.slot, "html": None, "problem": f"cannot be checked ({error})"}
            out.write(json.dumps(reply) + "\n")
        return 0
    limit_memory(memory_mb)
    for job in jobs:
        out.write(json.dumps({"start": job.slot}) + "\n")
        out.flush()
        result = render_one(context, job, memory_mb)
        reply = {"slot": job.slot, "html": result.html, "problem": result.problem}
        out.write(json.dumps(reply | {"stopped": result.stopped}))
        out.write("\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
