"""Each rule of the statement, with the figure worked out by hand in the test.

The telecom example: SIP trunking (fee 4,850.00) and the other services have a 99.9 % target,
internet access 99.95 %; credits 2 % below the target, 3 % below 99.5, 4 % below 99, 5 % below
98, 10 % below 95; cap 10 %; claims 30 days after the end of the month; maintenance excluded
up to 240 minutes a month (60 for the SMS API); May 2025 has 31 days = 44,640 minutes.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from slaeditor.model import ClaimAnchor, CreditBase, CreditTier, TierApplies
from slaeditor.sla import MonthConvention, Window, meets_target, uptime_percent
from slaeditor.statement import DEFAULT_ROUNDING, StatementError

if TYPE_CHECKING:
    from collections.abc import Callable

    from slaeditor.model import Agreement
    from slaeditor.statement import ServiceStatement, Statement

HEADER = "service,start,end,cause,site\n"
UPTIME = "service,period,uptime_percent\n"
Compute = "Callable[..., Statement]"


def figures(statement: Statement, service_id: str = "sip-trunking") -> ServiceStatement:
    return next(s for s in statement.services if s.service_id == service_id)


def test_fifty_minutes_in_a_30_day_month_miss_99_9_and_earn_tier_1(
    telecom: Agreement, statement_of: Callable[..., Statement]
) -> None:
    telecom.terms.availability.month_convention = MonthConvention.THIRTY_DAY
    row = "sip-trunking,2025-05-10T10:00Z,2025-05-10T10:50Z,,\n"
    sip = figures(statement_of(telecom, HEADER + row))
    # 30-day convention: 43,200 minutes even in May; (43,200 − 50) / 43,200 = 99.88425… %.
    assert sip.total_minutes == 43_200
    assert sip.downtime_minutes == 50
    assert sip.uptime_percent == Decimal("99.884")
    assert sip.met is False
    assert (sip.tier, sip.tier_condition, sip.credit_percent) == (1, "below 99.9 %", 2)
    assert sip.credit_amount == Decimal("97.00")  # 2 % of 4,850.00
    assert sip.claim_deadline.isoformat() == "2025-06-30"  # 31 May + 30 days


def test_the_calendar_month_counts_the_actual_days(
    telecom: Agreement, statement_of: Callable[..., Statement]
) -> None:
    row = "sip-trunking,2025-05-10T10:00Z,2025-05-10T10:50Z,,\n"
    sip = figures(statement_of(telecom, HEADER + row))
    assert sip.total_minutes == 44_640  # 31 × 1,440
    assert sip.uptime_percent == Decimal("99.887")  # 44,590 / 44,640 = 99.88799… %


@pytest.mark.parametrize(
    ("convention", "total", "uptime", "met"),
    [
        (MonthConvention.CALENDAR, 40_320, "99.895", False),  # 40,278 / 40,320
        (MonthConvention.THIRTY_DAY, 43_200, "99.902", True),  # 43,158 / 43,200
        (MonthConvention.AVERAGE, 43_830, "99.904", True),  # 43,788 / 43,830
    ],
)
def test_a_28_day_february_under_each_month_convention(
    telecom: Agreement,
    statement_of: Callable[..., Statement],
    convention: MonthConvention,
    total: int,
    uptime: str,
    met: bool,
) -> None:
    telecom.terms.availability.month_convention = convention
    row = "sip-trunking,2025-02-10T10:00Z,2025-02-10T10:42Z,,\n"
    sip = figures(statement_of(telecom, HEADER + row, "2025-02"))
    assert (sip.total_minutes, sip.downtime_minutes) == (total, 42)
    assert sip.uptime_percent == Decimal(uptime)
    assert sip.met is met


def test_overlapping_incidents_count_once(
    telecom: Agreement, statement_of: Callable[..., Statement]
) -> None:
    rows = (
        "sip-trunking,2025-05-10T10:00Z,2025-05-10T10:50Z,,\n"
        "sip-trunking,2025-05-10T10:20Z,2025-05-10T10:40Z,,man-hq\n"
        "sip-trunking,2025-05-10T10:45Z,2025-05-10T11:05Z,,\n"
    )
    sip = figures(statement_of(telecom, HEADER + rows))
    assert sip.downtime_minutes == 65  # 10:00 to 11:05, not 50 + 20 + 20 = 90
    assert sip.incidents == 3
    assert sip.uptime_percent == Decimal("99.854")


def test_an_excluded_cause_goes_to_excluded_minutes_and_wins_over_downtime(
    telecom: Agreement, statement_of: Callable[..., Statement]
) -> None:
    rows = (
        "sip-trunking,2025-05-10T09:00Z,2025-05-10T10:00Z,,\n"
        "sip-trunking,2025-05-10T09:30Z,2025-05-10T10:30Z,customer-caused,\n"
    )
    sip = figures(statement_of(telecom, HEADER + rows))
    assert sip.excluded_minutes == 60
    assert sip.downtime_minutes == 30  # 09:00 to 09:30; the rest is the customer's
    assert sip.measured_minutes == 44_580
    assert sip.uptime_percent == Decimal("99.932")  # 44,550 / 44,580
    assert sip.met is True
    assert sip.credit_amount == Decimal("0.00")


def test_scheduled_maintenance_beyond_the_monthly_limit_counts_as_downtime(
    telecom: Agreement, statement_of: Callable[..., Statement]
) -> None:
    rows = "".join(
        f"{service},2025-05-04T01:00Z,2025-05-04T02:30Z,scheduled-maintenance,\n"
        f"{service},2025-05-11T01:00Z,2025-05-11T01:30Z,scheduled-maintenance,\n"
        for service in ("sms-api", "sip-trunking")
    )
    statement = statement_of(telecom, HEADER + rows)
    sms, sip = figures(statement, "sms-api"), figures(statement, "sip-trunking")
    # The SMS API may have 60 minutes a month: 60 of the first 90 are excluded, the other
    # 30 and all 30 of the second count as downtime.
    assert (sms.excluded_minutes, sms.downtime_minutes) == (60, 60)
    assert sms.uptime_percent == Decimal("99.865")  # 44,520 / 44,580
    assert sms.credit_amount == Decimal("36.00")  # 2 % of 1,800.00
    # SIP trunking may have 240: all 120 minutes are excluded.
    assert (sip.excluded_minutes, sip.downtime_minutes) == (120, 0)


def test_outages_shorter_than_the_minimum_downtime_period_do_not_count(
    telecom: Agreement, statement_of: Callable[..., Statement]
) -> None:
    telecom.terms.availability.minimum_downtime_minutes = 5
    rows = (
        "sip-trunking,2025-05-10T10:00Z,2025-05-10T10:04Z,,\n"  # 4 minutes: not counted
        "sip-trunking,2025-05-11T10:00Z,2025-05-11T10:05Z,,\n"  # 5 minutes: counted
        "sip-trunking,2025-05-12T12:00Z,2025-05-12T12:03Z,,\n"  # 3 + 3 overlapping: one
        "sip-trunking,2025-05-12T12:02Z,2025-05-12T12:05Z,,\n"  # 5-minute run, counted
        "sip-trunking,2025-05-13T08:00:40Z,2025-05-13T08:04:59Z,,\n"  # 08:00–08:04 in minutes
    )
    sip = figures(statement_of(telecom, HEADER + rows))
    assert sip.downtime_minutes == 10


def test_an_incident_spanning_two_months_counts_in_each_judged_whole(
    telecom: Agreement, statement_of: Callable[..., Statement]
) -> None:
    telecom.terms.availability.minimum_downtime_minutes = 45
    row = "sip-trunking,2025-04-30T23:30+01:00,2025-05-01T00:30+01:00,,\n"
    may = figures(statement_of(telecom, HEADER + row, "2025-05"))
    april = figures(statement_of(telecom, HEADER + row, "2025-04"))
    # One 60-minute Downtime Period (at least 45): 30 minutes on each side of local midnight.
    assert (april.downtime_minutes, may.downtime_minutes) == (30, 30)
    assert april.total_minutes == 43_200


def test_a_quarter_window_uses_the_actual_quarter_and_three_months_of_fees(
    telecom: Agreement, statement_of: Callable[..., Statement]
) -> None:
    telecom.terms.availability.window = Window.QUARTER
    row = "sip-trunking,2025-05-10T10:00Z,2025-05-10T13:20Z,,\n"
    sip = figures(statement_of(telecom, HEADER + row, "2025-Q2"))
    assert sip.total_minutes == 131_040  # 91 days of April to June
    assert sip.downtime_minutes == 200
    assert sip.uptime_percent == Decimal("99.847")  # 130,840 / 131,040
    assert sip.credit_base == Decimal("14550.00")  # 3 × 4,850.00
    assert sip.credit_amount == Decimal("291.00")  # 2 %
    assert sip.claim_deadline.isoformat() == "2025-07-30"  # 30 June + 30 days
    with pytest.raises(StatementError) as caught:
        statement_of(telecom, HEADER + row, "2025-05")
    assert "measured per quarter" in str(caught.value)
    assert "2025-Q2" in str(caught.value)


def test_the_cap_limits_the_credit(
    telecom: Agreement, statement_of: Callable[..., Statement]
) -> None:
    row = "sip-trunking,2025-05-01T00:00+01:00,2025-05-14T21:20+01:00,,\n"  # 20,000 minutes
    sip = figures(statement_of(telecom, HEADER + row))
    assert sip.downtime_minutes == 20_000
    assert sip.uptime_percent == Decimal("55.197")
    assert (sip.tier, sip.credit_percent) == (5, 10)
    assert (sip.credit_amount, sip.cap_applied) == (Decimal("485.00"), False)  # 10 % = cap
    telecom.terms.credits.cap_percent = Decimal(5)
    capped = figures(statement_of(telecom, HEADER + row))
    assert capped.uncapped_amount == Decimal("485.00")
    assert (capped.credit_amount, capped.cap_applied) == (Decimal("242.50"), True)


def _uptime_file(sip: str) -> str:
    rest = "".join(f"{s},2025-05,100\n" for s in ("internet-access", "sd-wan", "sms-api"))
    return UPTIME + f"sip-trunking,2025-05,{sip}\n" + rest


@pytest.mark.parametrize(("applies", "credit"), [("below", 2), ("at-or-below", 5)])
def test_exactly_97_percent_against_below_and_at_or_below(
    telecom: Agreement, statement_of: Callable[..., Statement], applies: str, credit: int
) -> None:
    telecom.terms.credits.tiers = [
        CreditTier(uptime_percent=Decimal("99.9"), credit_percent=Decimal(2)),
        CreditTier(
            uptime_percent=Decimal(97), applies=TierApplies(applies), credit_percent=Decimal(5)
        ),
    ]
    sip = figures(statement_of(telecom, _uptime_file("97.0")))
    assert sip.source == "uptime"
    assert sip.uptime_percent == Decimal("97.000")
    assert sip.credit_percent == credit
    assert sip.credit_amount == Decimal(4850) * credit / 100


def test_a_stated_uptime_is_truncated_never_rounded_up_into_compliance(
    telecom: Agreement, statement_of: Callable[..., Statement]
) -> None:
    sip = figures(statement_of(telecom, _uptime_file("99.89999")))
    assert sip.uptime_percent == Decimal("99.899")  # half-up would say 99.900, "met"
    assert sip.met is False
    assert sip.downtime_minutes == Decimal("44.644464")  # 0.10001 % of 44,640


@pytest.mark.parametrize("target", ["99.9", "99.95", "99.99", "99.5"])
@pytest.mark.parametrize("total", [40_320, 43_200, 44_640])
def test_the_stated_figure_meets_the_target_exactly_when_the_exact_one_does(
    target: str, total: int
) -> None:
    goal = Decimal(target)
    for down in range(300):
        exact = uptime_percent(total, down)
        stated = DEFAULT_ROUNDING.apply(exact, [goal])
        assert (stated >= goal) is meets_target(goal, total, down), (target, total, down)
        assert stated <= exact


def test_an_uptime_file_must_cover_every_service(
    telecom: Agreement, statement_of: Callable[..., Statement]
) -> None:
    with pytest.raises(StatementError, match="no uptime for Dedicated Internet Access"):
        statement_of(telecom, UPTIME + "sip-trunking,2025-05,99.9\n")


def test_the_total_adds_every_services_credit(
    telecom: Agreement, statement_of: Callable[..., Statement]
) -> None:
    rows = (
        "sip-trunking,2025-05-10T10:00Z,2025-05-10T10:50Z,,\n"
        "internet-access,2025-04-30T23:00+01:00,2025-05-01T02:00+01:00,,\n"
    )
    statement = statement_of(telecom, HEADER + rows)
    internet = figures(statement, "internet-access")
    assert internet.downtime_minutes == 120  # from local midnight on 1 May
    assert internet.uptime_percent == Decimal("99.7311")  # 4 decimals: target 99.95
    assert internet.credit_amount == Decimal("124.00")  # 2 % of 6,200.00
    assert statement.total_credit == Decimal("221.00")  # 97.00 + 124.00
    assert [s.met for s in statement.services] == [False, False, True, True]


def test_a_total_fee_base_takes_the_percentage_of_all_fees(
    telecom: Agreement, statement_of: Callable[..., Statement]
) -> None:
    telecom.terms.credits.base = CreditBase.TOTAL_FEE
    row = "sip-trunking,2025-05-10T10:00Z,2025-05-10T10:50Z,,\n"
    sip = figures(statement_of(telecom, HEADER + row))
    assert sip.credit_base == Decimal("22600.00")  # 4,850 + 6,200 + 9,750 + 1,800
    assert sip.credit_amount == Decimal("452.00")


@pytest.mark.parametrize(
    ("anchor", "deadline", "note"),
    [
        (ClaimAnchor.END_OF_MONTH, "2025-06-30", ""),
        (ClaimAnchor.INCIDENT, "2025-06-09", ""),  # the first counted incident ends 10 May
        (ClaimAnchor.INVOICE, "2025-06-30", "invoice dates are not known here"),
    ],
)
def test_the_claim_deadline_counts_from_its_anchor(
    telecom: Agreement,
    statement_of: Callable[..., Statement],
    anchor: ClaimAnchor,
    deadline: str,
    note: str,
) -> None:
    telecom.terms.credits.claim_anchor = anchor
    rows = (
        "sip-trunking,2025-05-20T10:00Z,2025-05-20T10:30Z,,\n"
        "sip-trunking,2025-05-10T10:00Z,2025-05-10T10:50Z,,\n"
    )
    statement = statement_of(telecom, HEADER + rows)
    assert figures(statement).claim_deadline.isoformat() == deadline
    claim_notes = [text for text in statement.notes if "claim period" in text]
    assert [note in text for text in claim_notes] == ([True] if note else [])


def test_no_claim_days_means_no_deadline(
    telecom: Agreement, statement_of: Callable[..., Statement]
) -> None:
    telecom.terms.credits.claim_days = None
    assert figures(statement_of(telecom, HEADER)).claim_deadline is None


def test_a_site_incident_is_downtime_of_the_whole_service_and_says_so(
    telecom: Agreement, statement_of: Callable[..., Statement]
) -> None:
    row = "sd-wan,2025-05-02T09:00,2025-05-02T10:00,,rotterdam\n"
    statement = statement_of(telecom, HEADER + row)
    assert figures(statement, "sd-wan").downtime_minutes == 60
    assert any("rule for outages at some Sites" in n for n in statement.notes)


def test_pro_rata_a_site_counts_for_its_share_of_the_services_sites(
    telecom: Agreement, statement_of: Callable[..., Statement]
) -> None:
    service = next(s for s in telecom.services if s.id == "sd-wan")  # at 5 Sites
    service.overrides = {**service.overrides, "availability": {"site_outages": "pro-rata"}}
    rows = (
        "sd-wan,2025-05-02T09:00,2025-05-02T10:00,,rotterdam\n"  # 60 min at one Site
        "sd-wan,2025-05-02T09:30,2025-05-02T10:30,,dublin\n"  # 60 min at another
        "sd-wan,2025-05-02T09:40,2025-05-02T09:50,,rotterdam\n"  # inside the first: once
        "sd-wan,2025-05-03T12:00,2025-05-03T12:07,,\n"  # 7 min everywhere
    )
    statement = statement_of(telecom, HEADER + rows)
    # Rotterdam 60 + 7, Dublin 60 + 7, three other Sites 7 each: 155 / 5 = 31 minutes.
    assert figures(statement, "sd-wan").downtime_minutes == 31
    half = "sd-wan,2025-05-02T09:00,2025-05-02T09:12,,rotterdam\n"  # 12 / 5 = 2.4 → 2
    assert figures(statement_of(telecom, HEADER + half), "sd-wan").downtime_minutes == 2
    half = "sd-wan,2025-05-02T09:00,2025-05-02T09:13,,rotterdam\n"  # 13 / 5 = 2.6 → 3
    assert figures(statement_of(telecom, HEADER + half), "sd-wan").downtime_minutes == 3


def test_a_central_platform_is_down_as_a_whole_even_under_pro_rata(
    telecom: Agreement, statement_of: Callable[..., Statement]
) -> None:
    """An API is reached from every Site alike; the contract's rule for Sites leaves it out."""
    service = next(s for s in telecom.services if s.id == "sms-api")  # kind: api
    service.overrides = {**service.overrides, "availability": {"site_outages": "pro-rata"}}
    row = "sms-api,2025-05-02T09:00,2025-05-02T10:00,,rotterdam\n"
    assert figures(statement_of(telecom, HEADER + row), "sms-api").downtime_minutes == 60


def test_no_incidents_is_100_percent_and_no_credit(
    telecom: Agreement, statement_of: Callable[..., Statement]
) -> None:
    statement = statement_of(telecom, HEADER)
    assert all(s.uptime_percent == 100 and s.met for s in statement.services)
    assert statement.total_credit == Decimal("0.00")
    assert all(s.chronic_failures is None for s in statement.services)


def test_a_service_that_starts_mid_month_counts_only_the_part_from_its_first_day(
    telecom: Agreement, statement_of: Callable[..., Statement]
) -> None:
    service = next(s for s in telecom.services if s.id == "sip-trunking")
    service.starts_on = datetime.date(2025, 5, 16)  # 16 of May's 31 days
    rows = (
        "sip-trunking,2025-05-10T09:00,2025-05-10T10:00,,\n"  # before it started: not counted
        "sip-trunking,2025-05-20T09:00,2025-05-20T09:30,,\n"
    )
    statement = statement_of(telecom, HEADER + rows)
    sip = figures(statement)
    assert sip.total_minutes == 16 * 1440 and sip.downtime_minutes == 30
    assert sip.credit_base is not None
    assert sip.credit_base.quantize(Decimal("0.01")) == (
        service.monthly_fee * 16 / 31  # type: ignore[operator]
    ).quantize(Decimal("0.01"))
    assert any("provided from 2025-05-16" in note for note in statement.notes)
    service.starts_on = datetime.date(2025, 6, 1)  # not started in May: nothing is due
    later = figures(statement_of(telecom, HEADER + rows))
    assert later.total_minutes == 0 and later.met and later.credit_amount in (None, 0)
