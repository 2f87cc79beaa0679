"""Free text printed inside the contract's sentences is checked to fit them."""

from __future__ import annotations

from helpers import EXAMPLES, ROOT

from slaeditor.model.phrasing import phrasing_issues
from slaeditor.storage import load_agreement

MULTI = ROOT / "examples" / "managed-it-multilevel.sla.yaml"
TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"


def found(agreement) -> dict[str, str]:
    return {issue.path: issue.message for issue in phrasing_issues(agreement)}


def test_a_holiday_rule_that_says_when_the_clock_runs_is_refused_for_what_it_would_print() -> None:
    agreement = load_agreement(MULTI)
    calendars = [
        calendar.model_copy(update={"holiday_rule": "Every day except Christmas Day"})
        if calendar.holiday_rule
        else calendar
        for calendar in agreement.calendars
    ]
    issues = found(agreement.model_copy(update={"calendars": calendars}))
    rule = next(message for path, message in issues.items() if path.endswith(".holiday_rule"))
    assert "is printed after “excluding”" in rule
    assert "name only the days the clock stops" in rule


def test_a_channel_typed_as_a_sentence_is_named_with_the_sentence_it_lands_in() -> None:
    agreement = load_agreement(TELECOM)
    communication = agreement.communication.model_copy(
        update={"channels": ["E-mail to the named contacts", "a text message."]}
    )
    issues = found(agreement.model_copy(update={"communication": communication}))
    assert "(“… through E-mail …”); start it in lower case" in issues["communication.channels[0]"]
    assert "remove the full stop" in issues["communication.channels[1]"]


def test_a_value_that_names_a_party_generically_asks_for_its_defined_name() -> None:
    agreement = load_agreement(TELECOM)
    reporting = agreement.reporting.model_copy(
        update={"monitoring_tool": "the provider's network management system"}
    )
    issues = found(agreement.model_copy(update={"reporting": reporting}))
    assert issues["reporting.monitoring_tool"].endswith(
        "but the contract calls the provider “Albion Connect”; write Albion Connect instead."
    )


def test_the_examples_read_as_sentences() -> None:
    for example in EXAMPLES:
        assert found(load_agreement(example)) == {}, example.name


def test_exclusions_and_obligations_name_parties_and_terms_as_the_contract_defines_them() -> None:
    agreement = load_agreement(TELECOM)
    exclusions = [
        agreement.exclusions[0].model_copy(
            update={"text": "Faults on the customer side of the demarcation point."}
        ),
        agreement.exclusions[1].model_copy(
            update={"text": "Time [Provider] waits for [Customer]."}
        ),
    ]
    changed = agreement.model_copy(
        update={
            "exclusions": exclusions,
            "customer_obligations": ["Claim service credits within 30 days."],
        }
    )
    issues: dict[str, list[str]] = {}
    for issue in phrasing_issues(changed):
        issues.setdefault(issue.path, []).append(issue.message)
    first = issues["exclusions[0].text"]
    assert any(m.endswith("write Meridian, or [Customer], which prints the name.") for m in first)
    assert any("says “demarcation point”" in message for message in first)
    assert "exclusions[1].text" not in issues, "the tokens name the parties"
    assert issues["customer_obligations[0]"][0].endswith(
        "says “service credits”, but the contract defines “Service Credit”; write Service "
        "Credits with capitals so it has that meaning."
    )
