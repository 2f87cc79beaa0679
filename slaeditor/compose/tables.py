"""Tables computed from the agreement: the numbers a contract is judged by.

Clauses place them with `{{ table("name") }}`; every figure comes from slaeditor.sla, never
from template arithmetic. Services that share the same terms share one table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from slaeditor.compose.overrides import describe_override
from slaeditor.model.resolve import group_terms, override_leaves, value_at
from slaeditor.templating.blocks import Block, Paragraph, Run, Table
from slaeditor.templating.clause_data import ServiceView, calendar_by_id, short
from slaeditor.templating.environment import calendar_hours, label

if TYPE_CHECKING:
    from slaeditor.model import Agreement
    from slaeditor.model.terms import ServiceTerms
    from slaeditor.templating.environment import Formatter

TableBuilder = Callable[["Agreement", list[ServiceView], "Formatter"], list[Block]]


def _caption(text: str) -> Paragraph:
    """Return the caption paragraph printed above a table."""
    return Paragraph((Run(text, bold=True),), style="caption")


def _groups(services: Iterable[ServiceView], part: str) -> list[list[ServiceView]]:
    """Group services whose terms in `part` are identical, keeping first-seen order."""
    groups: dict[str, list[ServiceView]] = {}
    for service in services:
        key = getattr(service.terms, part).model_dump_json()
        groups.setdefault(key, []).append(service)
    return list(groups.values())


def _applies_to(group: list[ServiceView], services: list[ServiceView], fmt: Formatter) -> str:
    """Say which services a shared table covers."""
    if len(group) == len(services) and len(services) > 1:
        return "all Services"
    return fmt.join_and(s.name for s in group)


FEW_SITES = 6
"""Up to this many Sites are named in the services table; more are said by exception."""


def _sites_of(service: ServiceView, agreement: Agreement, fmt: Formatter) -> str:
    """Say where a service is delivered: its Sites, "every Site", or every Site but a few.

    A retailer's 46 stores named in a table cell take a page; "every Site except head office"
    says the same exactly, with the Sites and their addresses listed once in their own table.
    """
    names = [site.name for site in service.sites]
    every = [site.name for site in agreement.sites]
    if not names and service.site_based is False:
        return "not Site-specific"  # an API or a platform, reached from anywhere
    if not names or (set(names) == set(every) and len(every) > 1):
        return "every Site"
    missing = [name for name in every if name not in names]
    if len(names) > FEW_SITES and len(missing) < len(names):
        if len(missing) == 1:
            return f"every Site except {missing[0]}"
        # "every Site except A, Leeds; and B" can read as "except A — and B as well": the
        # count and the colon put every name after them in the one list of excluded Sites.
        return f"every Site except these {fmt.count(len(missing), 'Site')}: {fmt.join_and(missing)}"
    return fmt.join_and(names)


def services_table(
    agreement: Agreement, services: list[ServiceView], fmt: Formatter
) -> list[Block]:
    """List the services in scope with their sites and fees."""
    with_fee = any(s.monthly_fee is not None for s in services)
    with_sites = bool(agreement.sites)  # no Sites column in an agreement that has none
    columns = ["Service", "Description"] + (["Sites"] if with_sites else [])
    columns += ["Monthly fee"] if with_fee else []
    rows = []
    for s in services:
        row = [s.name, s.description]
        if with_sites:
            row.append(_sites_of(s, agreement, fmt))
        rows.append(row + ([fmt.money(s.monthly_fee)] if with_fee else []))
    widths = {(True, True): (3, 5, 3, 2), (True, False): (3, 6, 3), (False, True): (3, 7, 2)}
    return [
        Table(
            "services",
            tuple(columns),
            tuple(map(tuple, rows)),
            widths.get((with_sites, with_fee), (3, 8)),
        )
    ]


def service_levels_table(
    agreement: Agreement, services: list[ServiceView], fmt: Formatter
) -> list[Block]:
    """Show each service's target with the downtime it allows, in whole minutes.

    Downtime is counted in whole minutes, so the allowance is the most whole minutes that
    still meet the target (43 minutes at 99.9 % of a 30-day month, not 43m 12s).
    """
    rows = []

    def whole(s: ServiceView, window: str, days: int | None = None) -> int:
        return int(s.budget_seconds(window, days) // 60)

    def minutes(s: ServiceView, window: str, days: int | None = None) -> str:
        return fmt.duration(whole(s, window, days))

    def month_range(s: ServiceView) -> str:
        short, long = whole(s, "month", 28), whole(s, "month", 31)
        if long < 60:  # "40 to 44 minutes", not "40 minutes to 44 minutes"
            return f"{short} to {fmt.duration(long)}"
        return f"{fmt.duration(short)} to {fmt.duration(long)}"

    for s in services:
        availability = s.terms.availability
        window = availability.window.value
        if window == "month" and availability.month_convention == "calendar":
            if whole(s, "month", 28) == whole(s, "month", 31):  # the same in every month
                allowed = f"{minutes(s, 'month', 30)} in any calendar month"
            else:
                allowed = (
                    f"{minutes(s, 'month', 30)} in a 30-day month ({month_range(s)} in months "
                    "of 28 to 31 days)"
                )
        else:
            allowed = f"{minutes(s, window)} per {label(window)}"
        rows.append(
            (
                s.name,
                fmt.percent(availability.target_percent),
                label(availability.month_convention) if window == "month" else label(window),
                allowed,
                minutes(s, "year"),
            )
        )
    columns = ("Service", "Target", "Measured per", "Allowed downtime", "Per year")
    return [Table("service_levels", columns, tuple(rows), (3, 2, 3, 5, 2))]


def credit_tiers_table(
    agreement: Agreement, services: list[ServiceView], fmt: Formatter
) -> list[Block]:
    """Print one tier table per distinct credit schedule, captioned with its services."""
    blocks: list[Block] = []
    for group in _groups(services, "credits"):
        credits = group[0].terms.credits
        if not credits.tiers:
            blocks.append(
                Paragraph(
                    (Run(f"No Service Credits apply to {_applies_to(group, services, fmt)}."),)
                )
            )
            continue
        rows = [
            (
                f"{'At or below' if t.applies == 'at-or-below' else 'Below'} "
                f"{fmt.percent(t.uptime_percent)}",
                fmt.percent(t.credit_percent),
            )
            for t in credits.tiers
        ]
        cap = (
            "no cap"
            if credits.cap_percent is None
            else f"capped at {fmt.percent(credits.cap_percent)}"
        )
        caption = f"Service Credits for {_applies_to(group, services, fmt)} ({cap})"
        columns = ("Monthly Uptime Percentage", f"Service Credit (% of {label(credits.base)})")
        blocks += [_caption(caption), Table("credit_tiers", columns, tuple(rows), (1, 1))]
    return blocks


def severity_matrix_table(
    agreement: Agreement, services: list[ServiceView], fmt: Formatter
) -> list[Block]:
    """Print the severity matrix once per distinct set of severities."""
    blocks: list[Block] = []
    groups = _groups(services, "support")
    for group in groups:
        support = group[0].terms.support
        rows = []
        for sev in support.severities:
            calendar = calendar_by_id(agreement, sev.calendar or support.calendar)
            rows.append(
                (
                    f"{sev.level} – {sev.name}",
                    sev.definition,
                    fmt.duration(sev.response_minutes),
                    fmt.duration(sev.resolution_minutes) or "Reasonable endeavours",
                    fmt.duration(sev.update_minutes) or "On request",
                    calendar.name if calendar else "",
                )
            )
        if len(groups) > 1:
            blocks.append(_caption(f"Severity Levels for {_applies_to(group, services, fmt)}"))
        columns = ("Severity", "Definition", "Response", "Resolution", "Updates", "Hours")
        blocks.append(Table("severity_matrix", columns, tuple(rows), (2, 5, 2, 2, 2, 2)))
    return blocks


def support_hours_table(
    agreement: Agreement, services: list[ServiceView], fmt: Formatter
) -> list[Block]:
    """Describe every support calendar."""
    rows = tuple((c.name, calendar_hours(c)) for c in agreement.calendars)
    return [Table("support_hours", ("Calendar", "Coverage"), rows, (1, 3))]


def escalation_table(
    agreement: Agreement, services: list[ServiceView], fmt: Formatter
) -> list[Block]:
    """Print the escalation ladder.

    A column no level fills is left out rather than printed blank: a service-based agreement
    names no customer, so it has no customer contacts to escalate to.
    """
    ladder = agreement.communication.escalation
    customer = any(e.customer_contact for e in ladder)
    rows = tuple(
        (
            str(e.level),
            e.provider_contact,
            *((e.customer_contact or "To be notified",) if customer else ()),
            fmt.duration(e.after_minutes),
        )
        for e in ladder
    )
    columns = (
        "Level",
        f"{short(agreement.provider)} contact",
        *(
            (f"{short(agreement.customer)} contact" if agreement.customer else "Customer contact",)
            if customer
            else ()
        ),
        "Escalate after",
    )
    widths = (1, 4, 4, 2) if customer else (1, 6, 2)
    return [Table("escalation", columns, rows, widths)]


def contacts_table(
    agreement: Agreement, services: list[ServiceView], fmt: Formatter
) -> list[Block]:
    """List the named contacts of both parties, with no cell left blank."""
    rows = []
    for party in filter(None, (agreement.provider, agreement.customer)):
        rows += [
            (
                short(party),
                c.name,
                c.role,
                c.email or ("By telephone only" if c.phone else "Not given"),
                c.phone or ("By email only" if c.email else "Not given"),
            )
            for c in party.contacts
        ]
    columns = ("Party", "Name", "Role", "Email", "Telephone")
    return [Table("contacts", columns, tuple(rows), (2, 2, 3, 3, 2))]


def sites_in_other_zones(agreement: Agreement) -> bool:
    """Tell whether a Site keeps a time zone other than the support calendar's.

    Only then does the contract print each Site's time zone: 48 rows of "Europe/London"
    under a contract whose times are London times tell the reader nothing.
    """
    calendar = calendar_by_id(agreement, agreement.terms.support.calendar)
    if calendar is None:
        return bool(agreement.sites)
    return any(site.time_zone != calendar.time_zone for site in agreement.sites)


def sites_table(agreement: Agreement, services: list[ServiceView], fmt: Formatter) -> list[Block]:
    """List the sites with their addresses, and their time zones where they differ."""
    if sites_in_other_zones(agreement):
        zoned = tuple((s.name, s.address, s.time_zone) for s in agreement.sites)
        return [Table("sites", ("Site", "Address", "Time zone"), zoned, (2, 4, 2))]
    rows = tuple((s.name, s.address) for s in agreement.sites)
    return [Table("sites", ("Site", "Address"), rows, (2, 5))]


def on_site_table(agreement: Agreement, services: list[ServiceView], fmt: Formatter) -> list[Block]:
    """Print on-site terms of the services that include engineers.

    No cell is left blank: a reader cannot tell a blank from a missing promise. Without a
    calendar of its own, on-site work follows the support calendar; without a call-to-repair
    time or a radius, the table says there is none.
    """
    rows = []
    for s in services:
        o = s.terms.on_site
        if not o.included:
            continue
        calendar = calendar_by_id(agreement, o.calendar or s.terms.support.calendar)
        rows.append(
            (
                s.name,
                calendar.name if calendar else "As for support",
                fmt.duration(o.arrival_minutes) if o.arrival_minutes is not None else "No target",
                fmt.duration(o.call_to_repair_minutes)
                if o.call_to_repair_minutes is not None
                else "No target",
                f"{o.radius_km} km" if o.radius_km else "No limit",
            )
        )
    # Where spare parts are held is said once, in the clause on the targets, not here too.
    columns = ("Service", "Coverage", "Arrival", "Call-to-Repair", "Radius")
    return [Table("on_site", columns, tuple(rows), (3, 3, 2, 2, 2))]


def scaling_table(agreement: Agreement, services: list[ServiceView], fmt: Formatter) -> list[Block]:
    """Print how each scalable service grows and shrinks."""
    rows = []
    for s in services:
        c = s.terms.scaling
        if not c.included:
            continue
        most = f" to {fmt.number(c.maximum)}" if c.maximum is not None else " or more"
        rows.append(
            (
                s.name,
                c.unit,
                f"{fmt.number(c.minimum)}{most}, in steps of {fmt.number(c.increment)}",
                fmt.money(c.unit_price) if c.unit_price is not None else "not stated",
            )
        )
    # When increases and decreases may be ordered is said once, in the clause's own words.
    columns = ("Service", "Unit", "Quantity", "Price per unit")
    return [Table("scaling", columns, tuple(rows), (3, 3, 3, 2))]


def customer_groups_table(
    agreement: Agreement, services: list[ServiceView], fmt: Formatter
) -> list[Block]:
    """List the customer groups of a multi-level agreement and their services."""
    rows = tuple(
        (
            g.name,
            g.description,
            fmt.join_and(s.name for s in services if s.group and s.group.id == g.id),
        )
        for g in agreement.customer_groups
    )
    return [
        Table("customer_groups", ("Customer group", "Description", "Services"), rows, (2, 4, 3))
    ]


def _described(
    terms: ServiceTerms,
    path: tuple[str, ...],
    fmt: Formatter,
    calendars: dict[str, str],
) -> tuple[str, str]:
    """Describe one override, naming the Severity Levels that support hours apply to.

    The support calendar only sets the hours of the Severity Levels that state none of their
    own: "Support hours: business hours" beside a Severity 1 that runs around the clock would
    contradict the severity matrix.
    """
    name, value = describe_override(path, value_at(terms, path), fmt, calendars)
    if tuple(path) == ("support", "calendar"):
        severities = terms.support.severities
        levels = [str(sev.level) for sev in severities if not sev.calendar]
        if levels and len(levels) < len(severities):
            noun = "Severity Level" if len(levels) == 1 else "Severity Levels"
            name = f"{name} for {noun} {fmt.join_and(levels)}"
    return name, value


def overrides_table(
    agreement: Agreement, services: list[ServiceView], fmt: Formatter
) -> list[Block]:
    """List every difference from the corporate terms, where it is set and what it says."""
    calendars = {c.id: c.name for c in agreement.calendars}
    rows: list[tuple[str, str, str]] = []
    for group in agreement.customer_groups:
        terms = group_terms(agreement, group)
        for index, (path, _raw) in enumerate(override_leaves(group.overrides)):
            where = f"Customer group: {group.name}" if index == 0 else ""
            rows.append((where, *_described(terms, path, fmt, calendars)))
    for s in services:
        own = [item for item in s.overrides if item.level == "service"]
        for index, item in enumerate(own):
            where = f"Service: {s.name}" if index == 0 else ""
            rows.append((where, *_described(s.terms, item.path, fmt, calendars)))
    if not rows:
        return [Paragraph((Run("No level overrides the corporate terms."),))]
    return [Table("overrides", ("Applies to", "Term", "Value"), tuple(rows), (3, 3, 3))]


BUILDERS: dict[str, TableBuilder] = {
    "services": services_table,
    "service_levels": service_levels_table,
    "credit_tiers": credit_tiers_table,
    "severity_matrix": severity_matrix_table,
    "support_hours": support_hours_table,
    "escalation": escalation_table,
    "contacts": contacts_table,
    "sites": sites_table,
    "on_site": on_site_table,
    "scaling": scaling_table,
    "customer_groups": customer_groups_table,
    "overrides": overrides_table,
}
