"""Compose agreements into contracts and write them as DOCX or PDF (Qt-free).

WeasyPrint and docxtpl are imported only inside the writers, on first use.
"""

from __future__ import annotations

from slaeditor.render.compose import RenderError, compose
from slaeditor.render.contract import Contract

__all__ = ["Contract", "RenderError", "compose"]
