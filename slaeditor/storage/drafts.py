"""Drafts: an agreement as the wizard holds it while someone is still typing.

A draft is the agreement's plain data (what the file holds, every field filled in), which may
be invalid for a while: a half-typed percentage must not be thrown away. check_draft() turns
it into an Agreement when it can and, either way, lists every problem at its field path, the
model's own messages first, then the rules of model.validation. Qt-free, so tests and the
command line see the same messages as the wizard.
"""

from __future__ import annotations

import copy
import datetime
import functools
import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from slaeditor import yamlio
from slaeditor.model import Agreement
from slaeditor.model.resolve import deep_merge, unknown_override_keys
from slaeditor.model.terms import ServiceTerms
from slaeditor.model.validation import Issue, Level, check
from slaeditor.storage import pdf_source
from slaeditor.storage.errors import AgreementFileError
from slaeditor.storage.files import (
    FILE_HEADER,
    agreement_from_text,
    agreement_to_text,
)
from slaeditor.storage.messages import describe_errors, format_path, unwrap_annotation
from slaeditor.storage.migrations import upgrade_leniently

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

Draft = dict[str, Any]
"""An agreement's data as JSON-like values: strings, numbers, booleans, lists and mappings."""


@dataclass
class DraftCheck:
    """The outcome of checking a draft: the agreement if it is valid, and every issue."""

    agreement: Agreement | None
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        """The issues that block export."""
        return [issue for issue in self.issues if issue.level is Level.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        """The fairness and advice issues."""
        return [issue for issue in self.issues if issue.level is Level.WARNING]


def draft_from_agreement(agreement: Agreement) -> Draft:
    """Return the agreement's data with every field present, ready for editing."""
    data: Draft = agreement.model_dump(mode="json")
    return data


def complete_draft(data: Mapping[str, Any]) -> Draft:
    """Fill in every field the data leaves out and write each value as a saved draft holds it.

    Wizard pages read any field without first checking it is there, and show a value read
    from YAML ("4h", a Decimal, a date) the way an agreement's draft shows it (240, "99.9",
    "2025-04-01"). A value that does not fit its field is kept exactly as typed, so the page
    can mark it; overrides are left as written, since they hold only what a level changes.
    """
    return _complete(data, Agreement)


def _complete(data: Mapping[Any, Any], model: type[BaseModel]) -> Draft:
    """Complete one model's mapping: its fields in model order, then unknown keys as typed."""
    result: Draft = {}
    for name, info in model.model_fields.items():
        if name in data:
            result[name] = _complete_value(model, name, data[name])
        elif not info.is_required():
            default = info.get_default(call_default_factory=True)
            result[name] = _adapter(model, name).dump_python(default, mode="json")
    for key, value in data.items():
        if key not in model.model_fields:
            result[str(key)] = _json_like(value)  # check_draft names it as an unknown field
    return result


def _complete_value(model: type[BaseModel], name: str, value: Any) -> Any:
    """Complete a nested part, or normalise a single value when it validates on its own."""
    kind, inner = _shape(model.model_fields[name].annotation)
    if inner is not None and kind == "model" and isinstance(value, dict):
        return _complete(value, inner)
    if inner is not None and kind == "list" and isinstance(value, list):
        return [_complete(item, inner) if isinstance(item, dict) else item for item in value]
    adapter = _adapter(model, name)
    try:
        return adapter.dump_python(adapter.validate_python(value), mode="json")
    except ValidationError:
        return _json_like(value)


def _shape(annotation: Any) -> tuple[str, type[BaseModel] | None]:
    """Tell whether a field holds a model, a list of models, or a plain value."""
    annotation = unwrap_annotation(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "model", annotation
    if get_origin(annotation) is list:
        item = unwrap_annotation(get_args(annotation)[0])
        if isinstance(item, type) and issubclass(item, BaseModel):
            return "list", item
    return "value", None


@functools.cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """Validate one field on its own (built once: adapters are slow to build, fast to use)."""
    return TypeAdapter(model.model_fields[name].rebuild_annotation())


def check_draft(data: Draft) -> DraftCheck:
    """Validate a draft, reporting every problem at the path of the field to change."""
    try:
        agreement = Agreement.model_validate(_with_exact_overrides(data))
    except ValidationError as error:
        issues = [
            Issue(Level.ERROR, format_path(loc), message, "")
            for loc, message in describe_errors(error, Agreement)
        ]
        issues += list(_override_issues(data))
        return DraftCheck(None, _unique(issues))
    override_issues = list(_override_issues(data))
    if override_issues:
        return DraftCheck(None, _unique(override_issues))
    return DraftCheck(agreement, check(agreement))


def _with_exact_overrides(data: Draft) -> Draft:
    """Turn numbers that overrides hold as text back into the Decimals an agreement file holds.

    A draft writes Decimals as text ("99.95"), and overrides are free-form data that the model
    keeps as given, so without this an agreement built from a draft would save its override
    percentages in quotes and differ from the same agreement loaded from its file.
    """
    result = dict(data)
    for part in ("services", "customer_groups"):
        items = data.get(part)
        if isinstance(items, list):
            result[part] = [
                item | {"overrides": _exact_numbers(item["overrides"], ServiceTerms)}
                if isinstance(item, dict) and isinstance(item.get("overrides"), dict)
                else item
                for item in items
            ]
    return result


def _exact_numbers(overrides: dict[Any, Any], model: type[BaseModel]) -> dict[Any, Any]:
    """Convert the text of each number-typed override field to a Decimal, and nothing else."""
    result: dict[Any, Any] = {}
    for key, value in overrides.items():
        kind, inner = (
            _shape(model.model_fields[key].annotation) if key in model.model_fields else ("", None)
        )
        if inner is not None and kind == "model" and isinstance(value, dict):
            result[key] = _exact_numbers(value, inner)
        elif inner is not None and kind == "list" and isinstance(value, list):
            result[key] = [_exact_numbers(v, inner) if isinstance(v, dict) else v for v in value]
        elif kind == "value" and isinstance(value, str):
            result[key] = _decimal_or_text(model, key, value)
        else:
            result[key] = value
    return result


def _decimal_or_text(model: type[BaseModel], name: str, value: str) -> Any:
    """Return the Decimal a number-typed field reads from this text, else the text itself."""
    try:
        typed = _adapter(model, name).validate_python(value)
    except ValidationError:
        return value
    return typed if isinstance(typed, Decimal) else value


def _override_issues(data: Draft) -> Iterator[Issue]:
    """Check each level's overrides merged over the terms above it, as compose() will."""
    corporate = data.get("terms")
    if not isinstance(corporate, dict):
        return
    groups = data.get("customer_groups") or []
    group_terms: dict[str, dict[str, Any]] = {}
    for index, group in enumerate(groups if isinstance(groups, list) else []):
        if not isinstance(group, dict):
            continue
        merged, issues = _level(corporate, group.get("overrides"), f"customer_groups[{index}]")
        yield from issues
        group_terms[str(group.get("id", ""))] = merged
    services = data.get("services") or []
    for index, service in enumerate(services if isinstance(services, list) else []):
        if not isinstance(service, dict):
            continue
        base = group_terms.get(str(service.get("group", "")), corporate)
        yield from _level(base, service.get("overrides"), f"services[{index}]")[1]


def _level(base: dict[str, Any], overrides: Any, where: str) -> tuple[dict[str, Any], list[Issue]]:
    """Merge one level's overrides and report what is wrong with the values it sets."""
    if not isinstance(overrides, dict) or not overrides:
        return base, []
    prefix = f"{where}.overrides"
    unknown = unknown_override_keys(overrides, prefix=prefix)
    if unknown:
        return base, [Issue(Level.ERROR, problem.path, problem.message, "") for problem in unknown]
    merged = deep_merge(base, overrides)
    try:
        ServiceTerms.model_validate(merged)
    except ValidationError as error:
        issues = []
        for loc, message in describe_errors(error, ServiceTerms):
            if _is_set_in(overrides, loc):
                issues.append(Issue(Level.ERROR, f"{prefix}.{format_path(loc)}", message, ""))
        return merged, issues
    return merged, []


def _is_set_in(overrides: dict[str, Any], loc: tuple[str | int, ...]) -> bool:
    """Tell whether an error's field (or a parent of it) is written in these overrides."""
    value: Any = overrides
    for part in loc:
        in_mapping = isinstance(value, dict) and part in value
        in_list = isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value)
        if not (in_mapping or in_list):
            return False
        value = value[part]
    return True


def _unique(issues: list[Issue]) -> list[Issue]:
    return list(dict.fromkeys(issues))


def draft_to_text(data: Draft) -> str:
    """Write a draft as agreement file text; an invalid draft is kept as typed, not lost."""
    result = check_draft(data)
    if result.agreement is not None:
        return agreement_to_text(result.agreement)
    # Every value is written, empty ones too: an emptied name or term must reopen empty (and
    # flagged), not quietly filled with a default that could reach a signed contract.
    return FILE_HEADER + yamlio.dump_yaml(copy.deepcopy(data))


@dataclass
class OpenedDraft:
    """A file opened for editing: its data, and the problems it still has."""

    data: Draft
    problems: list[str] = field(default_factory=list)


def open_draft(path: str | os.PathLike[str]) -> OpenedDraft:
    """Read an agreement file for editing; a file that parses but does not validate still opens.

    The wizard is where problems get fixed, so a file with a wrong value opens with that value
    marked; a file that is not YAML, or not an agreement at all, raises AgreementFileError.
    """
    name = os.fspath(path)
    target = Path(name)
    if pdf_source.is_pdf(target):  # a contract PDF: open the agreement it carries
        text = pdf_source.embedded_agreement_text(target, name)
        name = pdf_source.source_label(name)
        return OpenedDraft(draft_from_agreement(agreement_from_text(text, name)))
    try:
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AgreementFileError(name, "does not exist; check the folder and name") from None
    except UnicodeDecodeError as error:
        raise AgreementFileError(name, f"is not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise AgreementFileError(name, f"cannot be read: {error.strerror or error}") from None
    try:
        return OpenedDraft(draft_from_agreement(agreement_from_text(text, name)))
    except AgreementFileError as error:
        data = _lenient(text)
        if data is None:
            raise
        return OpenedDraft(data, [str(problem) for problem in _describe(error)])


def _lenient(text: str) -> Draft | None:
    """Return the file's mapping as typed, or None if it is not YAML or not an agreement."""
    try:
        parsed = yamlio.parse_yaml(text)
    except yamlio.YamlSyntaxError:
        return None
    data = parsed.data
    if not isinstance(data, dict) or not isinstance(data.get("provider"), dict):
        return None
    base = draft_from_agreement(_empty_agreement())
    return complete_draft(deep_merge(base, upgrade_leniently(data)))


def _describe(error: AgreementFileError) -> Iterator[str]:
    for field_path, line, message in error.errors:
        where = f"line {line}" if line else "the file"
        yield f"{field_path or where}: {message}"


def _empty_agreement() -> Agreement:
    return Agreement.model_validate(
        {"provider": {"name": "Provider"}, "term": {"effective_date": datetime.date.today()}}
    )


def _json_like(value: Any) -> Any:
    """Convert YAML values (Decimal, dates) to the JSON-like values drafts hold."""
    if isinstance(value, dict):
        return {str(key): _json_like(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_like(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
