"""Compose agreements into contracts and write them as DOCX or PDF (Qt-free).

WeasyPrint and docxtpl are imported only inside the writers, on first use.

`slaeditor.render` is both this package and the public function `slaeditor.render(agreement,
out_path)`: Python binds a subpackage to its parent's attribute when it is imported, which
would hide the function, so the package module itself is made callable and forwards the call.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING

from slaeditor.render.compose import RenderError, compose
from slaeditor.render.contract import Contract

if TYPE_CHECKING:
    from pathlib import Path

    from slaeditor.model import Agreement

__all__ = ["Contract", "RenderError", "compose"]


class _CallableModule(types.ModuleType):
    """The render package, callable as `slaeditor.render(agreement, out_path, template)`.

    `archival=False` writes a plain PDF instead of PDF/A-3b.
    """

    def __call__(
        self,
        agreement: Agreement | str | Path,
        out_path: str | Path,
        template: str | Path | None = None,
        *,
        archival: bool = True,
    ) -> Path:
        from slaeditor.api import render

        return render(agreement, out_path, template, archival=archival)


sys.modules[__name__].__class__ = _CallableModule
