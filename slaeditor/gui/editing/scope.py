"""Where a field's value lives, and where it comes from when this level does not set it.

Plain fields (the customer's name) live at one path. Service terms live at a level: the
corporate terms, a customer group's overrides or a service's overrides; a level that does not
set a value shows the one it inherits, and editing it writes an override at this level.
The levels have one name each on every screen (LEVEL_NAMES): the wizard, the clause picker,
the library manager and the guide all say "corporate terms", "customer group", "service".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from slaeditor.gui.editing.edited_agreement import MISSING

if TYPE_CHECKING:
    from slaeditor.gui.editing.edited_agreement import EditedAgreement, Path_


LEVEL_NAMES = {
    "corporate": "corporate terms",
    "customer": "customer group",
    "service": "service",
}
"""What each level of a multi-level agreement is called on screen, keyed by the file's word."""


def level_name(level: str) -> str:
    """Name a level as every screen does ("customer" → "customer group")."""
    return LEVEL_NAMES.get(level, level)


@dataclass(frozen=True)
class Level:
    """One place values are written, with its name as the user reads it."""

    path: Path_
    name: str


@dataclass
class Scope:
    """The level a page edits now, and the levels above it, nearest first."""

    prefix: Path_ = ()
    parents: list[Level] = field(default_factory=list)
    name: str = ""
    key: tuple[str, str] = ("", "")
    """What the level is, independent of list positions: ("service", id), ("group", id)."""

    @property
    def inherits(self) -> bool:
        """Tell whether values here may come from a level above (show markers and resets)."""
        return bool(self.parents)

    def path(self, rel: Path_) -> Path_:
        """Return the absolute path of a field at this level."""
        return (*self.prefix, *rel)

    def read(self, document: EditedAgreement, rel: Path_) -> tuple[Any, Level | None]:
        """Return the value in effect and the level it is inherited from (None if set here)."""
        own = document.lookup(self.path(rel))
        if own is not MISSING:
            return own, None
        for level in self.parents:
            found = document.lookup((*level.path, *rel))
            if found is not MISSING:
                return found, level
        return None, self.parents[-1] if self.parents else None


def corporate_scope() -> Scope:
    """Return the corporate terms' scope: every service's terms unless overridden lower."""
    return Scope(prefix=("terms",), name="the corporate terms", key=("corporate", ""))


def terms_scopes(document: EditedAgreement) -> list[Scope]:
    """List every level whose terms can be edited: corporate, each group, each service."""
    corporate = Level(("terms",), "the corporate terms")
    scopes = [corporate_scope()]
    groups = document.value(("customer_groups",), []) or []
    group_levels: dict[str, Level] = {}
    for index, group in enumerate(groups):
        name = str(group.get("name") or group.get("id") or f"group {index + 1}")
        level = Level(("customer_groups", index, "overrides"), name)
        group_levels[str(group.get("id", ""))] = level
        scopes.append(Scope(prefix=level.path, parents=[corporate], name=f"customer group {name}"))
    for index, service in enumerate(document.value(("services",), []) or []):
        name = str(service.get("name") or service.get("id") or f"service {index + 1}")
        parents = [corporate]
        group = group_levels.get(str(service.get("group", "")))
        if group is not None:
            parents = [group, corporate]
        scopes.append(
            Scope(
                prefix=("services", index, "overrides"),
                parents=parents,
                name=f"service {name}",
                key=("service", str(service.get("id", index))),
            )
        )
    return scopes
