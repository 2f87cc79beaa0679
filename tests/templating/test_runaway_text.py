"""Hostile text cannot freeze the application: loops and huge values are refused with the line.

The wizard previews a shared library's clause text, and a mailed agreement's recorded text, on
the GUI thread; before the budget, two nested loops over range(100000) ran for hours there.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

import pytest
from helpers import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from slaeditor import load_agreement
from slaeditor.app.confined import TextJob, render_one
from slaeditor.clauses.library import (
    LibraryClause,
    check_body,
    check_clause,
    load_library,
    new_library,
    save_library,
)
from slaeditor.cli.main import main
from slaeditor.compose import RenderError, compose
from slaeditor.gui.wording.preview_text import agreement_context
from slaeditor.model import ClauseChoice
from slaeditor.templating.environment import (
    MAX_COMPILED,
    ClauseEnvironment,
    Formatter,
    join_lines,
)

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
    # Padding and multiplying calls: 'x'|center(50000000) made a 50 MB clause never laid out.
    "padded by a filter": ("{{ 'x'|center(50000000) }}", 1, "50,000,000 characters"),
    "padded by a method": ("Claims.\n{{ 'x'.ljust(50000000) }}", 2, "50,000,000 characters"),
    "a wide format": ("{{ '{:>50000000}'.format(1) }}", 1, "50,000,000 characters"),
    "a wide printf": ("{{ '%50000000d' % 1 }}", 1, "50,000,000 characters"),
    "a wide printf filter": ("{{ '%50000000d'|format(1) }}", 1, "50,000,000 characters"),
    "a width given by a value": ("{{ '%*d' % (50000000, 1) }}", 1, "50,000,000 characters"),
    "a growing replacement": ("{{ ('x' * 1000000)|replace('x', 'yy') }}", 1, "2,000,000"),
    "a wide indent": ("{{ 'x'|indent(50000000, true) }}", 1, "50,000,001 characters"),
    "a long separator": ("{{ ('x' * 2000)|join('y' * 1000) }}", 1, "2,001,000 characters"),
    "a width given to format": ("{{ '{:{}}'.format('x', 50000000) }}", 1, "50,000,000"),
    "many narrow fields": ("{{ ('{0:1000}' * 2000).format('x') }}", 1, "2,000,000 characters"),
    "joining long items": ("{{ ''.join(['y' * 1000000] * 3) }}", 1, "3,000,000 characters"),
    "tabs by keyword": ("{{ ('\\t' * 1000).expandtabs(tabsize=300000) }}", 1, "300,001,000"),
    "doubling with ~": ("{% set a = 'x' * 1000000 %}{% set a = a ~ a %}{{ a }}", 1, "2,000,000"),
    "adding texts": ("{{ ('x' * 1000000) + ('y' * 1000000) }}", 1, "2,000,000 characters"),
    "summing lists": ("{{ ([[0] * 10] * 30000)|sum(start=[]) }}", 1, "sum adds numbers"),
    "wrapping a long text": ("{{ ('x' * 300000)|wordwrap(1) }}", 1, "300,000 characters"),
    "translating": ("{{ 'x'.translate({120: 'yy'}) }}", 1, "translate"),
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
    shown = render_one(context, TextJob("x", "X", "standard", body))
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
    shown = render_one(context, TextJob("x", "X", "standard", body))
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


def test_a_clause_that_prints_more_than_a_contract_holds_is_refused() -> None:
    body = "{% for i in range(300) %}{{ 'z' * 1000 }}{% endfor %}"
    agreement = load_agreement(TELECOM)
    agreement.clauses = {
        "credits-claims": ClauseChoice(library="Evil", clause="x", version=1, text=body)
    }
    with pytest.raises(RenderError) as caught:
        compose(agreement)
    assert "passes 200,000 characters once filled in" in str(caught.value)


def test_usual_padding_and_formatting_still_print() -> None:
    body = (
        "{{ '%05.1f' % 3.14159 }} [{{ 'a'|center(5) }}] {{ '{:>4}'.format(7) }} "
        "{{ 'ab'|replace('b', 'c') }} {{ '{:,} of 2000000 {{9999999}}'.format(1500000) }} "
        "{{ '%d%% 2000000' % 5 }} {{ ['a', 'b']|join(', ') }} "
        "{{ [{'n': 'c'}, {'n': 'd'}]|join('/', attribute='n') }} {{ 'aaa'|replace('a', 'b', 1) }} "
        "{{ 'aaa'|replace('a', 'e', count=2) }} {{ '%*d' % (9, 2000000) }} {{ [1, 2]|sum }}"
    )
    context = agreement_context(load_agreement(TELECOM))
    shown = render_one(context, TextJob("x", "X", "standard", body))
    assert shown.problem == ""
    assert "003.1" in shown.html and "[  a  ]" in shown.html and "   7" in shown.html
    assert "ac" in shown.html
    assert "1,500,000 of 2000000 {9999999}" in shown.html and "5% 2000000" in shown.html
    assert "a, b c/d baa eea   2000000 3" in shown.html


def test_placeholder_text_is_not_on_offer() -> None:
    body = "{{ lipsum(100, false, 100000, 100001) }}"
    context = agreement_context(load_agreement(TELECOM))
    shown = render_one(context, TextJob("x", "X", "standard", body))
    assert shown.html is None and "lipsum" in shown.problem


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=["a", " ", "\n", "\t", "\r", "\u00a0", "\u2003", "\x1c"], max_size=30))
def test_line_breaks_are_joined_as_the_regular_expression_did(text: str) -> None:
    assert join_lines(text) == re.sub(r"\s*\n\s*", " ", text)


def test_a_value_of_many_spaces_prints() -> None:
    agreement = load_agreement(TELECOM)
    spaces = " " * 9_000
    agreement.exclusions[0].text = f"Events{spaces}beyond\n{spaces}control"
    contract = compose(agreement)
    printed = repr(contract)
    assert f"Events{spaces}beyond" in printed and "control" in printed
