"""Upgrade agreement files written in an older file format, one version step at a time.

A file saved years ago must still open: each format change registers a step that turns
version N data into version N + 1 data, and loading chains the steps up to the current
version. Steps work on plain data (before validation), because an old file need not fit the
current model. The autosaves and the wizard's lenient opening go through the same chain.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

from slaeditor.model import SCHEMA_VERSION

Step = Callable[[dict[str, Any]], dict[str, Any]]
"""Turn the data of one file format version into the next version's data."""

STEPS: dict[int, Step] = {}
"""The registered steps, keyed by the version they upgrade from."""


class MigrationError(ValueError):
    """A file cannot be brought up to the current format; the message says why."""


def register(from_version: int) -> Callable[[Step], Step]:
    """Register a step from ``from_version`` to ``from_version + 1`` (a decorator)."""

    def decorate(step: Step) -> Step:
        if from_version in STEPS:
            raise ValueError(f"a migration from version {from_version} is already registered")
        STEPS[from_version] = step
        return step

    return decorate


def migrate(
    data: dict[str, Any],
    from_version: int,
    to_version: int = SCHEMA_VERSION,
    steps: Mapping[int, Step] | None = None,
) -> dict[str, Any]:
    """Return a copy of the data upgraded to ``to_version``; the input is left untouched."""
    registry = STEPS if steps is None else steps
    result = copy.deepcopy(data)
    for version in range(from_version, to_version):
        step = registry.get(version)
        if step is None:
            raise MigrationError(
                f"uses file format {version}, which this version of SLA Editor cannot convert; "
                "open it with the version that wrote it and save it again"
            )
        result = step(result)
        result["schema_version"] = version + 1
    return result


def upgrade_leniently(data: dict[str, Any]) -> dict[str, Any]:
    """Bring data of an older format up to date, as far as it can be (a draft, a starter).

    Data whose version is not a whole number, or that no step can convert, is returned as it
    is: the model's own check then says what is wrong with it, at its field.
    """
    version = data.get("schema_version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version >= SCHEMA_VERSION:
        return data
    try:
        return migrate(data, max(version, 1))
    except MigrationError:
        return data


@register(1)
def _format_2(data: dict[str, Any]) -> dict[str, Any]:
    """Format 2: one wording field, credit tiers that say their side, a chosen scaling unit."""
    return _scaling_unit_is_chosen(_tiers_say_their_side(_one_field_for_wording(data)))


def _scaling_unit_is_chosen(data: dict[str, Any]) -> dict[str, Any]:
    """Format 2: scaling has no unit until one is typed; format 1 assumed "seat", so say so.

    The corporate terms get the unit format 1 assumed, which every level inherits unless it
    set its own, so every service scales in what it scaled in before.
    """
    terms = data.get("terms")
    if not isinstance(terms, dict):
        return data
    scaling = terms.setdefault("scaling", {})
    if isinstance(scaling, dict):
        scaling.setdefault("unit", "seat")
    return data


def _tiers_say_their_side(data: dict[str, Any]) -> dict[str, Any]:
    """Format 2: a credit tier's `below_percent` becomes `uptime_percent` with `applies: below`.

    Format 1 tiers always meant strictly below their threshold; format 2 lets a tier say
    "at or below" instead, so every tier says which, and the old ones keep their meaning.
    """
    levels = [data.get("terms")]
    for key in ("services", "customer_groups"):
        items = data.get(key)
        if isinstance(items, list):
            levels += [item.get("overrides") for item in items if isinstance(item, dict)]
    for terms in levels:
        credits = terms.get("credits") if isinstance(terms, dict) else None
        tiers = credits.get("tiers") if isinstance(credits, dict) else None
        if not isinstance(tiers, list):
            continue
        for tier in tiers:
            if isinstance(tier, dict) and "below_percent" in tier:
                threshold = tier.pop("below_percent")
                rest = dict(tier)
                tier.clear()
                tier.update({"uptime_percent": threshold, "applies": "below", **rest})
    return data


def _one_field_for_wording(data: dict[str, Any]) -> dict[str, Any]:
    """Format 2: `clause_variants` (a pack variant per clause) joins `clauses`.

    Format 1 said which wording a clause uses in two fields: `clause_variants: {id: variant}`
    for the pack's own variants and `clauses: {id: choice}` for library clauses, the library
    choice winning where both were set. A pack variant is now a choice without a library or
    a copied text, read from the pack as before, so the contract is the same.
    """
    variants = data.pop("clause_variants", None)
    if not isinstance(variants, dict) or not variants:
        return data
    clauses = data.get("clauses")
    if clauses is None:
        clauses = {}
    if not isinstance(clauses, dict):
        raise MigrationError(
            "has 'clauses' that is not a mapping of clause ids; fix it in a text editor"
        )
    for clause_id, variant in variants.items():
        if clause_id not in clauses and variant != "standard":
            clauses[clause_id] = {"variant": variant}
    if clauses:
        data["clauses"] = clauses
    return data
