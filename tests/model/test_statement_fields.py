"""The fields a monthly statement reads: a calendar's public holidays and the uptime rounding."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
import yaml
from helpers import ROOT
from pydantic import ValidationError

from slaeditor.model import Calendar
from slaeditor.model.validation import check
from slaeditor.storage import AgreementFileError, agreement_json_schema, load_agreement
from slaeditor.storage.files import agreement_to_text

if TYPE_CHECKING:
    from pathlib import Path

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"
STARTER = ROOT / "templates" / "standard" / "starter.sla.yaml"


def telecom_with(tmp_path: Path, old: str, new: str) -> Path:
    text = TELECOM.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "changed.sla.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


@pytest.mark.parametrize(
    ("region", "words"),
    [
        ("XX", "no public holidays are known for the country 'XX'"),
        ("GB-XX", "'XX' is not a subdivision of GB with its own public holidays"),
        ("England", "is not a region code"),
    ],
)
def test_an_unknown_region_is_an_error_naming_the_field_and_its_line(
    tmp_path: Path, region: str, words: str
) -> None:
    path = telecom_with(tmp_path, "public_holidays: GB-ENG", f"public_holidays: {region}")
    with pytest.raises(AgreementFileError) as caught:
        load_agreement(path)
    assert caught.value.field == "calendars[1].public_holidays"
    assert caught.value.line == line_of(path, "public_holidays:")
    assert words in str(caught.value)


def test_a_region_is_read_in_capitals_and_saved_only_when_set() -> None:
    calendar = Calendar(id="office", name="Office", hours=[], public_holidays=" gb-eng ")
    assert calendar.public_holidays == "GB-ENG"
    assert Calendar(id="office", name="Office").public_holidays == ""
    agreement = load_agreement(TELECOM)
    text = agreement_to_text(agreement)
    assert text.count("public_holidays: GB-ENG") == 1  # only the business-hours calendar
    with pytest.raises(ValidationError, match="public_holidays"):
        Calendar(id="office", name="Office", public_holidays="ZZ")


def test_every_example_calendar_that_excludes_english_bank_holidays_names_them() -> None:
    files = [*sorted((ROOT / "examples").glob("*.sla.yaml")), STARTER]
    named = 0
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for calendar in data["calendars"]:
            if "England and Wales" in calendar.get("holiday_rule", ""):
                assert calendar.get("public_holidays") == "GB-ENG", (path.name, calendar["id"])
                named += 1
    assert named == 4  # three examples and the starter
    assert load_agreement(TELECOM).calendars[1].public_holidays == "GB-ENG"


def test_public_holidays_on_a_calendar_that_never_stops_are_a_warning(tmp_path: Path) -> None:
    path = telecom_with(
        tmp_path, "    always: true\n", "    always: true\n    public_holidays: GB-ENG\n"
    )
    issues = [i for i in check(load_agreement(path)) if i.path == "calendars[0].public_holidays"]
    assert len(issues) == 1
    assert issues[0].level == "warning"
    assert "never stop its clock" in issues[0].message


def test_the_rounding_rule_is_an_optional_field_of_the_availability_terms(tmp_path: Path) -> None:
    assert load_agreement(TELECOM).terms.availability.uptime_decimals is None
    path = telecom_with(
        tmp_path, "    target_percent: 99.9\n", "    target_percent: 99.9\n    uptime_decimals: 2\n"
    )
    agreement = load_agreement(path)
    assert agreement.terms.availability.uptime_decimals == 2
    assert "uptime_decimals: 2" in agreement_to_text(agreement)
    assert not [i for i in check(agreement) if "uptime_decimals" in i.path]
    for wrong in ("-1", "7", "two"):
        bad = telecom_with(
            tmp_path,
            "    target_percent: 99.9\n",
            f"    target_percent: 99.9\n    uptime_decimals: {wrong}\n",
        )
        with pytest.raises(AgreementFileError) as caught:
            load_agreement(bad)
        assert caught.value.field == "terms.availability.uptime_decimals"


def test_fewer_decimals_than_the_target_is_a_warning_at_the_field(tmp_path: Path) -> None:
    path = telecom_with(
        tmp_path, "    target_percent: 99.9\n", "    target_percent: 99.9\n    uptime_decimals: 0\n"
    )
    agreement = load_agreement(path)
    warnings = [i for i in check(agreement) if i.path == "terms.availability.uptime_decimals"]
    assert len(warnings) == 1
    # 99.91 % truncated to whole percent is 99 %: below the 99.9 % target it meets.
    assert "such as 99.91 %, is stated below it" in warnings[0].message
    # Internet access overrides the target with 99.95 %: one decimal is too few there, so the
    # warning points at the override that made it so.
    agreement.terms.availability.uptime_decimals = 1
    (warning,) = [i for i in check(agreement) if "stated with" in i.message]
    assert warning.path == "services[1].overrides.availability.target_percent"
    assert "1 decimal, fewer than the 2 of 99.95 %" in warning.message
    agreement.terms.availability.uptime_decimals = 2
    assert not [i for i in check(agreement) if "stated with" in i.message]


def test_the_json_schema_has_both_fields() -> None:
    schema = json.dumps(agreement_json_schema())
    assert '"public_holidays"' in schema
    assert '"uptime_decimals"' in schema


def test_the_holidays_package_is_imported_only_when_a_calendar_names_a_new_region(
    tmp_path: Path,
) -> None:
    """A new region: nothing checked before in this cache folder (test_known_regions)."""
    code = (
        "import sys\n"
        "from slaeditor.storage import load_agreement\n"
        f"load_agreement({str(ROOT / 'examples' / 'cloud-service.sla.yaml')!r})\n"
        "print('holidays' in sys.modules)\n"
        f"load_agreement({str(TELECOM)!r})\n"
        "print('holidays' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "SLAEDITOR_CACHE_DIR": str(tmp_path)},
    )
    assert result.stdout.split() == ["False", "True"]
