"""`slaeditor clauses list|check LIB`: look into a library and vouch for it before sharing.

`check` is what a lawyer runs before pushing a team library: every body is checked like the
library manager checks it (syntax, names, hostile text) and then rendered with the example
agreements, so an attribute typo that only shows when rendering is found too. Every message
names the file, the clause, the variant and the file line.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from slaeditor.clauses.library import check_clause, load_library
from slaeditor.clauses.library_set import LibrarySet, LibrarySource
from slaeditor.resources import examples_dir
from slaeditor.storage import load_agreement
from slaeditor.templating.clause_data import build_context
from slaeditor.templating.environment import clause_environment
from slaeditor.templating.text import TextRenderError, render_text

if TYPE_CHECKING:
    from slaeditor.clauses.records import Library, LibraryClause


def visible(text: str) -> str:
    r"""Show control and format characters as escapes, so a title cannot drive the terminal.

    A title such as "\e]0;...\a" in a shared library would otherwise set the terminal's title
    or colours (or worse, on some terminals) when `clauses list` prints it; a tab would shift
    the columns.
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() or char == " " else repr(char)[1:-1] for char in text)


def list_clauses(path: str, search: str | None = None, section: str | None = None) -> int:
    """Print one line per clause: id, section, level, status, version, variants and title."""
    library_set = LibrarySet([LibrarySource("team", Path(path))])
    if library_set.errors:
        raise library_set.errors[0]
    entries = library_set.search(search or "", section=section)
    for entry in entries:
        clause = entry.clause
        print(
            "\t".join(
                visible(field)
                for field in (
                    clause.id,
                    clause.section,
                    clause.level,
                    clause.status,
                    f"v{clause.version}",
                    ",".join(clause.variants),
                    clause.title,
                )
            )
        )
    library = library_set.libraries[0]
    print(f"{path}: {len(entries)} of {len(library.clauses)} clause(s)", file=sys.stderr)
    return 0


def _where(library: Library, clause: LibraryClause, variant: str, line: int | None) -> str:
    start = clause.lines.get(variant)
    at = f", line {start + line - 1}" if start and line else ""
    return f"{library.path}{at}: clause '{clause.id}' ({variant})"


def _contexts() -> list[tuple[Any, dict[str, Any]]]:
    """Build the sandbox and context of each example agreement, to trial-render with."""
    contexts = []
    for path in sorted(examples_dir().glob("*.sla.yaml")):
        agreement = load_agreement(path)
        env = clause_environment(agreement.document.locale, agreement.document.currency)
        contexts.append((env, build_context(agreement, env.formatter)))
    return contexts


def _render_problems(
    library: Library, clause: LibraryClause, contexts: list[tuple[Any, dict[str, Any]]]
) -> list[str]:
    """Render each variant with each example; report the first failure of each variant."""
    found = []
    for variant, body in clause.variants.items():
        for env, context in contexts:
            try:
                render_text(env, "", body, context)
            except TextRenderError as error:
                found.append(f"{_where(library, clause, variant, error.line)}: {error.detail}")
                break
    return found


def check_library(path: str) -> int:
    """Print every problem of every clause on stderr; exit status 1 when there is any."""
    library = load_library(path)
    contexts = _contexts()
    messages: list[str] = []
    for clause in library.clauses:
        problems = check_clause(clause)
        for problem in problems:
            where = _where(library, clause, problem.variant, problem.line)
            messages.append(f"{where}: {problem.message}")
        if not problems:
            messages += _render_problems(library, clause, contexts)
    for message in messages:
        print(visible(message), file=sys.stderr)
    print(f"{path}: {len(library.clauses)} clause(s), {len(messages)} problem(s)")
    return 1 if messages else 0
