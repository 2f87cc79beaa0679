"""Service Credits for missed Response Times: counted per ticket, added to availability, capped.

The telecom example with a credit of 2 % of the affected Service's monthly fee for each
Incident of Severity Level 1 or 2 whose Response Time is missed. Its matrix answers Severity 1
in 15 minutes, 2 in 1 hour and 3 in 12 hours, around the clock; SIP Trunking costs £4,850 a
month, its cap is 10 %. Every expected figure is worked out by hand in the test.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from slaeditor.errors import FileLineError
from slaeditor.statement import build_statement, read_measurements, read_support
from slaeditor.statement.support_performance import NO_CREDITS

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from slaeditor.model import Agreement
    from slaeditor.statement import Statement

SUPPORT = "ticket,service,severity,logged,responded,resolved,cause\n"
TICKETS = (
    # Severity 1 answered after 30 minutes: missed, earns 2 %.
    "T-1,sip-trunking,1,2025-05-06T10:00Z,2025-05-06T10:30Z,,\n"
    # Severity 2 answered in 30 minutes: met.
    "T-2,sip-trunking,2,2025-05-06T11:00Z,2025-05-06T11:30Z,,\n"
    # Severity 3 answered after 14 hours: missed, but Severity 3 earns no credit.
    "T-3,sip-trunking,3,2025-05-06T12:00Z,2025-05-07T02:00Z,,\n"
    # Severity 2 answered after 2 hours, because of the customer: no credit.
    "T-4,sip-trunking,2,2025-05-07T09:00Z,2025-05-07T11:00Z,,customer-caused\n"
    # Severity 1 logged on 30 May and still unanswered at the end of May: missed, earns 2 %.
    "T-5,sip-trunking,Critical,2025-05-30T09:00Z,,,\n"
    # Severity 1 of another Service answered in time.
    "T-6,sd-wan,1,2025-05-08T09:00Z,2025-05-08T09:10Z,,\n"
)
OUTAGE = "service,start,end,cause,site\nsip-trunking,2025-05-20T10:00Z,2025-05-20T10:50Z,,\n"


@pytest.fixture
def credited(telecom: Agreement) -> Agreement:
    telecom.terms.credits.response_credit_percent = Decimal(2)
    telecom.terms.credits.response_credit_severities = 2
    return telecom


@pytest.fixture
def statement(
    measurements_file: Callable[[str], Path],
) -> Callable[..., Statement]:
    def compute(agreement: Agreement, tickets: str, outages: str | None = None) -> Statement:
        support = read_support(measurements_file(SUPPORT + tickets), agreement)
        measurements = None
        if outages is not None:
            measurements = read_measurements(measurements_file(outages), agreement)
        return build_statement(agreement, measurements, "2025-05", support=support)

    return compute


def test_each_missed_response_of_a_credited_severity_earns_the_credit(
    credited: Agreement, statement: Callable[..., Statement]
) -> None:
    result = statement(credited, TICKETS)
    sip = next(r for r in result.response_credits if r.service_id == "sip-trunking")

    assert sip.tickets == ("T-1", "T-5")
    assert sip.excused == ("T-4",)
    assert sip.credit_percent == Decimal(4)
    assert sip.credit_amount == Decimal("194.00")  # 4 % of £4,850
    # Every service that sets the credit has a row, also with nothing earned.
    sd_wan = next(r for r in result.response_credits if r.service_id == "sd-wan")
    assert (sd_wan.tickets, sd_wan.credit_amount) == ((), Decimal("0.00"))
    assert result.total_credit == Decimal("194.00")
    assert NO_CREDITS not in result.support.notes  # type: ignore[union-attr]


def test_the_credits_add_to_the_availability_credit_and_are_capped_together(
    credited: Agreement, statement: Callable[..., Statement]
) -> None:
    result = statement(credited, TICKETS, OUTAGE)
    sip = next(s for s in result.services if s.service_id == "sip-trunking")

    # 50 minutes of May's 44,640: 99.8879… %, stated 99.887 %, below 99.9 %: 2 %, £97.00;
    # and 4 % for the two missed responses, £194.00.
    assert (sip.uptime_percent, sip.credit_percent) == (Decimal("99.887"), Decimal(2))
    assert sip.response_credit_percent == Decimal(4)
    assert sip.response_credit_amount == Decimal("194.00")
    assert (sip.credit_amount, sip.cap_applied) == (Decimal("291.00"), False)
    assert result.total_credit == Decimal("291.00")

    credited.terms.credits.cap_percent = Decimal(5)
    capped = statement(credited, TICKETS, OUTAGE)
    sip = next(s for s in capped.services if s.service_id == "sip-trunking")
    assert (sip.uncapped_amount, sip.credit_amount) == (Decimal("291.00"), Decimal("242.50"))
    assert sip.cap_applied


def test_a_response_credit_alone_sets_a_claim_deadline(
    credited: Agreement, statement: Callable[..., Statement]
) -> None:
    no_outage = "service,start,end,cause,site\n"
    result = statement(credited, TICKETS, no_outage)
    sip = next(s for s in result.services if s.service_id == "sip-trunking")

    assert sip.met and sip.credit_percent == 0
    assert sip.credit_amount == Decimal("194.00")
    assert sip.claim_deadline is not None  # 30 days after the end of May
    assert sip.claim_deadline.isoformat() == "2025-06-30"


def test_without_the_credit_the_support_figures_report_only(
    telecom: Agreement, statement: Callable[..., Statement]
) -> None:
    result = statement(telecom, TICKETS)

    assert result.response_credits == ()
    assert result.total_credit == 0
    assert NO_CREDITS in result.support.notes  # type: ignore[union-attr]
    assert "response_credits" not in json.loads(result.to_json())


def test_json_and_csv_carry_the_response_credits(
    credited: Agreement, statement: Callable[..., Statement]
) -> None:
    result = statement(credited, TICKETS)

    data = json.loads(result.to_json())
    sip = next(r for r in data["response_credits"] if r["service_id"] == "sip-trunking")
    assert (sip["tickets"], sip["credit_amount"]) == (["T-1", "T-5"], "194.00")
    tables = result.to_csv().split("\r\n\r\n")
    rows = list(csv.DictReader(io.StringIO(tables[-1])))
    assert [r["service_id"] for r in rows][:1] == ["sip-trunking"]
    assert rows[0]["tickets"] == "T-1 T-5"


def test_a_cause_the_agreement_does_not_exclude_is_refused_on_its_line(
    credited: Agreement, measurements_file: Callable[[str], Path]
) -> None:
    row = "T-1,sip-trunking,1,2025-05-06T10:00Z,2025-05-06T10:30Z,,solar flare\n"
    with pytest.raises(FileLineError) as raised:
        read_support(measurements_file(SUPPORT + row), credited)

    assert raised.value.line == 2
    assert "cause" in str(raised.value)
    assert "customer-caused" in str(raised.value)  # names what may be written
