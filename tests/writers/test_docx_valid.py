"""Every Word file we write is valid OOXML that Word opens without repairing it.

Checked by a third-party validator, openxml-audit (pinned in the test dependencies), for each
example, for a new agreement as the wizard makes it, for generated agreements and for a
skeleton whose styles a firm renamed.
"""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers import EXAMPLES, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from slaeditor import load_agreement, render
from slaeditor.compose import RenderError
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
        if index:  # every group has a service, or the agreement is refused
            extra = dict(draft["services"][0], id=f"service-{index + 1}", group=group["id"])
            draft["services"].append(dict(extra, name=f"Managed Service {index + 1}"))
    target = tmp_path / "new.docx"
    render(Agreement.model_validate(draft), target)
    result = audit(target)
    assert result["error_count"] == 0, problems(result)
    assert result["verdict"]["prediction"] == "opens-clean"


# Generated agreements: any typed text in the names and the free text that lands in clauses,
# and a varying number of services, through the validator.
_TYPED = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn")), min_size=1, max_size=40
).filter(lambda s: s.strip() == s)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=_TYPED, text=_TYPED, services=st.integers(min_value=1, max_value=4))
def test_generated_agreements_word_files_are_valid(
    name: str, text: str, services: int, tmp_path_factory
) -> None:
    base = load_agreement(ROOT / "examples" / "telecom-customer.sla.yaml")
    data = base.model_dump(mode="python")
    data["provider"] = {**data["provider"], "name": name}
    data["services"] = [
        dict(data["services"][i % len(data["services"])], id=f"s{i}", name=f"{text} {i}")
        for i in range(services)
    ]
    data["exclusions"] = [{"kind": "other", "text": text}]
    try:
        agreement = Agreement.model_validate(data)
    except ValidationError:
        return  # refused with a message: another test covers what it says
    target = Path(tmp_path_factory.mktemp("gen")) / "c.docx"
    try:
        render(agreement, target)
    except RenderError:
        return  # an agreement with errors is refused, never written half-valid
    result = audit(target)
    assert result["error_count"] == 0, problems(result)
    assert result["verdict"]["prediction"] == "opens-clean"


def test_a_skeleton_whose_styles_a_firm_renamed_still_gives_a_valid_file(tmp_path: Path) -> None:
    pack = tmp_path / "firm"
    shutil.copytree(ROOT / "templates" / "standard", pack)
    skeleton = pack / "contract.docx"
    with zipfile.ZipFile(skeleton) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    styles = parts["word/styles.xml"].decode("utf-8")
    for old, new in (
        ("Table Text", "Firm Table"),
        ("Table Heading", "Firm Table Head"),
        ("Lettered Item", "Firm List"),
        ("Signature Value", "Firm Signature"),
        ("Contract Table", "Firm Grid"),
        ("Contents Heading", "Firm Contents"),
    ):
        assert f'w:val="{old}"' in styles
        styles = styles.replace(f'w:val="{old}"', f'w:val="{new}"')
    parts["word/styles.xml"] = styles.encode("utf-8")
    with zipfile.ZipFile(skeleton, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    agreement = load_agreement(ROOT / "examples" / "telecom-reference.sla.yaml")
    out = render(agreement.model_copy(update={"template": str(pack)}), tmp_path / "c.docx")
    result = audit(out)
    assert result["error_count"] == 0, problems(result)
    assert result["verdict"]["prediction"] == "opens-clean"
