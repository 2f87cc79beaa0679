"""SLA Editor: build service level agreements and export signable Word and PDF contracts.

The small public API is re-exported here and loaded on first use, so `import slaeditor`
stays instant and the renderers (WeasyPrint, docxtpl) are imported only when rendering.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    __version__: str
    from slaeditor.app.api import load_agreement, render, save_agreement
    from slaeditor.model import Agreement

_EXPORTS = {
    "Agreement": "slaeditor.model",
    "load_agreement": "slaeditor.app.api",
    "save_agreement": "slaeditor.app.api",
    "render": "slaeditor.app.api",
}

__all__ = ["Agreement", "__version__", "load_agreement", "render", "save_agreement"]


def __getattr__(name: str) -> Any:
    """Import an exported name on first use."""
    if name == "__version__":
        from slaeditor.version import version

        globals()[name] = value = version()
        return value
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'slaeditor' has no attribute '{name}'")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
