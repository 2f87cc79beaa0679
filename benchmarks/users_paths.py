"""The paths users take, timed side by side with LibreOffice converting our DOCX (issue 18).

    python benchmarks/users_paths.py [--quick]      (also a section of `make bench`)

Each path is run as users run it, in processes of its own, so this process stays clean:
  - `slaeditor render examples/telecom-customer.sla.yaml -o c.pdf` (and `-o c.docx`), the whole
    process, from spawn to exit; the PDF once more laid out in one pass, without parts
    (SLAEDITOR_RENDER_PARALLEL=0), to show what the parts gain, quiet and busy;
  - `slaeditor.render(agreement, "c.pdf")` in a warm process (api_driver.py, alive between
    runs), the customer's short name changed before each export so nothing can be kept; once
    more in one pass, in the process itself, as on macOS and Windows (no layout processes);
  - the command on a 100-service multi-level agreement, generated from the managed-IT example;
  - keystroke to updated preview in the window (gui_bench.py): a real click into the field and
    keys typed through a private X server (Xvfb and xdotool, as the real-input tests do), or
    offscreen where those are not installed; once for the short name, once for one clause.
Each figure is paired with LibreOffice converting our own DOCX of the same agreement to PDF
(private profile, its first conversion discarded), the runs interleaved (ours, LibreOffice,
ours, …) after one warm-up pair, so that drift on a shared machine hits both alike. The ratio
is LibreOffice ÷ ours per pair, then the median: above 1 we are faster.

Everything is measured twice: as the machine is, and with one core kept busy by a CPU loop
that the bench starts (and kills, whatever happens). The 1-minute load average is sampled after
each pair. Then the command is timed phase by phase (phase_probe.py), profiled with cProfile
(grouped by package), and its imports listed (`python -X importtime`); the raw profiles go to
benchmarks/profiles/.

Targets (issue 18, for this 2-core machine): the command ≥ 1.0 × LibreOffice, the warm API
≥ 2 ×, the 100-service agreement ≤ 4 s with ms per page no worse than the telecom contract's,
keystroke to preview ≤ 900 ms for a change printed on every page (the short name is in the
running header) and ≤ 500 ms for a one-clause edit (the governing law). Exit status 1 when one
is missed.
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import json
import os
import pstats
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from slaeditor.writers.pdf.forking import die_with_parent

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"
MULTILEVEL = ROOT / "examples" / "managed-it-multilevel.sla.yaml"
PROFILES = BENCH / "profiles"
ROUNDS, QUICK_ROUNDS = 7, 3
SERVICES = 100
TIMEOUT = 600.0

COMMAND_RATIO, API_RATIO = 1.0, 2.0
NAMES = itertools.count(1)
EDITED_NOTE = "customer's short name changed before each run"
UNCHANGED_NOTE = "the same file each run: its parts' page counts known from the run before"
AFTER_PDF_NOTE = "the Word contents' page numbers are those the PDF's run kept"
ONE_PASS = {"SLAEDITOR_RENDER_PARALLEL": "0"}
ONE_PASS_NOTE = "edited, laid out in one pass (SLAEDITOR_RENDER_PARALLEL=0): is the split worth it?"
BIG_MS, PREVIEW_MS, CLAUSE_PREVIEW_MS = 4000.0, 900.0, 500.0
QUIET, BUSY = "quiet", "busy"
CONDITIONS = {QUIET: "quiet", BUSY: "busy: one core kept busy by a CPU loop the bench started"}


@dataclass
class Sample:
    """One run: wall and CPU time (this process and the children it waited for), peak memory."""

    wall_ms: float
    cpu_ms: float = float("nan")
    peak_mib: float = float("nan")


@dataclass
class Row:
    """One path under one condition, with its reference runs and its verdict."""

    path: str
    ours: list[Sample]
    ref: list[Sample] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)
    target: str = ""
    ok: bool | None = None
    note: str = ""

    @property
    def ours_ms(self) -> float:
        return statistics.median(s.wall_ms for s in self.ours)

    @property
    def ref_ms(self) -> float | None:
        return statistics.median(s.wall_ms for s in self.ref) if self.ref else None

    @property
    def ratio(self) -> float | None:
        if not self.ref:
            return None
        return statistics.median(
            r.wall_ms / o.wall_ms for o, r in zip(self.ours, self.ref, strict=True)
        )


# --- running things -------------------------------------------------------------------------


def _die_with_parent() -> None:
    """In a child before exec: be killed when the bench dies, even by SIGKILL (Linux)."""
    die_with_parent(signal.SIGKILL)


def slaeditor_command() -> list[str]:
    """The `slaeditor` command of this interpreter's environment, as a user types it."""
    script = Path(sys.executable).with_name("slaeditor")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "slaeditor.cli"]


def run_timed(
    command: list[str], cwd: Path, log: Path, env: dict[str, str] | None = None
) -> Sample:
    """Run a whole process; its wall time, CPU time and largest process (from wait4)."""
    with log.open("ab") as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=cwd,
            stdout=output,
            stderr=output,
            preexec_fn=_die_with_parent,
            env=None if env is None else {**os.environ, **env},
        )
        timer = threading.Timer(TIMEOUT, process.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        wall = (time.perf_counter() - started) * 1000
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"{' '.join(command)} exited {process.returncode}:\n{tail}")
    cpu = (usage.ru_utime + usage.ru_stime) * 1000
    return Sample(wall, cpu, usage.ru_maxrss / 1024)


class LibreOffice:
    """The reference: LibreOffice converting a DOCX to PDF, with a private profile."""

    def __init__(self, work: Path) -> None:
        self.binary = shutil.which("soffice") or shutil.which("libreoffice")
        self.work = work
        self.profile = (work / "lo-profile").as_uri()
        self.out = work / "lo-out"
        self.log = work / "libreoffice.log"

    def convert(self, docx: Path) -> Sample:
        assert self.binary is not None
        command = [
            self.binary,
            f"-env:UserInstallation={self.profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(self.out),
            str(docx),
        ]
        sample = run_timed(command, self.work, self.log)
        if not (self.out / docx.with_suffix(".pdf").name).exists():
            raise RuntimeError(f"LibreOffice wrote no PDF for {docx}; see {self.log}")
        return sample


class ApiDriver:
    """A warm process exporting through slaeditor.render() when asked (api_driver.py)."""

    def __init__(
        self, agreement: Path, target: Path, log: Path, env: dict[str, str] | None = None
    ) -> None:
        self.target, self.count = target, 0
        self.process = subprocess.Popen(
            [sys.executable, str(BENCH / "api_driver.py"), str(agreement)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log.open("ab"),
            text=True,
            env=None if env is None else {**os.environ, **env},
            preexec_fn=_die_with_parent,
        )
        if json.loads(self._reply()) != {"ready": True}:
            raise RuntimeError("the API driver did not start")

    def _reply(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the API driver ended (exit {self.process.poll()})")
        return line

    def export(self) -> Sample:
        """One export with a short name never used before; timed from here."""
        assert self.process.stdin is not None
        self.count += 1
        started = time.perf_counter()
        self.process.stdin.write(json.dumps([str(self.target), f"Meridian {self.count}"]) + "\n")
        self.process.stdin.flush()
        reply = json.loads(self._reply())
        return Sample((time.perf_counter() - started) * 1000, reply["cpu_ms"])

    def close(self) -> None:
        with contextlib.suppress(OSError):
            if self.process.stdin is not None:
                self.process.stdin.close()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@contextlib.contextmanager
def busy_core() -> Iterator[Callable[[], float]]:
    """Keep one core busy with a CPU loop for the block; yield how to read the loop's share."""
    loop = subprocess.Popen([sys.executable, "-c", "while True: pass"], preexec_fn=_die_with_parent)
    started = time.perf_counter()

    def share() -> float:
        """The loop's CPU time over its wall time so far (1.0: it had a core to itself)."""
        with open(f"/proc/{loop.pid}/stat") as stat:  # noqa: PTH123
            fields = stat.read().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK") / (time.perf_counter() - started)

    try:
        time.sleep(1.0)  # let the loop take its core before anything is timed
        yield share
    finally:
        loop.kill()
        loop.wait()


def side_by_side(
    path: str, ours: Callable[[], Sample], ref: Callable[[], Sample] | None, rounds: int
) -> Row:
    """Interleave ours and the reference, one warm-up pair first; sample the load after each."""
    row = Row(path, [])
    ours()
    if ref is not None:
        ref()
    for _ in range(rounds):
        row.ours.append(ours())
        if ref is not None:
            row.ref.append(ref())
        row.loads.append(os.getloadavg()[0])
    return row


# --- what is measured -----------------------------------------------------------------------


def write_big_agreement(target: Path, services: int = SERVICES) -> None:
    """A multi-level agreement with `services` services: the example's, copied with new ids."""
    import yaml

    agreement = yaml.safe_load(MULTILEVEL.read_text(encoding="utf-8"))
    originals = agreement["services"]
    copies = []
    for index in range(services):
        service = copy.deepcopy(originals[index % len(originals)])
        lot = index // len(originals) + 1
        service["id"] = f"{service['id']}-{lot}"
        service["name"] = f"{service['name']} (lot {lot})"
        copies.append(service)
    agreement["services"] = copies
    target.write_text(
        yaml.safe_dump(agreement, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def gui_preview(edits: int, log: Path, field: str) -> tuple[float, float, bool]:
    """Keystroke to updated preview (median), longest GUI stall, and whether input was real.

    gui_bench in a process of its own, typing into `field` (a name in gui_bench): through a
    private X server (Xvfb, xdotool) when they are installed, else offscreen.
    """
    latency, stall, real = _gui_bench(
        f"gui_bench.EDITS = {edits}\n"
        f"figures = [*gui_bench.preview_figures(gui_bench.{field}), real]\n",
        log,
    )
    return latency, stall, real


def gui_export(rounds: int, log: Path) -> float | None:
    """Return to PDF written, after the export button and its dialog (real input), or None.

    None where Xvfb or xdotool is missing: the export's dialog is only driven for real.
    """
    median, real = _gui_bench(
        f"figures = [gui_bench.export_figures({rounds}) if real else 0.0, real]\n", log
    )
    return median if real else None


def _gui_bench(lines: str, log: Path) -> Any:
    """Run gui_bench code in a process of its own (its own X server); return its `figures`."""
    code = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(BENCH)!r})\n"
        "import gui_bench\n"
        "real = gui_bench.real_input()\n"
        f"{lines}"
        "print('FIGURES', json.dumps(figures), flush=True)\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BENCH,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=_die_with_parent,
        check=False,
    )
    with log.open("a") as output:
        output.write(done.stdout + done.stderr)
    found = [line for line in done.stdout.splitlines() if line.startswith("FIGURES ")]
    if done.returncode != 0 or not found:
        raise RuntimeError(f"gui_bench failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return json.loads(found[-1].split(" ", 1)[1])


@dataclass
class Setup:
    """The files every condition uses, made once."""

    work: Path
    command: list[str]
    telecom_docx: Path
    big: Path
    big_docx: Path
    libreoffice: LibreOffice | None


def prepare(work: Path) -> Setup:
    command = slaeditor_command()
    log = work / "setup.log"
    run_timed([*command, "render", str(TELECOM), "-o", "telecom.docx"], work, log)
    big = work / "multilevel-100.sla.yaml"
    write_big_agreement(big)
    run_timed([*command, "validate", str(big)], work, log)  # exits non-zero on any error
    run_timed([*command, "render", str(big), "-o", "multilevel-100.docx"], work, log)
    office = LibreOffice(work)
    if office.binary is None:
        office = None
    else:
        office.convert(work / "telecom.docx")  # the first start creates the profile: discarded
    return Setup(work, command, work / "telecom.docx", big, work / "multilevel-100.docx", office)


def measure(setup: Setup, rounds: int, driver: ApiDriver, one_pass: ApiDriver) -> list[Row]:
    """Every path under the current condition; print each row as it is measured."""
    work, command, office = setup.work, setup.command, setup.libreoffice
    log = work / "ours.log"

    def reference(docx: Path) -> Callable[[], Sample] | None:
        return None if office is None else lambda: office.convert(docx)

    def by_command(source: Path, output: str) -> Callable[[], Sample]:
        return lambda: run_timed([*command, "render", str(source), "-o", output], work, log)

    def edited(
        source: Path, output: str, env: dict[str, str] | None = None
    ) -> Callable[[], Sample]:
        """The command on a copy whose customer's short name is new before each run.

        The name is printed on every page, so no part's layout is known from an earlier run
        (layout_memory): only the contents' page count, which its text alone decides.
        """
        import yaml

        changed = work / f"edited-{source.name}"
        agreement = yaml.safe_load(source.read_text(encoding="utf-8"))

        def run() -> Sample:
            agreement["customer"]["short_name"] = f"Edited {next(NAMES)}"
            dumped = yaml.safe_dump(agreement, sort_keys=False, allow_unicode=True)
            changed.write_text(dumped, encoding="utf-8")
            return run_timed([*command, "render", str(changed), "-o", output], work, log, env)

        return run

    rows = []
    telecom_pages = 0
    paths = (
        ("command → PDF, telecom, edited", edited(TELECOM, "c.pdf"), EDITED_NOTE),
        ("  the same in one pass", edited(TELECOM, "c.pdf", ONE_PASS), ONE_PASS_NOTE),
        ("command → DOCX, telecom, edited", edited(TELECOM, "c.docx"), EDITED_NOTE),
        ("command → PDF, telecom, unchanged", by_command(TELECOM, "c.pdf"), UNCHANGED_NOTE),
        ("command → DOCX after that PDF", by_command(TELECOM, "c.docx"), AFTER_PDF_NOTE),
    )
    for path, ours, note in paths:
        row = side_by_side(path, ours, reference(setup.telecom_docx), rounds)
        if note is not ONE_PASS_NOTE:  # shown to compare with the parts, not a target's row
            _ratio_verdict(row, COMMAND_RATIO)
        row.note = note
        if not telecom_pages:
            telecom_pages = page_count(work / "c.pdf")
            row.note += f"; {telecom_pages} pages, {row.ours_ms / telecom_pages:.0f} ms/page"
        rows.append(_shown(row))

    row = side_by_side(
        "slaeditor.render() → PDF, warm process",
        driver.export,
        reference(setup.telecom_docx),
        rounds,
    )
    _ratio_verdict(row, API_RATIO)
    row.note = "customer's short name changed before each export"
    rows.append(_shown(row))
    row = side_by_side(
        "  the same in one pass", one_pass.export, reference(setup.telecom_docx), rounds
    )
    row.note = "SLAEDITOR_RENDER_PARALLEL=0: as on macOS and Windows (no layout processes there)"
    rows.append(_shown(row))

    row = side_by_side(
        f"command → PDF, {SERVICES}-service multi-level, edited",
        edited(setup.big, "big.pdf"),
        reference(setup.big_docx),
        rounds,
    )
    pages = page_count(work / "big.pdf")
    row.target, row.ok = f"≤ {BIG_MS / 1000:.0f} s", row.ours_ms <= BIG_MS
    rows.append(_shown(row))
    telecom_per_page = rows[0].ours_ms / telecom_pages
    per_page = Row(
        f"  the same: ms per page ({pages} pages)",
        [Sample(s.wall_ms / pages) for s in row.ours],
        loads=row.loads,
        target=f"≤ {telecom_per_page:.0f} (telecom)",
        ok=row.ours_ms / pages <= telecom_per_page,
    )
    rows.append(_shown(per_page, unit="ms/p"))

    edits = (
        ("SHORT_NAME", "short name, on every page", PREVIEW_MS),
        ("GOVERNING_LAW", "governing law, one clause", CLAUSE_PREVIEW_MS),
    )
    for typed_into, what, target in edits:
        latency, stall, real = gui_preview(rounds, work / "gui.log", typed_into)
        row = Row(
            f"keystroke → preview ({'real input, Xvfb' if real else 'offscreen'})",
            [Sample(latency)],
            loads=[os.getloadavg()[0]],
            target=f"≤ {target:.0f} ms",
            ok=latency <= target,
            note=f"{what}; longest GUI stall {stall:.0f} ms",
        )
        rows.append(_shown(row))
    exported = gui_export(rounds, work / "gui.log")
    if exported is not None:
        telecom = rows[0]
        row = Row(
            "export button → PDF (real input, Xvfb)",
            [Sample(exported)],
            loads=[os.getloadavg()[0]],
            note=(
                f"Return in the file dialog to the file written, after the preview of an "
                f"edit; LibreOffice's convert above: {telecom.ref_ms or 0:.0f} ms"
            ),
        )
        rows.append(_shown(row))
    return rows


def _ratio_verdict(row: Row, target: float) -> None:
    row.target = f"≥ {target:.1f} ×"
    ratio = row.ratio
    row.ok = None if ratio is None else ratio >= target


HEADER = (
    f"  {'path':<47} {'ours':>9} {'LibreOff.':>9} {'LO÷ours':>8}  {'target':<17} "
    f"{'verdict':<12} {'load':>5} {'CPU s ours/LO':>14} {'peak MiB':>9}"
)


def _shown(row: Row, unit: str = "ms") -> Row:
    """Print one row (its condition is printed above the rows) and return it."""
    ours = f"{row.ours_ms:7.0f} {unit}" if unit == "ms" else f"{row.ours_ms:5.0f} {unit}"
    ref = "" if row.ref_ms is None else f"{row.ref_ms:6.0f} ms"
    ratio = "" if row.ratio is None else f"{row.ratio:6.2f} ×"
    verdict = {True: "ok", False: "below target", None: "not measured"}[row.ok]
    if not row.target:
        verdict = ""
    cpu = statistics.median(s.cpu_ms for s in row.ours) / 1000
    ref_cpu = statistics.median(s.cpu_ms for s in row.ref) / 1000 if row.ref else float("nan")
    cpus = "" if cpu != cpu else f"{cpu:5.2f} / {ref_cpu:4.2f}"  # NaN: not measured
    peak = statistics.median(s.peak_mib for s in row.ours)
    peaks = "" if peak != peak else f"{peak:6.0f}"
    load = statistics.median(row.loads) if row.loads else float("nan")
    line = (
        f"  {row.path:<47} {ours:>9} {ref:>9} {ratio:>8}  {row.target:<17} {verdict:<12} "
        f"{load:5.2f} {cpus:>14} {peaks:>9}" + (f"   ({row.note})" if row.note else "")
    )
    _say(line.rstrip())
    return row


# --- where the time goes --------------------------------------------------------------------


def phase_times(setup: Setup, runs: int) -> tuple[dict[str, float], float]:
    """Median ms per phase of `slaeditor render telecom -o c.pdf`, and the median wall time."""
    samples: list[dict[str, float]] = []
    walls = []
    log = setup.work / "phases.log"
    for _ in range(runs):
        command = [
            sys.executable,
            str(BENCH / "phase_probe.py"),
            "phases",
            str(TELECOM),
            "phase.pdf",
        ]
        sample = run_timed(command, setup.work, log)
        lines = log.read_text().splitlines()
        report = json.loads(next(line for line in reversed(lines) if line.startswith("{")))
        if report["missing"]:
            _say(f"  (phase probe: not found, not timed: {', '.join(report['missing'])})")
        phases = {name: seconds * 1000 for name, seconds in report["phases"].items()}
        for name, seconds in report.get("layout process", {}).items():
            phases[f"{LAYOUT_PROCESS}{name}"] = seconds * 1000  # alongside: not in the sum
        phases["interpreter start + exit"] = sample.wall_ms - report["total"] * 1000
        samples.append(phases)
        walls.append(sample.wall_ms)
    names = {name for sample in samples for name in sample}
    medians = {name: statistics.median(s.get(name, 0.0) for s in samples) for name in names}
    return medians, statistics.median(walls)


PHASE_ORDER = [
    "interpreter start + exit",
    "import (modules loaded while running)",
    "WeasyPrint, fonts (writer.prepare)",
    "idle until the contract arrives",
    "load + validate",
    "recorded texts (confined child)",
    "compose",
    "HTML (pack skeleton)",
    "pack digest (layout key)",
    "fonts (FontConfiguration)",
    "HTML parse",
    "CSS cascade (selectors, styles)",
    "box tree",
    "layout (pagination)",
    "layout, rest of render()",
    "parallel layout (part processes)",
    "drawing (paint pages)",
    "drawing + writing (WeasyPrint)",
    "font subsetting + embedding",
    "PDF serialisation + compression",
    "PDF/A, signature fields, links",
    "join parts",
    "waiting for the layout process",
    "other (argparse, messages, checks, file)",
]
LAYOUT_PROCESS = "  in the layout process: "
"""The phases of the command's layout process (early_start), which overlap the command's."""


def phase_table(tables: dict[str, tuple[dict[str, float], float]]) -> list[str]:
    """The phases side by side for each condition, in the order a render meets them."""
    conditions = list(tables)
    lines = ["  " + f"{'phase':<58}" + "".join(f"{c[:22]:>24}" for c in conditions)]
    order = PHASE_ORDER + [LAYOUT_PROCESS + name for name in PHASE_ORDER]
    names = [n for n in order if any(n in t for t, _ in tables.values())]
    names += sorted({n for t, _ in tables.values() for n in t} - set(names))
    for name in names:
        cells = ""
        for condition in conditions:
            phases, wall = tables[condition]
            value = phases.get(name)
            cells += " " * 24 if value is None else f"{value:10.0f} ms {value / wall:6.1%}  "
        lines.append(f"  {name:<58}{cells}".rstrip())
    totals = "".join(f"{wall:10.0f} ms {'':>8}  " for _, wall in tables.values())
    lines.append(f"  {'whole process (wall, instrumented)':<58}{totals}".rstrip())
    return lines


def _group(function: tuple[str, int, str]) -> str | None:
    """The package a profiled function belongs to; None for a built-in (charged to its caller)."""
    filename = function[0].replace("\\", "/")
    if filename == "~":
        return None
    if filename.startswith("<frozen"):
        return "import machinery (frozen importlib)"
    if "/site-packages/" in filename:
        parts = filename.split("/site-packages/", 1)[1].split("/")
        top = parts[0].removesuffix(".py")
        return f"{top}.{parts[1].removesuffix('.py')}" if top == "weasyprint" else top
    slaeditor = (ROOT / "slaeditor").as_posix() + "/"
    if filename.startswith(slaeditor):
        parts = filename[len(slaeditor) :].split("/")
        return "slaeditor." + parts[0].removesuffix(".py")
    library = filename.split("/lib/python3.", 1)[-1].split("/")  # "11", "json", "decoder.py"
    return "stdlib " + (library[1].removesuffix(".py") if len(library) > 1 else filename)


def profile_groups(path: Path) -> tuple[list[tuple[str, float]], list[tuple[str, float]], float]:
    """Exclusive time per package (built-ins charged to their callers) and per function."""
    stats: dict[Any, Any] = pstats.Stats(str(path)).stats  # type: ignore[attr-defined]
    groups: dict[str, float] = {}
    for function, (_, _, own, _, callers) in stats.items():
        group = _group(function)
        if group is not None:
            groups[group] = groups.get(group, 0.0) + own
            continue
        for caller, timing in callers.items():  # (calls, primitive calls, own time, cumulative)
            name = _group(caller) or "C built-ins called by built-ins"
            groups[name] = groups.get(name, 0.0) + timing[2]
    total = sum(groups.values())
    functions = sorted(stats.items(), key=lambda item: -item[1][2])[:12]
    top = [(f"{Path(f[0]).name}:{f[1]}({f[2]})", timing[2]) for f, timing in functions]
    return sorted(groups.items(), key=lambda item: -item[1]), top, total


def import_groups(log: str) -> list[tuple[str, float]]:
    """Cumulative import time of each top-level import, by package, from -X importtime."""
    packages: dict[str, float] = {}
    for line in log.splitlines():
        if not line.startswith("import time:"):
            continue
        parts = line.split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        name = parts[2][1:]
        if name.startswith(" "):
            continue  # imported by another module: already in its cumulative time
        root = name.split(".")[0]
        packages[root] = packages.get(root, 0.0) + int(parts[1]) / 1000
    return sorted(packages.items(), key=lambda item: -item[1])


def profile_report(setup: Setup) -> list[str]:
    """cProfile and -X importtime of the command; the raw files kept in benchmarks/profiles."""
    PROFILES.mkdir(exist_ok=True)
    prof = PROFILES / "render-telecom.prof"
    log = setup.work / "profile.log"
    run_timed(
        [
            sys.executable,
            str(BENCH / "phase_probe.py"),
            "cprofile",
            str(TELECOM),
            "p.pdf",
            str(prof),
        ],
        setup.work,
        log,
        {"SLAEDITOR_RENDER_PARALLEL": "0"},  # all of its CPU in the one process profiled
    )
    groups, functions, total = profile_groups(prof)
    lines = [
        f"  cProfile of the command laid out in one pass ({total * 1000:.0f} ms under the "
        "profiler; its CPU, wherever the parts would run), by package:"
    ]
    lines += [f"    {name:<44} {t * 1000:7.0f} ms {t / total:6.1%}" for name, t in groups[:14]]
    lines.append("  the functions with the most time of their own:")
    lines += [f"    {name[:60]:<60} {t * 1000:7.0f} ms" for name, t in functions]
    importtime = setup.work / "importtime.log"
    render = ["render", str(TELECOM), "-o", "i.pdf"]
    run_timed(
        [sys.executable, "-X", "importtime", *_as_python(setup.command), *render],
        setup.work,
        importtime,
    )
    text = importtime.read_text(errors="replace")
    (PROFILES / "importtime-render-telecom.txt").write_text(text)
    packages = import_groups(text)
    summed = sum(t for _, t in packages)
    lines.append(f"  imports of the command (-X importtime, {summed:.0f} ms in all), by package:")
    lines += [f"    {name:<44} {t:7.0f} ms" for name, t in packages[:10]]
    return lines


def _as_python(command: list[str]) -> list[str]:
    """The command's script (for `python -X importtime SCRIPT`), or its `-m` form."""
    return command[1:] if command[0] == sys.executable else command


# --- the report -----------------------------------------------------------------------------


def report(quick: bool = False) -> bool:
    """Measure and print every path, quiet and busy, then where the command's time goes.

    Returns True when a target is missed. What is printed is also saved, with the raw profiles,
    in benchmarks/profiles/ (users-paths.txt).
    """
    import tempfile

    rounds = QUICK_ROUNDS if quick else ROUNDS
    terminate = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that `finally` kills the loop
    drivers = contextlib.ExitStack()  # the warm API processes, closed once their rows are in
    rows: dict[str, list[Row]] = {}
    _PRINTED.clear()
    try:
        with tempfile.TemporaryDirectory(prefix="slaeditor-users-paths-") as folder:
            work = Path(folder)
            setup = prepare(work)
            _say(
                "Users' paths, side by side with LibreOffice converting our DOCX of the same "
                f"agreement\n  (median of {rounds} runs each, interleaved ours/LibreOffice after "
                "a warm-up pair; LO÷ours = median of the pairs' ratios, > 1: we are faster;\n"
                "  load = median 1-minute load average after each pair; CPU includes child "
                "processes; peak = largest single process)"
            )
            if setup.libreoffice is None:
                _say("  LibreOffice (soffice) not installed: no reference, ratios not measured")
            driver = ApiDriver(TELECOM, work / "api.pdf", work / "api.log")
            drivers.callback(driver.close)
            one_pass = ApiDriver(TELECOM, work / "api-1.pdf", work / "api-1.log", ONE_PASS)
            drivers.callback(one_pass.close)
            for _ in range(2):  # imports, fonts and the first layouts, not counted
                driver.export()
                one_pass.export()
            phases: dict[str, tuple[dict[str, float], float]] = {}
            for condition, heading in CONDITIONS.items():
                with contextlib.ExitStack() as stack:
                    share = stack.enter_context(busy_core()) if condition == BUSY else None
                    loads = " ".join(f"{x:.2f}" for x in os.getloadavg())
                    _say(f" {heading}: load average {loads} (1, 5, 15 min) at the start", HEADER)
                    rows[condition] = measure(setup, rounds, driver, one_pass)
                    phases[condition] = phase_times(setup, 1 if quick else 3)
                    if share is not None:
                        _say(f"  (the CPU loop had {share():.0%} of a core while measuring)")
            drivers.close()
            _say(
                "Where the command's time goes: `slaeditor render telecom -o c.pdf`, phase by "
                "phase (phase_probe.py; each moment counted in the innermost phase; median of "
                f"{1 if quick else 3})",
                *phase_table(phases),
                *profile_report(setup),
            )
    finally:
        drivers.close()
        signal.signal(signal.SIGTERM, terminate)
    missed = {c: [r.path.strip() for r in rs if r.ok is False] for c, rs in rows.items()}
    if any(missed.values()):
        _say("Below target: " + "; ".join(f"{c}: {', '.join(m)}" for c, m in missed.items() if m))
    PROFILES.mkdir(exist_ok=True)
    (PROFILES / "users-paths.txt").write_text("\n".join(_PRINTED) + "\n", encoding="utf-8")
    return any(missed.values())


_PRINTED: list[str] = []


def _say(*lines: str) -> None:
    """Print lines now, and keep them for benchmarks/profiles/users-paths.txt."""
    for line in lines:
        print(line, flush=True)
        _PRINTED.append(line)


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    unknown = [a for a in argv if a != "--quick"]
    if unknown:
        print(f"usage: {Path(__file__).name} [--quick]", file=sys.stderr)
        return 2
    return 1 if report(quick) else 0


if __name__ == "__main__":
    from run import compiled_as_installed, own_cache_folder

    compiled_as_installed()
    with own_cache_folder():
        sys.exit(main(sys.argv[1:]))
