"""Check a clause body before anyone approves or uses it: syntax, names, hostile text.

The hostile-text checks (templating.hostile) refuse what is unsafe; these add what a drafter
needs as they type: a syntax error with its line, a misspelt variable, and (with the agreement
being drafted as a sample) what only rendering finds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jinja2 import TemplateSyntaxError, nodes

from slaeditor.templating.clause_data import build_context
from slaeditor.templating.environment import clause_environment
from slaeditor.templating.hostile import (
    ClauseProblem,
    hostile_characters,
    hostile_jinja,
    hostile_links,
    parse_clause,
)
from slaeditor.templating.text import TextRenderError, render_text
from slaeditor.templating.variables import KNOWN_NAMES, unknown_names

if TYPE_CHECKING:
    from slaeditor.clauses.records import LibraryClause
    from slaeditor.model import Agreement


def check_body(
    body: str, variables: frozenset[str] = KNOWN_NAMES, sample: Agreement | None = None
) -> list[ClauseProblem]:
    """Check the text of one variant as it is typed: Jinja syntax, unknown names, hostile text.

    With a `sample` agreement (the one being drafted) a body that passes is also rendered with
    it, which finds what only rendering can (a misspelt attribute such as `provider.nmae`).
    Lines are 1-based within the body; the variant is left empty for the caller to fill.
    """
    found = _static_problems(body, variables)
    if not found and sample is not None:
        found = _render_problems(body, _sample_context(sample))
    return found


def _static_problems(body: str, variables: frozenset[str]) -> list[ClauseProblem]:
    if not body.strip():
        return [ClauseProblem("", 1, "the text is empty; write the clause or remove the variant")]
    found = hostile_characters(body) + hostile_links(body)
    try:
        template = parse_clause(body)
        # finding the names compiles the body, which refuses an unknown filter or test
        unknown = unknown_names(template) - variables
    except TemplateSyntaxError as error:
        return [*found, ClauseProblem("", error.lineno or 1, f"template syntax: {error.message}")]
    found += hostile_jinja(template)
    for name in sorted(unknown):
        first = next(
            (n.lineno for n in template.find_all(nodes.Name) if n.name == name and n.ctx == "load"),
            1,
        )
        found.append(
            ClauseProblem(
                "",
                first,
                f"'{name}' is not a variable of the agreement; check the spelling against "
                "docs/templates.md",
            )
        )
    return sorted(found, key=lambda p: p.line)


def _sample_context(sample: Agreement) -> tuple[Any, dict[str, Any]]:
    """Build the sandbox and values compose() would render with for this agreement."""
    env = clause_environment(sample.document.locale, sample.document.currency)
    return env, build_context(sample, env.formatter)


def _render_problems(body: str, sample: tuple[Any, dict[str, Any]]) -> list[ClauseProblem]:
    env, context = sample
    try:
        render_text(env, "", body, context)
    except TextRenderError as error:
        return [ClauseProblem("", error.line or 1, error.detail)]
    return []


def check_clause(
    clause: LibraryClause, variables: frozenset[str] = KNOWN_NAMES, sample: Agreement | None = None
) -> list[ClauseProblem]:
    """Check every variant of a clause; each problem names its variant and body line."""
    context = _sample_context(sample) if sample is not None else None
    found: list[ClauseProblem] = []
    for name, body in clause.variants.items():
        problems = _static_problems(body, variables)
        if not problems and context is not None:
            problems = _render_problems(body, context)
        found += [ClauseProblem(name, p.line, p.message) for p in problems]
    return found
