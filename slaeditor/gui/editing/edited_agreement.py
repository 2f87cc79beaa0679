"""The agreement being edited: its data, its file, its undo history and its problems.

Every edit a page makes is a command on the document's QUndoStack that sets (or removes) one
value at a path, so undo and redo cover every edit and no page keeps a private copy. After each
change the draft is checked again (a few milliseconds) and pages show the messages at their
fields.
"""

from __future__ import annotations

import copy
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from slaeditor.model.validation import Issue, Level
from slaeditor.storage.drafts import DraftCheck, check_draft
from slaeditor.storage.messages import format_path

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from slaeditor.model import Agreement
    from slaeditor.storage.drafts import Draft

Path_ = tuple[str | int, ...]
"""A field path: keys and list indices, e.g. ("services", 0, "name")."""

MISSING: Any = object()
_MERGE_SECONDS = 2.0


class EditedAgreement(QObject):
    """One agreement in one window; pages read and write it only through this object."""

    changed = Signal(tuple)
    """A value changed (by an edit, undo or redo); carries the path that changed."""
    reset = Signal()
    """The whole agreement was replaced (new or opened file)."""
    checked = Signal()
    """The problems were recomputed after a change."""
    path_changed = Signal()

    def __init__(self, data: Draft, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data: Draft = data
        self.path: Path | None = None
        self.undo_stack = QUndoStack(self)
        self.result: DraftCheck = check_draft(data) if data else DraftCheck(None, [])
        self.revision = 0
        self._checks: list[Callable[[Agreement], list[Issue]]] = []
        self.quiet = False
        """A new draft whose problems are shown only where the user has been (see replace)."""
        self.revealed: set[str] = set()
        """The field paths whose problems a quiet draft shows."""
        """Counts every change (typing merged into one undo step still counts each edit)."""

    # --- reading -------------------------------------------------------------------------

    def value(self, path: Path_, default: Any = None) -> Any:
        """Return the value at path, or default when any part of the path is missing."""
        found = self.lookup(path)
        return default if found is MISSING else found

    def has(self, path: Path_) -> bool:
        """Tell whether the path is written in the data (an override exists)."""
        return self.lookup(path) is not MISSING

    def lookup(self, path: Path_) -> Any:
        """Return the value at path or the private missing marker."""
        node: Any = self.data
        for part in path:
            if isinstance(node, dict):
                if not (isinstance(part, str) and part in node):
                    return MISSING
                node = node[part]
            elif isinstance(node, list):
                if not (isinstance(part, int) and 0 <= part < len(node)):
                    return MISSING
                node = node[part]
            else:
                return MISSING
        return node

    def issues_at(self, path: Path_, *, below: bool = False) -> list[Issue]:
        """Return the problems reported at this field (and inside it when below is set)."""
        text = format_path(path)
        return [
            issue
            for issue in self.result.issues
            if issue.path == text
            or (below and (issue.path.startswith(text + ".") or issue.path.startswith(text + "[")))
        ]

    @property
    def sla_type(self) -> str:
        """The agreement's SLA type value (customer-based, service-based, multi-level)."""
        return str(self.data.get("sla_type", "customer-based"))

    # --- writing -------------------------------------------------------------------------

    def set_value(self, path: Path_, value: Any, *, merge: bool = True, text: str = "") -> None:
        """Set one value as an undoable edit; typing into one field merges into one step."""
        old = self.lookup(path)
        if old is not MISSING and old == value:
            return
        label = text or f"Edit {_readable(path)}"
        self.undo_stack.push(SetValue(self, path, old, copy.deepcopy(value), label, merge=merge))

    def remove_value(self, path: Path_, *, text: str = "") -> None:
        """Remove a key (an override going back to the inherited value) as an undoable edit."""
        old = self.lookup(path)
        if old is MISSING:
            return
        label = text or f"Reset {_readable(path)}"
        self.undo_stack.push(SetValue(self, path, old, MISSING, label, merge=False))

    def replace(self, data: Draft, path: Path | None, *, new: bool = False) -> None:
        """Start over with another agreement: the history of the old one is dropped.

        A `new` draft (not read from a file) starts quiet: its problems are shown only for
        the fields the user has left, the pages where Next was pressed, or once the review
        page is visited; a blank form the user has not touched yet is not an error.
        """
        self.revision += 1
        self.quiet = new
        self.revealed.clear()
        self.data = data
        self.path = path
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self._recheck()
        self.reset.emit()
        self.path_changed.emit()

    def set_path(self, path: Path | None) -> None:
        """Record where the agreement is saved (after Save As)."""
        self.path = path
        self.path_changed.emit()

    def _store(self, path: Path_, value: Any) -> None:
        """Write or remove a value without history; used by the commands only.

        A path that no longer fits the data (a list shortened meanwhile) changes nothing, so a
        stale command can never raise inside the undo stack.
        """
        if not path:
            raise ValueError("cannot replace the whole agreement with an edit")
        node: Any = self.data
        for index, part in enumerate(path[:-1]):
            nxt = path[index + 1]
            if isinstance(node, dict) and isinstance(part, str):
                child = node.get(part)
                if not isinstance(child, dict | list):
                    if value is MISSING:
                        return
                    child = [] if isinstance(nxt, int) else {}
                    node[part] = child
                node = child
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
            else:
                return
        last = path[-1]
        if isinstance(node, dict) and isinstance(last, str):
            if value is MISSING:
                node.pop(last, None)
                self._prune(path[:-1])
            else:
                node[last] = value
        elif isinstance(node, list) and isinstance(last, int) and 0 <= last <= len(node):
            if value is MISSING:
                if last < len(node):
                    del node[last]
            elif last == len(node):
                node.append(value)
            else:
                node[last] = value
        else:
            return
        self.revision += 1
        self._recheck()
        self.changed.emit(tuple(path))

    def created_parent(self, path: Path_) -> tuple[Path_, Any] | None:
        """Return the first part of path an edit would create or replace, and its value now.

        Undo puts that value back (or removes the part), so an edit that had to create
        `customer: {}` or a new override mapping leaves no trace when undone.
        """
        for length in range(1, len(path)):
            prefix = path[:length]
            found = self.lookup(prefix)
            if not isinstance(found, dict | list):
                return prefix, found
        return None

    def _prune(self, path: Path_) -> None:
        """Drop override mappings left empty, so a reset leaves no trace in the file."""
        while path and "overrides" in path[:-1] and self.value(path) == {}:
            parent = self.value(path[:-1])
            if isinstance(parent, dict):
                parent.pop(path[-1], None)
            path = path[:-1]

    def shown(self, issue: Issue) -> bool:
        """Tell whether a problem is shown yet (always, unless the draft is new and quiet)."""
        if not self.quiet:
            return True
        path = issue.path
        return any(
            path == place or path.startswith((place + ".", place + "[")) for place in self.revealed
        )

    def reveal(self, *paths: Path_ | str) -> None:
        """Show the problems at these paths from now on (a field was left, Next was pressed)."""
        if not self.quiet:
            return
        texts = {path if isinstance(path, str) else format_path(path) for path in paths}
        if not texts <= self.revealed:
            self.revealed |= texts
            self.checked.emit()

    def reveal_all(self) -> None:
        """Show every problem from now on (the review page was opened)."""
        if self.quiet:
            self.quiet = False
            self.checked.emit()

    def add_check(self, check: Callable[[Agreement], list[Issue]]) -> None:
        """Add a check the model cannot make alone (it needs the GUI's libraries or pack).

        It runs after every change on a valid agreement, and its issues join the draft's, so
        pages, the step list and the review page treat them like any other problem.
        """
        self._checks.append(check)
        self._recheck()

    def recheck(self) -> None:
        """Run the checks again (a check whose answer arrived later asks for this)."""
        self._recheck()

    def _recheck(self) -> None:
        try:
            self.result = check_draft(self.data)
            agreement = self.result.agreement
            if agreement is not None:
                for check in self._checks:
                    self.result.issues.extend(check(agreement))
        except Exception as error:
            problem = Issue(Level.ERROR, "", f"could not be checked ({type(error).__name__})", "")
            self.result = DraftCheck(None, [problem])
        self.checked.emit()


class SetValue(QUndoCommand):
    """Set or remove the value at one path; consecutive typing in one field merges."""

    ID = 1

    def __init__(
        self, document: EditedAgreement, path: Path_, old: Any, new: Any, text: str, *, merge: bool
    ) -> None:
        super().__init__(text)
        self.document = document
        self.path = path
        self.old = old
        self.new = new
        self.merge = merge
        self.stamp = time.monotonic()
        self.parent_before = document.created_parent(path) if old is MISSING else None

    def id(self) -> int:
        """Let Qt offer merges only between value edits."""
        return self.ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Fold quick successive edits of the same field into one undo step."""
        if not (
            isinstance(other, SetValue)
            and self.merge
            and other.merge
            and other.path == self.path
            and other.stamp - self.stamp < _MERGE_SECONDS
        ):
            return False
        self.new = other.new
        self.stamp = other.stamp
        return True

    def redo(self) -> None:
        """Apply the new value."""
        self.document._store(self.path, _copy(self.new))

    def undo(self) -> None:
        """Put the old value back (or remove the key it did not have)."""
        if self.parent_before is not None:
            parent, before = self.parent_before
            self.document._store(parent, _copy(before))
        else:
            self.document._store(self.path, _copy(self.old))


def _copy(value: Any) -> Any:
    """Copy a value so the history never shares lists with the data; MISSING stays itself."""
    return value if value is MISSING else copy.deepcopy(value)


def _readable(path: Path_) -> str:
    """Name a field for the Edit menu ("Undo Edit target percent")."""
    names = [part for part in path if isinstance(part, str) and part != "overrides"]
    return names[-1].replace("_", " ") if names else "value"
