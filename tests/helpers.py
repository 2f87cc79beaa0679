"""Helpers shared by the tests: read the text of real PDF and DOCX files."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.sla.yaml"))

# A4 in points; the running header and the footer sit in the margins, outside this box.
_BODY_BOX = ["-x", "0", "-y", "64", "-W", "595", "-H", "718"]
_INVISIBLE = {"Cf"}


def words(text: str) -> list[str]:
    """Split text into words, dropping bullets and invisible direction marks added by extractors."""
    cleaned = "".join(c for c in text if unicodedata.category(c) not in _INVISIBLE)
    return [w for w in re.split(r"\s+", cleaned) if w and w not in {"•", "●", "◦"}]


def pdf_text(path: Path, body_only: bool = True) -> str:
    """Read a PDF's text in content order with poppler's pdftotext."""
    crop = _BODY_BOX if body_only else []
    result = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", *crop, str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def docx_text(path: Path) -> str:
    """Read a DOCX body in document order: paragraphs and table cells, as Word shows them."""
    import docx

    document = docx.Document(str(path))
    lines: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, docx.table.Table):
            for row in item.rows:
                lines.extend(cell.text for cell in row.cells)
        else:
            lines.append(item.text)
    return "\n".join(lines)
