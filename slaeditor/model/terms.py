"""The service terms that can be set once for everything and overridden lower down.

A multi-level agreement sets these at corporate level and lets a customer group or a single
service override individual values; resolve.py merges the layers, most specific wins.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from slaeditor.model.base import Days, Minutes, Model, Money, Name, OptionalName, Percent, Text
from slaeditor.sla import MonthConvention, Tier, Window


class MeasuredBy(StrEnum):
    """Who produces the figures that decide credits."""

    PROVIDER = "provider"
    THIRD_PARTY = "third-party"
    CUSTOMER = "customer"


class SiteOutages(StrEnum):
    """How an outage at some of a service's Sites counts, when it runs at several."""

    WHOLE_SERVICE = "whole-service"
    """Unavailable at any Site: the whole Service is down for those minutes."""
    PRO_RATA = "pro-rata"
    """Each minute counts in proportion to the share of the Service's Sites affected."""


class Availability(Model):
    """The availability promise of a service and how it is measured."""

    target_percent: Percent = Field(Decimal("99.9"), gt=0, lt=100)
    window: Window = Window.MONTH
    month_convention: MonthConvention = MonthConvention.CALENDAR
    minimum_downtime_minutes: Minutes = Field(
        1, description="Only outages lasting at least this long count as downtime"
    )
    measured_by: MeasuredBy = MeasuredBy.PROVIDER
    measurement_point: Text = ""
    site_outages: SiteOutages = Field(
        SiteOutages.WHOLE_SERVICE,
        description="How an outage at some of the Sites of a service delivered at several counts",
    )
    uptime_decimals: int | None = Field(
        None,
        ge=0,
        le=6,
        description="Decimals the uptime percentage is stated with, truncated (never rounded "
        "up); empty: two more than the most precise of the target and credit thresholds",
    )


class Maintenance(Model):
    """Scheduled maintenance, excluded from downtime when announced in time."""

    notice_days: Days = 5
    max_minutes_per_month: Minutes = 240
    window: OptionalName = "Sunday 00:00–06:00 local time"
    emergency_notice_hours: int = Field(24, ge=0, le=720)
    change_freezes: list[Name] = Field(
        default_factory=list,
        description="The customer's critical periods, in which no planned maintenance or "
        "change is made without its consent, e.g. 1 November to 5 January (peak trading)",
    )


class TierApplies(StrEnum):
    """Which side of its threshold a credit tier starts on: a contract must say which."""

    BELOW = "below"
    AT_OR_BELOW = "at-or-below"


class CreditTier(Model):
    """Measured uptime below the threshold (or at or below it) earns this share of the fee."""

    uptime_percent: Percent
    applies: TierApplies = TierApplies.BELOW
    credit_percent: Percent

    def as_tier(self) -> Tier:
        """Return the tier for the credit arithmetic (slaeditor.sla)."""
        return Tier(
            self.uptime_percent, self.credit_percent, self.applies is TierApplies.AT_OR_BELOW
        )


class CreditBase(StrEnum):
    """Which fee a credit percentage is taken of."""

    SERVICE_FEE = "service-fee"
    TOTAL_FEE = "total-fee"
    SERVICE_CHARGES = "service-charges"
    """All the affected service's charges for the month, usage-based charges included."""


class ClaimAnchor(StrEnum):
    """The event from which the claim window counts."""

    END_OF_MONTH = "end-of-month"
    INCIDENT = "incident"
    INVOICE = "invoice"


class CreditForm(StrEnum):
    """How a credit reaches the customer."""

    NEXT_INVOICE = "next-invoice"
    REFUND = "refund"


class CreditSchedule(Model):
    """Service credits: tiers, base, cap and how to claim."""

    tiers: list[CreditTier] = Field(default_factory=list)
    base: CreditBase = CreditBase.SERVICE_FEE
    cap_percent: Percent | None = None
    minimum_credit: Money | None = None
    claim_days: Days | None = 30
    claim_anchor: ClaimAnchor = ClaimAnchor.END_OF_MONTH
    evidence: Text = Field(
        "",
        description="What a claim must include, as a phrase (the ticket references of ...)",
    )
    form: CreditForm = CreditForm.NEXT_INVOICE
    sole_remedy: bool = True
    response_credit_percent: Percent | None = Field(
        None,
        description="A Service Credit for each Incident whose Response Time is missed, as a "
        "share of the affected service's monthly fee; empty: none",
    )
    response_credit_severities: int = Field(
        1,
        ge=1,
        le=9,
        description="Response credits apply to Severity Levels 1 up to this one",
        json_schema_extra={"quiet": True},
    )


class ChronicFailure(Model):
    """A termination right when a service keeps failing."""

    enabled: bool = True
    failures: int = Field(3, ge=1, le=100, description="Number of missed months that count")
    window_months: int = Field(6, ge=1, le=36)
    notice_days: Days = 30


class WeekDay(StrEnum):
    """Days of the week, as printed in coverage hours."""

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"


class Severity(Model):
    """One row of the severity matrix."""

    level: int = Field(ge=1, le=9)
    name: Name
    definition: Text
    examples: Text = ""
    response_minutes: Minutes
    resolution_minutes: Minutes | None = None
    update_minutes: Minutes | None = None
    calendar: str = Field("", description="Id of the support calendar; empty means the default")
    customer_available: bool = Field(
        False, description="The clock runs only while the customer is available to help"
    )


class Support(Model):
    """How incidents are reported and how fast the provider must act."""

    calendar: str = Field("", description="Id of the default support calendar")
    channels: list[OptionalName] = Field(default_factory=list)
    severities: list[Severity] = Field(default_factory=list)


class SpareParts(StrEnum):
    """Where replacement parts are kept."""

    NONE = "none"
    DEPOT = "depot"
    ON_SITE = "on-site"


class OnSite(Model):
    """Engineers sent to the customer's sites."""

    included: bool = False
    calendar: str = ""
    arrival_minutes: Minutes | None = None
    call_to_repair_minutes: Minutes | None = None
    radius_km: int | None = Field(None, ge=1, le=5000)
    spare_parts: SpareParts = SpareParts.DEPOT
    qualifications: Text = ""
    included_visits_per_year: int | None = Field(None, ge=0, le=10_000)
    hourly_rate: Money | None = None
    out_of_hours_multiplier: Decimal = Field(Decimal("1.5"), ge=1, le=5)


class ScaleDownRule(StrEnum):
    """When the customer may reduce quantities."""

    ANY_TIME = "any-time"
    WITHIN_WINDOW = "within-window"
    AT_RENEWAL = "at-renewal"
    NOT_ALLOWED = "not-allowed"


class Scaling(Model):
    """How quantities of a service grow and shrink during the term."""

    included: bool = False
    unit: OptionalName = ""
    """What is added and removed ("seat", "Mbit/s"); required once scaling is included."""
    minimum: Decimal = Field(Decimal(0), ge=0, le=10**9)
    increment: Decimal = Field(Decimal(1), gt=0, le=10**9)
    maximum: Decimal | None = Field(None, gt=0, le=10**9)
    unit_price: Money | None = None
    scale_up_notice_days: Days = 5
    provisioning_business_days: Days = 5
    scale_down_rule: ScaleDownRule = ScaleDownRule.AT_RENEWAL
    scale_down_notice_days: Days = 30
    scale_down_window_days: Days = 7


class NetworkTargets(Model):
    """Network performance a telecom service is held to, each as a monthly average."""

    latency_ms: int | None = Field(None, ge=1, le=10_000, description="Round-trip latency")
    jitter_ms: int | None = Field(None, ge=1, le=10_000)
    packet_loss_percent: Percent | None = Field(None, gt=0, lt=100)
    measured_between: OptionalName = Field(
        "",
        description="Where it is measured, e.g. the provider edge routers of each pair of Sites",
    )


class Continuity(Model):
    """Recovery objectives for a backup or disaster-recovery service."""

    recovery_time_minutes: Minutes | None = Field(
        None, description="Recovery Time Objective: back in service within this time"
    )
    recovery_point_minutes: Minutes | None = Field(
        None, description="Recovery Point Objective: data lost is at most this old"
    )
    tests_per_year: int = Field(
        1, ge=0, le=52, description="Recovery tests a year", json_schema_extra={"quiet": True}
    )


class ServiceTerms(Model):
    """Everything a service is held to; overridable per customer group and per service."""

    availability: Availability = Field(default_factory=Availability)
    maintenance: Maintenance = Field(default_factory=Maintenance)
    credits: CreditSchedule = Field(default_factory=CreditSchedule)
    chronic_failure: ChronicFailure = Field(default_factory=ChronicFailure)
    support: Support = Field(default_factory=Support)
    on_site: OnSite = Field(default_factory=OnSite)
    scaling: Scaling = Field(default_factory=Scaling)
    network: NetworkTargets = Field(default_factory=NetworkTargets)
    continuity: Continuity = Field(default_factory=Continuity)
