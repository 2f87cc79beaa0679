"""Colleagues saving one clause library at the same moment: every save that succeeds is kept.

Two processes (as two colleagues' computers on a shared drive) each add their own clauses to
the same 1,000-clause library, one save at a time, merging a colleague's saved work when the
save reports a conflict, as the library manager does. Before the lock, the check "has anyone
changed the file?" and the write raced, and saves that reported success were overwritten.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import textwrap
import time
from typing import TYPE_CHECKING

from helpers import ROOT

from slaeditor.clauses.library import load_library, new_library, save_library
from slaeditor.file_lock import STALE_SECONDS, lock_path, locked

if TYPE_CHECKING:
    from pathlib import Path

STARTER = ROOT / "templates" / "standard" / "clauses.yaml"
SAVES = 25

WRITER = """
import dataclasses, json, sys
from pathlib import Path
from slaeditor.clauses.library import load_library, merge_library, save_library
from slaeditor.clauses.records import LibraryConflict

path, who, saves = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
library = load_library(path)
model = library.clauses[0]
kept = []
for number in range(saves):
    clause_id = f"{who}-{number}"
    library.clauses.append(dataclasses.replace(model, id=clause_id, title=f"{who} {number}"))
    while True:
        try:
            library = save_library(library)
            break
        except LibraryConflict as conflict:
            library, _ = merge_library(library, conflict.theirs)
    kept.append(clause_id)
print(json.dumps(kept))
"""


def _big_library(path: Path) -> None:
    starter = load_library(STARTER)
    library = new_library(path, "Shared team library")
    for number in range(1000):
        model = starter.clauses[number % len(starter.clauses)]
        library.clauses.append(dataclasses.replace(model, id=f"{model.id}-{number}"))
    save_library(library)


def test_two_colleagues_saving_at_once_lose_no_save(tmp_path: Path) -> None:
    path = tmp_path / "team.clauses.yaml"
    _big_library(path)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(WRITER), str(path), who, str(SAVES)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("alice", "bob")
    ]
    reported: list[str] = []
    for writer in writers:
        out, err = writer.communicate(timeout=600)
        assert writer.returncode == 0, err
        reported += json.loads(out)

    assert len(reported) == 2 * SAVES
    on_disk = {clause.id for clause in load_library(path).clauses}
    lost = [clause_id for clause_id in reported if clause_id not in on_disk]
    assert lost == [], f"{len(lost)} saves reported success and were lost"
    assert not lock_path(path).exists()


def test_a_lock_left_by_a_killed_save_is_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "team.clauses.yaml"
    _big_library(path)
    code = f"""
        import os, signal
        from pathlib import Path
        from slaeditor.file_lock import locked
        with locked(Path({str(path)!r})):
            os.kill(os.getpid(), signal.SIGKILL)
        """
    killed = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, check=False)
    assert killed.returncode == -9
    assert lock_path(path).exists()  # left behind by the dead process

    library = load_library(path)
    library.clauses.pop()
    saved = save_library(library)  # its process is gone: the lock is taken over at once

    assert len(load_library(path).clauses) == len(saved.clauses) == 999


def test_a_colleague_holding_the_file_is_named_when_the_wait_runs_out(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("x", encoding="utf-8")
    lock = lock_path(path)
    lock.write_text(
        json.dumps({"user": "carol", "host": "PC-12", "pid": 1, "since": time.time()}),
        encoding="utf-8",
    )

    try:
        with locked(path, wait=0.3):
            raise AssertionError("a live lock on another machine must be waited for")
    except OSError as error:
        assert "carol on PC-12" in str(error)
    long_ago = time.time() - STALE_SECONDS - 5
    os.utime(lock, (long_ago, long_ago))
    with locked(path, wait=0.3):  # older than any save: taken over
        assert lock.exists()
    assert not lock.exists()
