"""Find a clause in any of the drafter's libraries, read it filled in, and take it.

The list follows the search box as the drafter types (title, text and tags, through the
core's LibrarySet.search), limited to one contract section by default: the section of the slot
being filled. When two libraries hold a clause with the same id the list says which one wins
and which one is used, so precedence is seen, never guessed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from slaeditor.app.confined import TextJob, TextResult
from slaeditor.gui.editing.scope import level_name
from slaeditor.gui.plain_text import plain_label, plain_tip
from slaeditor.gui.style import colour
from slaeditor.gui.wording.confined_checks import ConfinedPreview
from slaeditor.gui.wording.parts import caption, note
from slaeditor.gui.wording.preview_text import Rendered
from slaeditor.gui.wording.slot_data import (
    MAX_LISTED,
    STANDARD,
    clause_name,
    entry_label,
    variant_label,
)
from slaeditor.gui.wording.wording_view import WordingView

if TYPE_CHECKING:
    from collections.abc import Sequence

    from slaeditor.clauses.library_set import Entry, LibrarySet
    from slaeditor.gui.editing.edited_agreement import EditedAgreement

ALL_SECTIONS = ""
"""The section filter's value for "every section"."""


class ClausePicker(QWidget):
    """Search box, section filter, results, and the chosen clause's guidance and wording."""

    chosen = Signal(object, str)
    """The user clicked "Use this wording": the library Entry and the variant name."""

    def __init__(self, document: EditedAgreement) -> None:
        super().__init__()
        self.document = document
        self.library_set: LibrarySet | None = None
        self.entries: list[Entry] = []
        """The entries listed, in the list's order."""
        self._winners: dict[str, str] = {}
        self.slot_names: dict[str, str] = {}
        """The pack's name for each clause of its outline, for clauses without a title."""
        self._preferred_variant = STANDARD
        """The agreement's clause variables and the document revision they were built at."""
        self._wording_timer = QTimer(self, singleShot=True, interval=0)
        self._wording_timer.timeout.connect(self._show_wording)
        self.setObjectName("clausePicker")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.search = QLineEdit()
        self.search.setAccessibleName("Search clauses")
        self.search.setPlaceholderText("Words from the title, the text or a tag")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search_text_changed)
        form.addRow(caption("Search clauses:", self.search), self.search)
        self.section = QComboBox()
        self.section.setAccessibleName("Section")
        self.section.activated.connect(self._on_section_activated)
        form.addRow(caption("Section:", self.section), self.section)
        column.addLayout(form)
        self.count = note()
        column.addWidget(self.count)
        self.results = QListWidget()
        self.results.setAccessibleName("Clauses found")
        self.results.setObjectName("clauseResults")
        self.results.setUniformItemSizes(True)
        self.results.setMinimumHeight(150)
        self.results.setMaximumHeight(190)
        self.results.currentRowChanged.connect(self._on_results_current_row_changed)
        column.addWidget(self.results)
        self.title = plain_label(QLabel())
        self.title.setObjectName("fieldLabel")
        self.title.setWordWrap(True)
        column.addWidget(self.title)
        self.details = note()
        column.addWidget(self.details)
        self.shadow = note("fieldHint")
        column.addWidget(self.shadow)
        self.guidance = note()
        self.guidance.setAccessibleName("Guidance")
        column.addWidget(self.guidance)
        line = QHBoxLayout()
        self.variant = QComboBox()
        self.variant.setAccessibleName("Variant")
        self.variant.activated.connect(self._on_variant_activated)
        line.addWidget(caption("Variant:", self.variant))
        line.addWidget(self.variant, 1)
        self.use_button = QPushButton("Use this wording")
        self.use_button.setAccessibleName("Use this wording")
        self.use_button.clicked.connect(self._on_use_button_clicked)
        line.addWidget(self.use_button)
        column.addLayout(line)
        self.wording = WordingView()
        self.confined = ConfinedPreview(self)
        self.confined.rendered.connect(self._on_confined_rendered)
        self._asked: TextJob | None = None
        self.wording.setAccessibleName("Wording of the clause found")
        column.addWidget(self.wording)
        self.problem = note("fieldMessage")
        self.problem.setProperty("level", "error")
        column.addWidget(self.problem)
        self._show_entry(None)

    # --- what the page sets ------------------------------------------------------------------

    def set_library_set(self, library_set: LibrarySet | None) -> None:
        """Search these libraries from now on (a colleague's save gives a new set)."""
        if library_set is self.library_set:
            return
        self.library_set = library_set
        self._winners = {}
        if library_set is not None:
            for conflict in library_set.conflicts():
                if conflict.libraries:
                    self._winners[conflict.clause_id] = conflict.libraries[0].name
        self.update_results()

    def set_slot_names(self, names: dict[str, str]) -> None:
        """Name untitled clauses by their place in the template pack (the page's outline)."""
        if names == self.slot_names:
            return
        self.slot_names = dict(names)
        self.update_results()
        self._show_entry(self.current_entry())

    def set_sections(self, sections: Sequence[tuple[str, str]], current: str) -> None:
        """Offer these (id, title) sections in the filter and select the slot's own."""
        self.section.blockSignals(True)
        self.section.clear()
        self.section.addItem("All sections", ALL_SECTIONS)
        for section_id, title in sections:
            self.section.addItem(title, section_id)
        index = self.section.findData(current)
        self.section.setCurrentIndex(max(index, 0))
        self.section.blockSignals(False)
        self.update_results()

    def set_preferred_variant(self, variant: str) -> None:
        """Select this variant when a clause offers it (the slot's current one)."""
        self._preferred_variant = variant or STANDARD

    # --- searching ---------------------------------------------------------------------------

    def matching(self) -> list[Entry]:
        """Return the entries matching the search text and section filter, winners first."""
        if self.library_set is None:
            return []
        section = self.section.currentData() or None
        text = self.search.text().strip()
        if text:
            return self.library_set.search(text, section=section)
        return self.library_set.entries(section=section)

    def update_results(self) -> None:
        """Refill the list; the selection stays on the same clause when it is still listed."""
        kept = self.current_entry()
        found = self.matching()
        shown = found[:MAX_LISTED]
        self.entries = shown
        self.results.blockSignals(True)
        self.results.clear()
        row = -1
        for index, entry in enumerate(shown):
            item = QListWidgetItem(entry_label(entry, self._winners, self.slot_names))
            item.setToolTip(
                plain_tip(
                    f"{clause_name(entry.clause, self.slot_names)} in {entry.library.name} "
                    f"({entry.library.path}); tags: {', '.join(entry.clause.tags) or 'none'}"
                )
            )
            if entry.shadowed:
                item.setForeground(colour("muted"))
            self.results.addItem(item)
            if kept is not None and _same(entry, kept):
                row = index
        if row < 0 and shown:
            row = 0
        self.results.setCurrentRow(row)
        self.results.blockSignals(False)
        self.count.setText(_count_text(len(found), len(shown), bool(self.search.text().strip())))
        selected = shown[row] if row >= 0 else None
        if selected is None or kept is None or not _same(selected, kept):
            self._show_entry(selected)

    def current_entry(self) -> Entry | None:
        """Return the entry selected in the list."""
        row = self.results.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def select(self, library: str, clause_id: str) -> bool:
        """Select a clause of a library in the list (False when it is not listed)."""
        for index, entry in enumerate(self.entries):
            if entry.library.name == library and entry.clause.id == clause_id:
                self.results.setCurrentRow(index)
                return True
        return False

    def select_variant(self, variant: str) -> bool:
        """Choose a variant of the selected clause, as picking it in the combo does."""
        index = self.variant.findData(variant)
        if index < 0:
            return False
        self.variant.setCurrentIndex(index)
        self._show_wording()
        return True

    # --- showing the selected clause -----------------------------------------------------------

    def _show_entry(self, entry: Entry | None) -> None:
        self.variant.clear()
        enabled = entry is not None
        for widget in (self.variant, self.use_button):
            widget.setEnabled(enabled)
        if entry is None:
            self.title.setText("No clause is selected.")
            for label in (self.details, self.shadow, self.guidance, self.problem):
                label.hide()
            self.wording.hide()
            return
        clause = entry.clause
        name = clause_name(clause, self.slot_names)
        self.title.setText(name)
        tags = ", ".join(clause.tags)
        parts = [
            f"{entry.library.name}, version {clause.version}, {clause.status}",
            f"for {'the' if clause.level == 'corporate' else 'a'} {level_name(clause.level)}",
            clause.jurisdiction or clause.locale,
            f"tags: {tags}" if tags else "",
            f"by {clause.author}" if clause.author else "",
        ]
        self.details.setText(" · ".join(part for part in parts if part))
        self.details.show()
        winner = self._winners.get(clause.id)
        if entry.shadowed:
            self.shadow.setText(
                f"{winner or 'Another library'} also has a clause “{name}” and comes first, "
                f"so the wizard uses that one unless you choose this one from "
                f"{entry.library.name} here."
            )
        elif winner and winner == entry.library.name:
            self.shadow.setText(
                f"Other libraries also have a clause “{name}”; this one from "
                f"{entry.library.name} comes first."
            )
        self.shadow.setVisible(bool(entry.shadowed or winner))
        self.guidance.setText(f"Guidance: {clause.guidance}" if clause.guidance else "")
        self.guidance.setVisible(bool(clause.guidance))
        for name in clause.variants:
            self.variant.addItem(variant_label(name), name)
        index = self.variant.findData(self._preferred_variant)
        self.variant.setCurrentIndex(max(index, 0))
        self._wording_timer.start()  # after the list is drawn: typing never waits for it

    def _show_wording(self) -> None:
        entry = self.current_entry()
        variant = self.variant.currentData()
        if entry is None or variant is None:
            return
        self._wording_timer.stop()
        body = entry.clause.variants.get(str(variant), "")
        self.wording.show()
        agreement = self.document.result.agreement
        self._show_rendered(Rendered(None), body)
        if agreement is not None:  # a library's text: rendered in a confined child
            self._asked = TextJob(entry.clause.id, entry.clause.title, str(variant), body)
            self.confined.request(agreement, self._asked)

    def _on_confined_rendered(self, job: TextJob, result: TextResult) -> None:
        if job == self._asked:  # not an answer overtaken by another selection
            self._show_rendered(Rendered(result.html, result.problem), job.text)

    def _show_rendered(self, rendered: Rendered, body: str) -> None:
        if rendered.html is None:
            self.wording.setPlainText(body.strip())
        else:
            self.wording.setHtml(rendered.html)
        self.wording.fit_height()
        self.problem.setText(
            f"This wording cannot be used as it is: {rendered.problem}" if rendered.problem else ""
        )
        self.problem.setVisible(bool(rendered.problem))

    # --- reacting ------------------------------------------------------------------------------

    def _on_search_text_changed(self, text: str) -> None:
        self.update_results()

    def _on_section_activated(self, index: int) -> None:
        self.update_results()

    def _on_results_current_row_changed(self, row: int) -> None:
        self._show_entry(self.entries[row] if 0 <= row < len(self.entries) else None)

    def _on_variant_activated(self, index: int) -> None:
        self._show_wording()

    def _on_use_button_clicked(self) -> None:
        entry = self.current_entry()
        variant = self.variant.currentData()
        if entry is not None and variant is not None:
            self.chosen.emit(entry, str(variant))


def _same(entry: Entry, other: Entry) -> bool:
    return entry.library.path == other.library.path and entry.clause.id == other.clause.id


def _count_text(found: int, shown: int, searching: bool) -> str:
    if found == 0:
        return (
            "No clause matches; try fewer words or all sections."
            if searching
            else "No library has a clause for this section."
        )
    text = f"{found} clause{'s' if found != 1 else ''}"
    if shown < found:
        text += f"; the first {shown} are listed, type more words to narrow them"
    return text + "."
