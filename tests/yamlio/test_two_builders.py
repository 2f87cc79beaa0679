"""The event reader (ordinary files) and the node reader (files with aliases) agree exactly.

Files take one path or the other by what they use, so a field read the same way must come out
the same, at the same line, with the same refusal, whichever way the file was read.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from slaeditor.yamlio import YamlSyntaxError, dump_yaml, parse_yaml
from slaeditor.yamlio.events import build_events
from slaeditor.yamlio.nodes import build_nodes
from slaeditor.yamlio.values import TextLines

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(
    [
        *ROOT.glob("examples/*.sla.yaml"),
        *ROOT.glob("templates/*/*.yaml"),
        *ROOT.glob("tests/data/schema-1/*.yaml"),
    ],
    key=lambda p: str(p.relative_to(ROOT)),
)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _both(text: str) -> tuple[tuple[object, ...], tuple[object, ...]]:
    lines = TextLines(text)
    by_events = build_events(text, lines, _LOADER, 2_000_000)
    assert by_events is not None, "an ordinary file must not need the node reader"
    by_nodes = build_nodes(text, lines, _LOADER, 2_000_000)
    return tuple((b.data, b.positions, b.starts, b.raw) for b in (by_events, by_nodes))  # type: ignore[return-value]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_file_reads_the_same_both_ways(path: Path) -> None:
    assert len(FILES) >= 12
    by_events, by_nodes = _both(path.read_text(encoding="utf-8"))

    assert by_events == by_nodes


SCALARS = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
    st.integers(-(10**6), 10**6),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
    st.booleans(),
    st.none(),
    st.dates(),
)
DATA = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.text(st.characters(categories=("L", "N")), min_size=1, max_size=8), inner, max_size=4
        )
    ),
    max_leaves=25,
)


@settings(max_examples=150)
@given(DATA)
def test_any_data_written_reads_the_same_both_ways(data: object) -> None:
    by_events, by_nodes = _both(dump_yaml({"value": data}))

    assert by_events == by_nodes


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: 2\na: 3\n",  # a key written twice
        "a: !!python/object:os.system x\n",  # a tag that builds objects
        "a: 030\n",  # octal
        "a:\n  - [1, 2]\n  - {b: 0x1F}\n",
        "? [1, 2]\n: x\n",  # a list as a key
        "a: !!set {x, y}\n",
    ],
)
def test_refusals_say_the_same_at_the_same_line_both_ways(text: str) -> None:
    lines = TextLines(text)
    caught = []
    for build in (
        lambda: build_events(text, lines, _LOADER, 1000),
        lambda: build_nodes(text, lines, _LOADER, 1000),
    ):
        with pytest.raises(YamlSyntaxError) as error:
            build()
        caught.append((error.value.message, error.value.line, error.value.column))

    assert caught[0] == caught[1]


def test_a_file_with_aliases_or_merges_is_read_by_the_node_reader_with_the_same_result() -> None:
    text = "base: &b {x: 1, y: 2.50}\nfirst:\n  <<: *b\n  y: 3\nsecond: *b\n"

    assert build_events(text, TextLines(text), _LOADER, 1000) is None
    assert parse_yaml(text).data == {
        "base": {"x": 1, "y": Decimal("2.50")},
        "first": {"x": 1, "y": 3},
        "second": {"x": 1, "y": Decimal("2.50")},
    }


def test_nesting_no_file_needs_is_refused_by_the_event_reader_with_its_line() -> None:
    text = "a: 1\nb:\n  c: " + "[" * 80 + "]" * 80 + "\n"

    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml(text)

    assert "far more deeply than any file needs" in caught.value.message
    assert caught.value.line == 3


def test_dates_and_impossible_dates_read_the_same_both_ways() -> None:
    by_events, by_nodes = _both("a: 2025-05-01\nb: 2025-13-01\n")

    assert by_events == by_nodes
    assert by_events[0] == {"a": datetime.date(2025, 5, 1), "b": "2025-13-01"}


def test_a_large_honest_file_is_read_whole_while_alias_bombs_stay_refused() -> None:
    sites = "".join(
        f"  - id: s{n}\n    name: Store {n}\n    zone: Europe/London\n" for n in range(40_000)
    )
    text = "sites:\n" + sites  # 120,000 values: more than the alias budget, none from an alias

    parsed = parse_yaml(text)

    assert len(parsed.data["sites"]) == 40_000
    assert parsed.line_of(("sites", 39_999, "zone")) == 1 + 3 * 39_999 + 3
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join([f'*{chr(97 + n)}'] * 10)}]\n" for n in range(6)
    )
    with pytest.raises(YamlSyntaxError, match="remove the aliases"):
        parse_yaml(bomb)
