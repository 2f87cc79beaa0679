"""Shared fixtures: real files, real converters; no mocks where the real thing runs here."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from typing import TYPE_CHECKING

import pytest

# Parsed libraries and compiled templates are cached in the user's cache folder; the tests
# keep theirs apart, in a folder of this session's own, removed when the session ends.
_OWN_CACHE = None
if "SLAEDITOR_CACHE_DIR" not in os.environ:
    _OWN_CACHE = tempfile.mkdtemp(prefix="slaeditor-test-cache-")
    os.environ["SLAEDITOR_CACHE_DIR"] = _OWN_CACHE

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the session's cache folder (each pytest-xdist worker removes its own)."""
    if _OWN_CACHE is not None:
        shutil.rmtree(_OWN_CACHE, ignore_errors=True)


@pytest.fixture
def soffice(tmp_path: Path) -> Callable[[Path, str], Path]:
    """Convert a document with LibreOffice headless, with a private profile per test."""
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        if os.environ.get("SLAEDITOR_REQUIRE_SOFFICE") == "1":
            pytest.fail("LibreOffice (soffice) is required but not installed")
        pytest.skip("LibreOffice is not installed")
    profile = tmp_path / "lo-profile"

    def convert(source: Path, fmt: str) -> Path:
        out = tmp_path / "converted"
        subprocess.run(
            [
                binary,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                str(out),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        produced = out / (source.stem + "." + fmt.split(":")[0])
        assert produced.is_file(), f"LibreOffice did not convert {source}"
        return produced

    return convert
