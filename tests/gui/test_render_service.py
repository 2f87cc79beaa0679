"""The render service drives a real worker process: real renders, real crashes, real timing."""

from __future__ import annotations

import contextlib
import copy
import itertools
import json
import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from helpers import ROOT, docx_text, pdf_page_count, pdf_text
from PySide6.QtCore import QEventLoop, QTimer

from slaeditor.app.render_worker import NICENESS, handle
from slaeditor.gui.render_service import RenderService
from slaeditor.storage import load_agreement
from slaeditor.storage.drafts import draft_from_agreement

if TYPE_CHECKING:
    from collections.abc import Iterator

    from PySide6.QtWidgets import QApplication
    from pytestqt.qtbot import QtBot

CUSTOMER = "Meridian Freight Group"
WARM_UP_MS = 90_000  # the first start imports WeasyPrint and renders a contract on 2 slow cores
RENDER_MS = 60_000
SIGNALS = (
    "ready",
    "preview_finished",
    "preview_failed",
    "export_finished",
    "export_failed",
    "busy_changed",
)


@pytest.fixture(scope="module")
def telecom() -> dict[str, Any]:
    return draft_from_agreement(load_agreement(ROOT / "examples" / "telecom-customer.sla.yaml"))


@pytest.fixture
def draft(telecom: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(telecom)


def _started(temp_parent: Path) -> RenderService:
    """Start a service and wait for its worker to warm up, with or without a qtbot."""
    render_service = RenderService(temp_parent=str(temp_parent))
    loop = QEventLoop()
    render_service.ready.connect(loop.quit)
    QTimer.singleShot(WARM_UP_MS, loop.quit)
    render_service.start()
    loop.exec()
    render_service.ready.disconnect(loop.quit)
    assert render_service.is_ready(), "the render worker did not warm up"
    return render_service


@pytest.fixture(scope="module")
def shared_service(
    qapp: QApplication, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RenderService]:
    """One warm worker for the tests that leave it as they found it (each start costs 2 s)."""
    render_service = _started(tmp_path_factory.mktemp("previews"))
    yield render_service
    render_service.stop()


@pytest.fixture
def service(qtbot: QtBot, shared_service: RenderService) -> Iterator[RenderService]:
    """The shared service, idle before the test and with the test's connections removed after."""
    qtbot.waitUntil(lambda: not shared_service.is_busy(), timeout=RENDER_MS)
    yield shared_service
    qtbot.waitUntil(lambda: not shared_service.is_busy(), timeout=RENDER_MS)
    for name in SIGNALS:
        with warnings.catch_warnings(), contextlib.suppress(RuntimeError, SystemError):
            warnings.simplefilter("ignore")
            getattr(shared_service, name).disconnect()
    assert shared_service.is_ready()


@pytest.fixture
def fresh_service(qtbot: QtBot, tmp_path: Path) -> Iterator[RenderService]:
    """A service of the test's own, for tests that kill or stop the worker."""
    render_service = _started(tmp_path)
    yield render_service
    render_service.stop()


def test_worker_becomes_ready_after_warming_up(fresh_service: RenderService) -> None:
    assert fresh_service.is_ready()
    assert fresh_service.worker_pid() is not None
    assert not fresh_service.is_busy()


def test_preview_of_the_telecom_example_is_a_pdf_naming_the_customer(
    qtbot: QtBot, service: RenderService, draft: dict[str, Any]
) -> None:
    with qtbot.waitSignal(service.preview_finished, timeout=RENDER_MS) as finished:
        request = service.request_preview(draft, None)
    ident, path, ms = finished.args
    assert ident == request
    assert Path(path).name.startswith("preview-")
    assert ms > 0
    assert CUSTOMER in pdf_text(Path(path), body_only=False)


def test_an_invalid_draft_fails_with_a_message_naming_the_field(
    qtbot: QtBot, service: RenderService, draft: dict[str, Any]
) -> None:
    draft["provider"]["name"] = ""
    with qtbot.waitSignal(service.preview_failed, timeout=RENDER_MS) as failed:
        request = service.request_preview(draft, None)
    ident, message = failed.args
    assert ident == request
    assert "provider.name" in message
    assert "\n" not in message


def test_exports_write_a_word_and_a_pdf_contract(
    qtbot: QtBot, service: RenderService, draft: dict[str, Any], tmp_path: Path
) -> None:
    written: list[str] = []
    service.export_finished.connect(lambda path, _ms: written.append(path))
    word, pdf = tmp_path / "contract.docx", tmp_path / "contract.pdf"
    service.export(draft, str(word), None)
    service.export(draft, str(pdf), None)
    qtbot.waitUntil(lambda: len(written) == 2, timeout=RENDER_MS)
    assert written == [str(word), str(pdf)]
    assert CUSTOMER in docx_text(word)
    assert CUSTOMER in pdf_text(pdf, body_only=False)


def test_an_export_to_a_missing_folder_fails_naming_the_folder(
    qtbot: QtBot, service: RenderService, draft: dict[str, Any], tmp_path: Path
) -> None:
    target = tmp_path / "no-such-folder" / "contract.pdf"
    with qtbot.waitSignal(service.export_failed, timeout=RENDER_MS) as failed:
        service.export(draft, str(target), None)
    assert failed.args[0] == str(target)
    assert "no-such-folder" in failed.args[1]


def test_an_export_goes_before_a_waiting_preview(
    qtbot: QtBot, service: RenderService, draft: dict[str, Any], tmp_path: Path
) -> None:
    events: list[str] = []
    service.preview_finished.connect(lambda ident, *_: events.append(f"preview {ident}"))
    service.export_finished.connect(lambda *_: events.append("export"))
    first = service.request_preview(draft, None)  # sent at once
    second = service.request_preview(draft, None)  # sent to overtake the first
    third = service.request_preview(draft, None)  # waits: one overtaking preview at a time
    service.export(draft, str(tmp_path / "contract.docx"), None)
    qtbot.waitUntil(lambda: f"preview {third}" in events, timeout=RENDER_MS)
    # The first is shown only if the worker finished it before it saw the second; an export
    # waiting is never overtaken by a preview, so the second finishes, then the export runs.
    assert events in (
        [f"preview {first}", f"preview {second}", "export", f"preview {third}"],
        [f"preview {second}", "export", f"preview {third}"],
    )


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_worker_fails_the_request_and_is_restarted(
    qtbot: QtBot, fresh_service: RenderService, draft: dict[str, Any]
) -> None:
    service = fresh_service
    first_pid = service.worker_pid()
    assert first_pid is not None
    # A short name on every page: no part the worker laid out while warming up can be kept.
    draft["customer"]["short_name"] = "Meridian Freight"
    request = service.request_preview(draft, None)
    qtbot.wait(300)  # the worker is now laying out pages
    with (
        qtbot.waitSignal(service.preview_failed, timeout=RENDER_MS) as failed,
        qtbot.waitSignal(service.ready, timeout=WARM_UP_MS),
    ):
        os.kill(first_pid, signal.SIGKILL)
    assert failed.args[0] == request
    assert "crashed" in failed.args[1]
    assert service.worker_pid() not in (None, first_pid)
    with qtbot.waitSignal(service.preview_finished, timeout=RENDER_MS) as finished:
        again = service.request_preview(draft, None)
    assert finished.args[0] == again


def test_the_latest_preview_wins_over_waiting_ones(
    qtbot: QtBot, service: RenderService, draft: dict[str, Any]
) -> None:
    finished: list[int] = []
    failed: list[int] = []
    service.preview_finished.connect(lambda ident, *_: finished.append(ident))
    service.preview_failed.connect(lambda ident, _message: failed.append(ident))
    ids = [service.request_preview(draft, None) for _ in range(3)]
    qtbot.waitUntil(lambda: ids[-1] in finished, timeout=RENDER_MS)
    qtbot.wait(200)  # nothing else may arrive afterwards
    # The first two are overtaken: each is either cut short (no signal) or, if the worker
    # had finished it, shown until the newest is ready. The newest is shown last.
    assert finished[-1] == ids[2]
    assert finished == sorted(set(finished))
    assert set(finished) <= set(ids)
    assert failed == []
    assert not service.is_busy()


def test_a_newer_preview_cuts_short_the_one_being_laid_out(
    draft: dict[str, Any], tmp_path: Path
) -> None:
    worker = subprocess.Popen(
        [sys.executable, "-m", "slaeditor.app.render_worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert worker.stdin is not None and worker.stdout is not None
    try:
        assert json.loads(worker.stdout.readline()) == {"ready": True}

        def ask(ident: int, title: str) -> None:
            data = copy.deepcopy(draft)
            data["document"]["title"] = title  # on every page: nothing kept can be reused
            target = str(tmp_path / f"preview-{ident}.pdf")
            request = {"id": ident, "kind": "preview", "data": data, "target": target}
            worker.stdin.write(json.dumps({**request, "base": None}) + "\n")  # type: ignore[union-attr]
            worker.stdin.flush()  # type: ignore[union-attr]

        ask(1, "Warm Parts Agreement")  # the worker's first render was in one pass
        assert json.loads(worker.stdout.readline())["ok"]
        started = time.perf_counter()
        ask(2, "Overtaken Agreement")
        time.sleep(0.15)
        ask(3, "Newest Agreement")
        overtaken, newest = (json.loads(worker.stdout.readline()) for _ in range(2))
        assert overtaken["id"] == 2
        assert overtaken["superseded"] is True and overtaken["ok"] is False
        assert not (tmp_path / "preview-2.pdf").exists()
        assert newest["id"] == 3 and newest["ok"]
        assert "Newest Agreement" in pdf_text(Path(newest["target"]), body_only=False)
        print(f"overtaken and newest preview in {time.perf_counter() - started:.2f} s")
    finally:
        worker.stdin.close()
        worker.wait(timeout=60)


def test_previews_alternate_between_two_files(
    qtbot: QtBot, service: RenderService, draft: dict[str, Any]
) -> None:
    paths: list[str] = []
    for _ in range(3):
        with qtbot.waitSignal(service.preview_finished, timeout=RENDER_MS) as finished:
            service.request_preview(draft, None)
        paths.append(finished.args[1])
    assert paths[0] != paths[1]
    assert paths[2] == paths[0]


def test_rendering_does_not_stall_the_gui_thread(
    qtbot: QtBot, service: RenderService, draft: dict[str, Any]
) -> None:
    # A title never rendered before is in every page's header: no part kept from an earlier
    # preview can be reused, so every page is laid out while the GUI thread is watched.
    draft["document"]["title"] = f"Stall check {time.time_ns()}"
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    qtbot.wait(50)
    with qtbot.waitSignal(service.preview_finished, timeout=RENDER_MS) as finished:
        service.request_preview(draft, None)
    qtbot.wait(50)
    timer.stop()
    gaps = [later - earlier for earlier, later in itertools.pairwise(ticks)]
    longest_ms = max(gaps) * 1000
    print(f"longest GUI gap while rendering: {longest_ms:.1f} ms over {len(ticks)} ticks")
    rendered_ms = finished.args[2]
    assert rendered_ms > 300, "the whole contract was laid out, not taken from kept parts"
    assert len(ticks) > rendered_ms / 10  # the timer kept ticking all through the render
    assert longest_ms < 50


def test_busy_changes_when_work_starts_and_ends(
    qtbot: QtBot, service: RenderService, draft: dict[str, Any]
) -> None:
    states: list[bool] = []
    service.busy_changed.connect(states.append)
    with qtbot.waitSignal(service.preview_finished, timeout=RENDER_MS):
        service.request_preview(draft, None)
    assert states == [True, False]


def test_stop_removes_the_preview_files(
    qtbot: QtBot, fresh_service: RenderService, draft: dict[str, Any]
) -> None:
    service = fresh_service
    with qtbot.waitSignal(service.preview_finished, timeout=RENDER_MS) as finished:
        service.request_preview(draft, None)
    folder = Path(finished.args[1]).parent
    service.stop()
    assert not folder.exists()
    assert not service.is_ready()
    assert service.worker_pid() is None


def test_a_worker_that_cannot_start_fails_requests_clearly(
    qtbot: QtBot, tmp_path: Path, draft: dict[str, Any]
) -> None:
    missing = str(tmp_path / "no-such-python")
    broken = RenderService(
        command=[missing, "-m", "slaeditor.app.render_worker"], temp_parent=str(tmp_path)
    )
    try:
        with qtbot.waitSignal(broken.export_failed, timeout=RENDER_MS) as failed:
            broken.export(draft, str(tmp_path / "contract.pdf"), None)
        assert "could not be started" in failed.args[1]
        assert missing in failed.args[1]
    finally:
        broken.stop()


def test_a_worker_that_dies_while_starting_is_restarted_once_then_reported(
    qtbot: QtBot, tmp_path: Path, draft: dict[str, Any]
) -> None:
    dying = "import sys; print('no fonts here', file=sys.stderr); sys.exit(3)"
    broken = RenderService(command=[sys.executable, "-c", dying], temp_parent=str(tmp_path))
    try:
        with qtbot.waitSignal(broken.preview_failed, timeout=RENDER_MS) as failed:
            broken.request_preview(draft, None)
        assert "exit code 3" in failed.args[1]
        assert "no fonts here" in failed.args[1]
        assert not broken.is_busy()
    finally:
        broken.stop()


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2,
    reason="parts are laid out in parallel only on Linux with two or more cores",
)
def test_an_export_after_a_preview_reuses_the_parts_the_preview_laid_out(
    draft: dict[str, Any], tmp_path: Path
) -> None:
    def request(ident: int, kind: str, target: Path) -> dict[str, Any]:
        line = {"id": ident, "kind": kind, "data": draft, "target": str(target), "base": None}
        return handle(json.dumps(line))

    assert request(1, "preview", tmp_path / "warm.pdf")["ok"]  # the process's first may be one pass
    draft["document"]["title"] = f"Reuse check {time.time_ns()}"
    preview = request(2, "preview", tmp_path / "preview.pdf")
    export = request(3, "export", tmp_path / "contract.pdf")
    assert preview["ok"] and export["ok"]
    assert preview["parts"] == 7, "a title never rendered before: every part laid out"
    assert export["parts"] <= 1, "only the title page (it carries the export's time) again"
    assert preview["pages"] == pdf_page_count(tmp_path / "preview.pdf") > 20, "the status's count"
    assert draft["document"]["title"] in pdf_text(tmp_path / "contract.pdf", body_only=False)
    assert slaeditor_source(tmp_path / "contract.pdf") and not slaeditor_source(
        tmp_path / "preview.pdf"
    )


def slaeditor_source(pdf: Path) -> bool:
    """Tell whether a PDF carries the agreement it was made from."""
    from pypdf import PdfReader

    return "agreement.sla.yaml" in PdfReader(pdf).attachments


def test_the_worker_answers_malformed_requests_without_crashing() -> None:
    garbled = handle("not json")
    assert garbled["id"] is None
    assert not garbled["ok"]
    assert "not valid JSON" in garbled["error"]
    assert handle("[1, 2]")["id"] is None
    assert handle('{"id": 4, "kind": "print"}') == {
        "id": 4,
        "ok": False,
        "error": "unknown request kind 'print'",
    }
    assert "agreement data" in handle('{"id": 5, "kind": "preview", "target": "x.pdf"}')["error"]


def test_the_worker_writes_only_json_lines_on_stdout(draft: dict[str, Any], tmp_path: Path) -> None:
    requests = [
        "garbage",
        json.dumps({"id": 1, "kind": "preview", "data": {}, "target": "x.pdf", "base": None}),
        json.dumps(
            {
                "id": 2,
                "kind": "export",
                "data": draft,
                "target": str(tmp_path / "c.docx"),
                "base": None,
            }
        ),
    ]
    result = subprocess.run(
        [sys.executable, "-m", "slaeditor.app.render_worker"],
        input="\n".join(requests) + "\n",
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert replies[0] == {"ready": True}
    assert [reply.get("id") for reply in replies[1:]] == [None, 1, 2]
    assert [reply["ok"] for reply in replies[1:]] == [False, False, True]
    assert (tmp_path / "c.docx").is_file()


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="POSIX scheduling priorities")
def test_the_worker_yields_the_cpu_to_the_window(service: RenderService) -> None:
    """The worker runs at a lower priority: a busy render never outranks the window."""
    pid = service.worker_pid()
    assert pid is not None
    window = os.getpriority(os.PRIO_PROCESS, 0)
    assert os.getpriority(os.PRIO_PROCESS, pid) == min(window + NICENESS, 19)


RUNAWAY = (
    '{% set s = "x" * 999999 %}{% for i in range(400) %}{% for j in range(400) %}'
    '{{ s | replace("x", "y") | length > 5 }}{% endfor %}{% endfor %}'
)


def test_a_runaway_preview_is_stopped_named_and_the_next_one_renders(
    qtbot: QtBot,
    fresh_service: RenderService,
    draft: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from slaeditor.gui import render_service as module

    monkeypatch.setattr(module, "JOB_SECONDS", 3.0)
    runaway = copy.deepcopy(draft)
    runaway["clauses"] = {
        "credits-claims": {"library": "Mailed", "clause": "claims", "version": 1, "text": RUNAWAY}
    }
    first_pid = fresh_service.worker_pid()

    with qtbot.waitSignal(fresh_service.preview_failed, timeout=RENDER_MS) as failed:
        fresh_service.request_preview(runaway, None)

    assert "was stopped after 3 seconds" in failed.args[1]
    qtbot.waitUntil(fresh_service.is_ready, timeout=WARM_UP_MS)
    assert fresh_service.worker_pid() not in (None, first_pid)
    with qtbot.waitSignal(fresh_service.preview_finished, timeout=RENDER_MS):
        fresh_service.request_preview(draft, None)
