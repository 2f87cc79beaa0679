"""Facts of earlier layouts kept on disk: read back whole or not at all, in a private folder."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import pytest

from slaeditor.writers.pdf import contents, layout_memory
from slaeditor.writers.pdf.parallel_layout import PartFacts

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SLAEDITOR_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "layout"


def test_what_is_kept_is_read_back_by_kind_and_key(folder: Path) -> None:
    facts = PartFacts(3, (("doc-id", "SLA-1"),), (("c-8", 0), ("c-8-3", 2)))
    layout_memory.keep("facts", "part one", facts.as_json())
    assert PartFacts.from_json(layout_memory.recall("facts", "part one")) == facts
    assert layout_memory.recall("facts", "part two") is None
    assert layout_memory.recall("guess", "part one") is None
    assert [entry.suffix for entry in folder.iterdir()] == [".json"]


@pytest.mark.parametrize(
    "value",
    [
        None,
        [],
        {"pages": "3", "strings": [], "anchors": []},
        {"pages": 2, "strings": [[1, "SLA-1"]], "anchors": []},
        {"pages": 2, "strings": [], "anchors": [["c-8", -1]]},
        {"pages": 2, "strings": []},
    ],
)
def test_facts_of_another_shape_are_none(value: object) -> None:
    assert PartFacts.from_json(value) is None
    assert PartFacts.from_json({"pages": -1, "strings": [], "anchors": []}) is None


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_folder_someone_else_may_write_to_is_not_used(folder: Path) -> None:
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    layout_memory.keep("places", "contract", {"c-1": 3})
    assert not any(folder.iterdir())
    assert layout_memory.recall("places", "contract") is None


def test_the_folder_keeps_only_the_most_recently_used(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(layout_memory, "KEEP", 5)
    monkeypatch.setattr(layout_memory, "PRUNE_EVERY", 1)
    seen: set[Path] = set()
    for number in range(12):
        layout_memory.keep("places", f"contract {number}", {"c-1": number + 1})
        for new in set(folder.glob("*.json")) - seen:  # used in the order written
            os.utime(new, (1000 + number, 1000 + number))
            seen.add(new)
        assert len(list(folder.glob("*.json"))) <= 5
    assert layout_memory.recall("places", "contract 11") == {"c-1": 12}
    assert layout_memory.recall("places", "contract 0") is None


def test_forget_removes_every_kept_fact(folder: Path) -> None:
    layout_memory.keep("places", "contract", {"c-1": 3})
    layout_memory.forget()
    assert layout_memory.recall("places", "contract") is None


def test_heading_pages_read_back_must_be_pages_of_headings(folder: Path) -> None:
    for value in (["c-1", 3], {"c-1": "3"}, {"c-1": 0}, "x" * 10):
        layout_memory.keep("places", "contract", value)
        assert contents.recall("contract") is None
    layout_memory.keep("places", "contract", {"c-1": 3})
    assert contents.recall("contract") == {"c-1": 3}


def test_an_entry_too_large_or_too_deep_is_none(folder: Path) -> None:
    layout_memory.keep("places", "deep", {"c-1": 3})
    [entry] = folder.glob("*.json")
    entry.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert layout_memory.recall("places", "deep") is None
    entry.write_text('{"c-1": 3, "pad": "' + "x" * layout_memory.MAX_BYTES + '"}', encoding="utf-8")
    assert layout_memory.recall("places", "deep") is None
