"""Files that are not ordinary files: pipes and hard links in packs, libraries and agreements.

A pipe (FIFO) named like a pack's file blocked every reader forever; a hard link inside a pack
folder is a second name for a file anywhere on the disk, which path checks cannot see, so a
stylesheet "of the pack" could carry a private file into the contract. Each is refused with a
message that names the file and says what it is. Blocking reads run in a child process with a
time limit, so a regression fails here instead of hanging the suite.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from typing import TYPE_CHECKING

import pytest
from helpers import ROOT

import slaeditor
from slaeditor.clauses import PackError
from slaeditor.writers.pdf.fetcher import PackURLFetcher, RefusedResource

if TYPE_CHECKING:
    from pathlib import Path

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="pipes are a POSIX feature")


def _run(code: str) -> subprocess.CompletedProcess[str]:
    """Run code in a fresh interpreter; a read that blocks is stopped after 60 s."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=False,
    )


def _pack(tmp_path: Path) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "templates" / "standard", pack)
    return pack


@needs_fifo
@pytest.mark.parametrize("name", ["pack.yaml", "clauses.yaml", "contract.docx"])
def test_a_pipe_in_a_pack_is_refused_naming_it(tmp_path: Path, name: str) -> None:
    pack = _pack(tmp_path)
    (pack / name).unlink()
    os.mkfifo(pack / name)

    done = _run(
        f"""
        import sys
        import slaeditor
        try:
            slaeditor.render({str(TELECOM)!r}, {str(tmp_path / "c.docx")!r}, template={str(pack)!r})
        except Exception as error:
            print(error)
            sys.exit(1)
        """
    )

    assert done.returncode == 1, done.stderr
    assert name in done.stdout
    assert "not an ordinary file" in done.stdout


@needs_fifo
@pytest.mark.parametrize("kind", ["agreement", "library"])
def test_a_pipe_named_like_an_agreement_or_a_library_is_refused(tmp_path: Path, kind: str) -> None:
    path = tmp_path / ("deal.sla.yaml" if kind == "agreement" else "team.clauses.yaml")
    os.mkfifo(path)
    load = "slaeditor.load_agreement" if kind == "agreement" else "load_library"

    done = _run(
        f"""
        import sys
        import slaeditor
        from slaeditor.clauses.library import load_library
        try:
            {load}({str(path)!r})
        except Exception as error:
            print(error)
            sys.exit(1)
        """
    )

    assert done.returncode == 1, done.stderr
    assert path.name in done.stdout
    assert "not an ordinary file" in done.stdout


def test_a_hard_link_in_a_pack_does_not_carry_a_file_from_elsewhere_into_the_contract(
    tmp_path: Path,
) -> None:
    pack = _pack(tmp_path)
    secret = tmp_path / "private" / "notes.css"
    secret.parent.mkdir()
    secret.write_text("body::before { content: 'PRIVATE-SALARY-FILE'; }\n", encoding="utf-8")
    (pack / "contract.css").unlink()
    os.link(secret, pack / "contract.css")
    target = tmp_path / "contract.pdf"

    with pytest.raises(PackError, match="hard link") as raised:
        slaeditor.render(TELECOM, target, template=pack)

    assert raised.value.path == pack / "contract.css"
    assert not target.exists()


def test_the_fetcher_never_embeds_a_hard_linked_file(tmp_path: Path) -> None:
    """The second guard: a stylesheet reached while laying out is read as an ordinary file."""
    pack = _pack(tmp_path)
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red; }", encoding="utf-8")
    os.link(secret, pack / "linked.css")
    fetcher = PackURLFetcher([pack])

    with pytest.raises(RefusedResource, match="hard link"):
        fetcher.fetch((pack / "linked.css").as_uri())
    assert fetcher.refused == [(pack / "linked.css").as_uri()]
    assert fetcher.fetch((pack / "contract.css").as_uri()).read()  # its own files still serve


def test_a_hard_link_in_a_pack_skeleton_is_refused_naming_it(tmp_path: Path) -> None:
    pack = _pack(tmp_path)
    elsewhere = tmp_path / "elsewhere.docx"
    shutil.copy(pack / "contract.docx", elsewhere)
    (pack / "contract.docx").unlink()
    os.link(elsewhere, pack / "contract.docx")

    with pytest.raises(Exception, match="hard link") as raised:
        slaeditor.render(TELECOM, tmp_path / "c.docx", template=pack)
    assert "contract.docx" in str(raised.value)
