"""Several libraries at once: precedence and conflicts are shown, broken files left untouched."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from helpers import ROOT

from slaeditor.clauses.library import LibraryClause, new_library, save_library
from slaeditor.clauses.library_set import (
    LibrarySet,
    LibrarySource,
    default_sources,
    personal_library_path,
)

if TYPE_CHECKING:
    from pathlib import Path

STANDARD = ROOT / "templates" / "standard"
PACK = LibrarySource("pack", STANDARD / "clauses.yaml")


def _write(path: Path, name: str, *clauses: LibraryClause) -> Path:
    library = new_library(path, name)
    library.clauses = list(clauses)
    save_library(library)
    return path


def _clause(
    clause_id: str,
    title: str,
    body: str = "Text.",
    section: str = "credits",
    tags: tuple[str, ...] = (),
) -> LibraryClause:
    return LibraryClause(clause_id, title, section, tags=tags, variants={"standard": body})


@pytest.fixture
def three(tmp_path: Path) -> LibrarySet:
    personal = _write(
        tmp_path / "personal.clauses.yaml", "Personal", _clause("credits-cap", "My cap")
    )
    team_a = _write(
        tmp_path / "a.clauses.yaml",
        "Team A",
        _clause("credits-cap", "Team cap"),
        _clause("uk-notices", "Notices in the UK", "Post to the registered office.",
                section="escalation", tags=("notices", "UK")),
    )  # fmt: skip
    team_b = _write(tmp_path / "b.clauses.yaml", "Team B", _clause("uk-notices", "B notices"))
    return LibrarySet(
        [
            PACK,
            LibrarySource("team", team_a),
            LibrarySource("personal", personal),
            LibrarySource("team", team_b),
        ]
    )


def test_precedence_is_personal_then_teams_in_order_then_the_pack(three: LibrarySet) -> None:
    assert [lib.name for lib in three.libraries] == [
        "Personal",
        "Team A",
        "Team B",
        "Standard pack",
    ]
    caps = [(e.library.name, e.shadowed) for e in three.entries() if e.clause.id == "credits-cap"]
    assert caps == [("Personal", False), ("Team A", True), ("Standard pack", True)]


def test_conflicts_list_every_library_holding_the_same_id(three: LibrarySet) -> None:
    conflicts = {c.clause_id: [lib.name for lib in c.libraries] for c in three.conflicts()}
    assert conflicts == {
        "credits-cap": ["Personal", "Team A", "Standard pack"],
        "uk-notices": ["Team A", "Team B"],
    }


def test_search_matches_title_text_and_tags_in_any_case_with_every_word(three: LibrarySet) -> None:
    def found(text: str, **filters: str) -> list[tuple[str, str]]:
        return [(e.library.name, e.clause.id) for e in three.search(text, **filters)]

    assert found("REGISTERED office") == [("Team A", "uk-notices")]
    assert found("uk notices")[:2] == [("Team A", "uk-notices"), ("Team B", "uk-notices")]
    assert ("Team A", "uk-notices") in found("uk", tag="UK")
    assert found("registered", section="credits") == []
    assert found("registered nonsense") == []
    titles_first = found("cap")
    assert titles_first[:3] == [
        ("Personal", "credits-cap"), ("Team A", "credits-cap"), ("Standard pack", "credits-cap")
    ]  # fmt: skip
    assert len(three.search("")) == len(three.entries())
    assert {e.clause.section for e in three.entries(section="on-site")} == {"on-site"}


def test_a_library_that_does_not_parse_is_reported_and_left_untouched(tmp_path: Path) -> None:
    broken = tmp_path / "broken.clauses.yaml"
    broken.write_text("clauses:\n  - id: x\n    title: a: b\n", encoding="utf-8")
    before = broken.read_bytes()
    library_set = LibrarySet([LibrarySource("team", broken), PACK])
    assert [lib.name for lib in library_set.libraries] == ["Standard pack"]
    [error] = library_set.errors
    assert (error.path, error.line) == (broken, 3)
    assert broken.read_bytes() == before


def test_a_missing_personal_library_is_empty_until_first_saved(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "personal.clauses.yaml"
    library_set = LibrarySet([LibrarySource("personal", path), PACK])
    personal = library_set.libraries[0]
    assert (personal.name, personal.clauses, library_set.errors) == ("Personal", [], [])
    assert library_set.source_of(personal).writable
    assert not library_set.source_of(library_set.libraries[1]).writable
    personal.clauses.append(_clause("mine", "Mine"))
    library_set.replace(save_library(personal))
    assert path.is_file()
    assert library_set.find("Personal", "mine") is not None


def test_reload_picks_up_a_colleagues_save_and_keeps_precedence(three: LibrarySet) -> None:
    team_a = three.library("Team A")
    assert team_a is not None
    other = new_library(team_a.path, "Team A")
    other.clauses = [_clause("fresh", "Fresh")]
    save_library(other, force=True)
    reloaded = three.reload(team_a.path)
    assert reloaded is not None
    assert [lib.name for lib in three.libraries] == [
        "Personal",
        "Team A",
        "Team B",
        "Standard pack",
    ]
    assert three.find("Team A", "fresh") is not None
    assert three.find("Team A", "credits-cap") is None
    team_a.path.write_text("clauses: [", encoding="utf-8")
    assert three.reload(team_a.path) is None
    assert [e.path for e in three.errors] == [team_a.path]
    assert "Team A" not in [lib.name for lib in three.libraries]


def test_default_sources_put_the_personal_library_in_the_user_data_folder(tmp_path: Path) -> None:
    sources = default_sources(STANDARD, [tmp_path / "t.clauses.yaml"])
    assert [s.kind for s in sources] == ["personal", "team", "pack"]
    assert sources[0].path == personal_library_path()
    assert personal_library_path().name == "personal.clauses.yaml"
    assert sources[2].path == STANDARD / "clauses.yaml"


def test_the_starter_library_has_forty_clauses_across_all_sections_with_real_fallbacks() -> None:
    from slaeditor.clauses.library import load_library
    from slaeditor.clauses.records import SECTIONS

    library = load_library(STANDARD / "clauses.yaml")
    assert len(library.clauses) >= 40
    assert {c.section for c in library.clauses} == set(SECTIONS)
    fallbacks = {c.id for c in library.clauses if "fallback" in c.variants}
    for wanted in ("credits-", "exclusions-", "support-response", "on-site-", "scaling-"):
        assert any(cid.startswith(wanted) for cid in fallbacks), wanted
    for clause in library.clauses:
        assert clause.tags and clause.guidance and clause.status == "approved", clause.id
        for name, body in clause.variants.items():
            if name != "standard":
                assert body != clause.variants["standard"], f"{clause.id} {name} is a copy"
