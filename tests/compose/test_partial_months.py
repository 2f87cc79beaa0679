"""Partial months: a Service (or the Agreement) that starts or ends within a Measurement Period.

The contract says Total Minutes and the fees are those of the part in which the Service is
provided, and names the Services that start after the Effective Date; the monthly statement
computes the same way (tests/statement/test_compute.py).
"""

from __future__ import annotations

import datetime

from helpers import EXAMPLES_DIR

from slaeditor import load_agreement
from slaeditor.clauses import load_pack
from slaeditor.compose import compose

RULE = (
    "Where a Service is provided for part of a Measurement Period only, because the Service or "
    "this Agreement starts or ends during it, Total Minutes are the minutes of that part"
)


def test_every_contract_says_how_a_part_period_counts_and_names_a_later_start() -> None:
    agreement = load_agreement(EXAMPLES_DIR / "telecom-customer.sla.yaml")
    text = compose(agreement, load_pack(agreement.template, EXAMPLES_DIR)).plain_text()
    assert RULE in text and "not from the Effective Date" not in text
    agreement.services[1].starts_on = datetime.date(2025, 6, 16)
    text = compose(agreement, load_pack(agreement.template, EXAMPLES_DIR)).plain_text()
    name = agreement.services[1].name
    assert f"{name} is provided from 16 June 2025, not from the Effective Date." in text
