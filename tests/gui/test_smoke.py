"""`slaeditor --smoke` starts the real application and closes it by itself once it works."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


def test_smoke_option_exits_once_window_and_renderer_are_ready(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        env[f"XDG_{name}_HOME"] = str(tmp_path / name.lower())
    launched = time.time()
    result = subprocess.run(
        [sys.executable, "-m", "slaeditor.cli", "--smoke"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    times = {}
    for line in result.stdout.splitlines():
        label, _, moment = line.removeprefix("slaeditor: ").rpartition(" at ")
        times[label] = float(moment)
    assert set(times) == {"window shown", "render worker ready"}
    assert launched < times["window shown"] < time.time()
    assert launched < times["render worker ready"] < time.time()
    # It closed the window as a user would, which saves the window geometry.
    assert list((tmp_path / "config").rglob("*.conf"))


def test_qt_standard_options_reach_qt_instead_of_being_refused(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env["HOME"] = str(tmp_path)
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        env[f"XDG_{name}_HOME"] = str(tmp_path / name.lower())
    result = subprocess.run(  # no display: only `-platform offscreen` lets the window start
        [
            sys.executable,
            "-m",
            "slaeditor.cli",
            "-platform",
            "offscreen",
            "-style=Fusion",
            "--smoke",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "window shown" in result.stdout
