"""An agreement's library clauses: choose one, notice a newer version, preview, save back.

The agreement keeps a copy of each chosen text (ClauseChoice), so the contract it renders
never changes behind the user's back; these helpers are what the wizard offers around that
copy: a diff when the library has moved on, a preview with the agreement's values, and
saving an edited text back to a library as a new clause or variant.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from typing import TYPE_CHECKING

from slaeditor.clauses.records import LibraryClause, LibraryError
from slaeditor.model import ClauseChoice
from slaeditor.templating.clause_data import build_context
from slaeditor.templating.environment import clause_environment
from slaeditor.templating.text import render_text

if TYPE_CHECKING:
    from slaeditor.clauses.library_set import Entry, LibrarySet
    from slaeditor.clauses.records import Library
    from slaeditor.model import Agreement

_VARIANT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _-]{0,39}$")


def choose(entry: Entry, variant: str) -> ClauseChoice:
    """Record a library clause's variant for an agreement, with a copy of its text."""
    if variant not in entry.clause.variants:
        known = ", ".join(entry.clause.variants)
        raise KeyError(f"clause '{entry.clause.id}' has no variant '{variant}'; choose {known}")
    return ClauseChoice(
        library=entry.library.name,
        clause=entry.clause.id,
        title=entry.clause.title,
        variant=variant,
        version=entry.clause.version,
        text=entry.clause.variants[variant],
    )


def edit(choice: ClauseChoice, text: str) -> ClauseChoice:
    """Return the choice with text edited for this agreement only (marked modified)."""
    if text.rstrip() == choice.text:
        return choice
    return ClauseChoice.model_validate({**choice.model_dump(), "text": text, "modified": True})


def library_text(choice: ClauseChoice, library_set: LibrarySet) -> str | None:
    """Return the text the library now holds for the chosen clause and variant, if any."""
    entry = library_set.find(choice.library, choice.clause)
    if entry is None:
        return None
    return entry.clause.variants.get(choice.variant)


def newer_version(choice: ClauseChoice, library_set: LibrarySet) -> LibraryClause | None:
    """Return the library's clause when it holds a version newer than the one recorded.

    A version the drafter already declined (`kept_version`) is not offered again; a later one
    is.
    """
    entry = library_set.find(choice.library, choice.clause)
    seen = max(choice.version, getattr(choice, "kept_version", None) or 0)
    if entry is None or entry.clause.version <= seen:
        return None
    return entry.clause


def text_diff(old: str, new: str, old_name: str = "library", new_name: str = "agreement") -> str:
    """Return a unified diff of two clause texts, line by line, for the user to read."""
    lines = difflib.unified_diff(
        old.rstrip().splitlines(keepends=False),
        new.rstrip().splitlines(keepends=False),
        old_name,
        new_name,
        lineterm="",
    )
    return "\n".join(lines)


def render_preview(agreement: Agreement, body: str) -> str:
    """Render a clause text with the agreement's values (Markdown), as the contract will say it.

    Raises RenderError with the line when the text does not render (syntax, unknown names,
    hostile text).
    """
    env = clause_environment(agreement.document.locale, agreement.document.currency)
    return render_text(env, "the clause text", body, build_context(agreement, env.formatter))


def save_back(
    library: Library,
    choice: ClauseChoice,
    *,
    as_new_clause_id: str | None = None,
    variant_name: str | None = None,
    title: str | None = None,
    author: str = "",
) -> Library:
    """Return the library with an edited choice added as a new clause or a new variant.

    A new clause copies the section, level, tags and guidance of the clause it came from (when
    that is in this library) and starts as a draft; a new variant makes its clause a draft
    again, for someone to approve. Nothing is written: save the result with save_library.
    """
    source = library.clause(choice.clause)
    if as_new_clause_id is not None:
        if library.clause(as_new_clause_id) is not None:
            raise LibraryError(library.path, f"already has a clause '{as_new_clause_id}'")
        name = variant_name or "standard"
        _check_variant_name(library, name)
        base = source or LibraryClause(id=as_new_clause_id, title="", section="parties")
        clause = dataclasses.replace(
            base,
            id=as_new_clause_id,
            title=title if title is not None else base.title,
            status="draft",
            version=0,
            author=author or base.author,
            variants={name: _body(choice.text or "")},
            lines={},
        )
        return dataclasses.replace(library, clauses=[*library.clauses, clause])
    if source is None:
        raise LibraryError(
            library.path,
            f"has no clause '{choice.clause}' to add a variant to; save it as a new clause",
        )
    if not variant_name:
        raise LibraryError(library.path, "a new variant needs a name")
    _check_variant_name(library, variant_name)
    if variant_name in source.variants:
        raise LibraryError(
            library.path, f"clause '{source.id}' already has a variant '{variant_name}'"
        )
    changed = dataclasses.replace(
        source, status="draft", variants={**source.variants, variant_name: _body(choice.text or "")}
    )
    clauses = [changed if c.id == source.id else c for c in library.clauses]
    return dataclasses.replace(library, clauses=clauses)


def _check_variant_name(library: Library, name: str) -> None:
    if not _VARIANT_NAME.match(name):
        raise LibraryError(
            library.path,
            f"'{name}' cannot name a variant; use letters, digits, spaces, '-' or '_' (at most 40)",
        )


def _body(text: str) -> str:
    """Store a body with one final line break, as library files write them."""
    return text.rstrip() + "\n"
