"""The availability targets as OpenSLO v1 documents, checked against the stored schema."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from helpers import EXAMPLES

from slaeditor.sla import MonthConvention, Window
from slaeditor.statement import openslo_yaml
from slaeditor.storage import load_agreement

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from slaeditor.model import Agreement

PREFIX = "slaeditor.contract/"


def documents(agreement: Agreement) -> list[dict[str, Any]]:
    """Read the written YAML back, as a monitoring tool would."""
    return list(yaml.safe_load_all(openslo_yaml(agreement)))


def slo(agreement: Agreement, service_id: str) -> dict[str, Any]:
    return next(
        d for d in documents(agreement) if d["kind"] == "SLO" and d["spec"]["service"] == service_id
    )


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_document_of_every_example_matches_the_schema(
    example: Path, schema_errors: Callable[[Any], list[str]]
) -> None:
    written = documents(load_agreement(example))
    assert written
    for document in written:
        assert schema_errors(document) == [], document["metadata"]["name"]


def test_the_schema_check_finds_what_openslo_refuses(
    telecom: Agreement, schema_errors: Callable[[Any], list[str]]
) -> None:
    good = slo(telecom, "sip-trunking")
    for change in (
        lambda d: d["spec"]["timeWindow"][0].update(duration="1 month"),
        lambda d: d["spec"]["objectives"][0].update(target=99.9),
        lambda d: d["spec"]["objectives"][0].pop("timeSliceWindow"),
        lambda d: d["spec"]["timeWindow"][0]["calendar"].update(timeZone="UTC"),
        lambda d: d["metadata"]["annotations"].update({"bad key!": "x"}),
        lambda d: d.update(apiVersion="openslo/v2"),
        lambda d: d["spec"].pop("service"),
    ):
        broken = copy.deepcopy(good)
        change(broken)
        assert schema_errors(broken), broken


def test_one_service_and_one_slo_per_service_with_its_target(telecom: Agreement) -> None:
    written = documents(telecom)
    assert [(d["kind"], d["metadata"]["name"]) for d in written][:4] == [
        ("Service", "sip-trunking"),
        ("SLO", "sip-trunking-availability"),
        ("Service", "internet-access"),
        ("SLO", "internet-access-availability"),
    ]
    assert len(written) == 2 * len(telecom.services)
    internet = slo(telecom, "internet-access")["spec"]
    assert internet["objectives"][0]["target"] == pytest.approx(0.9995)
    assert internet["budgetingMethod"] == "Timeslices"
    assert internet["objectives"][0]["timeSliceWindow"] == "1m"
    assert internet["timeWindow"] == [
        {
            "duration": "1M",
            "isRolling": False,
            "calendar": {"startTime": "2025-04-01 00:00:00", "timeZone": "Europe/London"},
        }
    ]


def test_a_quarter_window_starts_with_the_terms_first_quarter(telecom: Agreement) -> None:
    telecom.terms.availability.window = Window.QUARTER
    telecom.term.effective_date = telecom.term.effective_date.replace(month=5, day=17)
    window = slo(telecom, "sd-wan")["spec"]["timeWindow"][0]
    assert window["duration"] == "1Q"
    assert window["calendar"]["startTime"] == "2025-04-01 00:00:00"
    assert "measurement-period" in "".join(slo(telecom, "sd-wan")["metadata"]["annotations"])


def test_rules_openslo_cannot_express_are_annotated(telecom: Agreement) -> None:
    telecom.terms.availability.month_convention = MonthConvention.THIRTY_DAY
    telecom.terms.availability.minimum_downtime_minutes = 5
    notes = slo(telecom, "sip-trunking")["metadata"]["annotations"]
    assert "43,200 in every month" in notes[PREFIX + "month-convention"]
    assert "at least 5 consecutive minutes" in notes[PREFIX + "minimum-downtime"]
    assert "customer-caused" in notes[PREFIX + "exclusions"]
    assert "up to 240 minutes a calendar month" in notes[PREFIX + "maintenance"]
    assert "truncated" in notes[PREFIX + "rounding"]
    assert notes[PREFIX + "credit-tiers"].startswith("below 99.9 %: 2 % credit")
    sms = slo(telecom, "sms-api")["metadata"]["annotations"]
    assert "up to 60 minutes" in sms[PREFIX + "maintenance"]


def test_a_utc_agreement_names_the_zone_as_openslo_wants_it() -> None:
    cloud = next(path for path in EXAMPLES if path.name == "cloud-service.sla.yaml")
    window = slo(load_agreement(cloud), load_agreement(cloud).services[0].id)
    assert window["spec"]["timeWindow"][0]["calendar"]["timeZone"] == "Etc/UTC"
    assert Decimal(str(window["spec"]["objectives"][0]["target"])) == Decimal("0.9999")
