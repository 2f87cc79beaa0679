"""`make test` checks the system packages first and prints the one command that installs them.

Without poppler and LibreOffice eleven tests failed with tracebacks. The check runs with the
system's python3 before the venv exists, so it is run here the same way, with the commands
hidden from its PATH as on a machine that lacks them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from typing import TYPE_CHECKING

from helpers import ROOT

if TYPE_CHECKING:
    from pathlib import Path

SCRIPT = ROOT / "tools" / "prerequisites.py"


def _check(path: str, purpose: str = "test") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), purpose],
        capture_output=True,
        text=True,
        env={"PATH": path, "LANG": "C.UTF-8"},
        cwd=ROOT,
        check=False,
    )


def test_a_machine_with_everything_passes_silently() -> None:
    done = _check("/usr/local/bin:/usr/bin:/bin")

    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_missing_tools_are_named_with_the_one_command_that_installs_them(tmp_path: Path) -> None:
    bare = tmp_path / "bin"
    bare.mkdir()
    for tool in ("fc-list", "pdftotext"):  # everything else the tests need is missing
        found = shutil.which(tool)
        if found:
            (bare / tool).symlink_to(found)

    done = _check(str(bare))

    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "the soffice command (package libreoffice-writer-nogui)" in done.stderr
    assert "the pdftotext command" not in done.stderr
    command = done.stderr.strip().splitlines()[-1].strip()
    assert command.startswith("sudo apt-get install -y ")
    assert set(command.split()[4:]) >= {"poppler-utils", "libreoffice-writer-nogui", "xvfb"}


def test_make_run_asks_only_for_what_the_application_needs(tmp_path: Path) -> None:
    done = _check(str(tmp_path), "run")

    assert done.returncode == 0, done.stderr  # no LibreOffice, Xvfb or poppler needed to run
