"""The rounding rule the agreement states (availability.uptime_decimals) decides the uptime.

The telecom example: SIP trunking 99.9 % (fee 4,850.00), internet access 99.95 %; May 2025 has
44,640 minutes; 50 minutes down is 44,590 / 44,640 = 99.887992… %.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import yaml

from slaeditor.statement import openslo_yaml

if TYPE_CHECKING:
    from collections.abc import Callable

    from slaeditor.model import Agreement
    from slaeditor.statement import ServiceStatement, Statement

HEADER = "service,start,end,cause,site\n"
FIFTY = "sip-trunking,2025-05-10T10:00Z,2025-05-10T10:50Z,,\n"


def sip(statement: Statement) -> ServiceStatement:
    return next(s for s in statement.services if s.service_id == "sip-trunking")


def test_without_a_stated_rule_the_default_keeps_two_more_decimals(
    telecom: Agreement, statement_of: Callable[..., Statement]
) -> None:
    statement = statement_of(telecom, HEADER + FIFTY)
    assert sip(statement).uptime_percent == Decimal("99.887")
    assert "2 decimals more than the most precise" in statement.rounding


def test_a_stated_number_of_decimals_truncates_never_rounds_up(
    telecom: Agreement, statement_of: Callable[..., Statement]
) -> None:
    telecom.terms.availability.uptime_decimals = 1
    statement = statement_of(telecom, HEADER + FIFTY)
    figures = sip(statement)
    # 99.887992… truncated to one decimal is 99.8; rounded half-up it would be 99.9, "met".
    assert figures.uptime_percent == Decimal("99.8")
    assert str(figures.uptime_percent) == "99.8"
    assert figures.met is False
    assert figures.credit_amount == Decimal("97.00")  # 2 % of 4,850.00
    assert statement.rounding.startswith("The uptime percentage is truncated to 1 decimal, as")


def test_a_stated_rule_with_more_decimals_shows_them(
    telecom: Agreement, statement_of: Callable[..., Statement]
) -> None:
    telecom.terms.availability.uptime_decimals = 5
    uptime = "service,period,uptime_percent\n" + "".join(
        f"{service},2025-05,{figure}\n"
        for service, figure in (
            ("sip-trunking", "99.9000099"),
            ("internet-access", "99.99"),
            ("sd-wan", "99.99"),
            ("sms-api", "99.99"),
        )
    )
    figures = sip(statement_of(telecom, uptime))
    assert str(figures.uptime_percent) == "99.90000"  # the default would show 99.900
    assert figures.met is True


def test_a_service_may_state_its_own_rule(
    telecom: Agreement, statement_of: Callable[..., Statement]
) -> None:
    internet = next(s for s in telecom.services if s.id == "internet-access")
    internet.overrides["availability"]["uptime_decimals"] = 2
    rows = FIFTY + "internet-access,2025-05-10T10:00Z,2025-05-10T10:25Z,,\n"
    statement = statement_of(telecom, HEADER + rows)
    figures = {s.service_id: s.uptime_percent for s in statement.services}
    # Internet access: 44,615 / 44,640 = 99.943996… %, stated with 2 decimals: 99.94.
    assert str(figures["internet-access"]) == "99.94"
    assert str(figures["sip-trunking"]) == "99.887"  # the default rule still applies to SIP
    assert "Dedicated Internet Access: The uptime percentage is truncated to 2 decimals" in (
        statement.rounding
    )


def test_the_openslo_annotations_state_the_agreements_rule(telecom: Agreement) -> None:
    telecom.terms.availability.uptime_decimals = 3
    documents = list(yaml.safe_load_all(openslo_yaml(telecom)))
    notes = [d["metadata"]["annotations"]["slaeditor.contract/rounding"] for d in documents[1::2]]
    assert all("truncated to 3 decimals, as the agreement states" in note for note in notes)
