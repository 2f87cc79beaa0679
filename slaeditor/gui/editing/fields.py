"""Form fields bound to a path of the document: edit, show problems, show inheritance.

A field writes every user edit to the document at once (as an undoable command) and redraws
itself from the document whenever it changes, so undo, redo and the other pages always agree
with what is on screen. Under the editor it shows the model's message for its path and, on a
level that inherits, whether the value is inherited or set here, with a one-click reset.

Durations and numbers are the exception: their text means something only once it is complete
("4" on the way to "4h" is not four minutes, "9" on the way to "99.9" is not a target), so they
are stored when the field is left or Enter is pressed; meanwhile a hint says what the text will
mean and the page's live figures follow the typed text (the `typing` signal).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from slaeditor.gui.editing.history_keys import (
    typing_finished,
    typing_started,
    use_window_history,
)
from slaeditor.gui.editing.scope import Scope
from slaeditor.gui.editing.typed_values import label_text, plain_text

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from slaeditor.gui.editing.edited_agreement import EditedAgreement, Path_
    from slaeditor.model.validation import Issue


class Field(QWidget):
    """One bound value: an editor, its problems and (on an overriding level) its origin."""

    def __init__(
        self,
        document: EditedAgreement,
        scope: Scope,
        rel: Path_,
        label: str,
        editor: QWidget,
        *,
        help_text: str = "",
    ) -> None:
        super().__init__()
        self.document = document
        self.scope = scope
        self.rel = rel
        self.label = label_text(label)
        self.editor = editor
        editor.installEventFilter(self)
        self._updating = False
        self._committing = False
        """True while this field's own edit goes through the document (and back to it)."""
        editor.setAccessibleName(self.label)
        for inner in editor.findChildren(QLineEdit):  # a date edit's own text box
            if not inner.accessibleName():
                inner.setAccessibleName(self.label)
        if help_text:
            editor.setToolTip(help_text)
            editor.setAccessibleDescription(help_text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        row = self.editor_row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(editor, 1)
        self.hint = QLabel()
        self.hint.setObjectName("fieldHint")
        self.hint.hide()
        row.addWidget(self.hint)
        self.reset_button = QToolButton()
        self.reset_button.setText("Reset")
        self.reset_button.setObjectName("resetButton")
        self.reset_button.setAccessibleName(f"Reset {self.label} to the inherited value")
        self.reset_button.setToolTip("Use the value from the level above again")
        self.reset_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.reset_button.clicked.connect(self._on_reset_clicked)
        self.reset_button.hide()
        row.addWidget(self.reset_button)
        layout.addLayout(row)
        self.origin = QLabel()
        self.origin.setObjectName("fieldOrigin")
        self.origin.hide()
        layout.addWidget(self.origin)
        self.message = QLabel()
        self.message.setObjectName("fieldMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        layout.addWidget(self.message)

    def set_label(self, label: str) -> None:
        """Change the visible label (e.g. to show the currency) and the accessible name."""
        self.label = label_text(label)
        self.editor.setAccessibleName(self.label)
        buddy = self.label_widget()
        if buddy is not None:
            buddy.setText(self.label + ":")

    def label_widget(self) -> QLabel | None:
        """Return the label placed beside this field, if the page gave it one."""
        parent = self.parentWidget()
        if parent is None:
            return None
        for label in parent.findChildren(QLabel):
            if label.buddy() is self.editor:
                return label
        return None

    @property
    def path(self) -> Path_:
        """The absolute path this field writes to at the current level."""
        return self.scope.path(self.rel)

    def set_scope(self, scope: Scope) -> None:
        """Point the field at another level (the page's "Applies to" choice) and redraw.

        Text typed and not stored yet goes to the level it was typed at, first.
        """
        self.finish_typing()
        self.scope = scope
        self.refresh()

    def refresh(self) -> None:
        """Redraw the editor, origin marker and messages from the document."""
        value, source = self.scope.read(self.document, self.rel)
        self._updating = True
        try:
            self.show_value(value)
        finally:
            self._updating = False
        self._show_origin(source is not None)
        self.show_issues()

    def show_issues(self) -> None:
        """Show the first problem reported at this field under it, errors before warnings."""
        issues = self.issues()
        level = ""
        if issues:
            first = issues[0]
            level = str(first.level)
            more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
            self.message.setText(_sentence(first.message) + more)
            self.message.setProperty("level", level)
            repolish(self.message)
        self.message.setVisible(bool(issues))
        if self.editor.property("issue") != level:
            self.editor.setProperty("issue", level)
            repolish(self.editor)

    def issues(self) -> list[Issue]:
        """Return the problems shown at this field's path, errors first."""
        return [i for i in self.document.issues_at(self.path, below=True) if self.document.shown(i)]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Show the field's problems once the user has been in it and left."""
        if event.type() == QEvent.Type.FocusOut:
            self.document.reveal(self.path)
        return super().eventFilter(watched, event)

    def commit(self, value: Any, *, merge: bool = True) -> None:
        """Write a user's edit; ignored while the field redraws itself."""
        if self._updating:
            return
        self._committing = True
        try:
            self.document.set_value(self.path, value, merge=merge, text=f"Edit {self.label}")
        finally:
            self._committing = False

    def show_value(self, value: Any) -> None:
        """Put a stored value into the editor; subclasses convert it."""
        raise NotImplementedError

    def finish_typing(self) -> None:
        """Store what was typed and not stored yet (most fields store every key at once)."""

    def _show_origin(self, inherited: bool) -> None:
        if not self.scope.inherits:
            self.origin.hide()
            self.reset_button.hide()
            return
        if inherited:
            _, source = self.scope.read(self.document, self.rel)
            where = source.name if source is not None else "the level above"
            self.origin.setText(f"Inherited from {where}")
        else:
            self.origin.setText(f"Set for {self.scope.name}")
        self.origin.setProperty("inherited", inherited)
        self.editor.setProperty("inherited", inherited)
        repolish(self.origin)
        repolish(self.editor)
        self.origin.show()
        self.reset_button.setVisible(not inherited)

    def _on_reset_clicked(self) -> None:
        self.document.remove_value(self.path, text=f"Reset {self.label}")


class LineField(Field):
    """A one-line value: text, a number, a percentage, money or a duration.

    With `decide_on_leave` (durations, numbers) the text is stored when the field is left or
    Enter is pressed, not at every key; `reading` then says, while the user types, what the
    text will mean ("4" → "means 4 minutes"), a `hint` follows the typed text, and `typing`
    carries the text to whatever shows figures derived from it.
    """

    typing = Signal(str)
    """The text typed so far, not stored yet (decide_on_leave fields only)."""

    def __init__(
        self,
        document: EditedAgreement,
        scope: Scope,
        rel: Path_,
        label: str,
        *,
        to_text: Callable[[Any], str] = plain_text,
        to_value: Callable[[str], Any] = str,
        placeholder: str = "",
        help_text: str = "",
        hint: Callable[[Any], str] | None = None,
        decide_on_leave: bool = False,
        reading: Callable[[str], str] | None = None,
    ) -> None:
        self.line = QLineEdit()
        self.line.setPlaceholderText(placeholder)
        use_window_history(self.line)
        super().__init__(document, scope, rel, label, self.line, help_text=help_text)
        self.to_text = to_text
        self.to_value = to_value
        self._hint = hint
        self.decide_on_leave = decide_on_leave
        self._reading = reading
        self.typed = False
        """True while the box holds text typed since the document last heard from it."""
        self.line.textEdited.connect(self._on_text_edited)
        self.line.editingFinished.connect(self._on_editing_finished)

    def show_value(self, value: Any) -> None:
        """Show the value, but never rewrite what the user is typing.

        While the field's own edit comes back from the document, or while it holds typed text
        not stored yet, the text stays as typed ("4" on the way to "4h" must not become
        "4 min" under the cursor, nor go back to the stored value when another field changes);
        undo and redo store the typed text first, then replace it. The typed text takes its
        usual form when the field is left (editingFinished).
        """
        if not self._committing and not self.typed:
            text = self.to_text(value)
            if self.line.text() != text and self.to_value(self.line.text()) != value:
                self.line.setText(text)
                self.line.setCursorPosition(0)
                self.typed = False
                typing_finished(self)
        self._show_hint(value)

    def typed_value(self) -> tuple[bool, Any]:
        """Return (True, the value the typed text will store) while text waits to be stored."""
        if not self.typed:
            return False, None
        return True, self.to_value(self.line.text())

    def _show_hint(self, value: Any) -> None:
        if self.typed and self._reading is not None:
            text = self._reading(self.line.text())
        elif self.typed and self._hint is not None:
            typed = self.to_value(self.line.text())
            text = self._hint(typed) if typed not in (None, "") else ""
        elif self._hint is not None:
            text = self._hint(value) if value not in (None, "") else ""
        else:
            text = ""
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def finish_typing(self) -> None:
        """Store the typed text now (the field is left, or Save or Undo acts meanwhile)."""
        if not self.typed:
            return
        self.typed = False
        typing_finished(self)
        value, _ = self.scope.read(self.document, self.rel)
        text = self.line.text()
        if text != self.to_text(value) and self.to_value(text) != value:
            self.commit(self.to_value(text), merge=False)
        self._show_hint(self.scope.read(self.document, self.rel)[0])

    def _on_text_edited(self, text: str) -> None:
        if self.decide_on_leave:
            self.typed = True
            typing_started(self)
            self._show_hint(None)
            self.typing.emit(text)
            return
        self.commit(self.to_value(text))

    def _on_editing_finished(self) -> None:
        """Store what was typed, shown in its usual form once the field is left ("240" → "4h")."""
        self.finish_typing()
        value, _ = self.scope.read(self.document, self.rel)
        text = self.to_text(value)
        if self.to_value(self.line.text()) == value and self.line.text() != text:
            self.line.setText(text)


class TextField(Field):
    """Several lines of free text (descriptions, definitions, evidence)."""

    def __init__(
        self,
        document: EditedAgreement,
        scope: Scope,
        rel: Path_,
        label: str,
        *,
        lines: int = 3,
        placeholder: str = "",
        help_text: str = "",
    ) -> None:
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setUndoRedoEnabled(False)
        use_window_history(self.text)
        self.text.setPlaceholderText(placeholder)
        height = self.text.fontMetrics().lineSpacing() * lines + 14
        self.text.setFixedHeight(height)
        super().__init__(document, scope, rel, label, self.text, help_text=help_text)
        self.text.textChanged.connect(self._on_text_changed)

    def show_value(self, value: Any) -> None:
        """Show the text without moving the cursor when nothing changed."""
        text = plain_text(value)
        if self.text.toPlainText() != text:
            self.text.setPlainText(text)

    def _on_text_changed(self) -> None:
        self.commit(self.text.toPlainText())


class LinesField(TextField):
    """A list of short entries typed one per line (channels, obligations)."""

    def show_value(self, value: Any) -> None:
        """Show one entry per line; keep what is being typed if it means the same list."""
        items = [str(item) for item in value or []]
        if _lines(self.text.toPlainText()) != items:
            self.text.setPlainText("\n".join(item.replace("\n", " ") for item in items))

    def _on_text_changed(self) -> None:
        self.commit(_lines(self.text.toPlainText()))


class ChoiceField(Field):
    """One value from a fixed list, shown with plain-English labels."""

    def __init__(
        self,
        document: EditedAgreement,
        scope: Scope,
        rel: Path_,
        label: str,
        choices: Sequence[tuple[Any, str]],
        *,
        help_text: str = "",
    ) -> None:
        self.combo = QComboBox()
        # Shrink with the window (long choices are elided) instead of widening the page.
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(16)
        super().__init__(document, scope, rel, label, self.combo, help_text=help_text)
        self.set_choices(choices)
        self.combo.activated.connect(self._on_activated)

    def set_choices(self, choices: Sequence[tuple[Any, str]]) -> None:
        """Replace the list (e.g. the calendars defined so far), keeping the selection."""
        self._updating = True
        try:
            self.combo.clear()
            for value, text in choices:
                self.combo.addItem(text, value)
        finally:
            self._updating = False

    def show_value(self, value: Any) -> None:
        """Select the value; an unknown value is shown as itself so nothing is hidden."""
        index = self.combo.findData(value)
        if index < 0:
            self.combo.addItem(f"{value} (not in the list)", value)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)

    def _on_activated(self, index: int) -> None:
        self.commit(self.combo.itemData(index))


class CheckField(Field):
    """A yes/no choice; the check box carries its own label."""

    def __init__(
        self,
        document: EditedAgreement,
        scope: Scope,
        rel: Path_,
        label: str,
        *,
        help_text: str = "",
    ) -> None:
        self.box = QCheckBox(label)
        super().__init__(document, scope, rel, label, self.box, help_text=help_text)
        self.box.toggled.connect(self._on_toggled)

    def show_value(self, value: Any) -> None:
        """Tick the box for a true value."""
        self.box.setChecked(bool(value))

    def _on_toggled(self, checked: bool) -> None:
        self.commit(checked)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _sentence(message: str) -> str:
    """Start a field message with a capital, as the label above says what it is about."""
    return message[:1].upper() + message[1:] if message else message


def repolish(widget: QWidget) -> None:
    """Apply a changed dynamic property to the style sheet."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


__all__ = [
    "CheckField",
    "ChoiceField",
    "Field",
    "LineField",
    "LinesField",
    "Scope",
    "TextField",
    "repolish",
]
