"""Real library files and a real manager window for the library manager tests."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from slaeditor.clauses.library import Library, LibraryClause, dump_library
from slaeditor.gui.context import AppContext
from slaeditor.gui.library_manager.window import LibraryManager

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from pytestqt.qtbot import QtBot

CLAIMS = LibraryClause(
    id="credits-claims",
    title="Claiming Service Credits",
    section="credits",
    level="service",
    status="approved",
    version=3,
    author="J. Smith",
    locale="en-GB",
    jurisdiction="England and Wales",
    tags=("credits", "claims"),
    guidance="Use the fallback only when the customer insists on longer.",
    variants={
        "standard": "{{ customer_name }} must claim a Service Credit within 30 days.\n",
        "fallback": "{{ customer_name }} must claim a Service Credit within 60 days.\n",
    },
)
FORCE_MAJEURE = LibraryClause(
    id="exclusions-force-majeure",
    title="Force majeure",
    section="exclusions",
    level="corporate",
    status="approved",
    version=1,
    tags=("exclusions",),
    variants={"standard": "{{ provider_name }} is not liable for events beyond its control.\n"},
)
HOURS = LibraryClause(
    id="support-hours",
    title="Support hours",
    section="support",
    level="service",
    status="draft",
    version=1,
    tags=("support",),
    variants={"standard": "Support is available during Business Hours.\n"},
)


def write_library(path: Path, name: str, clauses: list[LibraryClause]) -> str:
    """Write a library file the way the application writes it; return its text."""
    text = dump_library(Library(path=path, name=name, description="", clauses=clauses))
    path.write_text(text, encoding="utf-8")
    return text


def make_context(tmp_path: Path, team: list[Path]) -> AppContext:
    """A context over the test's own folder with these team libraries."""
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    context = AppContext.create(data)
    context.set_team_library_paths(team)
    return context


def open_manager(qtbot: QtBot, context: AppContext) -> LibraryManager:
    """Show a manager over the standard pack; unsaved edits are dropped when the test ends."""
    manager = LibraryManager(context, "standard")
    qtbot.addWidget(manager, before_close_func=forget_edits)
    manager.show()
    manager.activateWindow()
    qtbot.waitExposed(manager)
    return manager


def forget_edits(manager: Any) -> None:
    """Drop a manager's unsaved edits, so closing it at the end of a test asks nothing."""
    for shelf in manager.working.shelves:
        shelf.modified = False


def answer_prompt(window: Any, act: Callable[[Any], None], seen: list[Any]) -> None:
    """When the window next shows a prompt, record it and act on it (like a user would)."""

    def poll() -> None:
        prompt = window.last_prompt
        if prompt is None:
            QTimer.singleShot(20, poll)
            return
        seen.append(prompt)
        act(prompt)

    QTimer.singleShot(20, poll)


def message_text(box: Any) -> str:
    """The whole text of a message box: text, informative and detailed text."""
    parts = [box.text(), box.informativeText(), box.detailedText()]
    return "\n".join(part for part in parts if part)
