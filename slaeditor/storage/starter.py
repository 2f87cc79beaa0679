"""Start a new agreement from a template pack: the wizard's "New agreement" in plain data.

A pack may ship a ``starter.sla.yaml`` with the values its agreements begin with; the wizard
then only asks for what differs. The starter leaves the party and service names empty on
purpose, so a new draft is invalid until someone fills them in and cannot be exported with a
placeholder name by accident. Qt-free, so the tests and the command line start agreements
exactly as the wizard does.
"""

from __future__ import annotations

import copy
import datetime
from pathlib import Path
from typing import Any

from slaeditor import yamlio
from slaeditor.model import SCHEMA_VERSION, SlaType
from slaeditor.storage.drafts import Draft, complete_draft
from slaeditor.storage.errors import AgreementFileError
from slaeditor.storage.migrations import upgrade_leniently

STARTER_FILE = "starter.sla.yaml"
"""The file in a pack folder that holds the starting values of a new agreement."""

SLA_TYPES: tuple[tuple[str, str, str], ...] = (
    (
        SlaType.CUSTOMER_BASED.value,
        "Customer-based",
        "One customer, several services: the corporate terms are written once and each service "
        "the customer buys gets its own section, for example a company buying phone lines, "
        "internet access and messaging from one provider.",
    ),
    (
        SlaType.SERVICE_BASED.value,
        "Service-based",
        "One service, the same terms for every customer: the agreement describes the service "
        "and names no customer, and each customer signs up to it with an order form.",
    ),
    (
        SlaType.MULTI_LEVEL.value,
        "Multi-level",
        "Corporate terms, customer groups and services: the corporate terms are written once "
        "for everything, and a customer group (a division or site group) or a single service "
        "states only what is different for it; the more specific one wins.",
    ),
)
"""(value, label, explanation) of each SLA type, in the order the start page offers them."""

FIRST_SERVICE_ID = "service-1"
GROUP_IDS = ("group-1", "group-2")

_BUILT_IN: Draft = {
    "provider": {"name": "", "signatories": [{"name": "Authorised signatory"}]},
    "customer": {"name": "", "signatories": [{"name": "Authorised signatory"}]},
    "term": {},
    "services": [{"id": FIRST_SERVICE_ID, "name": ""}],
}
"""What a pack without a starter begins with; the Agreement's defaults fill in the rest."""


def new_draft(
    sla_type: str, pack_path: str | Path, today: datetime.date | None = None
) -> dict[str, Any]:
    """Return the full draft of a new agreement of this type from the pack's starter.

    The effective date is the first day of next month (agreements rarely start mid-month or
    in the past), the issue date is today, and the pack is the one it was started from.
    Raises ValueError for an unknown type and AgreementFileError, with the file and line, for
    a starter that is not readable YAML.
    """
    kind = _sla_type(sla_type)
    folder = Path(pack_path)
    today = today or datetime.date.today()
    data = read_starter(folder)
    data["schema_version"] = SCHEMA_VERSION
    data["sla_type"] = kind.value
    data["template"] = folder.name
    data["document"] = _mapping(data.get("document")) | {"issue_date": today.isoformat()}
    effective = first_of_next_month(today).isoformat()
    data["term"] = _mapping(data.get("term")) | {"effective_date": effective}
    if not isinstance(data.get("provider"), dict):
        data["provider"] = copy.deepcopy(_BUILT_IN["provider"])
    _SHAPERS[kind](data)
    return complete_draft(data)


def read_starter(folder: Path) -> Draft:
    """Read the pack's starter values as plain data, or the built-in ones if it has none."""
    path = folder / STARTER_FILE
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return copy.deepcopy(_BUILT_IN)
    except UnicodeDecodeError as error:
        raise AgreementFileError(name, f"is not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise AgreementFileError(name, f"cannot be read: {error.strerror or error}") from None
    try:
        parsed = yamlio.parse_yaml(text)
    except yamlio.YamlSyntaxError as error:
        raise AgreementFileError(
            name, error.message, line=error.line, column=error.column
        ) from None
    if parsed.data is None:
        return copy.deepcopy(_BUILT_IN)
    if not isinstance(parsed.data, dict):
        raise AgreementFileError(
            name,
            "is not a starter agreement: it should hold 'name: value' lines like an agreement "
            "file, such as 'provider:' and 'terms:'",
            line=1,
        )
    return upgrade_leniently(parsed.data)


def first_of_next_month(day: datetime.date) -> datetime.date:
    """Return the first day of the month after ``day``."""
    if day.month == 12:
        return datetime.date(day.year + 1, 1, 1)
    return datetime.date(day.year, day.month + 1, 1)


def _sla_type(value: str) -> SlaType:
    """Accept the type's value ("multi-level") and name it the choices otherwise."""
    try:
        return SlaType(value)
    except ValueError:
        choices = ", ".join(kind.value for kind in SlaType)
        raise ValueError(f"'{value}' is not an SLA type; use one of {choices}") from None


def _mapping(value: Any) -> dict[str, Any]:
    """Return a copy of a mapping from the starter, or an empty one if it holds none."""
    return dict(value) if isinstance(value, dict) else {}


def _services(data: Draft) -> list[Any]:
    """Return the starter's services, adding the empty first service if it has none."""
    services = data.get("services")
    if not isinstance(services, list) or not services:
        services = copy.deepcopy(_BUILT_IN["services"])
    data["services"] = services
    return services


def _with_customer(data: Draft) -> None:
    """Make sure there is a customer to fill in: these types are made with one customer."""
    if not isinstance(data.get("customer"), dict):
        data["customer"] = copy.deepcopy(_BUILT_IN["customer"])


def _without_groups(data: Draft) -> None:
    """Drop customer groups, which only a multi-level agreement has."""
    data["customer_groups"] = []
    for service in _services(data):
        if isinstance(service, dict):
            service["group"] = ""


def _customer_based(data: Draft) -> None:
    """One customer, the starter's services, shared terms once."""
    _with_customer(data)
    _without_groups(data)


def _service_based(data: Draft) -> None:
    """One service for every customer: the customer is whoever signs the order form."""
    data["customer"] = None
    data["services"] = _services(data)[:1]
    _without_groups(data)


def _multi_level(data: Draft) -> None:
    """Corporate terms, customer groups to fill in, and every service in a group."""
    _with_customer(data)
    groups = data.get("customer_groups")
    if not isinstance(groups, list) or not groups:
        groups = [{"id": group_id, "name": ""} for group_id in GROUP_IDS]
        data["customer_groups"] = groups
    first = groups[0].get("id", "") if isinstance(groups[0], dict) else ""
    for service in _services(data):
        if isinstance(service, dict) and not service.get("group"):
            service["group"] = first


_SHAPERS = {
    SlaType.CUSTOMER_BASED: _customer_based,
    SlaType.SERVICE_BASED: _service_based,
    SlaType.MULTI_LEVEL: _multi_level,
}
