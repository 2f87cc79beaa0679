"""Say which dependencies the lock file holds back, and why, without changing it.

CI installs exactly requirements.lock, so a run proves those versions; this resolves the newest
versions pyproject.toml allows (with uv, into a temporary file) and lists each package whose
pinned version is older, so the log says what the next `make lock` would move.

    python tools/outdated.py requirements.lock path/to/uv <uv pip compile arguments...>
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

_PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)(?:\s*;\s*([^\\]+?))?\s*\\?$", re.MULTILINE)


def pins(text: str) -> dict[tuple[str, str], str]:
    """Return {(package, environment marker): version} from a compiled requirements file."""
    return {(m[1].lower(), (m[3] or "").strip()): m[2] for m in _PIN.finditer(text)}


def main(argv: list[str]) -> int:
    """Print the held-back packages; exit 0 either way (it informs, the tests decide)."""
    lock, uv, arguments = Path(argv[1]), argv[2], argv[3:]
    with tempfile.TemporaryDirectory() as folder:
        newest_file = Path(folder) / "newest.txt"
        done = subprocess.run(
            [uv, "pip", "compile", *arguments, "--upgrade", "-o", str(newest_file)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            print(f"outdated: could not resolve the newest versions:\n{done.stderr}")
            return 0
        newest = pins(newest_file.read_text(encoding="utf-8"))
    locked = pins(lock.read_text(encoding="utf-8"))
    behind = [
        f"  {name} {version} (newest allowed: {newest[key]}{f'; {marker}' if marker else ''})"
        for key, version in sorted(locked.items())
        for name, marker in [key]
        if key in newest and newest[key] != version
    ]
    if not behind:
        print(f"outdated: {lock} holds the newest versions pyproject.toml allows")
        return 0
    print(
        f"outdated: {lock} holds back {len(behind)} package(s); this run tested the locked "
        "versions, and `make lock` then `make test` moves to these:\n" + "\n".join(behind)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
