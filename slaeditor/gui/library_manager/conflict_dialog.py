"""Ask what to do when a library file changed on disk since it was loaded (a colleague saved it).

Nobody's edit may be overwritten silently, so the save stops and this dialog lists every clause
the other save added, removed or changed, with its diff, and the user chooses: overwrite with
mine (their listed changes are lost, knowingly), reload theirs (my unsaved changes to that file
are dropped, knowingly), or cancel (nothing is written; my edits stay unsaved). The manager
also offers "Keep both" (`ask_about_conflict(merge=True)`: the core's clause-by-clause merge).

The dialog only needs the conflict's path and changes, so it is typed against a small protocol
that `slaeditor.clauses.library.LibraryConflict` satisfies; both GUI windows that save libraries
(the library manager and the wizard's "Save to library") use it. While it is open it is the
window's `last_prompt`, like the message boxes in gui/files.py, so tests can answer it.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from slaeditor.gui.plain_text import plain_label, plain_tip
from slaeditor.gui.style import tones

if TYPE_CHECKING:
    from collections.abc import Sequence

Choice = Literal["overwrite", "reload", "cancel"]
FullChoice = Literal["overwrite", "reload", "merge", "cancel"]

_KIND_WORDS = {"added": "added by the other save", "removed": "removed by the other save"}
_SHORT = {"added": "added", "removed": "removed"}
_HEADERS = ("--- as you opened it", "+++ as saved by the other person")


class ClauseChangeLike(Protocol):
    """One clause the other save touched (slaeditor.clauses.library.ClauseChange)."""

    @property
    def clause_id(self) -> str: ...  # noqa: D102 (the protocol's fields are the contract's)

    @property
    def kind(self) -> str: ...  # noqa: D102

    @property
    def diff(self) -> str: ...  # noqa: D102


class LibraryConflictLike(Protocol):
    """A save refused because the file changed (slaeditor.clauses.library.LibraryConflict)."""

    @property
    def path(self) -> Path: ...  # noqa: D102

    @property
    def changes(self) -> Sequence[ClauseChangeLike]: ...  # noqa: D102


class DiffHighlighter(QSyntaxHighlighter):
    """Colour a unified diff: added lines green, removed lines red, hunk headers grey.

    Both diffs a drafter reads use it: a colleague's save here, edited text against the
    library's in clause_picker_diff.py.
    """

    def __init__(self, parent: QPlainTextEdit) -> None:
        super().__init__(parent.document())
        self._formats: dict[str, QTextCharFormat] = {}
        shades = tones()
        for mark, background in (
            ("+", shades.good_tint),
            ("-", shades.error_tint),
            ("@", shades.neutral_tint),
        ):
            text_format = QTextCharFormat()
            text_format.setBackground(QColor(background))
            self._formats[mark] = text_format

    def highlightBlock(self, text: str) -> None:
        """Colour one line of the diff by its first character (file headers stay plain)."""
        if text.startswith(("+++", "---")):
            return
        text_format = self._formats.get(text[:1])
        if text_format is not None:
            self.setFormat(0, len(text), text_format)


class ConflictDialog(QDialog):
    """The changed clauses on the left, the selected one's diff on the right, three choices."""

    def __init__(
        self,
        parent: QWidget | None,
        conflict: LibraryConflictLike,
        *,
        overwrite_text: str = "Overwrite with mine",
        reload_text: str = "Reload theirs",
        merge_text: str = "",
    ) -> None:
        super().__init__(parent)
        self.choice: FullChoice = "cancel"
        self._changes = list(conflict.changes)
        self.setWindowTitle("The library was changed by someone else")
        self.setMinimumSize(760, 460)
        layout = QVBoxLayout(self)
        count = len(self._changes)
        heading = QLabel(
            f"<b>{html.escape(Path(conflict.path).name)}</b> was saved by someone else after you "
            "opened it "
            f"({count} clause{'s' if count != 1 else ''} changed). Nothing has been written yet."
        )
        heading.setTextFormat(Qt.TextFormat.RichText)  # the file name is escaped
        heading.setWordWrap(True)
        layout.addWidget(heading)
        where = plain_label(QLabel(str(conflict.path)))
        where.setObjectName("groupNote")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(where)
        layout.addWidget(self._build_split(), 1)
        merge = (
            f"<b>{merge_text}</b> keeps their changes and yours (where you both changed a clause, "
            "yours is kept and named) without saving yet. "
            if merge_text
            else ""
        )
        explain = QLabel(
            f"{merge}<b>{overwrite_text}</b> replaces the file with your version: the changes "
            f"listed above are lost. <b>{reload_text}</b> loads their version: your unsaved "
            "changes to this file are lost. <b>Cancel</b> writes nothing and keeps your changes."
        )
        explain.setTextFormat(Qt.TextFormat.RichText)  # the button names are our own words
        explain.setWordWrap(True)
        layout.addWidget(explain)
        layout.addLayout(self._build_buttons(overwrite_text, reload_text, merge_text))
        if self._changes:
            self.changes_list.setCurrentRow(0)

    def _build_split(self) -> QSplitter:
        split = QSplitter()
        split.setChildrenCollapsible(False)
        self.changes_list = QListWidget()
        self.changes_list.setAccessibleName("Changed clauses")
        self.changes_list.setMinimumWidth(220)
        for change in self._changes:
            words = _KIND_WORDS.get(change.kind, "changed by the other save")
            item = QListWidgetItem(f"{change.clause_id} ({_SHORT.get(change.kind, 'changed')})")
            item.setToolTip(plain_tip(f"Clause {change.clause_id} was {words}."))
            self.changes_list.addItem(item)
        self.changes_list.currentRowChanged.connect(self._on_changes_list_current_row_changed)
        split.addWidget(self.changes_list)
        self.diff_view = QPlainTextEdit()
        self.diff_view.setReadOnly(True)
        self.diff_view.setAccessibleName("Their changes")
        self.diff_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        fixed.setStyleHint(QFont.StyleHint.Monospace)
        self.diff_view.setFont(fixed)
        self._highlighter = DiffHighlighter(self.diff_view)
        split.addWidget(self.diff_view)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setSizes([240, 520])
        return split

    def _build_buttons(self, overwrite_text: str, reload_text: str, merge_text: str) -> QHBoxLayout:
        """One row, right-aligned, safest first; Cancel is the default (Enter writes nothing)."""
        row = QHBoxLayout()
        row.addStretch(1)
        self.buttons: dict[FullChoice, QPushButton] = {}
        texts: list[tuple[FullChoice, str]] = [
            ("merge", merge_text),
            ("reload", reload_text),
            ("overwrite", overwrite_text),
            ("cancel", "Cancel"),
        ]
        for choice, text in texts:
            if not text:
                continue
            button = QPushButton(text)
            button.setAccessibleName(text)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, choice=choice: self._choose(choice))
            self.buttons[choice] = button
            row.addWidget(button)
        self.buttons["cancel"].setDefault(True)
        return row

    def _choose(self, choice: FullChoice) -> None:
        self.choice = choice
        if choice == "cancel":
            self.reject()
        else:
            self.accept()

    def changed_clause_ids(self) -> list[str]:
        """Return the ids listed, in order (what the user is shown)."""
        return [change.clause_id for change in self._changes]

    def _on_changes_list_current_row_changed(self, row: int) -> None:
        if 0 <= row < len(self._changes):
            change = self._changes[row]
            lines = change.diff.strip("\n").splitlines()
            if lines[:2] == ["--- before", "+++ after"]:  # the core's unified-diff labels
                lines[:2] = _HEADERS
            text = "\n".join(lines) or f"Clause {change.clause_id} was {change.kind}."
            self.diff_view.setPlainText(text)
        else:
            self.diff_view.clear()


def resolve_conflict(
    parent: QWidget,
    conflict: LibraryConflictLike,
    *,
    overwrite_text: str = "Overwrite with mine",
    reload_text: str = "Reload theirs",
) -> Choice:
    """Show the other save's changes and return what the user chose; Escape means cancel.

    The caller acts on the answer: "overwrite" saves again with force=True, "reload" reads the
    file again (dropping the unsaved changes the dialog warned about), "cancel" leaves both the
    file and the unsaved edits alone.
    """
    choice = ask_about_conflict(
        parent, conflict, overwrite_text=overwrite_text, reload_text=reload_text
    )
    return "cancel" if choice == "merge" else choice


def ask_about_conflict(
    parent: QWidget,
    conflict: LibraryConflictLike,
    *,
    merge: bool = False,
    overwrite_text: str = "Overwrite with mine",
    reload_text: str = "Reload theirs",
) -> FullChoice:
    """Like resolve_conflict, with a fourth choice when merge is True: keep both sides' edits."""
    dialog = ConflictDialog(
        parent,
        conflict,
        overwrite_text=overwrite_text,
        reload_text=reload_text,
        merge_text="Keep both" if merge else "",
    )
    host = parent.window()
    previous = getattr(host, "last_prompt", None)
    host.last_prompt = dialog  # type: ignore[attr-defined]  # the test hook of gui/files.py
    try:
        dialog.exec()
    finally:
        host.last_prompt = previous  # type: ignore[attr-defined]
    return dialog.choice
