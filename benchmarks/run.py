"""`make bench`: time what users wait for and compare it with targets and with LibreOffice.

Figures are measured in this run on this machine; ratios against the reference (LibreOffice
converting our own DOCX) are measured side by side, so they travel between machines.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parent.parent
TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"
ROUNDS = 7


def _median_ms(action: Callable[[], object], rounds: int = ROUNDS) -> float:
    """Run action `rounds` times and return the median wall time in milliseconds."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _import_ms(statement: str) -> float:
    """Time a fresh interpreter running statement, minus a bare interpreter's start-up."""

    def run(code: str) -> Callable[[], object]:
        return lambda: subprocess.run([sys.executable, "-c", code], check=True)

    return _median_ms(run(statement)) - _median_ms(run("pass"))


def _libreoffice_ms(docx: Path, work: Path) -> float | None:
    """Time LibreOffice converting our DOCX to PDF (the side-by-side reference)."""
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        return None
    profile = (work / "lo-profile").as_uri()

    def convert() -> None:
        subprocess.run(
            [
                binary,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work / "lo"),
                str(docx),
            ],
            check=True,
            capture_output=True,
        )

    convert()  # first start creates the profile; not what a conversion costs
    return _median_ms(convert, rounds=3)


def _row(name: str, value: float, target: float | None, unit: str = "ms") -> str:
    """Format one line of the report with its verdict."""
    if target is None:
        return f"  {name:<44} {value:8.1f} {unit}"
    verdict = "ok" if value <= target else "OVER TARGET"
    return f"  {name:<44} {value:8.1f} {unit}   target ≤ {target:.0f} {unit}   {verdict}"


def main() -> int:
    """Measure and print; exit 1 when a target is missed."""
    from slaeditor import load_agreement
    from slaeditor.clauses import load_pack
    from slaeditor.compose import compose
    from slaeditor.model import ClauseChoice
    from slaeditor.writers.docx import write_docx
    from slaeditor.writers.pdf import parallel_layout as parts
    from slaeditor.writers.pdf.writer import write_pdf

    agreement = load_agreement(TELECOM)
    pack = load_pack(agreement.template)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        pdf, docx = work / "contract.pdf", work / "contract.docx"
        write_pdf(compose(agreement, pack), pack, pdf)  # warm: imports, fonts, compiled clauses
        write_docx(compose(agreement, pack), pack, docx)

        def fresh_export() -> None:
            """Export with no part kept from an earlier export: every page is laid out."""
            parts.clear_cache()
            write_pdf(compose(agreement, pack), pack, pdf)

        def one_pass_export() -> None:
            os.environ[parts.PARALLEL_ENV] = "0"
            try:
                write_pdf(compose(agreement, pack), pack, pdf)
            finally:
                del os.environ[parts.PARALLEL_ENV]

        edits = iter(range(1_000_000))
        _, exclusions = pack.clauses["exclusions-events"].body("standard")

        def edited_export() -> None:
            """Export after a sentence added to the exclusions: untouched parts are kept."""
            edited = agreement.model_copy(deep=True)
            edited.clauses["exclusions-events"] = ClauseChoice(
                library="Bench", clause="events", text=f"{exclusions}\n\nEdit {next(edits)}."
            )
            write_pdf(compose(edited, pack), pack, pdf)

        edited_export()  # the first edit lays out every part once; later ones only the edited
        results = {
            "import slaeditor": (_import_ms("import slaeditor"), 150.0),
            "import slaeditor + Agreement model": (
                _import_ms("from slaeditor import Agreement"),
                None,
            ),
            "compose telecom example": (_median_ms(lambda: compose(agreement, pack)), None),
            "warm PDF export, telecom example": (_median_ms(fresh_export), 400.0),
            "  the same in one pass (parts not used)": (_median_ms(one_pass_export), None),
            "  PDF export after a one-clause edit": (_median_ms(edited_export), None),
            "warm DOCX export, telecom example": (
                _median_ms(lambda: write_docx(compose(agreement, pack), pack, docx)),
                100.0,
            ),
        }
        reference = _libreoffice_ms(docx, work)
        from pypdf import PdfReader

        pages = len(PdfReader(pdf).pages)
    print("SLA Editor benchmarks (median of runs, this machine, this run)")
    failed = False
    for name, (value, target) in results.items():
        print(_row(name, value, target))
        failed |= target is not None and value > target
    pdf_ms = results["warm PDF export, telecom example"][0]
    print(
        f"  {'  (telecom contract: pages, ms per page)':<44} {pages:8d}    {pdf_ms / pages:8.1f} ms"
    )
    if reference is None:
        print("  LibreOffice not installed: PDF-versus-LibreOffice ratio not measured")
    else:
        ratio = reference / results["warm PDF export, telecom example"][0]
        print(_row("LibreOffice converting our DOCX to PDF", reference, None))
        verdict = "ok" if ratio >= 2 else "BELOW TARGET"
        print(
            f"  {'PDF export speed-up over LibreOffice':<44} {ratio:8.1f} ×"
            f"    target ≥ 2 ×   {verdict}"
        )
        failed |= ratio < 2
    failed |= _users_paths_report()
    failed |= _signing_report()
    failed |= _gui_report()
    failed |= _library_report()
    failed |= _library_manager_report()
    failed |= _statement_report()

    failed |= _bundle_report()
    return 1 if failed else 0


def _users_paths_report() -> bool:
    """The users' own paths against LibreOffice, quiet and with one core busy (issue 18).

    benchmarks/users_paths.py; `python benchmarks/run.py --quick` runs it with fewer rounds.
    """
    from users_paths import report

    return report(quick="--quick" in sys.argv[1:])


def _library_report() -> bool:
    """Measure and print the clause-library figures; True when a target is missed."""
    import os

    from library_bench import library_figures

    print(f"Clause libraries (wall median; CPU median; load average {os.getloadavg()[0]:.1f})")
    missed = False
    for name, wall, cpu, target in library_figures():
        line = _row(name, wall, target)
        if target is not None:
            line += f"   ({wall / target:.2f} × target)"
            missed |= wall > target
        print(f"{line}   CPU {cpu:.1f} ms")
    return missed


def _signing_report() -> bool:
    """Measure and print signing and verification; True when a target is missed."""
    from signing_bench import signing_figures

    figures = signing_figures()
    rows = [
        ("sign the telecom contract (PAdES, one field)", figures["sign"], 200.0),
        ("verify its signature", figures["verify"], 300.0),
        ("verify a countersigned copy (two signatures)", figures["verify two"], None),
    ]
    print("Signing (in process, after a warm-up; no process start)")
    for name, value, target in rows:
        ratio = f"   ({value / target:.2f} of the target)" if target else ""
        print(_row(name, value, target) + ratio)
    return any(target is not None and value > target for _, value, target in rows)


def _gui_report() -> bool:
    """Measure and print the wizard's figures; True when a target is missed."""
    from gui_bench import preview_figures, startup_ms, wording_search_figures

    start = startup_ms()
    latency, stall = preview_figures()
    search_median, search_worst, wording_open = wording_search_figures()
    rows = [
        ("process start to main window shown", start, 500.0),
        ("last keystroke to updated preview", latency, 1000.0),
        ("longest GUI-thread stall while rendering", stall, 30.0),
        ("clause search, keystroke to list (median)", search_median, 50.0),
        ("clause search, keystroke to list (slowest)", search_worst, 50.0),
        ("Clause wording page open, 5,000 clauses", wording_open, None),
    ]
    print("Wizard (offscreen)")
    for name, value, target in rows:
        print(_row(name, value, target))
    return any(target is not None and value > target for _, value, target in rows)


def _library_manager_report() -> bool:
    """Print the clause library manager's figures (benchmarks/library_manager_bench.py)."""
    from library_manager_bench import library_manager_report

    return library_manager_report(_row)


def _statement_report() -> bool:
    """Print the monthly statement's figures for 100,000 incidents (statement_bench.py)."""
    from statement_bench import statement_report

    return statement_report(_row)


def _bundle_report() -> bool:
    """Print the installable application's figures (after `make package`); True when over."""
    from bundle_bench import bundle_figures

    figures = bundle_figures()
    print("Installable application (dist/bundle, after `make package`)")
    if figures is None:
        print("  not built: run `make package` first")
        return False
    print(_row("bundle: launch to main window shown", figures["shown_ms"], 500.0))
    print(_row("bundle: size on disk", figures["size_mib"], None, "MiB"))
    print(_row("bundle's worker: preview of an edit, quiet", figures["worker_quiet_ms"], None))
    print(_row("bundle's worker: the same, one core busy", figures["worker_busy_ms"], None))
    if "deb_mib" in figures:
        print(_row(".deb: size", figures["deb_mib"], None, "MiB"))
    return figures["shown_ms"] > 500.0


def own_cache_folder() -> tempfile.TemporaryDirectory[str]:
    """Point the bench's processes at a cache folder of their own, removed when it ends.

    Compiled templates and the facts of earlier layouts then start empty (each path's warm-up
    run fills what it needs), figures do not depend on what the user rendered before, and the
    bench clearing its layouts (`clear_cache`) leaves the user's alone.
    """
    folder = tempfile.TemporaryDirectory(prefix="slaeditor-bench-cache-")
    os.environ["SLAEDITOR_CACHE_DIR"] = folder.name
    return folder


def compiled_as_installed() -> None:
    """Compile SLA Editor's modules to bytecode, as installing it does, before measuring.

    pip compiles a wheel's modules when it installs them, and the bundle and the .deb carry
    them compiled. A checkout on a machine told not to write bytecode (PYTHONDONTWRITEBYTECODE,
    as CI machines and this project's sandbox are) would otherwise compile some 200 modules
    in every process the bench starts: ~110 ms of each command's imports that no user pays.
    The files go to the checkout's __pycache__ folders, which git ignores.
    """
    import compileall

    compileall.compile_dir(ROOT / "slaeditor", quiet=1)


if __name__ == "__main__":
    compiled_as_installed()
    with own_cache_folder():
        sys.exit(main())
