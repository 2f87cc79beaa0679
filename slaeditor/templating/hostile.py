"""Refuse clause text that is unsafe before the sandbox sees it: escapes, local files, tricks.

Clauses come from colleagues and shared folders, and agreement files carry copies of clause
text. The sandbox already stops a body from reaching Python internals when it renders, and the
Markdown reader never embeds a link or an image; these checks refuse such text up front, with
the line, so it never reaches an approved library or a contract.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jinja2 import TemplateSyntaxError, nodes

from slaeditor.model.base import text_problem
from slaeditor.templating.environment import clause_environment
from slaeditor.templating.markdown import parser

if TYPE_CHECKING:
    from jinja2 import Environment


@dataclass(frozen=True)
class ClauseProblem:
    """Something wrong in a clause body: the variant, the line within the body and what to fix."""

    variant: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.variant} variant, " if self.variant else ""
        return f"{where}line {self.line}: {self.message}"


_FILE_URL = re.compile(r"(?i)\bfile:")
_SAFE_SCHEMES = ("http:", "https:", "mailto:")
_LOCAL_PATH = re.compile(r"^(?:[/\\~.]|[A-Za-z]:[/\\])")
_FORBIDDEN_STATEMENTS = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)
TOO_DEEP = "nests brackets or {% %} blocks far more deeply than any clause needs; write it flatter"
_HTML = re.compile(r"(?i)</?(img|a|iframe|script|link|object|embed|style|svg)(?=[\s>/])")


@functools.cache
def _environment() -> Environment:
    """Return the sandbox compose() renders clauses in (same filters, globals, whitespace)."""
    return clause_environment("en_GB", "EUR").env


def parse_clause(body: str) -> nodes.Template:
    """Parse a body as compose() would; nesting that exhausts Jinja's parser is a syntax error.

    Jinja parses recursively: a few thousand nested brackets or `{% if %}` blocks raised
    RecursionError out of clauses check, the manager's checks as one types, and compose().
    """
    try:
        return _environment().parse(body)
    except RecursionError:
        raise TemplateSyntaxError(TOO_DEEP, 1) from None


def _line_at(body: str, index: int) -> int:
    return body.count("\n", 0, max(index, 0)) + 1


def hostile_jinja(template: nodes.Template) -> list[ClauseProblem]:
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


def hostile_characters(body: str) -> list[ClauseProblem]:
    """Refuse invisible direction controls and control characters, as agreement text does.

    A text-direction control makes a clause read differently from what is stored (and what a
    lawyer approved); the agreement model refuses them, so a library must not offer them.
    """
    for number, line in enumerate(body.split("\n"), start=1):
        problem = text_problem(line)
        if problem:
            return [ClauseProblem("", number, problem)]
    return []


def hostile_links(body: str) -> list[ClauseProblem]:
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
    found = hostile_characters(body) + hostile_links(body)
    try:
        template = parse_clause(body)
    except TemplateSyntaxError as error:
        if error.message == TOO_DEEP:  # it would exhaust the stack when compiled, too
            found.append(ClauseProblem("", error.lineno, TOO_DEEP))
        return tuple(found)
    return (*found, *hostile_jinja(template))
