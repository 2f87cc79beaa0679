"""The library manager's operations keep ids unique and never approve changed text silently."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import pytest

from slaeditor.clauses.library import (
    LibraryClause,
    LibraryConflict,
    LibraryError,
    load_library,
    new_library,
    save_library,
)
from slaeditor.clauses.manage import (
    add_clause,
    duplicate_clause,
    export_clauses,
    import_clauses,
    move_clause,
    remove_clause,
    retire_clause,
    unique_id,
    update_clause,
)

if TYPE_CHECKING:
    from pathlib import Path

    from slaeditor.clauses.records import Library


def _clause(clause_id: str, text: str = "Text.") -> LibraryClause:
    return LibraryClause(
        clause_id, clause_id.title(), "credits", status="approved", version=2,
        variants={"standard": text},
    )  # fmt: skip


def _library(path: Path, *ids: str) -> Library:
    library = new_library(path, path.stem)
    library.clauses = [_clause(i) for i in ids]
    return library


def test_duplicates_get_a_free_id_after_the_original_as_drafts(tmp_path: Path) -> None:
    library = _library(tmp_path / "a.clauses.yaml", "cap", "cap-copy", "claims")
    once = duplicate_clause(library, "cap")
    assert [c.id for c in once.clauses] == ["cap", "cap-copy-2", "cap-copy", "claims"]
    copy = once.clause("cap-copy-2")
    assert copy is not None and (copy.status, copy.version) == ("draft", 0)
    assert copy.variants == library.clauses[0].variants
    assert unique_id(once, "claims") == "claims-2"
    assert [c.id for c in library.clauses] == ["cap", "cap-copy", "claims"], "input untouched"


def test_editing_an_approved_clause_makes_it_a_draft_again(tmp_path: Path) -> None:
    library = _library(tmp_path / "a.clauses.yaml", "cap")
    edited = update_clause(library, dataclasses.replace(library.clauses[0], title="New"))
    assert edited.clauses[0].status == "draft"
    same = update_clause(library, library.clauses[0])
    assert same.clauses[0].status == "approved"
    with pytest.raises(LibraryError, match="has no clause 'nope'"):
        update_clause(library, _clause("nope"))
    with pytest.raises(LibraryError, match="already has a clause 'cap'"):
        add_clause(library, _clause("cap"))


def test_retired_clauses_stay_in_the_file(tmp_path: Path) -> None:
    library = _library(tmp_path / "a.clauses.yaml", "cap")
    retired = save_library(retire_clause(library, "cap"))
    assert load_library(retired.path).clauses[0].status == "retired"
    assert remove_clause(retired, "cap").clauses == []


def test_moving_keeps_the_id_unless_the_target_has_it(tmp_path: Path) -> None:
    source = _library(tmp_path / "a.clauses.yaml", "cap", "claims")
    target = _library(tmp_path / "b.clauses.yaml", "claims")
    source, target = move_clause(source, target, "claims")
    assert [c.id for c in source.clauses] == ["cap"]
    assert [c.id for c in target.clauses] == ["claims", "claims-2"]
    source, target = move_clause(source, target, "cap")
    assert (source.clauses, [c.id for c in target.clauses]) == ([], ["claims", "claims-2", "cap"])


def test_import_skips_or_replaces_existing_ids(tmp_path: Path) -> None:
    target = _library(tmp_path / "a.clauses.yaml", "cap")
    other = _library(tmp_path / "b.clauses.yaml", "cap", "claims", "form")
    other.clauses[0] = _clause("cap", "Their cap.")
    merged, skipped = import_clauses(target, other)
    assert ([c.id for c in merged.clauses], skipped) == (["cap", "claims", "form"], ["cap"])
    assert merged.clauses[0].variants["standard"] == "Text."
    replaced, skipped = import_clauses(target, other, ["cap", "form"], replace=True)
    assert ([c.id for c in replaced.clauses], skipped) == (["cap", "form"], [])
    assert replaced.clauses[0].variants["standard"] == "Their cap."


def test_export_writes_a_new_file_and_never_over_an_existing_one(tmp_path: Path) -> None:
    library = _library(tmp_path / "a.clauses.yaml", "cap", "claims")
    target = tmp_path / "out.clauses.yaml"
    save_library(export_clauses(library, target, ["claims"], name="Shared"))
    exported = load_library(target)
    assert (exported.name, [c.id for c in exported.clauses]) == ("Shared", ["claims"])
    with pytest.raises(LibraryConflict):
        save_library(export_clauses(library, target))
    assert [c.id for c in load_library(target).clauses] == ["claims"]
