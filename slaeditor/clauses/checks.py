"""Check a clause body before anyone approves or uses it: syntax, names, hostile text.

Clauses come from colleagues and shared folders. The sandbox already stops a body from reaching
Python internals when it renders, and the Markdown reader never embeds a link or an image; these
checks refuse such text up front, with the line, so it never reaches an approved library or a
contract, and tell a drafter about a misspelt variable as they type.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from jinja2 import TemplateSyntaxError, nodes

from slaeditor.clauses.records import ClauseProblem, LibraryClause
from slaeditor.clauses.variables import KNOWN_NAMES, unknown_names

if TYPE_CHECKING:
    from jinja2 import Environment

    from slaeditor.model import Agreement

_FILE_URL = re.compile(r"(?i)\bfile:")
_SAFE_SCHEMES = ("http:", "https:", "mailto:")
_LOCAL_PATH = re.compile(r"^(?:[/\\~.]|[A-Za-z]:[/\\])")
_FORBIDDEN_STATEMENTS = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)
_TOO_DEEP = "nests brackets or {% %} blocks far more deeply than any clause needs; write it flatter"
_HTML = re.compile(r"(?i)</?(img|a|iframe|script|link|object|embed|style|svg)(?=[\s>/])")


@functools.cache
def _environment() -> Environment:
    """Return the sandbox compose() renders clauses in (same filters, globals, whitespace)."""
    from slaeditor.render.compose import clause_environment

    return clause_environment("en_GB", "EUR").env


def _parse(body: str) -> nodes.Template:
    """Parse a body as compose() would; nesting that exhausts Jinja's parser is a syntax error.

    Jinja parses recursively: a few thousand nested brackets or `{% if %}` blocks raised
    RecursionError out of clauses check, the manager's checks as one types, and compose().
    """
    try:
        return _environment().parse(body)
    except RecursionError:
        raise TemplateSyntaxError(_TOO_DEEP, 1) from None


def _line_at(body: str, index: int) -> int:
    return body.count("\n", 0, max(index, 0)) + 1


def _hostile_jinja(template: nodes.Template) -> list[ClauseProblem]:
    """Find reads of private attributes and statements that reach outside the clause."""
    found: list[ClauseProblem] = []
    for node in template.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter)):
        if isinstance(node, nodes.Getattr):
            name = node.attr
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            name = str(node.arg.value)
        elif isinstance(node, nodes.Filter) and node.name == "attr":
            found.append(
                ClauseProblem(
                    "", node.lineno, "the 'attr' filter is not allowed; write value.name instead"
                )
            )
            continue
        else:
            continue
        if name.startswith("_"):
            found.append(
                ClauseProblem(
                    "",
                    node.lineno,
                    f"reads '{name}', which is not agreement data: a clause may only read the "
                    "agreement's values (this looks like an attempt to escape the sandbox)",
                )
            )
    for statement in template.find_all(_FORBIDDEN_STATEMENTS):
        found.append(
            ClauseProblem(
                "",
                statement.lineno,
                "includes or imports another template, which clauses cannot do; write the text "
                "out in this clause",
            )
        )
    return found


def _hostile_characters(body: str) -> list[ClauseProblem]:
    """Refuse invisible direction controls and control characters, as agreement text does.

    A text-direction control makes a clause read differently from what is stored (and what a
    lawyer approved); the agreement model refuses them, so a library must not offer them.
    """
    from slaeditor.model.base import text_problem

    for number, line in enumerate(body.split("\n"), start=1):
        problem = text_problem(line)
        if problem:
            return [ClauseProblem("", number, problem)]
    return []


def _hostile_links(body: str) -> list[ClauseProblem]:
    """Refuse file URLs anywhere, and links or images that point at a local path or scheme."""
    found: list[ClauseProblem] = []
    for match in _FILE_URL.finditer(body):
        found.append(
            ClauseProblem(
                "",
                _line_at(body, match.start()),
                "refers to a file on a computer ('file:'); a contract may only link to web "
                "addresses (https://…) — remove it",
            )
        )
    for match in _HTML.finditer(body):
        found.append(
            ClauseProblem(
                "",
                _line_at(body, match.start()),
                f"contains the HTML tag <{match.group(1)}>, which a contract prints as plain "
                "characters; write Markdown instead",
            )
        )
    if found:
        return found
    from slaeditor.render.markdown import parser

    for token in parser().parse(body):
        for child in token.children or []:
            if child.type not in ("link_open", "image"):
                continue
            target = str(child.attrGet("href" if child.type == "link_open" else "src") or "")
            what = "an image" if child.type == "image" else "a link"
            if child.type == "image":
                problem = "images cannot be embedded from a clause; describe it in words instead"
            elif _LOCAL_PATH.match(target) or (
                ":" in target.split("/")[0] and not target.lower().startswith(_SAFE_SCHEMES)
            ):
                problem = "a contract may only link to web addresses (https://…) or e-mail"
            else:
                continue
            line = (token.map[0] + 1) if token.map else 1
            index = body.find(target) if target else -1
            found.append(
                ClauseProblem(
                    "",
                    _line_at(body, index) if index >= 0 else line,
                    f"{what} to '{target}': {problem}",
                )
            )
    return found


def hostile_problems(body: str) -> list[ClauseProblem]:
    """Return only the problems that make text unsafe (for text recorded in an agreement)."""
    return list(_hostile_cached(body))


@functools.lru_cache(maxsize=1024)
def _hostile_cached(body: str) -> tuple[ClauseProblem, ...]:
    """Check each recorded text once per process: previews render the same texts repeatedly."""
    found = _hostile_characters(body) + _hostile_links(body)
    try:
        template = _parse(body)
    except TemplateSyntaxError as error:
        if error.message == _TOO_DEEP:  # it would exhaust the stack when compiled, too
            found.append(ClauseProblem("", error.lineno, _TOO_DEEP))
        return tuple(found)
    return (*found, *_hostile_jinja(template))


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
    found = _hostile_characters(body) + _hostile_links(body)
    try:
        template = _parse(body)
        # finding the names compiles the body, which refuses an unknown filter or test
        unknown = unknown_names(template) - variables
    except TemplateSyntaxError as error:
        return [*found, ClauseProblem("", error.lineno or 1, f"template syntax: {error.message}")]
    found += _hostile_jinja(template)
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
    from slaeditor.render.compose import clause_environment
    from slaeditor.render.views import build_context

    env = clause_environment(sample.document.locale, sample.document.currency)
    return env, build_context(sample, env.formatter)


def _render_problems(body: str, sample: tuple[Any, dict[str, Any]]) -> list[ClauseProblem]:
    from slaeditor.render.compose import TextRenderError, render_text

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
