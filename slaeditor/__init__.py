"""SLA Editor: build service level agreements and export signable Word and PDF contracts.

The small public API is re-exported here and loaded on first use, so `import slaeditor`
stays instant and the renderers (WeasyPrint, docxtpl) are imported only when rendering.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from slaeditor.api import load_agreement, render, save_agreement
    from slaeditor.model import Agreement

_EXPORTS = {
    "Agreement": "slaeditor.model",
    "load_agreement": "slaeditor.api",
    "save_agreement": "slaeditor.api",
}

__all__ = ["Agreement", "__version__", "load_agreement", "render", "save_agreement"]


def __getattr__(name: str) -> Any:
    """Import an exported name on first use."""
    if name == "render":
        # The render subpackage is callable and forwards to slaeditor.api.render.
        return import_module("slaeditor.render")
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'slaeditor' has no attribute '{name}'")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
