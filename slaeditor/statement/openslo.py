"""Write the agreement's availability targets as OpenSLO v1 documents a monitoring team loads.

One `Service` and one `SLO` per service of the agreement. Each SLO has the service's target as
its objective, budgeted in one-minute time slices (the contract counts whole minutes of
downtime) over a calendar-aligned window of the contract's unit (1M, 1Q, 1w, 1d, 1Y) starting
with the first period of the term, in the agreement's time zone. The indicator's metric source
is left for the monitoring team to fill in (`type` and `spec`): it should count the minutes
the service was available (good) out of all minutes (total) at the contract's Measurement
Point.

OpenSLO cannot express several rules of a contract; each SLO says them in its annotations
(under `slaeditor.contract/`): a 30-day or 30.4375-day month (OpenSLO's calendar month has its
actual length), the minimum Downtime Period, the exclusions and Scheduled Maintenance, the
rounding of the uptime and the credit tiers. The documents match the OpenSLO v1 JSON schema
kept in schemas/ (its README names the source).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from slaeditor.model import ExclusionKind, SiteOutages, resolve_all
from slaeditor.model.validation_rules import plural
from slaeditor.sla import MonthConvention, Window
from slaeditor.statement.periods import period_of
from slaeditor.statement.rounding import rounding_for
from slaeditor.statement.zones import agreement_zone
from slaeditor.yamlio import dump_yaml

if TYPE_CHECKING:
    from slaeditor.model import Agreement, ResolvedService
    from slaeditor.statement.rounding import UptimeRounding

__all__ = ["ANNOTATION_PREFIX", "API_VERSION", "openslo_documents", "openslo_yaml"]

API_VERSION = "openslo/v1"
ANNOTATION_PREFIX = "slaeditor.contract/"
_DURATIONS = {
    Window.DAY: "1d",
    Window.WEEK: "1w",
    Window.MONTH: "1M",
    Window.QUARTER: "1Q",
    Window.YEAR: "1Y",
}
_CONVENTIONS = {
    MonthConvention.CALENDAR: "Total Minutes is the actual number of minutes in the calendar "
    "month, as OpenSLO's calendar month counts them.",
    MonthConvention.THIRTY_DAY: "Total Minutes is 43,200 in every month (30 days), whatever "
    "its length; OpenSLO's calendar month has its actual length, so the contract's downtime "
    "budget differs from this SLO's in months of 28, 29 and 31 days.",
    MonthConvention.AVERAGE: "Total Minutes is 43,830 in every month (30.4375 days, 365.25 "
    "÷ 12); OpenSLO's calendar month has its actual length, so the contract's downtime "
    "budget differs from this SLO's in every month.",
}
_DESCRIPTION_LIMIT = 1050


def openslo_documents(
    agreement: Agreement, rounding: UptimeRounding | None = None
) -> list[dict[str, Any]]:
    """Return the OpenSLO documents: a Service and an SLO per service, in agreement order.

    *rounding* replaces the rule each service's terms state (rounding_for) when given.
    """
    zone = agreement_zone(agreement).key
    documents: list[dict[str, Any]] = []
    for item in resolve_all(agreement):
        rule = rounding or rounding_for(item.terms.availability)
        documents.append(_service(item))
        documents.append(_slo(agreement, item, _openslo_zone(zone), rule))
    return documents


def openslo_yaml(agreement: Agreement, rounding: UptimeRounding | None = None) -> str:
    """Write the documents as one YAML stream, each after a `---` line."""
    title = agreement.document.agreement_id or agreement.document.title
    head = (
        f"# OpenSLO v1 documents for the availability targets of {title},\n"
        "# written by SLA Editor. Fill in each indicator's metricSource (type and spec) with\n"
        "# your monitoring's query; the annotations state the contract's rules that OpenSLO\n"
        "# cannot express.\n"
    )
    return head + "".join(
        "---\n" + dump_yaml(document) for document in openslo_documents(agreement, rounding)
    )


def _service(item: ResolvedService) -> dict[str, Any]:
    spec: dict[str, Any] = {}
    description = " ".join(item.service.description.split())
    if description:
        spec["description"] = description[:_DESCRIPTION_LIMIT]
    return {
        "apiVersion": API_VERSION,
        "kind": "Service",
        "metadata": {"name": item.service.id, "displayName": item.service.name},
        "spec": spec,
    }


def _slo(
    agreement: Agreement, item: ResolvedService, zone: str, rounding: UptimeRounding
) -> dict[str, Any]:
    service, terms = item.service, item.terms
    availability = terms.availability
    target = availability.target_percent
    start = period_of(availability.window, agreement.term.effective_date).start
    return {
        "apiVersion": API_VERSION,
        "kind": "SLO",
        "metadata": {
            "name": f"{service.id}-availability",
            "displayName": f"{service.name}: availability {_percent(target)} %",
            "annotations": _annotations(agreement, item, rounding),
        },
        "spec": {
            "description": (
                f"The Availability Target of {service.name} under "
                f"{agreement.document.agreement_id or agreement.document.title}: a Monthly "
                f"Uptime Percentage of at least {_percent(target)} % in each Measurement "
                f"Period ({availability.window.value})."
            )[:_DESCRIPTION_LIMIT],
            "service": service.id,
            "indicator": {
                "metadata": {
                    "name": f"{service.id}-available-minutes",
                    "displayName": f"Minutes {service.name} is available",
                },
                "spec": {
                    "ratioMetric": {
                        "counter": False,
                        "good": {"metricSource": {"type": "unset", "spec": {}}},
                        "total": {"metricSource": {"type": "unset", "spec": {}}},
                    }
                },
            },
            "timeWindow": [
                {
                    "duration": _DURATIONS[availability.window],
                    "isRolling": False,
                    "calendar": {
                        "startTime": f"{start.isoformat()} 00:00:00",
                        "timeZone": zone,
                    },
                }
            ],
            "budgetingMethod": "Timeslices",
            "objectives": [
                {
                    "displayName": "Availability Target",
                    "op": "gte",
                    "target": target.scaleb(-2).normalize(),
                    "timeSliceTarget": Decimal(1),
                    "timeSliceWindow": "1m",
                }
            ],
        },
    }


def _annotations(
    agreement: Agreement, item: ResolvedService, rounding: UptimeRounding
) -> dict[str, str]:
    terms = item.terms
    availability, maintenance = terms.availability, terms.maintenance
    notes = {
        "agreement": agreement.document.agreement_id or agreement.document.title,
        "time-slices": "A one-minute slice is good only when the service is available for "
        "all of it: the contract counts downtime in whole minutes.",
        "minimum-downtime": f"Only unavailability lasting at least "
        f"{plural(availability.minimum_downtime_minutes, 'consecutive minute')} is Downtime; "
        "shorter interruptions do not count, which OpenSLO cannot express.",
        "exclusions": "Minutes excluded from the measurement (neither good nor bad): "
        + ", ".join(_excluded(agreement))
        + ".",
        "maintenance": "Scheduled Maintenance notified "
        f"{plural(maintenance.notice_days, 'day')} ahead "
        f"is excluded up to {maintenance.max_minutes_per_month} minutes a calendar month"
        + (f", in the window {maintenance.window}" if maintenance.window else "")
        + "; beyond that it counts as Downtime.",
        "rounding": rounding.describe(),
    }
    if availability.window is Window.MONTH:
        notes["month-convention"] = _CONVENTIONS[availability.month_convention]
    else:
        notes["measurement-period"] = (
            f"A calendar {availability.window.value}; Total Minutes is its actual number of "
            "minutes."
        )
    if terms.credits.tiers:
        notes["credit-tiers"] = "; ".join(
            f"{tier.as_tier().condition()}: {_percent(tier.credit_percent)} % credit"
            for tier in terms.credits.tiers
        )
    if item.service.sites:
        rule = (
            "each minute counts for the share of the service's sites affected (the monthly "
            "sum rounded to the nearest minute), which OpenSLO cannot express"
            if availability.site_outages == SiteOutages.PRO_RATA
            else "an outage at one site counts as downtime of the service"
        )
        notes["sites"] = f"Measured at each of the sites {', '.join(item.service.sites)}; {rule}."
    return {ANNOTATION_PREFIX + key: value for key, value in notes.items()}


def _excluded(agreement: Agreement) -> list[str]:
    kinds = [item.kind for item in agreement.exclusions]
    if ExclusionKind.SCHEDULED_MAINTENANCE not in kinds:
        kinds.append(ExclusionKind.SCHEDULED_MAINTENANCE)
    return [kind.value for kind in dict.fromkeys(kinds)]


def _openslo_zone(zone: str) -> str:
    """Name a zone as OpenSLO's schema wants it, Area/Location: UTC is written Etc/UTC."""
    return zone if "/" in zone else f"Etc/{zone}"


def _percent(value: Decimal) -> str:
    return format(value.normalize(), "f")
