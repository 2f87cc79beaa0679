from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from slaeditor.model import Calendar, Hours, Service, WeekDay
from slaeditor.yamlio import (
    UnsavableValueError,
    YamlSyntaxError,
    dump_yaml,
    model_to_data,
    parse_yaml,
)

if TYPE_CHECKING:
    from pathlib import Path

NESTED = """\
provider:
  name: Acme
  contacts:
    - name: Ann
      role: Manager
    - name: Bob
terms:
  availability:
    target_percent: 99.95
"""


def test_positions_give_the_line_and_column_of_every_key_and_list_entry() -> None:
    parsed = parse_yaml(NESTED)

    assert parsed.positions[("provider",)] == (1, 1)
    assert parsed.positions[("provider", "name")] == (2, 3)
    assert parsed.positions[("provider", "contacts", 0)] == (4, 7)
    assert parsed.positions[("provider", "contacts", 1, "name")] == (6, 7)
    assert parsed.positions[("terms", "availability", "target_percent")] == (9, 5)


def test_a_missing_value_is_placed_at_its_nearest_written_parent() -> None:
    parsed = parse_yaml(NESTED)

    found = parsed.position_of(("provider", "contacts", 1, "email"))

    assert found == (("provider", "contacts", 1), (6, 7))


def test_numbers_with_decimals_are_read_exactly_not_as_binary_floats() -> None:
    parsed = parse_yaml("a: 99.999999999999999999\nb: 0.1\nc: 1_000.50\nd: 7\n")

    assert parsed.data == {
        "a": Decimal("99.999999999999999999"),
        "b": Decimal("0.1"),
        "c": Decimal("1000.50"),
        "d": 7,
    }
    assert isinstance(parsed.data["d"], int)


def test_dates_are_read_as_dates_and_impossible_dates_stay_text_for_the_model_to_report() -> None:
    parsed = parse_yaml("good: 2025-04-01\nbad: 2025-13-01\n")

    assert parsed.data == {"good": datetime.date(2025, 4, 1), "bad": "2025-13-01"}


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("provider:\n  name: Acme\n  role Manager\nterm: x\n", 3, "colon"),
        ("provider:\n  name: 'Acme\nterm: x\n", 2, "quoted text is not closed"),
        ("provider:\n  name: Acme\n\tshort_name: A\n", 3, "indent with spaces"),
        ("provider:\n  name: Acme: Hosting\n", 2, "in quotes"),
        ("services: [one, two\nterm: x\n", 1, "not closed"),
        ("provider:\n    name: Acme\n  short_name: A\n", 3, "indentation"),
        ("a: *missing\n", 1, "no anchor"),
    ],
)
def test_syntax_errors_name_the_line_and_say_what_to_fix(text: str, line: int, words: str) -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml(text)

    assert caught.value.line == line
    assert caught.value.column is not None
    assert words in caught.value.message


def test_a_key_written_twice_is_refused_with_both_lines() -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml("terms:\n  availability:\n    target_percent: 99.9\n    target_percent: 99\n")

    assert caught.value.line == 4
    assert "first on line 3" in caught.value.message
    assert caught.value.path == ("terms", "availability", "target_percent")


def test_python_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f'provider: !!python/object/apply:os.system ["touch {marker}"]\n'

    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml(text)

    assert "tag" in caught.value.message
    assert caught.value.line == 1
    assert not marker.exists()


def test_an_alias_bomb_is_refused_instead_of_filling_memory() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 9)]

    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml("\n".join(lines) + "\n")

    assert "aliases" in caught.value.message


def test_a_self_referencing_alias_is_refused() -> None:
    with pytest.raises(YamlSyntaxError):
        parse_yaml("a: &loop\n  - *loop\n")


def test_merge_keys_copy_values_and_positions_still_resolve() -> None:
    parsed = parse_yaml("base: &b\n  x: 1\n  y: 2\nother:\n  <<: *b\n  y: 3\n")

    assert parsed.data["other"] == {"x": 1, "y": 3}
    assert parsed.positions[("other", "y")] == (6, 3)


def test_a_merged_mapping_reached_again_through_an_alias_is_not_a_duplicate() -> None:
    parsed = parse_yaml("b: &b {x: 1}\no: &o\n  <<: *b\n  x: 2\np: *o\n")

    assert parsed.data["p"] == {"x": 2}


def test_a_raw_control_character_is_refused_with_its_line_and_field() -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml("provider:\n  name: Acme\x07 Ltd\n")

    assert caught.value.line == 2
    assert caught.value.path == ("provider", "name")
    assert "U+0007" in caught.value.message


def test_an_empty_text_parses_to_nothing() -> None:
    assert parse_yaml("# only a comment\n").data is None


def test_decimals_dates_and_enums_are_written_as_plain_values() -> None:
    text = dump_yaml(
        {
            "target": Decimal("99.9"),
            "whole": Decimal("100"),
            "fee": Decimal("1200.50"),
            "date": datetime.date(2025, 4, 1),
            "day": model_to_data(Hours(days=[WeekDay.MON]))["days"],
        }
    )

    assert "target: 99.9\n" in text
    assert "whole: 100\n" in text
    assert "fee: 1200.50\n" in text
    assert "date: 2025-04-01\n" in text
    assert "day: [mon]\n" in text
    assert parse_yaml(text).data["target"] == Decimal("99.9")


def test_fields_follow_model_order_and_empty_defaults_are_left_out() -> None:
    data = model_to_data(Service(id="voice", name="Voice"))

    assert data == {"id": "voice", "name": "Voice"}
    assert list(model_to_data(Calendar(id="c", name="C", always=True))) == [
        "id",
        "name",
        "time_zone",
        "always",
    ]


def test_set_values_are_written_even_when_they_equal_the_default() -> None:
    data = model_to_data(Hours(days=[WeekDay.MON], start="08:00"))

    assert data["start"] == "08:00"
    assert data["end"] == "18:00"


def test_multiline_text_is_written_as_a_literal_block() -> None:
    text = dump_yaml({"address": "1 High Street\nLeeds LS1 1AA"})

    assert text == "address: |-\n  1 High Street\n  Leeds LS1 1AA\n"


@pytest.mark.parametrize("value", ["a\u2028b", "x \u2029 y", "a\n\n"])
def test_line_separators_and_trailing_breaks_are_escaped_not_written_raw(value: str) -> None:
    text = dump_yaml({"t": value, "after": 1})

    assert text.startswith('t: "')
    assert "..." not in text
    assert parse_yaml(text).data == {"t": value, "after": 1}


def test_one_trailing_line_break_is_kept_by_a_literal_block() -> None:
    text = dump_yaml({"t": "line\n", "after": 1})

    assert text.startswith("t: |\n  line\n")
    assert parse_yaml(text).data == {"t": "line\n", "after": 1}


def test_shared_values_are_written_out_without_anchors() -> None:
    shared = {"x": 1}

    text = dump_yaml({"a": shared, "b": shared})

    assert "&" not in text
    assert "*" not in text


def test_a_value_that_no_file_can_hold_is_named_with_its_path() -> None:
    service = Service(id="voice", name="Voice", overrides={"scaling": {"unit": object()}})

    with pytest.raises(UnsavableValueError) as caught:
        model_to_data(service)

    assert caught.value.path == "overrides.scaling.unit"


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_any_text_written_comes_back_exactly(value: str) -> None:
    assert parse_yaml(dump_yaml({"text": value, "list": [value]})).data == {
        "text": value,
        "list": [value],
    }


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("claim_days: 030", "030"),
        ("monthly_fee: 48:50", "48:50"),
        ("monthly_fee: 0x1F", "0x1F"),
        ("agreement_id: 0012", "0012"),
        ("minutes: 1:30.5", "1:30.5"),
        ("count: 0b101", "0b101"),
    ],
)
def test_numbers_that_yaml_reads_as_other_numbers_are_refused_at_their_line(
    written: str, meant: str
) -> None:
    text = f"document:\n  title: Deal\n  {written}\n"

    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml(text)

    assert caught.value.line == 3
    assert f"'{meant}' reads as a different number" in caught.value.message
    assert f"('{meant}')" in caught.value.message  # says how to keep it as text


@pytest.mark.parametrize("written", ["30", "48.50", "-7", "0", "0.5", "1_000", "'030'", "yes"])
def test_plain_numbers_quoted_text_and_yes_no_read_as_before(written: str) -> None:
    parsed = parse_yaml(f"value: {written}\n")

    assert parsed.data["value"] == yaml.safe_load(f"value: {written}\n")["value"]
