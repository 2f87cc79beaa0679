"""Service Credits for missed Response Times: per service, the tickets that earn one.

Where an agreement sets them (a service's `credits.response_credit_percent`), the standard
pack's clause "Service Credits for missed Response Times" gives, for each Incident of
Severity Level 1 up to `response_credit_severities` whose Response Time is missed, that
percentage of the affected Service's monthly fee, in addition to any availability credit and
within the same cap. A Response Time missed for a cause the agreement excludes (the support
file's `cause` column) earns none. A response still awaited at the end of the period counts
as missed once its business time is already over the target (support_performance.py).

Each service that sets such credits has a row, also when no ticket earned one, so the reader
sees that the tickets were checked. The cap here is the service's own cap of its monthly fee;
with availability measurements, compute.py limits this credit and the availability credit
together instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from slaeditor.model import resolve_all
from slaeditor.sla import capped, to_cents
from slaeditor.statement.support_performance import MISSED

if TYPE_CHECKING:
    from decimal import Decimal

    from slaeditor.model import Agreement
    from slaeditor.statement.support_performance import SupportStatement

__all__ = ["ResponseCredit", "response_credits", "sets_response_credits"]


@dataclass(frozen=True)
class ResponseCredit:
    """One service's credits for missed Response Times in the period."""

    service_id: str
    service_name: str
    up_to_severity: int
    """Severity Levels 1 up to this one earn the credit."""
    tickets: tuple[str, ...]
    """The tickets whose missed Response Time earns a credit."""
    excused: tuple[str, ...]
    """Tickets whose Response Time was missed for an excluded cause: no credit."""
    percent_each: Decimal
    credit_percent: Decimal
    """The percentage of the monthly fee earned: one `percent_each` per ticket."""
    monthly_fee: Decimal | None
    uncapped_amount: Decimal | None
    """The amount before the cap; None when the agreement states no fee."""
    credit_amount: Decimal | None
    """The amount within the service's cap, counting this credit alone."""


def sets_response_credits(agreement: Agreement) -> bool:
    """Tell whether any service of the agreement earns credits for missed Response Times."""
    return any(item.terms.credits.response_credit_percent for item in resolve_all(agreement))


def response_credits(agreement: Agreement, support: SupportStatement) -> tuple[ResponseCredit, ...]:
    """Return the credits each service that sets them earns from the period's tickets."""
    found = []
    for item in resolve_all(agreement):
        credits = item.terms.credits
        each = credits.response_credit_percent
        if not each:
            continue
        missed = [
            ticket
            for ticket in support.tickets
            if ticket.service_id == item.service.id
            and ticket.severity <= credits.response_credit_severities
            and ticket.response == MISSED
        ]
        earned = tuple(t.ticket for t in missed if not t.cause)
        percent = each * len(earned)
        fee = item.service.monthly_fee
        uncapped = None if fee is None else percent.scaleb(-2) * fee
        found.append(
            ResponseCredit(
                service_id=item.service.id,
                service_name=item.service.name,
                up_to_severity=credits.response_credit_severities,
                tickets=earned,
                excused=tuple(t.ticket for t in missed if t.cause),
                percent_each=each,
                credit_percent=percent,
                monthly_fee=fee,
                uncapped_amount=None if uncapped is None else to_cents(uncapped),
                credit_amount=(
                    None
                    if fee is None or uncapped is None
                    else capped(uncapped, fee, credits.cap_percent)
                ),
            )
        )
    return tuple(found)
