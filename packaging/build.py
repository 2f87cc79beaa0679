"""`make package`: the wheel and sdist, the PyInstaller bundle and, on Linux, the .deb.

Everything goes to dist/: slaeditor-<v>-py3-none-any.whl, slaeditor-<v>.tar.gz, bundle/slaeditor/
(the one-folder application) and slaeditor_<v>_<arch>.deb. Intermediate files go to build/.
Each step prints how long it took. The version is the one pyproject.toml declares.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
# Files that must be inside the wheel, as importlib.resources finds them (slaeditor/resources.py).
WHEEL_MUST_HOLD = (
    "slaeditor/templates/standard/pack.yaml",
    "slaeditor/templates/standard/contract.docx",
    "slaeditor/templates/standard/contract.html.j2",
    "slaeditor/assets/icons/slaeditor.svg",
    "slaeditor/examples/telecom-customer.sla.yaml",
)


def project_version() -> str:
    """Return the version from pyproject.toml, the one place it is written."""
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


def step(title: str) -> float:
    """Announce a step; return its start time."""
    print(f"== {title}", flush=True)
    return time.perf_counter()


def done(started: float) -> None:
    """Say how long the step took."""
    print(f"   {time.perf_counter() - started:.1f} s", flush=True)


def build_python_packages(version: str) -> Path:
    """Build the sdist and the wheel; check the wheel holds the templates and assets."""
    for old in DIST.glob("slaeditor-*"):
        old.unlink()
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(DIST), str(ROOT)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wheel = DIST / f"slaeditor-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    absent = [name for name in WHEEL_MUST_HOLD if name not in names]
    if absent:
        raise SystemExit(f"{wheel.name} lacks {', '.join(absent)}")
    print(f"   {wheel.name}, slaeditor-{version}.tar.gz")
    return wheel


def build_bundle(expected_version: str) -> Path:
    """Render the icons and run PyInstaller on packaging/slaeditor.spec."""
    sys.path.insert(0, str(ROOT / "packaging"))
    from make_icons import render_icons

    render_icons(ROOT / "build" / "icons")
    bundle_root = DIST / "bundle"
    shutil.rmtree(bundle_root, ignore_errors=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "ERROR",
            "--distpath",
            str(bundle_root),
            "--workpath",
            str(ROOT / "build" / "pyinstaller"),
            str(ROOT / "packaging" / "slaeditor.spec"),
        ],
        check=True,
        cwd=ROOT,
    )
    bundle = bundle_root / "slaeditor"
    # On Windows the desktop program has no console; the command line is slaeditor-cli.exe.
    program = bundle / ("slaeditor-cli.exe" if sys.platform == "win32" else "slaeditor")
    version = subprocess.run(
        [str(program), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    if version != f"SLA Editor {expected_version}":
        raise SystemExit(f"the bundle says {version!r}, pyproject.toml {expected_version}")
    print(f"   {bundle.relative_to(ROOT)}: {version}")
    return bundle


def main() -> int:
    """Build what the arguments ask for (all by default)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-python", action="store_true", help="no wheel and sdist")
    parser.add_argument("--skip-deb", action="store_true", help="no .deb")
    args = parser.parse_args()
    version = project_version()
    if not args.skip_python:
        started = step("wheel and sdist (python -m build)")
        build_python_packages(version)
        done(started)
    started = step("bundle (PyInstaller, packaging/slaeditor.spec)")
    bundle = build_bundle(version)
    done(started)
    if sys.platform.startswith("linux") and not args.skip_deb:
        started = step("Debian package (dpkg-deb)")
        sys.path.insert(0, str(ROOT / "packaging" / "linux"))
        from build_deb import build

        deb = build(bundle, ROOT / "build" / "icons", DIST, version)
        print(f"   {deb.relative_to(ROOT)}")
        done(started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
