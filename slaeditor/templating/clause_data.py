"""What clause bodies see: the agreement plus resolved services, as read-only views."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slaeditor import sla
from slaeditor.model import Agreement, Party, ResolvedService, resolve_all

if TYPE_CHECKING:
    import datetime
    from decimal import Decimal

    from slaeditor.model import Calendar, CustomerGroup, ServiceTerms, Site
    from slaeditor.templating.environment import Formatter

TERM_PARTS = (
    "availability",
    "maintenance",
    "credits",
    "chronic_failure",
    "support",
    "on_site",
    "scaling",
)


@dataclass(frozen=True)
class ServiceView:
    """A service with its effective terms, as clauses and tables use it."""

    id: str
    name: str
    kind: str
    site_based: bool
    """It can be down at one Site and up at another (ServiceKind.site_based)."""
    description: str
    monthly_fee: Decimal | None
    starts_on: datetime.date | None
    sites: list[Site]
    group: CustomerGroup | None
    terms: ServiceTerms
    overrides: list[Any]

    def budget_seconds(self, window: str, month_days: int | None = None) -> Decimal:
        """Return the allowed downtime of this service in a window (30-day month by default)."""
        availability = self.terms.availability
        convention = availability.month_convention
        if window == "month" and convention == sla.MonthConvention.CALENDAR:
            return sla.allowed_downtime_seconds(
                availability.target_percent,
                sla.Window.MONTH,
                convention,
                month_days=month_days or 30,
            )
        return sla.allowed_downtime_seconds(
            availability.target_percent, sla.Window(window), convention
        )


@dataclass(frozen=True)
class GroupView:
    """A customer group and the services it holds."""

    id: str
    name: str
    description: str
    contact: str
    services: list[ServiceView]


def _view(agreement: Agreement, resolved: ResolvedService) -> ServiceView:
    """Build the view of one resolved service."""
    service = resolved.service
    by_id = {site.id: site for site in agreement.sites}
    return ServiceView(
        id=service.id,
        name=service.name,
        kind=service.kind.value,
        site_based=service.kind.site_based,
        description=service.description,
        monthly_fee=service.monthly_fee,
        starts_on=service.starts_on,
        sites=[by_id[s] for s in service.sites if s in by_id],
        group=resolved.group,
        terms=resolved.terms,
        overrides=resolved.overrides,
    )


def unnamed_customer() -> Party:
    """Stand in for the customer of a service-based SLA offered to every customer."""
    return Party(name="the Customer")


def short(party: Party) -> str:
    """Return how the contract refers to a party."""
    return party.short_name or party.name


PARTY_TOKEN = re.compile(r"\[(provider|customer)\]", re.IGNORECASE)
"""How free text names a party: "[Customer]" prints as the customer's defined name.

Exclusions and obligations are typed once, often before the parties are named, and kept in
clause libraries for other deals; the token lets them name the parties as the contract does.
"""


def with_party_names(text: str, provider: str, customer: str) -> str:
    """Print "[Provider]" and "[Customer]" in free text as the parties' defined names."""
    names = {"provider": provider, "customer": customer}
    return PARTY_TOKEN.sub(lambda found: names[found.group(1).lower()], text)


def build_context(agreement: Agreement, formatter: Formatter) -> dict[str, Any]:
    """Build the variables of docs/templates.md for clause bodies."""
    services = [_view(agreement, r) for r in resolve_all(agreement)]
    customer = agreement.customer or unnamed_customer()
    groups = [
        GroupView(g.id, g.name, g.description, g.contact, [s for s in services if s.group == g])
        for g in agreement.customer_groups
    ]
    calendars = {c.id: c for c in agreement.calendars}
    provider_name, customer_name = short(agreement.provider), short(customer)

    def named(text: str) -> str:
        return with_party_names(text, provider_name, customer_name)

    shared = {
        part: len({getattr(s.terms, part).model_dump_json() for s in services}) <= 1
        for part in TERM_PARTS
    }
    return {
        "agreement": agreement,
        "document": agreement.document,
        "provider": agreement.provider,
        "customer": customer,
        "provider_name": provider_name,
        "customer_name": customer_name,
        "customer_named": agreement.customer is not None,
        "sla_type": agreement.sla_type.value,
        "is_multi_level": agreement.sla_type == "multi-level",
        "is_customer_based": agreement.sla_type == "customer-based",
        "is_service_based": agreement.sla_type == "service-based",
        "term": agreement.term,
        "terms": agreement.terms,
        "services": services,
        "shared": shared,
        "customer_groups": groups,
        "sites": agreement.sites,
        "calendars": agreement.calendars,
        "default_calendar": calendars.get(agreement.terms.support.calendar),
        "exclusions": [
            item.model_copy(update={"text": named(item.text)}) for item in agreement.exclusions
        ],
        "customer_obligations": [named(item) for item in agreement.customer_obligations],
        "communication": agreement.communication,
        "reporting": agreement.reporting,
        "changes": agreement.changes,
        "extra_definitions": sorted(agreement.definitions.items()),
    }


def calendar_by_id(agreement: Agreement, calendar_id: str) -> Calendar | None:
    """Return a calendar, or the default support calendar when the id is empty."""
    wanted = calendar_id or agreement.terms.support.calendar
    return next((c for c in agreement.calendars if c.id == wanted), None)
