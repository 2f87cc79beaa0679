"""Markup in a shared library is shown as characters: Qt's rich text never loads a local file.

Qt labels, message boxes and tooltips read text that looks like HTML as rich text and load
`<img src="...">` from disk; `<img src="/dev/zero">` in a clause title aborted the whole
application. The attack here uses a large local picture instead: if it were loaded, the label
would grow to the picture's height.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from gui.library_helpers import CLAIMS, make_context, open_manager, write_library
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QMessageBox,
    QToolTip,
    QWidget,
)
from wording_support import ACME, write_team_library

from slaeditor.clauses.library import load_library, save_library
from slaeditor.gui.editing.edited_agreement import EditedAgreement
from slaeditor.gui.plain_text import plain_tip
from slaeditor.gui.wizard.pages.wording import WordingPage
from slaeditor.model import ClauseChoice
from slaeditor.resources import examples_dir
from slaeditor.storage import load_agreement, save_agreement
from slaeditor.storage.drafts import draft_from_agreement
from slaeditor.yamlio import dump_yaml

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from slaeditor.gui.shell.main_window import MainWindow

PICTURE_HEIGHT = 2400
"""Taller than any wrapped title: a label that loaded the picture would be at least this tall."""


@pytest.fixture
def picture(tmp_path: Path) -> Path:
    """A private local picture much taller than any line of text."""
    path = tmp_path / "private.png"
    image = QImage(40, PICTURE_HEIGHT, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(path))
    return path


def _hostile_title(picture: Path) -> str:
    return f'Credits <img src="{picture}"> <img src="{picture.as_uri()}">'


def test_a_hostile_clause_title_is_shown_as_text_in_the_library_manager(
    qtbot: QtBot, tmp_path: Path, picture: Path
) -> None:
    team = tmp_path / "team.clauses.yaml"
    title = _hostile_title(picture)
    write_library(team, "<b>Team</b>", [dataclasses.replace(CLAIMS, title=title)])
    manager = open_manager(qtbot, make_context(tmp_path, [team]))

    assert manager.select(team, CLAIMS.id)

    assert manager.place_label.text() == title
    assert manager.place_label.sizeHint().height() < PICTURE_HEIGHT / 4


def test_a_hostile_clause_title_is_shown_as_text_in_the_wizard(
    qtbot: QtBot, tmp_path: Path, picture: Path
) -> None:
    team = tmp_path / "acme.clauses.yaml"
    write_team_library(team)
    library = load_library(team)
    claims = library.clause("credits-claims")
    assert claims is not None
    title = _hostile_title(picture)
    library.clauses[0] = dataclasses.replace(claims, title=title)
    save_library(library)
    context = make_context(tmp_path, [team])
    draft: dict[str, Any] = draft_from_agreement(
        load_agreement(examples_dir() / "telecom-customer.sla.yaml")
    )
    document = EditedAgreement(copy.deepcopy(draft))
    page = WordingPage(context, document)
    qtbot.addWidget(page)
    page.show()
    page.load_from(document)
    assert page.select_slot("credits-claims")

    assert page.picker.select(ACME, "credits-claims")

    assert page.picker.title.text() == title
    assert page.picker.title.sizeHint().height() < PICTURE_HEIGHT / 4


def test_a_tooltip_quoting_library_text_escapes_its_markup(picture: Path) -> None:
    tip = plain_tip(_hostile_title(picture))
    assert "<img" not in tip
    assert "&lt;img" in tip


def _rich_markup(root: QWidget) -> list[str]:
    """Return what a widget tree would show as rich text with an <img> in it."""
    found = []
    for label in root.findChildren(QLabel):
        if label.textFormat() != Qt.TextFormat.PlainText and "<img" in label.text().lower():
            found.append(f"label {label.objectName()!r}: {label.text()[:80]}")
    for widget in [root, *root.findChildren(QWidget)]:
        if "<img" in widget.toolTip().lower():
            found.append(f"tooltip of {type(widget).__name__}: {widget.toolTip()[:80]}")
    return found


def test_a_mailed_agreement_with_markup_in_its_clause_choice_is_shown_as_text(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, picture: Path
) -> None:
    agreement = load_agreement(examples_dir() / "telecom-customer.sla.yaml")
    markup = f'<img src="{picture}">'
    agreement.clauses = {
        "credits-claims": ClauseChoice(
            library=f"Acme {markup}", clause="claims", version=1, text=f"Claims.\n{markup}"
        )
    }
    mailed = tmp_path / "mailed.sla.yaml"
    save_agreement(agreement, mailed)
    assert window.open_agreement(mailed)

    page = _click_step(qtbot, window, "wording")
    assert page.select_slot("credits-claims")
    qtbot.waitUntil(page.banner.isVisible, timeout=15_000)  # checked in a confined child
    assert page.banner.isVisible()  # the choice cannot be rendered: the page says why
    assert "<img" in page.banner.text()
    assert _rich_markup(window) == []


def _click_step(qtbot: QtBot, window: MainWindow, key: str) -> Any:
    """Go to a page by clicking its step, as a user does."""
    steps = window.steps
    row = next(
        i for i in range(steps.count()) if steps.item(i).data(Qt.ItemDataRole.UserRole) == key
    )
    rect = steps.visualItemRect(steps.item(row))
    qtbot.mouseClick(steps.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page = window.wizard.current()
    assert page.key == key
    return page


FREE_TEXT = frozenset(
    {"name", "short_name", "title", "currency", "time_zone", "address", "role", "description",
     "text", "governing_law", "main_agreement", "agreement_id", "registration", "label", "unit",
     "version", "email", "phone", "reason", "note", "notes"}
)  # fmt: skip


def _with_markup(data: Any, markup: str) -> Any:
    """Append markup to every free-text value of an agreement's data (ids and choices kept)."""
    if isinstance(data, dict):
        return {
            key: f"{value}{markup}"
            if key in FREE_TEXT and isinstance(value, str)
            else _with_markup(value, markup)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [_with_markup(item, markup) for item in data]
    return data


def _shown_as_rich(root: QWidget) -> list[str]:
    """Return every label, tooltip and list tooltip that Qt would show as rich text with <img>."""
    found = [
        f"label {label.objectName() or type(label.parent()).__name__}: {label.text()[:70]}"
        for label in root.findChildren(QLabel)
        if label.textFormat() != Qt.TextFormat.PlainText and "<img" in label.text().lower()
    ]
    for widget in [root, *root.findChildren(QWidget)]:
        tip = widget.toolTip()
        if "<img" in tip.lower():
            QApplication.sendEvent(
                widget, QHelpEvent(QEvent.Type.ToolTip, QPoint(2, 2), QPoint(2, 2))
            )
            shown = QToolTip.text()
            QToolTip.hideText()
            if "<img" in shown.lower():
                found.append(f"tooltip of {type(widget).__name__}: {shown[:70]}")
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if model is None or not view.isVisible():
            continue
        for row in range(min(model.rowCount(), 50)):
            index = model.index(row, 0)
            tip = str(index.data(Qt.ItemDataRole.ToolTipRole) or "")
            if "<img" not in tip.lower():
                continue
            where = view.visualRect(index).center()
            event = QHelpEvent(QEvent.Type.ToolTip, where, view.viewport().mapToGlobal(where))
            QApplication.sendEvent(view.viewport(), event)
            shown = QToolTip.text()
            QToolTip.hideText()
            if "<img" in shown.lower():
                found.append(f"tooltip in {type(view).__name__} row {row}: {shown[:70]}")
    return found


def test_a_mailed_agreement_with_markup_in_every_text_is_shown_as_text_on_every_page(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, picture: Path
) -> None:
    markup = f'<img src="{picture}"><b>bold</b>'
    data = yaml.safe_load((examples_dir() / "telecom-customer.sla.yaml").read_text("utf-8"))
    mailed = tmp_path / "mailed.sla.yaml"
    mailed.write_text(dump_yaml(_with_markup(data, markup)), encoding="utf-8")
    assert window.open_agreement(mailed)
    assert window.wizard.current() is not None

    seen = []
    for page in window.wizard.pages:
        _click_step(qtbot, window, page.key)
        qtbot.wait(20)
        seen.extend(f"{page.key}: {found}" for found in _shown_as_rich(window))
        tall = [
            label.text()[:60]
            for label in page.findChildren(QLabel)
            if label.isVisible() and label.sizeHint().height() > PICTURE_HEIGHT / 4
        ]
        assert not tall, f"{page.key}: a label loaded the picture: {tall}"
    assert seen == []
    names = [label.text() for label in window.findChildren(QLabel) if markup in label.text()]
    assert names, "the markup is shown, as characters, somewhere"


def test_a_message_quoting_a_value_from_a_file_shows_it_as_text(
    qtbot: QtBot, window: MainWindow, picture: Path
) -> None:
    quoted = f'The currency "GBP<img src="{picture}">" is not one the contract can print.'
    box = QMessageBox(QMessageBox.Icon.Warning, "Cannot open", quoted, parent=window)
    box.setInformativeText(f'<img src="{picture}">')
    box.show()
    qtbot.waitExposed(box)

    assert _shown_as_rich(box) == []
    assert all(label.sizeHint().height() < PICTURE_HEIGHT / 4 for label in box.findChildren(QLabel))
    assert any(label.text() == quoted for label in box.findChildren(QLabel))
    box.close()
