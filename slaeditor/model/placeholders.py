"""Values still at a placeholder or left blank that the contract would print as they are.

A new agreement starts with placeholders ("Authorised signatory" signs for each party) so it
can be exported at once; a reader of the contract must not find them there. These checks are
warnings of the PLACEHOLDER kind: the review lists them apart, each pointing at its field, and
they never block an export (a draft may go out for discussion). Blanks in one service's terms
(on-site columns, the scaling unit) are found by validation_rules.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from slaeditor.model.issue import PLACEHOLDER, Issue, Level

if TYPE_CHECKING:
    from collections.abc import Iterator

    from slaeditor.model.agreement import Agreement, Service

__all__ = ["PLACEHOLDER_SIGNATORY", "placeholder_issues"]

PLACEHOLDER_SIGNATORY = "Authorised signatory"
"""The name a new agreement's signatories start with, until the user types who signs."""


def placeholder_issues(agreement: Agreement) -> Iterator[Issue]:
    """List every value still at a placeholder or left blank where the contract prints it."""
    yield from _signatories(agreement)
    yield from _sites(agreement)
    yield from _default_names(agreement)


_DEFAULT_NAME = re.compile(r"New (service|person|site|group|calendar|severity|term)( \d+)?")
"""The names the wizard gives a row it adds ("New service", "New site 3"), until typed over."""


def _default_names(agreement: Agreement) -> Iterator[Issue]:
    """List rows still called by the name the wizard gave them when they were added."""
    rows: list[tuple[str, str, str, str]] = []  # path, name, what it is, section
    rows += [
        (f"services[{i}].name", s.name, "service", "scope")
        for i, s in enumerate(agreement.services)
    ]
    rows += [(f"sites[{i}].name", s.name, "site", "scope") for i, s in enumerate(agreement.sites)]
    rows += [
        (f"customer_groups[{i}].name", g.name, "customer group", "scope")
        for i, g in enumerate(agreement.customer_groups)
    ]
    rows += [
        (f"calendars[{i}].name", c.name, "calendar", "service-hours")
        for i, c in enumerate(agreement.calendars)
    ]
    rows += [
        (f"terms.support.severities[{i}].name", s.name, "Severity Level", "support")
        for i, s in enumerate(agreement.terms.support.severities)
    ]
    for role in ("provider", "customer"):
        party = getattr(agreement, role)
        if party is None:
            continue
        rows += [
            (f"{role}.contacts[{i}].name", c.name, f"{role}'s contact", "communication")
            for i, c in enumerate(party.contacts)
        ]
        rows += [
            (f"{role}.signatories[{i}].name", p.name, f"{role}'s signatory", "signatures")
            for i, p in enumerate(party.signatories)
        ]
    rows += [
        (f"definitions.{term}", term, "defined term", "definitions")
        for term in agreement.definitions
    ]
    for path, name, what, section in rows:
        if _DEFAULT_NAME.fullmatch(name.strip()):
            yield _warning(
                path,
                f"A {what} is still called “{name}”, the name it was given when it was added, "
                "and the contract would print it; type its real name.",
                section,
            )


def _warning(path: str, message: str, section: str) -> Issue:
    return Issue(Level.WARNING, path, message, section, PLACEHOLDER)


def _signatories(agreement: Agreement) -> Iterator[Issue]:
    parties = [("provider", agreement.provider), ("customer", agreement.customer)]
    for role, party in parties:
        if party is None:
            continue
        who = party.name or f"The {role}"
        for index, person in enumerate(party.signatories):
            path = f"{role}.signatories[{index}]"
            number = f" {index + 1}" if len(party.signatories) > 1 else ""
            if person.name.strip().casefold() == PLACEHOLDER_SIGNATORY.casefold():
                yield _warning(
                    f"{path}.name",
                    f"{who}: signatory{number} is still “{PLACEHOLDER_SIGNATORY}”, which the "
                    "signature block would print as the name; type the name of the person who "
                    "signs.",
                    "signatures",
                )
            if not person.title.strip():
                yield _warning(
                    f"{path}.title",
                    f"{who}: signatory{number} ({person.name}) has no title, so the signature "
                    "block leaves it blank; type the signatory's job title (for example "
                    "Director).",
                    "signatures",
                )


def _blank(path: str, message: str, section: str) -> Issue:
    """Report a blank the contract cannot go out with: it would refer to what it never gives."""
    return Issue(Level.ERROR, path, message, section, PLACEHOLDER)


def _sites(agreement: Agreement) -> Iterator[Issue]:
    for index, site in enumerate(agreement.sites):
        if not site.address.strip():
            yield _blank(
                f"sites[{index}].address",
                f"The site {site.name} has no address, so the contract's list of sites would "
                "name a place nobody can find; type its address.",
                "scope",
            )
    in_groups = {service.group for service in agreement.services}
    for index, group in enumerate(agreement.customer_groups):
        if group.id not in in_groups:
            yield _blank(
                f"customer_groups[{index}]",
                f"The customer group {group.name} has no services, so the contract would set "
                "terms for a group with nothing in it; put services in it or remove it.",
                "scope",
            )
    for index, service in enumerate(agreement.services):
        if service.sites or not _on_site_included(agreement, service):
            continue
        where = (
            "add the sites to the agreement and tick them"
            if not agreement.sites
            else ("tick the sites it is delivered at")
        )
        yield _warning(
            f"services[{index}].sites",
            f"{service.name} includes on-site support, but no site is given for it, so the "
            f"contract sends engineers to sites it does not list; {where}.",
            "scope",
        )


def _on_site_included(agreement: Agreement, service: Service) -> bool:
    """Tell whether a service includes on-site support, whichever level says so."""
    included = agreement.terms.on_site.included
    for overrides in (_group_overrides(agreement, service), service.overrides):
        on_site = overrides.get("on_site")
        if isinstance(on_site, dict) and isinstance(on_site.get("included"), bool):
            included = on_site["included"]
    return included


def _group_overrides(agreement: Agreement, service: Service) -> dict[str, Any]:
    group = next((g for g in agreement.customer_groups if g.id == service.group), None)
    return group.overrides if group is not None else {}
