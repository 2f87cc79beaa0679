"""How a signed field looks: a tinted box that says who signed and when, drawn without fonts.

pyHanko's default look uses Courier as a non-embedded font, which a PDF/A document must not
contain, and its text engine for embedded fonts needs HarfBuzz bindings. The words here are
few and fixed, so they are drawn as the glyph outlines of a system sans-serif font (read with
fontTools, which WeasyPrint already brings): vector paths that every viewer draws the same and
that keep the document PDF/A. Without any usable font file the box is drawn without words.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont
from pyhanko.stamp.base import BaseStamp, BaseStampStyle

if TYPE_CHECKING:
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.pdf_utils.writer import BasePdfFileWriter

_FILL = b"0.922 0.965 0.929 rg"
_ACCENT = b"0.149 0.478 0.259 rg"
_INK = b"0.118 0.176 0.251 rg"
_MUTED = b"0.353 0.392 0.447 rg"
_PAD = 6.0

_FALLBACK_FONTS = (
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
    "/Library/Fonts/Arial.ttf",
    "C:/Windows/Fonts/arial.ttf",
)


@functools.cache
def _font() -> TTFont | None:
    """Find a sans-serif TrueType font once per process (fontconfig first, then known paths)."""
    candidates: list[str] = []
    binary = shutil.which("fc-match")
    if binary:
        try:
            found = subprocess.run(
                [binary, "-f", "%{file}", "sans-serif:style=Regular:fontformat=TrueType"],
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            ).stdout.strip()
            candidates.append(found)
        except (OSError, subprocess.SubprocessError):
            pass
    candidates.extend(_FALLBACK_FONTS)
    for candidate in candidates:
        if candidate.lower().endswith((".ttf", ".otf")) and Path(candidate).is_file():
            try:
                font = TTFont(candidate, lazy=True)
                font.getGlyphSet()  # fails early on a font without outlines we can read
                return font
            except Exception:  # noqa: S112 - a broken font file: try the next one
                continue
    return None


class _PathPen(BasePen):  # type: ignore[misc]
    """Write glyph outlines as PDF path operators, scaled and moved into place."""

    def __init__(self, glyphs: Any, scale: float, x: float, y: float) -> None:
        super().__init__(glyphs)
        self.parts: list[str] = []
        self._scale, self._x, self._y = scale, x, y

    def _point(self, point: tuple[float, float]) -> str:
        return f"{self._x + point[0] * self._scale:.2f} {self._y + point[1] * self._scale:.2f}"

    def _moveTo(self, point: tuple[float, float]) -> None:
        self.parts.append(f"{self._point(point)} m")

    def _lineTo(self, point: tuple[float, float]) -> None:
        self.parts.append(f"{self._point(point)} l")

    def _curveToOne(
        self, one: tuple[float, float], two: tuple[float, float], three: tuple[float, float]
    ) -> None:
        self.parts.append(f"{self._point(one)} {self._point(two)} {self._point(three)} c")

    def _closePath(self) -> None:
        self.parts.append("h")


def text_width(text: str, size: float) -> float:
    """Return the width of text set in the appearance font at size (0 without a font)."""
    font = _font()
    if font is None:
        return 0.0
    cmap, metrics = font.getBestCmap(), font["hmtx"].metrics
    units = font["head"].unitsPerEm
    return float(sum(metrics[cmap.get(ord(c), ".notdef")][0] for c in text) * size / units)


def text_paths(text: str, size: float, x: float, y: float) -> bytes:
    """Return PDF path operators that fill text's outlines with the baseline at (x, y)."""
    font = _font()
    if font is None or not text:
        return b""
    glyphs, cmap = font.getGlyphSet(), font.getBestCmap()
    scale = size / font["head"].unitsPerEm
    parts: list[str] = []
    for character in text:
        name = cmap.get(ord(character), ".notdef")
        pen = _PathPen(glyphs, scale, x, y)
        glyphs[name].draw(pen)
        parts.extend(pen.parts)
        x += glyphs[name].width * scale
    return (" ".join(parts) + " f").encode("ascii") if parts else b""


def _fitted(text: str, size: float, width: float) -> float:
    """Shrink the size until the text fits the width (never below 5 pt)."""
    measured = text_width(text, size)
    if measured <= width or measured == 0:
        return size
    return max(5.0, size * width / measured)


@dataclass(frozen=True)
class SignedLook(BaseStampStyle):
    """The look of a signed field: a pale green box, a green rule, who signed, when, why."""

    headline: str = ""
    details: tuple[str, ...] = ()
    border_width: int = 0

    def create_stamp(
        self, writer: BasePdfFileWriter, box: BoxConstraints, text_params: dict[str, Any]
    ) -> _SignedStamp:
        """Return the stamp pyHanko draws into the field's appearance."""
        return _SignedStamp(writer, self, box)


class _SignedStamp(BaseStamp):
    def _render_inner_content(self) -> list[bytes]:
        style: SignedLook = self.style
        width, height = float(self.box.width), float(self.box.height)
        commands = [
            _FILL + b" 0 0 %.2f %.2f re f" % (width, height),
            _ACCENT + b" 0 0 2 %.2f re f" % height,
        ]
        room = width - 2 * _PAD - 2
        lines = [(style.headline, 9.5, _INK), *((d, 7.0, _MUTED) for d in style.details)]
        total = sum(size * 1.25 for _, size, _ in lines)
        y = (height + total) / 2 - lines[0][1]
        for text, size, colour in lines:
            fitted = _fitted(text, size, room)
            outline = text_paths(text, fitted, _PAD + 2, y)
            if outline:
                commands.append(colour + b" " + outline)
            y -= size * 1.25
        return commands
