"""Screenshots of the clause library manager, Preferences and the conflict dialog at 1280x800.

Part of `slaeditor --screenshots DIR`: a private context in a temporary folder holds a small
team library (one clause overriding the pack's, one with a fallback variant that refers to an
unknown variable, so the live check is visible) beside the standard pack's own library.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from slaeditor.clauses.library import LibraryClause, changes_between, dump_library
from slaeditor.gui.context import AppContext
from slaeditor.gui.library_manager.conflict_dialog import ConflictDialog
from slaeditor.gui.library_manager.preferences import PreferencesDialog
from slaeditor.gui.library_manager.window import LibraryManager

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from slaeditor.clauses.library import Library


def _team_library(path: Path, pack: Library) -> None:

    claims = next(c for c in pack.clauses if c.section == "credits" and "fallback" in c.variants)
    own = dataclasses.replace(
        claims,
        status="approved",
        version=3,
        author="J. Smith",
        jurisdiction="England and Wales",
        tags=(*claims.tags, "team"),
        guidance="Offer the fallback only when the customer insists on a longer claim window.",
        variants={
            "standard": claims.variants["standard"],
            "fallback": claims.variants["fallback"].rstrip("\n")
            + "\n\nClaims are answered within {{ answer_days }} Business Days.\n",
        },
    )
    helpdesk = LibraryClause(
        id="support-helpdesk",
        title="Service desk",
        section="support",
        level="service",
        status="draft",
        version=1,
        author="J. Smith",
        tags=("support",),
        variants={"standard": "{{ provider_name }} runs a service desk for {{ customer_name }}.\n"},
    )
    library = dataclasses.replace(pack, path=path, name="Acme legal team", clauses=[own, helpdesk])
    path.write_text(dump_library(library), encoding="utf-8")


def write_library_screenshots(folder: Path) -> list[Path]:
    """Write library-manager.png, library-preferences.png and library-conflict.png."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    def settle(ms: int = 300) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def shot(widget: QWidget, name: str) -> Path:
        settle()
        path = folder / name
        widget.grab().save(str(path))
        return path

    _ = QApplication.instance() or QApplication([])
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as private:
        context = AppContext.create(Path(private))
        team = Path(private) / "acme.clauses.yaml"
        pack = context.library_set("standard").libraries[-1]
        _team_library(team, pack)
        context.set_team_library_paths([team])
        manager = LibraryManager(context, "standard")
        manager.resize(1280, 800)
        manager.show()
        first = context.library_set("standard").libraries[1].clauses[0]
        manager.select(team, first.id)
        manager.editor.variant_tabs.setCurrentIndex(1)
        written.append(shot(manager, "library-manager.png"))
        manager.select(pack.path, pack.clauses[1].id)
        written.append(shot(manager, "library-manager-pack.png"))
        preferences = PreferencesDialog(context, manager)
        preferences.show()
        written.append(shot(preferences, "library-preferences.png"))
        preferences.reject()
        theirs = [dataclasses.replace(first, title=f"{first.title} (revised)"), *pack.clauses[:1]]
        conflict = _Conflict(team, changes_between([first], theirs))
        dialog = ConflictDialog(manager, conflict, merge_text="Keep both")
        dialog.show()
        written.append(shot(dialog, "library-conflict.png"))
        dialog.reject()
        manager.close()
    return written


@dataclasses.dataclass
class _Conflict:
    """The two fields the dialog shows (a LibraryConflict without the other library)."""

    path: Path
    changes: list  # type: ignore[type-arg]
