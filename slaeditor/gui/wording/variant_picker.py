"""Choose the wording of clauses that a template pack offers in more than one variant.

The drafter sees each clause's title, the pack author's guidance and the wording itself, as it
will read in the contract with this agreement's values (rendered in the same sandbox compose()
uses), so a choice between "Standard" and "Fallback" is made on the words, not on a name. The
choice is stored in `clause_variants`; "standard" is the default and is stored as no entry at
all, so a file only records what differs. A clause whose wording comes from a library (chosen
on the Clause wording page, stored under `clauses`) says so here instead of offering the pack's
variants, which would not apply, and links to where it can be changed.

A file may choose a wording its pack does not have (written for another version of the pack,
or by hand). That stops the contract being produced, so it is an error like any other (a
check the EditedAgreement runs, since the model does not know the pack): on this page's banner, in
the step list and as a link on the review page. A clause shown here says so under its choice;
the others are listed above the choices, with a button that goes back to the standard wording.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from slaeditor.clauses.pack import PackError
from slaeditor.gui.plain_text import plain_label, plain_tip
from slaeditor.gui.wording.preview_text import preview_context, render_text, render_wording
from slaeditor.gui.wording.slot_data import (
    CHOICES_KEY,
    STANDARD,
    Choice,
    describe_choice,
    read_choice,
    variant_label,
)
from slaeditor.model.validation import Issue, Level
from slaeditor.storage.messages import format_path, parse_path

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PySide6.QtGui import QResizeEvent, QShowEvent

    from slaeditor.clauses import Clause, Pack
    from slaeditor.compose.clause_step import ClauseContext
    from slaeditor.gui.context import AppContext
    from slaeditor.gui.editing.edited_agreement import EditedAgreement
    from slaeditor.model import Agreement

_MAX_WORDING_LINES = 18
CHECK_SECTION = "wording-choice"
"""Marks the issues of `variant_issues`, by which the page finds the choices to offer to drop."""


def choice_id(path: str) -> str:
    """Return the clause id of a `clause_variants.<id>` path ("" for the whole mapping)."""
    parts = parse_path(path)
    return str(parts[1]) if len(parts) > 1 else ""


def variant_issues(agreement: Agreement, pack: Pack) -> list[Issue]:
    """Return an error for each wording the agreement chooses that its pack does not have."""
    issues = []
    for clause_id, _ in pack.choice_problems(agreement.clause_variants):
        if not clause_id.strip():
            continue  # the model reports a choice that names no clause
        variant = agreement.clause_variants[clause_id]
        clause = pack.clauses.get(clause_id)
        if clause is None:
            message = (
                f"The agreement chooses the wording “{variant}” for a clause “{clause_id}” that "
                f"the {pack.name} template pack does not have, so the contract cannot be "
                "produced; use the standard wording to drop the choice."
            )
        else:
            known = ", ".join(variant_label(name) for name in clause.variants)
            message = (
                f"“{clause.title or clause_id}”: the agreement chooses the wording "
                f"“{variant}”, which the {pack.name} template pack does not have, so the "
                f"contract cannot be produced; use one the pack has ({known})."
            )
        path = format_path(("clause_variants", clause_id))
        issues.append(Issue(Level.ERROR, path, message, CHECK_SECTION))
    return issues


class WordingView(QTextBrowser):
    """A read-only box as tall as its wording (up to a limit), so short clauses need no scroll."""

    def __init__(self) -> None:
        super().__init__()
        self.setReadOnly(True)
        self.setOpenLinks(False)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QTextBrowser.LineWrapMode.WidgetWidth)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("clauseWording")

    def fit_height(self) -> None:
        """Grow to the text's height, capped so a long clause scrolls inside the box."""
        document = self.document()
        document.setTextWidth(self.viewport().width())
        limit = self.fontMetrics().lineSpacing() * _MAX_WORDING_LINES
        margins = self.frameWidth() * 2 + 4
        height = int(min(document.size().height(), limit)) + margins
        if self.height() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Refit when the page is resized and the text rewraps."""
        super().resizeEvent(event)
        self.fit_height()


@dataclass
class _Row:
    """The widgets of one clause choice."""

    clause: Clause
    combo: QComboBox
    wording: WordingView
    message: QLabel
    library: QWidget
    """Shown instead of the combo when a library choice fills the slot (wording page)."""
    library_note: QLabel
    shown: str = ""


class VariantPicker(QWidget):
    """The wording choices for every clause with variants in some sections of the pack."""

    open_wording_requested = Signal(str)
    """The user wants to change a library choice: the slot, for the Clause wording page."""

    def __init__(
        self, context: AppContext, document: EditedAgreement, sections: Sequence[str]
    ) -> None:
        super().__init__()
        self.context = context
        self.document = document
        self.sections = tuple(sections)
        self.rows: list[_Row] = []
        self._pack: Pack | None = None
        self._shape: tuple[Any, ...] | None = None
        self._updating = False
        self._stale = True
        self.setObjectName("variantPicker")
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(6)
        self.status = plain_label(QLabel())
        self.status.setObjectName("groupNote")
        self.status.setWordWrap(True)
        self.column.addWidget(self.status)
        self.problems = plain_label(QLabel())
        self.problems.setObjectName("fieldMessage")
        self.problems.setWordWrap(True)
        self.problems.setProperty("level", "error")
        self.problems.hide()
        self.column.addWidget(self.problems)
        self.standard_button = QPushButton("Use the standard wording for these")
        self.standard_button.setAccessibleDescription(
            "Drops the wording choices the template pack does not have"
        )
        self.standard_button.clicked.connect(self._on_standard_button_clicked)
        self.standard_button.hide()
        fix_line = QHBoxLayout()
        fix_line.addWidget(self.standard_button)
        fix_line.addStretch(1)
        self.column.addLayout(fix_line)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(10)
        self.column.addLayout(self.rows_box)
        document.changed.connect(self._on_document_changed)
        document.checked.connect(self._on_document_checked)
        document.reset.connect(self._on_document_reset)
        document.add_check(self._check)

    # --- what the page asks ----------------------------------------------------------------

    def clauses(self) -> list[Clause]:
        """Return the clauses of these sections that offer a choice, in outline order."""
        pack = self._pack
        if pack is None:
            return []
        found: list[Clause] = []
        for spec in pack.sections:
            if spec.id in self.sections:
                for clause_id in spec.clauses:
                    clause = pack.clauses.get(clause_id)
                    if clause is not None and len(clause.variants) > 1:
                        found.append(clause)
        return found

    def row_for(self, clause_id: str) -> _Row | None:
        """Return the widgets of one clause's choice."""
        return next((row for row in self.rows if row.clause.id == clause_id), None)

    def focus_choice(self, clause_id: str = "") -> QWidget | None:
        """Focus the combo of a clause (the first one when not named) and return it.

        A bad choice for a clause without a row focuses the button that drops it.
        """
        if clause_id and clause_id in self._unshown():
            self.standard_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return self.standard_button
        row = self.row_for(clause_id) or (self.rows[0] if self.rows else None)
        if row is None:
            return None
        row.combo.setFocus(Qt.FocusReason.OtherFocusReason)
        return row.combo

    def refresh(self) -> None:
        """Reload the pack, rebuild the rows if its clauses differ, then redraw every row."""
        self._load_pack()
        clauses = self.clauses()
        shape = (
            self._pack.path if self._pack is not None else None,
            tuple((c.id, c.title, c.guidance, tuple(c.variants)) for c in clauses),
        )
        if shape != self._shape:
            self._shape = shape
            self._build_rows(clauses)
        context = self._render_context()
        for row, clause in zip(self.rows, clauses, strict=True):
            row.clause = clause  # the pack may have been reloaded with edited wording
            self._show_row(row, context)
        if not self.rows and self._pack is not None:
            self.status.setText("The template pack words these clauses in one way only.")
        elif self.rows:
            self.status.setText(
                "The box under each choice shows the wording as the contract will read."
                if context is not None
                else "The wording is shown as the template writes it, with placeholders, "
                "until the problems marked on the pages are fixed."
            )
        self._show_problems()
        self._stale = False

    # --- building --------------------------------------------------------------------------

    def _load_pack(self) -> None:
        name = str(self.document.data.get("template") or "standard")
        try:
            self._pack = self.context.pack(name)
        except (PackError, OSError) as error:
            self._pack = None
            self.status.setText(f"The template pack cannot be read: {error}")

    def _build_rows(self, clauses: list[Clause]) -> None:
        while self.rows_box.count():
            item = self.rows_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.rows = [self._build_row(clause) for clause in clauses]

    def _build_row(self, clause: Clause) -> _Row:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        line = QHBoxLayout()
        title = clause.title or clause.id
        caption = QLabel(f"{title}:")
        caption.setObjectName("fieldLabel")
        combo = QComboBox()
        combo.setAccessibleName(title)
        combo.setToolTip(plain_tip(f"Choose the wording of the clause “{title}”"))
        caption.setBuddy(combo)
        for name in clause.variants:
            combo.addItem(variant_label(name), name)
        combo.activated.connect(lambda index, c=combo, k=clause.id: self._on_activated(c, k, index))
        line.addWidget(caption)
        line.addWidget(combo, 1)
        layout.addLayout(line)
        library = QWidget()
        library_line = QHBoxLayout(library)
        library_line.setContentsMargins(0, 0, 0, 0)
        library_note = plain_label(QLabel())
        library_note.setObjectName("fieldHint")
        library_note.setWordWrap(True)
        library_line.addWidget(library_note, 1)
        change = QPushButton("Change on Clause wording…")
        change.setAccessibleName("Change on Clause wording")
        change.setAccessibleDescription(f"Opens the Clause wording page on “{title}”")
        change.clicked.connect(lambda _=False, k=clause.id: self.open_wording_requested.emit(k))
        library_line.addWidget(change)
        library.hide()
        layout.addWidget(library)
        if clause.guidance:
            guidance = plain_label(QLabel(clause.guidance))
            guidance.setObjectName("groupNote")
            guidance.setWordWrap(True)
            layout.addWidget(guidance)
        wording = WordingView()
        wording.setAccessibleName(f"Wording of {title}")
        layout.addWidget(wording)
        message = plain_label(QLabel())
        message.setObjectName("fieldMessage")
        message.setProperty("level", "error")
        message.setWordWrap(True)
        message.hide()
        layout.addWidget(message)
        self.rows_box.addWidget(box)
        box.show()  # at once, not on the next event loop turn, so the row is drawn complete
        return _Row(clause, combo, wording, message, library, library_note)

    # --- drawing ---------------------------------------------------------------------------

    def chosen(self, clause_id: str) -> str:
        """Return the variant the agreement chooses for a clause (standard when none)."""
        choices = self.document.value(("clause_variants",), {}) or {}
        value = choices.get(clause_id, STANDARD) if isinstance(choices, dict) else STANDARD
        return str(value)

    def _show_row(self, row: _Row, context: ClauseContext | None) -> None:
        choice = read_choice(self.document.value((CHOICES_KEY, row.clause.id)))
        row.library.setVisible(choice is not None)
        row.combo.setVisible(choice is None)
        if choice is not None:
            self._show_library_choice(row, choice, context)
            return
        variant = self.chosen(row.clause.id)
        self._updating = True
        try:
            count = len(row.clause.variants)
            while row.combo.count() > count:  # drop an unknown choice the user has replaced
                row.combo.removeItem(count)
            if variant not in row.clause.variants:
                row.combo.addItem(f"{variant} (not in this template pack)", variant)
            row.combo.setCurrentIndex(row.combo.findData(variant))
        finally:
            self._updating = False
        if variant not in row.clause.variants:
            known = ", ".join(variant_label(name) for name in row.clause.variants)
            pack = self._pack.name if self._pack is not None else "this"
            row.message.setText(
                f"The agreement chooses the wording “{variant}”, which the {pack} template "
                f"pack does not have, so the contract cannot be produced; choose {known}."
            )
            row.message.show()
            row.wording.hide()
            return
        row.message.hide()
        row.wording.show()
        body = row.clause.variants[variant]
        rendered = self._render(row.clause, variant, body, context)
        shown = f"raw:{body}" if rendered is None else rendered
        if shown == row.shown:
            return  # unchanged: keep the reader's scroll position in the box
        row.shown = shown
        if rendered is None:
            row.wording.setPlainText(body.strip())
        else:
            row.wording.setHtml(rendered)
        row.wording.fit_height()

    def _show_library_choice(
        self, row: _Row, choice: Choice, context: ClauseContext | None
    ) -> None:
        """Say that a library choice fills the slot, and show its text, not a pack variant."""
        row.library_note.setText(
            f"Uses {describe_choice(choice)}, chosen on the Clause wording page; the template "
            "pack's variants do not apply while it does. Change or remove it there."
        )
        row.message.hide()
        row.wording.show()
        rendered = render_text(context, row.clause, choice.text).html
        shown = f"raw:{choice.text}" if rendered is None else rendered
        if shown == row.shown:
            return
        row.shown = shown
        if rendered is None:
            row.wording.setPlainText(choice.text.strip())
        else:
            row.wording.setHtml(rendered)
        row.wording.fit_height()

    def _render_context(self) -> ClauseContext | None:
        return preview_context(self.document)

    def _render(
        self, clause: Clause, variant: str, body: str, context: ClauseContext | None
    ) -> str | None:
        """Render one variant as the contract will say it, as HTML; None when it fails."""
        return render_wording(context, clause, variant, body).html

    def _check(self, agreement: Agreement) -> list[Issue]:
        """Check the wording choices against the agreement's pack (run by the EditedAgreement)."""
        try:
            pack = self.context.pack(agreement.template)
        except (PackError, OSError):
            return []  # the pack's own problem is shown where the pack is used
        return variant_issues(agreement, pack)

    def _offers_choice(self, clause_id: str) -> bool:
        """Tell whether a clause's row shows its choice (and says there what is wrong)."""
        if self.row_for(clause_id) is None:
            return False
        return read_choice(self.document.value((CHOICES_KEY, clause_id))) is None

    def _unshown(self) -> list[str]:
        """Return the clause ids of choices the pack lacks that no row here offers to change.

        They come from the check's issues, made from the validated agreement: the raw draft
        may hold anything a hand-edited file put there.
        """
        bad = [
            choice_id(issue.path)
            for issue in self.document.issues_at(("clause_variants",), below=True)
            if issue.section == CHECK_SECTION
        ]
        return [clause_id for clause_id in bad if not self._offers_choice(clause_id)]

    def _show_problems(self) -> None:
        said = {  # a clause whose row offers the choice says it under that choice
            format_path(("clause_variants", row.clause.id))
            for row in self.rows
            if self._offers_choice(row.clause.id)
        }
        issues = [
            issue
            for issue in self.document.issues_at(("clause_variants",), below=True)
            if issue.path not in said
        ]
        self.problems.setText("\n".join(issue.message for issue in issues))
        self.problems.setVisible(bool(issues))
        self.standard_button.setVisible(bool(self._unshown()))

    def _on_standard_button_clicked(self) -> None:
        stack = self.document.undo_stack
        stack.beginMacro("Standard wording instead of choices the template pack does not have")
        try:
            for clause_id in self._unshown():
                self.document.remove_value(("clause_variants", clause_id))
        finally:
            stack.endMacro()

    # --- reacting ----------------------------------------------------------------------------

    def _on_activated(self, combo: QComboBox, clause_id: str, index: int) -> None:
        if self._updating:
            return
        variant = combo.itemData(index)
        title = combo.accessibleName()
        path = ("clause_variants", clause_id)
        if variant == STANDARD:
            self.document.remove_value(path, text=f"Standard wording of {title}")
        else:
            self.document.set_value(
                path, variant, merge=False, text=f"{variant_label(str(variant))} wording of {title}"
            )

    def _on_document_changed(self, path: tuple[Any, ...]) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def _on_document_checked(self) -> None:
        if self.isVisible():
            self._show_problems()

    def _on_document_reset(self) -> None:
        self._shape = None
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        """Catch up with edits made while the page was hidden."""
        if self._stale:
            self.refresh()
        super().showEvent(event)
