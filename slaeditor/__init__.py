"""SLA Editor: build service level agreements and export signable Word and PDF contracts.

The small public API is re-exported here and loaded on first use, so `import slaeditor`
stays instant and the renderers (WeasyPrint, docxtpl) are imported only when rendering.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    __version__: str
    from slaeditor.api import load_agreement, render, save_agreement
    from slaeditor.model import Agreement

_EXPORTS = {
    "Agreement": "slaeditor.model",
    "load_agreement": "slaeditor.api",
    "save_agreement": "slaeditor.api",
}

__all__ = ["Agreement", "__version__", "load_agreement", "render", "save_agreement"]


def _version() -> str:
    """Return the version pyproject.toml declares: the one place it is written.

    An installed package (wheel, editable install, or a PyInstaller bundle, which carries the
    dist-info through copy_metadata) answers through importlib.metadata; a checkout used without
    installing reads pyproject.toml itself.
    """
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("slaeditor")
    except PackageNotFoundError:
        pass
    import tomllib
    from pathlib import Path

    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    try:
        with pyproject.open("rb") as handle:
            return str(tomllib.load(handle)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def __getattr__(name: str) -> Any:
    """Import an exported name on first use."""
    if name == "__version__":
        globals()[name] = value = _version()
        return value
    if name == "render":
        # The render subpackage is callable and forwards to slaeditor.api.render.
        return import_module("slaeditor.render")
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'slaeditor' has no attribute '{name}'")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
