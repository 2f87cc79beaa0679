"""The `slaeditor` command: the application and its commands (render, validate, sign, …)."""

from __future__ import annotations

from slaeditor.cli.main import main

__all__ = ["main"]
