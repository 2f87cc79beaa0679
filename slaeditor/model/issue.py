"""What a check reports: an Issue for the user, a Finding before it is placed at a level.

Kept apart from the checks so that every kind of check (the rules for service terms, the
agreement-wide checks, the placeholders still to fill in) reports the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["PLACEHOLDER", "Finding", "Issue", "Level"]

PLACEHOLDER = "placeholder"
"""The kind of a warning about a value still at a placeholder, or left blank, that the
contract would print as it is ("Authorised signatory"); the review lists these apart."""


class Level(StrEnum):
    """How serious an issue is: errors block rendering, warnings are advice to weigh."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    """One problem to show the user: how serious, where to fix it, and what to do.

    ``kind`` is PLACEHOLDER for a value still to fill in, "" for everything else.
    """

    level: Level
    path: str
    message: str
    section: str
    kind: str = ""


@dataclass(frozen=True)
class Finding:
    """A problem in one set of service terms, before it is placed at a level.

    ``fields`` are paths inside the service terms, the field to fix first; ``text`` depends
    only on those fields, so two services inheriting the same values produce equal findings.
    A PLACEHOLDER finding is placed at the level that set any of its fields but always
    points at the first, the blank one.
    """

    level: Level
    section: str
    fields: tuple[str, ...]
    text: str
    subject: str = ""
    kind: str = ""
