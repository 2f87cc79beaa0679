"""Render the application icon (assets/icons/slaeditor.svg) for every packaging format.

Writes build/icons/: hicolor PNGs (16 to 512 px) for the .deb, slaeditor.ico for Windows and
slaeditor.icns for macOS. Rendered with Qt's SVG renderer, which the build environment has
anyway, so no image tool is needed; the SVG stays the only drawn source.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "assets" / "icons" / "slaeditor.svg"


def render_icons(target: Path) -> list[Path]:
    """Write the PNG, ICO and ICNS renderings of the icon into `target`; return their paths."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE}: not a valid SVG")
    target.mkdir(parents=True, exist_ok=True)

    def image(size: int) -> QImage:
        picture = QImage(size, size, QImage.Format.Format_ARGB32)
        picture.fill(Qt.GlobalColor.transparent)
        painter = QPainter(picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        return picture

    renderings = [(f"{size}x{size}.png", size) for size in HICOLOR_SIZES]
    renderings += [("slaeditor.ico", 256), ("slaeditor.icns", 512)]
    written = []
    for name, size in renderings:
        path = target / name
        writer = QImageWriter(str(path), path.suffix[1:].encode())
        if not writer.write(image(size)):
            raise SystemExit(f"{path}: {writer.errorString()}")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in render_icons(ROOT / "build" / "icons"):
        print(f"wrote {path.relative_to(ROOT)}")
