"""Write pictures of the example's monthly statement, as `slaeditor credits` prints it.

docs/screenshots/statement/statement-page-<n>.png: each page of the PDF statement of the
telecom example for May 2025, from the measurements and support files in examples/, at a
size a reader of the README can read. Needs poppler's pdftoppm.

    .venv/bin/python tools/statement_pages.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots" / "statement"
EXAMPLES = ROOT / "examples"
DPI = 70


def main() -> None:
    """Write the statement as PDF in a temporary folder, then its pages as pictures."""
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "statement.pdf"
        subprocess.run(
            [sys.executable, "-m", "slaeditor.cli", "credits",
             str(EXAMPLES / "telecom-customer.sla.yaml"), "--period", "2025-05",
             "--measurements", str(EXAMPLES / "telecom-customer-2025-05.measurements.csv"),
             "--support", str(EXAMPLES / "telecom-customer-2025-05.support.csv"),
             "-o", str(pdf)],
            check=True,
        )  # fmt: skip
        for old in OUT.glob("statement-page-*.png"):
            old.unlink()
        subprocess.run(
            ["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(OUT / "statement-page")],
            check=True,
        )
    for path in sorted(OUT.glob("statement-page-*.png")):
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
