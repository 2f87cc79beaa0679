"""The Clause wording page on its own: search, newer versions, edits, saving, problems."""

from __future__ import annotations

import copy
import dataclasses
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from wording_support import ACME, bump_clause, pack_clause, write_team_library

from slaeditor.clauses.library import load_library, new_library, save_library
from slaeditor.gui.context import AppContext
from slaeditor.gui.editing.edited_agreement import EditedAgreement
from slaeditor.gui.wizard.pages.review import ReviewPage
from slaeditor.gui.wizard.pages.wording import WordingPage
from slaeditor.storage import load_agreement, save_agreement
from slaeditor.storage.drafts import check_draft, draft_from_agreement

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from slaeditor.model.validation import Issue


@pytest.fixture
def team(tmp_path: Path) -> Path:
    path = tmp_path / "acme.clauses.yaml"
    write_team_library(path)
    return path


@pytest.fixture
def team_context(tmp_path: Path, team: Path) -> AppContext:
    made = AppContext.create(tmp_path / "data")
    made.set_team_library_paths([team])
    return made


@pytest.fixture
def document(telecom_draft: dict[str, Any]) -> EditedAgreement:
    return EditedAgreement(copy.deepcopy(telecom_draft))


@pytest.fixture
def page(qtbot: QtBot, team_context: AppContext, document: EditedAgreement) -> WordingPage:
    made = WordingPage(team_context, document)
    qtbot.addWidget(made)
    made.resize(660, 800)
    made.show()
    made.load_from(document)
    assert made.select_slot("credits-claims")
    return made


def listed(page: WordingPage) -> list[str]:
    results = page.picker.results
    return [results.item(row).text() for row in range(results.count())]


def use(page: WordingPage, library: str, clause: str, variant: str) -> None:
    assert page.picker.select(library, clause), listed(page)
    assert page.picker.select_variant(variant)
    page.picker.use_button.click()


def test_typing_narrows_the_list_and_the_section_filter_widens_it(
    qtbot: QtBot, page: WordingPage
) -> None:
    picker = page.picker
    assert picker.section.currentData() == "credits"
    everything = listed(page)
    assert len(everything) == 9  # seven pack clauses, Acme's claims and its cap clause
    picker.search.setFocus()
    qtbot.keyClicks(picker.search, "cap")
    capped = listed(page)
    assert 0 < len(capped) < len(everything)
    for entry in picker.entries:
        clause = entry.clause
        found_in = " ".join((clause.title, *clause.tags, *clause.variants.values())).lower()
        assert "cap" in found_in, clause.id
    assert capped[0].startswith("Cap on Service Credits")  # title matches come first
    qtbot.keyClicks(picker.search, "zzz")
    assert listed(page) == []
    assert "No clause matches" in picker.count.text()
    picker.search.clear()
    assert listed(page) == everything
    qtbot.keyClicks(picker.search, "claim")
    in_credits = listed(page)
    picker.section.setCurrentIndex(picker.section.findData(""))
    picker.section.activated.emit(picker.section.currentIndex())
    assert len(listed(page)) > len(in_credits)  # a claim is also in notices and records


def test_a_shadowed_clause_says_which_library_wins(page: WordingPage) -> None:
    lines = listed(page)
    acme = next(line for line in lines if line.startswith("Claiming Service Credits  ·  Acme"))
    pack = next(line for line in lines if line.startswith("Claiming Service Credits  ·  Standard"))
    assert lines.index(acme) < lines.index(pack)
    assert "(not used: Acme legal comes first)" in pack
    assert page.picker.select("Standard pack", "credits-claims")
    assert "Acme legal also has a clause “Claiming Service Credits” and comes first" in (
        page.picker.shadow.text()
    )
    assert page.picker.select(ACME, "credits-claims")
    assert "this one from Acme legal comes first" in page.picker.shadow.text()


def test_newer_version_is_announced_with_its_difference_and_updated_on_request(
    page: WordingPage, document: EditedAgreement, team: Path
) -> None:
    use(page, ACME, "credits-claims", "fallback")
    assert not page.panel.notice.isVisible()
    chosen = document.value(("clauses", "credits-claims"))
    assert chosen["title"] == pack_clause("credits-claims").title  # the library clause's own
    bump_clause(team, "credits-claims", "fallback", "Claims go to the Acme portal.\n", version=4)
    page.load_from(document)
    notice = page.panel.notice_text.text()
    assert notice.startswith(
        "Version 4 of this clause is in Acme legal; this agreement uses version 3."
    )
    assert page.panel.notice.isVisible()
    assert "version 4 available" in page._item("credits-claims").text(1)
    page.panel.show_newer.click()
    dialog = page.panel.diff_dialog
    assert dialog is not None
    diff = dialog.findChild(QPlainTextEdit).toPlainText()
    assert "+Claims go to the Acme portal." in diff and "-" in diff
    dialog.close()
    page.panel.update_button.click()
    choice = document.value(("clauses", "credits-claims"))
    assert (choice["version"], choice["text"]) == (4, "Claims go to the Acme portal.")
    assert not page.panel.notice.isVisible()
    document.undo_stack.undo()
    assert document.value(("clauses", "credits-claims", "version")) == 3
    assert page.panel.notice.isVisible()
    page.panel.keep_button.click()
    assert not page.panel.notice.isVisible()
    assert document.value(("clauses", "credits-claims", "version")) == 3


def test_keep_is_saved_with_the_agreement_and_only_a_later_version_is_announced_again(
    page: WordingPage, document: EditedAgreement, team: Path, tmp_path: Path
) -> None:
    use(page, ACME, "credits-claims", "fallback")
    bump_clause(team, "credits-claims", "fallback", "Claims go to the Acme portal.\n", version=4)
    page.load_from(document)
    assert page.panel.notice.isVisible()
    page.panel.keep_button.click()
    assert not page.panel.notice.isVisible()
    choice = document.value(("clauses", "credits-claims"))
    assert (choice["version"], choice["kept_version"]) == (3, 4)
    # The answer is in the agreement file, so it holds after closing and opening it again.
    saved = tmp_path / "kept.sla.yaml"
    save_agreement(check_draft(document.data).agreement, saved)
    assert "kept_version: 4" in saved.read_text(encoding="utf-8")
    document.replace(draft_from_agreement(load_agreement(saved)), saved)
    page.load_from(document)
    assert page.select_slot("credits-claims")
    assert not page.panel.notice.isVisible()
    bump_clause(team, "credits-claims", "fallback", "Claims go to the new portal.\n", version=5)
    page.load_from(document)
    assert page.panel.notice.isVisible()
    assert page.panel.notice_text.text().startswith("Version 5 of this clause is in Acme legal")


def test_the_clause_reads_as_in_the_contract_and_its_template_only_on_request(
    qtbot: QtBot, page: WordingPage
) -> None:
    assert page.select_slot("parties")
    shown = page.panel.wording.toPlainText()
    assert "Albion Connect Communications Limited" in shown
    assert "{{" not in shown and "{%" not in shown
    assert not page.panel.editor.isVisible()
    assert page.slot_box.title() == "Wording of “Opening paragraph” in Parties and document control"
    qtbot.mouseClick(page.panel.advanced, Qt.MouseButton.LeftButton)
    assert page.panel.editor.isVisible()
    assert "{{ provider.name }}" in page.panel.editor.toPlainText()
    assert page.panel.editor.hasFocus()
    assert page.select_slot("credits-claims")
    assert page.panel.editor.isVisible(), "the template text stays open from clause to clause"
    qtbot.mouseClick(page.panel.advanced, Qt.MouseButton.LeftButton)
    assert not page.panel.editor.isVisible()


def test_no_clause_is_listed_by_its_id(page: WordingPage) -> None:
    outline = page.outline
    for index in range(outline.topLevelItemCount()):
        section = outline.topLevelItem(index)
        for child in range(section.childCount()):
            item = section.child(child)
            slot_id = item.data(0, Qt.ItemDataRole.UserRole)
            assert item.text(0) != slot_id, f"{slot_id} is listed by its id"
            assert item.text(0)[0].isupper(), item.text(0)


def test_edited_text_is_marked_and_goes_back_to_the_library_or_the_pack(
    qtbot: QtBot, page: WordingPage, document: EditedAgreement
) -> None:
    assert "Template pack wording" in page.panel.source.text()
    page.panel.advanced.click()
    editor = page.panel.editor
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, "Typed here.")
    choice = document.value(("clauses", "credits-claims"))
    assert choice["library"] == "Standard pack" and choice["modified"]
    assert page.panel.edited.isVisible() and page.panel.revert.isVisible()
    assert page.panel.source.text() == "Uses: Edited for this agreement (from Standard pack)"
    page.panel.revert.click()
    choice = document.value(("clauses", "credits-claims"))
    assert not choice["modified"] and "Typed here." not in choice["text"]
    assert not page.panel.edited.isVisible()
    page.panel.pack_button.click()
    assert not document.has(("clauses", "credits-claims"))
    assert page.panel.source.text() == "Uses: Template pack wording"
    document.undo_stack.undo()
    assert document.has(("clauses", "credits-claims"))


def test_text_that_does_not_render_is_an_error_at_its_slot_and_the_review_links_to_it(
    qtbot: QtBot, team_context: AppContext, page: WordingPage, document: EditedAgreement
) -> None:
    use(page, ACME, "credits-claims", "standard")
    editor = page.panel.editor
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "See {{ no_such_value }}.")

    def wording_errors() -> list[Issue]:
        return [issue for issue in document.result.errors if issue.path.startswith("clauses")]

    # recorded text is rendered in a confined child process, off the GUI thread
    qtbot.waitUntil(lambda: bool(wording_errors()), timeout=15_000)
    errors = wording_errors()
    assert len(errors) == 1 and errors[0].path == "clauses.credits-claims"
    line = len(editor.toPlainText().splitlines())
    assert f"line {line}: 'no_such_value' is undefined" in errors[0].message
    # The slot's message follows the document's check on the next turn of the event loop.
    qtbot.waitUntil(lambda: "cannot be put in the contract" in page.panel.problem.text())
    assert not page.isComplete()
    assert "Claiming Service Credits:" in page.banner.text()
    assert page._item("credits-claims").text(1).startswith("Cannot be rendered")
    review = ReviewPage(team_context, document)
    qtbot.addWidget(review)
    review.show()
    review.load_from(document)
    links = [link for link in review.issue_links() if "credits-claims" in link.text()]
    assert links and not review.export_pdf.isEnabled()
    page.select_slot("credits-amount")
    with qtbot.waitSignal(review.jump_requested) as jump:
        links[0].linkActivated.emit("clauses.credits-claims")
    assert page.focus_path(jump.args[0])
    assert page.current_slot() is not None and page.current_slot().id == "credits-claims"


def test_hostile_library_text_is_refused_in_the_preview(
    tmp_path: Path, qtbot: QtBot, page: WordingPage, document: EditedAgreement, team: Path
) -> None:
    bump_clause(team, "credits-claims", "fallback", "{{ ''.__class__.__mro__ }}\n", version=3)
    page.load_from(document)
    assert page.picker.select(ACME, "credits-claims")
    assert page.picker.select_variant("fallback")
    qtbot.waitUntil(page.picker.problem.isVisible, timeout=15_000)  # rendered in a child
    assert page.picker.problem.isVisible()
    assert "cannot be used" in page.picker.problem.text()


def test_saving_to_the_personal_library_creates_it_as_a_new_clause(
    qtbot: QtBot, team_context: AppContext, page: WordingPage, document: EditedAgreement
) -> None:
    editor = page.panel.editor
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "Claims within {{ 7 }} days.")
    page.panel.save_button.click()
    dialog = page.save_dialog
    assert dialog is not None
    assert dialog.select_library(team_context.personal_library_path())
    assert not dialog.as_variant.isEnabled() and dialog.as_clause.isChecked()
    asked = [e.accessibleName() for e in dialog.findChildren(QLineEdit) if e.isEnabled()]
    assert asked == ["Clause title"]  # the id is made from the title, never asked for
    dialog.title_edit.selectAll()
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Delete)
    dialog.save_button.click()
    assert "Clause title:" in dialog.message.text() and dialog.saved is None
    assert not team_context.personal_library_path().exists()
    qtbot.keyClicks(dialog.title_edit, "Claims in seven days")
    dialog.save_button.click()
    assert dialog.saved is not None, dialog.message.text()
    saved = load_library(team_context.personal_library_path()).clause("claims-in-seven-days")
    assert saved is not None and saved.title == "Claims in seven days"
    assert saved.section == "credits" and saved.status == "draft"
    choice = document.value(("clauses", "credits-claims"))
    assert (choice["library"], choice["clause"], choice["modified"]) == (
        "Personal",
        "claims-in-seven-days",
        False,
    )


def test_a_colleagues_save_meanwhile_goes_to_the_conflict_dialog_and_both_edits_survive(
    qtbot: QtBot, page: WordingPage, document: EditedAgreement, team: Path
) -> None:
    use(page, ACME, "credits-claims", "fallback")
    editor = page.panel.editor
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, " Mine.")
    theirs = load_library(team)
    cap = theirs.clause("acme-credits-cap")
    assert cap is not None
    save_library(
        dataclasses.replace(
            theirs,
            clauses=[
                dataclasses.replace(c, guidance="Colleague's guidance.") if c is cap else c
                for c in theirs.clauses
            ],
        )
    )
    page.panel.save_button.click()
    dialog = page.save_dialog
    assert dialog is not None and dialog.select_library(team)
    seen: list[list[str]] = []

    def answer() -> None:
        prompt = getattr(dialog, "last_prompt", None)
        if prompt is None:
            QTimer.singleShot(20, answer)
            return
        seen.append(prompt.changed_clause_ids())
        prompt.buttons["reload"].click()

    QTimer.singleShot(20, answer)
    dialog.save_button.click()
    assert seen == [["acme-credits-cap"]]
    assert dialog.saved is not None, dialog.message.text()
    after = load_library(team)
    assert after.clause("acme-credits-cap").guidance == "Colleague's guidance."  # type: ignore[union-attr]
    claims = after.clause("credits-claims")
    assert claims is not None and claims.variants["fallback-edited"].rstrip().endswith("Mine.")


def test_a_library_that_does_not_parse_is_named_and_left_alone(
    tmp_path: Path, qtbot: QtBot, team_context: AppContext, document: EditedAgreement
) -> None:
    broken = tmp_path / "broken.clauses.yaml"
    broken.write_text("library:\n  name: Broken\nclauses:\n  - id: [\n", encoding="utf-8")
    before = broken.read_bytes()
    team_context.set_team_library_paths([broken])
    made = WordingPage(team_context, document)
    qtbot.addWidget(made)
    made.show()
    made.load_from(document)
    assert made.notes.isVisible()
    assert str(broken) in made.notes.text() and "line" in made.notes.text()
    assert broken.read_bytes() == before
    assert made.select_slot("credits-claims")
    assert made.picker.results.count() == 7  # the pack's credits clauses are still offered


def test_personal_library_is_listed_first_once_it_has_clauses(
    qtbot: QtBot, team_context: AppContext, document: EditedAgreement
) -> None:
    personal = team_context.personal_library_path()
    clause = dataclasses.replace(pack_clause("credits-cap"), version=2, lines={})
    save_library(dataclasses.replace(new_library(personal, "Personal"), clauses=[clause]))
    made = WordingPage(team_context, document)
    qtbot.addWidget(made)
    made.show()
    made.load_from(document)
    made.select_slot("credits-cap")
    assert listed(made)[0].startswith("Cap on Service Credits  ·  Personal")


def test_a_colleagues_new_version_shows_while_the_page_is_open(
    qtbot: QtBot, page: WordingPage, document: EditedAgreement, team: Path
) -> None:
    use(page, ACME, "credits-claims", "fallback")
    assert not page.panel.notice.isVisible()
    bump_clause(team, "credits-claims", "fallback", "Claims by e-mail.\n", version=4)
    qtbot.waitUntil(page.panel.notice.isVisible, timeout=5000)
    assert "Version 4 of this clause is in Acme legal" in page.panel.notice_text.text()
    bump_clause(team, "credits-claims", "fallback", "Claims by post.\n", version=5)
    qtbot.waitUntil(lambda: "Version 5" in page.panel.notice_text.text(), timeout=5000)


def test_saving_into_a_hand_edited_library_says_its_comments_go_first(
    qtbot: QtBot, page: WordingPage, document: EditedAgreement, team: Path
) -> None:
    lines = team.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(lines.index("clauses:\n") + 1, "  # agreed with the UK desk, March\n")
    commented = "".join(lines)
    team.write_text(commented, encoding="utf-8")
    page.load_from(document)
    use(page, ACME, "credits-claims", "fallback")
    editor = page.panel.editor
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, " Typed.")
    page.panel.save_button.click()
    dialog = page.save_dialog
    assert dialog is not None and dialog.select_library(team)
    dialog.save_button.click()
    assert "comments inside its clauses" in dialog.message.text() and dialog.saved is None
    assert team.read_text(encoding="utf-8") == commented
    dialog.save_button.click()
    assert dialog.saved is not None, dialog.message.text()
    assert "agreed with the UK desk" not in team.read_text(encoding="utf-8")


# --- the template pack's own variants (one editor for every wording) -------------------------


def test_choosing_a_pack_variant_records_it_shows_it_and_standard_removes_it(
    page: WordingPage, document: EditedAgreement
) -> None:
    assert page.select_slot("exclusions-events")
    panel = page.panel
    assert panel.variant_row.isVisible()
    assert [panel.variants.itemText(i) for i in range(panel.variants.count())] == [
        "Standard",
        "Fallback",
        "Customer-friendly",
    ]
    standard_text = panel.wording.toPlainText()
    assert "Albion Connect may rely on an exclusion only if" in standard_text
    assert "{{" not in standard_text

    pick(panel.variants, "Fallback")

    assert document.data["clauses"] == {"exclusions-events": {"variant": "fallback"}}
    fallback_text = panel.wording.toPlainText()
    assert fallback_text != standard_text
    assert "beyond Albion Connect’s reasonable control" in fallback_text
    assert "Template pack wording (Fallback)" in panel.source.text()

    pick(panel.variants, "Standard")

    assert "exclusions-events" not in document.data.get("clauses", {})
    assert panel.wording.toPlainText() == standard_text

    document.undo_stack.undo()

    assert document.data["clauses"] == {"exclusions-events": {"variant": "fallback"}}
    assert panel.variants.currentText() == "Fallback"
    assert panel.wording.toPlainText() == fallback_text


def test_the_variant_choice_is_offered_only_where_the_pack_has_several(
    page: WordingPage, team_context: AppContext
) -> None:
    pack = team_context.pack("standard")
    for slot_id, clause in pack.clauses.items():
        if not page.select_slot(slot_id):
            continue
        assert page.panel.variant_row.isVisible() == (len(clause.variants) > 1), slot_id


def test_a_library_wording_hides_the_pack_variants_until_the_pack_wording_is_back(
    page: WordingPage, document: EditedAgreement
) -> None:
    assert page.select_slot("exclusions-events")
    use(page, "Standard pack", "exclusions-events", "customer-friendly")
    assert not page.panel.variant_row.isVisible()
    assert "Standard pack: Customer-friendly, version 1" in page.panel.source.text()

    page.panel.pack_button.click()

    assert page.panel.variant_row.isVisible()
    assert "exclusions-events" not in document.data.get("clauses", {})


def test_the_wording_follows_the_exclusions_as_they_are_edited(
    page: WordingPage, document: EditedAgreement
) -> None:
    assert page.select_slot("exclusions-events")
    assert "force majeure" in page.panel.wording.toPlainText()
    rows = [row for row in document.data["exclusions"] if row["kind"] != "force-majeure"]
    document.set_value(("exclusions",), rows, merge=False)

    assert "force majeure" not in page.panel.wording.toPlainText()


def test_an_unknown_pack_wording_in_the_file_is_shown_not_replaced(
    qtbot: QtBot, team_context: AppContext, telecom_draft: dict[str, Any]
) -> None:
    data = copy.deepcopy(telecom_draft)
    data["clauses"] = {"exclusions-events": {"variant": "lenient"}}
    document = EditedAgreement(data)
    page = WordingPage(team_context, document)
    qtbot.addWidget(page)
    page.show()
    page.load_from(document)
    assert page.select_slot("exclusions-events")
    panel = page.panel

    assert panel.variants.currentText() == "lenient (not in this template pack)"
    assert not page.isComplete()
    assert "lenient" in page.banner.text()
    assert document.data["clauses"] == {"exclusions-events": {"variant": "lenient"}}

    pick(panel.variants, "Standard")

    assert document.data["clauses"] == {}
    assert panel.variants.count() == 3
    assert page.isComplete()


def test_wordings_the_pack_lacks_are_dropped_together_in_one_undoable_step(
    qtbot: QtBot, team_context: AppContext, telecom_draft: dict[str, Any]
) -> None:
    data = copy.deepcopy(telecom_draft)
    data["clauses"] = {
        "credits-amount": {"variant": "deluxe"},
        "retired-clause": {"variant": "fallback"},
        "exclusions-events": {"variant": "fallback"},
    }
    document = EditedAgreement(data)
    page = WordingPage(team_context, document)
    qtbot.addWidget(page)
    page.show()
    page.load_from(document)

    assert not page.isComplete()
    for named in ("deluxe", "retired-clause"):
        assert named in page.banner.text(), named
    assert page.focus_path("clauses.retired-clause")  # no such slot: the button takes the focus
    assert page.focusWidget() is page.standard_button

    qtbot.mouseClick(page.standard_button, Qt.MouseButton.LeftButton)

    assert document.data["clauses"] == {"exclusions-events": {"variant": "fallback"}}
    assert page.isComplete() and not page.standard_button.isVisible()
    document.undo_stack.undo()
    assert set(document.data["clauses"]) == {
        "credits-amount",
        "retired-clause",
        "exclusions-events",
    }


def test_an_invalid_draft_shows_the_pack_wording_with_its_placeholders(
    page: WordingPage, document: EditedAgreement
) -> None:
    document.set_value(("communication", "planned_work_notice_days"), "a week")
    assert page.select_slot("exclusions-events")

    assert "{{ provider_name }}" in page.panel.wording.toPlainText()


def test_a_wording_choice_without_a_clause_blocks_next(
    page: WordingPage, document: EditedAgreement
) -> None:
    document.set_value(("clauses",), {" ": {"variant": "fallback"}})

    assert not page.isComplete()
    assert "does not name the clause" in page.banner.text()


def pick(combo: Any, text: str) -> None:
    """Choose an entry of a drop-down as a user does (the activated signal)."""
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
