"""Check every signature of a PDF and say in plain words what each one proves.

For each signature: who signed (from the certificate), when (the time the signer's software
recorded), whether the signed bytes are intact, whether the signature covers the whole file,
whether the document was changed after it (a later signature in a signature field the
document already had when it was signed is not a change; anything else is, a new visible
field too: its appearance can cover what was signed), and whether the certificate leads to a
trusted root (a self-signed certificate is named as such). The document passes only when
every signature is intact and nothing was changed after any of them.
"""

from __future__ import annotations

import contextlib
import io
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from slaeditor.signing import SigningError
from slaeditor.signing.certificates import read_trust_roots, system_trust_roots
from slaeditor.signing.sign import read_pdf

if TYPE_CHECKING:
    import datetime
    from collections.abc import Callable, Iterator
    from pathlib import Path

_TRUST_WORDS = {
    "NO_CERTIFICATE_CHAIN_FOUND": "no chain of certificates to a trusted root",
    "REVOKED": "the certificate was revoked",
    "REVOKED_NO_POE": "the certificate was revoked",
    "OUT_OF_BOUNDS_NO_POE": "the certificate had expired or was not yet valid when used",
    "OUT_OF_BOUNDS_NOT_REVOKED": "the certificate had expired or was not yet valid when used",
    "EXPIRED": "the certificate has expired",
    "NOT_YET_VALID": "the certificate was not yet valid",
    "CHAIN_CONSTRAINTS_FAILURE": "the certificate is not allowed to sign documents",
    "SIG_CONSTRAINTS_FAILURE": "the certificate is not allowed to sign documents",
}


_BRIEF = 160
"""Characters of pyHanko's explanation of a change kept in the report."""


@dataclass(frozen=True)
class SignatureCheck:
    """What one signature proves."""

    field: str
    signer: str
    signed_at: datetime.datetime | None
    intact: bool
    intact_note: str
    whole_document: bool
    changed_after: bool
    change_note: str
    trusted: bool
    trust_note: str
    problem: str = ""

    @property
    def ok(self) -> bool:
        """Tell whether this signature holds: intact and nothing changed after it."""
        return self.intact and not self.changed_after


@dataclass(frozen=True)
class VerifyReport:
    """Every signature of one PDF, and the signature fields still waiting for a signer."""

    path: Path
    signatures: list[SignatureCheck]
    empty_fields: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Tell whether the PDF is signed and every signature holds."""
        return bool(self.signatures) and all(check.ok for check in self.signatures)

    def summary(self) -> str:
        """Say in one sentence what the report means."""
        count = len(self.signatures)
        if not count:
            return f"{self.path.name} has no signatures"
        if self.ok:
            noun = "signature is" if count == 1 else f"{count} signatures are"
            return f"The {noun} intact and the document was not changed after signing"
        broken = sum(1 for check in self.signatures if not check.intact)
        changed = sum(1 for check in self.signatures if check.intact and check.changed_after)
        parts = []
        if broken:
            parts.append(f"{broken} of {count} signature{'s' if count > 1 else ''} broken")
        if changed:
            parts.append(f"the document was changed after {changed} signature(s)")
        return "Not valid: " + "; ".join(parts)


def verify_pdf(path: Path, trust: list[Path] | None = None) -> VerifyReport:
    """Check every signature of the PDF at path; `trust` adds root certificates to trust."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    given = read_trust_roots(list(trust or []))
    data = read_pdf(path)
    with _quiet_pyhanko():
        try:
            reader = PdfFileReader(io.BytesIO(data), strict=False)
            embedded = list(reader.embedded_signatures)
            empty = [name for name, value, _ in enumerate_sig_fields(reader) if value is None]
        except Exception as error:  # pyHanko reads lazily: a damaged object fails in many ways
            raise SigningError(
                f"{path}: is damaged and its signatures cannot be checked "
                f"({type(error).__name__}: {error})"
            ) from None
        signed_fields = {signature.field_name for signature in embedded}
        checks = [
            _check(
                signature,
                [*_relevant_roots(signature), *given],
                signed_fields,
                _fields_added_after(reader, signature),
            )
            for signature in embedded
        ]
    return VerifyReport(path, checks, empty)


def _fields_added_after(reader: Any, signature: Any) -> list[str]:
    """Name the visible signature fields added after a signature was made.

    pyHanko's difference analysis lets a later signer create a new signature field, and its
    appearance can be drawn over anything the first signer saw ("99.9%" covered by "95.0%").
    Only the empty fields the document had when it was signed may be filled without change.
    """
    from pyhanko.sign.diff_analysis.rules import form_field_rules
    from pyhanko.sign.fields import enumerate_sig_fields

    is_field_visible: Callable[[Any], bool] = form_field_rules.is_field_visible  # unannotated

    try:
        then = reader.get_historical_resolver(signature.signed_revision)
        before = {name for name, _, _ in enumerate_sig_fields(then)}
        return sorted(
            name
            for name, _, reference in enumerate_sig_fields(reader)
            if name not in before and is_field_visible(reference.get_object())
        )
    except Exception:  # a field tree pyHanko cannot walk: the signature's own check reports it
        return []


def _relevant_roots(signature: Any) -> list[Any]:
    """Return the system roots that issued one of the signature's certificates.

    Only those can end a certification path, and loading all of the system's roots into a
    validation context costs about 20 ms a signature.
    """
    try:
        certificates = [signature.signer_cert, *signature.other_embedded_certs]
        issuers = {certificate.issuer.dump() for certificate in certificates}
    except Exception:  # a damaged signature: its check reports it, with every root on hand
        return list(system_trust_roots())
    return [root for root in system_trust_roots() if root.subject.dump() in issuers]  # type: ignore[attr-defined]


def _check(
    signature: Any, roots: list[Any], signed_fields: set[str], added: list[str]
) -> SignatureCheck:
    """Validate one embedded signature; a signature too mangled to validate is reported broken."""
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    name = str(signature.field_name)
    try:
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        status = validate_pdf_signature(signature, context)
    except Exception as error:  # pyHanko raises many types for a damaged signature
        return SignatureCheck(
            field=name,
            signer=_signer_name(getattr(signature, "signer_cert", None)),
            signed_at=None,
            intact=False,
            intact_note="NO: the signature is damaged and cannot be checked",
            whole_document=False,
            changed_after=True,
            change_note="unknown: the signature cannot be checked",
            trusted=False,
            trust_note="unknown",
            problem=f"{type(error).__name__}: {error}",
        )
    changed, note = _changes(status, signed_fields - {name})
    if added and not changed:
        changed, note = (
            True,
            (
                "yes: a signature field the document did not have when it was signed was added "
                f"over its pages ({', '.join(added)})"
            ),
        )
    trusted, trust_note = _trust(status)
    return SignatureCheck(
        field=name,
        signer=_signer_name(status.signing_cert),
        signed_at=status.signer_reported_dt,
        intact=bool(status.intact and status.valid),
        intact_note=_intact_note(status),
        whole_document=getattr(status.coverage, "name", "") == "ENTIRE_FILE",
        changed_after=changed,
        change_note=note,
        trusted=trusted,
        trust_note=trust_note,
    )


def _intact_note(status: Any) -> str:
    """Say whether the signed bytes and the signature itself hold."""
    if not status.intact:
        return "NO: the signed bytes were changed"
    if not status.valid:
        return "NO: the signature does not match the signer's certificate"
    return "yes"


def _changes(status: Any, other_signatures: set[str]) -> tuple[bool, str]:
    """Decide whether the document changed after this signature, other signatures aside."""
    from pyhanko.sign.diff_analysis import DiffResult, ModificationLevel

    coverage = status.coverage.name if status.coverage is not None else ""
    if coverage == "ENTIRE_FILE":
        return False, "no"
    if coverage != "ENTIRE_REVISION":
        return True, "yes: the signature does not cover the document as it was signed"
    result = status.diff_result
    if not isinstance(result, DiffResult):
        return True, f"yes: content was changed after signing{_brief(result)}"
    level = result.modification_level
    if level <= ModificationLevel.LTA_UPDATES:
        return False, "no; only validation data was added"
    others = set(result.changed_form_fields) - other_signatures
    if level == ModificationLevel.FORM_FILLING and not others:
        return False, "no; only later signatures were added"
    changed = f" ({', '.join(sorted(others))})" if others else ""
    return True, f"yes: form fields or annotations were changed after signing{changed}"


def _brief(result: object) -> str:
    """Return pyHanko's reason for rejecting a change as one short parenthesised line.

    Its text spans several lines and lists object paths; the report is one line per item and
    the table one cell, so it is folded and cut to a length a reader takes in.
    """
    if result is None:
        return ""
    text = " ".join(str(result).split())
    return f" ({text if len(text) <= _BRIEF else text[: _BRIEF - 1] + '…'})"


def _trust(status: Any) -> tuple[bool, str]:
    """Say whether the certificate is trusted, naming a self-signed one."""
    certificate = status.signing_cert
    self_signed = getattr(certificate, "self_signed", "no") in ("yes", "maybe")
    if status.trusted:
        return True, "yes (a root you trust)" if self_signed else "yes"
    if self_signed:
        return (
            False,
            "no: self-signed certificate; trust it as a root only if you know it is theirs",
        )
    indication = getattr(status.trust_problem_indic, "name", "")
    return False, "no: " + _TRUST_WORDS.get(indication, "not issued by a trusted authority")


def _signer_name(certificate: Any) -> str:
    """Name the signer as people read it: common name, then organisation."""
    if certificate is None:
        return "unknown"
    try:
        subject = certificate.subject.native
    except (AttributeError, ValueError):
        return "unknown"
    parts = [subject.get("common_name"), subject.get("organization_name")]
    named = ", ".join(str(part) for part in parts if part)
    return named or str(certificate.subject.human_friendly)


@contextlib.contextmanager
def _quiet_pyhanko() -> Iterator[None]:
    """Silence pyHanko's logged tracebacks (a self-signed certificate is logged as an error).

    The report says the same in words; a terminal full of tracebacks would hide it.
    """
    loggers = [logging.getLogger(name) for name in ("pyhanko", "pyhanko_certvalidator")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def format_report(report: VerifyReport) -> str:
    """Write the report as the text `slaeditor verify` prints."""
    lines = [f"{report.path}: {len(report.signatures)} signature(s)"]
    for number, check in enumerate(report.signatures, start=1):
        when = f"{check.signed_at:%Y-%m-%d %H:%M:%S %Z}".strip() if check.signed_at else "unknown"
        lines += [
            f'Signature {number}, field "{check.field}"',
            f"  signer:                 {check.signer}",
            f"  signing time:           {when}",
            f"  intact:                 {check.intact_note}",
            f"  covers whole document:  {'yes' if check.whole_document else 'no'}",
            f"  changed after signing:  {check.change_note}",
            f"  certificate trusted:    {check.trust_note}",
        ]
        if check.problem:
            lines.append(f"  problem:                {check.problem}")
    if report.empty_fields:
        waiting = ", ".join(f'"{name}"' for name in report.empty_fields)
        lines.append(f"Not signed yet: {waiting}")
    lines.append(report.summary())
    return "\n".join(lines)
