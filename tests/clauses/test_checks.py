"""Clause bodies are checked as they are typed; hostile text is refused and never renders."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from helpers import ROOT, docx_text, pdf_text

from slaeditor import load_agreement, render
from slaeditor.clauses.library import (
    LibraryClause,
    LibraryError,
    approve,
    check_body,
    check_clause,
)
from slaeditor.compose import RenderError, compose
from slaeditor.model import ClauseChoice

if TYPE_CHECKING:
    from pathlib import Path

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"

HOSTILE = {
    "mro": ("Fine.\n{{ ''.__class__.__mro__ }}", 2, "'__class__'"),
    "globals": ("{{ cycler.__init__.__globals__ }}", 1, "'__init__'"),
    "item": ("{{ provider['__class__'] }}", 1, "'__class__'"),
    "attr filter": ("{{ provider | attr('__class__') }}", 1, "'attr' filter"),
    "file link": ("Read\nthis\n[x](file:///etc/passwd)", 3, "'file:'"),
    "file link upper case": ("[x](FILE:///etc/passwd)", 1, "'file:'"),
    "local image": ("Logo:\n![](/etc/passwd)", 2, "image"),
    "image by reference": ("![logo][1]\n\n[1]: https://example.com/a.png", 3, "image"),
    "local link": ("[x](/etc/passwd)", 1, "web addresses"),
    "share": ("[x](smb://server/share/passwords.txt)", 1, "web addresses"),
    "windows path": ("[x](C:\\Users\\x.txt)", 1, "web addresses"),
    "include": ("{% include 'x.html' %}", 1, "includes or imports"),
    "html image": ('Logo\n<IMG src="/etc/passwd">', 2, "HTML tag <IMG>"),
    "direction control": ("Credits are\nnot \u202ecapped\u202c.", 2, "text-direction control"),
    "direction mark": ("Within 5\u200f - 30 minutes.", 1, "text-direction control (U+200F)"),
    "arabic letter mark": ("Within\n5 \u061c- 30 minutes.", 2, "(U+061C)"),
    "control character": ("Credits\x01 apply.", 1, "control character (U+0001)"),
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_text_is_refused_with_its_line(kind: str) -> None:
    body, line, words = HOSTILE[kind]
    problems = check_body(body)
    assert problems, f"{kind} was not refused"
    assert any(p.line == line and words in p.message for p in problems), problems


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_a_hostile_clause_cannot_be_approved(kind: str) -> None:
    clause = LibraryClause(
        "x", "X", "credits", variants={"standard": "ok", "bad": HOSTILE[kind][0]}
    )
    with pytest.raises(LibraryError, match="cannot be approved") as caught:
        approve(clause)
    assert "bad variant" in str(caught.value)


@pytest.mark.parametrize(
    "kind", ["mro", "globals", "item", "attr filter", "file link", "local image"]
)
def test_hostile_text_recorded_in_an_agreement_never_renders(kind: str, tmp_path: Path) -> None:
    agreement = load_agreement(TELECOM)
    agreement.clauses = {
        "credits-claims": ClauseChoice(
            library="Evil", clause="x", version=1, text="Claims. " + HOSTILE[kind][0]
        )
    }
    with pytest.raises(RenderError, match=r"clauses\.credits-claims \(clause 'x' of 'Evil'\)"):
        compose(agreement)
    for suffix in (".pdf", ".docx"):
        with pytest.raises(RenderError):
            render(agreement, tmp_path / f"c{suffix}")
        assert not (tmp_path / f"c{suffix}").exists()


def test_links_to_web_pages_and_e_mail_are_allowed_and_print_as_their_text(tmp_path: Path) -> None:
    body = "See [the status page](https://status.example.com) or [mail us](mailto:a@b.c)."
    assert check_body(body) == []
    agreement = load_agreement(TELECOM)
    agreement.clauses = {"credits-claims": ClauseChoice(library="L", clause="x", text=body)}
    assert "See the status page or mail us." in docx_text(render(agreement, tmp_path / "c.docx"))
    assert "/etc/passwd" not in pdf_text(render(agreement, tmp_path / "c.pdf"))


def test_syntax_errors_and_unknown_names_are_reported_at_their_line() -> None:
    problems = check_body("Line one {{ provider.name }}\nline {{ custmer_name }}\n{% if %}")
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [(3, "template syntax")]
    problems = check_body("Line one\n\n{{ custmer_name }} and {{ term.effective_date | date }}")
    assert len(problems) == 1
    assert problems[0].line == 3
    assert "'custmer_name' is not a variable" in problems[0].message


def test_an_unknown_filter_is_a_problem_at_its_line_not_an_exception() -> None:
    # compiling to find the names raised TemplateAssertionError out of the checks
    problems = check_body("Credits apply.\n{{ provider.name | upperr }}")
    assert [(p.line, p.message) for p in problems] == [
        (2, "template syntax: No filter named 'upperr'.")
    ]


def test_variables_set_inside_the_clause_are_known() -> None:
    assert check_body("{% set x = services | list %}{% for s in x %}{{ s.name }}{% endfor %}") == []


def test_check_clause_names_the_variant() -> None:
    clause = LibraryClause(
        "x", "X", "credits", variants={"standard": "Fine.", "fallback": "A\n{{ nope }}"}
    )
    [problem] = check_clause(clause)
    assert (problem.variant, problem.line) == ("fallback", 2)
    assert str(problem).startswith("fallback variant, line 2: 'nope'")


def test_approving_raises_the_version_and_an_empty_body_is_refused() -> None:
    clause = LibraryClause("x", "X", "credits", version=2, variants={"standard": "Fine."})
    approved = approve(clause)
    assert (approved.status, approved.version) == ("approved", 3)
    with pytest.raises(LibraryError, match="empty"):
        approve(LibraryClause("x", "X", "credits", variants={"standard": "  \n"}))


def test_every_clause_of_the_starter_library_passes_the_checks() -> None:
    from slaeditor.clauses.library import load_library

    library = load_library(ROOT / "templates" / "standard" / "clauses.yaml")
    assert [(c.id, check_clause(c)) for c in library.clauses if check_clause(c)] == []


def test_with_the_agreement_a_misspelt_attribute_is_found_at_its_line() -> None:
    agreement = load_agreement(TELECOM)
    body = "Fine {{ provider.name }}.\n\nBut {{ provider.nmae }}."
    assert check_body(body) == [], "statically the names are known"
    [problem] = check_body(body, sample=agreement)
    assert problem.line == 3
    assert "no attribute 'nmae'" in problem.message
    clause = LibraryClause("x", "X", "credits", variants={"standard": "ok", "bad": body})
    assert [(p.variant, p.line) for p in check_clause(clause, sample=agreement)] == [("bad", 3)]
