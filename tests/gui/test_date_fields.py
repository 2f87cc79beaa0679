"""Dates on the parties page: an empty date says so instead of pretending to be today."""

from __future__ import annotations

import copy
import datetime
from typing import TYPE_CHECKING, Any

import pytest
from helpers import EXAMPLES_DIR
from PySide6.QtCore import QDate, QPoint, Qt

from slaeditor.gui.context import AppContext
from slaeditor.gui.editing.date_field import DateField
from slaeditor.gui.editing.edited_agreement import MISSING, EditedAgreement
from slaeditor.gui.wizard.pages.parties import PartiesPage
from slaeditor.storage import load_agreement
from slaeditor.storage.drafts import draft_from_agreement

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot


@pytest.fixture
def draft() -> dict[str, Any]:
    return draft_from_agreement(load_agreement(EXAMPLES_DIR / "telecom-customer.sla.yaml"))


def parties_page(qtbot: QtBot, tmp_path: Path, data: dict[str, Any]) -> PartiesPage:
    page = PartiesPage(AppContext.create(tmp_path), EditedAgreement(copy.deepcopy(data)))
    qtbot.addWidget(page)
    page.resize(660, 760)
    page.show()
    page.load_from(page.document)
    return page


def date_field(page: PartiesPage, label: str) -> DateField:
    return next(f for f in page.fields if isinstance(f, DateField) and f.label == label)


def test_an_empty_issue_date_reads_not_set_and_stays_empty(
    qtbot: QtBot, tmp_path: Path, draft: dict[str, Any]
) -> None:
    draft["document"].pop("issue_date", None)
    page = parties_page(qtbot, tmp_path, draft)
    field = date_field(page, "Issue date")
    assert field.date.text() == "Not set"
    assert not field.is_set()
    assert field.clear_button is not None and not field.clear_button.isEnabled()
    assert page.document.lookup(("document", "issue_date")) is MISSING
    assert not page.document.undo_stack.canUndo()


def test_picking_a_date_stores_it_and_clear_empties_it_again(
    qtbot: QtBot, tmp_path: Path, draft: dict[str, Any]
) -> None:
    draft["document"].pop("issue_date", None)
    page = parties_page(qtbot, tmp_path, draft)
    field = date_field(page, "Issue date")
    field.date.setDate(QDate(2026, 3, 2))
    assert page.document.lookup(("document", "issue_date")) == "2026-03-02"
    assert field.date.text() == "2 March 2026"
    assert field.clear_button is not None
    field.refresh()
    assert field.clear_button.isEnabled()
    qtbot.mouseClick(field.clear_button, Qt.MouseButton.LeftButton)
    assert page.document.lookup(("document", "issue_date")) is None
    assert field.date.text() == "Not set"
    page.document.undo_stack.undo()
    assert page.document.lookup(("document", "issue_date")) == "2026-03-02"


def test_the_calendar_of_an_empty_date_opens_on_this_month(
    qtbot: QtBot, tmp_path: Path, draft: dict[str, Any]
) -> None:
    draft["document"].pop("issue_date", None)
    page = parties_page(qtbot, tmp_path, draft)
    edit = date_field(page, "Issue date").date
    arrow = QPoint(edit.width() - 6, edit.height() // 2)
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=arrow)  # the drop-down arrow
    calendar = edit.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    today = datetime.date.today()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year, today.month)
    calendar.window().close()


def test_a_required_date_has_no_clear_button_and_shows_its_value(
    qtbot: QtBot, tmp_path: Path, draft: dict[str, Any]
) -> None:
    page = parties_page(qtbot, tmp_path, draft)
    field = date_field(page, "Effective date")
    assert field.clear_button is None
    stored = page.document.lookup(("term", "effective_date"))
    day = datetime.date.fromisoformat(str(stored))
    assert field.date.date() == QDate(day.year, day.month, day.day)


def test_the_arrow_keys_on_an_empty_date_start_from_today(
    qtbot: QtBot, tmp_path: Path, draft: dict[str, Any]
) -> None:
    draft["document"].pop("issue_date", None)
    page = parties_page(qtbot, tmp_path, draft)
    edit = date_field(page, "Issue date").date
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert page.document.lookup(("document", "issue_date")) == datetime.date.today().isoformat()
