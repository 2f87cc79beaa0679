"""The `render` command's layout process: started first, it does the layout and answers once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from slaeditor.compose import RenderError
from slaeditor.writers.pdf import early_start, parallel_layout

ROOT = Path(__file__).resolve().parents[2]
TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"

pytestmark = pytest.mark.skipif(
    not parallel_layout.can_fork(), reason="layout processes need Linux and two cores"
)


def refuse(what: str) -> None:
    raise RenderError(f"{what}: cannot be laid out")


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_the_work_is_done_in_the_helper_which_then_ends() -> None:
    with early_start.start() as helper:
        assert helper.pid not in (0, os.getpid())
        assert helper.call(os.getpid) == helper.pid
    assert _gone(helper.pid)


def test_what_the_helper_raises_is_raised_here_with_its_message() -> None:
    with early_start.start() as helper, pytest.raises(RenderError, match=r"skeleton\.html"):
        helper.call(refuse, "skeleton.html")
    assert _gone(helper.pid)


def test_a_helper_that_died_leaves_the_work_to_this_process() -> None:
    with early_start.start() as helper:
        os.kill(helper.pid, 9)
        assert helper.call(os.getpid) == os.getpid()
    assert _gone(helper.pid)


def test_an_unused_helper_ends_with_the_command() -> None:
    helper = early_start.start()
    helper.close()
    assert _gone(helper.pid)


def test_the_command_writes_the_same_contract_as_the_api(tmp_path: Path) -> None:
    """`slaeditor render` (layout in its helper) and render() in one process agree page by page."""
    import slaeditor

    command = tmp_path / "command.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "slaeditor.cli", "render", str(TELECOM), "-o", str(command)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"wrote {command}"
    api = slaeditor.render(TELECOM, tmp_path / "api.pdf")
    by_command = [page.extract_text() for page in PdfReader(command).pages]
    by_api = [page.extract_text() for page in PdfReader(api).pages]
    assert len(by_command) > 15
    assert by_command == by_api


def test_the_command_ends_with_its_status_and_all_of_its_output(tmp_path: Path) -> None:
    """Ended without the interpreter's tear-down, it still says everything and exits right."""
    target = tmp_path / "missing-folder" / "c.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "slaeditor.cli", "render", str(TELECOM), "-o", str(target)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 1
    assert "missing-folder does not exist" in done.stderr
    assert not target.exists()
