"""The render worker's request reader: whole lines, in order, whatever the pipe delivers."""

from __future__ import annotations

import json
import os

from slaeditor.app.render_worker import Requests


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
