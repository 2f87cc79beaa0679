"""A number means what was typed once the field is left: "9" on the way to "99.95" is no target.

Typed through the private X server after a real click. While the user types, the document (and
so its checks, the autosave, the preview and the undo history) does not change; the figures the
page derives (the allowed downtime, the scaling summary) follow the typed text at once. Tab or
Enter stores the whole number as one edit, which one Undo takes back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop import go_to_step, open_agreement

from slaeditor.gui.editing.fields import LineField

if TYPE_CHECKING:
    from pathlib import Path

    from desktop import Desktop
    from pytestqt.qtbot import QtBot

    from slaeditor.gui.shell.main_window import MainWindow

TARGET = ("terms", "availability", "target_percent")
INCREMENT = ("terms", "scaling", "increment")
PAUSE_MS = 600
"""Longer than the preview's and the checks' timers: whatever a keystroke sets off has run."""


def number_field(desktop: Desktop, window: MainWindow, step: str, label: str) -> LineField:
    page = go_to_step(desktop, window, step)
    found = next(f for f in page.fields if f.label == label)
    assert isinstance(found, LineField)
    return found


def edits_at(window: MainWindow, path: tuple[str, ...]) -> list[Any]:
    """Record every value the document takes at a path from now on."""
    seen: list[Any] = []

    def record(changed: tuple[Any, ...]) -> None:
        if tuple(changed[: len(path)]) == path[: len(changed)]:
            seen.append(window.document.value(path))

    window.document.changed.connect(record)
    return seen


def test_a_target_is_stored_once_when_the_field_is_left_and_the_downtime_follows_the_typing(
    desktop: Desktop, qtbot: QtBot, window: MainWindow, deal: Path
) -> None:
    open_agreement(qtbot, window, deal)
    target = number_field(desktop, window, "service-levels", "Target (%)")
    page = window.wizard.current()
    assert window.document.value(TARGET) == "99.9"
    seen = edits_at(window, TARGET)

    desktop.click(target.line)
    desktop.key("ctrl+a")
    desktop.type("99")
    qtbot.wait(PAUSE_MS)  # the user checks the figure before typing the decimals
    assert seen == [], f"a half-typed target reached the document: {seen}"
    assert not window.modified
    desktop.type(".95")
    qtbot.wait(PAUSE_MS)

    assert seen == [] and window.document.value(TARGET) == "99.9"
    assert "21m 36s" in page.downtime.text(), "the allowed downtime follows the typed text"
    assert desktop.focus() is target.line

    desktop.key("Tab")

    assert desktop.focus() is not target.line
    assert seen == ["99.95"], "one edit, the whole number"
    assert target.line.text() == "99.95"
    agreement = window.document.result.agreement
    assert agreement is not None and str(agreement.terms.availability.target_percent) == "99.95"
    desktop.key("ctrl+z")
    assert window.document.value(TARGET) == "99.9" and target.line.text() == "99.9"
    window.forget_changes()


def test_enter_stores_a_number_and_the_summary_followed_it_while_typed(
    desktop: Desktop, qtbot: QtBot, window: MainWindow, deal: Path
) -> None:
    open_agreement(qtbot, window, deal)
    increment = number_field(desktop, window, "scaling", "Increment")
    page = window.wizard.current()
    before = window.document.value(INCREMENT)
    seen = edits_at(window, INCREMENT)

    desktop.click(increment.line)
    desktop.key("ctrl+a")
    desktop.type("25")
    qtbot.wait(PAUSE_MS)

    assert seen == [] and window.document.value(INCREMENT) == before
    assert "add 25 " in page.summary.text()  # type: ignore[attr-defined]
    desktop.key("Return")

    assert seen in (["25"], [25])
    assert desktop.focus() is increment.line, "Enter stores the value and keeps the cursor"
    assert window.wizard.current() is page, "Enter in a field does not press Next"
    window.forget_changes()
