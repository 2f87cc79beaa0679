"""The contract preview: the rendered PDF, a status line, and the render error if there is one.

The preview is reloaded after every edit, so it must not jump: the reader's place (page and
offset) is kept when a new PDF replaces the old one. A render error is shown above the last
good preview instead of in a dialog, because it usually means "keep typing", not "stop".
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QModelIndex, QPointF, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPdf import QPdfBookmarkModel, QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from slaeditor.gui.style import tones

__all__ = ["PreviewPane"]

_STATUS_STYLE = "QLabel { color: palette(placeholder-text); padding: 2px 8px; }"


def _error_style() -> str:
    t = tones()
    return (
        f"QLabel {{ background: {t.warning_tint}; color: palette(text);"
        f" border: 1px solid {t.warning}; border-left: 4px solid {t.warning};"
        " border-radius: 4px; padding: 6px 8px; }"
    )


def _placeholder_style() -> str:
    return "QLabel { background: palette(dark); color: palette(bright-text); font-size: 12pt; }"


class PreviewPane(QWidget):
    """Show the latest preview PDF with its status, and the latest render error if any."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = QPdfDocument(self)

        self._status = QLabel(self)
        self._status.setStyleSheet(_STATUS_STYLE)
        self._status.setAccessibleName("Preview status")
        self._status.setTextFormat(Qt.TextFormat.PlainText)
        self._status.setWordWrap(True)  # a narrow preview wraps its status, never cuts it

        self._error = QLabel(self)
        self._error.setWordWrap(True)
        self._error.setTextFormat(Qt.TextFormat.PlainText)
        self._error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._error.setStyleSheet(_error_style())
        self._error.setAccessibleName("Preview problem")
        self._error.hide()

        self._view = QPdfView(self)
        self._view.setAccessibleName("Contract preview")
        self._view.setPageMode(QPdfView.PageMode.MultiPage)
        self._view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._view.setFrameShape(QFrame.Shape.NoFrame)
        self._view.setPageSpacing(12)
        self._view.setDocumentMargins(QMargins(16, 16, 16, 16))
        self._view.setDocument(self._document)
        self._pinned = False

        self._placeholder = QLabel("The contract preview appears here", self)
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._placeholder.setWordWrap(True)
        self._placeholder.setStyleSheet(_placeholder_style())

        self._stack = QStackedWidget(self)
        self._stack.addWidget(self._placeholder)
        self._stack.addWidget(self._view)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 4, 0)
        top.addWidget(self._status, 1)
        self.zoom_buttons: dict[str, QToolButton] = {}
        for key, text, name, keys, slot in (
            ("out", "−", "Zoom out of the preview", "Ctrl+-", self.zoom_out),
            ("fit", "Fit", "Fit the preview to its width", "Ctrl+0", self.zoom_to_fit),
            ("in", "+", "Zoom into the preview", "Ctrl++", self.zoom_in),
        ):
            button = QToolButton(self)
            button.setText(text)
            button.setAccessibleName(name)
            button.setToolTip(f"{name} ({keys})")
            button.setAutoRaise(True)
            button.clicked.connect(slot)
            top.addWidget(button)
            self.zoom_buttons[key] = button
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
        QShortcut(QKeySequence("Ctrl+="), self, self.zoom_in)  # + without Shift on most keyboards

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self._error)
        layout.addWidget(self._stack, 1)
        self.clear()

    @property
    def document(self) -> QPdfDocument:
        """The document on screen (tests and the page-count display read it)."""
        return self._document

    @property
    def view(self) -> QPdfView:
        """The PDF view, for keyboard focus and tests."""
        return self._view

    def zoom_in(self) -> None:
        """Show the pages larger (a quarter more each time, up to four times)."""
        self._zoom(1.25)

    def zoom_out(self) -> None:
        """Show the pages smaller (down to a quarter)."""
        self._zoom(0.8)

    def zoom_to_fit(self) -> None:
        """Fit the pages to the pane's width again."""
        self._view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def zoom_factor(self) -> float:
        """Return the scale the pages are shown at (1.0 = the printed size)."""
        return float(self._view.zoomFactor())

    def _zoom(self, step: float) -> None:
        start = self._shown_scale()
        self._view.setZoomMode(QPdfView.ZoomMode.Custom)
        self._view.setZoomFactor(min(max(start * step, 0.25), 4.0))

    def _shown_scale(self) -> float:
        """Return the scale on screen now, also while the pages are fitted to the width."""
        if self._view.zoomMode() != QPdfView.ZoomMode.FitToWidth:
            return float(self._view.zoomFactor())
        page = self._document.pagePointSize(0)
        if page.width() <= 0:
            return 1.0
        printed = page.width() * self.logicalDpiX() / 72
        margins = self._view.documentMargins()
        usable = self._view.viewport().width() - margins.left() - margins.right()
        return max(usable / printed, 0.25)

    def status_text(self) -> str:
        """Return the status line as shown."""
        return self._status.text()

    def error_text(self) -> str:
        """Return the render error shown, or "" when the preview is up to date."""
        return self._error.text() if not self._error.isHidden() else ""

    def show_pdf(self, path: str, ms: float) -> None:
        """Replace the preview with a new PDF, keeping the reader's page and offset.

        The new file is loaded into a second document and swapped in only once it opened,
        so a file that cannot be read leaves the last good preview on screen. While a signed
        contract is shown (`show_document`), renders wait until `unpin()`.
        """
        if self._pinned:
            return
        self._load(path, f"Preview updated in {ms / 1000:.1f} s")

    def show_document(self, path: str, note: str) -> bool:
        """Show a PDF file (a signed contract) instead of the live preview until `unpin()`."""
        self._pinned = self._load(path, note)
        return self._pinned

    def unpin(self) -> None:
        """Let the next rendered preview replace a shown document (the user edited)."""
        self._pinned = False

    def _load(self, path: str, status: str) -> bool:
        document = QPdfDocument(self)
        if document.load(path) != QPdfDocument.Error.None_:
            document.deleteLater()
            self.show_error(f"{path}: the preview file could not be opened.")
            return False
        # QPdfView 6.12 keeps its scroll offsets across setDocument(), but does not promise to;
        # the same offsets at the same zoom mean the same page and the same place on it.
        place = self._place()
        old, self._document = self._document, document
        self._view.setDocument(document)
        old.close()  # releases the file, which the render service will overwrite next
        old.deleteLater()
        self._error.hide()
        self._error.clear()
        self._stack.setCurrentWidget(self._view)
        self._restore(place)
        self._status.setText(status + self._pages_suffix())
        return True

    def show_error(self, message: str) -> None:
        """Show why the preview is not up to date, above the last good one."""
        self._error.setText(message)
        self._error.show()
        self._status.setText("Preview not updated" + self._pages_suffix())

    def show_note(self, message: str) -> None:
        """Say, without alarm, why there is no preview yet (a new agreement being filled in)."""
        self._error.hide()
        self._error.clear()
        if self._stack.currentWidget() is self._placeholder:
            self._placeholder.setText(message)
        self._status.setText("No preview yet" + self._pages_suffix())

    def set_updating(self) -> None:
        """Say that a newer preview is being rendered."""
        self._status.setText("Updating preview…" + self._pages_suffix())

    def clear(self) -> None:
        """Show no document (a new agreement, or the service stopped)."""
        self._pinned = False
        self._document.close()
        self._error.hide()
        self._error.clear()
        self._status.setText("No preview yet")
        self._placeholder.setText("The contract preview appears here")
        self._stack.setCurrentWidget(self._placeholder)

    def show_section(self, title: str) -> bool:
        """Scroll to the contract section with this heading (from the PDF's bookmarks).

        The wizard calls this when the user moves to another page, so the preview shows the
        part of the contract being edited; False when the PDF has no such heading.
        """
        if not title or self._document.status() != QPdfDocument.Status.Ready:
            return False
        model = QPdfBookmarkModel(self)
        model.setDocument(self._document)
        page = _find_bookmark(model, QModelIndex(), title.casefold())
        model.deleteLater()
        if page is None:
            return False
        self._view.pageNavigator().jump(page, QPointF(0, 0), self._view.zoomFactor())
        return True

    def _pages_suffix(self) -> str:
        pages = self._document.pageCount()
        if self._document.status() != QPdfDocument.Status.Ready or pages <= 0:
            return ""
        return f" · {pages} page" + ("" if pages == 1 else "s")

    def _place(self) -> tuple[int, int]:
        """Return the horizontal and vertical scroll offsets."""
        return (
            self._view.horizontalScrollBar().value(),
            self._view.verticalScrollBar().value(),
        )

    def _restore(self, place: tuple[int, int]) -> None:
        self._view.horizontalScrollBar().setValue(place[0])
        self._view.verticalScrollBar().setValue(place[1])


def _find_bookmark(model: QPdfBookmarkModel, parent: QModelIndex, title: str) -> int | None:
    """Return the page of the first bookmark titled the wanted heading (its number aside)."""
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        text = str(model.data(index, int(QPdfBookmarkModel.Role.Title)) or "").casefold()
        heading = text.split(maxsplit=1)[-1] if text[:1].isdigit() else text
        if heading.strip() == title:
            page = model.data(index, int(QPdfBookmarkModel.Role.Page))
            return int(page) if page is not None else None
        found = _find_bookmark(model, index, title)
        if found is not None:
            return found
    return None
