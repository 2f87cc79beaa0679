"""One rendered telecom contract per session; each test signs its own copy."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest
from helpers import ROOT

import slaeditor

if TYPE_CHECKING:
    from pathlib import Path

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"


@pytest.fixture(scope="session")
def rendered_contract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The telecom example's contract PDF, rendered once (about a second)."""
    target = tmp_path_factory.mktemp("contract") / "contract.pdf"
    slaeditor.render(TELECOM, target)
    return target


@pytest.fixture
def contract(tmp_path: Path, rendered_contract: Path) -> Path:
    """A fresh copy of the contract in the test's folder."""
    copy = tmp_path / "contract.pdf"
    shutil.copy(rendered_contract, copy)
    return copy
