"""The wording one slot of the contract uses: where it comes from, its text, and what changed.

A slot is a place in the pack's outline (a clause id). It prints the pack's wording until the
drafter takes a library clause for it; the text can then be edited for this agreement only
(marked, with a diff against the library text and a way back), saved to a library, and, when
the library gains a newer version, updated or kept: the drafter decides, nothing updates itself.
Every change is one command on the document's undo stack.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from slaeditor.app.confined import TextJob, TextResult, text_clause
from slaeditor.gui.wording.confined_checks import ConfinedPreview
from slaeditor.gui.wording.diff_window import DiffDialog
from slaeditor.gui.wording.parts import button, note, template_editor
from slaeditor.gui.wording.preview_text import Rendered, preview_context, render_wording
from slaeditor.gui.wording.slot_data import (
    CHOICES_KEY,
    STANDARD,
    Choice,
    choose_entry,
    describe_choice,
    library_entry,
    library_text,
    newer_clause,
    pack_wording,
    read_choice,
    text_diff,
    variant_label,
)
from slaeditor.gui.wording.wording_view import WordingView

if TYPE_CHECKING:
    from slaeditor.clauses.library_set import LibrarySet
    from slaeditor.clauses.records import LibraryClause
    from slaeditor.gui.editing.edited_agreement import EditedAgreement


@dataclass(frozen=True)
class Slot:
    """A place in the pack's outline and the pack's own wording for it."""

    id: str
    title: str
    section: str
    section_title: str
    pack_library: str
    """The name of the pack's own library (its clauses.yaml), where the default comes from."""
    variants: dict[str, str]
    titled: bool = True
    """False when the pack prints the clause without a heading (its title says where it is)."""


class SlotPanel(QWidget):
    """The current wording of one slot, its edit box, preview and library notices."""

    save_requested = Signal()
    """The user asked to save the edited text to a library (the page opens the dialog)."""

    def __init__(self, document: EditedAgreement) -> None:
        super().__init__()
        self.document = document
        self.slot: Slot | None = None
        self.library_set: LibrarySet | None = None
        self.diff_dialog: QDialog | None = None
        self._updating = False
        self.setObjectName("slotPanel")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        self.source = note("groupNote")
        self.source.setAccessibleName("Wording used")
        column.addWidget(self.source)
        self.variant_row = QWidget()
        row = QHBoxLayout(self.variant_row)
        row.setContentsMargins(0, 0, 0, 0)
        caption = QLabel("Template pack variant:")
        caption.setObjectName("fieldLabel")
        row.addWidget(caption)
        self.variants = QComboBox()
        self.variants.setAccessibleName("Template pack variant")
        self.variants.setToolTip(
            "The template pack offers this clause in several wordings; the contract prints "
            "the one chosen here"
        )
        self.variants.activated.connect(self._on_variants_activated)
        caption.setBuddy(self.variants)
        row.addWidget(self.variants)
        row.addStretch(1)
        column.addWidget(self.variant_row)
        self.notice = QFrame()
        self.notice.setObjectName("newerNotice")
        self.notice.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(self.notice)
        self.notice_text = note("fieldHint")
        box.addWidget(self.notice_text)
        row = QHBoxLayout()
        self.show_newer = button("Show difference", self._on_show_newer_clicked)
        self.update_button = button("Update", self._on_update_button_clicked)
        self.keep_button = button("Keep", self._on_keep_button_clicked)
        for made in (self.show_newer, self.update_button, self.keep_button):
            row.addWidget(made)
        row.addStretch(1)
        box.addLayout(row)
        column.addWidget(self.notice)
        caption = QLabel("As the contract will read:")
        caption.setObjectName("fieldLabel")
        column.addWidget(caption)
        self.wording = WordingView()
        self.confined = ConfinedPreview(self)
        self._asked: TextJob | None = None
        self.confined.rendered.connect(self._on_confined_rendered)
        self.wording.setAccessibleName("As the contract will read")
        caption.setBuddy(self.wording)
        column.addWidget(self.wording)
        self.problem = note("fieldMessage", "error")
        column.addWidget(self.problem)
        row = QHBoxLayout()
        self.edited = QLabel("Edited for this agreement")
        self.edited.setObjectName("editedMark")
        row.addWidget(self.edited)
        self.show_changes = button("Show changes", self._on_show_changes_clicked)
        self.revert = button("Use the library text", self._on_revert_clicked)
        self.pack_button = button("Use the template pack wording", self._on_pack_button_clicked)
        for widget in (self.show_changes, self.revert, self.pack_button):
            row.addWidget(widget)
        row.addStretch(1)
        column.addLayout(row)
        row = QHBoxLayout()  # a second row: one row of five buttons is wider than the page
        self.advanced = QPushButton("Edit the wording (advanced)")
        self.advanced.setAccessibleName("Edit the wording (advanced)")
        self.advanced.setCheckable(True)
        self.advanced.setToolTip(
            "Show the clause's template text, with the agreement's {{ variables }}, to change "
            "it for this agreement"
        )
        self.advanced.toggled.connect(self._on_advanced_toggled)
        self.save_button = button("Save to library…", self.save_requested.emit)
        for widget in (self.advanced, self.save_button):
            row.addWidget(widget)
        row.addStretch(1)
        column.addLayout(row)
        self.source_box, self.editor = template_editor()
        self.editor.textChanged.connect(self._on_editor_text_changed)
        column.addWidget(self.source_box)

    def _on_advanced_toggled(self, shown: bool) -> None:
        """Show or hide the template text; it stays as chosen while moving between clauses."""
        self.source_box.setVisible(shown)
        if shown:
            self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def edit_source(self) -> None:
        """Open the template text for editing (the advanced action)."""
        self.advanced.setChecked(True)

    # --- reading ---------------------------------------------------------------------------

    def choice(self) -> Choice | None:
        """Return the slot's recorded library choice, if any."""
        if self.slot is None:
            return None
        return read_choice(self.document.value((CHOICES_KEY, self.slot.id)))

    def pack_variant(self) -> str:
        """Return the pack variant this slot prints when it uses the pack's own wording."""
        choice = self.choice()
        if self.slot is None or choice is None or not choice.from_pack:
            return "standard"
        return choice.variant if choice.variant in self.slot.variants else "standard"

    def text(self) -> str:
        """Return the text the contract uses for this slot (the choice's, or the pack's)."""
        choice = self.choice()
        if choice is not None and choice.text is not None:
            return choice.text
        if self.slot is None:
            return ""
        return self.slot.variants.get(self.pack_variant(), "")

    def newer(self) -> LibraryClause | None:
        """Return the newer library version of the chosen clause, unless the user kept this one.

        Keep is recorded in the agreement (`kept_version`), so the notice stays answered after
        the file is closed and opened again, until the library has a newer version still.
        """
        choice = self.choice()
        if choice is None or self.library_set is None or self.slot is None:
            return None
        return newer_clause(self.library_set, choice)

    # --- drawing -----------------------------------------------------------------------------

    def show_slot(self, slot: Slot | None, library_set: LibrarySet | None) -> None:
        """Show a slot (or nothing), reading the libraries to compare the choice with."""
        self.slot = slot
        self.library_set = library_set
        self.refresh()

    def refresh(self) -> None:
        """Redraw from the document; the edit box keeps its cursor if its text is unchanged."""
        slot, choice = self.slot, self.choice()
        self.setEnabled(slot is not None)
        if slot is None:
            return
        self.source.setText("Uses: " + describe_choice(choice))
        self._show_variants(slot, choice)
        text = self.text()
        if self.editor.toPlainText() != text:
            self._updating = True
            try:
                self.editor.setPlainText(text)
            finally:
                self._updating = False
        modified = choice is not None and choice.modified
        self.edited.setVisible(modified)
        has_library = choice is not None and self._library_text(choice) is not None
        self.show_changes.setVisible(modified and has_library)
        self.revert.setVisible(modified and has_library)
        self.pack_button.setVisible(choice is not None and not choice.from_pack)
        self.save_button.setEnabled(modified)
        self.save_button.setToolTip(
            "Save the edited text as a new clause or a new variant in a library"
            if modified
            else "Edit the text first; then it can be saved to a library"
        )
        self._show_notice(choice)
        self._show_preview(text, choice)

    def _library_text(self, choice: Choice) -> str | None:
        return None if self.library_set is None else library_text(self.library_set, choice)

    def _show_notice(self, choice: Choice | None) -> None:
        newer = self.newer()
        if choice is None or newer is None:
            self.notice.hide()
            return
        text = (
            f"Version {newer.version} of this clause is in {choice.library}; this agreement "
            f"uses version {choice.version}."
        )
        if choice.variant not in newer.variants:
            text += f" Version {newer.version} no longer has the “{choice.variant}” variant."
        elif choice.modified:
            text += " Updating replaces the text edited for this agreement."
        self.notice_text.setText(text)
        self.update_button.setText(f"Update to version {newer.version}")
        self.update_button.setAccessibleName(self.update_button.text())
        self.update_button.setEnabled(choice.variant in newer.variants)
        self.show_newer.setEnabled(choice.variant in newer.variants)
        self.notice.show()

    def _show_variants(self, slot: Slot, choice: Choice | None) -> None:
        """Offer the pack's own variants while the slot uses the pack's wording."""
        lacking = choice is not None and choice.variant not in slot.variants
        offered = (len(slot.variants) > 1 or lacking) and (choice is None or choice.from_pack)
        self.variant_row.setVisible(offered)
        if not offered:
            return
        names = list(slot.variants)
        chosen = choice.variant if choice is not None else STANDARD
        if chosen not in names:  # a file made for another pack version: shown, not replaced
            names.append(chosen)
        if [self.variants.itemData(i) for i in range(self.variants.count())] != names:
            self.variants.clear()
            for name in names:
                text = variant_label(name)
                if name not in slot.variants:
                    text = f"{name} (not in this template pack)"
                self.variants.addItem(text, name)
        self.variants.setCurrentIndex(names.index(chosen))

    def _on_variants_activated(self, index: int) -> None:
        if self.slot is None:
            return
        variant = str(self.variants.itemData(index))
        label = f"{variant_label(variant)} wording of {self.slot.title}"
        self.set_choice(None if variant == STANDARD else pack_wording(variant), label)

    def _show_preview(self, text: str, choice: Choice | None) -> None:
        assert self.slot is not None
        pack_text = choice is None or choice.from_pack
        variant = self.pack_variant() if pack_text or choice is None else choice.variant
        agreement = self.document.result.agreement
        if not pack_text and agreement is not None:
            # Text from a file or a box: rendered in a confined child, off the GUI thread.
            self._show_rendered(Rendered(None), text)
            self._asked = TextJob(self.slot.id, self.slot.title, variant, text)
            self.confined.request(agreement, self._asked)
            return
        clause = text_clause(self.slot.id, self.slot.title, variant, text)
        rendered = render_wording(preview_context(self.document), clause, variant, text)
        self._show_rendered(rendered, text)

    def _on_confined_rendered(self, job: TextJob, result: TextResult) -> None:
        if job == self._asked:  # not an answer overtaken by newer typing or another slot
            self._show_rendered(Rendered(result.html, result.problem), job.text)

    def _show_rendered(self, rendered: Rendered, text: str) -> None:
        if rendered.html is None:
            self.wording.setPlainText(text.strip())
        else:
            self.wording.setHtml(rendered.html)
        self.wording.fit_height()
        self.problem.setText(
            f"This text cannot be put in the contract: {rendered.problem}"
            if rendered.problem
            else ""
        )
        self.problem.setVisible(bool(rendered.problem))

    # --- writing -----------------------------------------------------------------------------

    def set_choice(self, choice: Choice | None, label: str, *, merge: bool = False) -> None:
        """Record (or remove) the slot's choice as one undoable edit."""
        assert self.slot is not None
        path = (CHOICES_KEY, self.slot.id)
        if choice is None:
            self.document.remove_value(path, text=label)
        else:
            self.document.set_value(path, choice.data(), merge=merge, text=label)

    def _base_choice(self) -> Choice | None:
        """Return the choice an edit starts from: the recorded one, or the pack's wording."""
        choice = self.choice()
        if (choice is not None and not choice.from_pack) or self.slot is None:
            return choice
        variant = self.pack_variant()
        version = 0
        if self.library_set is not None:
            entry = self.library_set.find(self.slot.pack_library, self.slot.id)
            version = entry.clause.version if entry is not None else 0
        return Choice(
            self.slot.pack_library, self.slot.id, variant, version, self.text(), modified=False
        )

    def _on_editor_text_changed(self) -> None:
        if self._updating or self.slot is None:
            return
        base = self._base_choice()
        if base is None:
            return
        text = self.editor.toPlainText()
        original = self._library_text(base)
        modified = original is None or text.rstrip() != original.rstrip()
        edited = dataclasses.replace(base, text=text, modified=modified)
        self.set_choice(edited, f"Edit the wording of {self.slot.title}", merge=True)

    def _on_revert_clicked(self) -> None:
        choice = self.choice()
        if choice is None or self.library_set is None or self.slot is None:
            return
        entry = library_entry(self.library_set, choice)
        if entry is None or choice.variant not in entry.clause.variants:
            return
        self.set_choice(choose_entry(entry, choice.variant), f"Library text of {self.slot.title}")

    def _on_pack_button_clicked(self) -> None:
        if self.slot is not None:
            self.set_choice(None, f"Template pack wording of {self.slot.title}")

    def _on_show_changes_clicked(self) -> None:
        choice = self.choice()
        original = None if choice is None else self._library_text(choice)
        if choice is None or original is None:
            return
        self.open_diff(
            "Changes made for this agreement",
            f"Lines starting with - are in {choice.library}'s text "
            f"({variant_label(choice.variant)}); lines starting with + are this agreement's.",
            text_diff(original, choice.text or ""),
        )

    def _on_show_newer_clicked(self) -> None:
        choice, newer = self.choice(), self.newer()
        if choice is None or newer is None or choice.variant not in newer.variants:
            return
        self.open_diff(
            f"What version {newer.version} changes",
            f"Lines starting with - are the text this agreement uses; lines starting with + "
            f"are version {newer.version} in {choice.library}.",
            text_diff(choice.text or "", newer.variants[choice.variant]),
        )

    def _on_update_button_clicked(self) -> None:
        choice = self.choice()
        if choice is None or self.library_set is None or self.slot is None:
            return
        entry = library_entry(self.library_set, choice)
        if entry is None or choice.variant not in entry.clause.variants:
            return
        updated = choose_entry(entry, choice.variant)
        self.set_choice(updated, f"Update {self.slot.title} to version {updated.version}")

    def _on_keep_button_clicked(self) -> None:
        choice, newer = self.choice(), self.newer()
        if choice is None or newer is None or self.slot is None:
            return
        kept = dataclasses.replace(choice, kept_version=newer.version)
        self.set_choice(kept, f"Keep the wording of {self.slot.title}", merge=False)
        self.refresh()

    def open_diff(self, title: str, intro: str, diff: str) -> QDialog:
        """Show a diff in a window of its own (not modal: the page stays usable)."""
        dialog = DiffDialog(self, title, intro, diff)
        self.diff_dialog = dialog
        dialog.finished.connect(lambda _=0, d=dialog: self._on_diff_dialog_finished(d))
        dialog.show()
        return dialog

    def _on_diff_dialog_finished(self, dialog: QDialog) -> None:
        if self.diff_dialog is dialog:
            self.diff_dialog = None
