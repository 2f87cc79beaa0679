"""The bundle's entry point: the same `slaeditor` command the wheel installs.

In a PyInstaller bundle this executable is also the render worker: the GUI starts it again
with `--render-worker` (sys.executable is this program, there is no `python -m`).
"""

from __future__ import annotations

import sys

from slaeditor.cli import main

if __name__ == "__main__":
    sys.exit(main())
