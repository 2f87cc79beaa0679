"""Time the `render` command of two copies of the project side by side, with LibreOffice.

    python benchmarks/command_compare.py OLD_TREE NEW_TREE [ROUNDS] [AGREEMENT]

Without git a change cannot be timed against the code before it in one run, so copy the
project (its slaeditor/, templates/ and examples/) to OLD_TREE before changing anything, and
the changed one to NEW_TREE (both copies, so that colleagues' edits to the examples or the
pack in the meantime change neither side). Each tree's command writes the agreement
(relative to the tree; the telecom example by default) as PDF and as DOCX, and LibreOffice
converts the OLD tree's DOCX, one after the other, ROUNDS times (7 by default) after one
warm-up round, so that drift on a shared machine hits all alike. Prints the median and the
fastest wall time of each, and the 1-minute load average after each round.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNNER = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); "
    "from slaeditor.cli import main; sys.exit(main())"
)


def _timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return (time.perf_counter() - started) * 1000


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    old, new = Path(argv[0]).resolve(), Path(argv[1]).resolve()
    rounds = int(argv[2]) if len(argv) > 2 else 7
    agreement = argv[3] if len(argv) > 3 else "examples/telecom-customer.sla.yaml"
    work = Path(tempfile.mkdtemp(prefix="command-compare-"))
    try:
        commands: dict[str, tuple[list[str], Path]] = {}
        for name, tree in (("old", old), ("new", new)):
            for suffix in ("pdf", "docx"):
                out = work / f"{name}.{suffix}"
                command = [sys.executable, "-c", RUNNER, str(tree), "render", agreement, "-o"]
                commands[f"{name} {suffix}"] = ([*command, str(out)], tree)
        office = shutil.which("soffice") or shutil.which("libreoffice")
        if office is not None:
            profile = (work / "lo-profile").as_uri()
            commands["libreoffice"] = (
                [office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                 "--outdir", str(work / "lo"), str(work / "old.docx")],
                work,
            )  # fmt: skip
        times: dict[str, list[float]] = {name: [] for name in commands}
        loads: list[str] = []
        for round_number in range(rounds + 1):
            for name, (command, cwd) in commands.items():
                elapsed = _timed(command, cwd)
                if round_number:
                    times[name].append(elapsed)
            if round_number:
                loads.append(Path("/proc/loadavg").read_text().split()[0])
        for name, measured in times.items():
            print(
                f"{name:12s} median {statistics.median(measured):6.0f} ms, fastest "
                f"{min(measured):6.0f} ms  ({', '.join(f'{m:.0f}' for m in measured)})"
            )
        print(f"1-minute load average after each round: {', '.join(loads)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
