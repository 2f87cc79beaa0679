"""The render worker: its request reader (whole lines, in order), and its memory."""

from __future__ import annotations

import gc
import io
import json
import os
from typing import TYPE_CHECKING, Any

from slaeditor.app.render_worker import WARM_UP_EXAMPLE, Requests, serve
from slaeditor.resources import examples_dir
from slaeditor.storage import load_agreement
from slaeditor.storage.drafts import draft_from_agreement
from slaeditor.writers.pdf.forking import PARALLEL_ENV

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    import pytest


def _line(ident: int, kind: str) -> bytes:
    return (json.dumps({"id": ident, "kind": kind}) + "\n").encode()


def test_lines_split_across_reads_or_sharing_one_come_out_whole_and_in_order() -> None:
    read, write = os.pipe()
    try:
        requests = Requests(read)
        first, second = _line(1, "preview"), _line(2, "export")
        os.write(write, first[:7])
        os.write(write, first[7:] + second + b'{"id": 3, "ki')
        lines = iter(requests)
        assert json.loads(next(lines))["id"] == 1
        assert json.loads(next(lines))["id"] == 2
        os.write(write, b'nd": "preview"}\n')
        assert json.loads(next(lines))["id"] == 3
    finally:
        os.close(write)
        os.close(read)


def test_an_export_arriving_during_a_preview_is_kept_and_a_preview_abandons_it() -> None:
    read, write = os.pipe()
    try:
        requests = Requests(read)
        os.write(write, _line(1, "preview"))
        lines = iter(requests)
        assert json.loads(next(lines))["id"] == 1
        os.write(write, _line(2, "export"))
        assert not requests.abandon(), "an export does not cut a preview short"
        os.write(write, _line(3, "preview"))
        assert requests.abandon()
        assert [json.loads(line)["id"] for line in (next(lines), next(lines))] == [2, 3]
    finally:
        os.close(write)
        os.close(read)


def test_a_last_request_without_a_newline_is_answered_when_the_input_ends() -> None:
    read, write = os.pipe()
    requests = Requests(read)
    os.write(write, _line(1, "export") + b'{"id": 2, "kind": "export"}')
    os.close(write)
    try:
        assert [json.loads(line)["id"] for line in requests] == [1, 2]
    finally:
        os.close(read)


def test_each_preview_laid_out_in_the_worker_is_answered_then_its_memory_given_back(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Laid out in the worker itself, in one pass, as on macOS and Windows: the collector waits
    # while a preview is made and looks at what it left once the window has its answer.
    monkeypatch.setenv(PARALLEL_ENV, "0")
    draft = draft_from_agreement(load_agreement(examples_dir() / WARM_UP_EXAMPLE))
    counts: list[int] = []
    events: list[str] = []

    def requests() -> Iterator[str]:
        for number in range(4):
            draft["customer"]["short_name"] = f"Customer {number}"
            target = str(tmp_path / f"preview-{number}.pdf")
            yield json.dumps({"id": number, "kind": "preview", "data": draft, "target": target})
            counts.append(len(gc.get_objects()))  # the reply written, what follows it done

    def record(phase: str, info: dict[str, Any]) -> None:
        if phase == "stop" and info["collected"] > 10_000:  # a preview's cycles, found
            events.append("collected")

    class Replies(io.StringIO):
        def write(self, text: str) -> int:
            events.append("answered")
            return super().write(text)

    replies = Replies()
    gc.callbacks.append(record)
    try:
        serve(requests(), replies)
    finally:
        gc.callbacks.remove(record)
    answers = [json.loads(line) for line in replies.getvalue().splitlines()]
    assert [(answer["ok"], answer["parts"]) for answer in answers] == [(True, 0)] * 4
    assert events == ["answered", "collected"] * 4, "the window waited for the collector"
    assert gc.isenabled()
    # a preview's layout leaves ~130,000 objects in cycles; kept, they would add up
    assert counts[3] - counts[1] < 10_000, counts
