"""The command loads what the command it runs needs: registering the others costs nothing."""

from __future__ import annotations

import json
import subprocess
import sys

from slaeditor.version import version


def _loaded_after(code: str) -> list[str]:
    """Run code in a new interpreter; list the modules it loaded."""
    program = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, timeout=120
    )
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def test_reading_the_command_line_loads_no_command_and_no_version_look_up() -> None:
    loaded = _loaded_after(
        "from slaeditor.cli.main import build_parser\n"
        "build_parser().parse_args(['render', 'a.sla.yaml', '-o', 'a.pdf'])"
    )
    assert not [name for name in loaded if name.startswith("slaeditor.signing")]
    assert "importlib.metadata" not in loaded
    assert "weasyprint" not in loaded


def test_version_is_still_printed() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "slaeditor.cli", "--version"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0
    assert done.stdout == f"SLA Editor {version()}\n"
