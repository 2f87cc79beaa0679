"""The main window as a user meets it: files, undo, prompts, recovery, problems, names."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from typing import TYPE_CHECKING

from gui_fixtures import answer_file_dialog
from helpers import ROOT
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QTableWidget,
    QWidget,
    QWizard,
)

from slaeditor.gui import build_main_window
from slaeditor.gui.editing.fields import ChoiceField, Field, LineField
from slaeditor.storage import load_agreement

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from slaeditor.gui.context import AppContext
    from slaeditor.gui.shell.main_window import MainWindow
    from slaeditor.gui.wizard.sla_page import SlaPage

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"
MULTILEVEL = ROOT / "examples" / "managed-it-multilevel.sla.yaml"
INPUTS = (QLineEdit, QPlainTextEdit, QComboBox, QCheckBox, QRadioButton, QDateEdit, QTableWidget)


def field(page: SlaPage, label: str) -> Field:
    """Find a page's field by its visible label."""
    return next(item for item in page.fields if item.label == label)


def answer_next_prompt(window: MainWindow, button: QMessageBox.StandardButton | str) -> None:
    """Click a button of the next message box the window shows (like a user would)."""

    def click() -> None:
        box = window.last_prompt
        if box is None:
            QTimer.singleShot(20, click)
            return
        if isinstance(button, str):
            target = next(b for b in box.buttons() if b.text() == button)
        else:
            target = box.button(button)
        target.click()

    QTimer.singleShot(20, click)


def type_into(qtbot: QtBot, editor: QLineEdit, text: str) -> None:
    """Replace a line edit's text by typing and press Enter, as a user finishes a value.

    Numbers and durations are stored on Enter (or when the field is left), not at each key.
    """
    editor.setFocus()
    editor.selectAll()
    if text:
        qtbot.keyClicks(editor, text)
    else:
        qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_opening_an_agreement_shows_its_values_and_the_file_in_the_title(
    window: MainWindow,
) -> None:
    assert window.open_agreement(TELECOM)
    page = window.wizard.current()
    assert page.key == "parties"
    name = field(page, "Customer name")
    assert isinstance(name, LineField)
    assert name.line.text() == "Meridian Freight Group plc"
    assert window.windowTitle().startswith("telecom-customer.sla.yaml")
    assert not window.isWindowModified()


def test_an_edit_puts_an_asterisk_in_the_title_and_undo_restores_the_value(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.open_agreement(TELECOM)
    name = field(window.wizard.current(), "Customer name")
    assert isinstance(name, LineField)
    type_into(qtbot, name.line, "Meridian Logistics Ltd")
    assert window.document.data["customer"]["name"] == "Meridian Logistics Ltd"
    assert window.isWindowModified()
    assert "[*]" in window.windowTitle()
    window.actions_by_name["Undo"].trigger()
    assert window.document.data["customer"]["name"] == "Meridian Freight Group plc"
    assert name.line.text() == "Meridian Freight Group plc"
    assert not window.isWindowModified()
    window.actions_by_name["Redo"].trigger()
    assert name.line.text() == "Meridian Logistics Ltd"


def test_next_is_blocked_by_an_invalid_value_and_the_message_names_the_problem(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.open_agreement(TELECOM)
    page = window.wizard.current()
    next_button = window.wizard.button(QWizard.WizardButton.NextButton)
    assert next_button.isEnabled()
    months = field(page, "Initial term (months)")
    assert isinstance(months, LineField)
    type_into(qtbot, months.line, "0")
    assert not next_button.isEnabled()
    assert months.message.isVisible()
    assert "must be at least 1" in months.message.text().lower()
    assert "Initial term (months)" in page.banner.text()
    type_into(qtbot, months.line, "24")
    assert next_button.isEnabled()
    assert not months.message.isVisible()
    assert not page.banner.isVisible()


def test_closing_with_unsaved_changes_asks_first(qtbot: QtBot, window: MainWindow) -> None:
    window.open_agreement(TELECOM)
    name = field(window.wizard.current(), "Provider name")
    assert isinstance(name, LineField)
    type_into(qtbot, name.line, "Albion Telecom Ltd")
    answer_next_prompt(window, QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert window.isVisible()
    assert window.document.data["provider"]["name"] == "Albion Telecom Ltd"
    answer_next_prompt(window, QMessageBox.StandardButton.Discard)
    assert window.close()


def test_save_writes_the_file_and_reopening_restores_every_value(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.open_agreement(TELECOM)
    name = field(window.wizard.current(), "Customer name")
    assert isinstance(name, LineField)
    type_into(qtbot, name.line, "Meridian Logistics Ltd")
    target = tmp_path / "meridian.sla.yaml"
    assert window.save(target)
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("meridian.sla.yaml")
    saved = load_agreement(target)
    original = load_agreement(TELECOM)
    assert saved.customer is not None
    assert saved.customer.name == "Meridian Logistics Ltd"
    assert saved.model_copy(update={"customer": original.customer}) == original
    assert str(target) in window.context.recent_files()


def test_an_invalid_draft_is_saved_as_typed_and_reopens_with_the_problem_marked(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.open_agreement(TELECOM)
    months = field(window.wizard.current(), "Initial term (months)")
    assert isinstance(months, LineField)
    type_into(qtbot, months.line, "thirty")
    target = tmp_path / "draft.sla.yaml"
    assert window.save(target)
    assert "thirty" in target.read_text(encoding="utf-8")
    window.forget_changes()
    assert window.open_agreement(target)
    months = field(window.wizard.current(), "Initial term (months)")
    assert isinstance(months, LineField)
    assert months.line.text() == "thirty"
    assert "whole number" in months.message.text()
    assert "problem" in window.status.text()


def test_a_crash_leaves_an_autosave_that_the_next_start_offers_and_restores(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        from pathlib import Path
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from slaeditor.gui import build_main_window
        from slaeditor.gui.context import AppContext
        window = build_main_window(AppContext.create(Path({str(context.data_dir)!r})))
        window.show()
        window.open_agreement({str(TELECOM)!r})
        name = next(f for f in window.wizard.current().fields if f.label == "Customer name")
        name.line.setFocus()
        name.line.selectAll()
        name.line.insert("Typed Before The Crash Ltd")
        name.line.textEdited.emit(name.line.text())
        assert window.autosave_now() is not None
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    crashed = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, timeout=120, check=False
    )
    assert crashed.returncode == -9, crashed.stderr.decode()
    restarted = build_main_window(context)
    restarted.show()
    try:
        answer_next_prompt(restarted, "Restore")
        assert restarted.files.offer_recovery()
        assert restarted.document.data["customer"]["name"] == "Typed Before The Crash Ltd"
        assert restarted.isWindowModified()
        assert restarted.document.path == TELECOM
        assert context.autosaves.pending() == []
    finally:
        restarted.forget_changes()
        restarted.close()


def test_a_clean_close_leaves_nothing_to_recover(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    window.open_agreement(TELECOM)
    name = field(window.wizard.current(), "Customer name")
    assert isinstance(name, LineField)
    type_into(qtbot, name.line, "Someone Else Ltd")
    assert window.autosave_now() is not None
    answer_next_prompt(window, QMessageBox.StandardButton.Discard)
    assert window.close()
    assert context.autosaves.pending() == []
    assert not list((context.data_dir / "autosave").glob("*.sla.yaml"))


def visible_inputs(root: QWidget) -> list[QWidget]:
    """Return the input widgets a user can reach on screen."""
    found: list[QWidget] = []
    for kind in (*INPUTS, QAbstractButton, QListWidget):
        found.extend(w for w in root.findChildren(kind) if w.isVisibleTo(root) and w.isEnabled())
    return found


def test_every_visible_input_on_every_page_has_an_accessible_name(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.open_agreement(MULTILEVEL)
    for page in window.wizard.pages:
        window.wizard.go_to(page.key)
        qtbot.wait(20)
        assert window.wizard.current() is page
        unnamed = [
            f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r}"
            for w in visible_inputs(page)
            if not w.accessibleName().strip()
        ]
        assert not unnamed, f"{page.key}: {unnamed}"


def test_every_label_names_its_field_for_screen_readers(window: MainWindow) -> None:
    window.open_agreement(MULTILEVEL)
    for page in window.wizard.pages:
        for label in page.findChildren(QLabel):
            buddy = label.buddy()
            if buddy is None:
                continue
            visible = label.text().replace("&", "").rstrip(":").strip()
            assert buddy.accessibleName() == visible, f"{page.key}: {visible}"


def test_every_page_fits_a_1280_by_800_window_without_sideways_scrolling(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(1280, 800)
    window.open_agreement(MULTILEVEL)
    for page in window.wizard.pages:
        window.wizard.go_to(page.key)
        qtbot.wait(20)
        assert page.scroll_area.horizontalScrollBar().maximum() == 0, page.key
        assert window.wizard.width() >= 560


def test_a_warning_on_the_review_page_jumps_to_its_page_and_field(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.open_agreement(TELECOM)
    credits = window.wizard.page_by_key("credits")
    window.wizard.go_to("credits")
    cap = field(credits, "Cap (% of fee)")
    assert isinstance(cap, LineField)
    type_into(qtbot, cap.line, "")
    window.wizard.go_to("review")
    review = window.wizard.current()
    links = review.issue_links()  # type: ignore[attr-defined]
    uncapped = next(link for link in links if "cap" in link.text().lower())
    href = uncapped.text().split('href="')[1].split('"')[0]
    uncapped.linkActivated.emit(href)
    assert window.wizard.current() is credits
    assert credits.focusWidget() is cap.line or cap.line.hasFocus()


def test_wordings_the_pack_lacks_are_review_errors_with_a_way_back_to_standard(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    made_elsewhere = tmp_path / "older-pack.sla.yaml"
    made_elsewhere.write_text(
        TELECOM.read_text(encoding="utf-8")
        + "clauses:\n"
        + "  credits-amount: {variant: deluxe}\n"
        + "  exclusions-events: {variant: lenient}\n"
        + "  retired-clause: {variant: fallback}\n",
        encoding="utf-8",
    )
    window.open_agreement(made_elsewhere)
    window.wizard.go_to("review")  # the step list jumps anywhere; the review lists the errors
    review = window.wizard.current()
    assert review.key == "review"
    assert any("deluxe" in link.text() for link in review.issue_links())  # type: ignore[attr-defined]
    window.wizard.go_to("wording")
    wording = window.wizard.current()
    assert not wording.isComplete()
    for named in ("deluxe", "lenient", "retired-clause"):
        assert named in wording.banner.text(), named
    step = window.steps.item(window.wizard.pages.index(wording))
    assert "3 problems to fix" in step.toolTip()
    window.request_preview()  # the preview names the step and the clause, not a field path
    assert window.preview.error_text().startswith(
        f"The preview waits until this is fixed on “{wording.step}”: "
    )
    assert wording.focus_path("clauses.exclusions-events")
    panel = wording.panel  # type: ignore[attr-defined]
    assert panel.variants.hasFocus()
    assert panel.variants.currentText() == "lenient (not in this template pack)"

    qtbot.mouseClick(wording.standard_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert window.document.data.get("clauses", {}) == {}
    assert not wording.standard_button.isVisible()  # type: ignore[attr-defined]
    window.document.undo_stack.undo()  # one step puts all three back
    assert set(window.document.data["clauses"]) == {
        "credits-amount",
        "exclusions-events",
        "retired-clause",
    }
    window.document.undo_stack.redo()
    window.wizard.go_to("review")
    review = window.wizard.current()
    assert review.key == "review" and review.isComplete()


def test_the_step_list_jumps_to_a_page_and_marks_pages_with_problems(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.open_agreement(TELECOM)
    months = field(window.wizard.current(), "Initial term (months)")
    assert isinstance(months, LineField)
    type_into(qtbot, months.line, "0")
    item = window.steps.item(1)
    assert item.data(Qt.ItemDataRole.UserRole + 1) == 1
    assert "1 problem to fix" in item.toolTip()
    assert not item.icon().isNull()
    type_into(qtbot, months.line, "36")
    review = window.steps.item(window.steps.count() - 1)
    rect = window.steps.visualItemRect(review)
    qtbot.mouseClick(window.steps.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.wizard.current().key == "review"


def test_the_preview_shows_the_contract_section_of_the_page_being_edited(
    qtbot: QtBot, window: MainWindow
) -> None:
    service = window.render_service
    with qtbot.waitSignal(service.preview_finished, timeout=120_000) as rendered:
        window.open_agreement(TELECOM)
    pdf = rendered.args[1]
    window.wizard.go_to("credits")
    page = window.preview.view.pageNavigator().currentPage()
    text = subprocess.run(
        ["pdftotext", "-f", str(page + 1), "-l", str(page + 1), pdf, "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Service credits" in text
    assert page > 2


def test_the_review_page_states_each_services_promises(window: MainWindow) -> None:
    window.open_agreement(TELECOM)
    window.wizard.go_to("review")
    text = window.wizard.current().promises.text()  # type: ignore[attr-defined]
    assert "Dedicated Internet Access" in text
    assert "99.95%" in text and "21m 36s in a 30-day month" in text
    assert "43m 12s in a 30-day month" in text
    assert "2% below 99.9%" in text
    assert "15 min" in text


def test_tab_moves_through_a_page_in_reading_order(qtbot: QtBot, window: MainWindow) -> None:
    window.open_agreement(TELECOM)
    for key in ("parties", "service-levels", "reporting"):
        window.wizard.go_to(key)
        page = window.wizard.current()
        first = page.fields[0].editor
        first.setFocus()
        qtbot.wait(10)
        seen: list[QWidget] = []
        for _ in range(60):
            widget = window.focusWidget()
            if widget is None or not page.isAncestorOf(widget):
                break
            if not seen or widget is not seen[-1]:  # a date edit tabs through its day, month, year
                if widget in seen:
                    break
                seen.append(widget)
            qtbot.keyClick(widget, Qt.Key.Key_Tab)
        tops = [w.mapTo(page, w.rect().topLeft()).y() for w in seen]
        assert len(seen) >= 8, key
        assert tops == sorted(tops), f"{key}: tab order jumps back up the page"


def test_ctrl_z_in_a_text_box_undoes_the_documents_last_edit(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.open_agreement(TELECOM)
    page = window.wizard.current()
    status = field(page, "Status")
    assert isinstance(status, ChoiceField)
    index = status.combo.findData("final")
    status.combo.setCurrentIndex(index)
    status.combo.activated.emit(index)
    assert window.document.data["document"]["status"] == "final"
    title = field(page, "Title")
    assert isinstance(title, LineField)
    title.line.setFocus()
    qtbot.keyClick(title.line, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.document.data["document"]["status"] == "draft"


def test_undoing_a_first_edit_leaves_no_empty_parts_behind(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.files.create("service-based", "standard")
    assert window.document.data["customer"] is None
    name = field(window.wizard.current(), "Customer name")
    assert isinstance(name, LineField)
    type_into(qtbot, name.line, "A")
    assert window.document.data["customer"]["name"] == "A"
    window.document.undo_stack.undo()
    assert window.document.data["customer"] is None
    assert not any(i.path.startswith("customer") for i in window.document.result.errors)


def test_typing_after_an_autosave_is_autosaved_again(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    window.open_agreement(TELECOM)
    title = field(window.wizard.current(), "Title")
    assert isinstance(title, LineField)
    type_into(qtbot, title.line, "First")
    path = window.autosave_now()
    assert path is not None
    qtbot.keyClicks(title.line, " and second")
    assert window.autosave_now() == path
    assert "First and second" in path.read_text(encoding="utf-8")


def test_an_emptied_name_is_saved_empty_and_reopens_flagged(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.open_agreement(TELECOM)
    name = field(window.wizard.current(), "Provider name")
    assert isinstance(name, LineField)
    type_into(qtbot, name.line, "")
    target = tmp_path / "draft.sla.yaml"
    assert window.save(target)
    window.forget_changes()
    assert window.open_agreement(target)
    assert window.document.data["provider"]["name"] == ""
    assert any(i.path == "provider.name" for i in window.document.result.errors)


def test_after_undoing_a_new_service_the_levels_page_never_writes_to_another_service(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.open_agreement(MULTILEVEL)
    services = window.wizard.page_by_key("services")
    window.wizard.go_to("services")
    qtbot.mouseClick(services.buttons["add"], Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    count = len(window.document.data["services"])
    window.wizard.go_to("service-levels")
    page = window.wizard.current()
    page.set_level(len(page.scopes) - 1)  # type: ignore[attr-defined]
    assert page.scope.key[0] == "service"  # type: ignore[attr-defined]
    window.document.undo_stack.undo()
    assert len(window.document.data["services"]) == count - 1
    assert page.scope.key == ("corporate", "")  # type: ignore[attr-defined]
    target = field(page, "Target (%)")
    assert isinstance(target, LineField)
    type_into(qtbot, target.line, "99.8")
    assert window.document.data["terms"]["availability"]["target_percent"] == "99.8"
    assert all(
        "availability" not in s.get("overrides", {}) or s["id"] != ""
        for s in window.document.data["services"]
    )


def test_about_names_the_versions_of_the_libraries(window: MainWindow) -> None:
    from slaeditor.gui.shell.about import about_text

    text = about_text()
    for name in ("SLA Editor", "Qt", "WeasyPrint", "docxtpl", "GPL-3.0-or-later"):
        assert name in text
    import tomllib
    from importlib.metadata import version

    from helpers import ROOT
    from PySide6.QtCore import qVersion

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert f"SLA Editor {declared}" in text
    for shown in (qVersion(), version("weasyprint"), version("docxtpl")):
        assert shown in text


def test_the_step_list_jumps_past_a_page_with_errors(qtbot: QtBot, window: MainWindow) -> None:
    window.files.new()  # a new draft: the parties and services still need names
    qtbot.waitUntil(lambda: len(window.wizard.built_pages()) > 1)
    window.wizard.go_to("parties")
    assert window.wizard.current().blocking_issues()
    steps = window.steps
    review = steps.item(steps.count() - 1)
    qtbot.mouseClick(
        steps.viewport(), Qt.MouseButton.LeftButton, pos=steps.visualItemRect(review).center()
    )

    assert window.wizard.current().key == "review"  # which shows every problem from now on
    next_button = window.wizard.button(QWizard.WizardButton.NextButton)
    window.wizard.go_to("parties")
    assert not next_button.isEnabled()  # Next still waits for the page's errors


def test_one_action_exports_pdf_and_word_and_the_status_bar_reports_them(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.open_agreement(TELECOM)
    target = tmp_path / "meridian.pdf"
    answer_file_dialog(target)
    window.actions_by_name["Export PDF and Word"].trigger()
    qtbot.waitUntil(lambda: len(window.export_notice.files) == 2, timeout=180_000)

    assert target.is_file() and target.with_suffix(".docx").is_file(), window.export_notice.files
    assert QApplication.activeModalWidget() is None  # no box to dismiss after an export
    notice = window.export_notice
    assert notice.isVisible()
    assert notice.files == [target.resolve(), target.with_suffix(".docx").resolve()]
    assert "meridian.pdf and meridian.docx" in notice.label.text()
    assert notice.open_button.isVisible() and notice.folder_button.isVisible()


def test_a_new_draft_shows_no_errors_until_next_is_pressed(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.waitUntil(lambda: len(window.wizard.built_pages()) > 1)
    window.files.create("customer-based", "standard")
    parties = window.wizard.current()
    assert parties.key == "parties"
    assert not parties.banner.isVisible()
    assert not any(f.message.isVisible() for f in parties.fields)
    steps = window.steps
    assert all(steps.item(i).icon().isNull() for i in range(steps.count()))
    next_button = window.wizard.button(QWizard.WizardButton.NextButton)
    assert next_button.isEnabled()

    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert window.wizard.current() is parties  # Next shows what is missing and stays
    assert "Customer name" in parties.banner.text()
    assert not next_button.isEnabled()


def test_no_two_inputs_of_a_page_are_announced_with_the_same_name(window: MainWindow) -> None:
    window.open_agreement(TELECOM)
    repeated: dict[str, list[str]] = {}
    for page in window.wizard.pages:
        names: list[str] = [
            widget.accessibleName()
            for kind in INPUTS
            for widget in page.findChildren(kind)
            if not isinstance(widget.parentWidget(), QComboBox | QAbstractSpinBox)
        ]
        twice = sorted({name for name in names if names.count(name) > 1 or not name})
        if twice:
            repeated[page.key] = twice
    assert repeated == {}


def test_the_status_bar_hint_of_a_new_agreement_goes_with_its_page(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.waitUntil(lambda: len(window.wizard.built_pages()) > 1)
    window.files.create("customer-based", "standard")
    assert "parties" in window.status.text()

    window.wizard.go_to("services")

    assert "parties" not in window.status.text()


def test_placeholders_are_listed_apart_on_the_review_page_and_link_to_their_field(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    unsigned = tmp_path / "unsigned.sla.yaml"
    unsigned.write_text(
        TELECOM.read_text(encoding="utf-8").replace(
            "    - name: Jonathan Ashworth\n      title: Chief Financial Officer\n",
            "    - name: Authorised signatory\n",
        ),
        encoding="utf-8",
    )
    window.open_agreement(unsigned)
    window.wizard.go_to("review")
    review = window.wizard.current()
    assert review.blanks_box.isVisible()  # type: ignore[attr-defined]
    assert "2 values are still a placeholder or blank." in review.summary.text()  # type: ignore[attr-defined]
    links = review.issue_links()  # type: ignore[attr-defined]
    placeholder = next(link for link in links if "Authorised signatory" in link.text())
    assert "Parties and term › Customer signatories</a>" in placeholder.text()
    assert "customer.signatories" not in placeholder.accessibleName()
    assert review.export_both.isEnabled(), "a placeholder never blocks the export"  # type: ignore[attr-defined]
    href = placeholder.text().split('href="')[1].split('"')[0]
    placeholder.linkActivated.emit(href)
    parties = window.wizard.current()
    assert parties.key == "parties"
    signatories = field(parties, "Customer signatories")
    assert signatories.table.hasFocus() or parties.focusWidget() is signatories.table  # type: ignore[attr-defined]
