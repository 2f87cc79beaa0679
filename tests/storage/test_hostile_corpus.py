"""The hostile-file corpus (tests/data/hostile): each file is refused or shown as typed.

Each file's first lines say what it attacks and what must happen. They go through the command
a user or a script runs (`slaeditor validate`, `slaeditor render`) in a process of its own with
a time limit, so a hang or a crash fails here instead of hanging the suite.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, pdf_text

CORPUS = ROOT / "tests" / "data" / "hostile"
REFUSED = {
    # file: words the one-line refusal must hold (each names the field or line too)
    "alias-bomb.sla.yaml": ["line 4", "remove the aliases"],
    "control-character.sla.yaml": ["provider.short_name", "U+0007"],
    "deep-nesting.sla.yaml": ["line 9", "far more deeply"],
    "direction-mark.sla.yaml": ["provider.name", "U+200F"],
    "key-twice.sla.yaml": ["document.version", "written twice", "first on line 11"],
    "octal-number.sla.yaml": ["line 83", "term.non_renewal_notice_days", "030 as 30"],
    "python-tag.sla.yaml": ["line 10", "!!python/object/apply:os.system"],
    "runaway-memory.sla.yaml": ["clauses.credits-claims", "Claiming Service Credits", "MB"],
    "runaway-time.sla.yaml": ["clauses.credits-claims", "Claiming Service Credits", "stopped"],
}


def _slaeditor(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "slaeditor.cli", *arguments],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_the_corpus_is_what_this_test_expects() -> None:
    names = {path.name for path in CORPUS.glob("*.sla.yaml")}
    assert names == {*REFUSED, "markup-in-values.sla.yaml"}
    for path in CORPUS.glob("*.sla.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[:2]
        assert first[0].startswith("# ") and first[1].startswith("# Expected: "), path.name


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_hostile_file_is_refused_in_one_message_naming_where(name: str) -> None:
    done = _slaeditor("validate", str(CORPUS / name))

    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    for words in REFUSED[name]:
        assert words in done.stderr, done.stderr
    assert not Path("/tmp/slaeditor-pwned").exists()


@pytest.mark.parametrize("name", ["runaway-memory.sla.yaml", "runaway-time.sla.yaml"])
def test_a_runaway_text_stops_the_render_before_any_contract_is_written(
    name: str, tmp_path: Path
) -> None:
    target = tmp_path / "contract.pdf"

    done = _slaeditor("render", str(CORPUS / name), "-o", str(target))

    assert done.returncode == 1
    assert "Claiming Service Credits" in done.stderr and "Traceback" not in done.stderr
    assert not target.exists()


def test_markup_in_values_is_printed_as_the_characters_typed(tmp_path: Path) -> None:
    source = CORPUS / "markup-in-values.sla.yaml"
    target = tmp_path / "contract.pdf"
    assert _slaeditor("validate", str(source)).returncode == 0

    done = _slaeditor("render", str(source), "-o", str(target))

    assert done.returncode == 0, done.stderr
    assert "<img src=“/dev/zero”><b>Freight</b>" in pdf_text(target).replace("\n", " ")
