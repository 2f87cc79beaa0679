"""A region code checked once is not checked again with the `holidays` package in a new process."""

from __future__ import annotations

from typing import Any

import pytest
from helpers import ROOT, fresh_json

from slaeditor.sla import known_regions
from slaeditor.sla.public_holidays import region_problem

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"


def _load_in_a_new_process() -> Any:
    return fresh_json(
        f"""
        import json, sys
        from slaeditor import load_agreement
        agreement = load_agreement({str(TELECOM)!r})
        print(json.dumps({{"region": agreement.calendars[1].public_holidays,
                          "holidays": "holidays" in sys.modules}}))
        """
    )


def test_an_agreement_whose_region_was_checked_before_loads_without_the_package() -> None:
    assert region_problem("GB-ENG") is None  # checked here, kept for the next process
    assert _load_in_a_new_process() == {"region": "GB-ENG", "holidays": False}


@pytest.mark.parametrize("code", ["ZZ", "GB-XYZ", "US-ENG"])
def test_a_region_refused_once_is_refused_again_with_the_same_reason(code: str) -> None:
    first = region_problem(code)
    assert first is not None
    assert known_regions.answers()[code] == first
    assert region_problem(code) == first


def test_garbled_answers_are_checked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    region_problem("DE")
    kept = known_regions.answers_file()
    assert kept is not None
    for garbage in ("{not json", "[]", '{"DE": 3, "FR": null}'):
        kept.write_text(garbage, encoding="utf-8")
        assert "DE" not in known_regions.answers()
        assert region_problem("DE") is None
    assert known_regions.answers()["DE"] is None
