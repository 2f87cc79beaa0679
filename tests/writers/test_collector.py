"""A layout in this process runs without the cycle collector, which looks at it afterwards.

Laid out in one pass (macOS, Windows, one core), the telecom contract set Python's collector
off ~1,400 times, a dozen of them over every object of the process; paused, it looks once.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

import pytest
from helpers import ROOT

from slaeditor import load_agreement
from slaeditor.clauses import load_pack
from slaeditor.compose import compose
from slaeditor.writers.pdf import collector
from slaeditor.writers.pdf.forking import PARALLEL_ENV
from slaeditor.writers.pdf.writer import write_pdf

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"
CYCLES = 20_000


@pytest.fixture
def collections() -> Iterator[list[dict[str, Any]]]:
    """The collections the block's code sets off, each with its generation and count."""
    seen: list[dict[str, Any]] = []

    def record(phase: str, info: dict[str, Any]) -> None:
        if phase == "stop":
            seen.append(info)

    gc.collect()  # nothing left over from earlier tests
    gc.callbacks.append(record)
    try:
        yield seen
    finally:
        gc.callbacks.remove(record)


def _cycles() -> None:
    for _ in range(CYCLES):
        pair: list[Any] = []
        pair.append([pair])


def test_a_one_pass_export_is_laid_out_and_written_without_a_collection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, collections: list[dict[str, Any]]
) -> None:
    monkeypatch.setenv(PARALLEL_ENV, "0")  # in this process, as on macOS and Windows
    agreement = load_agreement(TELECOM)
    pack = load_pack(agreement.template, TELECOM.parent)
    contract = compose(agreement, pack)
    write_pdf(contract, pack, tmp_path / "first.pdf")  # WeasyPrint loaded, as in a warm process
    collections.clear()
    write_pdf(contract, pack, tmp_path / "contract.pdf")
    assert (tmp_path / "contract.pdf").stat().st_size > 100_000
    assert gc.isenabled()
    full = [info for info in collections if info["generation"] == 2]
    assert not full, "the collector walked the whole process while the contract was laid out"
    assert len(collections) < 20, f"{len(collections)} collections (~1,400 without the pause)"


def test_the_collector_is_on_again_after_the_block_even_after_an_error() -> None:
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError, match="a broken template"), collector.paused():
        raise ValueError("a broken template")
    assert gc.isenabled(), "an error while laying out must not leave the collector off"


def test_a_process_that_runs_without_the_collector_keeps_it_off() -> None:
    gc.disable()  # as a part process does (forking.fork_child)
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_answer_goes_out_before_the_collector_looks_at_what_the_work_made(
    collections: list[dict[str, Any]],
) -> None:
    events: list[str] = []
    collections.clear()
    collector.answered_first(_cycles, lambda _: events.append(f"answered, {len(collections)}"))
    assert events == ["answered, 0"], "a collection came before the answer"
    assert sum(info["collected"] for info in collections) >= 2 * CYCLES, "the cycles were kept"
    assert gc.isenabled()
