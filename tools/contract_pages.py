"""Write a picture of every page of every example, as the PDF and as the Word file prints.

docs/screenshots/contracts/<example>-pdf.png: every page of our PDF, in reading order.
docs/screenshots/contracts/<example>-word.png: every page of our DOCX as LibreOffice lays it
out (what a reader without Word sees; Word itself is not available here).
Small grey pages, six to a row, so a reviewer can look at the whole of each contract at once
and compare the two formats page by page. Needs poppler's pdftoppm and LibreOffice.

    .venv/bin/python tools/contract_pages.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots" / "contracts"
DPI = 40
COLUMNS = 6
GAP = 8


def _pages(pdf: Path, work: Path, stem: str) -> list[Image.Image]:
    """Render every page of a PDF as a small grey image."""
    subprocess.run(
        ["pdftoppm", "-gray", "-r", str(DPI), "-png", str(pdf), str(work / stem)], check=True
    )
    return [Image.open(path) for path in sorted(work.glob(f"{stem}-*.png"))]


def _sheet(pages: list[Image.Image], target: Path) -> None:
    """Lay pages out in rows of COLUMNS on a light background, each with a thin frame."""
    width, height = pages[0].size
    rows = (len(pages) + COLUMNS - 1) // COLUMNS
    sheet = Image.new("L", (COLUMNS * (width + GAP) + GAP, rows * (height + GAP) + GAP), 225)
    for index, page in enumerate(pages):
        x = GAP + (index % COLUMNS) * (width + GAP)
        y = GAP + (index // COLUMNS) * (height + GAP)
        sheet.paste(150, (x - 1, y - 1, x + width + 1, y + height + 1))
        sheet.paste(page.convert("L"), (x, y))
    sheet.quantize(colors=32).save(target, optimize=True)


def main() -> int:
    """Render each example to PDF and DOCX, convert the DOCX, and write both sheets."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("contract_pages: LibreOffice (soffice) is needed", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    cli = [sys.executable, "-m", "slaeditor.cli"]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for example in sorted((ROOT / "examples").glob("*.sla.yaml")):
            stem = example.name.removesuffix(".sla.yaml")
            pdf, docx = work / f"{stem}.pdf", work / f"{stem}.docx"
            for target in (pdf, docx):
                subprocess.run([*cli, "render", str(example), "-o", str(target)], check=True)
            profile = (work / "lo-profile").as_uri()
            subprocess.run(
                [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                 "pdf", "--outdir", str(work / "word"), str(docx)],
                check=True, capture_output=True,
            )  # fmt: skip
            _sheet(_pages(pdf, work, f"{stem}-pdf"), OUT / f"{stem}-pdf.png")
            _sheet(
                _pages(work / "word" / f"{stem}.pdf", work, f"{stem}-word"),
                OUT / f"{stem}-word.png",
            )
            print(f"wrote {OUT / stem}-pdf.png and -word.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
