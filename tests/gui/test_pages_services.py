"""The services, service-levels and credits pages, driven as a user drives them."""

from __future__ import annotations

import copy
import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from helpers import EXAMPLES_DIR, ROOT
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QTableWidget

from slaeditor.gui.editing.edited_agreement import EditedAgreement
from slaeditor.gui.wizard.pages.credits import CreditsPage
from slaeditor.gui.wizard.pages.service_levels import ServiceLevelsPage
from slaeditor.gui.wizard.pages.services import ServicesPage
from slaeditor.model.ids import make_id
from slaeditor.sla import (
    MonthConvention,
    Tier,
    Window,
    credit_amount,
    downtime_budget,
    format_duration,
)
from slaeditor.storage import load_agreement
from slaeditor.storage.drafts import draft_from_agreement
from slaeditor.storage.starter import new_draft

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from slaeditor.gui.context import AppContext
    from slaeditor.gui.wizard.sla_page import SlaPage


@pytest.fixture
def document(telecom_draft: dict[str, Any]) -> EditedAgreement:
    return EditedAgreement(copy.deepcopy(telecom_draft))


def open_page(qtbot: QtBot, page: SlaPage, document: EditedAgreement) -> Any:
    qtbot.addWidget(page)
    page.resize(660, 760)
    page.show()
    page.load_from(document)
    return page


def retype(qtbot: QtBot, line: QLineEdit, text: str) -> None:
    """Replace a line edit's text by typing, as a user does after selecting it all."""
    line.setFocus()
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)


def choose(combo: QComboBox, text: str) -> None:
    """Pick the entry whose label starts with text, as a click in the drop-down does."""
    index = next(i for i in range(combo.count()) if combo.itemText(i).startswith(text))
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def edit_cell(qtbot: QtBot, table: QTableWidget, row: int, col: int, text: str) -> None:
    """Open a cell's editor, type over it and press Enter."""
    item = table.item(row, col)
    assert item is not None
    table.setCurrentCell(row, col)
    table.editItem(item)
    editor = table.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits the edit in a queued call


def service_names(document: EditedAgreement) -> list[str]:
    return [service["name"] for service in document.data["services"]]


# --- services ------------------------------------------------------------------------------


def test_add_creates_a_service_whose_id_follows_its_name_and_undo_takes_it_away(
    qtbot: QtBot, context: AppContext, document: EditedAgreement
) -> None:
    page = open_page(qtbot, ServicesPage(context, document), document)
    qtbot.mouseClick(page.buttons["add"], Qt.MouseButton.LeftButton)
    assert len(document.data["services"]) == 5
    assert document.data["services"][4]["id"] == "new-service"
    assert page.services.currentRow() == 4
    assert page.services.item(4).text() == "New service"

    retype(qtbot, page.name_field.line, "Call Recording")
    assert document.data["services"][4]["name"] == "Call Recording"
    assert document.data["services"][4]["id"] == "call-recording"
    assert page.services.item(4).text() == "Call Recording"

    while len(document.data["services"]) == 5:
        document.undo_stack.undo()
    assert service_names(document)[-1] == "SMS Messaging API"
    assert page.services.count() == 4


def test_a_new_services_id_is_made_from_its_first_name_and_then_kept(
    qtbot: QtBot, context: AppContext, document: EditedAgreement
) -> None:
    page = open_page(qtbot, ServicesPage(context, document), document)
    assert not [field for field in page.fields if field.label == "Id"], "ids are never asked"
    qtbot.mouseClick(page.buttons["add"], Qt.MouseButton.LeftButton)
    assert document.data["services"][4]["id"] == "new-service"
    page.name_field.line.editingFinished.emit()  # leaving the placeholder name fixes nothing
    retype(qtbot, page.name_field.line, "Call Recording")
    assert document.data["services"][4]["id"] == "call-recording"
    page.name_field.line.editingFinished.emit()  # the user moves on: the id is made
    retype(qtbot, page.name_field.line, "Call Recording and Archive")
    assert document.data["services"][4]["name"] == "Call Recording and Archive"
    assert document.data["services"][4]["id"] == "call-recording"


def test_existing_service_ids_stay_when_the_service_is_renamed(
    qtbot: QtBot, context: AppContext, document: EditedAgreement
) -> None:
    page = open_page(qtbot, ServicesPage(context, document), document)
    page.services.setCurrentRow(2)
    retype(qtbot, page.name_field.line, "SD-WAN")
    assert document.data["services"][2]["name"] == "SD-WAN"
    assert document.data["services"][2]["id"] == "sd-wan"


def test_duplicate_copies_the_selected_service_with_its_overrides(
    qtbot: QtBot, context: AppContext, document: EditedAgreement
) -> None:
    page = open_page(qtbot, ServicesPage(context, document), document)
    page.services.setCurrentRow(1)
    qtbot.mouseClick(page.buttons["duplicate"], Qt.MouseButton.LeftButton)
    services = document.data["services"]
    assert len(services) == 5
    assert services[2]["name"] == "Dedicated Internet Access (copy)"
    assert services[2]["id"] == "dedicated-internet-access-copy"
    assert services[2]["overrides"] == services[1]["overrides"]
    assert page.services.currentRow() == 2
    document.undo_stack.undo()
    assert len(document.data["services"]) == 4


def test_remove_asks_nothing_and_undo_brings_the_service_back(
    qtbot: QtBot, context: AppContext, document: EditedAgreement
) -> None:
    page = open_page(qtbot, ServicesPage(context, document), document)
    removed = copy.deepcopy(document.data["services"][1])
    page.services.setCurrentRow(1)
    qtbot.mouseClick(page.buttons["remove"], Qt.MouseButton.LeftButton)
    assert "Dedicated Internet Access" not in service_names(document)
    assert page.services.count() == 3
    assert page.name_field.line.text() == "Managed SD-WAN over MPLS and Internet Underlay"

    document.undo_stack.undo()
    assert document.data["services"][1] == removed
    assert page.services.count() == 4
    assert page.services.item(1).text() == "Dedicated Internet Access"


def test_move_up_and_down_reorder_the_services(
    qtbot: QtBot, context: AppContext, document: EditedAgreement
) -> None:
    page = open_page(qtbot, ServicesPage(context, document), document)
    before = service_names(document)
    page.services.setCurrentRow(0)
    qtbot.mouseClick(page.buttons["down"], Qt.MouseButton.LeftButton)
    assert service_names(document)[:2] == [before[1], before[0]]
    assert page.services.currentRow() == 1
    qtbot.mouseClick(page.buttons["down"], Qt.MouseButton.LeftButton)
    assert service_names(document)[2] == before[0]
    qtbot.mouseClick(page.buttons["up"], Qt.MouseButton.LeftButton)
    assert service_names(document)[1] == before[0]
    assert not page.buttons["up"].isEnabled() or page.services.currentRow() > 0
    while document.undo_stack.canUndo():
        document.undo_stack.undo()
    assert service_names(document) == before


def test_ticking_a_site_adds_it_to_the_service(
    qtbot: QtBot, context: AppContext, document: EditedAgreement
) -> None:
    page = open_page(qtbot, ServicesPage(context, document), document)
    page.services.setCurrentRow(0)
    sites = page.sites_field.list
    dublin = next(
        sites.item(i) for i in range(sites.count()) if sites.item(i).text() == "Dublin Port hub"
    )
    dublin.setCheckState(Qt.CheckState.Checked)
    assert document.data["services"][0]["sites"] == ["man-hq", "dirft", "felixstowe", "dublin"]
    document.undo_stack.undo()
    assert "dublin" not in document.data["services"][0]["sites"]
    assert dublin.checkState() == Qt.CheckState.Unchecked


def table_of(page: SlaPage, label: str) -> Any:
    return next(field for field in page.fields if field.label == label)


def test_a_new_site_ticked_before_it_is_named_stays_ticked_under_its_new_id(
    qtbot: QtBot, context: AppContext, document: EditedAgreement
) -> None:
    page = open_page(qtbot, ServicesPage(context, document), document)
    sites = table_of(page, "Customer sites")
    assert [column.key for column in sites.columns] == ["name", "address", "time_zone"]
    qtbot.mouseClick(sites.buttons["add"], Qt.MouseButton.LeftButton)
    fresh = document.data["sites"][-1]["id"]
    page.services.setCurrentRow(0)
    listed = page.sites_field.list
    listed.item(listed.count() - 1).setCheckState(Qt.CheckState.Checked)
    assert document.data["services"][0]["sites"][-1] == fresh

    edit_cell(qtbot, sites.table, len(document.data["sites"]) - 1, 0, "Leeds depot")

    assert document.data["sites"][-1]["id"] == "leeds-depot"
    assert document.data["services"][0]["sites"][-1] == "leeds-depot"
    edit_cell(qtbot, sites.table, len(document.data["sites"]) - 1, 0, "Leeds North depot")
    assert document.data["sites"][-1]["id"] == "leeds-depot", "a later rename keeps the id"


def test_naming_a_new_customer_group_keeps_its_services_in_it(
    qtbot: QtBot, context: AppContext, document: EditedAgreement
) -> None:
    page = open_page(qtbot, ServicesPage(context, document), document)
    multi = draft_from_agreement(load_agreement(EXAMPLES_DIR / "managed-it-multilevel.sla.yaml"))
    document.replace(multi, None)
    groups = table_of(page, "Customer groups")
    assert "id" not in [column.key for column in groups.columns]
    qtbot.mouseClick(groups.buttons["add"], Qt.MouseButton.LeftButton)
    fresh = document.data["customer_groups"][-1]["id"]
    document.set_value(("services", 0, "group"), fresh)

    edit_cell(qtbot, groups.table, len(document.data["customer_groups"]) - 1, 0, "Retail")

    assert document.data["customer_groups"][-1]["id"] == "retail"
    assert document.data["services"][0]["group"] == "retail"
    document.undo_stack.undo()
    assert document.data["services"][0]["group"] == fresh


def test_a_service_renamed_elsewhere_is_renamed_in_the_list(
    qtbot: QtBot, context: AppContext, document: EditedAgreement
) -> None:
    page = open_page(qtbot, ServicesPage(context, document), document)
    document.set_value(("services", 3, "name"), "Messaging")
    assert page.services.item(3).text() == "Messaging"


def test_the_services_page_leaves_service_overrides_to_the_terms_pages(
    context: AppContext, document: EditedAgreement
) -> None:
    page = ServicesPage(context, document)
    assert page.owns("services[0].name")
    assert page.owns("services")
    assert page.owns("sites[2].time_zone")
    assert page.owns("customer_groups[1].name")
    assert not page.owns("services[1].overrides.availability.target_percent")
    assert not page.owns("customer_groups[1].overrides.support.calendar")


def test_customer_groups_are_shown_only_for_multi_level_agreements(
    qtbot: QtBot, context: AppContext, document: EditedAgreement
) -> None:
    page = open_page(qtbot, ServicesPage(context, document), document)
    assert not page.groups_box.isVisible()
    multi = draft_from_agreement(load_agreement(EXAMPLES_DIR / "managed-it-multilevel.sla.yaml"))
    document.replace(multi, None)
    assert page.groups_box.isVisible()
    assert page.group_field.combo.currentText() == "Group-wide services"


def test_ids_are_lower_case_hyphenated_and_unique() -> None:
    assert make_id("Managed SD-WAN (EU) — Café", set()) == "managed-sd-wan-eu-cafe"
    assert make_id("SD WAN", {"sd-wan"}) == "sd-wan-2"
    assert len(make_id("x" * 100, set())) == 63


# --- service levels ------------------------------------------------------------------------


def test_typing_a_target_updates_the_allowed_downtime_as_you_type(
    qtbot: QtBot, context: AppContext, document: EditedAgreement
) -> None:
    page = open_page(qtbot, ServiceLevelsPage(context, document), document)
    retype(qtbot, page.target.line, "99.95")
    budget = downtime_budget(Decimal("99.95"), Window.MONTH, MonthConvention.CALENDAR)
    expected = format_duration(budget.seconds, "en_GB")
    assert expected == "21m 36s"
    assert expected in page.downtime.text()  # the figures follow the typed text…
    assert format_duration(budget.min_seconds, "en_GB") in page.downtime.text()
    year = page.budget.cells[Window.YEAR][2].text()
    assert year == "4h 22m 48s"  # DOMAIN.md: 99.95 % of a 365-day year
    assert document.data["terms"]["availability"]["target_percent"] == "99.9"  # …not stored
    qtbot.keyClick(page.target.line, Qt.Key.Key_Return)
    assert document.data["terms"]["availability"]["target_percent"] == "99.95"
    assert page.target.line.text() == "99.95" and expected in page.downtime.text()


def test_the_month_convention_changes_the_allowed_downtime(
    qtbot: QtBot, context: AppContext, document: EditedAgreement
) -> None:
    page = open_page(qtbot, ServiceLevelsPage(context, document), document)
    choose(page.convention_field.combo, "Fixed 30-day month")
    assert document.data["terms"]["availability"]["month_convention"] == "30-day"
    assert "43m 12s" in page.downtime.text()  # DOMAIN.md: 99.9 % of a 30-day month
    assert "a month (30-day month)" in page.downtime.text()
    choose(page.convention_field.combo, "Average month")
    assert "43m 49.8s" in page.downtime.text()
    assert "30.44-day month" in page.downtime.text()
    lengths = {window: cells[1].text() for window, cells in page.budget.cells.items()}
    assert lengths[Window.MONTH] == "about 30 days"
    assert lengths[Window.QUARTER] == "about 91 days", "plain words, not 91.31 days"
    assert lengths[Window.WEEK] == "7 days"
    choose(page.window_field.combo, "Year")
    assert "8h 45m 36s" in page.downtime.text()


def test_a_target_of_101_shows_the_models_message_and_blocks_next(
    qtbot: QtBot, context: AppContext, document: EditedAgreement
) -> None:
    page = open_page(qtbot, ServiceLevelsPage(context, document), document)
    assert page.isComplete()
    retype(qtbot, page.target.line, "101")
    assert "No allowed downtime yet" in page.downtime.text()
    qtbot.keyClick(page.target.line, Qt.Key.Key_Return)
    assert page.target.message.isVisible()
    assert "less than 100" in page.target.message.text()
    assert not page.isComplete()
    assert "less than 100" in page.downtime.text()
    assert page.budget.cells[Window.MONTH][2].text() == "—"


def test_a_service_override_is_marked_and_reset_restores_the_inherited_target(
    qtbot: QtBot, context: AppContext, document: EditedAgreement
) -> None:
    page = open_page(qtbot, ServiceLevelsPage(context, document), document)
    choose(page.level, "Service Dedicated Internet Access")
    assert page.target.line.text() == "99.95"
    assert page.target.origin.text() == "Set for service Dedicated Internet Access"
    assert "21m 36s" in page.downtime.text()
    assert page.target.reset_button.isVisible()

    qtbot.mouseClick(page.target.reset_button, Qt.MouseButton.LeftButton)
    assert "availability" not in document.data["services"][1]["overrides"]
    assert page.target.line.text() == "99.9"
    assert page.target.origin.text() == "Inherited from the corporate terms"
    assert "43m 12s" in page.downtime.text()
    document.undo_stack.undo()
    assert page.target.line.text() == "99.95"


# --- credits -------------------------------------------------------------------------------


def test_tiers_out_of_order_name_the_tier_and_block_next(
    qtbot: QtBot, context: AppContext, document: EditedAgreement
) -> None:
    page = open_page(qtbot, CreditsPage(context, document), document)
    assert page.isComplete()
    edit_cell(qtbot, page.tiers.table, 1, 1, "99.95")
    assert document.data["terms"]["credits"]["tiers"][1]["uptime_percent"] == "99.95"
    assert not page.isComplete()
    assert page.tiers.message.isVisible()
    assert "tier 2" in page.tiers.message.text().lower()
    assert page.banner.isVisible()
    assert "in order" in page.example.text()
    document.undo_stack.undo()
    assert page.isComplete()


def test_the_worked_example_follows_the_tiers(
    qtbot: QtBot, context: AppContext, document: EditedAgreement
) -> None:
    page = open_page(qtbot, CreditsPage(context, document), document)
    choose(page.level, "Service Managed SD-WAN")
    before = page.example.text()
    assert "At 99.25% in a 30-day month" in before
    assert "3% of the monthly fee: £292.50 of £9,750.00 for Managed SD-WAN" in before
    edit_cell(qtbot, page.tiers.table, 1, 2, "4")
    after = page.example.text()
    assert after != before
    assert "4% of the monthly fee: £390.00 of £9,750.00" in after


def test_a_new_drafts_example_shows_uptime_falling_to_exactly_97_percent(
    qtbot: QtBot, context: AppContext
) -> None:
    draft = new_draft("customer-based", ROOT / "templates" / "standard", datetime.date(2026, 12, 6))
    document = EditedAgreement(draft)
    page = open_page(qtbot, CreditsPage(context, document), document)
    text = page.example.text()
    assert text.startswith("At exactly 97% in a 30-day month (21h 36m down)"), text
    assert "the customer receives 5% of the affected service" in text
    qtbot.keyClicks(page.try_uptime, "97.01")
    assert "At 97.01%" in page.example.text()
    assert "the customer receives 2% of the affected service" in page.example.text()


def test_a_below_tier_says_it_leaves_its_boundary_out(
    qtbot: QtBot, context: AppContext, document: EditedAgreement
) -> None:
    page = open_page(qtbot, CreditsPage(context, document), document)
    qtbot.keyClicks(page.try_uptime, "99.9")
    text = page.example.text()
    assert "At exactly 99.9%" in text
    assert "no credit is due: the tier is uptime below 99.9 %, which leaves 99.9% out" in text


def test_trying_an_uptime_computes_the_credit_but_stores_nothing(
    qtbot: QtBot, context: AppContext, document: EditedAgreement
) -> None:
    page = open_page(qtbot, CreditsPage(context, document), document)
    choose(page.level, "Service Managed SD-WAN")
    data = copy.deepcopy(document.data)
    qtbot.keyClicks(page.try_uptime, "98.7")
    tiers = [
        Tier(Decimal(t["uptime_percent"]), Decimal(t["credit_percent"]))
        for t in data["terms"]["credits"]["tiers"]
    ]
    amount = credit_amount(Decimal("98.7"), tiers, Decimal("9750.00"), Decimal(10))
    assert amount == Decimal("390.00")
    text = page.example.text()
    assert "At 98.7% in a 30-day month (9h 21m 36s down)" in text
    assert "£390.00 of £9,750.00" in text
    assert document.data == data
    assert not document.undo_stack.canUndo()
    page.try_uptime.clear()
    qtbot.keyClicks(page.try_uptime, "abc")
    assert "between 0 and 100" in page.example.text()


def test_the_example_speaks_of_the_monthly_fee_on_the_corporate_level(
    qtbot: QtBot, context: AppContext, document: EditedAgreement
) -> None:
    page = open_page(qtbot, CreditsPage(context, document), document)
    text = page.example.text()
    assert "of the affected service's monthly fee." in text
    assert "£" not in text
