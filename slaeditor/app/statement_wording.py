"""The statement's words, from the pack: headings, column labels and sentences as templates.

A monthly statement is a document the provider sends its customer, so its wording belongs to
whoever owns the contract's wording: the template pack's `statement.yaml` (the standard pack's
when a pack has none). Each sentence is a Jinja template rendered in the clauses' sandbox and
with their filters, so figures are formatted for the agreement's locale as in the contract.
Every problem (a missing text, a syntax error, a name the text is not given) is a PackError
naming the file and the line; `slaeditor templates check` reports them before any statement
is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jinja2 import meta

from slaeditor.clauses import PackError, find_pack
from slaeditor.clauses.pack import read_pack_file
from slaeditor.statement.notes import NOTE_VALUES, Note
from slaeditor.templating.blocks import Block, Paragraph, Run
from slaeditor.templating.environment import clause_environment
from slaeditor.templating.hostile import hostile_problems
from slaeditor.templating.markdown import to_blocks
from slaeditor.templating.text import error_detail, template_line

if TYPE_CHECKING:
    from pathlib import Path

    from jinja2 import Template

    from slaeditor.clauses import Pack
    from slaeditor.templating.sandbox import DataSandbox
    from slaeditor.yamlio import ParsedYaml

__all__ = ["FILE", "StatementWording", "load_statement_wording"]

FILE = "statement.yaml"
_SPACES = re.compile(r"[ \t\r\n]+")
"""Line breaks and runs of spaces, not the no-break space of "clause\u00a08.1"."""
HEADINGS = ("summary", "availability", "credits", "response", "support", "notes")
COLUMNS = {"availability": 7, "credits": 7, "response": 5, "support": 5}
"""Each table's name and how many columns it has."""
GIVEN: dict[str, frozenset[str]] = {
    name: frozenset(names.split())
    for name, names in {
        "introduction": "cite period title agreement_id provider customer",
        "outcome": "period services missed total",
        "availability": "rounding",
        "result": "met",
        "tier": "row condition",
        "no_tier": "",
        "no_fee": "",
        "capped": "capped",
        "claim_open": "",
        "credits": "cite response",
        "total": "total",
        "response": "cite",
        "levels": "levels",
        "excused": "excused",
        "support": "cite",
    }.items()
}
"""Each text of statement.yaml and the names it is given (its comment in the file lists them)."""


@dataclass(frozen=True)
class StatementWording:
    """The words of a statement, read from one pack file and ready to render."""

    path: Path
    title: str
    cites: dict[str, str]
    """What a text may cite (`cite.uptime`), by the id of the clause that sets it."""
    headings: dict[str, str]
    columns: dict[str, tuple[str, ...]]
    templates: dict[str, Template]
    lines: dict[str, int]
    notes: dict[str, Template]
    """The pack's own words for notes, by key (statement/notes.py); the others stay English."""

    def markdown(self, name: str, **values: Any) -> str:
        """Render the text *name* with *values* as Markdown; a failure names file and line."""
        try:
            return _SPACES.sub(" ", self.templates[name].render(values)).strip()
        except Exception as error:  # the text is the pack author's: every failure is a message
            line = self.lines[name] + (template_line(error) or 1) - 1
            raise PackError(self.path, f"text '{name}' {error_detail(error)}", line) from error

    def blocks(self, name: str, **values: Any) -> list[Block]:
        """Render the text *name* as paragraphs, emphasis included."""
        return to_blocks(self.markdown(name, **values))

    def note(self, note: str) -> tuple[Run, ...]:
        """Say a note of the statement in the pack's words, if it has its own for it."""
        if not isinstance(note, Note) or note.key not in self.notes:
            return (Run(str(note)),)
        key, name = note.key, f"notes.{note.key}"
        try:
            text = _SPACES.sub(" ", self.notes[key].render(note.values)).strip()
        except Exception as error:  # the pack author's text: every failure is a message
            line = self.lines[name] + (template_line(error) or 1) - 1
            raise PackError(self.path, f"note '{key}' {error_detail(error)}", line) from error
        paragraphs = [b for b in to_blocks(text) if isinstance(b, Paragraph)]
        return tuple(run for b in paragraphs for run in b.runs)

    def plain(self, name: str, **values: Any) -> str:
        """Render the text *name* as plain words, for a table cell."""
        return " ".join(
            "".join(run.text for run in block.runs)
            for block in self.blocks(name, **values)
            if isinstance(block, Paragraph)
        )


def load_statement_wording(pack: Pack, locale: str, currency: str) -> StatementWording:
    """Read the pack's statement.yaml (the standard pack's if it has none) for a locale."""
    path = pack.file(FILE)
    if not path.exists():
        path = find_pack("standard") / FILE
    parsed = read_pack_file(path)
    data = parsed.data
    if not isinstance(data, dict):
        raise PackError(path, "must be a mapping with title, cites, headings, columns and texts", 1)
    env = clause_environment(locale, currency).env
    notes = _note_keys(path, parsed)
    return StatementWording(
        path=path,
        title=_words(path, parsed, ("title",)),
        cites=_mapping(path, parsed, "cites", ()),
        headings=_mapping(path, parsed, "headings", HEADINGS),
        columns={name: _columns(path, parsed, name, count) for name, count in COLUMNS.items()},
        templates={name: _compile(env, path, parsed, name) for name in GIVEN},
        lines={
            **{name: parsed.start_of(("texts", name)) for name in GIVEN},
            **{f"notes.{key}": parsed.start_of(("notes", key)) for key in notes},
        },
        notes={key: _compile(env, path, parsed, key, "notes") for key in notes},
    )


def _words(path: Path, parsed: ParsedYaml, at: tuple[str, ...]) -> str:
    value: Any = parsed.data
    for key in at:
        value = value.get(key) if isinstance(value, dict) else None
    if not isinstance(value, str) or not value.strip():
        where = ".".join(at)
        raise PackError(path, f"needs the text '{where}'", parsed.line_of(at))
    return value.strip()


def _mapping(path: Path, parsed: ParsedYaml, name: str, needed: tuple[str, ...]) -> dict[str, str]:
    found = parsed.data.get(name)
    if not isinstance(found, dict):
        raise PackError(path, f"needs a mapping named '{name}'", parsed.line_of((name,)))
    for key in (*needed, *found):
        _words(path, parsed, (name, key))
    return {str(key): str(value).strip() for key, value in found.items()}


def _columns(path: Path, parsed: ParsedYaml, name: str, count: int) -> tuple[str, ...]:
    tables = parsed.data.get("columns")
    value = tables.get(name) if isinstance(tables, dict) else None
    if (
        not isinstance(value, list)
        or len(value) != count
        or not all(isinstance(label, str) and label.strip() for label in value)
    ):
        raise PackError(
            path,
            f"columns.{name} must list the table's {count} column labels",
            parsed.line_of(("columns", name)),
        )
    return tuple(label.strip() for label in value)


def _note_keys(path: Path, parsed: ParsedYaml) -> list[str]:
    """Return the notes the pack rewords (`notes:`, optional); each must be a known note."""
    found = parsed.data.get("notes")
    if found is None:
        return []
    if not isinstance(found, dict):
        at = parsed.line_of(("notes",))
        raise PackError(path, "notes must be a mapping of note keys to texts", at)
    for key in found:
        if key not in NOTE_VALUES:
            known = ", ".join(NOTE_VALUES)
            message = f"notes.{key} is not a note of the statement; the notes are: {known}"
            raise PackError(path, message, parsed.line_of(("notes", key)))
    return [str(key) for key in found]


def _compile(
    env: DataSandbox, path: Path, parsed: ParsedYaml, name: str, group: str = "texts"
) -> Template:
    given = GIVEN[name] if group == "texts" else NOTE_VALUES[name]
    text = _words(path, parsed, (group, name))
    start = parsed.start_of((group, name))
    problems = hostile_problems(text)
    if problems:
        line = start + problems[0].line - 1
        raise PackError(path, f"text '{name}': {problems[0].message}", line)
    try:
        unknown = meta.find_undeclared_variables(env.parse(text)) - given - set(env.globals)
        template = env.from_string(text)
    except Exception as error:  # a syntax error in the pack author's text
        line = start + (template_line(error) or 1) - 1
        raise PackError(path, f"text '{name}' {error_detail(error)}", line) from error
    if unknown:
        first = min(unknown)
        allowed = ", ".join(sorted(given)) or "no names"
        used = re.compile(rf"\b{re.escape(first)}\b")
        at = next((n for n, line in enumerate(text.splitlines()) if used.search(line)), 0)
        raise PackError(
            path,
            f"text '{name}' uses '{first}', which it is not given; it may use {allowed}",
            start + at,
        )
    return template
