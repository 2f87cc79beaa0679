"""Continuity targets for recovery services: recovery time and recovery point objectives.

Counsel found the managed-IT example's recovery objectives written as free text that "earn no
Service Credit and are not service levels". A service (or its level) may now set both and the
tests a year; the contract prints them as service levels, tested, reported and remedied.
"""

from __future__ import annotations

from helpers import EXAMPLES_DIR

from slaeditor import load_agreement
from slaeditor.clauses import load_pack
from slaeditor.compose import compose


def test_recovery_objectives_are_service_levels_tested_twice_a_year() -> None:
    agreement = load_agreement(EXAMPLES_DIR / "managed-it-multilevel.sla.yaml")
    text = compose(agreement, load_pack(agreement.template, EXAMPLES_DIR)).plain_text()
    assert "at least 4 times a year, on dates agreed with Halden & Finch" in text  # as set
    backup = next(s for s in agreement.services if s.id == "backup-dr")
    backup.overrides = {
        **backup.overrides,
        "continuity": {
            "recovery_time_minutes": 480,
            "recovery_point_minutes": 1440,
            "tests_per_year": 2,
        },
    }
    text = compose(agreement, load_pack(agreement.template, EXAMPLES_DIR)).plain_text()
    assert "\n6.2 Recovery objectives\n" in text
    assert (
        f"{backup.name}: the systems it protects are working again, with their data restored, "
        "within 8 hours after the disaster is declared"
    ) in text
    assert "no data is lost that was stored more than 1 day before the failure" in text
    assert "at least twice a year, on dates agreed with Halden & Finch" in text
    assert "These objectives are service levels." in text
