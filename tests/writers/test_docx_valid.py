"""Every Word file we write is valid OOXML that Word opens without repairing it.

Checked by a third-party validator, openxml-audit (pinned in the test dependencies), for each
example and for a new agreement as the wizard makes it.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import EXAMPLES, ROOT

from slaeditor import load_agreement, render
from slaeditor.model import Agreement
from slaeditor.storage.starter import new_draft

AUDIT = Path(sys.executable).with_name("openxml-audit")


def audit(path: Path) -> dict:
    done = subprocess.run(
        [str(AUDIT), "-m", "0", "-o", "json", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    (result,) = json.loads(done.stdout)
    return result


def problems(result: dict) -> list[str]:
    return [f"{e.get('part')}: {e.get('description') or e}" for e in result["errors"]]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_each_examples_word_file_is_valid_and_opens_clean(example: Path, tmp_path: Path) -> None:
    target = tmp_path / "contract.docx"
    render(load_agreement(example), target)
    result = audit(target)
    assert result["error_count"] == 0, problems(result)
    assert result["verdict"]["prediction"] == "opens-clean", result["verdict"]["headline"]
    assert result["warning_count"] == 0


@pytest.mark.parametrize("sla_type", ["customer-based", "service-based", "multi-level"])
def test_a_new_agreements_word_file_is_valid(sla_type: str, tmp_path: Path) -> None:
    draft = new_draft(sla_type, ROOT / "templates" / "standard", datetime.date(2026, 12, 6))
    draft["provider"]["name"] = "Northwind Telecom Limited"
    if draft["customer"] is not None:
        draft["customer"]["name"] = "Harbour Logistics plc"
    draft["services"][0]["name"] = "Hosted Voice"
    for index, group in enumerate(draft["customer_groups"]):
        group["name"] = f"Group {index + 1}"
    target = tmp_path / "new.docx"
    render(Agreement.model_validate(draft), target)
    result = audit(target)
    assert result["error_count"] == 0, problems(result)
    assert result["verdict"]["prediction"] == "opens-clean"
