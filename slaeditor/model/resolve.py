"""Resolve multi-level terms: corporate, then customer group, then service; most specific wins.

The model stores only the values a lower level changes (overrides), never copies, so a change
to the corporate terms reaches every service that does not say otherwise.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from slaeditor.model.terms import ServiceTerms

if TYPE_CHECKING:
    from slaeditor.model.agreement import Agreement, CustomerGroup, Service


class OverrideError(ValueError):
    """An override that does not fit the service terms; names the path and what to fix."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass(frozen=True)
class Override:
    """One value changed at a lower level, for the contract's list of differences."""

    level: str  # "group" or "service"
    path: tuple[str, ...]
    value: Any


@dataclass(frozen=True)
class ResolvedService:
    """A service with its effective terms and where each difference came from."""

    service: Service
    group: CustomerGroup | None
    terms: ServiceTerms
    overrides: list[Override] = field(default_factory=list)

    def differs_in(self, section: str) -> bool:
        """Tell whether any override touches this part of the terms (e.g. "credits")."""
        return any(item.path[0] == section for item in self.overrides)


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Merge override into a copy of base; nested mappings merge, anything else replaces."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def override_leaves(
    overrides: dict[str, Any], prefix: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], Any]]:
    """List (path, value) for every overridden value; lists count as one value."""
    leaves: list[tuple[tuple[str, ...], Any]] = []
    for key, value in overrides.items():
        path = (*prefix, str(key))
        if isinstance(value, dict) and value:
            leaves.extend(override_leaves(value, path))
        else:
            leaves.append((path, value))
    return leaves


def unknown_override_keys(
    overrides: dict[str, Any], model: type[BaseModel] = ServiceTerms, prefix: str = "overrides"
) -> list[OverrideError]:
    """Find keys that name no field of the service terms (usually a typo)."""
    problems: list[OverrideError] = []
    for key, value in overrides.items():
        path = f"{prefix}.{key}"
        info = model.model_fields.get(str(key))
        if info is None:
            known = ", ".join(model.model_fields)
            problems.append(
                OverrideError(path, f"'{key}' is not a service term; use one of {known}")
            )
            continue
        sub = info.annotation
        if isinstance(sub, type) and issubclass(sub, BaseModel):
            if not isinstance(value, dict):
                problems.append(OverrideError(path, "must be a mapping of the values to change"))
            else:
                problems.extend(unknown_override_keys(value, sub, path))
    return problems


def _apply(
    base: dict[str, Any], overrides: dict[str, Any], where: str
) -> tuple[dict[str, Any], ServiceTerms]:
    """Merge one level and validate the result, reporting errors at the override's path."""
    problems = unknown_override_keys(overrides, prefix=f"{where}.overrides")
    if problems:
        raise problems[0]
    merged = deep_merge(base, overrides)
    try:
        terms = ServiceTerms.model_validate(merged)
    except ValidationError as error:
        first = error.errors()[0]
        path = ".".join(str(part) for part in first["loc"])
        raise OverrideError(f"{where}.overrides.{path}", first["msg"]) from error
    return merged, terms


def resolve_service(agreement: Agreement, service: Service) -> ResolvedService:
    """Compute the effective terms of one service."""
    index = next(i for i, item in enumerate(agreement.services) if item is service)
    data = agreement.terms.model_dump(mode="python")
    terms = agreement.terms
    overrides: list[Override] = []
    group = next((g for g in agreement.customer_groups if g.id == service.group), None)
    if group is not None and group.overrides:
        group_index = next(i for i, g in enumerate(agreement.customer_groups) if g is group)
        data, terms = _apply(data, group.overrides, f"customer_groups[{group_index}]")
        overrides += [Override("group", p, v) for p, v in override_leaves(group.overrides)]
    if service.overrides:
        data, terms = _apply(data, service.overrides, f"services[{index}]")
        overrides += [Override("service", p, v) for p, v in override_leaves(service.overrides)]
    return ResolvedService(service=service, group=group, terms=terms, overrides=overrides)


def group_terms(agreement: Agreement, group: CustomerGroup) -> ServiceTerms:
    """Return the terms at a customer group's level: corporate terms plus its overrides."""
    index = next(i for i, g in enumerate(agreement.customer_groups) if g is group)
    data = agreement.terms.model_dump(mode="python")
    return _apply(data, group.overrides, f"customer_groups[{index}]")[1]


def value_at(terms: ServiceTerms, path: tuple[str, ...]) -> Any:
    """Read the typed value at an override path from resolved terms."""
    value: Any = terms
    for part in path:
        value = getattr(value, part)
    return value


def resolve_all(agreement: Agreement) -> list[ResolvedService]:
    """Resolve every service in agreement order."""
    return [resolve_service(agreement, service) for service in agreement.services]
