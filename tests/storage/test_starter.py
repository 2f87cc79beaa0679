"""new_draft() starts an agreement from a pack's starter, shaped for the chosen SLA type."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from slaeditor.compose import compose
from slaeditor.model import SCHEMA_VERSION, ServiceTerms, SlaType
from slaeditor.model.validation import PLACEHOLDER
from slaeditor.storage import AgreementFileError
from slaeditor.storage.drafts import check_draft, complete_draft, draft_from_agreement
from slaeditor.storage.starter import SLA_TYPES, STARTER_FILE, first_of_next_month, new_draft

STANDARD = Path(__file__).resolve().parents[2] / "templates" / "standard"
TODAY = datetime.date(2025, 3, 14)
TYPES = [kind.value for kind in SlaType]


def fill_names(draft: dict[str, Any]) -> dict[str, Any]:
    """Do what the user must do before the agreement is valid: name the parties and service."""
    draft["provider"]["name"] = "Albion Connect Communications Limited"
    if draft["customer"] is not None:
        draft["customer"]["name"] = "Meridian Freight Group plc"
    draft["services"][0]["name"] = "SIP Trunking and Hosted Voice"
    for index, group in enumerate(draft["customer_groups"]):
        group["name"] = ["Head Office", "Retail Stores"][index]
    return draft


def test_customer_based_draft_names_a_customer_and_has_no_groups() -> None:
    draft = new_draft("customer-based", STANDARD, TODAY)
    assert draft["sla_type"] == "customer-based"
    assert draft["customer"]["name"] == ""
    assert draft["customer_groups"] == []
    assert [(s["id"], s["name"], s["group"]) for s in draft["services"]] == [("service-1", "", "")]


def test_service_based_draft_has_no_customer_and_one_service() -> None:
    draft = new_draft("service-based", STANDARD, TODAY)
    assert draft["sla_type"] == "service-based"
    assert draft["customer"] is None
    assert draft["customer_groups"] == []
    assert len(draft["services"]) == 1
    assert draft["services"][0]["group"] == ""


def test_multi_level_draft_has_two_empty_groups_with_the_service_in_the_first() -> None:
    draft = new_draft("multi-level", STANDARD, TODAY)
    assert draft["sla_type"] == "multi-level"
    assert [(g["id"], g["name"]) for g in draft["customer_groups"]] == [
        ("group-1", ""),
        ("group-2", ""),
    ]
    assert draft["services"][0]["group"] == "group-1"
    assert draft["customer"]["name"] == ""


@pytest.mark.parametrize("sla_type", TYPES)
def test_new_draft_starts_next_month_is_issued_today_and_names_its_pack(sla_type: str) -> None:
    draft = new_draft(sla_type, STANDARD, TODAY)
    assert draft["term"]["effective_date"] == "2025-04-01"
    assert draft["document"]["issue_date"] == "2025-03-14"
    assert draft["template"] == "standard"
    assert draft["schema_version"] == SCHEMA_VERSION


def test_an_agreement_started_in_december_takes_effect_in_january() -> None:
    assert first_of_next_month(datetime.date(2025, 12, 31)) == datetime.date(2026, 1, 1)
    draft = new_draft("customer-based", STANDARD, datetime.date(2025, 12, 1))
    assert draft["term"]["effective_date"] == "2026-01-01"


@pytest.mark.parametrize("sla_type", TYPES)
def test_new_draft_is_invalid_only_because_the_names_are_empty(sla_type: str) -> None:
    result = check_draft(new_draft(sla_type, STANDARD, TODAY))
    assert result.agreement is None
    expected = {"provider.name", "services[0].name"}
    if sla_type != "service-based":
        expected.add("customer.name")
    if sla_type == "multi-level":
        expected |= {"customer_groups[0].name", "customer_groups[1].name"}
    assert {issue.path for issue in result.errors} == expected
    assert all("must not be empty" in issue.message for issue in result.errors)


@pytest.mark.parametrize("sla_type", TYPES)
def test_filled_in_starter_has_no_errors_and_no_fairness_warnings(sla_type: str) -> None:
    result = check_draft(fill_names(new_draft(sla_type, STANDARD, TODAY)))
    assert result.agreement is not None
    assert [issue for issue in result.issues if issue.kind != PLACEHOLDER] == []
    roles = ["provider"] if sla_type == "service-based" else ["provider", "customer"]
    # A multi-level draft's second customer group waits for its services.
    empty = ["customer_groups[1]"] if sla_type == "multi-level" else []
    assert [issue.path for issue in result.issues] == [
        *empty,
        *(f"{role}.signatories[0].{field}" for role in roles for field in ("name", "title")),
    ], "only who signs is left to fill in"


@pytest.mark.parametrize("sla_type", TYPES)
def test_new_draft_holds_every_field_as_a_saved_draft_would(sla_type: str) -> None:
    draft = fill_names(new_draft(sla_type, STANDARD, TODAY))
    agreement = check_draft(draft).agreement
    assert agreement is not None
    # Same keys, same order, and durations as minutes, percentages as text: canonical values.
    assert draft == draft_from_agreement(agreement)
    assert complete_draft(draft) == draft


def test_standard_starter_uses_the_published_figures() -> None:
    agreement = check_draft(fill_names(new_draft("customer-based", STANDARD, TODAY))).agreement
    assert agreement is not None
    terms = agreement.terms
    assert str(terms.availability.target_percent) == "99.9"
    assert terms.availability.month_convention.value == "calendar"
    tiers = [
        (str(t.uptime_percent), t.applies.value, str(t.credit_percent)) for t in terms.credits.tiers
    ]
    assert tiers == [
        ("99.9", "below", "2"),
        ("97.0", "at-or-below", "5"),
        ("95.0", "at-or-below", "10"),
    ]
    # The cap was 25 %, above the 10 % of the highest tier, so it could never apply: counsel
    # called it meaningless. The cap is now the most a month's credits can reach.
    assert str(terms.credits.cap_percent) == "10"
    assert terms.credits.cap_percent == max(t.credit_percent for t in terms.credits.tiers)
    rows = [(s.name, s.response_minutes, s.calendar) for s in terms.support.severities]
    assert rows == [
        ("Critical", 15, "24x7"),
        ("Major", 60, "24x7"),
        ("Minor", 12 * 60, "24x7"),  # the 12-hour response for a non-serious issue
        ("Service request", 16 * 60, "uk-business-hours"),
    ]
    assert not terms.on_site.included
    assert not terms.scaling.included
    kinds = {exclusion.kind.value for exclusion in agreement.exclusions}
    assert {"customer-caused", "customer-information", "scheduled-maintenance"} <= kinds
    assert "force-majeure" in kinds
    assert len(agreement.communication.escalation) == 3
    assert agreement.document.currency == "GBP"
    assert agreement.term.initial_term_months == 36


@pytest.mark.parametrize("sla_type", TYPES)
def test_filled_in_starter_composes_a_contract_naming_the_service(sla_type: str) -> None:
    agreement = check_draft(fill_names(new_draft(sla_type, STANDARD, TODAY))).agreement
    assert agreement is not None
    text = compose(agreement).plain_text()
    assert "SIP Trunking and Hosted Voice" in text
    assert "Albion Connect Communications Limited" in text
    if sla_type == "multi-level":
        assert "Head Office" in text
        assert "Retail Stores" in text


def test_pack_without_starter_begins_with_the_built_in_draft(tmp_path: Path) -> None:
    pack = tmp_path / "my-pack"
    pack.mkdir()
    draft = new_draft("customer-based", pack, TODAY)
    assert draft["template"] == "my-pack"
    assert draft["services"][0]["id"] == "service-1"
    assert draft["terms"] == ServiceTerms().model_dump(mode="json")
    assert check_draft(fill_names(draft)).errors == []


def test_pack_starter_values_replace_the_defaults(tmp_path: Path) -> None:
    pack = tmp_path / "gold"
    pack.mkdir()
    (pack / STARTER_FILE).write_text(
        "provider:\n  name: ''\nterms:\n  availability:\n    target_percent: 99.95\n"
        "  support:\n    severities:\n      - level: 1\n        name: Critical\n"
        "        definition: Down.\n        response_minutes: 30 min\n",
        encoding="utf-8",
    )
    draft = new_draft("customer-based", pack, TODAY)
    assert draft["terms"]["availability"]["target_percent"] == "99.95"
    severity = draft["terms"]["support"]["severities"][0]
    assert severity["response_minutes"] == 30
    assert severity["resolution_minutes"] is None  # filled in from the model's defaults
    assert draft["terms"]["maintenance"]["notice_days"] == 5


def test_starter_that_is_not_yaml_is_reported_with_file_and_line(tmp_path: Path) -> None:
    pack = tmp_path / "broken"
    pack.mkdir()
    (pack / STARTER_FILE).write_text(
        "provider:\n  name: ''\nterms:\n  availability:\n    target_percent: [99.9\n",
        encoding="utf-8",
    )
    with pytest.raises(AgreementFileError) as caught:
        new_draft("customer-based", pack, TODAY)
    assert caught.value.path == str(pack / STARTER_FILE)
    assert caught.value.line == 5
    assert "line 5" in str(caught.value)


def test_starter_that_holds_a_list_is_refused(tmp_path: Path) -> None:
    pack = tmp_path / "odd"
    pack.mkdir()
    (pack / STARTER_FILE).write_text("- provider\n- terms\n", encoding="utf-8")
    with pytest.raises(AgreementFileError, match="not a starter agreement"):
        new_draft("service-based", pack, TODAY)


def test_unknown_sla_type_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="customer-based, service-based, multi-level"):
        new_draft("gold", STANDARD, TODAY)


def test_start_page_offers_the_three_types_explained_in_plain_words() -> None:
    assert [value for value, _, _ in SLA_TYPES] == [
        "customer-based",
        "service-based",
        "multi-level",
    ]
    explanations = {value: text for value, _, text in SLA_TYPES}
    assert explanations["customer-based"].startswith("One customer, several services: ")
    assert explanations["service-based"].startswith(
        "One service, the same terms for every customer: "
    )
    assert explanations["multi-level"].startswith(
        "Corporate terms, customer groups and services: the corporate terms are written once "
    )
    assert all(label and text.endswith(".") for _, label, text in SLA_TYPES)
