"""A contents part laid out once on a guessed page count makes the PDF an unguessed layout makes.

The warm API and the preview change the customer's short name between exports; it is in the
running header (the parts' prefix), so no part's page count is known again, and the contents
would be laid out twice (contents_guess). Its page count is guessed from the previous export
and checked; a wrong guess lays the parts out again.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import replace
from typing import TYPE_CHECKING

import pytest
from helpers import ROOT
from pypdf import PdfReader

from slaeditor import load_agreement
from slaeditor.clauses import load_pack
from slaeditor.compose import compose
from slaeditor.resources import templates_dir
from slaeditor.writers.pdf import contents_guess, layout_memory
from slaeditor.writers.pdf import parallel_layout as parts
from slaeditor.writers.pdf.writer import write_pdf

if TYPE_CHECKING:
    from pathlib import Path

    from slaeditor.clauses import Pack
    from slaeditor.model import Agreement

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2,
    reason="parts are laid out in parallel only on Linux with two or more cores",
)


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(parts.PARALLEL_ENV, raising=False)
    parts.clear_cache()


def _renamed(agreement: Agreement, short_name: str) -> Agreement:
    assert agreement.customer is not None
    customer = agreement.customer.model_copy(update={"short_name": short_name})
    return agreement.model_copy(update={"customer": customer})


def _render(agreement: Agreement, target: Path, pack: Pack | None = None) -> list[str]:
    pack = pack or load_pack(agreement.template)
    write_pdf(compose(agreement, pack), pack, target, source="source: test\n")
    return [page.extract_text() or "" for page in PdfReader(target).pages]


def test_a_new_short_name_lays_the_contents_out_on_the_guessed_page_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    agreement = load_agreement(TELECOM)
    _render(_renamed(agreement, "Warm"), tmp_path / "warm.pdf")  # one pass: the process warms
    _render(_renamed(agreement, "First"), tmp_path / "first.pdf")  # in parts: the facts kept
    assert len(parts.CACHE.guesses.kept) == 1
    guessed = _render(_renamed(agreement, "Second"), tmp_path / "guessed.pdf")
    parts.clear_cache()
    _render(_renamed(agreement, "First"), tmp_path / "again.pdf")  # facts kept, no guess
    parts.CACHE.guesses.clear()
    layout_memory.forget()  # and the guess the render of "First" kept on disk
    unguessed = _render(_renamed(agreement, "Second"), tmp_path / "unguessed.pdf")
    assert guessed == unguessed
    assert "Second" in guessed[2]


def test_a_wrong_guess_lays_the_parts_out_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    agreement = load_agreement(TELECOM)
    _render(_renamed(agreement, "Warm"), tmp_path / "warm.pdf")
    right = _render(_renamed(agreement, "First"), tmp_path / "first.pdf")
    [key] = parts.CACHE.guesses.kept
    kept = parts.CACHE.guesses.kept[key]
    parts.CACHE.guesses.kept[key] = replace(kept, pages=kept.pages + 1)
    wrong: list[int] = []
    original = contents_guess.Guesses.wrong

    def noted(self: contents_guess.Guesses, split: parts.Split, index: int) -> Exception:
        wrong.append(index)
        return original(self, split, index)

    monkeypatch.setattr(contents_guess.Guesses, "wrong", noted)
    second = _render(_renamed(agreement, "Second"), tmp_path / "second.pdf")
    assert wrong == [1]
    assert parts.CACHE.guesses.kept[key] == kept  # the layout's own facts replaced the guess
    parts.clear_cache()
    assert second == _render(_renamed(agreement, "Second"), tmp_path / "unguessed.pdf")
    assert len(second) == len(right)


def test_no_part_laid_out_on_a_wrong_guess_is_kept_as_right(tmp_path: Path) -> None:
    """The parts laid out with a wrongly guessed page total print it: none may be reused.

    In a pack whose title page shows "Page 1 of N" too, the title page laid out on the wrong
    guess was kept under the right total and came back in the PDF laid out again.
    """
    folder = tmp_path / "footed"
    shutil.copytree(templates_dir() / "standard", folder)
    stylesheet = folder / "contract.css"
    cover = "@page cover {\n  @top-left { content: none; }\n  @bottom-right { content: none; }\n"
    text = stylesheet.read_text(encoding="utf-8")
    assert cover in text
    stylesheet.write_text(
        text.replace(cover, "@page cover {\n  @top-left { content: none; }\n"), encoding="utf-8"
    )
    pack = load_pack(folder)
    agreement = load_agreement(TELECOM)
    _render(_renamed(agreement, "Warm"), tmp_path / "warm.pdf", pack)
    _render(_renamed(agreement, "First"), tmp_path / "first.pdf", pack)
    [key] = parts.CACHE.guesses.kept
    kept = parts.CACHE.guesses.kept[key]
    parts.CACHE.guesses.kept[key] = replace(kept, pages=kept.pages + 1)
    second = _render(_renamed(agreement, "Second"), tmp_path / "second.pdf", pack)
    total = len(second)
    assert f"Page 1 of {total}" in second[0], "the title page kept from the wrong guess"
    parts.clear_cache()
    assert second == _render(_renamed(agreement, "Second"), tmp_path / "unguessed.pdf", pack)
