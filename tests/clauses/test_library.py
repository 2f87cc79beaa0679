"""Library files: every field round trips; saves are stable and never clobber a colleague."""

from __future__ import annotations

import dataclasses
import re
import shutil
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from helpers import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from slaeditor.clauses.library import (
    Library,
    LibraryClause,
    LibraryConflict,
    LibraryError,
    dump_library,
    library_from_text,
    load_library,
    merge_library,
    new_library,
    save_library,
)
from slaeditor.clauses.library_file import _INLINE_COMMENT, read_library_text
from slaeditor.clauses.records import SECTIONS

if TYPE_CHECKING:
    from pathlib import Path

STARTER = ROOT / "templates" / "standard" / "clauses.yaml"

FULL = LibraryClause(
    id="credits-claims.long_v2",
    title="Claiming Service Credits: the long form",
    section="credits",
    level="service",
    status="approved",
    version=3,
    author="J. Smith",
    locale="en-GB",
    jurisdiction="England and Wales",
    tags=("credits", "claims", "yes", "a, b", "[x]"),
    guidance="Use the fallback only when the customer insists on # uncapped credits.",
    variants={
        "standard": "To claim, {{ customer_name }} shall write:\n\n- within 30 days; and\n- why.\n",
        "fallback": "No trailing line break",
        "customer-friendly": "Line with a # hash: and a colon\n\tindented by a tab\n",
        "quoted": "  starts with spaces\nand trailing spaces   \n",
        "odd ones": "null",
        "true": "123",
        "empty-ish": "~",
        "unicode": "“Quotes” — 🚀 emoji\u2028line separator\n",
        "blank lines at end": "text\n\n\n",
    },
)


@pytest.fixture
def team_file(tmp_path: Path) -> Path:
    target = tmp_path / "team.clauses.yaml"
    shutil.copy(STARTER, target)
    return target


def _library(tmp_path: Path, *clauses: LibraryClause) -> Library:
    library = new_library(tmp_path / "x.clauses.yaml", "Acme: legal", "Approved\nclauses")
    library.clauses = list(clauses)
    return save_library(library)


def test_round_trip_preserves_every_field_including_awkward_text(tmp_path: Path) -> None:
    plain = LibraryClause(id="plain", title="", section="parties", variants={"standard": "x"})
    saved = _library(tmp_path, FULL, plain)

    loaded = load_library(saved.path)

    assert loaded.name == "Acme: legal"
    assert loaded.description == "Approved\nclauses"
    assert loaded.clauses == [FULL, plain]
    assert list(loaded.clauses[0].variants) == list(FULL.variants), "variant order is kept"
    assert loaded.clauses[1].status == "draft" and loaded.clauses[1].level == "corporate"


def test_saving_unchanged_data_writes_the_identical_file(tmp_path: Path, team_file: Path) -> None:
    before = team_file.read_bytes()
    save_library(load_library(team_file))
    assert team_file.read_bytes() == before
    assert dump_library(load_library(team_file)) == before.decode("utf-8")

    saved = _library(tmp_path, FULL)
    text = saved.path.read_bytes()
    save_library(load_library(saved.path))
    assert saved.path.read_bytes() == text


def test_editing_one_clause_changes_only_its_lines(team_file: Path) -> None:
    library = load_library(team_file)
    before = team_file.read_text(encoding="utf-8").splitlines()
    target = library.clauses[10]
    library.clauses[10] = dataclasses.replace(target, title="A new title")

    save_library(library)

    after = team_file.read_text(encoding="utf-8").splitlines()
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert len(changed) == 1
    assert after[changed[0]] == "    title: A new title"


def test_the_top_comment_block_is_kept(team_file: Path) -> None:
    library = load_library(team_file)
    assert library.preamble.startswith("# Standard template pack")
    library.clauses.pop()
    save_library(library)
    assert team_file.read_text(encoding="utf-8").startswith(library.preamble)


def test_a_colleagues_save_in_between_is_detected_and_nothing_is_written(team_file: Path) -> None:
    mine = load_library(team_file)
    theirs = load_library(team_file)
    theirs.clauses[0] = dataclasses.replace(theirs.clauses[0], title="Their title")
    theirs.clauses.append(LibraryClause(id="new-one", title="New", section="term",
                                        variants={"standard": "Added by them."}))  # fmt: skip
    save_library(theirs)
    on_disk = team_file.read_bytes()
    mine.clauses[1] = dataclasses.replace(mine.clauses[1], title="My title")

    with pytest.raises(LibraryConflict) as caught:
        save_library(mine)

    assert team_file.read_bytes() == on_disk, "the colleague's save is untouched"
    changes = {change.clause_id: change for change in caught.value.changes}
    assert set(changes) == {mine.clauses[0].id, "new-one"}
    assert changes[mine.clauses[0].id].kind == "changed"
    assert "+    title: Their title" in changes[mine.clauses[0].id].diff
    assert changes["new-one"].kind == "added"
    assert caught.value.theirs.clause("new-one") is not None


def test_a_conflict_can_be_merged_keeping_both_edits(team_file: Path) -> None:
    mine = load_library(team_file)
    theirs = load_library(team_file)
    theirs.clauses[0] = dataclasses.replace(theirs.clauses[0], title="Their title")
    save_library(theirs)
    mine.clauses[1] = dataclasses.replace(mine.clauses[1], title="My title")
    with pytest.raises(LibraryConflict) as caught:
        save_library(mine)

    merged, both = merge_library(mine, caught.value.theirs)
    save_library(merged)

    again = load_library(team_file)
    assert both == []
    assert (again.clauses[0].title, again.clauses[1].title) == ("Their title", "My title")


def test_merge_reports_a_clause_both_sides_changed(team_file: Path) -> None:
    mine = load_library(team_file)
    theirs = load_library(team_file)
    theirs.clauses[0] = dataclasses.replace(theirs.clauses[0], title="Theirs")
    save_library(theirs)
    mine.clauses[0] = dataclasses.replace(mine.clauses[0], title="Mine")
    merged, both = merge_library(mine, load_library(team_file))
    assert both == [mine.clauses[0].id]
    assert merged.clauses[0].title == "Mine"


def test_force_saves_over_a_colleagues_change(team_file: Path) -> None:
    mine = load_library(team_file)
    theirs = load_library(team_file)
    theirs.clauses.pop()
    save_library(theirs)
    saved = save_library(mine, force=True)
    assert load_library(team_file).clauses == mine.clauses
    assert saved.stamp is not None and saved.stamp != mine.stamp
    save_library(saved)  # the new stamp is what is on disk now


def test_a_new_library_never_replaces_an_existing_file(team_file: Path) -> None:
    before = team_file.read_bytes()
    with pytest.raises(LibraryConflict):
        save_library(new_library(team_file, "Mine"))
    assert team_file.read_bytes() == before


def test_a_file_broken_since_loading_is_never_replaced_even_by_force(team_file: Path) -> None:
    mine = load_library(team_file)
    team_file.write_text("clauses:\n  - id: [unclosed\n", encoding="utf-8")
    for force in (False, True):
        with pytest.raises(LibraryError, match="no longer reads as a library"):
            save_library(mine, force=force)
    assert team_file.read_text(encoding="utf-8") == "clauses:\n  - id: [unclosed\n"


_HEAD = "  - id: x\n    title: T\n    section: credits\n"
_TAIL = "    variants: {standard: a}\n"
BROKEN = [
    ("  - id: two: colons\n", "put text containing ': ' in quotes", 0),
    ("  - id: x\n    title: T\n    section: nowhere\n    variants: {standard: a}\n",
     "section 'nowhere' is not one of", 2),
    (_HEAD + "    level: global\n" + _TAIL,
     "level 'global' is not one of corporate, customer, service", 3),
    (_HEAD + "    status: final\n" + _TAIL,
     "status 'final' is not one of draft, approved, retired", 3),
    (_HEAD + "    version: two\n" + _TAIL,
     "version must be a whole number", 3),
    (_HEAD + "    version: " + "9" * 5000 + "\n" + _TAIL,  # int() itself refused it
     "at most 9 digits", 3),
    ("  - id: x\n    titel: T\n    section: credits\n    variants: {standard: a}\n",
     "'titel' is not a clause field", 1),
    ("  - id: x\n    title: T\n    section: credits\n", "needs at least one variant", 0),
    ("  - id: has space\n    section: credits\n    variants: {standard: a}\n",
     "must be letters, digits", 0),
    ("  - id: parties\n    section: parties\n    variants: {standard: again}\n",
     "clause id 'parties' is used twice", 0),
]  # fmt: skip


@pytest.mark.parametrize(("entry", "message", "offset"), BROKEN)
def test_a_broken_clause_is_reported_with_its_file_and_line(
    team_file: Path, entry: str, message: str, offset: int
) -> None:
    lines = team_file.read_text(encoding="utf-8").splitlines(keepends=True)
    at = lines.index("clauses:\n") + 2
    lines.insert(at, entry + "\n")
    team_file.write_text("".join(lines), encoding="utf-8")

    with pytest.raises(LibraryError) as caught:
        load_library(team_file)

    assert message in caught.value.message
    assert caught.value.path == team_file
    if "used twice" not in message:
        assert caught.value.line == at + 1 + offset
    assert str(caught.value).startswith(f"{team_file}, line {caught.value.line}: ")


def test_unreadable_files_are_reported_not_raised_as_tracebacks(tmp_path: Path) -> None:
    missing = tmp_path / "missing.clauses.yaml"
    with pytest.raises(LibraryError, match="does not exist"):
        load_library(missing)
    latin = tmp_path / "latin.clauses.yaml"
    latin.write_bytes(b"clauses:\n  - id: caf\xe9\n")
    with pytest.raises(LibraryError, match="not UTF-8") as caught:
        load_library(latin)
    assert caught.value.line == 2
    tagged = tmp_path / "tagged.clauses.yaml"
    tagged.write_text("clauses: !!python/object:os.system {}\n", encoding="utf-8")
    with pytest.raises(LibraryError):
        load_library(tagged)


def test_the_old_pack_format_reads_scope_as_level_and_names_the_library(tmp_path: Path) -> None:
    old = tmp_path / "mine.clauses.yaml"
    old.write_text(
        "clauses:\n  - id: a\n    title: A\n    section: credits\n    scope: customer\n"
        "    variants:\n      standard: |\n        Text.\n",
        encoding="utf-8",
    )
    library = load_library(old)
    assert library.name == "mine"
    assert library.clauses[0].level == "customer"
    assert library.clauses[0].lines == {"standard": 8}


_YAMLISH = st.sampled_from(
    [":", " ", "\n", "#", "-", "|", '"', "'", "[", "]", ",", "{", "}", "a", "0", "\t", "\\",
     "\n  - id: x\n", "    title: ", "\n      standard: |\n", "        ", "null", "yes", "~",
     "&", "*", "!", "%", "@", "`", "\u2028", "\x85", "\ufeff", "é", "🚀"]
)  # fmt: skip
_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=60),
    st.lists(_YAMLISH, max_size=25).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(
    title=_TEXT,
    tags=st.lists(_TEXT.filter(bool), max_size=3),
    names=st.lists(_TEXT.filter(bool), min_size=1, max_size=3, unique=True),
    bodies=st.lists(_TEXT, min_size=3, max_size=3),
)
def test_any_text_round_trips_through_the_file(
    tmp_path_factory: pytest.TempPathFactory,
    title: str,
    tags: list[str],
    names: list[str],
    bodies: list[str],
) -> None:
    clause = LibraryClause(
        id="c",
        title=title,
        section="credits",
        tags=tuple(tags),
        guidance=bodies[0],
        variants={name: bodies[i % 3] for i, name in enumerate(names)},
    )
    second = dataclasses.replace(clause, id="d", variants={"standard": bodies[1] or "x"})
    library = new_library(tmp_path_factory.mktemp("h") / "h.clauses.yaml", title or "x")
    library.clauses = [clause, second]
    text = dump_library(library)
    again = library_from_text(library.path, text)
    assert again.clauses == [clause, second]
    parsed = read_library_text(library.path, text, SECTIONS)[2]
    assert parsed == [clause, second]
    assert [c.lines for c in again.clauses] == [c.lines for c in parsed]
    assert again.name == (title or "x")
    assert dump_library(again) == text


_SPLIT_INDENT_COMMENT = re.compile(r"""^\s*-?\s*[\w.-]+:\s+[^'"#\s][^#'"]*\s#""")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=" \t-ab.:#\"'", max_size=25))
def test_comment_lines_are_told_as_before_with_the_indent_taken_whole(line: str) -> None:
    assert bool(_INLINE_COMMENT.match(line)) == bool(_SPLIT_INDENT_COMMENT.match(line))


def test_a_library_read_from_the_cache_is_what_the_reader_gives_with_the_same_lines() -> None:
    text = STARTER.read_text(encoding="utf-8")
    first = library_from_text(STARTER, text)  # read, then kept in the cache
    again = library_from_text(STARTER, text)  # from the cache
    read = read_library_text(STARTER, text, SECTIONS)
    assert (again.name, again.description, again.clauses) == (
        first.name,
        first.description,
        read[2],
    )
    assert [c.lines for c in again.clauses] == [c.lines for c in read[2]]


def test_a_damaged_cache_entry_is_read_again_from_the_file(tmp_path: Path) -> None:
    from slaeditor.clauses.library_cache import cache_dir

    text = STARTER.read_text(encoding="utf-8").replace("Renewal", "Renewal of the term")
    library_from_text(STARTER, text)
    for entry in cache_dir().glob("*.json"):
        entry.write_text("{ not json", encoding="utf-8")
    again = library_from_text(STARTER, text)
    assert again.clause("term-renewal") is not None
    assert again.clause("term-renewal").title == "Renewal of the term"


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t.replace("\n\n  - id: term-renewal", "\n  # a comment\n\n  - id: term-renewal"),
        lambda t: t.replace("    title: Renewal\n", "    title: 'Renewal'\n"),
        lambda t: t.replace("    level: customer\n    status", "    status", 1),
        lambda t: t.replace("\n", "\r\n"),
    ],
    ids=["comment", "single quotes", "a default left out", "windows line ends"],
)
def test_hand_edited_files_are_read_by_the_yaml_reader(team_file: Path, edit: Any) -> None:
    text = edit(team_file.read_text(encoding="utf-8"))
    team_file.write_bytes(text.encode("utf-8"))
    library = load_library(team_file)
    assert len(library.clauses) == 62  # + credits-response, network, continuity, credits-example
    assert library.clause("term-renewal") is not None


TRICKY_EDITS = [
    ("    title: Renewal\n", "    title: Renewal # a comment\n"),
    ("    title: Renewal\n", "    title: null\n"),
    ("    title: Renewal\n", "    title: ~\n"),
    ("    title: Renewal\n", "    title: 'Renewal'\n"),
    ("    title: Renewal\n", '    title: "Renew\\u0061l"\n'),
    ("    title: Renewal\n", "    title: |\n      Renewal\n      and more\n"),
    ("    title: Renewal\n", "    title: |\n        Renewal\n      and more\n"),
    ("    title: Renewal\n", "    title: >\n      Renewal\n      folded\n"),
    ("    version: 1\n    author: SLA Editor\n    locale: en-GB\n    tags: [renewal, notice]",
     "    version: 1\n    author: SLA Editor\n    locale: en-GB\n    tags: [renewal, 'notice']"),
    ("tags: [renewal, notice]", "tags: [renewal,notice]"),
    ("tags: [renewal, notice]", "tags: [renewal, notice, ]"),
    ("    level: customer\n    status: approved\n    version: 1\n    author: SLA Editor\n"
     "    locale: en-GB\n    tags: [renewal, notice]",
     "    level: customer\n    status: approved\n    version: 0x1\n    author: SLA Editor\n"
     "    locale: en-GB\n    tags: [renewal, notice]"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new"), TRICKY_EDITS)
def test_hand_edits_read_as_yaml_means_them(old: str, new: str) -> None:
    text = STARTER.read_text(encoding="utf-8")
    start = text.index("  - id: term-renewal")
    edited = text[:start] + text[start:].replace(old, new, 1)
    assert edited != text
    try:
        meant = next(c for c in yaml.safe_load(edited)["clauses"] if c["id"] == "term-renewal")
    except yaml.YAMLError:
        with pytest.raises(LibraryError):
            library_from_text(STARTER, edited)
        return
    if "0x1" in new:  # YAML 1.1 reads 0x1 as 1; a version written so is refused, with its line
        with pytest.raises(LibraryError, match="reads as a different number"):
            library_from_text(STARTER, edited)
        return
    got = library_from_text(STARTER, edited).clause("term-renewal")
    assert got is not None
    assert got.title == ("" if meant["title"] is None else meant["title"])
    assert list(got.tags) == meant["tags"]
    assert got.version == meant["version"]


COMMENTED = """# Acme legal team library (kept: the top block)

library:
  name: Acme   # the team
clauses:
  # approved by J. Smith on 2024-03-01
  - id: credits-claims
    title: Claims  # renamed after the audit
    section: credits
    variants:
      standard: |
        # Claims
        The customer must claim. # not a comment
"""


def test_comments_a_save_would_drop_are_counted_and_gone_after_saving(tmp_path: Path) -> None:
    path = tmp_path / "acme.clauses.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    library = load_library(path)
    assert library.dropped_comments == 3  # the Markdown heading in the body is not one
    saved = save_library(library)
    assert saved.dropped_comments == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Acme legal team library (kept: the top block)\n")
    assert "approved by J. Smith" not in text and "        # Claims\n" in text
    assert load_library(path).dropped_comments == 0


def test_text_libyaml_refuses_but_pyyaml_reads_is_reported_not_raised(tmp_path: Path) -> None:
    # libyaml stops at the tag '!parties,'; the pure-Python parser reads a tagged text, which
    # the reader then refuses as tags; before, libyaml's own exception escaped as a traceback
    path = tmp_path / "odd.clauses.yaml"
    path.write_text(
        "library: {name: Odd}\nclauses:\n  - id: x\n    section: credits\n"
        "    tags: !parties, preamble]\n    variants: {standard: Fine.}\n",
        encoding="utf-8",
    )
    with pytest.raises(LibraryError) as caught:
        load_library(path)
    assert caught.value.line == 5 and "the tag !parties," in caught.value.message
