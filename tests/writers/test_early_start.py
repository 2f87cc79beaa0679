"""The `render` command's layout process: started first, it does the layout and answers once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from slaeditor.clauses.pack import PackError
from slaeditor.compose import RenderError
from slaeditor.writers.pdf import early_start, forking

ROOT = Path(__file__).resolve().parents[2]
TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"

pytestmark = pytest.mark.skipif(
    not forking.can_fork(), reason="layout processes need Linux and two cores"
)


def refuse(what: str) -> None:
    raise RenderError(f"{what}: cannot be laid out")


def refuse_the_pack(folder: str) -> None:
    raise PackError(Path(folder) / "pack.yaml", "no outline", 7)


def _gone(pid: int) -> bool:
    """Whether the process has ended (a zombie waiting for its reaper counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in {"Z", "X"}


def test_the_work_is_done_in_the_helper_which_then_ends() -> None:
    with early_start.start() as helper:
        assert helper.pid not in (0, os.getpid())
        assert helper.call(os.getpid) == helper.pid
    assert _gone(helper.pid)


def test_what_the_helper_raises_is_raised_here_with_its_message_and_traceback() -> None:
    with early_start.start() as helper, pytest.raises(RenderError, match=r"skeleton\.html") as got:
        helper.call(refuse, "skeleton.html")
    assert _gone(helper.pid)
    cause = got.value.__cause__
    assert isinstance(cause, early_start.LayoutProcessTraceback)
    assert "in refuse" in str(cause)  # where it was raised, in the helper


def test_a_file_error_from_the_helper_keeps_its_file_and_line() -> None:
    """The command prints a user's error as one message: it must arrive as that error."""
    with early_start.start() as helper, pytest.raises(PackError) as got:
        helper.call(refuse_the_pack, "my-pack")
    assert got.value.line == 7
    assert str(got.value) == f"{Path('my-pack') / 'pack.yaml'}, line 7: no outline"


def test_work_that_cannot_be_handed_over_is_done_here() -> None:
    with early_start.start() as helper:
        assert helper.call(lambda: os.getpid()) == os.getpid()  # a lambda does not pickle
    assert _gone(helper.pid)


def _left_after_killing(script: str, children: int, *, killed_by_itself: bool) -> list[int]:
    """Run script, which prints the pids of its busy children; kill it (or let it kill itself).

    Return the children still running 5 s later (well before their 30 s of work would end),
    killed then so that nothing outlives the test.
    """
    with subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    ) as parent:
        assert parent.stdout is not None
        pids = [int(parent.stdout.readline()) for _ in range(children)]
        if not killed_by_itself:
            parent.kill()
        assert parent.wait(timeout=60) == -9
    deadline = time.monotonic() + 5
    while not all(_gone(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in pids if not _gone(pid)]
    for pid in left:
        os.kill(pid, 9)
    return left


def test_the_helper_dies_with_a_command_killed_outright(tmp_path: Path) -> None:
    """A killed command leaves no layout process behind to write a file nobody waits for."""
    script = (  # the helper is busy (30 s of work) when the command is killed
        "import os, pickle, time\n"
        "from slaeditor.writers.pdf import early_start\n"
        "helper = early_start.start()\n"
        "helper.connection.send_bytes(pickle.dumps((time.sleep, (30,), {})))\n"
        "print(helper.pid, flush=True)\n"
        "time.sleep(1)\n"
        "os.kill(os.getpid(), 9)\n"
    )
    left = _left_after_killing(script, 1, killed_by_itself=True)
    assert not left, "the layout process went on after its command was killed"


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


def test_part_processes_die_with_the_process_that_forked_them() -> None:
    """A killed render worker left its part processes behind, holding its pipes open.

    Each waited for page numbers on a pipe that its siblings, forked after it, still held
    open, so none ever saw the end of it; the window then never learnt that its worker had
    died. Here the parts are busy (30 s of work each) when their parent is killed.
    """
    script = (
        "import sys, time\n"
        "from slaeditor.writers.pdf import parallel_layout as parts\n"
        "real = parts.fork_child\n"
        "def shown(work):\n"
        "    pid, connection = real(work)\n"
        "    print(pid, flush=True)\n"
        "    return pid, connection\n"
        "parts.fork_child = shown\n"
        "class Slow:\n"
        "    def key(self, index): return 'k'\n"
        "    def layout_key(self): return 'l'\n"
        "    def lay_out(self, html): time.sleep(30)\n"
        "    def write(self, document, index): return b'', ()\n"
        "marker = parts.MARKER\n"
        "html = '<html><body>' + marker + '<p>a</p>' + marker + '<p>b</p></body></html>'\n"
        "parts.lay_out(parts.split(html), Slow())\n"
    )
    left = _left_after_killing(script, 2, killed_by_itself=False)
    assert not left, "part processes went on after the process laying them out was killed"
