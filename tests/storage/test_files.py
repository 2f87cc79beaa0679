from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

import slaeditor.storage.files as files_module
from slaeditor.model import SCHEMA_VERSION, Agreement, Party, Service, SlaType, resolve_all
from slaeditor.sla import credit_percent_for, tier_problems
from slaeditor.storage import (
    AgreementFileError,
    agreement_json_schema,
    load_agreement,
    save_agreement,
)
from slaeditor.storage.messages import describe_validation_error, format_path, parse_path
from slaeditor.storage.migrations import MigrationError, migrate

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.sla.yaml"))

MINIMAL = """\
schema_version: 1
provider:
  name: Acme Hosting Ltd
term:
  effective_date: 2025-01-01
"""


def write(tmp_path: Path, text: str, name: str = "x.sla.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, fragment: str) -> int:
    return text.splitlines().index(fragment) + 1


def load_error(tmp_path: Path, text: str) -> AgreementFileError:
    with pytest.raises(AgreementFileError) as caught:
        load_agreement(write(tmp_path, text))
    return caught.value


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ---- examples ------------------------------------------------------------------------------


def test_the_three_agreement_types_each_have_an_example_and_the_reference_deal_is_one() -> None:
    types = {load_agreement(path).sla_type for path in EXAMPLE_FILES}

    assert [p.name for p in EXAMPLE_FILES] == [
        "cloud-service.sla.yaml",
        "managed-it-multilevel.sla.yaml",
        "telecom-customer.sla.yaml",
        "telecom-reference.sla.yaml",
    ]
    assert types == set(SlaType)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_every_example_loads_resolves_and_has_fair_credit_tiers(path: Path) -> None:
    agreement = load_agreement(path)

    for resolved in resolve_all(agreement):
        terms = resolved.terms
        tiers = [t.as_tier() for t in terms.credits.tiers]
        assert tiers, resolved.service.id
        problems = tier_problems(
            tiers, terms.availability.target_percent, terms.credits.cap_percent
        )
        assert problems == [], resolved.service.id


def test_telecom_example_reduces_the_fee_by_5_percent_when_uptime_falls_to_97() -> None:
    agreement = load_agreement(EXAMPLES / "telecom-customer.sla.yaml")
    credits = agreement.terms.credits
    tiers = [t.as_tier() for t in credits.tiers]

    assert agreement.terms.availability.target_percent == Decimal("99.9")
    assert credit_percent_for(Decimal(97), tiers) == Decimal(5)
    assert credits.claim_days == 30
    assert [s.response_minutes for s in agreement.terms.support.severities][2] == 720
    assert agreement.terms.on_site.arrival_minutes == 240
    assert agreement.customer is not None
    assert len(agreement.customer.signatories) == 2
    assert agreement.document.currency == "GBP"


def test_multilevel_example_overrides_at_group_and_service_level() -> None:
    agreement = load_agreement(EXAMPLES / "managed-it-multilevel.sla.yaml")
    resolved = {r.service.id: r for r in resolve_all(agreement)}

    assert len(agreement.customer_groups) >= 2
    assert len(agreement.services) >= 4
    assert resolved["endpoint-ho"].terms.on_site.arrival_minutes == 240
    assert resolved["store-endpoints"].terms.on_site.calendar == "store-trading-hours"
    assert resolved["backup-dr"].terms.availability.target_percent == Decimal("99.5")
    assert resolved["store-network"].terms.availability.target_percent == Decimal("99.5")
    # The service desk is priced per named user and, being remote, has no on-site support.
    assert {o.path[0] for o in resolved["service-desk"].overrides} == {"scaling", "on_site"}
    assert not resolved["service-desk"].terms.on_site.included


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_save_then_load_gives_the_same_agreement_and_the_same_bytes(
    path: Path, tmp_path: Path
) -> None:
    original = load_agreement(path)
    first, second = tmp_path / "first.sla.yaml", tmp_path / "second.sla.yaml"

    save_agreement(original, first)
    reloaded = load_agreement(first)
    save_agreement(reloaded, second)

    assert reloaded == original
    assert first.read_bytes() == second.read_bytes()
    save_agreement(reloaded, first)
    assert first.read_bytes() == second.read_bytes()


# ---- reading problems ----------------------------------------------------------------------


def test_a_yaml_syntax_error_names_the_file_line_and_column(tmp_path: Path) -> None:
    error = load_error(tmp_path, MINIMAL.replace("name: Acme", "name: 'Acme"))

    assert error.line == 3
    assert error.column == 9
    assert str(error) == (
        f"{tmp_path / 'x.sla.yaml'}, line 3, column 9: "
        "a quoted text is not closed; add the closing quote"
    )


def test_a_value_out_of_range_names_the_field_path_and_its_line(tmp_path: Path) -> None:
    text = MINIMAL + "terms:\n  availability:\n    target_percent: 120\n"

    error = load_error(tmp_path, text)

    assert error.line == line_of(text, "    target_percent: 120")
    assert error.field == "terms.availability.target_percent"
    assert error.message == "must be less than 100 (found 120)"
    assert str(error) == (
        f"{tmp_path / 'x.sla.yaml'}, line {error.line} (terms.availability.target_percent): "
        "must be less than 100 (found 120)"
    )


def test_a_bad_service_override_is_reported_at_its_line(tmp_path: Path) -> None:
    text = MINIMAL + (
        "services:\n  - id: voice\n    name: Voice\n    overrides:\n"
        "      availability:\n        target_percent: 120\n"
    )

    error = load_error(tmp_path, text)

    assert error.field == "services[0].overrides.availability.target_percent"
    assert error.line == line_of(text, "        target_percent: 120")
    assert error.message.startswith("must be less than 100")


def test_a_misspelt_override_of_an_unused_group_is_still_found(tmp_path: Path) -> None:
    text = MINIMAL + (
        "customer_groups:\n  - id: stores\n    name: Stores\n    overrides:\n"
        "      on_site:\n        arival_minutes: 4h\n"
    )

    error = load_error(tmp_path, text)

    assert error.field == "customer_groups[0].overrides.on_site.arival_minutes"
    assert error.line == line_of(text, "        arival_minutes: 4h")
    assert "did you mean 'arrival_minutes'?" in error.message


def test_an_unknown_field_gets_a_suggestion_and_the_known_fields(tmp_path: Path) -> None:
    text = MINIMAL + "terms:\n  availability:\n    taget_percent: 99.9\n"

    error = load_error(tmp_path, text)

    assert error.field == "terms.availability.taget_percent"
    assert error.line == line_of(text, "    taget_percent: 99.9")
    assert "'taget_percent' is not a known field here; check the spelling" in error.message
    assert "did you mean 'target_percent'?" in error.message
    assert "(known: target_percent, window, month_convention," in error.message


def test_every_problem_is_kept_with_its_line(tmp_path: Path) -> None:
    text = "schema_version: 1\nprovider:\n  short_name: A\nsla_type: bilateral\n"

    error = load_error(tmp_path, text)

    assert ("provider.name", 2, "is required; add it") in error.errors
    assert ("term", None, "is required; add it") in error.errors
    enum = next(e for e in error.errors if e[0] == "sla_type")
    assert enum[1] == 4
    assert "'bilateral' is not one of the allowed values" in enum[2]
    assert "customer-based, service-based, multi-level" in enum[2]
    assert str(error).endswith(f"(and {len(error.errors) - 1} more problems)")


def test_a_wrong_date_asks_for_yyyy_mm_dd(tmp_path: Path) -> None:
    error = load_error(tmp_path, MINIMAL.replace("2025-01-01", "1 January 2025"))

    assert error.field == "term.effective_date"
    assert "YYYY-MM-DD" in error.message


def test_an_impossible_date_asks_for_yyyy_mm_dd_at_its_line(tmp_path: Path) -> None:
    error = load_error(tmp_path, MINIMAL.replace("2025-01-01", "2025-02-30"))

    assert error.field == "term.effective_date"
    assert error.line == 5
    assert "YYYY-MM-DD" in error.message


HOSTILE = [
    "Smith & Sons <Ltd> \"quoted\" 'single'",
    "شركة الاتصالات العربية",
    "חברת התקשורת בע״מ",
    "Café 🚀 Ünïcödé 株式会社",
    "{{ 7*7 }} {% include '/etc/passwd' %}",
    "- not a list: and #not a comment",
    "yes",
    "null",
    "2025-01-01",
    "99.90",
]


def test_hostile_text_survives_a_round_trip_verbatim(tmp_path: Path) -> None:
    agreement = load_agreement(write(tmp_path, MINIMAL))
    agreement.provider = Party(name=HOSTILE[0], address="\n".join(HOSTILE))
    agreement.services = [
        Service(id=f"s{n}", name=text, description=text) for n, text in enumerate(HOSTILE)
    ]
    agreement.definitions = {text: text for text in HOSTILE}
    path = tmp_path / "hostile.sla.yaml"

    save_agreement(agreement, path)

    assert load_agreement(path) == agreement
    assert "شركة الاتصالات العربية" in path.read_text(encoding="utf-8")
    assert "🚀" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ('"Acme\\x07 Ltd"', "U+0007"),
        ('"Acme\\u202E Ltd"', "U+202E"),
        ("Acme\u202e Ltd", "U+202E"),
        ('"Acme\\u200F Ltd"', "U+200F"),
        ("Acme\u200e Ltd", "U+200E"),
        ("Acme\u061c Ltd", "U+061C"),
    ],
)
def test_control_and_direction_characters_are_refused_with_the_field_named(
    tmp_path: Path, written: str, code: str
) -> None:
    error = load_error(tmp_path, MINIMAL.replace("Acme Hosting Ltd", written))

    assert error.field == "provider.name"
    assert error.line == 3
    assert code in error.message


def test_a_control_character_typed_raw_into_the_file_is_refused_with_the_field(
    tmp_path: Path,
) -> None:
    error = load_error(tmp_path, MINIMAL.replace("Acme Hosting", "Acme\x1b Hosting"))

    assert error.field == "provider.name"
    assert error.line == 3
    assert "U+001B" in error.message


def test_a_5000_character_party_name_is_refused_with_the_limit(tmp_path: Path) -> None:
    error = load_error(tmp_path, MINIMAL.replace("Acme Hosting Ltd", "A" * 5000))

    assert error.field == "provider.name"
    assert error.message == "is 5,000 characters long; the limit is 200; shorten it"


def test_a_file_that_is_not_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.sla.yaml"
    path.write_bytes(MINIMAL.replace("Acme", "Acm\xe9").encode("latin-1"))

    with pytest.raises(AgreementFileError) as caught:
        load_agreement(path)

    assert caught.value.line == 3
    assert "UTF-8" in caught.value.message


def test_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(AgreementFileError) as caught:
        load_agreement(tmp_path / "nowhere.sla.yaml")

    assert "does not exist" in str(caught.value)


@pytest.mark.parametrize("text", ["", "# nothing\n", "- a\n- b\n", "just text\n"])
def test_empty_or_non_mapping_files_are_not_agreements(tmp_path: Path, text: str) -> None:
    error = load_error(tmp_path, text)

    assert "empty" in error.message or "is not an agreement file" in error.message


# ---- file format versions ------------------------------------------------------------------


def test_a_newer_file_format_asks_to_upgrade_the_application(tmp_path: Path) -> None:
    error = load_error(tmp_path, MINIMAL.replace("schema_version: 1", "schema_version: 7"))

    assert error.field == "schema_version"
    assert error.line == 1
    assert "newer version of SLA Editor" in error.message
    assert "upgrade SLA Editor" in error.message


def test_a_file_without_schema_version_is_read_as_version_1(tmp_path: Path) -> None:
    agreement = load_agreement(write(tmp_path, MINIMAL.replace("schema_version: 1\n", "")))

    assert agreement.schema_version == SCHEMA_VERSION  # read as format 1, then upgraded


@pytest.mark.parametrize("value", ["'1'", "0", "true", "1.5"])
def test_a_schema_version_that_is_not_a_positive_whole_number_is_refused(
    tmp_path: Path, value: str
) -> None:
    error = load_error(tmp_path, MINIMAL.replace("schema_version: 1", f"schema_version: {value}"))

    assert error.field == "schema_version"


def test_migration_steps_run_in_order_and_leave_the_input_untouched() -> None:
    def rename_customer(data: dict[str, Any]) -> dict[str, Any]:
        data["customer"] = data.pop("client")
        return data

    def add_template(data: dict[str, Any]) -> dict[str, Any]:
        data.setdefault("template", "standard")
        return data

    old = {"schema_version": 1, "client": {"name": "Acme"}}

    new = migrate(old, 1, to_version=3, steps={1: rename_customer, 2: add_template})

    assert new == {"schema_version": 3, "customer": {"name": "Acme"}, "template": "standard"}
    assert old == {"schema_version": 1, "client": {"name": "Acme"}}


def test_a_missing_migration_step_is_reported() -> None:
    with pytest.raises(MigrationError, match="file format 1"):
        migrate({"schema_version": 1}, 1, to_version=2, steps={})


# ---- saving --------------------------------------------------------------------------------


def test_a_failed_serialisation_leaves_the_old_file_intact_and_no_temp_file(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, MINIMAL)
    before = path.read_bytes()
    agreement = load_agreement(path)
    agreement.services = [Service(id="x", name="X", overrides={"scaling": {"unit": object()}})]

    with pytest.raises(AgreementFileError) as caught:
        save_agreement(agreement, path)

    assert caught.value.field == "services[0].overrides.scaling.unit"
    assert "unchanged" in caught.value.message
    assert path.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_a_write_that_fails_midway_leaves_the_old_file_and_removes_the_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, MINIMAL)
    before = path.read_bytes()
    agreement = load_agreement(path)
    agreement.provider.name = "Changed Ltd"

    def full_disk(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files_module.os, "fsync", full_disk)
    with pytest.raises(AgreementFileError, match="no space left on device"):
        save_agreement(agreement, path)

    assert path.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_a_file_that_does_not_parse_is_never_overwritten(tmp_path: Path) -> None:
    precious = write(tmp_path, "Dear diary: today: {unbalanced\n", "notes.sla.yaml")
    agreement = load_agreement(write(tmp_path, MINIMAL))

    with pytest.raises(AgreementFileError) as caught:
        save_agreement(agreement, precious)

    assert "not replaced" in caught.value.message
    assert precious.read_text(encoding="utf-8") == "Dear diary: today: {unbalanced\n"
    assert leftovers(tmp_path) == []


def test_a_file_from_a_newer_version_is_never_overwritten(tmp_path: Path) -> None:
    ahead = f"schema_version: {SCHEMA_VERSION + 1}"
    newer = write(tmp_path, MINIMAL.replace("schema_version: 1", ahead), "n.yaml")
    agreement = load_agreement(write(tmp_path, MINIMAL))

    with pytest.raises(AgreementFileError, match="newer version"):
        save_agreement(agreement, newer)

    assert ahead in newer.read_text(encoding="utf-8")


def test_an_empty_file_may_be_overwritten_and_keeps_its_permissions(tmp_path: Path) -> None:
    target = write(tmp_path, "", "new.sla.yaml")
    target.chmod(0o640)
    agreement = load_agreement(write(tmp_path, MINIMAL))

    save_agreement(agreement, target)

    assert load_agreement(target) == agreement
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o640


def test_saving_through_a_symlink_replaces_the_linked_file(tmp_path: Path) -> None:
    real = write(tmp_path, MINIMAL, "real.sla.yaml")
    link = tmp_path / "link.sla.yaml"
    link.symlink_to(real)
    agreement = load_agreement(real)
    agreement.provider.name = "Renamed Ltd"

    save_agreement(agreement, link)

    assert link.is_symlink()
    assert load_agreement(real).provider.name == "Renamed Ltd"


def test_saved_files_are_utf8_yaml_with_plain_numbers_and_dates(tmp_path: Path) -> None:
    path = tmp_path / "out.sla.yaml"
    save_agreement(load_agreement(EXAMPLES / "telecom-customer.sla.yaml"), path)

    text = path.read_text(encoding="utf-8")

    assert "    target_percent: 99.9\n" in text
    assert "  effective_date: 2025-04-01\n" in text
    assert "  renewal: automatic\n" in text
    assert "24×7" in text
    assert "!!" not in text
    assert "&" not in text.replace("& ", "")


# ---- messages and schema -------------------------------------------------------------------


def test_error_text_reads_as_file_line_field_and_what_to_do() -> None:
    error = AgreementFileError(
        "examples/x.sla.yaml",
        "must be less than 100",
        line=12,
        field="services[0].overrides.availability.target_percent",
    )

    assert str(error) == (
        "examples/x.sla.yaml, line 12 (services[0].overrides.availability.target_percent): "
        "must be less than 100"
    )
    assert str(AgreementFileError("a.yaml", "is empty")) == "a.yaml: is empty"


def test_validation_errors_are_described_in_plain_english() -> None:
    with pytest.raises(ValidationError) as caught:
        Agreement.model_validate(
            {
                "provider": {"name": "x" * 300, "colour": "red"},
                "term": {"effective_date": "soon", "renewal": "maybe"},
                "document": {"currency": "euro"},
            }
        )

    described = dict(describe_validation_error(caught.value))

    assert described["provider.name"] == "is 300 characters long; the limit is 200; shorten it"
    assert described["provider.colour"].startswith("'colour' is not a known field here")
    assert "YYYY-MM-DD" in described["term.effective_date"]
    assert described["term.renewal"].endswith("use one of: automatic, by-agreement, none")
    assert "three-letter ISO 4217 currency code" in described["document.currency"]


@pytest.mark.parametrize(
    "loc",
    [
        ("services", 0, "overrides", "availability", "target_percent"),
        ("definitions", "Uptime % (monthly)"),
        ("customer_groups", 12, "name"),
    ],
)
def test_field_paths_read_back_into_their_parts(loc: tuple[str | int, ...]) -> None:
    assert parse_path(format_path(loc)) == loc


def test_the_json_schema_is_json_and_lists_the_agreement_fields() -> None:
    schema = json.loads(json.dumps(agreement_json_schema()))

    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "SLA Editor agreement"
    assert set(schema["properties"]) == set(Agreement.model_fields)
    assert set(schema["required"]) == {"provider", "term"}


def test_an_octal_looking_number_in_an_agreement_is_refused_with_its_line(tmp_path: Path) -> None:
    source = (EXAMPLES / "telecom-customer.sla.yaml").read_text(encoding="utf-8")
    target = tmp_path / "octal.sla.yaml"
    line = next(n for n, row in enumerate(source.splitlines(), 1) if "claim_days:" in row)
    target.write_text(
        "\n".join(
            row.split(":")[0] + ": 030" if n == line else row
            for n, row in enumerate(source.splitlines(), 1)
        )
        + "\n",
        encoding="utf-8",
    )

    with pytest.raises(AgreementFileError) as caught:
        load_agreement(target)

    assert caught.value.line == line
    assert "'030' reads as a different number" in str(caught.value)
