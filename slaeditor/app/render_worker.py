"""The render worker: a separate process that turns draft agreements into PDF and Word files.

The GUI must never wait for WeasyPrint, and a Python thread would not help (WeasyPrint holds
the GIL while it lays out pages), so rendering runs in this process, started once and kept
warm. The protocol is one JSON object per line on stdin and one JSON reply per line on stdout:

    request  {"id": 7, "kind": "preview" | "export", "data": {...draft...},
              "target": "/path/out.pdf" | "/path/out.docx", "base": "/folder" | null}
             {"id": 8, "kind": "statement", "target": "/path/out.pdf" (.docx, .json, .csv),
              "data": {"agreement": "/path/a.sla.yaml", "measurements": "/path/m.csv" | null,
                       "support": "/path/s.csv" | null, "period": "2025-05"}}
    reply    {"id": 7, "ok": true, "target": "...", "ms": 812.5, "pages": 12 | null,
              "parts": 6}   (parts laid out in processes of their own; 0 for one pass)
             {"id": 7, "ok": false, "error": "one line naming the field or file"}
             {"id": 7, "ok": false, "superseded": true, "error": "..."}

A statement request computes what the provider owes for a period under a saved agreement
(`slaeditor credits` in the window: the same reading, arithmetic and house style) and writes
it to the target, so the window's thread neither computes nor lays out a statement.

A preview request may arrive while a preview is being rendered: the one under way is then
abandoned if it is being laid out in parts (render/parts.py), and answered "superseded".

On start the worker renders the bundled telecom example once (the first WeasyPrint document
pays for font loading) and then prints {"ready": true}. It exits when stdin closes. It is
Qt-free: `python -m slaeditor.app.render_worker` runs it, and so does a frozen bundle's
`--render-worker` flag.
"""

from __future__ import annotations

import collections
import functools
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from slaeditor.app.api import render
from slaeditor.app.confined import limit_memory
from slaeditor.app.statement_document import write_statement
from slaeditor.atomic import atomic_write_bytes
from slaeditor.errors import USER_ERRORS, UserError
from slaeditor.model.validation import errors as agreement_errors
from slaeditor.model.validation_rules import plural
from slaeditor.resources import examples_dir
from slaeditor.statement import build_statement, read_history, read_measurements, read_support
from slaeditor.storage import load_agreement
from slaeditor.storage.drafts import check_draft
from slaeditor.writers.pdf import collector
from slaeditor.writers.pdf import parallel_layout as parts

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

__all__ = ["WARM_UP_EXAMPLE", "handle", "main", "one_line"]

WARM_UP_EXAMPLE = "telecom-customer.sla.yaml"
KINDS = ("preview", "export", "statement")
STATEMENT_FORMATS = (".pdf", ".docx", ".json", ".csv")
MEMORY_MB = 3072
"""Memory the worker may take beyond its start: an 85-page contract needs a few hundred MB."""
NICENESS = 5
"""How far below the window's the worker's scheduling priority is (POSIX `nice`).

The worker and its part processes keep both cores busy while a preview is laid out; a lower
priority lets the window's thread take a core the moment it has work (a keystroke, a
repaint), so typing stays smooth. Rendering is no slower while nothing else wants the CPU.
"""


def _protocol_stream() -> IO[str]:
    """Keep the real stdout for replies and point file descriptor 1 at stderr.

    Libraries print (and C libraries such as Pango or fontconfig write to fd 1 directly); any
    stray byte on stdout would corrupt the protocol, so only the returned stream writes there.
    A windowed Windows bundle has no sys.stdout (None), though fd 1 is the GUI's pipe.
    """
    if sys.stdout is not None:
        sys.stdout.flush()
    protocol_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return os.fdopen(protocol_fd, "w", encoding="utf-8", newline="\n")


def one_line(message: str) -> str:
    """Fold a possibly multi-line user message into the one line the GUI shows."""
    return " ".join(part.strip() for part in message.splitlines() if part.strip())


def _count_pages(target: Path) -> int | None:
    """Count the pages of a written PDF; the preview's status line shows them.

    pikepdf reads only the page tree (~3 ms for the telecom contract, where pypdf parsed the
    file for ~40 ms, which every preview's reply waited for).
    """
    if target.suffix.lower() != ".pdf":
        return None
    try:
        import pikepdf

        with pikepdf.open(target) as pdf:
            return len(pdf.pages)
    except Exception:  # a page count is a nicety; never fail a finished render over it
        return None


def _validation_error(errors: list[Any]) -> str:
    """Say how many problems block the contract and which field to fix first."""
    if not errors:
        return "The agreement is not complete yet"
    first = errors[0]
    where = first.path or "the agreement"
    if len(errors) == 1:
        return f"The agreement has 1 error to fix: {where}: {first.message}"
    return f"The agreement has {len(errors)} errors to fix; the first is {where}: {first.message}"


def _render(request: dict[str, Any]) -> dict[str, Any]:
    """Check and render one request; a user error (bad pack, unwritable file) is raised."""
    data, target, base = request.get("data"), request.get("target"), request.get("base")
    if not isinstance(data, dict):
        return _failure(request, "the request carries no agreement data")
    if not isinstance(target, str) or not target:
        return _failure(request, "the request names no file to write")
    if base is not None and not isinstance(base, str):
        return _failure(request, "the request's base folder is not a path")
    result = check_draft(data)
    if result.agreement is None or result.errors:
        return _failure(request, _validation_error(result.errors))

    started, laid_out = time.perf_counter(), parts.CACHE.laid_out
    # A preview is looked at and thrown away: it needs no embedded agreement. It is otherwise
    # written as an export is, so an export after it reuses the parts it laid out.
    written = render(
        result.agreement,
        Path(target),
        base=Path(base) if base else None,
        preview=request.get("kind") == "preview",
    )
    return {
        "id": request.get("id"),
        "ok": True,
        "target": str(written),
        "ms": round((time.perf_counter() - started) * 1000, 1),
        "pages": _count_pages(written),
        "parts": parts.CACHE.laid_out - laid_out,
    }


def _statement(request: dict[str, Any]) -> dict[str, Any]:
    """Compute a statement from its files and write it by the target's type, as the CLI does.

    The agreement is read from its file (the window sends its saved state), and one with
    errors is refused, since its figures would mean nothing; a bad row of a CSV file raises
    the UserError that names the file, the line and the column.
    """
    data, target = request.get("data"), request.get("target")
    if not isinstance(data, dict) or not isinstance(data.get("agreement"), str):
        return _failure(request, "the request names no agreement file")
    if not isinstance(target, str) or Path(target).suffix.lower() not in STATEMENT_FORMATS:
        return _failure(request, "a statement is written as .pdf, .docx, .json or .csv")
    period = data.get("period")
    files = {key: data.get(key) for key in ("measurements", "support")}
    if not isinstance(period, str) or not all(
        v is None or isinstance(v, str) for v in files.values()
    ):
        return _failure(request, "the request's period or measurement files are not text")
    started, source, written = time.perf_counter(), Path(data["agreement"]), Path(target)
    agreement = load_agreement(source)
    found = agreement_errors(agreement)
    if found:
        raise UserError(
            f"{source}: the agreement has {plural(len(found), 'error')} to fix before a "
            f"statement can be made; the first is {found[0].path}: {found[0].message}"
        )
    measurements = support = None
    if files["measurements"]:
        measurements = read_measurements(Path(files["measurements"]), agreement)
    if files["support"]:
        support = read_support(Path(files["support"]), agreement)
    previous = data.get("previous") or []
    if not isinstance(previous, list) or not all(isinstance(p, str) for p in previous):
        return _failure(request, "the request's earlier statements are not a list of files")
    history = None
    if previous:
        history = read_history(map(Path, previous), agreement.document.agreement_id)
    statement = build_statement(agreement, measurements, period, history=history, support=support)
    suffix = written.suffix.lower()
    if suffix in (".pdf", ".docx"):  # in the contract's house style, from its pack
        write_statement(statement, agreement, written, source.parent)
    else:  # a byte-order mark lets spreadsheet programs read the CSV as UTF-8
        text = statement.to_json() if suffix == ".json" else "\ufeff" + statement.to_csv()
        atomic_write_bytes(written, text.encode("utf-8"))
    return {
        "id": request.get("id"),
        "ok": True,
        "target": str(written),
        "ms": round((time.perf_counter() - started) * 1000, 1),
        "pages": _count_pages(written),
    }


def _failure(request: dict[str, Any] | None, message: str) -> dict[str, Any]:
    ident = request.get("id") if request is not None else None
    return {"id": ident if isinstance(ident, int) else None, "ok": False, "error": message}


def handle(line: str, watch: Requests | None = None) -> dict[str, Any]:
    """Answer one request line; never raise, since one bad request must not end the worker.

    With `watch`, a preview laid out in parts is abandoned when a newer preview request
    arrives on it; the reply then says "superseded" and carries no file.
    """
    try:
        request = json.loads(line)
    except ValueError as error:
        return _failure(None, f"the request is not valid JSON ({error})")
    if not isinstance(request, dict):
        return _failure(None, "the request is not a JSON object")
    if not isinstance(request.get("id"), int) or isinstance(request.get("id"), bool):
        return _failure(None, "the request has no whole-number 'id'")
    if request.get("kind") not in KINDS:
        return _failure(request, f"unknown request kind {request.get('kind')!r}")
    try:
        if request["kind"] == "statement":
            return _statement(request)
        if watch is not None and request["kind"] == "preview":
            with parts.watching(watch):
                return _render(request)
        return _render(request)
    except parts.Superseded:
        return {**_failure(request, "a newer preview was asked for"), "superseded": True}
    except USER_ERRORS as error:
        return _failure(request, one_line(str(error)) or type(error).__name__)
    except Exception as error:  # a defect: keep the traceback for the log, answer anyway
        traceback.print_exc(file=sys.stderr)
        return _failure(
            request, f"internal error while rendering ({type(error).__name__}: {error})"
        )


def warm_up() -> float:
    """Render the bundled example once so the first real preview is not the slow one."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="slaeditor-warm-up-") as folder:
        _count_pages(render(examples_dir() / WARM_UP_EXAMPLE, Path(folder) / "warm-up.pdf"))
    return time.perf_counter() - started


def _reply(stream: IO[str], message: dict[str, Any]) -> None:
    stream.write(json.dumps(message, ensure_ascii=False) + "\n")
    stream.flush()


def serve(lines: Iterable[str], stream: IO[str]) -> None:
    """Answer requests until the input ends (the GUI closed its end of the pipe).

    Python's cycle collector waits while a request is handled and looks at what it made once
    it is answered (collector.answered_first): the window gets its preview without waiting
    for that, most of all where a contract is laid out in this process, in one pass (up to ~130 ms
    for the telecom contract).
    """
    watch = lines if isinstance(lines, Requests) else None
    for line in lines:
        if line.strip():
            collector.answered_first(
                functools.partial(handle, line, watch), functools.partial(_reply, stream)
            )


class Requests:
    """The request lines on a pipe, read so that a newer preview can cut an older one short.

    While a preview is laid out in parts, the parts' waiting also watches this pipe: a line
    that arrives is read and kept, and if it asks for a preview, the one under way is
    abandoned (its reply says "superseded") and the new one is rendered next.
    """

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._buffer = b""
        self._lines: collections.deque[str] = collections.deque()
        self._closed = False

    def fileno(self) -> int:
        """Return the pipe's file descriptor (parts wait on it)."""
        return self.fd

    def _read(self) -> None:
        chunk = os.read(self.fd, 65536)
        if not chunk:
            self._closed = True
            if self._buffer.strip():  # a last request without its newline is still one
                self._lines.append(self._buffer.decode("utf-8", errors="replace"))
            self._buffer = b""
            return
        self._buffer += chunk
        *complete, self._buffer = self._buffer.split(b"\n")
        self._lines.extend(raw.decode("utf-8", errors="replace") for raw in complete)

    def abandon(self) -> bool:
        """Read what arrived; tell whether it makes the preview under way pointless."""
        self._read()
        return self._closed or any(_asks_for_preview(line) for line in self._lines)

    def __iter__(self) -> Iterator[str]:
        while True:
            while not self._lines and not self._closed:
                self._read()
            if not self._lines:
                return
            yield self._lines.popleft()


def _asks_for_preview(line: str) -> bool:
    try:
        request = json.loads(line)
    except ValueError:
        return False
    return isinstance(request, dict) and request.get("kind") == "preview"


def _yield_to_the_window() -> None:
    """Lower this process's priority (and so its part processes'); nothing where unsupported."""
    if hasattr(os, "nice"):
        try:
            os.nice(NICENESS)
        except OSError as error:  # not allowed here: render at the window's priority
            print(f"render worker: priority not lowered ({error.strerror})", file=sys.stderr)


def main() -> int:
    """Run the worker: warm up, announce readiness, then answer requests until stdin closes."""
    stream = _protocol_stream()
    _yield_to_the_window()
    limit_memory(MEMORY_MB)  # a runaway skeleton or clause fails with MemoryError, named
    try:
        try:
            seconds = warm_up()
            print(f"render worker: warmed up in {seconds:.2f} s", file=sys.stderr)
        except Exception:  # a broken example must not stop real work; the log says why
            traceback.print_exc(file=sys.stderr)
        _reply(stream, {"ready": True})
        serve(Requests(sys.stdin.fileno() if sys.stdin is not None else 0), stream)
    except (KeyboardInterrupt, BrokenPipeError):
        pass  # the GUI went away; there is nobody left to answer
    return 0


if __name__ == "__main__":
    sys.exit(main())
