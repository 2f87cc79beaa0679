"""The preview pane shows a real PDF, an error beside it, and keeps the reader's place."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from helpers import ROOT
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPageSize, QPainter, QPdfWriter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView

from slaeditor.gui.shell.preview_pane import PreviewPane

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from slaeditor.gui.shell.main_window import MainWindow

PAGES = 6


def _write_pdf(path: Path, title: str) -> None:
    """Write a small multi-page A4 PDF with Qt itself, so these tests need no renderer."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    for page in range(PAGES):
        if page:
            writer.newPage()
        painter.drawText(QPointF(200, 400), f"{title}: page {page + 1}")
    painter.end()


@pytest.fixture
def pdfs(tmp_path: Path) -> tuple[str, str]:
    first, second = tmp_path / "preview-a.pdf", tmp_path / "preview-b.pdf"
    _write_pdf(first, "first")
    _write_pdf(second, "second")
    return str(first), str(second)


@pytest.fixture
def pane(qtbot: QtBot) -> PreviewPane:
    widget = PreviewPane()
    qtbot.addWidget(widget)
    widget.resize(600, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_a_new_pane_shows_the_placeholder_and_no_document(pane: PreviewPane) -> None:
    assert pane.document.status() == QPdfDocument.Status.Null
    assert not pane.view.isVisible()
    assert pane.view.accessibleName() == "Contract preview"


def test_the_pane_shows_every_page_of_a_pdf_with_the_time_taken(
    pane: PreviewPane, pdfs: tuple[str, str]
) -> None:
    pane.show_pdf(pdfs[0], 930.0)
    assert pane.document.pageCount() == PAGES
    assert pane.view.isVisible()
    assert pane.status_text() == f"Preview updated in 0.9 s · {PAGES} pages"
    assert pane.error_text() == ""


def test_a_render_error_is_shown_above_the_last_good_preview(
    pane: PreviewPane, pdfs: tuple[str, str]
) -> None:
    pane.show_pdf(pdfs[0], 900.0)
    message = "The agreement has 1 error to fix: provider.name: must not be empty; fill it in"
    pane.show_error(message)
    assert pane.error_text() == message
    assert pane.document.pageCount() == PAGES  # the last good preview stays readable
    assert pane.status_text().startswith("Preview not updated")
    pane.show_pdf(pdfs[1], 800.0)
    assert pane.error_text() == ""


def test_updating_is_announced_in_the_status_line(pane: PreviewPane) -> None:
    pane.set_updating()
    assert pane.status_text().startswith("Updating preview")


def test_a_reload_keeps_the_readers_page_and_offset(
    qtbot: QtBot, pane: PreviewPane, pdfs: tuple[str, str]
) -> None:
    pane.show_pdf(pdfs[0], 900.0)
    qtbot.wait(50)
    bar = pane.view.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum() // 2 + 37)
    qtbot.wait(50)
    place, page = bar.value(), pane.view.pageNavigator().currentPage()
    assert page > 0
    pane.show_pdf(pdfs[1], 900.0)
    qtbot.wait(50)
    assert bar.value() == place
    assert pane.view.pageNavigator().currentPage() == page
    pane.show_pdf(pdfs[0], 900.0)
    qtbot.wait(50)
    assert bar.value() == place


def test_a_missing_file_is_reported_not_shown(
    pane: PreviewPane, pdfs: tuple[str, str], tmp_path: Path
) -> None:
    pane.show_pdf(pdfs[0], 900.0)
    missing = str(tmp_path / "gone.pdf")
    pane.show_pdf(missing, 900.0)
    assert missing in pane.error_text()


def test_clear_returns_to_the_placeholder(pane: PreviewPane, pdfs: tuple[str, str]) -> None:
    pane.show_pdf(pdfs[0], 900.0)
    pane.show_error("something")
    pane.clear()
    assert pane.document.status() == QPdfDocument.Status.Null
    assert pane.error_text() == ""
    assert not pane.view.isVisible()


def test_the_preview_zooms_in_and_out_and_fits_its_width_again(
    qtbot: QtBot, window: MainWindow
) -> None:
    service = window.render_service
    with qtbot.waitSignal(service.preview_finished, timeout=120_000):
        window.open_agreement(ROOT / "examples" / "telecom-customer.sla.yaml")
    preview = window.preview
    view = preview.view
    assert view.zoomMode() == QPdfView.ZoomMode.FitToWidth

    qtbot.mouseClick(preview.zoom_buttons["in"], Qt.MouseButton.LeftButton)
    larger = preview.zoom_factor()
    qtbot.mouseClick(preview.zoom_buttons["in"], Qt.MouseButton.LeftButton)
    assert preview.zoom_factor() > larger
    qtbot.mouseClick(preview.zoom_buttons["out"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(preview.zoom_buttons["out"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(preview.zoom_buttons["out"], Qt.MouseButton.LeftButton)
    assert preview.zoom_factor() < larger
    qtbot.mouseClick(preview.zoom_buttons["fit"], Qt.MouseButton.LeftButton)
    assert view.zoomMode() == QPdfView.ZoomMode.FitToWidth
