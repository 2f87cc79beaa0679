"""Helpers shared by the tests: read the text of real PDF and DOCX files; run a new interpreter."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES_DIR = ROOT / "examples"
EXAMPLES = sorted(EXAMPLES_DIR.glob("*.sla.yaml"))

# A4 in points; the running header and the footer sit in the margins, outside this box.
_BODY_BOX = ["-x", "0", "-y", "64", "-W", "595", "-H", "718"]
_INVISIBLE = {"Cf"}
_BULLETS = {"•", "●", "◦"}
_BODY_TOP, _BODY_BOTTOM = 64, 782  # the same box, as distances from the top of the page


def words(text: str) -> list[str]:
    """Split text into words as a reader sees them.

    Drops bullets and the invisible direction marks extractors add, and rejoins a word that a
    PDF line break split after a hyphen ("then-" + "current"), or that the layout hyphenated
    (U+2010, "pay‐" + "able" is "payable"), which is layout, not wording.
    """
    text = unicodedata.normalize("NFKC", text)  # Arabic ligatures come out as presentation forms
    cleaned = "".join(c for c in text if unicodedata.category(c) not in _INVISIBLE)
    tokens = [w for w in re.split(r"\s+", cleaned) if w and w not in _BULLETS]
    joined: list[str] = []
    for token in tokens:
        if joined and joined[-1].endswith("\u2010") and len(joined[-1]) > 1:
            joined[-1] = joined[-1][:-1] + token  # a hyphen the layout added ("pay‐" "able")
        elif joined and joined[-1].endswith("-") and len(joined[-1]) > 1:
            joined[-1] += token
        else:
            joined.append(token)
    return joined


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


def pdf_page_count(path: Path) -> int:
    """Count a PDF's pages with pypdf."""
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def pdf_body_words(path: Path, table_headers: list[list[str]]) -> list[str]:
    """Read the body words of a PDF page by page, dropping table headers repeated on new pages.

    The words are the characters the PDF holds, in the order it draws them (pypdf), within
    the body box: a space is a space glyph, as in a copy from a PDF reader. (pdftotext -raw
    guesses spaces from the gaps between glyphs, and joined two words where WeasyPrint drew
    the first a point too far right, into the space before a link.)
    A table that continues on the next page repeats its header row there; that is layout (Word
    does the same on screen without repeating it in the text), so it is not part of the wording.
    """
    from pypdf import PdfReader

    result: list[str] = []
    previous: list[str] = []
    for page in PdfReader(path).pages:
        page_words = original = words(_body_text(page))
        for header in table_headers:
            if header and page_words[: len(header)] == header and _contains(previous, header):
                page_words = page_words[len(header) :]
                break
        if result and page_words and result[-1].endswith("\u2010"):  # hyphenated over a page
            result[-1] = result[-1][:-1] + page_words[0]
            page_words = page_words[1:]
        result.extend(page_words)
        previous = original
    return result


def _body_text(page: Any) -> str:
    """Return the text a PDF page draws within the body box, a new line where a line begins."""
    height = float(page.mediabox.height)
    pieces: list[str] = []
    line = [float("nan")]

    def keep(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if _BODY_TOP <= height - y <= _BODY_BOTTOM:
            if not abs(y - line[0]) < 1:  # a new line (or a cell) begins a new word
                pieces.append("\n")
            line[0] = y
            # A list's bullet is drawn after its item's text, on the same line: a word of its own.
            pieces.append(f" {text} " if text.strip() in _BULLETS else text)

    page.extract_text(visitor_text=keep)
    return "".join(pieces)


def _contains(haystack: list[str], needle: list[str]) -> bool:
    """Tell whether needle occurs as a run of consecutive words in haystack."""
    size = len(needle)
    return any(haystack[i : i + size] == needle for i in range(len(haystack) - size + 1))


def docx_table_headers(path: Path) -> list[list[str]]:
    """Return the words of each table's header row in a DOCX."""
    import docx

    document = docx.Document(str(path))
    return [words(" ".join(cell.text for cell in t.rows[0].cells)) for t in document.tables]


def docx_text(path: Path) -> str:
    """Read a DOCX body in document order: paragraphs and table cells, as Word shows them."""
    import docx

    document = docx.Document(str(path))
    lines: list[str] = []

    def read(container: object) -> None:
        for item in container.iter_inner_content():  # type: ignore[attr-defined]
            if isinstance(item, docx.table.Table):
                for row in item.rows:
                    for cell in row.cells:
                        read(cell)  # a cell's paragraphs and any table inside it
            else:
                lines.append(item.text)

    read(document)
    return "\n".join(lines)


def fresh_json(code: str, **env: str) -> Any:
    """Run code in a new interpreter (its cache folder the tests'); return its last JSON line."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        cwd=ROOT,
        env={**os.environ, **env},
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])
