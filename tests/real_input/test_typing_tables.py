"""Typed into the tables and their boxes, as a person does: every key reaches the document.

A cell is clicked, its editor opens with the first key, the rest is typed and Enter stores it;
the boxes under a table (a severity's definition) and the calendar's holiday rule are clicked
and typed into. Each test then reads the document, not the widget: the typed text must be
there whole, at the row and level the user was looking at.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from desktop import go_to_step, open_agreement, type_cell
from helpers import ROOT

from slaeditor.gui.editing.fields import LineField
from slaeditor.gui.editing.table_field import TableField

if TYPE_CHECKING:
    from desktop import Desktop
    from PySide6.QtWidgets import QComboBox
    from pytestqt.qtbot import QtBot

    from slaeditor.gui.shell.main_window import MainWindow
    from slaeditor.gui.wizard.sla_page import SlaPage

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"
MULTILEVEL = ROOT / "examples" / "managed-it-multilevel.sla.yaml"
SEVERITIES = ("terms", "support", "severities")
BUSINESS_HOURS = 1
"""The telecom example's second calendar (UK business hours): it has hours and holidays."""


@pytest.fixture
def telecom(qtbot: QtBot, window: MainWindow) -> MainWindow:
    return open_agreement(qtbot, window, TELECOM)


def table(page: SlaPage, label: str) -> TableField:
    found = next(f for f in page.fields if f.label == label)
    assert isinstance(found, TableField)
    return found


def fill_cell(desktop: Desktop, field: TableField, row: int, key: str, text: str) -> None:
    """Type a cell of a table field over; its editor must hold all that was typed."""
    col = next(i for i, column in enumerate(field.columns) if column.key == key)
    held = type_cell(desktop, field.table, row, col, text)
    assert held == text, f"{field.label}, row {row + 1}, {key}: typed {text!r}, held {held!r}"


def choose(desktop: Desktop, combo: QComboBox, text: str) -> None:
    """Open a drop-down with a click and click the entry that starts with text."""
    desktop.click(combo)
    view = combo.view()
    index = next(i for i in range(combo.count()) if combo.itemText(i).startswith(text))
    desktop.click(view.viewport(), view.visualRect(combo.model().index(index, 0)).center())
    assert combo.currentIndex() == index, f"{text!r} was not chosen"


def support_calendar(desktop: Desktop, window: MainWindow) -> SlaPage:
    """Open the support page and click the business-hours calendar, showing its hours."""
    page = go_to_step(desktop, window, "support")
    calendars = table(page, "Calendars").table
    desktop.click_cell(calendars, calendars.visualRect(calendars.model().index(BUSINESS_HOURS, 0)))
    assert calendars.currentRow() == BUSINESS_HOURS
    return page


def test_a_severitys_definition_and_examples_typed_under_the_table_arrive_whole(
    desktop: Desktop, telecom: MainWindow
) -> None:
    page = go_to_step(desktop, telecom, "support")
    severities = table(page, "Severity matrix")
    grid = severities.table
    desktop.click_cell(grid, grid.visualRect(grid.model().index(1, 0)))
    assert grid.currentRow() == 1
    details = severities.details
    assert details is not None
    definition = "One service is degraded at a site.\nA workaround exists but is costly."
    examples = "Calls drop at Daventry; the SD-WAN portal is slow"

    for key, text in (("definition", definition), ("examples", examples)):
        box = details.boxes[key]
        desktop.click(box)
        assert desktop.focus() is box
        desktop.key("ctrl+a")
        desktop.type(text)
        desktop.key("Tab")

    row = telecom.document.value((*SEVERITIES, 1))
    telecom.forget_changes()
    assert row["definition"] == definition
    assert row["examples"] == examples
    assert row["level"] == 2, "the row selected, not another one"


def test_a_severity_rows_cells_typed_arrive_whole(desktop: Desktop, telecom: MainWindow) -> None:
    page = go_to_step(desktop, telecom, "support")
    severities = table(page, "Severity matrix")

    fill_cell(desktop, severities, 2, "name", "Minor fault, one user")
    fill_cell(desktop, severities, 2, "response_minutes", "10h")
    fill_cell(desktop, severities, 2, "update_minutes", "1d 2h")

    row = telecom.document.value((*SEVERITIES, 2))
    telecom.forget_changes()
    assert row["name"] == "Minor fault, one user"
    assert row["response_minutes"] == "10h"
    assert row["update_minutes"] == "1d 2h"


def test_the_holiday_rule_of_a_calendar_typed_arrives_whole(
    desktop: Desktop, telecom: MainWindow
) -> None:
    page = support_calendar(desktop, telecom)
    rule = next(f for f in page.fields if f.label == "Holiday rule")
    assert isinstance(rule, LineField)
    text = "public and bank holidays in Scotland, plus 2 January"

    desktop.fill(rule.line, text)
    desktop.key("Tab")

    stored = telecom.document.value(("calendars", BUSINESS_HOURS, "holiday_rule"))
    telecom.forget_changes()
    assert stored == text


def test_a_weekly_hours_row_typed_arrives_whole(desktop: Desktop, telecom: MainWindow) -> None:
    page = support_calendar(desktop, telecom)
    hours = table(page, "Weekly hours")

    fill_cell(desktop, hours, 0, "start", "07:30")
    fill_cell(desktop, hours, 0, "end", "19:45")
    fill_cell(desktop, hours, 0, "days", "mon to sat")  # xdotool cannot type "–"

    row = telecom.document.value(("calendars", BUSINESS_HOURS, "hours", 0))
    telecom.forget_changes()
    assert (row["start"], row["end"]) == ("07:30", "19:45")
    assert row["days"] == ["mon", "tue", "wed", "thu", "fri", "sat"]


def test_a_holidays_row_typed_arrives_whole(desktop: Desktop, telecom: MainWindow) -> None:
    page = support_calendar(desktop, telecom)
    holidays = table(page, "Holidays")

    fill_cell(desktop, holidays, 0, "name", "Good Friday (the depot stays open)")
    fill_cell(desktop, holidays, 0, "date", "2025-04-19")

    row = telecom.document.value(("calendars", BUSINESS_HOURS, "holidays", 0))
    telecom.forget_changes()
    assert row["name"] == "Good Friday (the depot stays open)"
    assert str(row["date"]) == "2025-04-19"


def test_the_customer_groups_table_typed_arrives_whole(
    desktop: Desktop, qtbot: QtBot, window: MainWindow
) -> None:
    open_agreement(qtbot, window, MULTILEVEL)
    page = go_to_step(desktop, window, "services")
    groups = table(page, "Customer groups")
    before = window.document.value(("customer_groups", 1))

    fill_cell(desktop, groups, 1, "name", "Head Office and Wakefield")
    fill_cell(desktop, groups, 1, "description", "About 420 users in Leeds; the depot too")
    fill_cell(desktop, groups, 1, "contact", "Ravi Patel, IT Manager")

    row = window.document.value(("customer_groups", 1))
    window.forget_changes()
    assert row["name"] == "Head Office and Wakefield"
    assert row["description"] == "About 420 users in Leeds; the depot too"
    assert row["contact"] == "Ravi Patel, IT Manager"
    assert row["id"] == before["id"], "a group keeps its id when it is renamed"


def test_a_value_typed_for_one_service_is_set_for_that_service_only(
    desktop: Desktop, telecom: MainWindow
) -> None:
    services = telecom.document.value(("services",))
    index = 1
    page = go_to_step(desktop, telecom, "service-levels")
    choose(desktop, page.level, f"Service {services[index]['name']}")  # type: ignore[attr-defined]
    target = next(f for f in page.fields if f.label == "Target (%)")
    assert isinstance(target, LineField)
    corporate = telecom.document.value(("terms", "availability", "target_percent"))

    desktop.fill(target.line, "99.995")
    desktop.key("Tab")

    overrides = ("services", index, "overrides")
    stored = telecom.document.value((*overrides, "availability", "target_percent"))
    after = telecom.document.value(("terms", "availability", "target_percent"))
    telecom.forget_changes()
    assert stored == "99.995"
    assert after == corporate, "the corporate terms are unchanged"


def test_a_duration_typed_for_one_service_is_set_for_that_service_when_left(
    desktop: Desktop, telecom: MainWindow
) -> None:
    services = telecom.document.value(("services",))
    index = 0
    page = go_to_step(desktop, telecom, "on-site")
    choose(desktop, page.level, f"Service {services[index]['name']}")  # type: ignore[attr-defined]
    arrival = next(f for f in page.fields if f.label == "Arrival time")
    assert isinstance(arrival, LineField)
    path = ("services", index, "overrides", "on_site", "arrival_minutes")

    desktop.fill(arrival.line, "2h 30 min")
    assert telecom.document.value(path) is None, "nothing stored while typing"
    desktop.key("Tab")

    stored = telecom.document.value(path)
    telecom.forget_changes()
    assert stored == "2h 30 min"
