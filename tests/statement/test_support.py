"""Support tickets measured against the severity matrix, in business time of the right calendar.

The telecom example's matrix: Severity 1 Critical responds in 15 minutes and resolves in 4
hours, 2 Major in 1 hour and 8 hours, 3 Minor in 12 and 72 hours, all around the clock (24x7);
4 Service request responds in 8 hours of UK business hours (Monday to Friday 08:00–18:00,
Europe/London, public holidays of England) and has no Resolution Time. The default support
calendar is 24x7. Every expected figure is worked out by hand in the test.
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

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from slaeditor.model import Agreement
    from slaeditor.statement import Statement, SupportStatement
    from slaeditor.statement.support_performance import SeverityPerformance, TicketPerformance

HEADER = "ticket,service,severity,logged,responded,resolved,clock_stopped_minutes\n"


@pytest.fixture
def support_of(
    measurements_file: Callable[[str], Path],
) -> Callable[..., SupportStatement]:
    """Measure tickets from CSV text through a real file, for a period."""

    def compute(agreement: Agreement, rows: str, period: str = "2025-05") -> SupportStatement:
        support = read_support(measurements_file(HEADER + rows), agreement)
        statement = build_statement(agreement, None, period, support=support)
        assert statement.support is not None
        return statement.support

    return compute


def ticket(support: SupportStatement, reference: str) -> TicketPerformance:
    return next(t for t in support.tickets if t.ticket == reference)


def level(support: SupportStatement, number: int) -> SeverityPerformance:
    (found,) = [s for s in support.severities if s.level == number]
    return found


def business_hours_for_severity_2(telecom: Agreement) -> None:
    telecom.terms.support.severities[1].calendar = "uk-business-hours"


def test_a_friday_evening_severity_2_answered_on_monday_took_90_business_minutes(
    telecom: Agreement, support_of: Callable[..., SupportStatement]
) -> None:
    business_hours_for_severity_2(telecom)
    row = "T-1,sip-trunking,2,2025-05-09T17:30+01:00,2025-05-12T09:00+01:00,,\n"
    found = ticket(support_of(telecom, row), "T-1")
    # Friday 17:30–18:00 (30) and Monday 08:00–09:00 (60): over the 60-minute target.
    assert (found.response_minutes, found.response) == (90, "missed")
    assert found.calendar == "UK business hours"


def test_a_severity_without_a_calendar_runs_on_the_default_support_calendar(
    telecom: Agreement, support_of: Callable[..., SupportStatement]
) -> None:
    telecom.terms.support.severities[1].calendar = ""
    row = "T-1,sip-trunking,Major,2025-05-09T17:30+01:00,2025-05-12T09:00+01:00,,\n"
    # The default support calendar is 24x7: Friday 17:30 to Monday 09:00 is 63.5 hours.
    assert ticket(support_of(telecom, row), "T-1").response_minutes == 3810
    telecom.terms.support.calendar = "uk-business-hours"
    assert ticket(support_of(telecom, row), "T-1").response_minutes == 90
    # A service's own default support calendar (an override) wins over the corporate one.
    telecom.terms.support.calendar = "24x7"
    sip = next(s for s in telecom.services if s.id == "sip-trunking")
    sip.overrides["support"] = {"calendar": "uk-business-hours"}
    both = row + row.replace("T-1,sip-trunking", "T-2,sd-wan")
    support = support_of(telecom, both)
    assert (ticket(support, "T-1").response_minutes, ticket(support, "T-2").response_minutes) == (
        90,
        3810,
    )


def test_the_early_may_bank_holiday_comes_from_the_holidays_package(
    telecom: Agreement, support_of: Callable[..., SupportStatement]
) -> None:
    business = telecom.calendars[1]
    business.holidays = []  # no dates of its own: only the public holidays of GB-ENG
    row = "T-1,sms-api,4,2025-05-02T16:30+01:00,2025-05-06T10:00+01:00,,\n"
    # Friday 16:30–18:00 (90), Monday 5 May is the Early May bank holiday (0), Tuesday
    # 08:00–10:00 (120): 210 minutes, within 8 hours.
    found = ticket(support_of(telecom, row), "T-1")
    assert (found.response_minutes, found.response) == (210, "met")
    business.public_holidays = ""
    found = ticket(support_of(telecom, row), "T-1")
    assert (found.response_minutes, found.response) == (810, "missed")  # 90 + 600 + 120


def test_business_hours_are_local_across_the_march_clock_change(
    telecom: Agreement, support_of: Callable[..., SupportStatement]
) -> None:
    # Friday 28 March 2025 17:00 GMT to Monday 31 March 09:00 BST (08:00 UTC), written in
    # UTC: Friday 17:00–18:00 and Monday 08:00–09:00 local time, 120 minutes.
    row = "T-1,sd-wan,4,2025-03-28T17:00Z,2025-03-31T08:00Z,,\n"
    assert ticket(support_of(telecom, row, "2025-03"), "T-1").response_minutes == 120
    # On the 24x7 Severity 1 clock the same span is its real length: 63 hours.
    row = "T-1,sd-wan,1,2025-03-28T17:00Z,2025-03-31T08:00Z,2025-03-31T08:00Z,\n"
    found = ticket(support_of(telecom, row, "2025-03"), "T-1")
    assert (found.response_minutes, found.resolution_minutes) == (3780, 3780)


def test_counts_shares_and_the_worst_case_per_severity(
    telecom: Agreement, support_of: Callable[..., SupportStatement]
) -> None:
    rows = (
        "A,sip-trunking,1,2025-05-10T10:00Z,2025-05-10T10:10Z,2025-05-10T12:00Z,\n"
        "B,sip-trunking,1,2025-05-11T10:00Z,2025-05-11T10:15Z,2025-05-11T14:00Z,\n"
        "C,sd-wan,1,2025-05-12T10:00Z,2025-05-12T10:15:01Z,2025-05-12T14:30Z,\n"
        "D,sd-wan,Critical,2025-05-13T10:00Z,2025-05-13T10:40Z,2025-05-13T14:00:30Z,30\n"
    )
    critical = level(support_of(telecom, rows), 1)
    assert critical.tickets == 4
    # Responses 10, 15 (at the target: met), 15 min 1 s (16: missed), 40: 2 met of 4, 50.0 %.
    assert (critical.responses_met, critical.responses_missed) == (2, 2)
    assert critical.response_met_percent == Decimal("50.0")
    assert (critical.worst_response_minutes, critical.worst_response_ticket) == (40, "D")
    # Resolutions 120, 240 (met), 270 (missed), 241 − 30 stopped = 211 (met): 3 of 4, 75.0 %.
    assert (critical.resolutions_met, critical.resolutions_missed) == (3, 1)
    assert critical.resolution_met_percent == Decimal("75.0")
    assert (critical.worst_resolution_minutes, critical.worst_resolution_ticket) == (270, "C")
    assert level(support_of(telecom, rows), 2).tickets == 0


def test_a_share_is_truncated_never_rounded_up(
    telecom: Agreement, support_of: Callable[..., SupportStatement]
) -> None:
    rows = "".join(
        f"{name},sip-trunking,1,2025-05-1{day}T10:00Z,2025-05-1{day}T10:{minutes}Z,,\n"
        for name, day, minutes in (("A", 1, "05"), ("B", 2, "05"), ("C", 3, "30"))
    )
    critical = level(support_of(telecom, rows), 1)
    assert critical.response_met_percent == Decimal("66.6")  # 2 of 3 = 66.66… %


def test_a_ticket_still_waiting_at_the_end_of_the_period_is_open_or_already_missed(
    telecom: Agreement, support_of: Callable[..., SupportStatement]
) -> None:
    rows = (
        # Severity 4 on Friday 30 May 17:00: one business hour by the end of May (a Saturday).
        "W,sip-trunking,4,2025-05-30T17:00+01:00,,,\n"
        # Severity 2 at 23:00 on 31 May: 60 minutes to midnight, the target: still open.
        "X,sip-trunking,2,2025-05-31T23:00+01:00,,,\n"
        # Severity 1 at 23:30: 30 minutes by midnight, over the 15-minute target.
        "Y,sip-trunking,1,2025-05-31T23:30+01:00,2025-06-01T00:05+01:00,,\n"
    )
    support = support_of(telecom, rows)
    waiting = ticket(support, "W")
    assert (waiting.response_minutes, waiting.response, waiting.resolution) == (
        60,
        "open",
        "no target",
    )
    assert (ticket(support, "X").response, ticket(support, "X").resolution) == ("open", "open")
    late = ticket(support, "Y")
    assert (late.response_minutes, late.response) == (35, "missed")
    assert (late.resolution_minutes, late.resolution) == (30, "open")
    major = level(support, 2)
    assert (major.responses_open, major.response_met_percent) == (1, None)
    assert major.worst_response_ticket == "X (open)"


def test_tickets_logged_outside_the_period_are_left_out_and_counted(
    telecom: Agreement, support_of: Callable[..., SupportStatement]
) -> None:
    rows = (
        "A,sip-trunking,1,2025-04-30T23:59+01:00,2025-05-01T00:05+01:00,,\n"
        "B,sip-trunking,1,2025-05-01T00:00+01:00,2025-05-01T00:05+01:00,,\n"
        "C,sip-trunking,1,2025-06-01T00:00+01:00,2025-06-01T00:05+01:00,,\n"
    )
    support = support_of(telecom, rows)
    assert [t.ticket for t in support.tickets] == ["B"]
    assert support.left_out == 2
    assert "2 tickets logged outside 2025-05 are left out" in " ".join(support.notes)
    quarter = support_of(telecom, rows, "2025-Q2")  # April to June: all three
    assert ([t.ticket for t in quarter.tickets], quarter.left_out) == (["A", "B", "C"], 0)


def test_stopped_clock_minutes_come_off_the_resolution_time_only(
    telecom: Agreement, support_of: Callable[..., SupportStatement]
) -> None:
    times = "2025-05-20T16:00+01:00,2025-05-21T02:30+01:00,2025-05-23T10:00+01:00"
    row = f"T-1,sd-wan,Minor,{times},120\n"
    found = ticket(support_of(telecom, row), "T-1")
    assert found.response_minutes == 630  # 10.5 hours, the clock stop not taken off
    assert found.resolution_minutes == 3840  # 66 hours = 3,960 minutes, less 120
    assert found.clock_stopped_minutes == 120


def test_a_service_with_its_own_matrix_has_its_own_rows(
    telecom: Agreement, support_of: Callable[..., SupportStatement]
) -> None:
    matrix = [s.model_dump() for s in telecom.terms.support.severities]
    matrix[0]["response_minutes"] = 30
    sms = next(s for s in telecom.services if s.id == "sms-api")
    sms.overrides["support"] = {"severities": matrix}
    rows = (
        "A,sip-trunking,1,2025-05-10T10:00Z,2025-05-10T10:20Z,,\n"
        "B,sms-api,1,2025-05-10T10:00Z,2025-05-10T10:20Z,,\n"
    )
    support = support_of(telecom, rows)
    critical = [s for s in support.severities if s.level == 1]
    assert [(s.services, s.response_target_minutes) for s in critical] == [
        (("sip-trunking", "internet-access", "sd-wan"), 15),
        (("sms-api",), 30),
    ]
    assert (ticket(support, "A").response, ticket(support, "B").response) == ("missed", "met")


def test_the_statement_says_it_reports_performance_only(
    telecom: Agreement, support_of: Callable[..., SupportStatement]
) -> None:
    support = support_of(telecom, "")
    assert support.notes[0].startswith("The agreement sets no Service Credits for Response")
    assert [s.tickets for s in support.severities] == [0, 0, 0, 0]


def test_support_is_written_in_the_json_and_as_two_more_csv_tables(
    telecom: Agreement,
    statement_of: Callable[..., Statement],
    measurements_file: Callable[[str], Path],
) -> None:
    rows = "T-1,sip-trunking,2,2025-05-14T09:20+01:00,2025-05-14T10:35+01:00,,\n"
    support = read_support(measurements_file(HEADER + rows), telecom)
    incidents = measurements_file("service,start,end\n")
    statement = build_statement(
        telecom, read_measurements(incidents, telecom), "2025-05", support=support
    )
    data = json.loads(statement.to_json())
    assert len(data["services"]) == 4
    major = data["support"]["severities"][1]
    assert (major["level"], major["responses_missed"], major["worst_response_minutes"]) == (
        2,
        1,
        75,
    )
    assert data["support"]["tickets"][0]["logged"] == "2025-05-14T09:20:00+01:00"
    services, severities, tickets = statement.to_csv().split("\r\n\r\n")
    assert list(csv.DictReader(io.StringIO(services)))[-1]["service_id"] == "total"
    levels = list(csv.DictReader(io.StringIO(severities)))
    assert [row["level"] for row in levels] == ["1", "2", "3", "4"]
    assert levels[1]["response_met_percent"] == "0.0"
    assert levels[1]["services"] == "sip-trunking internet-access sd-wan sms-api"
    (only,) = csv.DictReader(io.StringIO(tickets))
    assert (only["ticket"], only["response_minutes"], only["response"]) == ("T-1", "75", "missed")
    assert "support" not in json.loads(statement_of(telecom, "service,start,end\n").to_json())


@pytest.mark.parametrize(
    ("rows", "where"),
    [
        ("T-1,voip,1,2025-05-10T10:00Z,,,\n", "line 2: column 2 (service): 'voip'"),
        ("T-1,sd-wan,5,2025-05-10T10:00Z,,,\n", "column 3 (severity): '5' is not a Severity Level"),
        ("T-1,sd-wan,Urgent,2025-05-10T10:00Z,,,\n", "use a level or a name: 1 (Critical), 2"),
        ("T-1,sd-wan,1,yesterday,,,\n", "column 4 (logged): 'yesterday' is not an ISO 8601 time"),
        (
            "T-1,sd-wan,1,2025-05-10T10:00Z,2025-05-10T09:00Z,,\n",
            "column 5 (responded): 2025-05-10T09:00:00+00:00 is before the ticket was logged",
        ),
        (
            "T-1,sd-wan,1,2025-05-10T10:00Z,,2025-05-10T11:00Z,\n",
            "column 5 (responded): is empty, but the ticket is resolved",
        ),
        (
            "T-1,sd-wan,1,2025-05-10T10:00Z,2025-05-10T10:30Z,2025-05-10T10:20Z,\n",
            "column 6 (resolved): 2025-05-10T10:20:00+00:00 is before the ticket was responded to",
        ),
        (
            "T-1,sd-wan,1,2025-05-10T10:00Z,2025-05-10T10:10Z,2025-05-10T11:00Z,61\n",
            "column 7 (clock_stopped_minutes): 61 minutes of stopped clock are more than the 60",
        ),
        (
            "T-1,sd-wan,1,2025-05-10T10:00Z,2025-05-10T10:10Z,,1h\n",
            "column 7 (clock_stopped_minutes): '1h' is not a number of minutes",
        ),
        (
            "T-1,sd-wan,1,2025-05-10T10:00Z,,,\nT-1,sd-wan,1,2025-05-11T10:00Z,,,\n",
            "line 3: column 1 (ticket): 'T-1' is already on line 2",
        ),
        (",sd-wan,1,2025-05-10T10:00Z,,,\n", "column 1 (ticket): is empty"),
    ],
)
def test_a_bad_row_names_the_file_line_and_column(
    telecom: Agreement, measurements_file: Callable[[str], Path], rows: str, where: str
) -> None:
    path = measurements_file(HEADER + rows)
    with pytest.raises(FileLineError) as caught:
        read_support(path, telecom)
    assert str(caught.value).startswith(str(path))
    assert where in str(caught.value)


def test_a_file_without_the_support_columns_is_refused(
    telecom: Agreement, measurements_file: Callable[[str], Path]
) -> None:
    with pytest.raises(FileLineError, match="has no 'severity', 'responded' column"):
        read_support(measurements_file("ticket,service,logged,resolved\n"), telecom)
    with pytest.raises(FileLineError, match="is empty; it needs a header 'ticket,service"):
        read_support(measurements_file(""), telecom)
