"""A recorded wording that runs away does not freeze the window; it is stopped and named.

An agreement mailed with a clause text that takes tens of seconds (within the sandbox's step
budget) froze the window on Open and again on every edit. The text is now checked in a
confined child process off the GUI thread: the window keeps handling events meanwhile, and
the check ends with an error at the clause that says it was stopped and why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from helpers import ROOT
from PySide6.QtCore import QTimer

from slaeditor.app.confined import SECONDS
from slaeditor.model import ClauseChoice
from slaeditor.storage import load_agreement, save_agreement

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from slaeditor.gui.shell.main_window import MainWindow

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"
SLOW = (
    '{% set s = "x" * 999999 %}{% for i in range(400) %}{% for j in range(400) %}'
    '{{ s | replace("x", "y") | length > 5 }}{% endfor %}{% endfor %}'
)


def test_a_runaway_recorded_text_is_stopped_in_the_background_and_named(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    agreement = load_agreement(TELECOM)
    agreement.clauses = {
        "credits-claims": ClauseChoice(library="Mailed", clause="claims", version=1, text=SLOW)
    }
    mailed = tmp_path / "mailed.sla.yaml"
    save_agreement(agreement, mailed)
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(50)

    assert window.open_agreement(mailed)

    def stopped() -> bool:
        return any(
            issue.path == "clauses.credits-claims" and "stopped after" in issue.message
            for issue in window.document.result.errors
        )

    qtbot.waitUntil(stopped, timeout=int(SECONDS * 1000) + 30_000)
    timer.stop()
    (issue,) = [i for i in window.document.result.errors if i.path == "clauses.credits-claims"]
    assert "Claiming Service Credits" in issue.message  # the clause, by its title
    assert f"stopped after {SECONDS:g} seconds" in issue.message  # and why
    # The window went on handling events while the text ran: about 20 ticks a second.
    assert len(ticks) >= SECONDS * 10
