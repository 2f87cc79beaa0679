"""Write the wizard's screenshots for docs/screenshots: three window sizes and a dark theme.

Each set runs in a process of its own (the palette is chosen when the application starts):

    .venv/bin/python tools/wizard_screenshots.py docs/screenshots/wizard
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SETS = {
    "": ((1280, 800), False),
    "1024x700": ((1024, 700), False),
    "1920x1080": ((1920, 1080), False),
    "dark": ((1280, 800), True),
}
_ONE_SET = (
    "import sys; from pathlib import Path; "
    "from slaeditor.gui.shell.screenshots import write_screenshots; "
    "write_screenshots(Path(sys.argv[1]), size=(int(sys.argv[2]), int(sys.argv[3])), "
    "dark=sys.argv[4] == '1', libraries=False)"
)


def main(folder: Path) -> int:
    """Write every set under folder (the default size directly in it)."""
    for name, ((width, height), dark) in SETS.items():
        target = folder / name if name else folder
        subprocess.run(
            [sys.executable, "-c", _ONE_SET, str(target), str(width), str(height), str(int(dark))],
            check=True,
            env={"QT_QPA_PLATFORM": "offscreen", **_environment()},
        )
        print(f"wrote {target}")
    return 0


def _environment() -> dict[str, str]:
    import os

    return {key: value for key, value in os.environ.items() if key != "DISPLAY"}


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots/wizard")))
