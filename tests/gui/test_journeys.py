"""A new user's whole journey for each SLA type, driven through the widgets like a person.

Start page → Create, then every page with typing and clicks on Next, then export: the PDF and
the Word file must say what was typed, with the downtime budget and credit tiers that follow
from it (computed by slaeditor.sla, the same arithmetic the contract uses).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from helpers import docx_text, pdf_text, words
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit, QRadioButton, QWizard

from slaeditor.gui.editing.fields import ChoiceField, LineField
from slaeditor.gui.editing.table_field import TableField
from slaeditor.sla import MonthConvention, Window, allowed_downtime_seconds
from slaeditor.sla.formatting import format_minutes, format_percent

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from slaeditor.gui.shell.main_window import MainWindow
    from slaeditor.gui.wizard.sla_page import SlaPage

EXPORT_MS = 120_000
PROVIDER = "Northwind Networks Limited"
CUSTOMER = "Contoso Retail Group plc"


def field(page: SlaPage, label: str) -> object:
    """Find a field on a page by its visible label."""
    return next(item for item in page.fields if item.label == label)


def type_over(qtbot: QtBot, editor: QLineEdit, text: str) -> None:
    """Select what a line edit holds, type over it and press Enter (numbers store on Enter)."""
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def edit_cell(qtbot: QtBot, table: TableField, row: int, column: str, text: str) -> None:
    """Double-click a cell, type over it and press Enter, as a user edits a table."""
    col = next(i for i, c in enumerate(table.columns) if c.key == column)
    grid = table.table
    grid.scrollToItem(grid.item(row, col))
    rect = grid.visualItemRect(grid.item(row, col))
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editors = [e for e in grid.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, f"no cell editor for {column}"
    editor = editors[0]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(10)


def click_next(qtbot: QtBot, window: MainWindow) -> SlaPage:
    """Click Next; it must be enabled, since the page has no errors left."""
    button = window.wizard.button(QWizard.WizardButton.NextButton)
    page = window.wizard.current()
    assert button.isEnabled(), f"{page.key}: {[i.message for i in page.blocking_issues()]}"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.wizard.current() is not page, [
        (i.path, i.message) for i in page.blocking_issues()
    ]
    return window.wizard.current()


def start(qtbot: QtBot, window: MainWindow, sla_type: str) -> SlaPage:
    """Choose the SLA type on the start page and click Create agreement."""
    page = window.wizard.current()
    assert page.key == "start"
    radio = next(b for b in page.findChildren(QRadioButton) if b.property("sla_type") == sla_type)
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked()
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert window.document.sla_type == sla_type
    return window.wizard.current()


def fill_parties(qtbot: QtBot, page: SlaPage, *, customer: bool) -> None:
    """Name the parties and their signatories."""
    assert page.key == "parties"
    name = field(page, "Provider name")
    assert isinstance(name, LineField)
    type_over(qtbot, name.line, PROVIDER)
    signatories = field(page, "Provider signatories")
    assert isinstance(signatories, TableField)
    edit_cell(qtbot, signatories, 0, "name", "Ada Lovelace")
    if customer:
        name = field(page, "Customer name")
        assert isinstance(name, LineField)
        type_over(qtbot, name.line, CUSTOMER)
        signatories = field(page, "Customer signatories")
        assert isinstance(signatories, TableField)
        edit_cell(qtbot, signatories, 0, "name", "Grace Hopper")


def name_service(qtbot: QtBot, page: SlaPage, row: int, name: str, fee: str) -> None:
    """Select a service in the list and type its name and fee."""
    services = page.services  # type: ignore[attr-defined]
    rect = services.visualItemRect(services.item(row))
    qtbot.mouseClick(services.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    type_over(qtbot, page.name_field.line, name)  # type: ignore[attr-defined]
    monthly = field(page, "Monthly fee")
    assert isinstance(monthly, LineField)
    type_over(qtbot, monthly.line, fee)


def set_service_levels(qtbot: QtBot, page: SlaPage, target: str) -> None:
    """Type the corporate target and choose a fixed 30-day month."""
    assert page.key == "service-levels"
    box = field(page, "Target (%)")
    assert isinstance(box, LineField)
    type_over(qtbot, box.line, target)
    convention = field(page, "Month length")
    assert isinstance(convention, ChoiceField)
    combo = convention.combo
    index = combo.findData(MonthConvention.THIRTY_DAY.value)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    assert page.document.value(("terms", "availability", "month_convention")) == "30-day"


def set_first_tier(qtbot: QtBot, page: SlaPage, below: str, credit: str) -> None:
    """Make the first credit tier start at the new target with a new credit."""
    assert page.key == "credits"
    tiers = field(page, "Credit tiers")
    assert isinstance(tiers, TableField)
    edit_cell(qtbot, tiers, 0, "uptime_percent", below)
    edit_cell(qtbot, tiers, 0, "credit_percent", credit)


def walk_to_review(qtbot: QtBot, window: MainWindow) -> None:
    """Click Next through the remaining pages, which the starter filled sensibly."""
    while window.wizard.current().key != "review":
        click_next(qtbot, window)


def export_both(qtbot: QtBot, window: MainWindow, folder: Path) -> tuple[str, str]:
    """Export PDF and Word through the window and return their text as words."""
    pdf, docx = folder / "contract.pdf", folder / "contract.docx"
    for target in (pdf, docx):
        with qtbot.waitSignal(window.exported, timeout=EXPORT_MS) as blocker:
            window.export(target)
        assert blocker.args == [str(target.resolve())]
    return " ".join(words(pdf_text(pdf))), " ".join(words(docx_text(docx)))


def expected_budget(target: str) -> str:
    """The monthly downtime budget the contract must state for a target (30-day month)."""
    seconds = allowed_downtime_seconds(Decimal(target), Window.MONTH, MonthConvention.THIRTY_DAY)
    return format_minutes(int(seconds // 60), "en_GB")  # counted in whole minutes


def expected_tier(below: str, credit: str) -> str:
    """A credit table row as the contract prints it."""
    return f"Below {format_percent(Decimal(below))} {format_percent(Decimal(credit))}"


def test_customer_based_journey_exports_what_was_typed(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    page = start(qtbot, window, "customer-based")
    fill_parties(qtbot, page, customer=True)
    page = click_next(qtbot, window)
    assert page.key == "services"
    name_service(qtbot, page, 0, "SIP Trunking", "4850")
    qtbot.mouseClick(page.buttons["add"], Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    name_service(qtbot, page, 1, "Dedicated Internet Access", "6200")
    page = click_next(qtbot, window)
    set_service_levels(qtbot, page, "99.95")
    page = click_next(qtbot, window)
    set_first_tier(qtbot, page, "99.95", "3")
    walk_to_review(qtbot, window)
    assert window.document.result.errors == []
    pdf, docx = export_both(qtbot, window, tmp_path)
    for text in (pdf, docx):
        for typed in (PROVIDER, CUSTOMER, "SIP Trunking", "Dedicated Internet Access"):
            assert typed in text
        assert "Ada Lovelace" in text and "Grace Hopper" in text
        assert expected_tier("99.95", "3") in text
    assert expected_budget("99.95") in pdf
    assert expected_budget("99.95") == "21 minutes"


def test_service_based_journey_names_no_customer(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    page = start(qtbot, window, "service-based")
    fill_parties(qtbot, page, customer=False)
    page = click_next(qtbot, window)
    name_service(qtbot, page, 0, "Hosted Kubernetes Platform", "12000")
    page = click_next(qtbot, window)
    set_service_levels(qtbot, page, "99.99")
    page = click_next(qtbot, window)
    set_first_tier(qtbot, page, "99.99", "4")
    walk_to_review(qtbot, window)
    assert window.document.result.errors == []
    pdf, docx = export_both(qtbot, window, tmp_path)
    for text in (pdf, docx):
        assert PROVIDER in text and "Hosted Kubernetes Platform" in text
        assert CUSTOMER not in text
        assert expected_tier("99.99", "4") in text
    assert expected_budget("99.99") in pdf
    assert expected_budget("99.99") == "4 minutes"


@pytest.mark.parametrize("override", ["99.5"])
def test_multi_level_journey_overrides_one_service_and_resets_another(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, override: str
) -> None:
    page = start(qtbot, window, "multi-level")
    fill_parties(qtbot, page, customer=True)
    page = click_next(qtbot, window)
    groups = field(page, "Customer groups")
    assert isinstance(groups, TableField)
    edit_cell(qtbot, groups, 0, "name", "Retail stores")
    edit_cell(qtbot, groups, 1, "name", "Head office")
    name_service(qtbot, page, 0, "Store Wi-Fi", "900")
    qtbot.mouseClick(page.buttons["add"], Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    name_service(qtbot, page, 1, "Managed Desktop", "3100")
    group = field(page, "Customer group")
    assert isinstance(group, ChoiceField)
    index = group.combo.findData("group-2")
    group.combo.setCurrentIndex(index)
    group.combo.activated.emit(index)
    page = click_next(qtbot, window)
    set_service_levels(qtbot, page, "99.9")
    level = page.level  # type: ignore[attr-defined]
    wifi = next(i for i in range(level.count()) if "Store Wi-Fi" in level.itemText(i))
    level.setCurrentIndex(wifi)
    level.activated.emit(wifi)
    target = field(page, "Target (%)")
    assert isinstance(target, LineField)
    assert "Inherited from" in target.origin.text()
    type_over(qtbot, target.line, override)
    assert target.origin.text().startswith("Set for")
    assert window.document.value(("services", 0, "overrides", "availability")) == {
        "target_percent": override
    }
    next_button = window.wizard.button(QWizard.WizardButton.NextButton)
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)  # a new draft says so on Next
    assert window.wizard.current() is page, "inherited tiers above the new target block Next"
    assert not next_button.isEnabled()
    assert "includes uptimes that meet the 99.5 % target" in page.banner.text()
    qtbot.mouseClick(target.reset_button, Qt.MouseButton.LeftButton)
    assert "Inherited from" in target.origin.text()
    assert target.line.text() == "99.9"
    assert window.document.value(("services", 0, "overrides")) == {}
    assert next_button.isEnabled()
    page = click_next(qtbot, window)
    set_first_tier(qtbot, page, "99.9", "1.5")
    assert window.document.result.errors == []
    walk_to_review(qtbot, window)
    pdf, docx = export_both(qtbot, window, tmp_path)
    for text in (pdf, docx):
        for typed in ("Retail stores", "Head office", "Store Wi-Fi", "Managed Desktop", CUSTOMER):
            assert typed in text
        assert expected_tier("99.9", "1.5") in text
    assert expected_budget("99.9") in pdf
