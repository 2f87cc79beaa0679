"""Files nested thousands of levels deep are reported with their line, never a traceback.

PyYAML composes recursively, so a shared library, a template pack or a mailed agreement with
`[[[[...` a few thousand deep raised RecursionError out of `clauses check`, the wizard and
`validate`.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest
from helpers import ROOT

from slaeditor.clauses import load_pack
from slaeditor.clauses.library import LibraryError, load_library
from slaeditor.clauses.pack import PackError
from slaeditor.cli.main import main
from slaeditor.storage import AgreementFileError, load_agreement

if TYPE_CHECKING:
    from pathlib import Path

DEEP = "[" * 20_000 + "]" * 20_000
MESSAGE = "nests lists or mappings far more deeply than any file needs"


@pytest.mark.parametrize(
    "nesting",
    [DEEP, "\n" + "".join("  " * level + "-\n" for level in range(1, 3000))],
    ids=["brackets", "indentation"],
)
def test_a_deeply_nested_library_is_reported_with_its_line(tmp_path: Path, nesting: str) -> None:
    path = tmp_path / "deep.clauses.yaml"
    path.write_text(f"library: {{name: Deep}}\nclauses: {nesting}\n", encoding="utf-8")
    with pytest.raises(LibraryError) as caught:
        load_library(path)
    assert MESSAGE in caught.value.message
    assert caught.value.line is not None and caught.value.line >= 2


def test_clauses_check_says_so_in_one_line_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deep.clauses.yaml"
    path.write_text(f"library: {{name: Deep}}\nclauses: {DEEP}\n", encoding="utf-8")
    assert main(["clauses", "check", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{path}, line 2: " in err and MESSAGE in err


def test_a_deeply_nested_agreement_file_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "mailed.sla.yaml"
    path.write_text(f"schema_version: 1\nclauses: {DEEP}\n", encoding="utf-8")
    with pytest.raises(AgreementFileError) as caught:
        load_agreement(path)
    assert MESSAGE in str(caught.value) and caught.value.line == 2


def test_a_deeply_nested_pack_is_reported_with_its_line(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "templates" / "standard", pack)
    (pack / "clauses.yaml").write_text(f"clauses: {DEEP}\n", encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_pack(pack)
    assert MESSAGE in caught.value.message and caught.value.line == 1
