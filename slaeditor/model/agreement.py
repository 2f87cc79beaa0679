"""The Agreement: the single source of truth that the wizard edits and the renderer reads."""

from __future__ import annotations

import datetime
import functools
from enum import StrEnum
from typing import Any, Literal
from zoneinfo import available_timezones

from pydantic import ConfigDict, Field, JsonValue, field_validator, model_validator

from slaeditor.model.base import (
    Days,
    Minutes,
    Model,
    Money,
    Name,
    OptionalName,
    Text,
    exact_numbers,
)
from slaeditor.model.ids import ID_PATTERN
from slaeditor.model.parties import DocumentControl, Party, Term
from slaeditor.model.terms import MeasuredBy, ServiceTerms, WeekDay
from slaeditor.sla.public_holidays import region_problem

SCHEMA_VERSION: Literal[2] = 2
QUIET: dict[str, JsonValue] = {"quiet": True}
"""Marks a field a file leaves out while it holds its default (a pack wording's version 0)."""
_TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$"


class SlaType(StrEnum):
    """The ITIL shapes of an SLA (DOMAIN.md §1)."""

    CUSTOMER_BASED = "customer-based"
    SERVICE_BASED = "service-based"
    MULTI_LEVEL = "multi-level"


class Site(Model):
    """A customer location where services are delivered or engineers attend."""

    id: str = Field(pattern=ID_PATTERN)
    name: Name
    address: Text = ""
    time_zone: str = "Europe/London"

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if value not in _zones():
            raise ValueError(f"'{value}' is not a time zone; use a name such as Europe/Berlin")
        return value


class Hours(Model):
    """A span of covered hours on some days of the week."""

    days: list[WeekDay] = Field(min_length=1)
    start: str = Field("08:00", pattern=_TIME_PATTERN)
    end: str = Field("18:00", pattern=_TIME_PATTERN)


class Holiday(Model):
    """A day on which business-hours clocks stop."""

    date: datetime.date
    name: OptionalName = ""


class Calendar(Model):
    """When a clock runs: 24×7, or business hours in a time zone with holidays."""

    id: str = Field(pattern=ID_PATTERN)
    name: Name
    time_zone: str = "Europe/London"
    always: bool = Field(False, description="24 hours a day, 7 days a week, holidays included")
    hours: list[Hours] = Field(default_factory=list)
    holidays: list[Holiday] = Field(default_factory=list)
    holiday_rule: Text = Field("", description="E.g. public holidays in England and Wales")
    public_holidays: str = Field(
        "",
        description="The region whose public holidays stop the clock, as an ISO 3166 code: a "
        "country (IE) or a country and subdivision (GB-ENG for England); empty for none",
    )
    """Read with the `holidays` package, substitute days included; `holidays` adds dates."""

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return Site._known_zone(value)

    @field_validator("public_holidays", mode="before")
    @classmethod
    def _region_in_capitals(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("public_holidays")
    @classmethod
    def _known_region(cls, value: str) -> str:
        problem = region_problem(value) if value else None
        if problem is not None:
            raise ValueError(problem)
        return value


class ServiceKind(StrEnum):
    """What kind of service it is: the contract says what "unavailable" means for each kind."""

    OTHER = "other"
    VOICE = "voice"
    INTERNET_ACCESS = "internet-access"
    WIDE_AREA_NETWORK = "wide-area-network"
    API = "api"
    HOSTED_PLATFORM = "hosted-platform"
    SERVICE_DESK = "service-desk"
    MANAGED_DEVICES = "managed-devices"
    BACKUP = "backup"

    @property
    def site_based(self) -> bool:
        """Tell whether it can be down at one Site and up at another (not a central platform).

        A service desk, an API, a hosted platform, a device-management platform or a backup
        service is reached from every Site alike: it is up or down as a whole, so the rule
        for outages at some Sites does not apply to it.
        """
        return self not in _CENTRAL


_CENTRAL = frozenset(
    {
        ServiceKind.SERVICE_DESK,
        ServiceKind.API,
        ServiceKind.HOSTED_PLATFORM,
        ServiceKind.MANAGED_DEVICES,
        ServiceKind.BACKUP,
    }
)


class Service(Model):
    """A service in scope; its terms are the corporate terms plus its overrides."""

    id: str = Field(pattern=ID_PATTERN)
    name: Name
    kind: ServiceKind = Field(
        ServiceKind.OTHER,
        description="What kind of service it is; the contract defines unavailability for it",
        json_schema_extra={"quiet": True},
    )
    description: Text = ""
    monthly_fee: Money | None = None
    starts_on: datetime.date | None = Field(
        None, description="The day the Service starts, when later than the Effective Date"
    )
    sites: list[str] = Field(default_factory=list)
    group: str = Field("", description="Id of the customer group (multi-level agreements)")
    overrides: dict[str, Any] = Field(
        default_factory=dict, description="Service terms that differ from the level above"
    )

    _exact_overrides = field_validator("overrides", mode="before")(
        classmethod(lambda cls, value: exact_numbers(value))
    )


class CustomerGroup(Model):
    """The middle level of a multi-level agreement: a division, site group or customer."""

    id: str = Field(pattern=ID_PATTERN)
    name: Name
    description: Text = ""
    contact: OptionalName = ""
    overrides: dict[str, Any] = Field(default_factory=dict)

    _exact_overrides = field_validator("overrides", mode="before")(
        classmethod(lambda cls, value: exact_numbers(value))
    )


class ExclusionKind(StrEnum):
    """Reasons for which a missed level earns no credit (DOMAIN.md §8)."""

    FORCE_MAJEURE = "force-majeure"
    CUSTOMER_CAUSED = "customer-caused"
    CUSTOMER_INFORMATION = "customer-information"
    SUSPENSION = "suspension"
    SCHEDULED_MAINTENANCE = "scheduled-maintenance"
    BETA_FEATURES = "beta-features"
    BEYOND_DEMARCATION = "beyond-demarcation"
    OTHER = "other"


class Exclusion(Model):
    """One circumstance excluded from the service level measures."""

    kind: ExclusionKind
    text: Text = Field(min_length=1)


class EscalationLevel(Model):
    """A rung of the escalation ladder."""

    level: int = Field(ge=1, le=9)
    provider_contact: Name
    customer_contact: OptionalName = ""
    after_minutes: Minutes | None = None


class Communication(Model):
    """How and how often the customer hears from the provider."""

    channels: list[OptionalName] = Field(default_factory=list)
    status_page: OptionalName = ""
    outage_update_minutes: Minutes | None = 60
    planned_work_notice_days: Days = 5
    escalation: list[EscalationLevel] = Field(default_factory=list)


class Frequency(StrEnum):
    """How often reports and reviews happen."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half-yearly"
    YEARLY = "yearly"


class Reporting(Model):
    """Scorecards, reviews and the customer's right to check the figures."""

    report_frequency: Frequency = Frequency.MONTHLY
    report_due_business_day: int = Field(8, ge=1, le=30)
    review_frequency: Frequency = Frequency.QUARTERLY
    measured_by: MeasuredBy = MeasuredBy.PROVIDER
    monitoring_tool: OptionalName = ""
    audit_right: bool = True
    audit_notice_days: Days = 30


class ChangeControl(Model):
    """How the SLA itself is changed."""

    written_amendment_required: bool = True
    review_months: int = Field(12, ge=1, le=60)
    change_notice_days: Days = 30


class ClauseChoice(Model):
    """The wording one clause of the outline uses, when it is not the pack's standard wording.

    `library` empty means the template pack's own wording, in `variant` ("fallback"), read
    from the pack when the contract is rendered. A clause from a library (the pack's own
    library included) carries a copy of its `text`, so reopening the agreement renders the
    same contract however the library changes later; library, clause and version say where it
    came from, so the wizard can offer a newer version. `modified` marks text edited for this
    agreement only; `kept_version` records a newer version the drafter declined, so it is not
    offered again.
    """

    model_config = ConfigDict(**{**Model.model_config, "str_strip_whitespace": False})

    library: OptionalName = ""
    """The library the wording comes from; empty for the template pack's own wording."""
    clause: OptionalName = ""
    """The clause's id in that library; empty means the outline slot's own clause."""
    title: OptionalName = ""
    """The clause's heading in its library (the pack slot's title when empty)."""
    variant: Name = "standard"
    version: int = Field(0, ge=0, le=1_000_000, json_schema_extra=QUIET)
    text: Text | None = Field(None, min_length=1)
    """A copy of the wording; none for the pack's own wording, which is read from the pack."""
    modified: bool = Field(False, json_schema_extra=QUIET)
    kept_version: int | None = Field(None, ge=1, le=1_000_000)
    """A newer library version the drafter was shown and chose not to take (Keep)."""

    @field_validator("text")
    @classmethod
    def _no_trailing_space(cls, value: str | None) -> str | None:
        """Trailing line breaks mean nothing in Markdown; without them the file reads as a block."""
        return None if value is None else value.rstrip()

    @model_validator(mode="after")
    def _library_text_is_copied(self) -> ClauseChoice:
        """Refuse a library's wording without its text: the contract must not change by itself."""
        if self.library and self.text is None:
            raise ValueError(
                f"the wording from '{self.library}' has no text; choose it again on the Clause "
                "wording page"
            )
        return self

    @property
    def from_pack(self) -> bool:
        """Tell whether this is the template pack's own wording, read from the pack."""
        return not self.library and self.text is None


class Agreement(Model):
    """A service level agreement: parties, services, terms and the clause choices."""

    schema_version: Literal[2] = SCHEMA_VERSION
    sla_type: SlaType = SlaType.CUSTOMER_BASED
    template: str = Field("standard", description="Template pack the contract is rendered with")
    document: DocumentControl = Field(default_factory=DocumentControl)
    provider: Party
    customer: Party | None = None
    term: Term
    sites: list[Site] = Field(default_factory=list)
    calendars: list[Calendar] = Field(default_factory=list)
    services: list[Service] = Field(default_factory=list)
    customer_groups: list[CustomerGroup] = Field(default_factory=list)
    terms: ServiceTerms = Field(
        default_factory=ServiceTerms, description="Corporate terms that apply to every service"
    )
    exclusions: list[Exclusion] = Field(default_factory=list)
    customer_obligations: list[Text] = Field(default_factory=list)
    communication: Communication = Field(default_factory=Communication)
    reporting: Reporting = Field(default_factory=Reporting)
    changes: ChangeControl = Field(default_factory=ChangeControl)
    clauses: dict[str, ClauseChoice] = Field(
        default_factory=dict,
        description="The wording chosen per outline slot (pack clause id), when not the "
        "pack's standard wording",
    )
    definitions: dict[Name, Text] = Field(
        default_factory=dict, description="Extra or replaced definitions, term → meaning"
    )

    def service(self, service_id: str) -> Service:
        """Return the service with this id (KeyError names it when missing)."""
        for service in self.services:
            if service.id == service_id:
                return service
        raise KeyError(f"no service with id '{service_id}'")


@functools.cache
def _zones() -> frozenset[str]:
    """Return the known time zones, read once; the list comes from the system or tzdata."""
    return frozenset(available_timezones())
