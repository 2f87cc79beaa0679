"""What a reader sees around the text of every page: the running header's rule and the footer."""

from __future__ import annotations

import re
import subprocess
from typing import TYPE_CHECKING

import pytest
from helpers import ROOT

from slaeditor import render

if TYPE_CHECKING:
    from pathlib import Path

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"
DPI = 150
MM = DPI / 25.4
LEFT_MARGIN_MM, RIGHT_MARGIN_MM, PAGE_WIDTH_MM = 24, 22, 210
TOP = 24  # the top margin, where the running header and its rule sit


def _longest_dark_run(row: list[int]) -> tuple[int, int]:
    """Return the first and last pixel of the longest run of non-white pixels in a row."""
    best, start = (0, -1), None
    for x, value in enumerate([*row, 255]):
        if value < 245 and start is None:
            start = x
        elif value >= 245 and start is not None:
            if x - start > best[1] - best[0] + 1:
                best = (start, x - 1)
            start = None
    return best


@pytest.fixture(scope="module")
def header_bands(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("furniture")
    pdf = render(TELECOM, folder / "contract.pdf")
    band = ["-x", "0", "-y", "0", "-W", str(round(PAGE_WIDTH_MM * MM)), "-H", str(round(TOP * MM))]
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-gray", *band, "-png", pdf, folder / "top"], check=True
    )
    return sorted(folder.glob("top-*.png"))


def test_the_header_rule_spans_the_text_width_on_every_page_but_the_title(
    header_bands: list[Path],
) -> None:
    from PIL import Image

    assert len(header_bands) > 10
    left, right = LEFT_MARGIN_MM * MM, (PAGE_WIDTH_MM - RIGHT_MARGIN_MM) * MM
    for number, path in enumerate(header_bands[1:], start=2):
        with Image.open(path) as image:
            gray = image.convert("L")
            width, data = gray.width, gray.tobytes()
        runs = [
            _longest_dark_run(list(data[y * width : (y + 1) * width])) for y in range(gray.height)
        ]
        first, last = max(runs, key=lambda run: run[1] - run[0])
        assert abs(first - left) < 0.5 * MM, (
            f"page {number}: the rule starts at {first / MM:.1f} mm"
        )
        assert abs(last - right) < 0.5 * MM, f"page {number}: the rule ends at {last / MM:.1f} mm"


def test_a_long_agreement_id_wraps_in_the_footer_clear_of_the_page_number(
    tmp_path: Path,
) -> None:
    from slaeditor import load_agreement

    agreement = load_agreement(TELECOM)
    agreement.document.agreement_id = "X" * 200  # one unbroken word, allowed by the model
    pdf = render(agreement, tmp_path / "contract.pdf")
    bbox = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", "-bbox", pdf, "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    words = re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', bbox
    )
    footer = [(float(x0), float(x1), text) for x0, y0, x1, text in words if float(y0) > 780]
    page_word = next(x0 for x0, _, text in footer if text == "Page")
    id_words = [(x0, x1) for x0, x1, text in footer if text.startswith("X")]
    assert len(id_words) > 1  # wrapped onto several lines
    assert all(x1 < page_word for _, x1 in id_words), (id_words, page_word)
