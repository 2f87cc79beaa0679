"""Check a template pack before anyone relies on it: `slaeditor templates check PACK`.

Beyond loading (which reports YAML and outline errors with lines), every clause variant is
compiled and rendered against sample agreements, so a misspelt variable or attribute is found
with its file and line now rather than when a customer's contract is due.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import TemplateSyntaxError

from slaeditor.clauses.pack import Pack, PackError, load_pack
from slaeditor.compose import RenderError, compose
from slaeditor.compose.drafting import term_findings
from slaeditor.model import ClauseChoice
from slaeditor.templating.environment import clause_environment
from slaeditor.templating.variables import KNOWN_NAMES, unknown_names
from slaeditor.writers.pdf.writer import SkeletonError, contract_html

if TYPE_CHECKING:
    from slaeditor.model import Agreement
    from slaeditor.templating.blocks import Contract


@dataclass(frozen=True)
class LintMessage:
    """One finding: where, how serious, and what to do."""

    level: str  # "error" or "warning"
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.where}: {self.message}"


def _clause_messages(pack: Pack) -> list[LintMessage]:
    """Compile every variant and look for names the renderer does not provide."""
    env = clause_environment(pack.locale, "EUR").env
    found: list[LintMessage] = []
    used = {clause_id for section in pack.sections for clause_id in section.clauses}
    for clause in pack.clauses.values():
        if clause.id not in used:
            where = f"{clause.source}, line {min(clause.lines.values())}"
            found.append(LintMessage("warning", where, f"clause '{clause.id}' is in no section"))
        for variant, body in clause.variants.items():
            start = clause.lines.get(variant, 1)
            try:
                names = unknown_names(env.parse(body))
            except TemplateSyntaxError as error:
                where = f"{clause.source}, line {start + (error.lineno or 1) - 1}"
                found.append(
                    LintMessage("error", where, f"'{clause.id}' ({variant}): {error.message}")
                )
                continue
            for name in sorted(names - KNOWN_NAMES):
                found.append(
                    LintMessage(
                        "error",
                        f"{clause.source}, line {start}",
                        f"'{clause.id}' ({variant}) uses '{name}', which is not a template "
                        "variable; see docs/templates.md for the list",
                    )
                )
    return found


_REFERENCE = re.compile(r"""(?:href|src)\s*=\s*["']([^"']+)["']""")


def _reference_messages(pack: Pack, html: str) -> list[LintMessage]:
    """Check every file the HTML skeleton refers to is in the pack (else it is left out)."""
    found: list[LintMessage] = []
    where = str(pack.file("contract.html.j2"))
    for reference in sorted(set(_REFERENCE.findall(html))):
        if reference.startswith(("data:", "#")):
            continue
        if ":" in reference or reference.startswith("/") or ".." in Path(reference).parts:
            found.append(
                LintMessage(
                    "error",
                    where,
                    f"refers to '{reference}', which is outside the "
                    "template pack and will not be embedded; copy it into the pack",
                )
            )
        elif not (pack.path / reference).is_file():
            found.append(
                LintMessage("error", where, f"refers to '{reference}', which is not in the pack")
            )
    return found


def _anchor_messages(pack: Pack, contract: Contract, html: str) -> list[LintMessage]:
    """Check the skeleton marks where each signatory signs (the PDF's field goes there)."""
    for _, person in contract.signatories():
        if f'id="{person.anchor}"' not in html:
            return [
                LintMessage(
                    "error",
                    str(pack.file("contract.html.j2")),
                    "no element carries a signatory's anchor, so the PDF cannot get signature "
                    'fields; give the signature cell id="{{ person.anchor }}"',
                )
            ]
    return []


def _render_messages(pack: Pack, samples: list[Agreement]) -> list[LintMessage]:
    """Render every variant of every clause with each sample agreement, then the skeleton."""
    found: list[LintMessage] = []
    for sample in samples[:1]:
        try:
            contract = compose(sample, pack)
            html = contract_html(contract, pack)
            found += _reference_messages(pack, html)
            found += _anchor_messages(pack, contract, html)
        except (RenderError, SkeletonError) as error:
            found.append(LintMessage("error", str(pack.path), str(error)))
    seen: set[str] = set()
    for sample in samples:
        for clause in pack.clauses.values():
            for variant in clause.variants:
                wording = ClauseChoice(variant=variant)
                chosen = sample.model_copy(update={"clauses": {clause.id: wording}})
                try:
                    contract = compose(chosen, pack)
                except RenderError as error:
                    if str(error) not in seen:
                        seen.add(str(error))
                        found.append(LintMessage("error", str(pack.path), str(error)))
                    continue
                faults = [
                    f"a cross-reference cites nothing: {r}" for r in contract.unresolved_references
                ]
                for fault in faults + term_findings(contract):
                    if fault not in seen:
                        seen.add(fault)
                        where = f"with the {variant} wording of {clause.id}"
                        found.append(LintMessage("error", str(pack.path), f"{fault} ({where})"))
    return found


def _skeleton_messages(pack: Pack) -> list[LintMessage]:
    """Check the HTML skeleton's Jinja syntax and that the Word skeleton opens."""
    found: list[LintMessage] = []
    html = pack.file("contract.html.j2")
    if not html.is_file():
        found.append(LintMessage("error", str(html), "the PDF skeleton is missing"))
    else:
        try:
            clause_environment(pack.locale, "EUR").env.parse(html.read_text(encoding="utf-8"))
        except TemplateSyntaxError as error:
            found.append(LintMessage("error", f"{html}, line {error.lineno}", error.message or ""))
        except UnicodeDecodeError as error:
            found.append(LintMessage("error", str(html), f"is not UTF-8 text ({error.reason})"))
    docx = pack.file("contract.docx")
    if not docx.is_file():
        found.append(LintMessage("error", str(docx), "the Word skeleton is missing"))
    else:
        from docxtpl import DocxTemplate

        try:
            DocxTemplate(docx).get_undeclared_template_variables()
        except Exception as error:  # a damaged zip or bad Jinja in the Word XML
            found.append(LintMessage("error", str(docx), f"cannot be used: {error}"))
    return found


def _statement_messages(pack: Pack) -> list[LintMessage]:
    """Check the pack's statement words (statement.yaml), when it has its own."""
    from slaeditor.app.statement_wording import FILE, load_statement_wording

    if not pack.file(FILE).exists():
        return []
    try:
        load_statement_wording(pack, pack.locale, "EUR")
    except PackError as error:
        where = str(error.path) + (f", line {error.line}" if error.line else "")
        return [LintMessage("error", where, error.message)]
    return []


def check_pack(name_or_path: str | Path, samples: list[Agreement]) -> list[LintMessage]:
    """Return every problem found in a pack; an empty list means it is fit to use."""
    try:
        pack = load_pack(name_or_path)
    except PackError as error:
        return [
            LintMessage(
                "error",
                str(error.path) + (f", line {error.line}" if error.line else ""),
                error.message,
            )
        ]
    messages = _clause_messages(pack) + _skeleton_messages(pack) + _statement_messages(pack)
    if not any(m.level == "error" for m in messages):
        messages += _render_messages(pack, samples)
    return messages
