"""The exclusions and reporting pages, driven the way a drafter uses them."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTextEdit,
    QWidget,
)

from slaeditor.gui.editing.edited_agreement import EditedAgreement
from slaeditor.gui.wizard.pages.exclusions import ExclusionsPage
from slaeditor.gui.wizard.pages.reporting import ReportingPage

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from slaeditor.gui.context import AppContext
    from slaeditor.gui.wizard.sla_page import SlaPage


@pytest.fixture
def document(telecom_draft: dict[str, Any]) -> EditedAgreement:
    return EditedAgreement(copy.deepcopy(telecom_draft))


def show(qtbot: QtBot, page: SlaPage) -> SlaPage:
    qtbot.addWidget(page)
    page.resize(660, 760)
    page.show()
    page.load_from(page.document)
    return page


@pytest.fixture
def exclusions(qtbot: QtBot, context: AppContext, document: EditedAgreement) -> ExclusionsPage:
    page = ExclusionsPage(context, document)
    show(qtbot, page)
    return page


@pytest.fixture
def reporting(qtbot: QtBot, context: AppContext, document: EditedAgreement) -> ReportingPage:
    page = ReportingPage(context, document)
    show(qtbot, page)
    return page


def choose(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Pick an entry with the arrow keys, as a keyboard user does."""
    target = combo.findText(text)
    assert target >= 0, f"{text!r} is not offered"
    combo.setFocus()
    while combo.currentIndex() != target:
        key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)


def edit_cell(qtbot: QtBot, table: QTableWidget, row: int, col: int, text: str) -> None:
    """Open a cell's editor, replace its text by typing, and press Enter."""
    item = table.item(row, col)
    assert item is not None
    if table.state() != QAbstractItemView.State.EditingState:  # Add may open it already
        table.setCurrentCell(row, col)
        table.editItem(item)
    editors = [e for e in table.viewport().findChildren(QLineEdit) if not e.isHidden()]
    assert len(editors) == 1
    editor = editors[0]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # the view commits a closed editor's text from the event loop
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)


def select_row(table: QTableWidget, row: int) -> None:
    table.setCurrentCell(row, 1)


# --- exclusions and escalation -------------------------------------------------------------


def test_removing_the_customer_caused_exclusion_warns_but_does_not_block(
    exclusions: ExclusionsPage, document: EditedAgreement
) -> None:
    table = exclusions.exclusions.table
    kinds = [item["kind"] for item in document.data["exclusions"]]
    select_row(table, kinds.index("customer-caused"))
    exclusions.exclusions.buttons["remove"].click()

    assert all(item["kind"] != "customer-caused" for item in document.data["exclusions"])
    warnings = [w for w in document.result.warnings if w.path == "exclusions"]
    assert warnings and "customer" in warnings[0].message
    assert exclusions.exclusions.message.isVisible()
    assert "customer-caused exclusion" in exclusions.exclusions.message.text()
    assert exclusions.isComplete()


def test_a_new_exclusion_offers_a_kind_not_yet_listed(
    exclusions: ExclusionsPage, document: EditedAgreement
) -> None:
    before = {item["kind"] for item in document.data["exclusions"]}
    exclusions.exclusions.buttons["add"].click()

    added = document.data["exclusions"][-1]
    assert added["kind"] not in before
    assert added["text"]
    assert exclusions.isComplete()


def test_an_escalation_level_with_a_bad_duration_shows_a_message_and_blocks_next(
    qtbot: QtBot, exclusions: ExclusionsPage, document: EditedAgreement
) -> None:
    field = exclusions.escalation
    field.buttons["add"].click()
    row = field.table.rowCount() - 1
    assert row == 4
    assert document.data["communication"]["escalation"][row]["level"] == 5
    edit_cell(qtbot, field.table, row, 1, "Board of Directors")
    assert [e.message for e in exclusions.blocking_issues()] == []

    edit_cell(qtbot, field.table, row, 3, "soon")

    assert document.data["communication"]["escalation"][row]["after_minutes"] == "soon"
    assert not exclusions.isComplete()
    assert field.message.isVisible()
    assert "Row 5, After" in field.message.text()
    assert "not a duration" in field.message.text()
    assert exclusions.banner.isVisible()

    edit_cell(qtbot, field.table, row, 3, "1d")

    assert exclusions.isComplete()
    assert field.table.item(row, 3).text() == "1d"


def test_communication_fields_write_to_the_document(
    qtbot: QtBot, exclusions: ExclusionsPage, document: EditedAgreement
) -> None:
    field = next(f for f in exclusions.fields if f.label == "Outage updates every")
    assert isinstance(field.editor, QLineEdit)
    field.editor.setFocus()
    field.editor.selectAll()
    qtbot.keyClicks(field.editor, "45 min")
    assert document.data["communication"]["outage_update_minutes"] != "45 min"  # not yet
    qtbot.keyClick(field.editor, Qt.Key.Key_Return)  # a duration is stored when it is done

    assert document.data["communication"]["outage_update_minutes"] == "45 min"
    assert exclusions.isComplete()


# --- reporting and definitions -------------------------------------------------------------


def test_definitions_add_edit_and_remove_round_trip_with_undo(
    qtbot: QtBot, reporting: ReportingPage, document: EditedAgreement
) -> None:
    original = dict(document.data["definitions"])
    field = reporting.definitions
    table = field.table
    assert table.rowCount() == 1

    field.add_button.click()
    assert document.data["definitions"] == {**original, "New term": ""}
    edit_cell(qtbot, table, 1, 0, "Service Desk")
    edit_cell(qtbot, table, 1, 1, "the Provider's help desk for Incidents")

    assert list(document.data["definitions"]) == ["Demarcation Point", "Service Desk"]
    assert document.data["definitions"]["Service Desk"] == "the Provider's help desk for Incidents"

    select_row(table, 0)
    field.remove_button.click()
    assert document.data["definitions"] == {
        "Service Desk": "the Provider's help desk for Incidents"
    }
    assert table.rowCount() == 1
    assert table.item(0, 0).text() == "Service Desk"

    document.undo_stack.undo()
    assert list(document.data["definitions"]) == ["Demarcation Point", "Service Desk"]
    assert table.item(0, 0).text() == "Demarcation Point"
    for _ in range(3):
        document.undo_stack.undo()
    assert document.data["definitions"] == original
    assert table.rowCount() == 1


def test_a_term_defined_twice_is_refused_with_a_message(
    qtbot: QtBot, reporting: ReportingPage, document: EditedAgreement
) -> None:
    field = reporting.definitions
    field.add_button.click()
    edit_cell(qtbot, field.table, 1, 0, "Demarcation Point")

    assert list(document.data["definitions"]) == ["Demarcation Point", "New term"]
    assert field.notice.isVisible()
    assert "already defined" in field.notice.text()
    assert field.table.item(1, 0).text() == "New term"


def test_reporting_choices_and_a_bad_number_reach_the_document(
    qtbot: QtBot, reporting: ReportingPage, document: EditedAgreement
) -> None:
    measured = next(f for f in reporting.fields if f.label == "Measured by")
    assert isinstance(measured.editor, QComboBox)
    choose(qtbot, measured.editor, "An independent monitoring service")
    assert document.data["reporting"]["measured_by"] == "third-party"

    notice = next(f for f in reporting.fields if f.label == "Audit notice (days)")
    assert isinstance(notice.editor, QLineEdit)
    notice.editor.setFocus()
    notice.editor.selectAll()
    qtbot.keyClicks(notice.editor, "a month")
    qtbot.keyClick(notice.editor, Qt.Key.Key_Return)  # a number is stored on Enter

    assert not reporting.isComplete()
    assert notice.message.isVisible()
    document.undo_stack.undo()
    assert reporting.isComplete()


def test_switching_off_the_audit_right_warns_without_blocking(
    reporting: ReportingPage, document: EditedAgreement
) -> None:
    audit = next(f for f in reporting.fields if f.label == "The customer may audit the figures")
    assert isinstance(audit.editor, QCheckBox)
    audit.editor.click()

    assert document.data["reporting"]["audit_right"] is False
    assert any(w.path == "reporting.audit_right" for w in document.result.warnings)
    assert audit.message.isVisible()
    assert reporting.isComplete()


# --- accessibility -------------------------------------------------------------------------

INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QCheckBox, QPushButton)


def visible_inputs(page: QWidget) -> list[QWidget]:
    return [
        widget
        for widget in page.findChildren(QWidget)
        if isinstance(widget, (*INPUTS, QAbstractItemView))
        and not isinstance(widget, QHeaderView)
        and widget.isVisibleTo(page)
    ]


@pytest.mark.parametrize("page_name", ["exclusions", "reporting"])
def test_every_visible_input_has_an_accessible_name(
    request: pytest.FixtureRequest, page_name: str
) -> None:
    page: SlaPage = request.getfixturevalue(page_name)
    inputs = visible_inputs(page)
    assert len(inputs) > 10
    unnamed = [type(widget).__name__ for widget in inputs if not widget.accessibleName().strip()]
    assert unnamed == []
