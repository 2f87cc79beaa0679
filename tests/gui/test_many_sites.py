"""Thousands of sites: the Services page's work grows with the sites, never with their square.

A 2,000-site agreement took 18 s to show the Services page and 19,000 sites hung it past 13
minutes: every tick set while filling the site list re-read every tick, and every refresh
measured every row and scanned every problem once per cell. Time depends on the machine, so
the test counts the calls the page makes (cProfile's count, deterministic) at two sizes: four
times the sites may cost about four times the calls, not sixteen. `make bench` has the times.
"""

from __future__ import annotations

import cProfile
import pstats
from typing import TYPE_CHECKING, Any

import yaml
from helpers import ROOT
from PySide6.QtWidgets import QListWidget, QTableWidget

from slaeditor.yamlio import dump_yaml

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from slaeditor.gui.shell.main_window import MainWindow

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"


def _with_sites(folder: Path, count: int) -> Path:
    data: dict[str, Any] = yaml.safe_load(TELECOM.read_text(encoding="utf-8"))
    data["sites"] += [
        {
            "id": f"store-{number}",
            "name": f"Retail store {number}",
            "address": f"{number} High Street, Town {number % 97}",
            "time_zone": "Europe/London",
        }
        for number in range(count)
    ]
    path = folder / f"sites-{count}.sla.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    return path


def _calls(action: Callable[[], object]) -> int:
    profile = cProfile.Profile()
    profile.runcall(action)
    return int(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]


def _page_and_edit_calls(qtbot: QtBot, window: MainWindow, path: Path) -> tuple[int, int]:
    assert window.open_agreement(path)
    window.wizard.go_to("parties")
    qtbot.wait(10)

    def show() -> None:
        window.wizard.go_to("services")
        qtbot.wait(10)

    def edit() -> None:
        window.document.set_value(("sites", 3, "name"), f"Renamed {path.name}")
        qtbot.wait(10)

    return _calls(show), _calls(edit)


def test_showing_and_editing_the_services_page_grows_linearly_with_the_sites(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    small = _page_and_edit_calls(qtbot, window, _with_sites(tmp_path, 500))
    window.forget_changes()
    large = _page_and_edit_calls(qtbot, window, _with_sites(tmp_path, 2000))

    show_ratio, edit_ratio = large[0] / small[0], large[1] / small[1]
    assert show_ratio < 6, f"showing: {small[0]:,} -> {large[0]:,} calls ({show_ratio:.1f}x)"
    assert edit_ratio < 6, f"editing: {small[1]:,} -> {large[1]:,} calls ({edit_ratio:.1f}x)"
    page = window.wizard.current()
    assert any(table.rowCount() == 2005 for table in page.findChildren(QTableWidget))
    ticks = [box for box in page.findChildren(QListWidget) if box.count() == 2005]
    assert ticks and ticks[0].item(3).text() == "Renamed sites-2000.sla.yaml"
