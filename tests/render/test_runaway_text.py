"""Hostile text cannot freeze the application: loops and huge values are refused with the line.

The wizard previews a shared library's clause text, and a mailed agreement's recorded text, on
the GUI thread; before the budget, two nested loops over range(100000) ran for hours there.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import pytest
from helpers import ROOT

from slaeditor import load_agreement
from slaeditor.clauses.library import (
    LibraryClause,
    check_body,
    check_clause,
    load_library,
    new_library,
    save_library,
)
from slaeditor.cli import main
from slaeditor.gui.clause_preview import agreement_context, render_text, text_clause
from slaeditor.model import ClauseChoice
from slaeditor.render.compose import RenderError, compose
from slaeditor.render.environment import MAX_COMPILED, ClauseEnvironment, Formatter

if TYPE_CHECKING:
    from pathlib import Path

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"

RUNAWAY = {
    "nested loops": (
        "Claims.\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        2,
        "repeats itself more than",
    ),
    "loop over a long list": (
        "{% set a = range(100000) | list %}\n{% for i in a %}{% for j in a %}{% endfor %}"
        "{% endfor %}",
        2,
        "repeats itself more than",
    ),
    "long text": ("Claims.\n\n{{ 'x' * 10**9 }}", 3, "too long"),
    "huge power": ("{{ (9**9) ** (9**9) }}", 1, "too large"),
    "squaring": (
        "{% set ns = namespace(a=10**1000) %}{% for i in range(40) %}"
        "{% set ns.a = ns.a * ns.a %}{% endfor %}{{ ns.a }}",
        1,
        "too large",
    ),
}


@pytest.mark.parametrize("kind", list(RUNAWAY))
def test_runaway_text_recorded_in_an_agreement_is_refused_with_its_line(kind: str) -> None:
    body, line, words = RUNAWAY[kind]
    agreement = load_agreement(TELECOM)
    agreement.clauses = {
        "credits-claims": ClauseChoice(library="Evil", clause="x", version=1, text=body)
    }
    with pytest.raises(RenderError) as caught:
        compose(agreement)
    message = str(caught.value)
    assert message.startswith(f"clauses.credits-claims (clause 'x' of 'Evil'), line {line} ")
    assert "does too much work" in message and words in message


@pytest.mark.parametrize("kind", list(RUNAWAY))
def test_the_wizard_preview_of_runaway_text_says_why_instead_of_freezing(kind: str) -> None:
    body, line, words = RUNAWAY[kind]
    context = agreement_context(load_agreement(TELECOM))
    shown = render_text(context, text_clause("x", "X", "standard", body), body)
    assert shown.html is None
    assert shown.problem.startswith(f"line {line}") and words in shown.problem


def test_checking_a_library_clause_with_the_agreement_refuses_runaway_text() -> None:
    body = RUNAWAY["nested loops"][0]
    clause = LibraryClause("x", "X", "credits", variants={"standard": body})
    problems = check_clause(clause, sample=load_agreement(TELECOM))
    assert [(p.variant, p.line) for p in problems] == [("standard", 2)]
    assert "repeats itself" in problems[0].message


def test_ordinary_loops_and_arithmetic_still_render() -> None:
    body = (
        "{% for i in range(2000) %}{% if i == 1999 %}Last {{ i }}.{% endif %}{% endfor %} "
        "{{ 'ab' * 3 }} {{ 2 ** 10 }} {{ 1 ** 10**9 }}"
    )
    context = agreement_context(load_agreement(TELECOM))
    shown = render_text(context, text_clause("x", "X", "standard", body), body)
    assert shown.html is not None, shown.problem
    assert "Last 1999." in shown.html and "ababab 1024 1" in shown.html


def test_clauses_check_reports_a_runaway_clause_at_its_file_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = RUNAWAY["nested loops"][0]
    path = tmp_path / "evil.clauses.yaml"
    save_library(
        dataclasses.replace(
            new_library(path, "Evil"),
            clauses=[LibraryClause("evil", "Evil", "credits", variants={"standard": body})],
        )
    )
    first = load_library(path).clauses[0].line
    assert first is not None
    assert main(["clauses", "check", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}, line {first + 1}: " in err  # the loop is the body's second line
    assert "repeats itself more than" in err


def test_texts_typed_one_keystroke_at_a_time_do_not_pile_up_compiled() -> None:
    env = ClauseEnvironment(Formatter("en_GB", "EUR"), {})
    typed = "Claims must be made within thirty days of the end of the month. " * 3
    first = env.compile(typed[:1])
    for end in range(2, MAX_COMPILED + 100):
        env.compile(typed[: end % len(typed) + 1] + str(end))
    assert len(env._cache) == MAX_COMPILED
    recent = typed[:5] + "x"
    assert env.compile(recent) is env.compile(recent)  # still compiled once per text
    assert env.compile(typed[:1]) is not first  # the oldest text was let go


DEEP = {
    "brackets": "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}",
    "blocks": "{%if 1%}" * 1000 + "x" + "{%endif%}" * 1000,
}


@pytest.mark.parametrize("kind", list(DEEP))
def test_deeply_nested_text_is_a_problem_not_a_recursion_error(kind: str) -> None:
    body = DEEP[kind]
    problems = check_body(body)
    assert problems and "far more deeply than any clause needs" in problems[0].message
    agreement = load_agreement(TELECOM)
    agreement.clauses = {
        "credits-claims": ClauseChoice(library="Evil", clause="x", version=1, text=body)
    }
    with pytest.raises(RenderError, match="far more deeply than any clause needs"):
        compose(agreement)
