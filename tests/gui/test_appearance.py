"""What the window looks like under the desktop's own palette: a dark theme stays readable.

Each check runs in a process of its own, because the palette is chosen when the application
starts (the test session's own window is light). The text of every input, the step list and
the page headings is measured on the screen image against what is behind it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import TYPE_CHECKING

from helpers import ROOT
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QTableWidget

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from slaeditor.gui.shell.main_window import MainWindow

_SCRIPT = textwrap.dedent(
    """
    import json, sys, tempfile, pathlib
    from collections import Counter
    from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QLabel
    from PySide6.QtGui import QColor
    app = QApplication(["x", "-platform", "offscreen"])
    from slaeditor.gui.style import dark_palette
    app.setPalette(dark_palette())
    from slaeditor.gui import build_main_window
    from slaeditor.gui.context import AppContext
    window = build_main_window(AppContext.create(pathlib.Path(tempfile.mkdtemp())))
    window.resize(1280, 800)
    window.show()
    window.wizard.ensure_pages()
    window.open_agreement(sys.argv[1])

    def luminance(c):
        def channel(v):
            v = v / 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())

    def contrast(widget):
        image = widget.grab().toImage()
        width, height = image.width(), image.height()
        colours = Counter(
            image.pixel(x, y) for x in range(0, width, 2) for y in range(0, height, 2)
        )
        background = QColor(colours.most_common(1)[0][0])
        ink = max(
            (QColor(p) for p in colours),
            key=lambda c: abs(luminance(c) - luminance(background)),
        )
        high, low = sorted((luminance(ink), luminance(background)), reverse=True)
        return (high + 0.05) / (low + 0.05)

    worst = {}
    for page in window.wizard.pages:
        window.wizard.go_to(page.key)
        app.processEvents()
        widgets = [w for w in page.findChildren(QLineEdit) if w.isVisible() and w.text()]
        widgets += [page.heading_label]
        for widget in widgets:
            name = f"{page.key}: {widget.accessibleName() or widget.objectName()}"
            worst[name] = contrast(widget)
    worst["step list"] = contrast(window.steps)
    worst["menu bar"] = contrast(window.menuBar())
    window.forget_changes()
    print(json.dumps(worst))
    """
)


def test_a_dark_desktop_palette_keeps_every_text_readable() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(ROOT / "examples" / "telecom-customer.sla.yaml")],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    measured: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    assert len(measured) > 40
    unreadable = {name: round(ratio, 2) for name, ratio in measured.items() if ratio < 4.5}
    assert unreadable == {}  # WCAG AA: text at least 4.5 times as bright as its background


def test_every_table_is_readable_at_1280_pixels_without_scrolling_sideways(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(1280, 800)
    window.open_agreement(ROOT / "examples" / "telecom-customer.sla.yaml")
    problems: list[str] = []
    seen = 0
    for page in window.wizard.pages:
        window.wizard.go_to(page.key)
        qtbot.wait(20)
        for table in page.findChildren(QTableWidget):
            if not table.isVisible():
                continue
            seen += 1
            name = f"{page.key}: {table.accessibleName()}"
            if table.horizontalScrollBar().maximum() > 0:
                problems.append(f"{name} scrolls sideways")
            metrics = table.fontMetrics()
            delegate = table.itemDelegate()
            for column in range(table.columnCount()):
                width = table.columnWidth(column) - 8
                heading = table.horizontalHeaderItem(column).text()
                if any(metrics.horizontalAdvance(line) > width for line in heading.split("\n")):
                    problems.append(f"{name}: the heading {heading!r} is cut off")
                for row in range(table.rowCount()):
                    item = table.item(row, column)
                    if item is None or not item.text():
                        continue
                    shown = delegate.displayText(item.text(), table.locale())
                    needed = metrics.boundingRect(
                        QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, shown
                    )
                    if needed.width() > width or needed.height() > table.rowHeight(row):
                        problems.append(f"{name}: {item.text()!r} does not fit its cell")
    assert seen >= 8
    assert problems == []


def test_the_window_fits_a_1024_by_700_screen_and_no_page_scrolls_sideways(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.minimumSizeHint().width() <= 1024
    assert window.minimumSizeHint().height() <= 700
    window.resize(1024, 700)
    window.open_agreement(ROOT / "examples" / "telecom-customer.sla.yaml")
    qtbot.wait(20)
    assert window.width() == 1024
    wide = []
    for page in window.wizard.pages:
        window.wizard.go_to(page.key)
        qtbot.wait(20)
        if page.scroll_area.horizontalScrollBar().maximum() > 0:
            wide.append(page.key)
    assert wide == []
