from __future__ import annotations

import datetime
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from slaeditor.model import Agreement, OverrideError, resolve_all
from slaeditor.model.validation import check

REPO = Path(__file__).resolve().parents[2]


def multi_level(**terms: Any) -> dict[str, Any]:
    """A multi-level agreement: corporate terms, two customer groups, three services."""
    return {
        "sla_type": "multi-level",
        "provider": {"name": "Northwind Telecom Ltd", "signatories": [{"name": "Ada"}]},
        "customer": {"name": "Contoso plc", "signatories": [{"name": "Cy"}]},
        "term": {"effective_date": datetime.date(2026, 1, 1)},
        "customer_groups": [{"id": "retail", "name": "Retail"}, {"id": "bulk", "name": "Bulk"}],
        "services": [
            {"id": "voice", "name": "Voice", "group": "retail"},
            {"id": "internet", "name": "Internet", "group": "retail"},
            {"id": "sms", "name": "Messaging", "group": "bulk"},
        ],
        "terms": {
            "availability": {"target_percent": "99.9"},
            "credits": {
                "tiers": [{"uptime_percent": "99.9", "credit_percent": "10"}],
                "cap_percent": "50",
            },
            **terms,
        },
    }


def targets(data: dict[str, Any]) -> dict[str, Decimal]:
    resolved = resolve_all(Agreement.model_validate(data))
    return {item.service.id: item.terms.availability.target_percent for item in resolved}


def test_most_specific_level_wins() -> None:
    data = multi_level()
    data["customer_groups"][0]["overrides"] = {"availability": {"target_percent": "99.95"}}
    data["services"][0]["overrides"] = {"availability": {"target_percent": "99.99"}}
    assert targets(data) == {
        "voice": Decimal("99.99"),
        "internet": Decimal("99.95"),
        "sms": Decimal("99.9"),
    }


def test_a_group_override_applies_to_its_own_services_only() -> None:
    data = multi_level()
    data["customer_groups"][1]["overrides"] = {"availability": {"target_percent": "99.5"}}
    assert targets(data) == {
        "voice": Decimal("99.9"),
        "internet": Decimal("99.9"),
        "sms": Decimal("99.5"),
    }


def test_an_unknown_override_key_is_reported_at_its_path_with_the_known_keys() -> None:
    data = multi_level()
    data["services"][2]["overrides"] = {"availabilty": {"target_percent": "99.99"}}
    with pytest.raises(OverrideError) as raised:
        resolve_all(Agreement.model_validate(data))
    assert raised.value.path == "services[2].overrides.availabilty"
    for known in ("availability", "maintenance", "credits", "support", "scaling"):
        assert known in raised.value.message


def test_overriding_only_the_tiers_keeps_the_corporate_cap() -> None:
    data = multi_level()
    tiers = [{"uptime_percent": "99.9", "credit_percent": "20"}]
    data["services"][0]["overrides"] = {"credits": {"tiers": tiers}}
    voice = resolve_all(Agreement.model_validate(data))[0]
    assert voice.terms.credits.cap_percent == Decimal(50)
    assert voice.terms.credits.tiers[0].credit_percent == Decimal(20)
    assert voice.differs_in("credits") and not voice.differs_in("availability")


def test_a_corporate_problem_every_service_inherits_is_reported_once() -> None:
    data = multi_level()
    data["terms"]["credits"]["cap_percent"] = "5"
    paths = [issue.path for issue in check(Agreement.model_validate(data))]
    assert paths.count("terms.credits.tiers[0].credit_percent") == 1
    assert not [path for path in paths if path.startswith(("services", "customer_groups"))]


def _loaded_after(modules: list[str], prefixes: tuple[str, ...]) -> list[str]:
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {prefixes!r})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={"PYTHONPATH": str(REPO), "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    loaded: list[str] = json.loads(result.stdout)
    return loaded


def test_importing_the_core_packages_does_not_load_qt() -> None:
    core = [
        "slaeditor.model",
        "slaeditor.sla",
        "slaeditor.storage",
        "slaeditor.clauses",
        "slaeditor.templating",
        "slaeditor.compose",
        "slaeditor.writers.pdf.writer",
        "slaeditor.writers.docx",
        "slaeditor.app.api",
        "slaeditor.cli.main",
    ]
    assert _loaded_after(core, ("PySide6", "shiboken6")) == []


def test_startup_path_does_not_import_the_renderers() -> None:
    startup = ["slaeditor", "slaeditor.cli.main", "slaeditor.app.api", "slaeditor.compose"]
    assert _loaded_after(startup, ("weasyprint", "docxtpl", "docx", "pyhanko")) == []
