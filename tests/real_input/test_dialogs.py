"""Every key lands in the dialogs too: the library manager, Sign, Save to library.

Typed through the private X server wherever the focus is, after a real click, like the
wizard's pages (test_typing.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop import keys_lost, text_boxes
from gui.library_helpers import CLAIMS, FORCE_MAJEURE, forget_edits, make_context, write_library
from helpers import ROOT
from PySide6.QtWidgets import QApplication, QDialog, QPlainTextEdit, QWidget

from slaeditor.gui.library_manager.window import LibraryManager

if TYPE_CHECKING:
    from pathlib import Path

    from desktop import Desktop
    from pytestqt.qtbot import QtBot

    from slaeditor.gui.shell.main_window import MainWindow


def sample(editor: QWidget) -> str:
    if isinstance(editor, QPlainTextEdit):
        return "{{ customer_name }} claims in writing.\nWithin 30 days."
    return "Quay Street 4"


def place(qtbot: QtBot, window: QWidget) -> None:
    window.move(0, 0)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)


def test_every_key_typed_into_the_library_manager_lands(
    desktop: Desktop, qtbot: QtBot, tmp_path: Path
) -> None:
    team = tmp_path / "team.clauses.yaml"
    write_library(team, "Team", [CLAIMS, FORCE_MAJEURE])
    manager = LibraryManager(make_context(tmp_path, [team]), "standard")
    qtbot.addWidget(manager, before_close_func=forget_edits)
    manager.resize(1280, 900)
    place(qtbot, manager)
    assert manager.select(team, CLAIMS.id)

    boxes = text_boxes(manager)
    names = {box.accessibleName() for box in boxes}
    assert {"Search", "Title", "Guidance"} <= names, names
    lost = keys_lost(desktop, boxes, sample)

    assert not lost, "keys lost in the library manager:\n" + "\n".join(lost)


def test_every_key_typed_into_the_sign_dialog_lands(
    desktop: Desktop, qtbot: QtBot, window: MainWindow
) -> None:
    window.move(0, 0)
    window.signing.last_pdf = str(ROOT / "README.md")
    dialog = window.signing.sign()
    place(qtbot, dialog)

    boxes = text_boxes(dialog)
    assert len(boxes) >= 4, [box.accessibleName() for box in boxes]
    lost = keys_lost(desktop, boxes, sample)

    dialog.reject()
    assert not lost, "keys lost in the Sign dialog:\n" + "\n".join(lost)


def test_every_key_typed_into_save_to_library_lands(
    desktop: Desktop, qtbot: QtBot, window: MainWindow
) -> None:
    window.move(0, 0)
    window.resize(1400, 1000)
    assert window.open_agreement(ROOT / "examples" / "telecom-customer.sla.yaml")
    window.wizard.go_to("wording")
    page = window.wizard.current()
    assert page.select_slot("credits-claims")  # type: ignore[attr-defined]
    page.panel.editor.setPlainText("{{ customer_name }} claims within 45 days.")  # type: ignore[attr-defined]
    page.panel.save_button.click()  # type: ignore[attr-defined]
    dialog = page.save_dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, QDialog)
    place(qtbot, dialog)

    assert dialog.as_clause.isChecked()  # the personal library has no such clause yet
    boxes = text_boxes(dialog)
    assert [box.accessibleName() for box in boxes] == ["Clause title"]  # no id is asked for
    lost = keys_lost(desktop, boxes, sample)

    dialog.reject()
    window.forget_changes()
    QApplication.processEvents()
    assert not lost, "keys lost in Save to library:\n" + "\n".join(lost)


def test_every_key_typed_into_the_verify_dialog_lands_and_is_what_it_checks(
    desktop: Desktop, qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.move(0, 0)
    dialog = window.signing.verify()
    place(qtbot, dialog)
    boxes = text_boxes(dialog)
    assert {box.accessibleName() for box in boxes} == {
        "Signed PDF",
        "Also trust root certificate",
    }
    lost = keys_lost(desktop, boxes, sample)
    contract = str(tmp_path / "Meridian contract (signed, v2).pdf")
    root = str(tmp_path / "our root (2025).pem")

    desktop.fill(dialog.pdf, contract)
    desktop.click(dialog.trust)
    desktop.key("ctrl+a", "BackSpace")  # no root of our own
    desktop.key("Return")  # Verify is the default button
    about_the_contract = dialog.verdict.text()
    desktop.fill(dialog.trust, root)
    desktop.key("Return")
    about_the_root = dialog.verdict.text()

    dialog.reject()
    assert not lost, "keys lost in the Verify dialog:\n" + "\n".join(lost)
    assert dialog.pdf.text() == contract and dialog.trust.text() == root
    assert about_the_contract.startswith(f"{contract}:"), about_the_contract
    assert about_the_root.startswith(f"{root}:"), about_the_root
