"""Check the system packages `make run` and `make test` need, before anything else runs.

Without them the tests failed one by one with tracebacks (eleven without poppler and
LibreOffice). This says in one message what is missing and prints the one command that
installs it. Standard library only: it runs with the system's python3, before the venv exists.
Linux (Debian and Ubuntu package names); elsewhere it only checks the disk space.

    python3 tools/prerequisites.py run|test
"""

from __future__ import annotations

import ctypes.util
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

FREE_GB = {"run": 1.5, "test": 2.5}
"""The venv takes about 1 GB; the tests' temporary contracts and LibreOffice's profile more."""

# (what is checked, how, the Debian/Ubuntu package that provides it, needed for)
COMMANDS = [
    ("pdftotext", "poppler-utils", "test"),
    ("pdftoppm", "poppler-utils", "test"),
    ("soffice", "libreoffice-writer-nogui", "test"),
    ("Xvfb", "xvfb", "test"),
    ("xdotool", "xdotool", "test"),
]
LIBRARIES = [
    ("pango-1.0", "libpango-1.0-0", "run"),
    ("pangoft2-1.0", "libpangoft2-1.0-0", "run"),
    ("harfbuzz-subset", "libharfbuzz-subset0", "run"),
    ("fontconfig", "libfontconfig1", "run"),
    ("EGL", "libegl1", "run"),
    ("xkbcommon", "libxkbcommon0", "run"),
    # Qt's xcb platform (the desktop on X11, and the real-input tests under Xvfb)
    ("xkbcommon-x11", "libxkbcommon-x11-0", "run"),
    ("X11-xcb", "libx11-xcb1", "run"),
    ("xcb-cursor", "libxcb-cursor0", "run"),
    ("xcb-icccm", "libxcb-icccm4", "run"),
    ("xcb-image", "libxcb-image0", "run"),
    ("xcb-keysyms", "libxcb-keysyms1", "run"),
    ("xcb-randr", "libxcb-randr0", "run"),
    ("xcb-render-util", "libxcb-render-util0", "run"),
    ("xcb-shape", "libxcb-shape0", "run"),
    ("xcb-xkb", "libxcb-xkb1", "run"),
]
FONTS = [
    ("Liberation Serif", "fonts-liberation2", "run"),
    ("DejaVu Sans", "fonts-dejavu-core", "run"),
]


def missing(purpose: str) -> list[tuple[str, str]]:
    """Return (what, package) for everything `purpose` needs and this machine lacks."""
    wanted = {"run"} if purpose == "run" else {"run", "test"}
    found: list[tuple[str, str]] = []
    if importlib.util.find_spec("ensurepip") is None:
        found.append(("Python's venv module", f"python3.{sys.version_info.minor}-venv"))
    found += [
        (f"the {c} command", p) for c, p, need in COMMANDS if need in wanted and not shutil.which(c)
    ]
    found += [
        (f"the library lib{name}", package)
        for name, package, need in LIBRARIES
        if need in wanted and ctypes.util.find_library(name) is None
    ]
    families = _font_families()
    if families is not None:
        found += [
            (f"the {family} font", package)
            for family, package, need in FONTS
            if need in wanted and family not in families
        ]
    return found


def _font_families() -> set[str] | None:
    """Return the installed font families (None if fontconfig's fc-list is not there)."""
    if not shutil.which("fc-list"):
        return None
    listed = subprocess.run(
        ["fc-list", ":", "family"], capture_output=True, text=True, check=False
    ).stdout
    return {name.strip() for line in listed.splitlines() for name in line.split(",")}


def main(argv: list[str]) -> int:
    """Print what is missing and how to install it; exit 1 if anything is."""
    purpose = argv[1] if len(argv) > 1 and argv[1] in FREE_GB else "test"
    problems = []
    free = shutil.disk_usage(Path.cwd()).free / 1e9
    if free < FREE_GB[purpose]:
        problems.append(
            f"only {free:.1f} GB free on this disk; `make {purpose}` needs about "
            f"{FREE_GB[purpose]} GB (the virtual environment alone takes 1 GB)"
        )
    lacking = missing(purpose) if sys.platform.startswith("linux") else []
    if lacking:
        listed = "\n".join(f"  - {what} (package {package})" for what, package in lacking)
        packages = " ".join(dict.fromkeys(package for _, package in lacking))
        problems.append(
            f"this machine lacks what `make {purpose}` needs:\n{listed}\n"
            f"Install it with:\n  sudo apt-get install -y {packages}"
        )
    for problem in problems:
        print(f"make {purpose}: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
