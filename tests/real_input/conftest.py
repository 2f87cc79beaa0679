"""Tests with real input: a private Xvfb, Qt on the xcb platform, keys and clicks by xdotool.

They run in a pytest process of their own (`make test` runs them after the offscreen tests),
because Qt chooses its platform once per process. Without Xvfb or xdotool they are skipped,
with the command that installs them, unless SLAEDITOR_REQUIRE_XVFB=1 (CI) makes that a failure.
"""

from __future__ import annotations

import os
import shutil
from typing import TYPE_CHECKING

import pytest
from desktop import INSTALL, Desktop, XServer, missing_tools

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from pytestqt.qtbot import QtBot

_MISSING = missing_tools()
_SERVER = XServer()
if not _MISSING:
    os.environ["DISPLAY"] = _SERVER.start()
    os.environ["QT_QPA_PLATFORM"] = "xcb"

from gui_fixtures import context, render_service, telecom_draft, window  # noqa: E402
from helpers import ROOT  # noqa: E402

__all__ = ["context", "deal", "desktop", "render_service", "telecom_draft", "window"]


@pytest.fixture
def deal(tmp_path: Path) -> Path:
    """A copy of the telecom example (99.9 %, arrival within 4h), safe to save over."""
    path = tmp_path / "deal.sla.yaml"
    shutil.copy(ROOT / "examples" / "telecom-customer.sla.yaml", path)
    return path


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip (or, in CI, fail) every test here when the X tools are missing."""
    if not _MISSING:
        return
    message = f"needs {' and '.join(_MISSING)}: {INSTALL}"
    if os.environ.get("SLAEDITOR_REQUIRE_XVFB") == "1":
        raise pytest.UsageError(message)
    for item in items:
        item.add_marker(pytest.mark.skip(reason=message))


def pytest_unconfigure() -> None:
    """Stop the private X server."""
    _SERVER.stop()


@pytest.fixture
def desktop(qtbot: QtBot) -> Iterator[Desktop]:
    """The mouse and keyboard of the private X server."""
    yield Desktop(qtbot)
