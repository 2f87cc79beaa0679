"""Compose an agreement and a template pack into one format-neutral Contract (Qt-free).

The only place where clause text meets agreement values; the writers lay out the result.
"""

from __future__ import annotations

from slaeditor.compose.assemble import compose
from slaeditor.errors import RenderError

__all__ = ["RenderError", "compose"]
