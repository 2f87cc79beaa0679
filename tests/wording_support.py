"""Team libraries for the clause wording tests, written through the core like a real one."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from slaeditor.clauses.library import load_library, new_library, save_library
from slaeditor.resources import templates_dir

if TYPE_CHECKING:
    from pathlib import Path

    from slaeditor.clauses.records import Library, LibraryClause

ACME = "Acme legal"
ACME_FALLBACK = (
    "{{ customer_name }} may claim a Service Credit only by written notice to "
    "{{ provider_name }} within 10 days of the end of the month; the monitoring records of "
    "{{ provider_name }} are conclusive.\n"
)


def pack_clause(clause_id: str) -> LibraryClause:
    """Return a clause of the standard pack's own library."""
    library = load_library(templates_dir() / "standard" / "clauses.yaml")
    clause = library.clause(clause_id)
    assert clause is not None
    return clause


def write_team_library(path: Path, *, version: int = 3, fallback: str = ACME_FALLBACK) -> Library:
    """Write "Acme legal" with its own credits-claims (shadowing the pack's) and a cap clause."""
    claims = dataclasses.replace(
        pack_clause("credits-claims"),
        version=version,
        author="J. Smith",
        tags=("credits", "claims", "acme"),
        guidance="Use the fallback only when the customer accepts our monitoring as final.",
        variants={**pack_clause("credits-claims").variants, "fallback": fallback},
        lines={},
    )
    cap = dataclasses.replace(
        pack_clause("credits-cap"), id="acme-credits-cap", version=1, tags=("cap",), lines={}
    )
    library = dataclasses.replace(
        new_library(path, ACME, "Approved clauses for UK telecoms deals"), clauses=[claims, cap]
    )
    return save_library(library)


def bump_clause(path: Path, clause_id: str, variant: str, text: str, version: int) -> None:
    """Save a newer version of one clause's variant, as a colleague approving it would."""
    library = load_library(path)
    clause = library.clause(clause_id)
    assert clause is not None
    changed = dataclasses.replace(
        clause, version=version, variants={**clause.variants, variant: text}
    )
    save_library(
        dataclasses.replace(
            library, clauses=[changed if c.id == clause_id else c for c in library.clauses]
        )
    )
