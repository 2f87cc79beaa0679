"""The `slaeditor` command: the application, and render, validate, schema and templates.

Every failure is one clear message on stderr and a non-zero exit, never a traceback.

Each command imports what it uses when it runs: importing every command's modules here would
cost `slaeditor --version` and the application's start about 150 ms (the composer, the
clause libraries, the model's checks) and Qt another 70 ms for commands without a window.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from slaeditor.version import version

if TYPE_CHECKING:
    from collections.abc import Sequence

    from slaeditor.clauses import Pack
    from slaeditor.model import Agreement
    from slaeditor.writers.pdf.early_start import Helper

EXIT_OK, EXIT_INVALID = 0, 1


def _fail(message: str) -> int:
    """Print an error the way every subcommand does."""
    from slaeditor.cli.clause_commands import visible  # messages quote what files contain

    print(f"slaeditor: {visible(message)}", file=sys.stderr)
    return EXIT_INVALID


def _render(args: argparse.Namespace) -> int:
    from slaeditor.writers.pdf import early_start

    # Started first: it loads WeasyPrint while this process imports the rest and composes.
    with early_start.start() as helper:
        return _render_with(args, helper)


def _render_with(args: argparse.Namespace, helper: Helper) -> int:
    from slaeditor.app.api import render
    from slaeditor.clauses import load_pack
    from slaeditor.model.validation import check
    from slaeditor.storage import load_agreement

    source, target = Path(args.file), Path(args.output)
    if target.resolve() == source.resolve():
        return _fail(f"{target}: the output would overwrite the agreement; choose another name")
    agreement = load_agreement(source)
    pack = load_pack(args.template or agreement.template, None if args.template else source.parent)
    texts = _recorded_problems(agreement, pack)
    if texts:  # rendered in a confined child first: a runaway text never takes this process
        return _fail(f"{source}: " + "; ".join(texts))
    render(
        agreement,
        target,
        template=args.template,
        base=source.parent,
        archival=not args.no_pdfa,
        helper=helper,
    )
    print(f"wrote {target}")
    warnings = [issue for issue in check(agreement) if issue.level == "warning"]
    if warnings:
        print(
            f"note: the agreement has {len(warnings)} fairness warning(s); "
            f"'slaeditor validate {source}' lists them",
            file=sys.stderr,
        )
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from slaeditor.clauses import load_pack
    from slaeditor.model.validation import check, format_issue
    from slaeditor.storage import load_agreement

    path = Path(args.file)
    agreement = load_agreement(path)
    issues = check(agreement)
    for issue in issues:
        print(f"{args.file}: {format_issue(issue)}", file=sys.stderr)
    pack = load_pack(agreement.template, path.parent)
    choices = pack.wording_problems(agreement.clauses)
    for slot, text in choices:
        print(f"{args.file}: error: clauses.{slot}: {text}", file=sys.stderr)
    # Texts recorded in the file are rendered in a confined child: time and memory limits.
    texts = _recorded_problems(agreement, pack) if not choices else []
    for text in texts:
        print(f"{args.file}: error: {text}", file=sys.stderr)
    references = _unresolved_references(agreement, pack) if not (choices or texts) else []
    for reference in references:
        print(f"{args.file}: error: {reference}", file=sys.stderr)
    warnings = sum(1 for issue in issues if issue.level == "warning")
    errors = len(issues) - warnings + len(choices) + len(texts) + len(references)
    print(f"{args.file}: {errors} error(s), {warnings} warning(s)")
    return EXIT_INVALID if errors else EXIT_OK


def _recorded_problems(agreement: Agreement, pack: Pack) -> list[str]:
    """Render the texts the agreement records in a confined child; say which cannot print.

    Only for an agreement without errors: the child needs its values to fill the texts in.
    """
    from slaeditor.app.confined import recorded_text_problems
    from slaeditor.model.validation import errors

    return [] if errors(agreement) else recorded_text_problems(agreement, pack)


def _unresolved_references(agreement: Agreement, pack: Pack) -> list[str]:
    """List the contract's drafting faults: references to nothing, terms defined twice."""
    from slaeditor.compose import compose
    from slaeditor.compose.drafting import term_findings
    from slaeditor.errors import RenderError

    try:
        contract = compose(agreement, pack)
    except RenderError:
        return []  # what cannot be rendered is reported by check() and `render`
    cited = [f"a cross-reference cites nothing: {r}" for r in contract.unresolved_references]
    return cited + term_findings(contract)


def _schema(args: argparse.Namespace) -> int:
    from slaeditor.storage import agreement_json_schema

    print(json.dumps(agreement_json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


def _sample_agreements() -> list[object]:
    """Load the example agreements that ship with the application, for linting packs."""
    from slaeditor.resources import examples_dir
    from slaeditor.storage import load_agreement

    return [load_agreement(path) for path in sorted(examples_dir().glob("*.sla.yaml"))]


def _templates(args: argparse.Namespace) -> int:
    from slaeditor.resources import user_templates_dir

    if args.action == "path":
        print(user_templates_dir())
        return EXIT_OK
    if args.action == "list":
        from slaeditor.clauses.pack import list_packs

        for info in list_packs():
            print(f"{info.name}\t{info.path}")
        return EXIT_OK
    from slaeditor.app.pack_check import check_pack

    messages = check_pack(args.pack, _sample_agreements())  # type: ignore[arg-type]
    for message in messages:
        print(message, file=sys.stderr)
    errors = sum(1 for m in messages if m.level == "error")
    print(f"{args.pack}: {errors} error(s), {len(messages) - errors} warning(s)")
    return EXIT_INVALID if errors else EXIT_OK


def _clauses(args: argparse.Namespace) -> int:
    from slaeditor.clauses.records import SECTIONS
    from slaeditor.cli import clause_commands as commands

    if args.action == "list":
        if args.section is not None and args.section not in SECTIONS:
            return _fail(
                f"--section {args.section}: not a section id; use one of {', '.join(SECTIONS)}"
            )
        return commands.list_clauses(args.library, args.search, args.section)
    return commands.check_library(args.library)


def _application(args: argparse.Namespace) -> int:
    """Start the desktop application, or write the wizard's screenshots."""
    if args.render_worker:
        from slaeditor.app.render_worker import main as worker_main

        return worker_main()
    if args.confined_render:
        from slaeditor.app.confined import main as confined_main

        return confined_main()
    if args.screenshots:
        from slaeditor.gui.shell.screenshots import write_screenshots

        for path in write_screenshots(Path(args.screenshots)):
            print(f"wrote {path}")
        return EXIT_OK
    from slaeditor.gui.shell.app import run

    return run(
        Path(args.open) if args.open else None,
        smoke=args.smoke,
        qt_arguments=getattr(args, "qt_arguments", []),
    )


class _VersionAction(argparse.Action):
    """`--version`: the version is looked up (importlib.metadata, ~20 ms) only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.setdefault("help", "show program's version number and exit")
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        print(f"SLA Editor {version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """Describe the command line."""
    parser = argparse.ArgumentParser(
        prog="slaeditor",
        description="Build service level agreements and export Word and PDF contracts.",
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument(
        "--screenshots", metavar="DIR", help="write a PNG of every wizard page and exit"
    )
    parser.add_argument("--render-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--confined-render", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="start the application, exit 0 once its window and renderer are ready (for tests)",
    )
    parser.add_argument("--open", metavar="FILE", help="open an agreement in the application")
    parser.set_defaults(handler=_application)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    render = commands.add_parser("render", help="write an agreement as a PDF or Word contract")
    render.add_argument("file", metavar="FILE", help="the agreement (.sla.yaml)")
    render.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="contract.pdf or .docx"
    )
    render.add_argument("--template", metavar="PACK", help="template pack name or folder")
    render.add_argument(
        "--no-pdfa", action="store_true", help="write a plain PDF instead of archival PDF/A-3b"
    )
    render.set_defaults(handler=_render)

    validate = commands.add_parser("validate", help="check an agreement; exit 1 on errors")
    validate.add_argument("file", metavar="FILE")
    validate.set_defaults(handler=_validate)

    schema = commands.add_parser("schema", help="print the JSON Schema of agreement files")
    schema.set_defaults(handler=_schema)

    templates = commands.add_parser("templates", help="check, list or locate template packs")
    actions = templates.add_subparsers(dest="action", required=True, metavar="ACTION")
    check = actions.add_parser("check", help="lint a pack: syntax, variables, clause ids")
    check.add_argument("pack", metavar="PACK", help="pack name or folder")
    actions.add_parser("list", help="list the packs that can be used")
    actions.add_parser("path", help="print the folder for your own packs")
    templates.set_defaults(handler=_templates)

    clauses = commands.add_parser("clauses", help="list or check a clause library")
    clause_actions = clauses.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = clause_actions.add_parser("list", help="list the clauses of a library")
    listing.add_argument("library", metavar="LIB", help="a .clauses.yaml file")
    listing.add_argument("--search", metavar="TEXT", help="only clauses containing every word")
    listing.add_argument("--section", metavar="S", help="only clauses of this section id")
    clause_check = clause_actions.add_parser("check", help="check every clause; exit 1 on any")
    clause_check.add_argument("library", metavar="LIB", help="a .clauses.yaml file")
    clauses.set_defaults(handler=_clauses)

    from slaeditor.cli.signing_commands import add_commands as add_signing_commands

    add_signing_commands(commands)
    from slaeditor.cli.statement_commands import add_commands as add_statement_commands

    add_statement_commands(commands)
    return parser


QT_OPTIONS_WITH_VALUE = frozenset(
    {
        "-platform", "-platformpluginpath", "-platformtheme", "-plugin", "-qwindowgeometry",
        "-qwindowicon", "-qwindowtitle", "-style", "-stylesheet", "-display", "-geometry",
        "-session", "-title", "-name", "-dialogs", "-fontengine", "-qmljsdebugger",
    }
)  # fmt: skip
"""Qt's standard command-line options that take a value (QApplication reads them)."""
QT_FLAGS = frozenset({"-reverse", "-widgetcount", "-nograb", "-dograb", "-sync"})


def split_qt_arguments(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """Separate Qt's standard options (`-platform xcb`, `-style=Fusion`) from our own.

    QApplication reads its options itself; argparse would refuse them as unknown.
    """
    qt: list[str] = []
    own: list[str] = []
    items = list(argv)
    index = 0
    while index < len(items):
        item = items[index]
        name = item.split("=", 1)[0]
        if name in QT_OPTIONS_WITH_VALUE:
            if "=" in item or index + 1 >= len(items):
                qt.append(item)
            else:
                qt += [item, items[index + 1]]
                index += 1
        elif item in QT_FLAGS:
            qt.append(item)
        else:
            own.append(item)
        index += 1
    return qt, own


def gui_arguments(argv: Sequence[str]) -> list[str]:
    """Read `slaeditor FILE.sla.yaml` (a double-clicked file) as `--open FILE`.

    A contract PDF opens too: the wizard shows the agreement embedded in it.
    """
    arguments = list(argv)
    if len(arguments) == 1 and arguments[0].lower().endswith((".yaml", ".yml", ".pdf")):
        return ["--open", arguments[0]]
    return arguments


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Run as the program (no `argv`), the `render` command ends its process as soon as its file
    is written, without the interpreter's tear-down (freeing every module and object: 60 to
    110 ms of the command's time); its output is flushed and nothing else is pending. It runs
    without Python's cycle collector, which would walk its objects again and again while it
    imports, composes and (in one pass) lays out: ~9 % of the telecom contract's command laid
    out in one pass; laid out in parts (Linux), ~45 ms of its CPU, its time within the noise
    (collector.py).
    """
    qt_arguments, own = split_qt_arguments(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(gui_arguments(own))
    args.qt_arguments = qt_arguments
    from slaeditor.errors import USER_ERRORS

    ends_itself = argv is None and args.handler is _render
    if ends_itself:  # short-lived: its memory goes back at the end, uncollected cycles too
        gc.disable()
    try:
        status = int(args.handler(args))
    except USER_ERRORS as error:
        status = _fail(str(error))
    except KeyboardInterrupt:
        status = 130
    if ends_itself:
        _end_process(status)
    return status


def _end_process(status: int) -> NoReturn:
    """Flush the output and end the process here, skipping the interpreter's tear-down.

    Output that cannot be written makes the status 120, as Python's own exit does.
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            status = status or 120
    os._exit(status)
