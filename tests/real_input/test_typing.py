"""Every key a person types lands in the field they clicked, on every page of the wizard.

The keys go to the X server and from there to whatever has the keyboard focus; these tests
failed on the wizard that re-emitted completeChanged on each edit (QWizard then hid the page
for a moment and the focus fell to the step list after the first key).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from desktop import go_to_step, keys_lost, open_agreement, text_boxes
from helpers import ROOT
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from slaeditor.gui.editing.fields import Field, LineField, LinesField, TextField
from slaeditor.gui.editing.typed_values import duration_value

if TYPE_CHECKING:
    from desktop import Desktop
    from pytestqt.qtbot import QtBot

    from slaeditor.gui.shell.main_window import MainWindow
    from slaeditor.gui.wizard.sla_page import SlaPage

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"
PAGES = (
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
)


@pytest.fixture
def opened(qtbot: QtBot, window: MainWindow) -> MainWindow:
    """The telecom example open in a window placed on the private screen."""
    return open_agreement(qtbot, window, TELECOM)


def field_of(page: SlaPage, editor: QWidget) -> Field | None:
    """Return the bound field whose editor this is, if any."""
    return next((f for f in page.fields if f.editor is editor), None)


def sample(field: Field | None, editor: QWidget) -> str:
    """What a user would type into this input (the box must then hold exactly this)."""
    if isinstance(field, LinesField):
        return "Monthly scorecard\nQuarterly review"
    if isinstance(field, TextField) or isinstance(editor, QPlainTextEdit):
        return "Written notice to the other party"
    if isinstance(field, LineField) and field.to_value is duration_value:
        return "4h"
    return "Quay Street 4"


@pytest.mark.parametrize("key", PAGES)
def test_every_key_typed_into_a_field_of_the_page_lands_there(
    desktop: Desktop, opened: MainWindow, key: str
) -> None:
    page = go_to_step(desktop, opened, key)
    inputs = text_boxes(page)
    assert inputs or key == "wording", f"{key}: no text input found"
    lost = keys_lost(desktop, inputs, lambda editor: sample(field_of(page, editor), editor))
    opened.forget_changes()
    assert not lost, f"keys lost on {key}:\n" + "\n".join(lost)


def test_a_service_name_typed_right_after_add_is_kept_whole(
    desktop: Desktop, opened: MainWindow
) -> None:
    page = go_to_step(desktop, opened, "services")
    add = next(b for b in page.findChildren(QWidget) if b.accessibleName() == "Add (Services)")
    desktop.click(add)
    desktop.type("SD-WAN Managed Edge")
    names = [s.get("name") for s in opened.document.value(("services",), [])]
    opened.forget_changes()
    assert "SD-WAN Managed Edge" in names, names


def test_a_new_drafts_field_says_what_is_missing_once_the_user_leaves_it(
    desktop: Desktop, qtbot: QtBot, window: MainWindow
) -> None:
    window.move(0, 0)
    window.resize(1400, 1000)
    qtbot.waitUntil(lambda: len(window.wizard.built_pages()) > 1, timeout=10_000)
    window.files.create("customer-based", "standard")
    page = window.wizard.current()
    provider = next(f for f in page.fields if f.label == "Provider name")
    customer = next(f for f in page.fields if f.label == "Customer name")
    assert not provider.message.isVisible()  # nothing said before the user was there

    desktop.click(provider.editor)
    desktop.click(customer.editor)  # leaves the provider's name empty

    assert provider.message.isVisible()
    assert "must not be empty" in provider.message.text().lower()
    assert not customer.message.isVisible()  # still being filled in
    window.forget_changes()


def test_clause_wording_reads_as_the_contract_and_its_template_opens_on_request(
    desktop: Desktop, opened: MainWindow
) -> None:
    page = go_to_step(desktop, opened, "wording")
    assert page.select_slot("credits-claims")  # type: ignore[attr-defined]
    panel = page.panel  # type: ignore[attr-defined]
    assert "{{" not in panel.wording.toPlainText()
    assert not panel.editor.isVisible(), "template text is shown only on request"

    desktop.click(panel.advanced)
    assert panel.editor.isVisible()
    assert desktop.focus() is panel.editor
    desktop.key("ctrl+End")
    desktop.type(" Claims are answered within ten Business Days.")

    choice = opened.document.value(("clauses", "credits-claims"))
    opened.forget_changes()
    assert choice["text"].rstrip().endswith("Claims are answered within ten Business Days.")
    assert "Claims are answered within ten Business Days." in panel.wording.toPlainText()
