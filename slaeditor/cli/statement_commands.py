"""`slaeditor credits` and `slaeditor slo`: the signed agreement at work, month by month.

`credits` reads what monitoring measured for one Measurement Period and writes the statement
of targets met and credits earned as PDF or Word (in the contract's house style, citing its
clauses), JSON or CSV, with the service desk's response and resolution performance per
Severity Level when a support file is given (or that alone); `slo` writes the availability
targets as OpenSLO v1 documents for the monitoring team. Both
compute everything before writing, so a file with a bad row leaves nothing behind, and the
statement package is imported only when one of them runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from slaeditor.errors import UserError

if TYPE_CHECKING:
    import argparse

    from slaeditor.model import Agreement

EXIT_OK = 0
STATEMENT_FORMATS = (".json", ".csv", ".pdf", ".docx")
DOCUMENT_FORMATS = (".pdf", ".docx")


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the credits and slo subcommands."""
    credits = commands.add_parser(
        "credits",
        help="compute a period's service credits from measurements (PDF, Word, JSON or CSV)",
        description="Compute, for one Measurement Period, each service's uptime, whether it "
        "met its target, the credit tier and the credit due, from a CSV of incidents "
        "(service,start,end[,cause][,site]) or of uptimes (service,period,uptime_percent); "
        "and, from a CSV of tickets (ticket,service,severity,logged,responded,resolved"
        "[,clock_stopped_minutes]), the Response and Resolution Times per Severity Level in "
        "business time. Give --measurements, --support or both.",
    )
    credits.add_argument("file", metavar="AGREEMENT", help="the agreement (.sla.yaml)")
    credits.add_argument("--measurements", metavar="FILE", help="the measurements (.csv)")
    credits.add_argument(
        "--support", metavar="FILE", help="the support tickets (.csv), for response times"
    )
    credits.add_argument(
        "--period",
        required=True,
        metavar="P",
        help="the period in the unit of the services' window: 2025-05, 2025-Q2, 2025-W21, …",
    )
    credits.add_argument(
        "--previous",
        action="append",
        default=[],
        metavar="STATEMENT.json",
        help="an earlier statement, to count chronic failures (may be repeated)",
    )
    credits.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="statement.pdf, .docx, .json or .csv"
    )
    credits.set_defaults(handler=_credits)

    slo = commands.add_parser(
        "slo", help="write the availability targets as OpenSLO v1 documents (YAML)"
    )
    slo.add_argument("file", metavar="AGREEMENT", help="the agreement (.sla.yaml)")
    slo.add_argument("-o", "--output", required=True, metavar="OUT", help="slos.yaml")
    slo.set_defaults(handler=_slo)


def _credits(args: argparse.Namespace) -> int:
    source, target = Path(args.file), Path(args.output)
    if args.measurements is None and args.support is None:
        raise UserError(
            "give --measurements FILE (uptime or incidents), --support FILE (tickets) or both"
        )
    inputs = [Path(name) for name in (args.measurements, args.support) if name is not None]
    suffix = target.suffix.lower()
    if suffix not in STATEMENT_FORMATS:
        raise UserError(
            f"{target}: a statement is written as .pdf, .docx, .json or .csv; use one of them"
        )
    _distinct(target, source, *inputs, *map(Path, args.previous))
    from slaeditor.statement import build_statement, read_history, read_measurements, read_support

    agreement = _agreement(source)
    measurements = support = None
    if args.measurements is not None:
        measurements = read_measurements(Path(args.measurements), agreement)
    if args.support is not None:
        support = read_support(Path(args.support), agreement)
    history = None
    if args.previous:
        history = read_history(map(Path, args.previous), agreement.document.agreement_id)
    statement = build_statement(
        agreement, measurements, args.period, history=history, support=support
    )
    if suffix in DOCUMENT_FORMATS:  # in the contract's house style, from its pack
        from slaeditor.app.statement_document import write_statement

        write_statement(statement, agreement, target, source.parent)
    else:
        # A byte-order mark lets spreadsheet programs read the CSV as UTF-8 (accented names).
        text = statement.to_json() if suffix == ".json" else "\ufeff" + statement.to_csv()
        _write(target, text)
    from slaeditor.model.validation_rules import plural

    said = []
    if measurements is not None:
        missed = sum(1 for service in statement.services if not service.met)
        said.append(
            f"{missed} of {plural(len(statement.services), 'service')} missed the target; credits "
            f"{statement.currency} {statement.total_credit}"
        )
    if statement.support is not None:
        tickets = statement.support.tickets
        late = sum(1 for t in tickets if "missed" in (t.response, t.resolution))
        said.append(
            f"{late} of {plural(len(tickets), 'ticket')} missed a response or resolution time"
        )
    print(f"wrote {target}: {'; '.join(said)}")
    return EXIT_OK


def _slo(args: argparse.Namespace) -> int:
    source, target = Path(args.file), Path(args.output)
    _distinct(target, source)
    from slaeditor.statement import openslo_yaml

    _write(target, openslo_yaml(_agreement(source)))
    print(f"wrote {target}")
    return EXIT_OK


def _agreement(source: Path) -> Agreement:
    """Load an agreement and refuse one with errors: its figures would mean nothing."""
    from slaeditor.model.validation import errors
    from slaeditor.model.validation_rules import plural
    from slaeditor.storage import load_agreement

    agreement = load_agreement(source)
    found = errors(agreement)
    if found:
        raise UserError(
            f"{source}: the agreement has {plural(len(found), 'error')}; 'slaeditor validate "
            f"{source}' lists them"
        )
    return agreement


def _distinct(target: Path, *inputs: Path) -> None:
    """Refuse an output that would overwrite one of the command's own inputs."""
    for path in inputs:
        if target.resolve() == path.resolve():
            raise UserError(f"{target}: the output would overwrite {path}; choose another name")


def _write(target: Path, text: str) -> None:
    from slaeditor.atomic import atomic_write_bytes

    atomic_write_bytes(target, text.encode("utf-8"))
