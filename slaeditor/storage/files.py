"""Open and save agreement files without ever losing the user's work.

Loading turns every problem into an AgreementFileError that names the file, the line and the
field in plain words, never a traceback. Saving is atomic (temporary file in the same folder,
fsync, rename, fsync of the folder), so a crash or a full disk leaves the previous version
intact, and it refuses to replace a file it cannot read, which may be someone's other work.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from slaeditor import yamlio
from slaeditor.atomic import atomic_write_bytes
from slaeditor.model import (
    SCHEMA_VERSION,
    Agreement,
    OverrideError,
    ServiceTerms,
    resolve_all,
)
from slaeditor.model.resolve import deep_merge, unknown_override_keys
from slaeditor.regular_file import read_regular
from slaeditor.storage import pdf_source
from slaeditor.storage.errors import MAX_FILE_BYTES, AgreementFileError
from slaeditor.storage.messages import (
    describe_errors,
    format_path,
    parse_path,
    unknown_field_message,
)
from slaeditor.storage.migrations import MigrationError, migrate

FILE_HEADER = (
    "# SLA Editor agreement. Safe to edit by hand: keep the indentation, dates as YYYY-MM-DD.\n"
    "# `slaeditor schema` prints the file format as JSON Schema.\n\n"
)


def load_agreement(path: str | os.PathLike[str]) -> Agreement:
    """Read an agreement file, upgrading an older format, and check it completely.

    A contract PDF made by SLA Editor is read too: the agreement embedded in it is loaded.
    """
    name = os.fspath(path)
    if pdf_source.is_pdf(Path(name)):
        text = pdf_source.embedded_agreement_text(Path(name), name)
        return agreement_from_text(text, pdf_source.source_label(name))
    return agreement_from_text(_read_text(Path(name), name), name)


def agreement_from_text(text: str, source: str) -> Agreement:
    """Build an agreement from YAML text; ``source`` names it in messages (a path)."""
    try:
        parsed = yamlio.parse_yaml(text)
    except yamlio.YamlSyntaxError as error:
        field = format_path(error.path) if error.path else None
        raise AgreementFileError(
            source, error.message, line=error.line, column=error.column, field=field
        ) from None
    if parsed.data is None:
        raise AgreementFileError(
            source, "is empty; an agreement file needs at least a provider and a term"
        )
    if not isinstance(parsed.data, dict):
        raise AgreementFileError(
            source,
            "is not an agreement file: it should start with 'name: value' lines such as "
            f"'schema_version: {SCHEMA_VERSION}', but holds a single "
            f"{'list' if isinstance(parsed.data, list) else 'value'}",
            line=1,
        )
    data = _upgrade(parsed.data, parsed, source)
    try:
        agreement = Agreement.model_validate(data)
    except ValidationError as error:
        problems = [
            (format_path(loc), _line_of(parsed, loc), message)
            for loc, message in describe_errors(error, Agreement)
        ]
        field, line, message = problems[0]
        raise AgreementFileError(
            source, message, line=line, field=field or None, errors=problems
        ) from None
    _check_overrides(agreement, parsed, source)
    return agreement


def agreement_to_text(agreement: Agreement) -> str:
    """Write an agreement as the YAML text of its file (stable: same agreement, same text)."""
    return FILE_HEADER + yamlio.dump_yaml(yamlio.model_to_data(agreement))


def save_agreement(agreement: Agreement, path: str | os.PathLike[str]) -> None:
    """Save atomically; the previous file survives any failure, and no temp file is left."""
    name = os.fspath(path)
    target = Path(name)
    if target.is_symlink():
        target = target.resolve()  # replace the linked file, not the link
    _check_replaceable(target, name)
    try:
        payload = agreement_to_text(agreement).encode("utf-8")
    except yamlio.UnsavableValueError as error:
        raise AgreementFileError(
            name,
            f"could not be saved: {error.message}; the file on disk is unchanged",
            field=error.path,
        ) from error
    except (yaml.YAMLError, ValueError, TypeError) as error:
        raise AgreementFileError(
            name, f"could not be saved: {error}; the file on disk is unchanged"
        ) from error
    _write_atomically(target, payload, name)


def agreement_json_schema() -> dict[str, Any]:
    """Describe the file format as JSON Schema, for editors that complete and check YAML."""
    schema = Agreement.model_json_schema()
    schema.pop("title", None)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "SLA Editor agreement",
        **schema,
    }


def _read_text(target: Path, name: str) -> str:
    """Read UTF-8 text (a BOM is tolerated), turning OS errors into what to do."""
    try:
        size = target.stat().st_size
        if size > MAX_FILE_BYTES:
            raise AgreementFileError(
                name,
                f"is {size / 1_000_000:.0f} MB; agreement files are a few kilobytes, so this "
                "is not one — check that you chose the right file",
            )
        raw = read_regular(target, limit=MAX_FILE_BYTES)
    except FileNotFoundError:
        raise AgreementFileError(
            name, "does not exist; check the folder and the file name"
        ) from None
    except IsADirectoryError:
        raise AgreementFileError(name, "is a folder, not an agreement file") from None
    except PermissionError:
        raise AgreementFileError(
            name, "cannot be read: permission denied; ask for read access or copy the file"
        ) from None
    except OSError as error:
        raise AgreementFileError(name, f"cannot be read: {_reason(error)}") from error
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise AgreementFileError(
            name,
            f"is not UTF-8 text (byte 0x{raw[error.start]:02X} at position {error.start + 1} "
            "cannot be read); save it as UTF-8 in your editor",
            line=raw[: error.start].count(b"\n") + 1,
        ) from None


def _upgrade(data: dict[Any, Any], parsed: yamlio.ParsedYaml, source: str) -> dict[Any, Any]:
    """Check the file format version and bring older files up to date."""
    version = data.get("schema_version", 1)
    line = _line_of(parsed, ("schema_version",))
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise AgreementFileError(
            source,
            f"must be a whole number such as {SCHEMA_VERSION} (found {version!r})",
            line=line,
            field="schema_version",
        )
    if version > SCHEMA_VERSION:
        raise AgreementFileError(
            source,
            f"was saved by a newer version of SLA Editor (file format {version}; this version "
            f"reads format {SCHEMA_VERSION} and older); upgrade SLA Editor to open it",
            line=line,
            field="schema_version",
        )
    if version < SCHEMA_VERSION:
        try:
            return migrate(data, version)
        except MigrationError as error:
            raise AgreementFileError(
                source, str(error), line=line, field="schema_version"
            ) from None
    return data


def _check_overrides(agreement: Agreement, parsed: yamlio.ParsedYaml, source: str) -> None:
    """Resolve every level now, so a bad override is reported at its line when opening."""
    try:
        _check_group_overrides(agreement)
        resolve_all(agreement)
    except OverrideError as error:
        loc = parse_path(error.path)
        message = error.message
        if isinstance(error.__cause__, ValidationError):
            described = describe_errors(error.__cause__, ServiceTerms)
            message = described[0][1] if described else message
        elif "overrides" in loc:
            relative = loc[loc.index("overrides") + 1 :]
            message = unknown_field_message(relative, ServiceTerms) or message
        raise AgreementFileError(
            source, message, line=_line_of(parsed, loc), field=format_path(loc)
        ) from None


def _check_group_overrides(agreement: Agreement) -> None:
    """Check groups too: resolve_all only visits the groups that some service belongs to."""
    corporate = agreement.terms.model_dump(mode="python")
    for index, group in enumerate(agreement.customer_groups):
        if not group.overrides:
            continue
        where = f"customer_groups[{index}].overrides"
        problems = unknown_override_keys(group.overrides, prefix=where)
        if problems:
            raise problems[0]
        try:
            ServiceTerms.model_validate(deep_merge(corporate, group.overrides))
        except ValidationError as error:
            first = error.errors()[0]
            raise OverrideError(f"{where}.{format_path(first['loc'])}", first["msg"]) from error


def _line_of(parsed: yamlio.ParsedYaml, loc: tuple[str | int, ...]) -> int | None:
    """Return the line of a value, or of its nearest written parent; None for the whole file."""
    found = parsed.position_of(loc)
    if found is None or (not found[0] and loc):
        return None
    return found[1][0]


def _check_replaceable(target: Path, name: str) -> None:
    """Refuse to replace anything but an empty file or an agreement we can read."""
    if target.is_dir():
        raise AgreementFileError(name, "is a folder; choose a file name to save to")
    if not target.exists():
        return
    try:
        text = _read_text(target, name)
        if not text.strip():
            return
        agreement_from_text(text, name)
    except AgreementFileError as error:
        raise AgreementFileError(
            name,
            "already exists and is not an agreement SLA Editor can read, so it was not "
            f"replaced ({error.message}); save under another name, or move that file away first",
            line=error.line,
        ) from None


def _write_atomically(target: Path, payload: bytes, name: str) -> None:
    """Write next to the target and rename over it, so readers see old or new, never half."""
    try:
        atomic_write_bytes(target, payload)
    except OSError as error:
        raise AgreementFileError(
            name, f"could not be saved: {_reason(error)}; the file on disk is unchanged"
        ) from error


def _reason(error: OSError) -> str:
    """Give the operating system's reason without the errno noise."""
    return (error.strerror or str(error)).lower()
