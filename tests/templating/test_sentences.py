"""Sentences built with the language's rules: counts, notice periods and lists."""

from __future__ import annotations

import re

import pytest
from helpers import ROOT

from slaeditor import load_agreement
from slaeditor.compose import compose
from slaeditor.templating.blocks import Table
from slaeditor.templating.environment import Formatter

GB = Formatter("en_GB", "GBP")


@pytest.mark.parametrize(
    ("count", "noun", "said"),
    [
        (1, "day", "1 day"),
        (5, "day", "5 days"),
        (0, "day", "0 days"),
        (1, "Business Day", "1 Business Day"),
    ],
)
def test_a_count_takes_the_form_its_number_needs(count: int, noun: str, said: str) -> None:
    assert GB.count(count, noun) == said


def test_a_notice_period_reads_as_a_sentence_for_one_many_and_none() -> None:
    assert GB.notice(30) == "at least 30 days’ notice"
    assert GB.notice(1) == "at least 1 day’s notice"
    assert GB.notice(0) == "notice"


def test_lists_follow_the_locale_and_keep_names_with_and_apart() -> None:
    assert GB.join_and(["Voice", "Internet", "SD-WAN"]) == "Voice, Internet and SD-WAN"
    assert Formatter("en_US", "USD").join_and(["A", "B", "C"]) == "A, B, and C"
    names = ["Head office and control room", "Daventry depot", "Felixstowe port"]
    assert GB.join_and(names) == "Head office and control room; Daventry depot; and Felixstowe port"


def test_the_scaling_rules_say_one_day_and_no_notice_in_words() -> None:
    agreement = load_agreement(ROOT / "examples" / "telecom-customer.sla.yaml")
    scaling = agreement.terms.scaling.model_copy(
        update={
            "included": True,
            "unit": "seat",
            "scale_up_notice_days": 1,
            "provisioning_business_days": 1,
            "scale_down_notice_days": 0,
        }
    )
    terms = agreement.terms.model_copy(update={"scaling": scaling})
    contract = compose(agreement.model_copy(update={"terms": terms}))
    tables = [
        block
        for section in contract.sections
        for block in section.blocks
        if isinstance(block, Table) and block.name == "scaling"
    ]
    assert tables, "the scaling table is printed"
    text = contract.plain_text()
    assert "increases on at least 1 day’s notice, provisioned within 1 Business Day after" in text
    # Decreases within the window need no notice: said in words, never "on notice" or "0 days".
    assert "Renewal Term, without notice, taking effect on the day" in text
    assert ", on notice" not in text
    assert not re.search(r"\b0 days", text)
    assert not re.search(r"(?<![\d.])[01] days", text), text
