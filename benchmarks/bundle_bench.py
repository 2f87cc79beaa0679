"""Figures of the installable application, measured on the bundle `make package` built.

Skipped (None) when dist/bundle/slaeditor does not exist. The start-up time is taken the way a
user meets it: from launching the bundled program to the main window being exposed, which the
program itself reports with `--smoke`. The bundle's render worker (the one its window uses)
is timed on the window's path too: a preview of the telecom contract after an edit of a text
printed on every page, sent and answered over the worker's pipe, quiet and with one core kept
busy by a CPU loop.
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "bundle" / "slaeditor"
TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"
ROUNDS = 5


def _shown_ms(program: Path, home: Path) -> float:
    """Launch the program with --smoke once; return launch to window shown in ms."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home))
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        env[f"XDG_{name}_HOME"] = str(home / name.lower())
    launched = time.time()
    out = subprocess.run(
        [str(program), "--smoke"], capture_output=True, text=True, env=env, check=True
    ).stdout
    shown = next(line for line in out.splitlines() if "window shown at" in line)
    return (float(shown.rsplit(" at ", 1)[1]) - launched) * 1000


def bundle_figures() -> dict[str, float] | None:
    """Return the bundle's size in MiB and its median start-up to a shown window, in ms."""
    program = BUNDLE / "slaeditor"
    if not program.is_file():
        return None
    size = sum(p.lstat().st_size for p in BUNDLE.rglob("*") if not p.is_dir())
    with tempfile.TemporaryDirectory() as folder:
        starts = [_shown_ms(program, Path(folder)) for _ in range(ROUNDS)]
    figures = {"size_mib": size / 1048576, "shown_ms": statistics.median(starts)}
    figures.update(worker_figures(program))
    debs = sorted((ROOT / "dist").glob("slaeditor_*.deb"))
    if debs:
        figures["deb_mib"] = debs[-1].stat().st_size / 1048576
    return figures


def worker_figures(program: Path) -> dict[str, float]:
    """Median request-to-answer time of the bundle's worker previewing an edit, quiet and busy.

    The customer's short name (in the running header of every page) is changed before each
    preview, so no laid-out page can be kept; the worker's first previews (its warm-up and the
    process's first parallel layout) are not counted.
    """
    from users_paths import busy_core

    from slaeditor.storage import load_agreement
    from slaeditor.storage.drafts import draft_from_agreement

    draft = draft_from_agreement(load_agreement(TELECOM))
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder, _worker(program, Path(folder)) as ask:
        for number in range(2):
            ask(draft, f"Warm-up {number}")
        figures["worker_quiet_ms"] = statistics.median(
            ask(draft, f"Quiet {number}") for number in range(ROUNDS)
        )
        with busy_core():
            figures["worker_busy_ms"] = statistics.median(
                ask(draft, f"Busy {number}") for number in range(ROUNDS)
            )
    return figures


@contextlib.contextmanager
def _worker(program: Path, folder: Path) -> Iterator[Callable[[dict[str, Any], str], float]]:
    """Start the bundle's render worker; yield how to time one preview with a new short name."""
    env = dict(os.environ, SLAEDITOR_CACHE_DIR=str(folder / "cache"))
    worker = subprocess.Popen(
        [str(program), "--render-worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert worker.stdin is not None and worker.stdout is not None
    requests, replies = worker.stdin, worker.stdout
    if json.loads(replies.readline()) != {"ready": True}:
        raise RuntimeError("the bundle's render worker did not start")
    sent = 0

    def ask(draft: dict[str, Any], short_name: str) -> float:
        nonlocal sent
        sent += 1
        draft["customer"]["short_name"] = short_name
        request = {"id": sent, "kind": "preview", "data": draft, "base": str(TELECOM.parent)}
        request["target"] = str(folder / f"preview-{sent % 2}.pdf")
        started = time.perf_counter()
        requests.write(json.dumps(request) + "\n")
        requests.flush()
        reply = json.loads(replies.readline())
        if not reply.get("ok"):
            raise RuntimeError(f"the bundle's worker failed: {reply}")
        return (time.perf_counter() - started) * 1000

    try:
        yield ask
    finally:
        requests.close()
        worker.wait(timeout=60)
