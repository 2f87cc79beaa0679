"""A layout in this process runs without the cycle collector, which is on again afterwards."""

from __future__ import annotations

import gc

import pytest

from slaeditor.writers.pdf import collector


def test_the_collector_is_off_while_laying_out_and_on_again_after_even_on_an_error() -> None:
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
