"""Clause wording: for every clause of the contract, which wording it uses and where from.

The outline lists the template pack's sections and the clauses in them (the slots), each with
what it uses now: the pack's wording, a library clause's variant, or text edited for this
agreement. Selecting one shows its text, the contract's reading of it and any newer library
version; below, the drafter searches every library (personal, team, the pack's own) for
another wording. A recorded choice keeps a copy of its text, so the contract reads the same
whenever the agreement is reopened, whatever happens to the libraries meanwhile.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QFileSystemWatcher, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from slaeditor.clauses.pack import PackError
from slaeditor.gui.plain_text import plain_label, plain_tip
from slaeditor.gui.style import colour
from slaeditor.gui.wizard.sla_page import SlaPage
from slaeditor.gui.wording.choice_check import LACKING_SECTION, wording_issues
from slaeditor.gui.wording.clause_picker import ClausePicker
from slaeditor.gui.wording.confined_checks import ConfinedChecks
from slaeditor.gui.wording.save_to_library import SaveToLibraryDialog
from slaeditor.gui.wording.slot_data import (
    CHOICES_KEY,
    choose_entry,
    describe_choice,
    newer_clause,
    pack_slot_names,
    read_choice,
    untitled,
    variant_label,
)
from slaeditor.gui.wording.slot_view import Slot, SlotPanel

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent

    from slaeditor.clauses import Pack
    from slaeditor.clauses.library_set import Entry, LibrarySet
    from slaeditor.gui.context import AppContext
    from slaeditor.gui.editing.edited_agreement import EditedAgreement
    from slaeditor.model import Agreement
    from slaeditor.model.validation import Issue

_SLOT_ROLE = Qt.ItemDataRole.UserRole


class WordingPage(SlaPage):
    """Choose, edit and save the wording of each clause of the contract."""

    key = "wording"
    heading = "Clause wording"
    step = "Clause wording"
    intro = (
        "Each clause of the contract prints the template pack's wording unless you choose "
        "another from a library. Select a clause, then search the libraries, read the guidance "
        "and the wording filled in with this agreement's values, and use it. Text you edit "
        "here applies to this agreement only until you save it to a library."
    )
    patterns = (r"^clauses\b",)

    def __init__(self, context: AppContext, document: EditedAgreement) -> None:
        super().__init__(context, document)
        self.pack: Pack | None = None
        self.library_set: LibrarySet | None = None
        self.slots: dict[str, Slot] = {}
        self.save_dialog: SaveToLibraryDialog | None = None
        self._shape: tuple[Any, ...] | None = None
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_watcher_file_changed)
        self._reload_timer = QTimer(self, singleShot=True, interval=300)
        self._reload_timer.timeout.connect(self._on_reload_timer_timeout)
        self.notes = plain_label(QLabel())
        self.notes.setObjectName("fieldMessage")
        self.notes.setProperty("level", "warning")
        self.notes.setWordWrap(True)
        self.notes.hide()
        self.body.addWidget(self.notes)
        self.standard_button = QPushButton("Use the standard wording for these")
        self.standard_button.setAccessibleName("Use the standard wording for these")
        self.standard_button.setToolTip(
            "Drop the wordings this template pack does not have, as one step you can undo"
        )
        self.standard_button.clicked.connect(self.use_standard_for_lacking)
        self.standard_button.hide()
        self.body.addWidget(self.standard_button, 0, Qt.AlignmentFlag.AlignLeft)
        form = self.group("Clauses of the contract")
        self.outline = QTreeWidget()
        self.outline.setObjectName("wordingOutline")
        self.outline.setAccessibleName("Clauses of the contract")
        self.outline.setHeaderLabels(["Clause", "Wording used"])
        self.outline.setColumnWidth(0, 250)
        self.outline.setMinimumHeight(210)
        self.outline.setMaximumHeight(240)
        self.outline.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.outline.currentItemChanged.connect(self._on_outline_current_item_changed)
        form.addRow(self.outline)
        form = self.group("Wording of the selected clause")
        self.slot_box = form.parentWidget()
        self.panel = SlotPanel(document)
        self.panel.save_requested.connect(self._on_panel_save_requested)
        form.addRow(self.panel)
        form = self.group(
            "Choose from the libraries",
            "Your personal library comes first, then the team libraries (Preferences), then "
            "the template pack's own clauses; a clause id found in two libraries is taken from "
            "the first, and the list says which one is not used.",
        )
        self.picker = ClausePicker(document)
        self.picker.chosen.connect(self._on_picker_chosen)
        form.addRow(self.picker)
        self.body.addStretch(1)
        self.confined = ConfinedChecks(self)
        self.confined.done.connect(document.recheck)
        document.add_check(self._check)

    def search_box(self) -> QLineEdit | None:
        """Return the libraries' search box (Ctrl+F)."""
        return self.picker.search

    # --- the slots ---------------------------------------------------------------------------

    def current_slot(self) -> Slot | None:
        """Return the slot selected in the outline."""
        item = self.outline.currentItem()
        slot_id = item.data(0, _SLOT_ROLE) if item is not None else None
        return self.slots.get(str(slot_id)) if slot_id else None

    def select_slot(self, slot_id: str) -> bool:
        """Select a slot in the outline (False when the pack has no such clause)."""
        item = self._item(slot_id)
        if item is None:
            return False
        self.outline.setCurrentItem(item)
        self.outline.scrollToItem(item)
        return True

    def _item(self, slot_id: str) -> QTreeWidgetItem | None:
        for index in range(self.outline.topLevelItemCount()):
            section = self.outline.topLevelItem(index)
            if section is None:
                continue
            for child in range(section.childCount()):
                item = section.child(child)
                if item is not None and item.data(0, _SLOT_ROLE) == slot_id:
                    return item
        return None

    # --- loading -----------------------------------------------------------------------------

    def load_from(self, document: EditedAgreement) -> None:
        """Read the pack and the libraries again, then redraw the outline and the selection."""
        self._load()
        self._build_outline()
        self._show_statuses()
        self.picker.set_slot_names(pack_slot_names(self.pack))
        self.picker.set_library_set(self.library_set)
        self._show_slot()
        super().load_from(document)

    def _load(self) -> None:
        name = str(self.document.value(("template",), "standard") or "standard")
        notes: list[str] = []
        try:
            self.pack = self.context.pack(name)
        except (PackError, OSError) as error:
            self.pack = None
            notes.append(f"The template pack cannot be read: {error}")
        try:
            self.library_set = self.context.library_set(name)
        except Exception as error:  # a missing pack or unreadable folder: say so, keep going
            self.library_set = None
            notes.append(f"The clause libraries cannot be read: {error}")
        if self.library_set is not None:
            notes.extend(
                f"Not used until it is fixed: {error}" for error in self.library_set.errors
            )
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))
        self.slots = self._slots()
        self._watch()

    def _watch(self) -> None:
        """Watch the library files, so a colleague's save shows while the page is open.

        An atomic save replaces the file, which ends its watch; the reload that follows calls
        this again and watches the new file.
        """
        wanted = (
            {str(source.path) for source in self.library_set.sources if source.path.exists()}
            if self.library_set
            else set()
        )
        watched = set(self._watcher.files())
        if watched - wanted:
            self._watcher.removePaths(sorted(watched - wanted))
        if wanted - watched:
            self._watcher.addPaths(sorted(wanted - watched))

    def _slots(self) -> dict[str, Slot]:
        pack = self.pack
        if pack is None:
            return {}
        pack_library = ""
        if self.library_set is not None:
            pack_library = next(
                (lib.name for lib in self.library_set.libraries if lib.path.parent == pack.path),
                "",
            )
        slots: dict[str, Slot] = {}
        for section in pack.sections:
            for position, clause_id in enumerate(section.clauses):
                clause = pack.clauses.get(clause_id)
                if clause is None:
                    continue
                slots[clause_id] = Slot(
                    clause_id,
                    clause.title or untitled(position),
                    section.id,
                    section.title,
                    pack_library,
                    dict(clause.variants),
                    titled=bool(clause.title),
                )
        return slots

    def _build_outline(self) -> None:
        pack = self.pack
        shape = (
            (pack.path, tuple((s.id, s.clauses) for s in pack.sections)) if pack else None,
            tuple((slot.id, slot.title) for slot in self.slots.values()),
        )
        if shape == self._shape:
            return
        self._shape = shape
        kept = self.current_slot()
        self.outline.blockSignals(True)
        self.outline.clear()
        if pack is not None:
            for section in pack.sections:
                top = QTreeWidgetItem([section.title, ""])
                top.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.outline.addTopLevelItem(top)
                for clause_id in section.clauses:
                    slot = self.slots.get(clause_id)
                    if slot is not None:
                        item = QTreeWidgetItem([slot.title, ""])
                        item.setData(0, _SLOT_ROLE, slot.id)
                        top.addChild(item)
                top.setExpanded(True)
        self.outline.blockSignals(False)
        first = next(iter(self.slots), "")
        self.select_slot(kept.id if kept is not None and kept.id in self.slots else first)

    def _show_statuses(self) -> None:
        for slot in self.slots.values():
            item = self._item(slot.id)
            if item is None:
                continue
            choice = read_choice(self.document.value((CHOICES_KEY, slot.id)))
            text = describe_choice(choice)
            if choice is not None and self.library_set is not None:
                newer = newer_clause(self.library_set, choice)
                if newer is not None:
                    text += f" — version {newer.version} available"
            if self.document.issues_at((CHOICES_KEY, slot.id), below=True):
                text = "Cannot be rendered — " + text
                item.setForeground(1, colour("error"))
            else:
                item.setForeground(1, self.outline.palette().text())
            item.setText(1, text)
            item.setToolTip(1, plain_tip(text))

    def _show_slot(self) -> None:
        slot = self.current_slot()
        if self.slot_box is not None:
            self.slot_box.setTitle(  # type: ignore[attr-defined]
                "Wording of the selected clause"
                if slot is None
                else f"Wording of “{slot.title}”"
                + ("" if slot.titled else f" in {slot.section_title}")
            )
        self.panel.show_slot(slot, self.library_set)
        if slot is None or self.pack is None:
            return
        self._show_in_preview(slot)
        choice = self.panel.choice()
        self.picker.set_preferred_variant(
            choice.variant if choice is not None else self.panel.pack_variant()
        )
        self.picker.set_sections([(s.id, s.title) for s in self.pack.sections], slot.section)
        if choice is not None:
            self.picker.select(choice.library, choice.clause)

    def _show_in_preview(self, slot: Slot) -> None:
        """Scroll the window's contract preview to the section of the clause being chosen."""
        preview = getattr(self.window(), "preview", None)
        show_section = getattr(preview, "show_section", None)
        if self.isVisible() and callable(show_section):
            show_section(slot.section_title)

    # --- problems ----------------------------------------------------------------------------

    def _check(self, agreement: Agreement) -> list[Issue]:
        """Check the agreement's clause choices against its pack (run by the EditedAgreement)."""
        try:
            pack = self.context.pack(agreement.template)
        except (PackError, OSError):
            pack = None  # the pack's own problem is reported where the pack is used
        return wording_issues(agreement, pack, self.confined.results)

    def lacking_slots(self) -> list[str]:
        """Return the slots whose chosen wording the template pack does not have."""
        return [
            issue.path.removeprefix(CHOICES_KEY).lstrip(".").split(".")[0]
            for issue in self.document.result.errors
            if issue.section == LACKING_SECTION
        ]

    def use_standard_for_lacking(self) -> None:
        """Drop every wording the pack lacks, as one undoable step (the contract prints again)."""
        lacking = set(self.lacking_slots())
        choices = self.document.value((CHOICES_KEY,), {})
        if not lacking or not isinstance(choices, dict):
            return
        kept = {slot: choice for slot, choice in choices.items() if slot not in lacking}
        self.document.set_value((CHOICES_KEY,), kept, merge=False, text="Use the standard wording")

    def _show_banner(self) -> None:
        super()._show_banner()
        self.standard_button.setVisible(bool(self.lacking_slots()))

    def focus_path(self, path: str) -> bool:
        """Select the slot of a problem and put the cursor where it is fixed."""
        if not path.startswith(CHOICES_KEY):
            return super().focus_path(path)
        slot_id = path.removeprefix(CHOICES_KEY).lstrip(".").split(".")[0]
        if not self.select_slot(slot_id):
            self.scroll_area.ensureWidgetVisible(self.standard_button)
            self.standard_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return self.standard_button.isVisible()
        if self.panel.variant_row.isVisible():
            target: QWidget = self.panel.variants
        else:
            self.panel.edit_source()
            target = self.panel.editor
        self.scroll_area.ensureWidgetVisible(target)
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def describe(self, issue: Issue) -> str:
        """Name a problem after the clause's title rather than a raw path."""
        slot_id = issue.path.removeprefix(CHOICES_KEY).lstrip(".").split(".")[0]
        slot = self.slots.get(slot_id)
        return f"{slot.title}: {issue.message}" if slot else super().describe(issue)

    # --- reacting ------------------------------------------------------------------------------

    def _on_outline_current_item_changed(self, current: QTreeWidgetItem | None) -> None:
        self._show_slot()

    def _on_picker_chosen(self, entry: Entry, variant: str) -> None:
        slot = self.current_slot()
        if slot is None:
            return
        choice = choose_entry(entry, variant)
        self.panel.set_choice(
            choice,
            f"Use {entry.library.name}'s {variant_label(variant)} wording for {slot.title}",
        )

    def _on_document_changed(self, path: tuple[Any, ...]) -> None:
        super()._on_document_changed(path)
        if self.isVisible():
            self._show_statuses()
            self.panel.refresh()

    def _on_document_checked(self) -> None:
        super()._on_document_checked()
        if self.isVisible():
            self._show_statuses()  # a confined check's answer arrives after the change

    def _on_watcher_file_changed(self, path: str) -> None:
        self._reload_timer.start()  # a save may come as several changes; read once after them

    def _on_reload_timer_timeout(self) -> None:
        if self.isVisible():
            self.load_from(self.document)
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        """Catch up, and scroll the contract preview to the selected clause's section."""
        super().showEvent(event)
        slot = self.current_slot()
        if slot is not None:
            self._show_in_preview(slot)

    def _on_panel_save_requested(self) -> None:
        slot, choice = self.current_slot(), self.panel.choice()
        if slot is None or choice is None:
            return
        dialog = SaveToLibraryDialog(
            self, self.context, self.library_set, choice, slot.title, slot.section
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_saved(dialog, slot.id))
        dialog.finished.connect(self._on_save_dialog_finished)
        self.save_dialog = dialog
        dialog.open()

    def _on_save_dialog_finished(self) -> None:
        self.save_dialog = None

    def _on_saved(self, dialog: SaveToLibraryDialog, slot_id: str) -> None:
        """Point the slot at the clause just saved, so the agreement records where it lives."""
        saved = dialog.saved
        if saved is None:
            return
        self._load()
        entry = self.library_set.find(saved.library, saved.clause) if self.library_set else None
        slot = self.slots.get(slot_id)
        if entry is None or slot is None or saved.variant not in entry.clause.variants:
            return
        self.picker.set_library_set(self.library_set)
        self.panel.library_set = self.library_set
        self.panel.set_choice(
            choose_entry(entry, saved.variant),
            f"Saved the wording of {slot.title} to {saved.library}",
        )
        show_status = getattr(self.window(), "show_status", None)
        if callable(show_status):
            show_status(
                f"Saved to {saved.library} ({saved.path}): “{saved.variant}” of {saved.clause}."
            )
