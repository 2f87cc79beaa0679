"""Fixtures for the statement tests: the real telecom example, real CSV files, the real schema.

The OpenSLO documents are checked with the jsonschema package against the schema files stored
in the package (slaeditor/statement/schemas, with their source named in its README).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from helpers import ROOT

from slaeditor.statement import build_statement, read_measurements
from slaeditor.storage import load_agreement

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from slaeditor.model import Agreement
    from slaeditor.statement import Statement
    from slaeditor.statement.history import PastResult

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"
SCHEMAS = ROOT / "slaeditor" / "statement" / "schemas"


@pytest.fixture
def telecom() -> Agreement:
    """The telecom example, loaded from its file (each test gets its own copy to change)."""
    return load_agreement(TELECOM)


@pytest.fixture
def measurements_file(tmp_path: Path) -> Callable[[str], Path]:
    """Write CSV text to a real file and return its path."""
    counter = iter(range(1_000))

    def write(text: str) -> Path:
        path = tmp_path / f"measurements-{next(counter)}.csv"
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def statement_of(
    measurements_file: Callable[[str], Path],
) -> Callable[..., Statement]:
    """Compute a statement from CSV text through a real file."""

    def compute(
        agreement: Agreement,
        text: str,
        period: str = "2025-05",
        history: list[PastResult] | None = None,
    ) -> Statement:
        measurements = read_measurements(measurements_file(text), agreement)
        return build_statement(agreement, measurements, period, history=history)

    return compute


def schemas() -> dict[str, dict[str, Any]]:
    """Read every stored OpenSLO schema file, by its $id."""
    found = {}
    for path in SCHEMAS.rglob("*.schema.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        found[schema["$id"]] = schema
    return found


@pytest.fixture
def schema_errors() -> Callable[[Any], list[str]]:
    """Return a check of a document against the stored OpenSLO v1 schema (problems found)."""
    return _schema_errors


def _schema_errors(document: Any) -> list[str]:
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    known = schemas()
    root = known["https://openslo.com/schemas/v1/openslo.schema.json"]
    registry: Registry[Any] = Registry().with_resources(
        (uri, Resource(contents=schema, specification=DRAFT7)) for uri, schema in known.items()
    )
    validator = jsonschema.Draft7Validator(root, registry=registry)
    return [error.message for error in validator.iter_errors(document)]
