"""The reference deal, from New to a PDF and a Word contract, with real clicks and keys.

A customer-based telecom deal (DOMAIN.md and issue 13): the parties and one signatory each, a
start date, three services, 99.9 % availability, uptime at 97 % earning 5 % of the fee, a
12-hour response for a non-serious issue, engineers on site within 4 hours, scale-up and
scale-down within set periods, then both files. Every action is counted as a user would count
it: clicking a field and typing its value is one, every other click, a choice in a list, a key
shortcut and the file dialog are one each. The README states the count.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

from desktop import when_active
from helpers import ROOT, docx_text, pdf_text, words
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFileDialog,
    QWidget,
)

from slaeditor.gui.editing.date_field import DateField
from slaeditor.gui.editing.fields import ChoiceField, Field, LineField
from slaeditor.gui.editing.table_field import TableField

if TYPE_CHECKING:
    from pathlib import Path

    from desktop import Desktop
    from pytestqt.qtbot import QtBot

    from slaeditor.gui.shell.main_window import MainWindow
    from slaeditor.gui.wizard.sla_page import SlaPage

MOST_ACTIONS = 30
README = ROOT / "README.md"
EXPORT_MS = 120_000
PROVIDER = "Northwind Telecom Limited"
CUSTOMER = "Harbour Logistics plc"
SERVICES = ("Hosted Voice", "Internet Access", "Managed SD-WAN")


def field(page: SlaPage, label: str) -> Field:
    return next(f for f in page.fields if f.label == label)


def button(root: QWidget, name: str) -> QAbstractButton:
    return next(
        b
        for b in root.findChildren(QAbstractButton)
        if b.accessibleName() == name and b.isVisible()
    )


def next_page(desktop: Desktop, window: MainWindow) -> SlaPage:
    """Click Next; the page must change (nothing blocks it)."""
    page = window.wizard.current()
    desktop.click(window.wizard.button(window.wizard.WizardButton.NextButton), what="Next")
    after = window.wizard.current()
    assert after is not page, f"Next stayed on {page.key}: {page.blocking_issues()}"
    return after


def step(desktop: Desktop, window: MainWindow, key: str) -> SlaPage:
    """Click a step in the step list."""
    steps = window.steps
    row = next(i for i in range(steps.count()) if steps.item(i).data(0x0100) == key)
    desktop.click_cell(steps, steps.visualItemRect(steps.item(row)))
    assert window.wizard.current().key == key
    return window.wizard.current()


def type_cell(desktop: Desktop, table: TableField, row: int, key: str, text: str) -> None:
    """Click a cell and type its value (the first key opens the editor): one action."""
    col = next(i for i, c in enumerate(table.columns) if c.key == key)
    grid = table.table
    desktop.click_cell(grid, grid.visualItemRect(grid.item(row, col)))
    desktop.key("ctrl+a")  # not counted: part of typing over the cell
    desktop.type(text)
    desktop.key("Return")


def choose(desktop: Desktop, combo: QComboBox, text: str) -> None:
    """Open a drop-down and click an entry: one choice in a list."""
    desktop.click(combo, what=f"choose {text!r}")
    view = combo.view()
    index = next(i for i in range(combo.count()) if combo.itemText(i).startswith(text))
    rect = view.visualRect(combo.model().index(index, 0))
    desktop.click(view.viewport(), rect.center())
    desktop.actions -= 1  # opening the list and clicking the entry are one choice
    desktop.log.pop()
    assert combo.currentIndex() == index


def type_date(desktop: Desktop, date_field: DateField, day: datetime.date) -> None:
    """Click into the date box and type the date as it reads ("1 March 2027")."""
    desktop.click(date_field.date, what="type into the effective date")
    desktop.actions -= 1
    desktop.log.pop()
    desktop.key("ctrl+a")
    desktop.type(f"{day.day} {day:%B %Y}")
    desktop.key("Tab")
    desktop.count(f"type {day} into the effective date")


def save_in_dialog(desktop: Desktop, target: Path, offered: list[str] | None = None) -> None:
    """When the file dialog opens, type the file's path and press Enter: one action.

    The name the dialog offered before typing goes to `offered`.
    """

    def answer(dialog: QWidget) -> None:
        if offered is not None:
            assert isinstance(dialog, QFileDialog)
            offered.extend(dialog.selectedFiles())
        desktop.key("ctrl+a")
        desktop.type(str(target))
        desktop.key("Return")

    when_active(QFileDialog, answer)


def test_the_reference_deal_takes_at_most_30_actions_from_new_to_both_files(
    desktop: Desktop, qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.move(0, 0)
    window.resize(1280, 900)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    qtbot.waitUntil(lambda: len(window.wizard.built_pages()) > 1, timeout=10_000)
    desktop.settle()
    start = window.wizard.current()
    assert start.key == "start"
    desktop.click(start.create_button, what="Create agreement")  # customer-based is the default
    page = window.wizard.current()
    assert page.key == "parties" and window.document.sla_type == "customer-based"

    for role, name, signer in (
        ("Provider", PROVIDER, "Ada Lovelace"),
        ("Customer", CUSTOMER, "Grace Hopper"),
    ):
        box = field(page, f"{role} name")
        assert isinstance(box, LineField)
        desktop.fill(box.line, name)
        signatories = field(page, f"{role} signatories")
        assert isinstance(signatories, TableField)
        type_cell(desktop, signatories, 0, "name", signer)
    start_date = datetime.date(2027, 3, 1)
    effective = field(page, "Effective date")
    assert isinstance(effective, DateField)
    type_date(desktop, effective, start_date)

    page = next_page(desktop, window)
    assert page.key == "services"
    desktop.fill(page.name_field.line, SERVICES[0])  # type: ignore[attr-defined]
    for name in SERVICES[1:]:
        desktop.click(page.buttons["add"], what="Add a service")  # type: ignore[attr-defined]
        assert desktop.focus() is page.name_field.line, "Add puts the cursor in the name"  # type: ignore[attr-defined]
        desktop.key("ctrl+a")
        desktop.type(name)
        desktop.count(f"type {name!r}")

    page = step(desktop, window, "on-site")  # availability, credits and support: as proposed
    included = field(page, "On-site support included")
    desktop.click(included.editor, what="tick on-site support")
    arrival = field(page, "Arrival time")
    assert isinstance(arrival, LineField)
    desktop.fill(arrival.line, "4h")

    page = next_page(desktop, window)
    assert page.key == "scaling"
    desktop.click(field(page, "Quantities can change during the term").editor, what="tick scaling")
    unit = field(page, "Unit")
    assert isinstance(unit, LineField)
    desktop.fill(unit.line, "site")
    rule = field(page, "When allowed")
    assert isinstance(rule, ChoiceField)
    choose(desktop, rule.combo, "At any time, with notice")

    page = step(desktop, window, "review")
    assert not window.document.result.errors, [i.message for i in window.document.result.errors]
    pdf = tmp_path / "harbour-logistics.pdf"
    offered: list[str] = []
    save_in_dialog(desktop, pdf, offered)
    with qtbot.waitSignals([window.exported, window.exported], timeout=EXPORT_MS):
        desktop.click(button(page, "Export PDF and Word"), what="Export PDF and Word")
    desktop.count("the file dialog")

    assert offered and offered[0].endswith("-DRAFT.pdf"), offered  # a draft says so
    print(f"{desktop.actions} actions:\n  " + "\n  ".join(desktop.log))
    assert desktop.actions <= MOST_ACTIONS, desktop.log
    stated = re.search(r"reference deal takes (\d+) actions", README.read_text("utf-8"))
    assert stated and int(stated.group(1)) == desktop.actions, "the README states the count"

    ids = [service["id"] for service in window.document.value(("services",))]
    assert ids == ["hosted-voice", "internet-access", "managed-sd-wan"]
    for text in (
        " ".join(words(pdf_text(pdf))),
        " ".join(words(docx_text(pdf.with_suffix(".docx")))),
    ):
        for promise in (
            PROVIDER,
            CUSTOMER,
            "Ada Lovelace",
            "Grace Hopper",
            "1 March 2027",
            *SERVICES,
            "99.9%",
            "At or below 97% 5%",
            "12 hours",
            "4 hours",
        ):
            assert promise in text, promise
        assert re.search(r"\bsite 0 or more, in steps of 1\b", text), "scaling by site"
    window.forget_changes()
