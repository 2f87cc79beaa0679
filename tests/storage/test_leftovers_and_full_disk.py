"""A save killed half-way leaves no litter for good; a full disk gets one message, no traceback.

Saves write a temporary file beside the target and rename it over; a process killed in between
left `.name.xxxx.tmp` behind for ever. The full-disk tests write to a real 64 kB tmpfs (they
need root, as CI has; elsewhere they are skipped).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import textwrap
import time
from typing import TYPE_CHECKING

import pytest
from helpers import ROOT

from slaeditor.atomic import STALE_SECONDS
from slaeditor.clauses.library import load_library, save_library

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"
STARTER = ROOT / "templates" / "standard" / "clauses.yaml"


def _killed_during_save(target: Path) -> None:
    """Start saving target in another process and kill -9 it before the rename."""
    code = f"""
        import os, signal
        from pathlib import Path
        from slaeditor.atomic import atomic_path
        with atomic_path(Path({str(target)!r})) as temporary:
            temporary.write_bytes(b"half a library")
            os.kill(os.getpid(), signal.SIGKILL)
        """
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, check=False)
    assert done.returncode == -9


def _leftovers(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.tmp"))


def test_a_save_killed_half_way_leaves_nothing_once_the_file_is_saved_again(tmp_path: Path) -> None:
    team = tmp_path / "team.clauses.yaml"
    library = load_library(STARTER)
    library.path = team
    save_library(library)
    for _ in range(3):
        _killed_during_save(team)
    old = _leftovers(tmp_path)
    assert len(old) == 3
    long_ago = time.time() - STALE_SECONDS - 60
    for leftover in old:
        os.utime(leftover, (long_ago, long_ago))
    _killed_during_save(team)  # this one could be a colleague's save in progress: kept
    (in_progress,) = set(_leftovers(tmp_path)) - set(old)

    save_library(load_library(team))

    assert _leftovers(tmp_path) == [in_progress]
    assert load_library(team).clauses  # the library itself is whole


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 64 kB file system, filled to the last byte."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a small file system needs root")
    try:
        (folder / "contract.pdf").write_bytes(b"%PDF-1.7 the signed original\n")
        with contextlib.suppress(OSError), (folder / "filler").open("wb") as handle:
            while True:
                handle.write(b"\0" * 4096)
                handle.flush()
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_rendering_onto_a_full_disk_says_so_in_one_line_and_changes_nothing(
    full_disk: Path, suffix: str
) -> None:
    target = full_disk / f"contract{suffix}"
    before = target.read_bytes() if target.exists() else None

    done = subprocess.run(
        [sys.executable, "-m", "slaeditor.cli", "render", str(TELECOM), "-o", str(target)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=300,
    )

    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "no space left on device" in lines[0].lower()
    assert str(target) in lines[0]
    assert (target.read_bytes() if target.exists() else None) == before
    assert _leftovers(full_disk) == []
