"""Drafts: half-typed agreements are checked field by field and never thrown away."""

from __future__ import annotations

import copy
import datetime
from pathlib import Path
from typing import Any

import pytest

from slaeditor import load_agreement
from slaeditor.storage import AgreementFileError
from slaeditor.storage.drafts import (
    check_draft,
    complete_draft,
    draft_from_agreement,
    draft_to_text,
    open_draft,
)
from slaeditor.storage.files import agreement_to_text

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.sla.yaml"))
TELECOM = EXAMPLES / "telecom-customer.sla.yaml"


def telecom() -> dict[str, Any]:
    return draft_from_agreement(load_agreement(TELECOM))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.name)
def test_every_example_draft_checks_without_errors(path: Path) -> None:
    result = check_draft(draft_from_agreement(load_agreement(path)))
    assert result.agreement is not None
    assert result.errors == []


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.name)
def test_completing_a_full_draft_changes_nothing(path: Path) -> None:
    draft = draft_from_agreement(load_agreement(path))
    assert complete_draft(copy.deepcopy(draft)) == draft


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.name)
def test_agreement_from_a_draft_equals_the_agreement_loaded_from_its_file(path: Path) -> None:
    agreement = load_agreement(path)
    # Overrides are free-form data: their percentages must come back as exact Decimals, not
    # the text a draft holds them as, or saving would write them in quotes.
    assert check_draft(draft_from_agreement(agreement)).agreement == agreement


def test_mistyped_percentage_is_reported_at_its_field_in_plain_words() -> None:
    draft = telecom()
    draft["terms"]["availability"]["target_percent"] = "99,9x"
    result = check_draft(draft)
    assert result.agreement is None
    (error,) = result.errors
    assert error.path == "terms.availability.target_percent"
    assert error.message == "must be a number such as 99.9 (found '99,9x')"


def test_service_override_breaking_tier_order_is_reported_at_the_override() -> None:
    draft = telecom()
    index = next(i for i, s in enumerate(draft["services"]) if s["id"] == "internet-access")
    # Tier 2 (below 99.5 %) would earn less than tier 1 (below 99.95 %): a lower uptime
    # must never earn a smaller credit.
    draft["services"][index]["overrides"]["credits"]["tiers"][1]["credit_percent"] = 1
    result = check_draft(draft)
    (error,) = result.errors
    assert error.path == f"services[{index}].overrides.credits.tiers[1].credit_percent"
    assert "Dedicated Internet Access" in error.message
    assert "smaller credit" in error.message


def test_service_override_with_a_value_of_the_wrong_type_is_reported_at_the_override() -> None:
    draft = telecom()
    draft["services"][1]["overrides"]["availability"]["target_percent"] = "abc"
    (error,) = check_draft(draft).errors
    assert error.path == "services[1].overrides.availability.target_percent"
    assert "must be a number" in error.message


def test_group_override_naming_no_service_term_is_reported() -> None:
    draft = draft_from_agreement(load_agreement(EXAMPLES / "managed-it-multilevel.sla.yaml"))
    draft["customer_groups"][1]["overrides"]["suport"] = {"calendar": "24x7"}
    paths = [issue.path for issue in check_draft(draft).errors]
    assert "customer_groups[1].overrides.suport" in paths


def test_open_draft_of_a_valid_file_matches_the_loaded_agreement() -> None:
    opened = open_draft(TELECOM)
    assert opened.problems == []
    assert opened.data == telecom()


def test_open_draft_of_a_file_with_an_invalid_value_opens_with_the_problem_listed(
    tmp_path: Path,
) -> None:
    text = TELECOM.read_text(encoding="utf-8").replace(
        "  availability:\n    target_percent: 99.9\n",
        "  availability:\n    target_percent: 150\n",
    )
    path = tmp_path / "wrong.sla.yaml"
    path.write_text(text, encoding="utf-8")
    opened = open_draft(path)
    assert opened.data["terms"]["availability"]["target_percent"] == 150  # kept as typed
    assert opened.data["provider"]["name"] == "Albion Connect Communications Limited"
    (problem,) = opened.problems
    assert problem.startswith("terms.availability.target_percent: ")
    assert "less than 100" in problem
    # Everything else is there in full and in the draft's own form (minutes, not "4h").
    severity = opened.data["terms"]["support"]["severities"][0]
    assert severity["resolution_minutes"] == 240
    assert opened.data["document"]["agreement_id"] == "SLA-MFG-2025-014"


def test_open_draft_keeps_an_unknown_key_so_the_wizard_can_show_it(tmp_path: Path) -> None:
    path = tmp_path / "typo.sla.yaml"
    path.write_text(
        "provider:\n  name: Acme Ltd\n  nmae: Acme\nterm:\n  effective_date: 2025-04-01\n",
        encoding="utf-8",
    )
    opened = open_draft(path)
    assert opened.data["provider"]["nmae"] == "Acme"
    assert opened.data["term"]["effective_date"] == "2025-04-01"
    assert any("nmae" in problem for problem in opened.problems)
    assert any(issue.path == "provider.nmae" for issue in check_draft(opened.data).errors)


def test_open_draft_of_a_file_that_is_not_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.sla.yaml"
    path.write_text(
        "provider:\n  name: Acme Ltd\nterm:\n  effective_date: [2025-04-01\n", encoding="utf-8"
    )
    with pytest.raises(AgreementFileError) as caught:
        open_draft(path)
    assert caught.value.path == str(path)
    assert caught.value.line == 4
    assert "line 4" in str(caught.value)


def test_open_draft_of_yaml_that_is_no_agreement_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "list.sla.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(AgreementFileError, match="not an agreement file"):
        open_draft(path)


def test_open_draft_of_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(AgreementFileError, match="does not exist"):
        open_draft(tmp_path / "nowhere.sla.yaml")


def test_draft_to_text_of_an_invalid_draft_keeps_the_typed_value(tmp_path: Path) -> None:
    draft = telecom()
    draft["terms"]["availability"]["target_percent"] = "99,9x"
    text = draft_to_text(draft)
    assert "target_percent: 99,9x" in text
    path = tmp_path / "draft.sla.yaml"
    path.write_text(text, encoding="utf-8")
    reopened = open_draft(path)
    assert reopened.data["terms"]["availability"]["target_percent"] == "99,9x"
    assert reopened.data["services"] == draft["services"]


def test_draft_to_text_of_a_valid_draft_is_the_agreement_file_text() -> None:
    agreement = load_agreement(TELECOM)
    assert draft_to_text(draft_from_agreement(agreement)) == agreement_to_text(agreement)


def test_complete_draft_fills_defaults_and_writes_values_as_drafts_hold_them() -> None:
    draft = complete_draft(
        {
            "provider": {"name": "Acme Ltd"},
            "term": {"effective_date": datetime.date(2025, 4, 1)},
            "terms": {
                "support": {
                    "severities": [
                        {
                            "level": 1,
                            "name": "Critical",
                            "definition": "Down.",
                            "response_minutes": "4h",
                        }
                    ]
                }
            },
        }
    )
    assert draft["term"] == {
        "effective_date": "2025-04-01",
        "initial_term_months": 12,
        "renewal": "automatic",
        "renewal_term_months": 12,
        "non_renewal_notice_days": 90,
    }
    severity = draft["terms"]["support"]["severities"][0]
    assert severity["response_minutes"] == 240
    assert severity["resolution_minutes"] is None
    assert draft["terms"]["availability"]["target_percent"] == "99.9"
    assert draft["customer"] is None
    assert draft["provider"]["contacts"] == []
    assert check_draft(draft).agreement is not None
