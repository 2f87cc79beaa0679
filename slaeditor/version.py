"""The version of SLA Editor, as pyproject.toml declares it (the one place it is written)."""

from __future__ import annotations

import functools


@functools.cache
def version() -> str:
    """Return the version of the installed package, or of the checkout's pyproject.toml.

    An installed package (wheel, editable install, or a PyInstaller bundle, which carries the
    dist-info through copy_metadata) answers through importlib.metadata; a checkout used without
    installing reads pyproject.toml itself.
    """
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("slaeditor")
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
