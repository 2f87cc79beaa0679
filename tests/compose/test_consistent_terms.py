"""Clauses that must agree with each other do, in every example and every wording variant.

Each test guards a class of contradiction a customer's counsel found: one clause relying on
a rule that another clause's conditions do not meet, or two clauses saying different things
about the same money.
"""

from __future__ import annotations

import pytest
from helpers import EXAMPLES

from slaeditor import load_agreement
from slaeditor.clauses import load_pack
from slaeditor.compose import compose
from slaeditor.compose.typography import curly
from slaeditor.model import ClauseChoice
from slaeditor.templating.clause_data import short, unnamed_customer, with_party_names


def _text(example, choices: dict[str, str] | None = None) -> str:
    agreement = load_agreement(example)
    if choices:
        clauses = dict(agreement.clauses)
        clauses.update({slot: ClauseChoice(variant=name) for slot, name in choices.items()})
        agreement = agreement.model_copy(update={"clauses": clauses})
    return compose(agreement, load_pack(agreement.template, example.parent)).plain_text()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("variant", ["standard", "fallback", "customer-friendly"])
def test_emergency_maintenance_is_never_called_scheduled_maintenance(example, variant) -> None:
    # Scheduled Maintenance is defined as work meeting the notice and window of its clause;
    # emergency work cannot meet them, so it is excluded "as" it is, not "treated as" it.
    text = _text(example, {"maintenance-emergency": variant})
    assert "treated as Scheduled Maintenance" not in text


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_a_credit_that_must_be_claimed_is_not_reported_as_due(example) -> None:
    text = _text(example)
    if "A claim not made within the Claim Period is waived" in text:
        assert "Service Credits due" not in text
        assert "Service Credits claimed or due" not in text


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_a_claim_does_not_ask_the_customer_for_what_only_the_providers_records_hold(
    example,
) -> None:
    text = _text(example)
    claim = next(line for line in text.splitlines() if line.startswith("To claim a Service"))
    assert "the dates and times of the Downtime" not in claim
    assert "need not give any time or figure that only" in claim


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_time_limits_say_when_they_start(example) -> None:
    text = _text(example)
    if "when the time shown for it" in text:
        assert "counted from when the Incident was logged" in text
    if "after the order is accepted" in text or "accepts the order" in text:
        assert "an order is accepted unless" in text, "acceptance has a deadline"
    assert "scale-down window" not in text, "the window is stated, not named"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_the_service_levels_last_as_long_as_the_services_under_the_main_agreement(
    example,
) -> None:
    text = _text(example)
    if "the Main Agreement expires or terminates" in text:
        assert "does not otherwise expire while any Service is still provided" in text


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_several_ways_to_report_an_incident_are_alternatives_each_with_its_limits(
    example,
) -> None:
    text = _text(example)
    start = text.index("Reporting an Incident\n")
    clause = text[start : text.index("\n", text.index("An Incident is logged", start))]
    assert "; and " not in clause.splitlines()[1], "channels are not joined as if all needed"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_a_customer_caused_failure_is_excused_by_one_rule(example) -> None:
    # Counsel found three overlapping rules (excluded events, customer-caused failures,
    # effect of non-compliance) with different conditions; the widest would always win.
    agreement = load_agreement(example)
    text = _text(example)
    excluded = text[text.index("Excluded events\n") : text.index("Customer-caused failures\n")]
    caused = text[text.index("Customer-caused failures\n") : text.index("Effect of non-compliance")]
    customer = short(agreement.customer or unnamed_customer())
    for item in agreement.exclusions:
        printed = curly(with_party_names(item.text, short(agreement.provider), customer))
        words = " ".join(printed.split()[:6])
        if item.kind in ("customer-caused", "customer-information"):
            assert words in caused and words not in excluded, item.text
    assert "Only the time that the cause lasts is excluded" in caused
    effect = text[text.index("Effect of non-compliance\n") :]
    assert "relieves" in effect.splitlines()[1] and "only as set out in clause" in effect


def test_the_contract_states_how_the_uptime_is_rounded_as_the_statement_rounds_it() -> None:
    example = next(p for p in EXAMPLES if p.name == "telecom-reference.sla.yaml")
    agreement = load_agreement(example)
    text = compose(agreement).plain_text()
    assert "truncated and never rounded up" in text
    assert "two decimal places more than the most precise" in text
    availability = agreement.terms.availability.model_copy(update={"uptime_decimals": 2})
    terms = agreement.terms.model_copy(update={"availability": availability})
    stated = compose(agreement.model_copy(update={"terms": terms})).plain_text()
    assert "stated to 2 decimal places, truncated and never rounded up" in stated


def test_zero_and_equal_figures_read_as_words_not_arithmetic() -> None:
    example = next(p for p in EXAMPLES if p.name == "cloud-service.sla.yaml")
    text = _text(example)
    assert "0 Business Days" not in text and "on 0" not in text
    assert "provisioned on the day Cirrolake accepts the order" in text
    assert not any(f"({n} to {n} minutes" in text for n in range(60)), "4 to 4 minutes"
    assert "All sites" not in text and "| Sites" not in text, "no Sites column without sites"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_each_monthly_fee_is_a_whole_quantity_of_units_at_the_unit_price(example) -> None:
    # Counsel reconciled fees with unit prices and found £6,200 for what 500 Mbit/s at £0.90
    # would charge £450: a sales person's deal must add up.
    from decimal import Decimal

    from slaeditor.model import resolve_all

    for resolved in resolve_all(load_agreement(example)):
        scaling, fee = resolved.terms.scaling, resolved.service.monthly_fee
        if not scaling.included or scaling.unit_price is None or fee is None:
            continue
        quantity = Decimal(fee) / Decimal(scaling.unit_price)
        name = resolved.service.name
        assert quantity == quantity.to_integral_value(), f"{name}: {quantity} {scaling.unit}"
        assert scaling.minimum <= quantity, f"{name}: {quantity} is below the minimum"
        assert scaling.maximum is None or quantity <= scaling.maximum, name
        assert (quantity - scaling.minimum) % scaling.increment == 0, f"{name}: not a step"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_lists_of_time_limits_end_with_or(example) -> None:
    text = _text(example)
    assert "Response Time, Resolution Time is" not in text, "a list needs its 'or'"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_a_reported_credit_is_never_lost_for_want_of_a_claim(example) -> None:
    text = _text(example)
    if "A claim not made within the Claim Period is waived" in text:
        assert "shown in a report under clause" in text and "is treated as claimed" in text


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_the_customer_never_pays_for_attendance_the_providers_own_work_needs(example) -> None:
    text = _text(example)
    assert "because of an event excluded under" not in text, "clause 10 covers maintenance too"
