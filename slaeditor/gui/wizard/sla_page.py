"""What every wizard page shares: a scrolling form of bound fields, problems, and Next.

A page lists the field paths it owns as patterns; an error reported at one of those paths
keeps Next disabled and is named in the banner at the top of the page, and the same message
sits under the field itself. Warnings never block.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from slaeditor.gui.editing.columns import Column
from slaeditor.gui.editing.date_field import DateField
from slaeditor.gui.editing.fields import (
    CheckField,
    ChoiceField,
    Field,
    LineField,
    LinesField,
    TextField,
)
from slaeditor.gui.editing.history_keys import commit_typing
from slaeditor.gui.editing.scope import Scope
from slaeditor.gui.editing.table_field import TableField
from slaeditor.gui.editing.typed_values import (
    duration_reading,
    duration_text,
    duration_value,
    optional_value,
)
from slaeditor.gui.plain_text import plain_label
from slaeditor.storage.messages import parse_path

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from PySide6.QtGui import QShowEvent

    from slaeditor.gui.context import AppContext
    from slaeditor.gui.editing.edited_agreement import EditedAgreement, Path_
    from slaeditor.model.validation import Issue

__all__ = ["Column", "SlaPage"]

LABEL_WIDTH = 150
"""Labels share one width on every page, so fields line up from box to box."""


class SlaPage(QWizardPage):
    """A wizard page editing one part of the agreement."""

    key: ClassVar[str] = ""
    heading: ClassVar[str] = ""
    step: ClassVar[str] = ""
    """A short name for the step list; the heading when empty."""
    intro: ClassVar[str] = ""
    sections: ClassVar[tuple[str, ...]] = ()
    """The template pack's contract sections this page writes, for the preview to show."""
    patterns: ClassVar[tuple[str, ...]] = ()
    """Regular expressions over field paths ("^provider\\.") that this page owns."""

    def __init__(self, context: AppContext, document: EditedAgreement) -> None:
        super().__init__()
        self.context = context
        self.document = document
        self.fields: list[Field] = []
        self._compiled = [re.compile(pattern) for pattern in self.page_patterns()]
        self._stale = True
        self.setObjectName(f"page-{self.key}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        # Heading and intro are ordinary labels: QWizard's own subtitle is cut after two lines.
        self.heading_label = QLabel(self.heading)
        self.heading_label.setObjectName("pageHeading")
        outer.addWidget(self.heading_label)
        self.intro_label = QLabel(self.intro)
        self.intro_label.setObjectName("pageIntro")
        self.intro_label.setWordWrap(True)
        self.intro_label.setVisible(bool(self.intro))
        outer.addWidget(self.intro_label)
        self.banner = plain_label(QLabel())  # messages quote what the file said
        self.banner.setObjectName("pageProblems")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.hide()
        outer.addWidget(self.banner)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area = scroll
        content = QWidget()
        self.content = content
        content.setObjectName("pageContent")
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(4, 4, 12, 12)
        self.body.setSpacing(14)
        scroll.setWidget(content)
        outer.addWidget(scroll, 1)
        document.changed.connect(self._on_document_changed)
        document.checked.connect(self._on_document_checked)
        document.reset.connect(self._on_document_reset)

    def search_box(self) -> QLineEdit | None:
        """Return the page's search box, which Ctrl+F goes to (most pages have none)."""
        return None

    def form_width(self) -> int:
        """Return the width the page's form needs to show without sideways scrolling."""
        return self.content.minimumSizeHint().width()

    def page_patterns(self) -> tuple[str, ...]:
        """Return the path patterns this page owns."""
        return self.patterns

    # --- the contract with the wizard ----------------------------------------------------

    def load_from(self, document: EditedAgreement) -> None:
        """Show the agreement's values in every field of the page."""
        for field in self.fields:
            field.refresh()
        self._stale = False
        self._show_banner()

    def apply_to(self, document: EditedAgreement) -> None:
        """Finish an edit still open in a table cell; fields write every other edit at once."""
        focus = self.focusWidget()
        if focus is not None:
            focus.clearFocus()

    def owns(self, path: str) -> bool:
        """Tell whether a field path belongs on this page."""
        return any(pattern.search(path) for pattern in self._compiled)

    def blocking_issues(self) -> list[Issue]:
        """Return the errors on this page, which keep Next disabled."""
        return [issue for issue in self.document.result.errors if self.owns(issue.path)]

    def shown_issues(self) -> list[Issue]:
        """Return the errors on this page that are shown (a new draft shows them gradually)."""
        return [issue for issue in self.blocking_issues() if self.document.shown(issue)]

    def isComplete(self) -> bool:
        """Let the user go on only when no error shown on this page is left."""
        return not self.shown_issues()

    def validatePage(self) -> bool:
        """On Next, show the problems a new draft was keeping quiet, and stay if there are any.

        A jump through the step list (the wizard's go_to) passes every page. What is being
        typed is stored first (Next may be pressed without leaving the field: Alt+N).
        """
        commit_typing()
        if getattr(self.wizard(), "jumping", False):
            return True
        blocking = self.blocking_issues()
        if blocking:
            self.document.reveal(*(issue.path for issue in blocking))
            return False
        return True

    def focus_path(self, path: str) -> bool:
        """Show and focus the field for a problem's path; False if the page has none."""
        loc = parse_path(path)
        field = self._field_for(loc)
        if field is None:
            return False
        self.scroll_area.ensureWidgetVisible(field)
        field.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def label_for(self, path: str) -> str:
        """Return the label of the field a path is edited in ("" when the page has none).

        A terms page shows one level at a time, so a path on another level (a service's
        override) is matched by what follows the level: the same field on this page.
        """
        loc = parse_path(path)
        field = self._field_for(loc)
        if field is None:
            start = 3 if loc[2:3] == ("overrides",) else 1 if loc[:1] == ("terms",) else 0
            rest = loc[start:]
            matching = [f for f in self.fields if f.rel and rest[: len(f.rel)] == tuple(f.rel)]
            field = max(matching, key=lambda f: len(f.rel), default=None)
        return field.label if field is not None else ""

    def _field_for(self, loc: Path_) -> Field | None:
        best: Field | None = None
        for field in self.fields:
            path = field.path
            if loc[: len(path)] == path and (best is None or len(path) > len(best.path)):
                best = field
        return best

    # --- building the form ---------------------------------------------------------------

    def group(self, title: str, note: str = "") -> QFormLayout:
        """Add a titled box of labelled fields and return its form layout."""
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setVerticalSpacing(8)
        if note:
            text = QLabel(note)
            text.setObjectName("groupNote")
            text.setWordWrap(True)
            form.addRow(text)
        self.body.addWidget(box)
        return form

    def add(self, form: QFormLayout, field: Field, *, label: bool = True) -> Field:
        """Place a field in a form (with its label as the editor's buddy) and track it."""
        if label and not isinstance(field, CheckField):
            text = QLabel(field.label + ":")
            text.setBuddy(field.editor)
            text.setObjectName("fieldLabel")
            text.setMinimumWidth(LABEL_WIDTH)
            text.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            form.addRow(text, field)
        else:
            form.addRow("", field)
        self.fields.append(field)
        return field

    def scope_for(self, scope: Scope | None) -> Scope:
        """Return the scope fields use when none is given (plain paths)."""
        return scope or Scope()

    def line(
        self, form: QFormLayout, label: str, rel: Path_, *, scope: Scope | None = None, **kw: Any
    ) -> LineField:
        """Add a one-line text field."""
        field = LineField(self.document, self.scope_for(scope), rel, label, **kw)
        self.add(form, field)
        return field

    def number(
        self, form: QFormLayout, label: str, rel: Path_, *, scope: Scope | None = None, **kw: Any
    ) -> LineField:
        """Add a number (or percentage, or amount) typed as text; empty means not set.

        Like a duration it is stored when the field is left (or Enter): "9" on the way to
        "99.9" never reaches the document, its checks or the undo history.
        """
        field = LineField(
            self.document,
            self.scope_for(scope),
            rel,
            label,
            to_value=optional_value,
            decide_on_leave=True,
            **kw,
        )
        self.add(form, field)
        return field

    def duration(
        self, form: QFormLayout, label: str, rel: Path_, *, scope: Scope | None = None, **kw: Any
    ) -> LineField:
        """Add a duration typed as "4h", "30 min", "1d 2h" or minutes.

        It is stored when the field is left (or Enter): "4" on the way to "4h" is never
        stored as four minutes. A hint says what the text means while it is typed.
        """
        kw.setdefault("placeholder", "e.g. 4h, 30 min, 1d")
        field = LineField(
            self.document,
            self.scope_for(scope),
            rel,
            label,
            to_text=duration_text,
            to_value=duration_value,
            decide_on_leave=True,
            reading=duration_reading,
            **kw,
        )
        self.add(form, field)
        return field

    def text(
        self, form: QFormLayout, label: str, rel: Path_, *, scope: Scope | None = None, **kw: Any
    ) -> TextField:
        """Add a multi-line text field."""
        field = TextField(self.document, self.scope_for(scope), rel, label, **kw)
        self.add(form, field)
        return field

    def lines(
        self, form: QFormLayout, label: str, rel: Path_, *, scope: Scope | None = None, **kw: Any
    ) -> LinesField:
        """Add a list of short entries typed one per line."""
        kw.setdefault("placeholder", "One per line")
        field = LinesField(self.document, self.scope_for(scope), rel, label, **kw)
        self.add(form, field)
        return field

    def choice(
        self,
        form: QFormLayout,
        label: str,
        rel: Path_,
        choices: Sequence[tuple[Any, str]],
        *,
        scope: Scope | None = None,
        **kw: Any,
    ) -> ChoiceField:
        """Add a drop-down of fixed values with plain-English labels."""
        field = ChoiceField(self.document, self.scope_for(scope), rel, label, choices, **kw)
        self.add(form, field)
        return field

    def check(
        self, form: QFormLayout, label: str, rel: Path_, *, scope: Scope | None = None, **kw: Any
    ) -> CheckField:
        """Add a yes/no check box."""
        field = CheckField(self.document, self.scope_for(scope), rel, label, **kw)
        self.add(form, field)
        return field

    def date(
        self, form: QFormLayout, label: str, rel: Path_, *, scope: Scope | None = None, **kw: Any
    ) -> DateField:
        """Add a date picker."""
        field = DateField(self.document, self.scope_for(scope), rel, label, **kw)
        self.add(form, field)
        return field

    def table(
        self,
        form: QFormLayout,
        label: str,
        rel: Path_,
        columns: Sequence[Column],
        *,
        scope: Scope | None = None,
        new_row: Callable[[list[dict[str, Any]]], dict[str, Any]] | None = None,
        **kw: Any,
    ) -> TableField:
        """Add a table of records with row buttons, spanning the form's width."""
        field = TableField(
            self.document, self.scope_for(scope), rel, label, columns, new_row=new_row, **kw
        )
        caption = QLabel(field.label + ":")
        caption.setBuddy(field.table)
        caption.setObjectName("fieldLabel")
        form.addRow(caption)
        form.addRow(field)
        self.fields.append(field)
        return field

    # --- reacting to the document --------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Catch up with edits made while the page was hidden."""
        if self._stale:
            self.load_from(self.document)
        super().showEvent(event)

    def _on_document_changed(self, path: tuple[Any, ...]) -> None:
        if self.isVisible():
            for field in self.fields:
                field.refresh()
        else:
            self._stale = True

    def _on_document_checked(self) -> None:
        # No completeChanged here: QWizard answers it by hiding the page while it updates its
        # buttons, which throws the keyboard focus out of the field being typed in. The
        # wizard enables Next itself (SlaWizard.update_buttons).
        if self.isVisible():
            for field in self.fields:
                field.show_issues()
            self._show_banner()

    def _on_document_reset(self) -> None:
        self._stale = True
        if self.isVisible():
            self.load_from(self.document)

    def _show_banner(self) -> None:
        issues = self.shown_issues()
        if not issues:
            self.banner.hide()
            return
        count = len(issues)
        lines = [
            f"Fix {'this problem' if count == 1 else f'these {count} problems'} to go on:",
            *(f"• {self.describe(issue)}" for issue in issues[:5]),
        ]
        if count > 5:
            lines.append(f"… and {count - 5} more, marked in red below.")
        self.banner.setText("\n".join(lines))
        self.banner.show()

    def describe(self, issue: Issue) -> str:
        """Name a problem by its field's label when the page has one, else by its path."""
        field = self._field_for(parse_path(issue.path))
        if field is not None:
            return f"{field.label}: {issue.message}"
        return f"{issue.path}: {issue.message}"
