"""Typed text gets the pack's typographic quotes and apostrophes; addresses stay as typed.

Counsel noticed "Halden & Finch's EPOS" (typed) beside "Brightwater’s" (the pack) in one
sentence: a contract printed with two kinds of apostrophe looks unfinished.
"""

from __future__ import annotations

import pytest
from helpers import EXAMPLES_DIR

from slaeditor import load_agreement
from slaeditor.clauses import load_pack
from slaeditor.compose import compose
from slaeditor.compose.typography import curly, typographic
from slaeditor.templating.blocks import Paragraph, Run, Section, Table

EXAMPLES = sorted(EXAMPLES_DIR.glob("*.sla.yaml"))


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("Halden & Finch's EPOS", "Halden & Finch’s EPOS"),
        ("the carriers' lines", "the carriers’ lines"),
        ("the \"Core Network\" and the 'edge'", "the “Core Network” and the ‘edge’"),
        ('("Site") and "99.9%".', "(“Site”) and “99.9%”."),
        ("Brightwater’s own", "Brightwater’s own"),
    ],
)
def test_quotes_and_apostrophes_are_typographic(typed: str, printed: str) -> None:
    assert curly(typed) == printed


@pytest.mark.parametrize(
    "address",
    ["o'brien@example.com", "https://status.example/o'brien", "www.example.com/it's"],
)
def test_an_address_is_printed_as_typed(address: str) -> None:
    assert curly(f"write to {address} today") == f"write to {address} today"


def test_an_apostrophe_after_a_bold_name_closes() -> None:
    runs = (Run("Halden & Finch", bold=True), Run("'s stores"))
    section = Section("s", "1", "Title", (Paragraph(runs),))
    (done,) = typographic([section])
    paragraph = done.blocks[0]
    assert isinstance(paragraph, Paragraph)
    assert [run.text for run in paragraph.runs] == ["Halden & Finch", "’s stores"]


def test_table_cells_are_typographic_too() -> None:
    table = Table("t", ("Service's name",), (("The Service Desk's portal",),))
    (done,) = typographic([Section("s", "1", "T", (table,))])
    printed = done.blocks[0]
    assert isinstance(printed, Table)
    assert printed.columns == ("Service’s name",)
    assert printed.rows == (("The Service Desk’s portal",),)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_no_example_prints_a_straight_quote(example) -> None:
    agreement = load_agreement(example)
    text = compose(agreement, load_pack(agreement.template, example.parent)).plain_text()
    assert "'" not in text and '"' not in text


def test_the_typed_text_reads_with_the_packs_apostrophe() -> None:
    agreement = load_agreement(EXAMPLES_DIR / "managed-it-multilevel.sla.yaml")
    text = compose(agreement, load_pack(agreement.template, EXAMPLES_DIR)).plain_text()
    assert "Halden & Finch’s EPOS and network equipment" in text
