"""Find the built-in templates/ and assets/ folders in a wheel, a bundle or a checkout.

In a wheel and a PyInstaller bundle they are package data (slaeditor/templates, slaeditor/assets,
mapped by hatchling's force-include); in a checkout or an editable install they stay at the top
of the repository, where template authors look for them.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

_CHECKOUT_ROOT = Path(__file__).resolve().parent.parent


def _data_dir(name: str) -> Path:
    """Return the folder `name` from the package, else from the checkout."""
    packaged = Path(str(files("slaeditor"))) / name
    if packaged.is_dir():
        return packaged
    return _CHECKOUT_ROOT / name


def templates_dir() -> Path:
    """Return the folder of the built-in template packs."""
    return _data_dir("templates")


def assets_dir() -> Path:
    """Return the folder of shared fonts, logos and stylesheets."""
    return _data_dir("assets")


def is_built_in(path: Path) -> bool:
    """Tell whether a file is one of the application's own (a built-in pack's, an asset).

    Installers may hard-link these from their caches; files of any other pack may not be
    hard links (slaeditor.regular_file).
    """
    resolved = path.resolve()
    return any(
        resolved.is_relative_to(folder.resolve()) for folder in (templates_dir(), assets_dir())
    )


def user_templates_dir() -> Path:
    """Return the user's own template folder, where copied packs are edited."""
    from platformdirs import user_data_path

    return user_data_path("slaeditor", "SLA Editor") / "templates"


def examples_dir() -> Path:
    """Return the folder of the example agreements."""
    return _data_dir("examples")


def cache_dir(kind: str) -> Path:
    """Return the user's cache folder for one kind of kept copy (parsed libraries, code).

    Everything in it can be made again; `SLAEDITOR_CACHE_DIR` moves it (the tests use their own).
    """
    chosen = os.environ.get("SLAEDITOR_CACHE_DIR")
    if chosen:
        return Path(chosen) / kind
    from platformdirs import user_cache_path

    return user_cache_path("slaeditor", False) / kind
