"""Compute a statement: per service, what was measured, met and earned, by the resolved terms.

The arithmetic is slaeditor.sla's (period minutes by month convention, uptime, credit tiers,
amounts with base, cap and minimum); this module decides which figures go in:

- Total Minutes: for a monthly window, `period_minutes` under the service's month convention
  (a calendar month's actual days, 30 days, or 30.4375 days); for any other window, the actual
  minutes of the calendar period, as the standard pack's calculation clause says (the fixed
  91.3125-day quarter and 365-day year of slaeditor.sla are for downtime budgets).
  Days count 1,440 minutes each, also on the days the clocks change.
- The uptime is stated by the rounding rule each service's terms state (rounding.py), and
  the stated figure decides.
- The credit base is the service's monthly fee (or all services' fees, for a "total-fee"
  base) times the calendar months the period spans (3 for a quarter, 1 for a day or a week).
- The claim deadline is the claim days after the anchor: the end of the calendar month in
  which the period ends (end-of-month); the end of the earliest-ending incident that makes up
  the Downtime (incident: a claim made by then is in time for all of it); or, since an
  invoice's date is not known here, the period's last day (invoice), which a note repeats
  when a credit is due.
- Support tickets (support.py) are measured in the period whatever its unit, since the
  severity matrix belongs to no measurement window (support_performance.py). Credits for
  missed Response Times (response_credits.py) are added to the service's availability
  credit, and the two are limited by the cap together (no cap: the whole fee).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from slaeditor.errors import UserError
from slaeditor.model import ClaimAnchor, CreditBase, resolve_all
from slaeditor.sla import (
    MonthConvention,
    Window,
    capped,
    credit_amount,
    credit_percent_for,
    downtime_minutes_for_uptime,
    period_minutes,
    uptime_percent,
)
from slaeditor.statement.downtime import site_minutes_of
from slaeditor.statement.history import missed_in_window
from slaeditor.statement.notes import Note
from slaeditor.statement.periods import PeriodError, parse_period, period_of, period_unit
from slaeditor.statement.response_credits import (
    ResponseCredit,
    response_credits,
    sets_response_credits,
)
from slaeditor.statement.result import ServiceStatement, Statement
from slaeditor.statement.rounding import DEFAULT_ROUNDING, rounding_for
from slaeditor.statement.support_performance import support_statement
from slaeditor.statement.zones import agreement_zone, to_minute

if TYPE_CHECKING:
    from collections.abc import Sequence
    from zoneinfo import ZoneInfo

    from slaeditor.model import Agreement, ResolvedService
    from slaeditor.sla import Tier
    from slaeditor.statement.history import PastResult
    from slaeditor.statement.measurements import Incident, Measurements
    from slaeditor.statement.periods import Period
    from slaeditor.statement.rounding import UptimeRounding
    from slaeditor.statement.support import SupportMeasurements
    from slaeditor.statement.support_performance import SupportStatement

__all__ = ["StatementError", "build_statement", "total_minutes"]

_MINUTES_PER_DAY = 1440


class StatementError(UserError):
    """A statement that cannot be made: a period in the wrong unit, a service not measured."""


def build_statement(
    agreement: Agreement,
    measurements: Measurements | None,
    period: str,
    *,
    history: Sequence[PastResult] | None = None,
    rounding: UptimeRounding | None = None,
    support: SupportMeasurements | None = None,
) -> Statement:
    """Compute the statement of every service for *period* (2025-05, 2025-Q2, ...).

    *history* holds the results of earlier statements; without it (None) the chronic-failure
    count is left out. *rounding* replaces the rule each service's terms state when given.
    *support* adds the response and resolution performance of its tickets; without
    *measurements* (None) the statement has that alone.
    """
    zone = agreement_zone(agreement)
    notes: list[Note] = []
    services: list[ServiceStatement] = []
    rules: dict[str, UptimeRounding] = {}
    if measurements is None and support is None:
        raise StatementError("a statement needs measurements, support measurements or both")
    performance = None
    responses: tuple[ResponseCredit, ...] = ()
    if support is not None:
        credited = sets_response_credits(agreement)
        performance = _support(support, period, zone, credited=credited)
        responses = response_credits(agreement, performance) if credited else ()
    if measurements is not None:
        by_id = {r.service_id: r for r in responses}
        services = _services(
            agreement, measurements, period, history, rounding, notes, rules, by_id
        )
    amounts = [s.credit_amount for s in services] or [r.credit_amount for r in responses]
    total = sum((amount for amount in amounts if amount is not None), Decimal(0))
    return Statement(
        agreement_id=agreement.document.agreement_id,
        title=agreement.document.title,
        provider=agreement.provider.name,
        customer=agreement.customer.name if agreement.customer is not None else "",
        currency=agreement.document.currency,
        period=period.strip(),
        time_zone=zone.key,
        rounding=_describe(rules),
        services=tuple(services),
        total_credit=total.quantize(Decimal("0.01")),
        notes=tuple(dict.fromkeys(notes)),
        support=performance,
        response_credits=responses,
    )


def _services(
    agreement: Agreement,
    measurements: Measurements,
    period: str,
    history: Sequence[PastResult] | None,
    rounding: UptimeRounding | None,
    notes: list[Note],
    rules: dict[str, UptimeRounding],
    responses: dict[str, ResponseCredit],
) -> list[ServiceStatement]:
    """Compute each service's figures; fill in *notes* and each one's rounding *rules*."""
    zone = agreement_zone(agreement)
    resolved = resolve_all(agreement)
    fees = [r.service.monthly_fee for r in resolved if r.service.monthly_fee is not None]
    total_fees = sum(fees, Decimal(0)) if fees else None
    by_service: dict[str, list[Incident]] = {}
    for incident in measurements.incidents:
        by_service.setdefault(incident.service_id, []).append(incident)
    services = []
    for item in resolved:
        rule = rounding or rounding_for(item.terms.availability)
        rules[item.service.name] = rule
        sites = len(item.service.sites) or len(agreement.sites)
        if not item.service.kind.site_based:
            sites = 1  # a central platform is down as a whole, as the contract says
        one = _ServiceRun(item, _period(item, period), zone, rule, notes, sites)
        if measurements.kind == "incidents":
            one.from_incidents(by_service.get(item.service.id, []))
        else:
            one.from_uptime(measurements)
        response = responses.get(item.service.id)
        services.append(one.result(total_fees, history, response))
    if any(incident.site for incident in measurements.incidents):
        notes.append(
            Note(
                "site-rule",
                "An incident at one Site counts as the agreement's rule for outages at "
                "some Sites says: the whole Service is down, or (pro rata) its share of "
                "the Service's Sites.",
            )
        )
    return services


def _support(
    support: SupportMeasurements, text: str, zone: ZoneInfo, *, credited: bool
) -> SupportStatement:
    """Measure the support tickets in the period, which may be of any unit (2025-05, 2025-Q2)."""
    unit = period_unit(text)
    if unit is None:
        raise StatementError(
            f"--period {text.strip()}: is not a period; write a month such as 2025-05, a "
            "quarter such as 2025-Q2, a week such as 2025-W21, a day or a year"
        )
    try:
        period = parse_period(text, unit)
    except PeriodError as error:
        raise StatementError(f"--period {text.strip()}: {error}") from None
    return support_statement(support, period, zone, credited=credited)


def _describe(rules: dict[str, UptimeRounding]) -> str:
    """Say the rounding rule; when services state different rules, each one's."""
    distinct = set(rules.values())
    if len(distinct) <= 1:
        return next(iter(distinct), DEFAULT_ROUNDING).describe()
    return " ".join(f"{name}: {rule.describe()}" for name, rule in rules.items())


def _period(item: ResolvedService, text: str) -> Period:
    try:
        return parse_period(text, item.terms.availability.window)
    except PeriodError as error:
        raise StatementError(
            f"--period {text.strip()}: for {item.service.name} ({item.service.id}): {error}"
        ) from None


def total_minutes(period: Period, convention: MonthConvention) -> Decimal:
    """Return Total Minutes of a period (see the module docstring)."""
    if period.window is Window.MONTH:
        return period_minutes(Window.MONTH, convention, month_days=period.days)
    return Decimal(period.days * _MINUTES_PER_DAY)


class _ServiceRun:
    """The figures of one service, filled in from incidents or from a stated uptime."""

    def __init__(
        self,
        item: ResolvedService,
        period: Period,
        zone: ZoneInfo,
        rounding: UptimeRounding,
        notes: list[Note],
        sites: int,
    ) -> None:
        self.item, self.period, self.zone, self.notes = item, period, zone, notes
        self.sites = sites
        """How many Sites the service is delivered at (its own, else all the agreement's)."""
        self.terms = item.terms
        self.total = total_minutes(period, self.terms.availability.month_convention)
        self.share = Decimal(1)
        """The part of the period the service was provided in (it started during it)."""
        self.begins = period.bounds(zone)[0]
        starts = item.service.starts_on
        if starts is not None and period.start < starts:
            self._started_on(min(starts, period.end))
        self.tiers: list[Tier] = [tier.as_tier() for tier in self.terms.credits.tiers]
        self.figures = [self.terms.availability.target_percent]
        self.figures += [tier.threshold_percent for tier in self.tiers]
        self.rounding = rounding
        self.source = "incidents"
        self.excluded = self.downtime = Decimal(0)
        self.exact = Decimal(100)
        self.incidents = 0
        self.counted: tuple[Incident, ...] = ()

    def _started_on(self, starts: datetime.date) -> None:
        """Count only the part from the service's first day, as the contract says."""
        whole_start, end = self.period.bounds(self.zone)
        self.begins = datetime.datetime.combine(starts, datetime.time(0), tzinfo=self.zone)
        part = to_minute(end) - to_minute(self.begins)
        self.share = Decimal(part) / Decimal(to_minute(end) - to_minute(whole_start))
        self.total = Decimal(part)
        name = self.item.service.name
        self.notes.append(
            Note(
                "started",
                f"{name}: provided from {starts.isoformat()}, so Total Minutes and its fee are "
                "those of the part of the period from then on.",
                service=name,
                starts=starts,
            )
            if part
            else Note(
                "not-started",
                f"{name}: not provided yet in this period (it starts on {starts.isoformat()}).",
                service=name,
                starts=starts,
            )
        )

    def from_incidents(self, incidents: list[Incident]) -> None:
        _, end = self.period.bounds(self.zone)
        found = site_minutes_of(
            incidents, (to_minute(self.begins), to_minute(end)), self.terms, self.zone, self.sites
        )
        self.excluded = min(Decimal(found.excluded), self.total)
        self.downtime = min(Decimal(found.downtime), self.total - self.excluded)
        self.incidents, self.counted = found.incidents, found.counted
        if self.total > self.excluded:
            self.exact = uptime_percent(self.total, self.downtime, self.excluded)

    def from_uptime(self, measurements: Measurements) -> None:
        service = self.item.service
        reading = next(
            (
                r
                for r in measurements.readings
                if r.service_id == service.id and r.period == self.period
            ),
            None,
        )
        if reading is None:
            raise StatementError(
                f"{measurements.path}: has no uptime for {service.name} ({service.id}) in "
                f"{self.period.label}; add a row '{service.id},{self.period.label},<percent>'"
            )
        self.source = "uptime"
        self.exact = reading.uptime_percent
        self.downtime = downtime_minutes_for_uptime(reading.uptime_percent, self.total)

    def result(
        self,
        total_fees: Decimal | None,
        history: Sequence[PastResult] | None,
        response: ResponseCredit | None = None,
    ) -> ServiceStatement:
        service, credits = self.item.service, self.terms.credits
        target = self.terms.availability.target_percent
        stated = self.rounding.apply(self.exact, self.figures)
        met = stated >= target
        percent = credit_percent_for(stated, self.tiers)
        tier = _tier_number(self.tiers, stated, percent)
        fee = total_fees if credits.base is CreditBase.TOTAL_FEE else service.monthly_fee
        base = None if fee is None else fee * self.period.months * self.share
        if credits.base is CreditBase.SERVICE_CHARGES and percent > 0:
            self.notes.append(
                Note(
                    "usage-not-known",
                    f"{service.name}: the credit is a share of all the service's charges for "
                    "the period, usage included; the amount shown is of its monthly fee only, "
                    "since the usage charges are not known here.",
                    service=service.name,
                )
            )
        extra = Decimal(0)
        if response is not None and response.uncapped_amount is not None:
            extra = response.uncapped_amount
        uncapped = amount = None
        if base is not None:
            uncapped = extra + credit_amount(stated, self.tiers, base, None, credits.minimum_credit)
            amount = capped(uncapped, base, credits.cap_percent)
        elif percent > 0:
            self.notes.append(
                Note(
                    "no-fee",
                    f"{service.name}: the agreement states no monthly fee, so its credit is "
                    "given as a percentage only.",
                    service=service.name,
                )
            )
        chronic = None
        rule = self.terms.chronic_failure
        if history is not None and rule.enabled:
            chronic = missed_in_window(history, service.id, self.period, met, rule.window_months)
        return ServiceStatement(
            service_id=service.id,
            service_name=service.name,
            period=self.period.label,
            period_start=self.period.start,
            period_end=self.period.last_day,
            window=self.period.window.value,
            month_convention=self.terms.availability.month_convention.value,
            source=self.source,
            total_minutes=self.total,
            excluded_minutes=self.excluded,
            measured_minutes=self.total - self.excluded,
            downtime_minutes=self.downtime,
            incidents=self.incidents,
            uptime_percent=stated,
            target_percent=target,
            met=met,
            tier=tier,
            tier_condition="" if tier is None else self.tiers[tier - 1].condition(),
            credit_percent=percent,
            credit_base=base,
            uncapped_amount=uncapped,
            credit_amount=amount,
            cap_percent=credits.cap_percent,
            cap_applied=amount is not None and uncapped is not None and amount < uncapped,
            claim_anchor=credits.claim_anchor.value,
            claim_deadline=self.claim_deadline(percent > 0 or extra > 0),
            chronic_failures=chronic,
            chronic_failure=None if chronic is None else chronic >= rule.failures,
            response_credit_percent=Decimal(0) if response is None else response.credit_percent,
            response_credit_amount=None if response is None else response.uncapped_amount,
        )

    def claim_deadline(self, credit_due: bool) -> datetime.date | None:
        credits = self.terms.credits
        if credits.claim_days is None:
            return None
        days = datetime.timedelta(days=credits.claim_days)
        if credits.claim_anchor is ClaimAnchor.INCIDENT and self.counted:
            return min(i.ended.astimezone(self.zone).date() for i in self.counted) + days
        if credits.claim_anchor is ClaimAnchor.END_OF_MONTH:
            return period_of(Window.MONTH, self.period.last_day).last_day + days
        if credit_due and credits.claim_anchor is ClaimAnchor.INVOICE:
            self.notes.append(
                Note(
                    "invoice-date",
                    "A claim period that runs from an invoice's date is counted from the "
                    "period's last day: the invoice dates are not known here.",
                )
            )
        elif credit_due:
            name = self.item.service.name
            self.notes.append(
                Note(
                    "no-incident",
                    f"{name}: the claim period runs from the end of each incident, and no "
                    "incident is known here; the deadline counts from the period's last day.",
                    service=name,
                )
            )
        return self.period.last_day + days


def _tier_number(tiers: Sequence[Tier], uptime: Decimal, percent: Decimal) -> int | None:
    """Return the 1-based row of the tier that earns *percent* at *uptime*, or None."""
    if percent <= 0:
        return None
    rows = [
        (tier.threshold_percent, number)
        for number, tier in enumerate(tiers, start=1)
        if tier.applies_to(uptime) and tier.credit_percent == percent
    ]
    return min(rows)[1] if rows else None
