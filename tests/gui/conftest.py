"""The wizard's offscreen tests: fast, but keys go straight to a widget (see tests/real_input)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from gui_fixtures import context, render_service, telecom_draft, wait_until_ready, window

__all__ = ["context", "render_service", "telecom_draft", "wait_until_ready", "window"]
