"""The support, on-site and scaling pages, driven the way a user drives them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from helpers import ROOT
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit

from slaeditor.gui.editing.edited_agreement import EditedAgreement
from slaeditor.gui.wizard.pages.on_site import OnSitePage
from slaeditor.gui.wizard.pages.scaling import ScalingPage
from slaeditor.gui.wizard.pages.support import SupportPage, days_text, days_value
from slaeditor.storage import load_agreement
from slaeditor.storage.drafts import draft_from_agreement

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from slaeditor.gui.context import AppContext
    from slaeditor.gui.editing.table_field import TableField
    from slaeditor.gui.wizard.terms_page import TermsPage

SEVERITIES = ("terms", "support", "severities")


def open_page(
    qtbot: QtBot,
    context: AppContext,
    page_class: type[TermsPage],
    example: str = "telecom-customer",
) -> Any:
    agreement = load_agreement(ROOT / "examples" / "telecom-customer.sla.yaml")
    document = EditedAgreement(draft_from_agreement(agreement))
    page = page_class(context, document)
    qtbot.addWidget(page)
    page.resize(660, 760)
    page.show()
    page.load_from(document)
    return page


def column_of(field: TableField, key: str) -> int:
    return next(index for index, column in enumerate(field.columns) if column.key == key)


def type_in_cell(qtbot: QtBot, field: TableField, row: int, key: str, text: str) -> None:
    """Open a cell's editor, replace its text and press Enter, as a user does."""
    table = field.table
    col = column_of(field, key)
    table.setCurrentCell(row, col)
    table.editItem(table.item(row, col))
    editors = open_editors(field)
    assert len(editors) == 1, "the cell editor did not open"
    editor = editors[0]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not open_editors(field))  # the delegate commits in a queued call


def open_editors(field: TableField) -> list[QLineEdit]:
    return [e for e in field.table.viewport().findChildren(QLineEdit) if e.isVisible()]


def choose(combo: QComboBox, data: Any) -> None:
    """Pick an entry of a drop-down by its value, as a click in the list does."""
    index = combo.findData(data)
    assert index >= 0, f"{data!r} is not offered"
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def level_index(page: TermsPage, name: str) -> int:
    return next(i for i, scope in enumerate(page.scopes) if scope.name == name)


def click_box(qtbot: QtBot, box: QCheckBox) -> None:
    """Click a check box's indicator (the middle of a wide box is empty space)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def retype(qtbot: QtBot, line: QLineEdit, text: str) -> None:
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, text)


# --- support -------------------------------------------------------------------------------


def test_a_new_severity_accepts_a_response_typed_as_hours(
    qtbot: QtBot, context: AppContext
) -> None:
    page = open_page(qtbot, context, SupportPage)
    document = page.document
    qtbot.mouseClick(page.severities.buttons["add"], Qt.MouseButton.LeftButton)
    rows = document.value(SEVERITIES)
    assert len(rows) == 5
    assert rows[4]["level"] == 5

    type_in_cell(qtbot, page.severities, 4, "response_minutes", "5d")

    assert document.value((*SEVERITIES, 4, "response_minutes")) in (7200, "5d")
    assert document.result.agreement is not None
    assert document.result.agreement.terms.support.severities[4].response_minutes == 7200
    # Only its name is left to type: it is still the "New severity" the row was added with.
    left = document.issues_at((*SEVERITIES, 4), below=True)
    assert [issue.path for issue in left] == ["terms.support.severities[4].name"]
    assert page.isComplete()
    assert page.severities.table.item(4, column_of(page.severities, "response_minutes")).text() == (
        "5d"
    )


def test_a_less_serious_severity_promised_a_faster_response_is_refused_at_its_row(
    qtbot: QtBot, context: AppContext
) -> None:
    page = open_page(qtbot, context, SupportPage)
    document = page.document
    qtbot.mouseClick(page.severities.buttons["add"], Qt.MouseButton.LeftButton)
    type_in_cell(qtbot, page.severities, 4, "response_minutes", "2h")
    issues = document.issues_at((*SEVERITIES, 4, "response_minutes"))
    assert len(issues) == 1
    assert "a less serious incident must never be promised a faster response" in issues[0].message
    assert not page.isComplete()


def test_a_resolution_shorter_than_the_response_blocks_next_with_a_message_at_its_row(
    qtbot: QtBot, context: AppContext
) -> None:
    page = open_page(qtbot, context, SupportPage)
    assert page.isComplete()

    type_in_cell(qtbot, page.severities, 2, "resolution_minutes", "30 min")

    assert not page.isComplete()
    message = page.severities.message
    assert message.isVisible()
    assert message.text().startswith("Row 3, Resolution: ")
    assert "shorter than the response" in message.text()
    cell = page.severities.table.item(2, column_of(page.severities, "resolution_minutes"))
    assert cell.background().color().name() == "#fbe3e0"
    assert page.banner.isVisible()
    assert "Severity matrix" in page.banner.text()


def test_the_line_under_the_matrix_reads_the_chosen_severity_back(
    qtbot: QtBot, context: AppContext
) -> None:
    page = open_page(qtbot, context, SupportPage)
    assert page.summary.text().startswith("Severity 1 (Critical): response within 15 minutes")

    page.severities.table.selectRow(2)

    assert page.summary.text().startswith("Severity 3 (Minor): response within 12 hours")
    assert "24×7" in page.summary.text()
    type_in_cell(qtbot, page.severities, 2, "response_minutes", "6h")
    assert page.summary.text().startswith("Severity 3 (Minor): response within 6 hours")


def test_a_new_calendar_can_be_chosen_as_a_severitys_calendar(
    qtbot: QtBot, context: AppContext
) -> None:
    page = open_page(qtbot, context, SupportPage)
    document = page.document
    qtbot.mouseClick(page.calendars.buttons["add"], Qt.MouseButton.LeftButton)
    assert len(document.value(("calendars",))) == 3
    assert not [c for c in page.calendars.columns if c.key == "id"], "ids are never asked"
    type_in_cell(qtbot, page.calendars, 2, "name", "Night shift")
    assert document.value(("calendars", 2, "id")) == "night-shift"
    assert page._calendar_box.title() == "Hours and holidays: Night shift"

    col = column_of(page.severities, "calendar")
    combo = page.severities.table.cellWidget(3, col)
    assert isinstance(combo, QComboBox)
    assert combo.itemText(combo.findData("night-shift")) == "Night shift"
    choose(combo, "night-shift")

    assert document.value((*SEVERITIES, 3, "calendar")) == "night-shift"
    assert not document.issues_at((*SEVERITIES, 3), below=True)
    assert page.isComplete()
    assert page.support_calendar.combo.findData("night-shift") >= 0


def test_a_calendars_weekly_hours_are_typed_as_a_day_range(
    qtbot: QtBot, context: AppContext
) -> None:
    page = open_page(qtbot, context, SupportPage)
    page.calendars.table.selectRow(1)
    hours = page._calendar_fields[0]
    assert hours.path == ("calendars", 1, "hours")
    assert hours.table.item(0, 0).text() == "Mon–Fri"

    type_in_cell(qtbot, hours, 0, "days", "mon to sat")

    assert page.document.value(("calendars", 1, "hours", 0, "days")) == [
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
    ]
    assert hours.table.item(0, 0).text() == "Mon–Sat"


def test_calendars_stay_agreement_wide_when_a_service_is_chosen(
    qtbot: QtBot, context: AppContext
) -> None:
    page = open_page(qtbot, context, SupportPage)
    page.set_level(level_index(page, "service SMS Messaging API"))
    assert page.calendars.path == ("calendars",)
    assert page.severities.path == ("services", 3, "overrides", "support", "severities")
    assert page.support_calendar.origin.text() == "Inherited from the corporate terms"


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (["mon", "tue", "wed", "thu", "fri"], "Mon–Fri"),
        (["sat", "sun"], "Sat, Sun"),
        (["mon", "wed", "thu", "fri", "sun"], "Mon, Wed–Fri, Sun"),
    ],
)
def test_week_days_read_back_as_they_are_written(days: list[str], text: str) -> None:
    assert days_text(days) == text
    assert days_value(text) == days


# --- on-site -------------------------------------------------------------------------------


def test_on_site_fields_grey_out_when_not_included_and_keep_their_values(
    qtbot: QtBot, context: AppContext
) -> None:
    page = open_page(qtbot, context, OnSitePage)
    arrival = next(f for f in page.fields if f.rel == ("on_site", "arrival_minutes"))
    assert arrival.editor.isEnabled()

    click_box(qtbot, page.included.box)

    assert page.document.value(("terms", "on_site", "included")) is False
    assert not arrival.editor.isEnabled()
    assert not page.rate.editor.isEnabled()
    assert arrival.editor.text() == "4h"
    assert page.document.value(("terms", "on_site", "arrival_minutes")) == 240

    click_box(qtbot, page.included.box)

    assert page.document.value(("terms", "on_site", "included")) is True
    assert arrival.editor.isEnabled()
    assert page.rate.editor.isEnabled()


def test_the_hourly_rate_is_labelled_with_the_currency(qtbot: QtBot, context: AppContext) -> None:
    page = open_page(qtbot, context, OnSitePage)
    assert page.rate.editor.accessibleName() == "Hourly rate (GBP)"
    page.document.set_value(("document", "currency"), "EUR")
    assert page.rate.editor.accessibleName() == "Hourly rate (EUR)"


def test_a_service_override_is_marked_and_reset_restores_the_inherited_value(
    qtbot: QtBot, context: AppContext
) -> None:
    page = open_page(qtbot, context, OnSitePage)
    index = level_index(page, "service SMS Messaging API")
    page.level.setCurrentIndex(index)
    page.level.activated.emit(index)

    assert page.included.origin.text() == "Set for service SMS Messaging API"
    assert not page.included.box.isChecked()
    assert page.included.reset_button.isVisible()
    assert not page.rate.editor.isEnabled()

    qtbot.mouseClick(page.included.reset_button, Qt.MouseButton.LeftButton)

    assert "on_site" not in page.document.value(("services", 3, "overrides"))
    assert page.included.box.isChecked()
    assert page.included.origin.text() == "Inherited from the corporate terms"
    assert page.rate.editor.isEnabled()


# --- scaling -------------------------------------------------------------------------------


def test_the_scaling_summary_follows_the_increment_as_it_is_typed(
    qtbot: QtBot, context: AppContext
) -> None:
    page = open_page(qtbot, context, ScalingPage)
    assert page.summary.text().startswith(
        "The customer may add 10 concurrent call channels at a time (from 200 up to 1,500) "
        "at £19.40 each a month, with 5 days' notice; ready within 5 business days."
    )

    retype(qtbot, page.increment.line, "25")

    assert "add 25 concurrent call channels at a time" in page.summary.text()
    assert page.document.value(("terms", "scaling", "increment")) in ("10", 10)  # not yet
    qtbot.keyClick(page.increment.line, Qt.Key.Key_Return)
    assert page.document.value(("terms", "scaling", "increment")) in ("25", 25)
    assert "add 25 concurrent call channels at a time" in page.summary.text()


def test_the_scale_down_window_is_only_open_for_the_window_rule(
    qtbot: QtBot, context: AppContext
) -> None:
    page = open_page(qtbot, context, ScalingPage)
    rule = next(f for f in page.fields if f.rel == ("scaling", "scale_down_rule"))
    assert page.window_days.editor.isEnabled()

    choose(rule.combo, "at-renewal")

    assert page.document.value(("terms", "scaling", "scale_down_rule")) == "at-renewal"
    assert not page.window_days.editor.isEnabled()
    assert "only from the start of a renewal term" in page.summary.text()


def test_undo_restores_a_changed_value(qtbot: QtBot, context: AppContext) -> None:
    page = open_page(qtbot, context, ScalingPage)
    retype(qtbot, page.unit.line, "seat")
    assert page.document.value(("terms", "scaling", "unit")) == "seat"

    page.document.undo_stack.undo()

    assert page.document.value(("terms", "scaling", "unit")) == "concurrent call channel"
    assert page.unit.line.text() == "concurrent call channel"
    assert "concurrent call channels" in page.summary.text()


def test_naming_a_new_calendar_takes_its_references_along_and_one_undo_reverses_it(
    qtbot: QtBot, context: AppContext
) -> None:
    from slaeditor.gui.wizard.pages.support import calendar_references

    page = open_page(qtbot, context, SupportPage)
    document = page.document
    qtbot.mouseClick(page.calendars.buttons["add"], Qt.MouseButton.LeftButton)
    fresh = document.value(("calendars", 2, "id"))
    combo = page.severities.table.cellWidget(3, column_of(page.severities, "calendar"))
    assert combo.itemText(combo.findData(fresh)) == "New calendar 3"
    choose(combo, fresh)  # chosen before it has its own name
    before = calendar_references(document.data, fresh)
    assert before == [(*SEVERITIES, 3, "calendar")]

    type_in_cell(qtbot, page.calendars, 2, "name", "Night shift")

    assert document.value(("calendars", 2, "id")) == "night-shift"
    assert calendar_references(document.data, fresh) == []
    assert calendar_references(document.data, "night-shift") == before
    assert not document.issues_at(before[0])
    assert page.isComplete()

    document.undo_stack.undo()
    assert document.value(("calendars", 2, "id")) == fresh
    assert calendar_references(document.data, fresh) == before


def test_renaming_a_calendar_keeps_its_id_so_every_reference_stays(
    qtbot: QtBot, context: AppContext
) -> None:
    from slaeditor.gui.wizard.pages.support import calendar_references

    page = open_page(qtbot, context, SupportPage)
    document = page.document
    before = calendar_references(document.data, "24x7")
    assert len(before) >= 3  # the support desk, severities and on-site terms of the example
    row = [c["id"] for c in document.value(("calendars",))].index("24x7")

    type_in_cell(qtbot, page.calendars, row, "name", "Round the clock")

    assert document.value(("calendars", row, "name")) == "Round the clock"
    assert document.value(("calendars", row, "id")) == "24x7"
    assert calendar_references(document.data, "24x7") == before
    assert page.support_calendar.combo.currentText() == "Round the clock"
