"""The wheel carries everything: installed outside the checkout, it renders the examples.

The wheel is built from the checkout and installed into a fresh virtual environment in a
temporary folder, and the installed `slaeditor` command renders each example agreement to
PDF and DOCX there, with the checkout nowhere on its path. To spare a 600 MB download per run,
the fresh environment borrows the already-installed dependencies through a path entry (not
the editable install of slaeditor itself, whose .pth file is not processed that way); `pip
check` then proves the wheel's declared requirements are met by them. Set
SLAEDITOR_WHEEL_TEST_FULL=1 to install the dependencies from the index instead (the GitHub
workflow does).
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from docx import Document
from helpers import EXAMPLES, ROOT
from pypdf import PdfReader

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
    )
    (built,) = out.glob("slaeditor-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the bin folder of a fresh venv, outside the checkout, with the wheel installed."""
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    if os.environ.get("SLAEDITOR_WHEEL_TEST_FULL") == "1":
        subprocess.run([python, "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    else:
        site = subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        borrowed = sysconfig.get_path("purelib")
        (Path(site) / "borrowed-dependencies.pth").write_text(borrowed + "\n")
        subprocess.run(
            [python, "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)], check=True
        )
    check = subprocess.run(
        [python, "-m", "pip", "check"], capture_output=True, text=True, check=False
    )
    # Only the wheel's own requirements matter here, not unrelated tools that are borrowed.
    assert "slaeditor" not in check.stdout, check.stdout
    return venv / "bin"


def test_the_wheel_holds_the_templates_assets_and_examples(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("templates", "assets", "examples"):
        source = ROOT / folder
        for path in source.rglob("*"):
            if path.is_file():
                assert f"slaeditor/{folder}/{path.relative_to(source).as_posix()}" in names


def test_the_installed_package_runs_from_the_venv_not_the_checkout(
    installed: Path, tmp_path: Path
) -> None:
    probe = (
        "import slaeditor, slaeditor.resources as r; "
        "print(slaeditor.__file__); print(r.templates_dir()); print(slaeditor.__version__)"
    )
    lines = subprocess.run(
        [installed / "python", "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout.splitlines()
    venv = installed.parent
    assert Path(lines[0]).is_relative_to(venv)
    assert Path(lines[1]).is_relative_to(venv)
    import tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert lines[2] == declared


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name.split(".")[0] for p in EXAMPLES])
def test_the_installed_command_renders_each_example(
    installed: Path, example: Path, tmp_path: Path
) -> None:
    agreement = tmp_path / example.name
    agreement.write_bytes(example.read_bytes())
    for suffix in (".pdf", ".docx"):
        target = tmp_path / f"contract{suffix}"
        result = subprocess.run(
            [installed / "slaeditor", "render", agreement.name, "-o", target.name],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert target.stat().st_size > 10_000
    pdf_text = "".join(
        page.extract_text() or "" for page in PdfReader(tmp_path / "contract.pdf").pages
    )
    docx_text = "\n".join(p.text for p in Document(str(tmp_path / "contract.docx")).paragraphs)
    import slaeditor

    source = slaeditor.load_agreement(example)
    for text in (pdf_text, docx_text):
        flat = " ".join(text.split())
        assert source.provider.name in flat
        assert source.document.agreement_id in flat
        assert "SERVICE CREDITS" in flat.upper()
