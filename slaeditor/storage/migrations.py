"""Upgrade agreement files written in an older file format, one version step at a time.

A file saved years ago must still open: each format change registers a step that turns
version N data into version N + 1 data, and loading chains the steps up to the current
version. Steps work on plain data (before validation), because an old file need not fit the
current model. There are no steps yet: version 1 is the first format.
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
