"""Check an Agreement before it becomes a contract: errors block rendering, warnings advise.

Lawyers and sales staff act on what these checks say, so every Issue names the field to change
(the override that set a value, not each service that inherited it), says what to do in plain
English, and carries the contract section the wizard should open.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from slaeditor.model.agreement import ExclusionKind, SlaType
from slaeditor.model.issue import PLACEHOLDER, Finding, Issue, Level
from slaeditor.model.parties import Renewal
from slaeditor.model.phrasing import phrasing_issues
from slaeditor.model.placeholders import placeholder_issues
from slaeditor.model.resolve import OverrideError, resolve_service, unknown_override_keys
from slaeditor.model.terms import MeasuredBy
from slaeditor.model.validation_rules import check_terms, plural
from slaeditor.model.validation_statement import holiday_issues, rounding_findings

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from slaeditor.model.agreement import Agreement
    from slaeditor.model.resolve import ResolvedService
    from slaeditor.model.terms import ServiceTerms

__all__ = ["PLACEHOLDER", "Issue", "Level", "check", "errors", "format_issue"]

DAYS_PER_MONTH = 30
_INDEX = re.compile(r"\[\d+\]")
_DOTTED_INDEX = re.compile(r"\.(\d+)(?=\.|$)")
_OWNER = re.compile(r"^(services|customer_groups)\[(\d+)\]")
_TERM_SECTIONS = {
    "availability": "service-levels",
    "maintenance": "service-hours",
    "credits": "credits",
    "chronic_failure": "chronic-failure",
    "support": "support",
    "on_site": "on-site",
    "scaling": "scaling",
}
_SERVICE, _GROUP, _CORPORATE = 2, 1, 0


def check(agreement: Agreement) -> list[Issue]:
    """List every problem of the agreement, errors first, each reported once."""
    terms_issues, all_terms = _terms_issues(agreement)
    issues = [
        *_parties(agreement),
        *_term(agreement),
        *_scope(agreement),
        *_calendars(agreement),
        *holiday_issues(agreement),
        *terms_issues,
        *_fairness(agreement, all_terms),
        *_clause_choices(agreement),
        *placeholder_issues(agreement),
        *phrasing_issues(agreement),
    ]
    unique = list(dict.fromkeys(issues))
    return sorted(unique, key=lambda issue: issue.level is not Level.ERROR)


def errors(agreement: Agreement) -> list[Issue]:
    """List only the problems that stop the contract from being rendered."""
    return [issue for issue in check(agreement) if issue.level is Level.ERROR]


def format_issue(issue: Issue) -> str:
    """Write an issue on one line, for the command line and logs."""
    return f"{issue.level}: {issue.path}: {issue.message}"


def _parties(agreement: Agreement) -> Iterator[Issue]:
    """Require the parties and someone to sign for each of them."""
    customer = agreement.customer
    if customer is None and agreement.sla_type is not SlaType.SERVICE_BASED:
        yield Issue(
            Level.ERROR,
            "customer",
            f"A {agreement.sla_type} agreement is made with one customer, but none is named; "
            "add the customer's legal name.",
            "parties",
        )
    parties = [("provider", agreement.provider)]
    if customer is not None:
        parties.append(("customer", customer))
    for role, party in parties:
        if not party.signatories:
            yield Issue(
                Level.ERROR,
                f"{role}.signatories",
                f"Nobody signs for {party.name} (the {role}); add at least one signatory.",
                "signatures",
            )


def _term(agreement: Agreement) -> Iterator[Issue]:
    """Make sure the notice not to renew can actually be given in time."""
    term = agreement.term
    if term.renewal is Renewal.NONE:
        return
    notice = term.non_renewal_notice_days
    terms = [(term.initial_term_months, "initial term")]
    if term.renewal is Renewal.AUTOMATIC:
        terms.append((term.renewal_term_months, "renewal term"))
    too_short = next(((m, w) for m, w in terms if notice >= m * DAYS_PER_MONTH), None)
    if too_short is not None:
        months, which = too_short
        yield Issue(
            Level.ERROR,
            "term.non_renewal_notice_days",
            f"The notice not to renew ({plural(notice, 'day')}) is not shorter than the "
            f"{which} of {plural(months, 'month')}, so it could never be given in time; "
            "shorten the notice (90 days is usual) or lengthen the term.",
            "term",
        )


def _scope(agreement: Agreement) -> Iterator[Issue]:
    """Check services, sites and customer groups exist, are unique and refer to each other."""
    if not agreement.services:
        yield Issue(
            Level.ERROR,
            "services",
            "The agreement covers no services; add at least one service.",
            "scope",
        )
    services = [(item.id, item.name) for item in agreement.services]
    sites = [(item.id, item.name) for item in agreement.sites]
    groups = [(item.id, item.name) for item in agreement.customer_groups]
    yield from _duplicates(services, "services", "service", "scope")
    yield from _duplicates(sites, "sites", "site", "scope")
    yield from _duplicates(groups, "customer_groups", "customer group", "scope")
    multi = agreement.sla_type is SlaType.MULTI_LEVEL
    if multi and not groups:
        yield Issue(
            Level.ERROR,
            "customer_groups",
            "A multi-level agreement needs at least one customer group (a division, site group "
            "or customer); add one and assign the services to it.",
            "scope",
        )
    elif groups and not multi:
        yield Issue(
            Level.ERROR,
            "customer_groups",
            f"A {agreement.sla_type} agreement has no customer groups; remove them or make the "
            "agreement multi-level.",
            "scope",
        )
    site_ids = {site_id for site_id, _ in sites}
    group_ids = {group_id for group_id, _ in groups}
    known_groups = ", ".join(name for _, name in groups) or "none defined yet"
    for index, service in enumerate(agreement.services):
        for position, site in enumerate(service.sites):
            if site not in site_ids:
                yield Issue(
                    Level.ERROR,
                    f"services[{index}].sites[{position}]",
                    f"{service.name}: site {position + 1} of its sites is not in the "
                    "agreement's list of sites (it was removed, or never added); add the site "
                    "or untick it for the service.",
                    "scope",
                )
        path = f"services[{index}].group"
        if service.group and not multi:
            text = (
                f"a {agreement.sla_type} agreement has no customer groups; clear the group or "
                "make the agreement multi-level"
            )
        elif multi and not service.group:
            text = "is in no customer group; assign it to one, as every service must be"
        elif multi and service.group not in group_ids:
            text = (
                "the customer group it was in is not in the agreement any more; choose one "
                f"of {known_groups} or add the group again"
            )
        else:
            continue
        yield Issue(Level.ERROR, path, f"{service.name}: {text}.", "scope")


def _duplicates(
    items: Sequence[tuple[str, str]], path: str, noun: str, section: str
) -> Iterator[Issue]:
    """Report every id already used by an earlier item, naming both."""
    seen: dict[str, str] = {}
    for index, (item_id, name) in enumerate(items):
        if item_id in seen:
            yield Issue(
                Level.ERROR,
                f"{path}[{index}].id",
                f"The {noun} {name} has the id '{item_id}', already used by {seen[item_id]}; "
                f"give each {noun} its own id.",
                section,
            )
        seen.setdefault(item_id, name)


def _calendars(agreement: Agreement) -> Iterator[Issue]:
    """Check calendars are unique and describe real hours."""
    calendars = agreement.calendars
    ids = [(calendar.id, calendar.name) for calendar in calendars]
    yield from _duplicates(ids, "calendars", "calendar", "service-hours")
    for index, calendar in enumerate(calendars):
        if not calendar.always and not calendar.hours:
            yield Issue(
                Level.ERROR,
                f"calendars[{index}].hours",
                f"The calendar {calendar.name} is not 24×7 but has no hours; add the covered "
                "days and hours (for example Monday to Friday, 08:00–18:00) or make it 24×7.",
                "service-hours",
            )
        for position, hours in enumerate(calendar.hours):
            if hours.end <= hours.start:
                yield Issue(
                    Level.ERROR,
                    f"calendars[{index}].hours[{position}].end",
                    f"The calendar {calendar.name} has hours from {hours.start} to "
                    f"{hours.end}, which end before they start; set an end time later in the "
                    "day (24:00 for midnight).",
                    "service-hours",
                )


def _terms_issues(agreement: Agreement) -> tuple[list[Issue], list[ServiceTerms]]:
    """Check the resolved terms of every service, placing each problem where it is set."""
    calendar_ids = {calendar.id: calendar for calendar in agreement.calendars}
    issues: list[Issue] = []
    for index, group in enumerate(agreement.customer_groups):
        where = f"customer_groups[{index}].overrides"
        issues += [
            _override_issue(agreement, e)
            for e in unknown_override_keys(group.overrides, prefix=where)
        ]
    for index, service in enumerate(agreement.services):
        where = f"services[{index}].overrides"
        issues += [
            _override_issue(agreement, e)
            for e in unknown_override_keys(service.overrides, prefix=where)
        ]
    resolved_terms: list[ServiceTerms] = []
    for index, service in enumerate(agreement.services):
        try:
            resolved = resolve_service(agreement, service)
        except OverrideError as error:
            issues.append(_override_issue(agreement, error))
            continue
        resolved_terms.append(resolved.terms)
        findings = [*check_terms(resolved.terms, calendar_ids), *rounding_findings(resolved.terms)]
        issues += [_place(agreement, finding, index, resolved) for finding in findings]
    if not resolved_terms:
        # Nothing resolved, so the corporate terms are all there is to check.
        findings = [
            *check_terms(agreement.terms, calendar_ids),
            *rounding_findings(agreement.terms),
        ]
        issues += [_place(agreement, finding, None, None) for finding in findings]
        resolved_terms.append(agreement.terms)
    return issues, resolved_terms


def _override_issue(agreement: Agreement, error: OverrideError) -> Issue:
    """Report an override that names no service term or holds a value it cannot take."""
    # resolve.py joins pydantic's location with dots ("tiers.0"); the wizard reads "tiers[0]".
    path = _DOTTED_INDEX.sub(r"[\1]", error.path)
    owner = _OWNER.match(path)
    name = "The override"
    if owner is not None:
        kind, index = owner.group(1), int(owner.group(2))
        if kind == "services":
            name = agreement.services[index].name
        else:
            name = f"{agreement.customer_groups[index].name} group"
    key = path.split(".overrides.", 1)[-1]
    section = _TERM_SECTIONS.get(_INDEX.sub("", key).split(".")[0], "scope")
    if "is not a service term" in error.message:
        text = f"{name}: {error.message}."
    elif "must be a mapping" in error.message:
        text = f"{name}: the override {key} {error.message}."
    else:
        text = (
            f"{name}: the overridden value of {key} is not accepted ({error.message}); "
            "correct it, or remove the override so the value from the level above applies."
        )
    return Issue(Level.ERROR, path, text, section)


def _origin(field: str, resolved: ResolvedService | None) -> int:
    """Tell which level set a field of the resolved terms: service, group or corporate."""
    if resolved is None:
        return _CORPORATE
    names = tuple(_INDEX.sub("", field).split("."))
    origin = _CORPORATE
    for override in resolved.overrides:
        if override.value == {}:
            continue  # an empty mapping changes nothing
        shared = min(len(names), len(override.path))
        if names[:shared] == override.path[:shared]:
            origin = max(origin, _SERVICE if override.level == "service" else _GROUP)
    return origin


def _place(
    agreement: Agreement, finding: Finding, index: int | None, resolved: ResolvedService | None
) -> Issue:
    """Point a finding at the most specific level that set one of its fields."""
    origins = [_origin(field, resolved) for field in finding.fields]
    origin = max(origins)
    chosen = origins.index(origin)
    field = finding.fields[0 if finding.kind == PLACEHOLDER else chosen]
    # When another field than the first is to blame, open the page where that field is edited.
    section = finding.section if field == finding.fields[0] else _TERM_SECTIONS[field.split(".")[0]]
    if origin == _SERVICE and resolved is not None:
        prefix = f"services[{index}].overrides"
        alone = resolved.service.name
        phrase = f"on {alone}"
    elif origin == _GROUP and resolved is not None and resolved.group is not None:
        group = resolved.group
        position = next(i for i, g in enumerate(agreement.customer_groups) if g is group)
        prefix = f"customer_groups[{position}].overrides"
        alone = f"{group.name} group"
        phrase = f"for the {alone}"
    else:  # one name for the level everywhere: the pages call it the corporate terms too
        prefix, alone, phrase = "terms", "Corporate terms", "in the corporate terms"
    lead = f"{finding.subject} {phrase}" if finding.subject else alone
    text = f"{lead}: {finding.text}."
    return Issue(finding.level, f"{prefix}.{field}", text, section, finding.kind)


def _fairness(agreement: Agreement, all_terms: Sequence[ServiceTerms]) -> Iterator[Issue]:
    """Warn about terms that reward bad behaviour or leave the customer unable to check."""
    if not any(item.kind is ExclusionKind.CUSTOMER_CAUSED for item in agreement.exclusions):
        yield Issue(
            Level.WARNING,
            "exclusions",
            "No exclusion covers problems the customer causes, so a miss caused by the "
            "customer would still earn a credit; add the customer-caused exclusion.",
            "exclusions",
        )
    if not agreement.customer_obligations:
        yield Issue(
            Level.WARNING,
            "customer_obligations",
            "The customer has no obligations, so the provider is penalised even when the "
            "customer does not report faults, give access or answer questions; add them.",
            "customer-obligations",
        )
    if not agreement.communication.escalation:
        yield Issue(
            Level.WARNING,
            "communication.escalation",
            "There is no escalation ladder, so the customer has nobody to turn to when a "
            "ticket stalls; add at least one escalation contact.",
            "escalation",
        )
    reporting = agreement.reporting
    if not reporting.audit_right:
        yield Issue(
            Level.WARNING,
            "reporting.audit_right",
            "The customer has no right to audit the figures, so it cannot check the provider "
            "keeps the levels it reports; give the customer an audit right.",
            "reporting",
        )
    customer_measures = reporting.measured_by is MeasuredBy.CUSTOMER or any(
        terms.availability.measured_by is MeasuredBy.CUSTOMER for terms in all_terms
    )
    if customer_measures and not reporting.monitoring_tool:
        yield Issue(
            Level.WARNING,
            "reporting.monitoring_tool",
            "The customer measures the service but no monitoring tool is named, so the two "
            "sides may disagree about the figures; name the tool both accept.",
            "measurement",
        )


def _clause_choices(agreement: Agreement) -> Iterator[Issue]:
    """Refuse wording choices that do not say which clause of the outline they are for."""
    if any(not key.strip() for key in agreement.clauses):
        yield Issue(
            Level.ERROR,
            "clauses",
            "A wording choice does not name the clause it is for; remove it or enter the "
            "clause id.",
            "parties",
        )
