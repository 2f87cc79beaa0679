"""What Help > About says: the version, the licence and the libraries that do the work."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as installed_version

from slaeditor.version import version


def _version(package: str) -> str:
    try:
        return installed_version(package)
    except PackageNotFoundError:
        return "not installed"


def about_text() -> str:
    """Describe the application and the versions it runs with (for support requests)."""
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    return (
        f"<h3>SLA Editor {version()}</h3>"
        "<p>Build service level agreements step by step and export signable Word and PDF "
        "contracts.</p>"
        "<p>Free software under the GNU General Public License, version 3 or later "
        "(GPL-3.0-or-later).</p>"
        f"<p>Qt {qVersion()} (PySide6 {pyside_version}), "
        f"WeasyPrint {_version('weasyprint')}, docxtpl {_version('docxtpl')}, "
        f"pydantic {_version('pydantic')}.</p>"
    )
