"""Write the README's pictures of the telecom example's contract.

docs/screenshots/contract-pdf.png: the PDF's title page and the pages where "Service levels",
"Service credits" and "Support: severity levels…" begin (found in the PDF's bookmarks, so the
picture follows the pack when its layout changes).
docs/screenshots/contract-word-and-signatures.png: the Word contract's page where the services
begin, as LibreOffice prints it, beside the PDF's last (signature) page.
Needs poppler's pdftoppm and LibreOffice's soffice; runs offscreen.

    .venv/bin/python tools/contract_screenshot.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ("Service levels", "Service credits", "Support: severity levels")
DPI = 72
GAP = 14


def _section_pages(pdf: Path) -> list[int]:
    """Return the 1-based page numbers where the wanted sections begin."""
    import pikepdf

    with pikepdf.open(pdf) as document:
        numbers = {page.objgen: index + 1 for index, page in enumerate(document.pages)}
        with document.open_outline() as outline:
            found = {}
            for item in outline.root:
                title = str(item.title).split(" ", 1)[-1]
                for wanted in SECTIONS:
                    if title.startswith(wanted) and item.destination is not None:
                        found[wanted] = numbers[item.destination[0].objgen]
    return [found[wanted] for wanted in SECTIONS]


def _page_image(pdf: Path, number: int, folder: Path) -> QImage:
    from PySide6.QtGui import QImage

    stem = folder / f"{pdf.stem}-{number}"
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-singlefile",
            "-r",
            str(DPI),
            "-f",
            str(number),
            "-l",
            str(number),
            str(pdf),
            str(stem),
        ],
        check=True,
    )
    return QImage(str(stem.with_suffix(".png")))


def _page_with(pdf: Path, text: str) -> int:
    """Return the first page whose text has `text` (the Word contract has no bookmarks)."""
    pages = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    return next(number for number, page in enumerate(pages, start=1) if text in page)


def _montage(images: list[QImage], name: str) -> None:
    from PySide6.QtGui import QColor, QImage, QPainter

    width = sum(image.width() for image in images) + GAP * (len(images) + 1)
    height = max(image.height() for image in images) + 2 * GAP
    montage = QImage(width, height, QImage.Format.Format_RGB32)
    montage.fill(QColor("#e4e7ec"))
    painter = QPainter(montage)
    x = GAP
    for image in images:
        painter.drawImage(x, GAP, image)
        x += image.width() + GAP
    painter.end()
    target = ROOT / "docs" / "screenshots" / name
    montage.save(str(target))
    print(f"wrote {target} ({width}×{height})")


def main() -> int:
    """Render the example to PDF and Word, rasterise the pages and write the montages."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    import slaeditor

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        pdf, docx = folder / "contract.pdf", folder / "contract.docx"
        example = ROOT / "examples" / "telecom-customer.sla.yaml"
        slaeditor.render(example, pdf)
        slaeditor.render(example, docx)
        _montage(
            [_page_image(pdf, number, folder) for number in [1, *_section_pages(pdf)]],
            "contract-pdf.png",
        )
        subprocess.run(
            [
                "soffice",
                "--headless",
                "--convert-to",
                "pdf:writer_pdf_Export",
                "--outdir",
                str(folder / "word"),
                str(docx),
            ],
            check=True,
            capture_output=True,
        )
        word = folder / "word" / "contract.pdf"
        services = _page_with(word, "Services in scope, sites and customer groups\n")
        last = len(_pages_of(pdf))
        _montage(
            [_page_image(word, services, folder), _page_image(pdf, last, folder)],
            "contract-word-and-signatures.png",
        )
    del app
    return 0


def _pages_of(pdf: Path) -> list[int]:
    import pikepdf

    with pikepdf.open(pdf) as document:
        return list(range(1, len(document.pages) + 1))


if __name__ == "__main__":
    sys.exit(main())
