"""Values still at a placeholder or blank are listed, each at the field that fixes it."""

from __future__ import annotations

import copy
import datetime
from typing import Any

import pytest
from helpers import ROOT

from slaeditor.model import Agreement
from slaeditor.model.validation import PLACEHOLDER, Level, check
from slaeditor.storage.starter import new_draft

STANDARD = ROOT / "templates" / "standard"


@pytest.fixture
def draft() -> dict[str, Any]:
    """A new customer-based draft whose names were typed, as after the Parties step."""
    made = new_draft("customer-based", STANDARD, datetime.date(2026, 12, 6))
    made["provider"]["name"] = "Northwind Telecom Limited"
    made["customer"]["name"] = "Harbour Logistics plc"
    made["services"][0]["name"] = "SIP Trunking"
    made["services"].append(
        {"id": "internet", "name": "Internet Access", "sites": [], "overrides": {}}
    )
    return made


def placeholders(data: dict[str, Any]) -> dict[str, str]:
    issues = check(Agreement.model_validate(copy.deepcopy(data)))
    found = {i.path: i.message for i in issues if i.kind == PLACEHOLDER}
    # A blank the contract would print as a reference to nothing blocks it; others advise.
    blocking = ("sites[", "customer_groups[")
    for issue in issues:
        if issue.kind == PLACEHOLDER:
            blocks = issue.path.startswith(blocking) and not issue.path.endswith("].name")
            expected = Level.ERROR if blocks else Level.WARNING
            assert issue.level is expected, issue.path
    return found


def test_a_new_drafts_signatories_are_listed_until_someone_is_named(
    draft: dict[str, Any],
) -> None:
    found = placeholders(draft)
    assert found["provider.signatories[0].name"] == (
        "Northwind Telecom Limited: signatory is still “Authorised signatory”, which the "
        "signature block would print as the name; type the name of the person who signs."
    )
    assert "customer.signatories[0].name" in found
    assert "has no title" in found["customer.signatories[0].title"]

    draft["provider"]["signatories"] = [{"name": "Priya Shah", "title": "Director"}]
    found = placeholders(draft)
    assert not [path for path in found if path.startswith("provider.")]


def errors_at(data: dict[str, Any]) -> dict[str, str]:
    issues = check(Agreement.model_validate(copy.deepcopy(data)))
    return {i.path: i.message for i in issues if i.level is Level.ERROR}


def test_scaling_switched_on_without_a_unit_must_say_what_is_counted(
    draft: dict[str, Any],
) -> None:
    assert draft["terms"]["scaling"]["unit"] == "", "no unit is assumed for a new agreement"
    draft["terms"]["scaling"]["included"] = True
    found = errors_at(draft)
    assert found["terms.scaling.unit"] == (
        "Corporate terms: quantities can change during the term but no unit is set, so the "
        "contract cannot say what is added or removed; type the unit the service is sold in "
        "(for example seat, call channel, Mbit/s or site)."
    )
    draft["terms"]["scaling"]["unit"] = "call channel"
    assert "terms.scaling.unit" not in errors_at(draft)


def test_scaling_switched_on_for_one_service_points_at_that_service(
    draft: dict[str, Any],
) -> None:
    draft["services"][1]["overrides"] = {"scaling": {"included": True}}
    found = errors_at(draft)
    assert found["services[1].overrides.scaling.unit"].startswith("Internet Access: quantities")
    assert "terms.scaling.unit" not in found


def test_on_site_blanks_point_at_the_blank_field_where_on_site_is_switched_on(
    draft: dict[str, Any],
) -> None:
    draft["sites"] = [{"id": "hq", "name": "Head office", "address": "1 Dock Road, Hull"}]
    draft["services"][0]["sites"] = ["hq"]
    draft["services"][0]["overrides"] = {"on_site": {"included": True, "arrival_minutes": "4h"}}
    found = placeholders(draft)
    assert (
        "no call-to-repair time is set"
        in found["services[0].overrides.on_site.call_to_repair_minutes"]
    )
    assert (
        found["services[0].overrides.on_site.radius_km"].startswith(
            "On-site support on SIP Trunking: "
        )
        or "no service radius" in found["services[0].overrides.on_site.radius_km"]
    )
    draft["services"][0]["overrides"]["on_site"] |= {
        "call_to_repair_minutes": "8h",
        "radius_km": 80,
    }
    assert not [path for path in placeholders(draft) if "on_site" in path]


def test_on_site_support_with_no_site_to_go_to_is_listed(draft: dict[str, Any]) -> None:
    draft["terms"]["on_site"] = {"included": True, "arrival_minutes": "4h"}
    found = placeholders(draft)
    assert found["services[0].sites"] == (
        "SIP Trunking includes on-site support, but no site is given for it, so the contract "
        "sends engineers to sites it does not list; add the sites to the agreement and tick "
        "them."
    )
    draft["sites"] = [{"id": "hq", "name": "Head office", "address": ""}]
    found = placeholders(draft)
    assert found["services[0].sites"].endswith("tick the sites it is delivered at.")
    assert "has no address" in found["sites[0].address"]


def test_the_examples_have_no_placeholders_left() -> None:
    from slaeditor.storage import load_agreement

    for example in sorted((ROOT / "examples").glob("*.sla.yaml")):
        issues = check(load_agreement(example))
        assert [i.message for i in issues if i.kind == PLACEHOLDER] == [], example.name


def test_a_site_without_an_address_or_a_group_without_services_blocks_the_contract() -> None:
    from slaeditor.model.validation import errors
    from slaeditor.storage import load_agreement

    agreement = load_agreement(ROOT / "examples" / "managed-it-multilevel.sla.yaml")
    sites = [agreement.sites[0].model_copy(update={"address": " "}), *agreement.sites[1:]]
    groups = [
        *agreement.customer_groups,
        agreement.customer_groups[0].model_copy(update={"id": "unused", "name": "Warehouses"}),
    ]
    found = {
        issue.path: issue.message
        for issue in errors(
            agreement.model_copy(update={"sites": sites, "customer_groups": groups})
        )
    }
    assert "has no address" in found["sites[0].address"]
    assert found[f"customer_groups[{len(groups) - 1}]"].startswith(
        "The customer group Warehouses has no services"
    )


def test_rows_still_called_by_the_name_the_wizard_gave_them_are_listed(
    draft: dict[str, Any],
) -> None:
    draft["services"][0]["name"] = "New service"
    draft["sites"] = [{"id": "site-3", "name": "New site 3", "address": "1 Dock Road, Hull"}]
    draft["definitions"] = {"New term 2": "means something"}
    found = placeholders(draft)
    assert found["services[0].name"] == (
        "A service is still called “New service”, the name it was given when it was added, "
        "and the contract would print it; type its real name."
    )
    assert "New site 3" in found["sites[0].name"]
    assert "definitions.New term 2" in found
    draft["services"][0]["name"] = "New service desk for the stores"  # a real name
    assert "services[0].name" not in placeholders(draft)
