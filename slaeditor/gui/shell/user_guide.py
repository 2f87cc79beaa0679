"""The user guide (F1): a page for every wizard step, searchable, shipped with the program.

The pages are Markdown files in assets/guide, read from the installed package, so the guide
works offline and in the bundle; QTextBrowser shows them (QtHelp and WebEngine are not in
the wheels the application uses).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from slaeditor.resources import assets_dir

if TYPE_CHECKING:
    from pathlib import Path

TOPICS = (
    "index",
    "start",
    "parties",
    "services",
    "service-levels",
    "credits",
    "support",
    "on-site",
    "scaling",
    "exclusions",
    "reporting",
    "wording",
    "review",
    "libraries",
    "signing",
    "statement",
)
"""The guide's pages in reading order; a wizard step's page has the step's key as its name."""


@dataclass(frozen=True)
class Topic:
    """One page of the guide: its name, its title (the first heading) and its Markdown."""

    key: str
    title: str
    text: str


def guide_folder() -> Path:
    """Return the folder the guide's pages are installed in."""
    return assets_dir() / "guide"


def read_topics(folder: Path | None = None) -> list[Topic]:
    """Read the guide's pages in order (a missing page is left out)."""
    base = folder or guide_folder()
    topics = []
    for key in TOPICS:
        path = base / f"{key}.md"
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else key
        topics.append(Topic(key, first.lstrip("# ").strip() or key, text))
    return topics


class UserGuide(QDialog):
    """The guide's window: topics on the left with a search box, the page on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("SLA Editor user guide")
        self.setObjectName("userGuide")
        self.resize(900, 640)
        self.topics = read_topics()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the guide")
        self.search.setAccessibleName("Search the guide")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.listing = QListWidget()
        self.listing.setAccessibleName("Guide pages")
        self.listing.currentItemChanged.connect(self._on_listing_current_item_changed)
        self.found = QLabel()
        self.found.setTextFormat(Qt.TextFormat.PlainText)
        self.page = QTextBrowser()
        self.page.setAccessibleName("Guide page")
        self.page.setOpenExternalLinks(False)
        self.page.setOpenLinks(False)
        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.listing, 1)
        left.addWidget(self.found)
        row = QHBoxLayout(self)
        row.addLayout(left, 1)
        row.addWidget(self.page, 3)
        self._fill(self.topics)

    def show_topic(self, key: str) -> bool:
        """Show the page of a topic (a wizard step's key); False if the guide has none."""
        self.search.clear()
        for index in range(self.listing.count()):
            item = self.listing.item(index)
            if item.data(Qt.ItemDataRole.UserRole) == key:
                self.listing.setCurrentItem(item)
                return True
        return False

    def current_key(self) -> str:
        """Return the key of the page shown."""
        item = self.listing.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def _fill(self, topics: list[Topic]) -> None:
        self.listing.clear()
        for topic in topics:
            item = QListWidgetItem(topic.title)
            item.setData(Qt.ItemDataRole.UserRole, topic.key)
            self.listing.addItem(item)
        if topics:
            self.listing.setCurrentRow(0)
        else:
            self.page.setPlainText("Nothing in the guide matches the search.")

    def _on_search_text_changed(self, text: str) -> None:
        words = text.casefold().split()
        matching = [t for t in self.topics if all(w in t.text.casefold() for w in words)]
        self._fill(matching)
        self.found.setText(
            f"{len(matching)} page{'s' if len(matching) != 1 else ''} found" if words else ""
        )

    def _on_listing_current_item_changed(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        key = item.data(Qt.ItemDataRole.UserRole)
        topic = next((t for t in self.topics if t.key == key), None)
        if topic is not None:
            self.page.setMarkdown(topic.text)
