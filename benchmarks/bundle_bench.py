"""Figures of the installable application, measured on the bundle `make package` built.

Skipped (None) when dist/bundle/slaeditor does not exist. The start-up time is taken the way a
user meets it: from launching the bundled program to the main window being exposed, which the
program itself reports with `--smoke`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "bundle" / "slaeditor"
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
    debs = sorted((ROOT / "dist").glob("slaeditor_*.deb"))
    if debs:
        figures["deb_mib"] = debs[-1].stat().st_size / 1048576
    return figures
