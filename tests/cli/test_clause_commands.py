"""`slaeditor clauses list|check`: what a lawyer runs before sharing a library."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest
from helpers import ROOT

from slaeditor.cli.main import main

if TYPE_CHECKING:
    from pathlib import Path

STARTER = ROOT / "templates" / "standard" / "clauses.yaml"


@pytest.fixture
def team_file(tmp_path: Path) -> Path:
    target = tmp_path / "team.clauses.yaml"
    shutil.copy(STARTER, target)
    return target


def test_list_prints_one_line_per_clause(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clauses", "list", str(STARTER)]) == 0
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert len(lines) == 62
    assert lines[0].split("\t")[:5] == ["parties", "parties", "customer", "approved", "v1"]
    assert "62 of 62 clause(s)" in out.err


def test_list_filters_by_search_and_section(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["clauses", "list", str(STARTER), "--search", "ENGINEER", "--section", "on-site"]) == 0
    )
    ids = [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]
    assert ids and set(ids) <= {"on-site-attendance", "on-site-targets", "on-site-charges",
                                "on-site-access"}  # fmt: skip
    assert main(["clauses", "list", str(STARTER), "--section", "nowhere"]) == 1
    assert "--section nowhere: not a section id" in capsys.readouterr().err


def test_check_passes_the_starter_library(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clauses", "check", str(STARTER)]) == 0
    assert "62 clause(s), 0 problem(s)" in capsys.readouterr().out


def test_check_names_file_line_clause_and_variant_of_each_problem(
    team_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = team_file.read_text(encoding="utf-8")
    lines = text.splitlines()
    hostile_at = next(i for i, line in enumerate(lines) if "(the “**Effective Date**”)" in line)
    lines[hostile_at] += " {{ ''.__class__ }}"
    typo_at = next(i for i, line in enumerate(lines) if "{{ provider.name }}" in line)
    lines[typo_at] = lines[typo_at].replace("{{ provider.name }}", "{{ provider.nmae }}", 1)
    team_file.write_text("\n".join(lines) + "\n", encoding="utf-8")

    assert main(["clauses", "check", str(team_file)]) == 1

    err = capsys.readouterr().err.splitlines()
    assert f"{team_file}, line {hostile_at + 1}: clause 'term-commencement' (standard): " \
        "reads '__class__'" in "\n".join(err)  # fmt: skip
    assert any(
        line.startswith(f"{team_file}, line {typo_at + 1}: clause 'parties' (standard): ")
        and "no attribute 'nmae'" in line
        for line in err
    ), err


def test_a_library_that_does_not_parse_is_one_message_with_its_line(
    team_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team_file.write_text(
        "library:\n  name: X\nclauses:\n  - id: a\n    section: term\n    level: global\n", "utf-8"
    )
    for action in ("check", "list"):
        assert main(["clauses", action, str(team_file)]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert err.startswith(f"slaeditor: {team_file}, line 6: ")


def test_validate_names_a_library_choice_for_a_slot_the_pack_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = (ROOT / "examples" / "telecom-customer.sla.yaml").read_text(encoding="utf-8")
    agreement = tmp_path / "a.sla.yaml"
    agreement.write_text(
        source + "clauses:\n  no-such-slot:\n    library: L\n    clause: c\n    text: Hello.\n",
        encoding="utf-8",
    )
    assert main(["validate", str(agreement)]) == 1
    assert "error: clauses.no-such-slot: the template pack 'Standard' has no clause" in (
        capsys.readouterr().err
    )


def test_control_characters_in_a_library_cannot_drive_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a title that would set the terminal's title and colour, and a tab that shifts columns
    library = tmp_path / "esc.clauses.yaml"
    library.write_text(
        "library: {name: Evil}\nclauses:\n  - id: evil\n"
        '    title: "\\e]0;pwned\\a\\e[31mRed\\tTitle"\n'
        "    section: credits\n    variants: {standard: Fine.}\n",
        encoding="utf-8",
    )
    assert main(["clauses", "list", str(library)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\a" not in out
    assert out.rstrip("\n").split("\t")[-1] == "\\x1b]0;pwned\\x07\\x1b[31mRed\\tTitle"

    library.write_text(
        library.read_text(encoding="utf-8").replace("section: credits", 'section: "\\e[2J"'),
        encoding="utf-8",
    )
    assert main(["clauses", "list", str(library)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "section '\\x1b[2J' is not one of" in err
