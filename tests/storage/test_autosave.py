"""Autosaves survive a crash, are offered back once, and never steal another window's work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from slaeditor.storage.autosave import Autosaves, Recovery

TEXT = "# SLA Editor agreement.\nprovider:\n  name: Albion Connect\n"


def crash_after_saving(folder: Path, key: str, title: str = "Meridian SLA") -> int:
    """Autosave from another process that then ends without discarding; return its pid."""
    script = textwrap.dedent(
        f"""
        import os
        from pathlib import Path
        from slaeditor.storage.autosave import Autosaves
        Autosaves(Path({str(folder)!r})).save(
            {key!r}, {TEXT!r}, original="/work/meridian.sla.yaml", title={title!r}
        )
        print(os.getpid())
        os._exit(1)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1, result.stderr
    return int(result.stdout)


def set_record(autosaves: Autosaves, key: str, **changes: object) -> None:
    """Rewrite fields of a saved record, as another process would have written them."""
    sidecar = autosaves.sidecar_path(key)
    record = json.loads(sidecar.read_text(encoding="utf-8"))
    record.update(changes)
    sidecar.write_text(json.dumps(record), encoding="utf-8")


@pytest.fixture
def dead_pid() -> int:
    """The id of a process that has ended."""
    process = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(process.stdout)


def test_autosave_left_by_a_crashed_process_is_offered_for_recovery(tmp_path: Path) -> None:
    autosaves = Autosaves(tmp_path / "autosave")
    crash_after_saving(autosaves.folder, "abc123")
    (recovery,) = autosaves.pending()
    assert isinstance(recovery, Recovery)
    assert recovery.key == "abc123"
    assert recovery.path == autosaves.folder / "abc123.sla.yaml"
    assert recovery.path.read_text(encoding="utf-8") == TEXT
    assert recovery.original == "/work/meridian.sla.yaml"
    assert recovery.title == "Meridian SLA"
    assert recovery.saved_at.tzinfo is not None
    assert autosaves.problems == []


def test_autosave_of_another_running_window_is_not_offered_until_it_ends(
    tmp_path: Path,
) -> None:
    autosaves = Autosaves(tmp_path)
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from slaeditor.storage.autosave import Autosaves
        Autosaves(Path({str(tmp_path)!r})).save("open-window", "x: 1\\n", original=None,
                                                 title="Untitled")
        print("saved", flush=True)
        sys.stdin.readline()
        """
    )
    other = subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout is not None
        assert other.stdout.readline().strip() == "saved"
        assert autosaves.pending() == []
        assert autosaves.text_path("open-window").is_file()  # left alone
    finally:
        other.communicate("\n", timeout=60)
    assert [r.key for r in autosaves.pending()] == ["open-window"]


def test_this_process_autosaves_are_never_offered(tmp_path: Path) -> None:
    autosaves = Autosaves(tmp_path)
    autosaves.save("mine", TEXT, original=None, title="Untitled")
    assert autosaves.pending() == []


def test_pending_lists_the_newest_autosave_first(tmp_path: Path, dead_pid: int) -> None:
    autosaves = Autosaves(tmp_path)
    for key, saved_at in [
        ("older", "2025-03-14T09:00:00+00:00"),
        ("newest", "2025-03-14T11:30:00+01:00"),
        ("middle", "2025-03-14T10:00:00+00:00"),
    ]:
        autosaves.save(key, TEXT, original=None, title=key)
        set_record(autosaves, key, pid=dead_pid, saved_at=saved_at)
    assert [r.key for r in autosaves.pending()] == ["newest", "middle", "older"]


def test_discard_removes_the_text_and_its_record(tmp_path: Path) -> None:
    autosaves = Autosaves(tmp_path)
    key = autosaves.new_key()
    path = autosaves.save(key, TEXT, original=None, title="Untitled")
    autosaves.discard(key)
    assert not path.exists()
    assert not autosaves.sidecar_path(key).exists()
    assert list(tmp_path.iterdir()) == []
    autosaves.discard(key)  # discarding twice is harmless


def test_discard_also_removes_temporary_files_a_crash_left_mid_save(tmp_path: Path) -> None:
    autosaves = Autosaves(tmp_path)
    autosaves.save("k1", TEXT, original=None, title="Untitled")
    (tmp_path / ".k1.sla.yaml.x7f3q.tmp").write_text("half", encoding="utf-8")
    (tmp_path / ".other.sla.yaml.x7f3q.tmp").write_text("half", encoding="utf-8")
    autosaves.discard("k1")
    assert [p.name for p in tmp_path.iterdir()] == [".other.sla.yaml.x7f3q.tmp"]


def test_clean_exit_discards_only_this_process_autosaves(tmp_path: Path) -> None:
    autosaves = Autosaves(tmp_path)
    crash_after_saving(tmp_path, "crashed")
    autosaves.save("first", TEXT, original=None, title="One")
    autosaves.save("second", TEXT, original="/tmp/x.sla.yaml", title="Two")
    autosaves.discard_own()
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "crashed.json",
        "crashed.sla.yaml",
    ]


@pytest.mark.parametrize(
    "record",
    [
        "{not json",
        "[1, 2]",
        '{"title": "x", "saved_at": "2025-03-14T09:00:00"}',
        '{"pid": "42", "title": "x", "saved_at": "2025-03-14T09:00:00"}',
        '{"pid": 42, "title": "x", "saved_at": "yesterday"}',
        '{"pid": 42, "title": 7, "saved_at": "2025-03-14T09:00:00"}',
        '{"pid": 42, "original": 3, "title": "x", "saved_at": "2025-03-14T09:00:00"}',
    ],
)
def test_corrupt_record_is_skipped_and_reported(tmp_path: Path, dead_pid: int, record: str) -> None:
    autosaves = Autosaves(tmp_path)
    autosaves.save("good", TEXT, original=None, title="Good")
    set_record(autosaves, "good", pid=dead_pid)
    autosaves.save("bad", TEXT, original=None, title="Bad")
    autosaves.sidecar_path("bad").write_text(record, encoding="utf-8")
    assert [r.key for r in autosaves.pending()] == ["good"]
    (problem,) = autosaves.problems
    assert str(autosaves.sidecar_path("bad")) in problem
    assert autosaves.text_path("bad").is_file()  # never deleted: it may be someone's work


def test_record_that_is_not_utf8_is_skipped_and_reported(tmp_path: Path) -> None:
    autosaves = Autosaves(tmp_path)
    autosaves.save("bad", TEXT, original=None, title="Bad")
    autosaves.sidecar_path("bad").write_bytes(b"\xff\xfe{")
    assert autosaves.pending() == []
    assert len(autosaves.problems) == 1


def test_text_without_its_record_is_reported_not_offered(tmp_path: Path) -> None:
    (tmp_path / "stray.sla.yaml").write_text(TEXT, encoding="utf-8")
    autosaves = Autosaves(tmp_path)
    assert autosaves.pending() == []
    (problem,) = autosaves.problems
    assert "stray.sla.yaml" in problem


def test_record_whose_text_was_never_written_is_not_offered(tmp_path: Path, dead_pid: int) -> None:
    autosaves = Autosaves(tmp_path)
    autosaves.save("half", TEXT, original=None, title="Half")
    set_record(autosaves, "half", pid=dead_pid)
    autosaves.text_path("half").unlink()
    assert autosaves.pending() == []
    assert autosaves.problems == []


def test_record_written_by_hand_without_a_time_zone_is_read_as_local_time(
    tmp_path: Path, dead_pid: int
) -> None:
    autosaves = Autosaves(tmp_path)
    autosaves.save("naive", TEXT, original=None, title="Naive")
    set_record(autosaves, "naive", pid=dead_pid, saved_at="2025-03-14T09:00:00")
    autosaves.save("aware", TEXT, original=None, title="Aware")
    set_record(autosaves, "aware", pid=dead_pid, saved_at="2030-01-01T00:00:00+00:00")
    assert [r.key for r in autosaves.pending()] == ["aware", "naive"]


def test_saving_again_replaces_the_autosave_and_leaves_no_temporary_files(
    tmp_path: Path,
) -> None:
    autosaves = Autosaves(tmp_path / "nested" / "autosave")
    for revision in range(5):
        path = autosaves.save("k1", f"x: {revision}\n", original=None, title=f"r{revision}")
    assert path.read_text(encoding="utf-8") == "x: 4\n"
    record = json.loads(autosaves.sidecar_path("k1").read_text(encoding="utf-8"))
    assert record["title"] == "r4"
    assert record["pid"] == os.getpid()
    assert sorted(p.name for p in autosaves.folder.iterdir()) == ["k1.json", "k1.sla.yaml"]


def test_failed_save_keeps_the_previous_autosave(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    autosaves = Autosaves(tmp_path)
    autosaves.save("k1", "x: 1\n", original=None, title="One")

    def full_disk(self: Path, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    with pytest.raises(OSError):
        autosaves.save("k1", "x: 2\n", original=None, title="Two")
    monkeypatch.undo()
    assert autosaves.text_path("k1").read_text(encoding="utf-8") == "x: 1\n"
    record = json.loads(autosaves.sidecar_path("k1").read_text(encoding="utf-8"))
    assert record["title"] == "One"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k1.json", "k1.sla.yaml"]


@pytest.mark.parametrize("key", ["", "../escape", "a/b", "a.b", "x" * 65, "name with space"])
def test_keys_that_are_not_plain_file_names_are_refused(tmp_path: Path, key: str) -> None:
    autosaves = Autosaves(tmp_path)
    with pytest.raises(ValueError, match="not an autosave key"):
        autosaves.save(key, TEXT, original=None, title="x")
    with pytest.raises(ValueError, match="not an autosave key"):
        autosaves.discard(key)


def test_new_keys_are_unique_and_usable_as_file_names(tmp_path: Path) -> None:
    autosaves = Autosaves(tmp_path)
    keys = {autosaves.new_key() for _ in range(100)}
    assert len(keys) == 100
    for key in list(keys)[:3]:
        assert autosaves.save(key, TEXT, original=None, title="x").parent == tmp_path


def test_a_folder_that_does_not_exist_yet_has_nothing_pending(tmp_path: Path) -> None:
    autosaves = Autosaves(tmp_path / "never-created")
    assert autosaves.pending() == []
    assert autosaves.problems == []
    autosaves.discard_own()
