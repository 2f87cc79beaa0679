"""Clause-library figures for `make bench`: load and search a 5,000-clause library.

The library is generated from the starter library's real bodies (contract English with Jinja,
about 1.2 kB a variant), 2 or 3 variants a clause, each clause with its own title, tags and a
sentence of its own, so a search has to read real text and finds a realistic number of hits.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parent.parent
STARTER = ROOT / "templates" / "standard" / "clauses.yaml"
CLAUSES = 5000
QUERIES = ("c", "cr", "cre", "cred", "credit", "credit cl", "credit claim", "on-site engineer",
           "tribunal", "zzz-no-such-word")  # fmt: skip
PLACES = ("Leeds", "Glasgow", "Cardiff", "Belfast", "Bristol", "Tribunal", "Harbour", "Depot")


def _median_ms(action: Callable[[], object], rounds: int = 7) -> tuple[float, float]:
    """Return the median wall time and the median CPU time of this process, in ms.

    CPU time is what the code costs; wall time also counts waiting for a core, which on a
    shared machine (load average above the core count) can be several times more.
    """
    wall, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def write_big_library(path: Path, count: int = CLAUSES) -> int:
    """Write a canonical library of `count` clauses; return its size in bytes."""
    from slaeditor.clauses.library import load_library, new_library, save_library

    starter = load_library(STARTER)
    bodies = [body for clause in starter.clauses for body in clause.variants.values()]
    names = ("standard", "fallback", "customer-friendly")
    library = new_library(path, "Benchmark team", "Generated for make bench")
    for number in range(count):
        model = starter.clauses[number % len(starter.clauses)]
        place = PLACES[number % len(PLACES)]
        own = f"For the {place} office ({number}), notices also go to the site manager.\n\n"
        variants = {
            name: own + bodies[(number * 7 + index * 13) % len(bodies)]
            for index, name in enumerate(names[: 2 + number % 2])
        }
        library.clauses.append(
            dataclasses.replace(
                model,
                id=f"{model.id}-{number}",
                title=f"{model.title or 'Opening'} – {place} {number}",
                tags=(*model.tags, place.lower()),
                version=1 + number % 5,
                variants=variants,
            )
        )
    save_library(library)
    return path.stat().st_size


def library_figures() -> list[tuple[str, float, float, float | None]]:
    """Return (name, wall ms, CPU ms, target or None) for loading and searching."""
    from slaeditor.clauses.library import load_library
    from slaeditor.clauses.library_set import LibrarySet, LibrarySource

    with tempfile.TemporaryDirectory() as folder:
        os.environ["SLAEDITOR_CACHE_DIR"] = str(Path(folder) / "cache")
        path = Path(folder) / "big.clauses.yaml"
        size = write_big_library(path)
        sources = [LibrarySource("team", path), LibrarySource("pack", STARTER)]

        def first_read() -> None:
            shutil.rmtree(Path(folder) / "cache", ignore_errors=True)
            load_library(path)

        first = _median_ms(first_read, rounds=3)
        load_library(path)  # kept in the cache from here on
        load = _median_ms(lambda: load_library(path))
        build = _median_ms(lambda: LibrarySet(sources))
        library_set = LibrarySet(sources)
        searches = [_median_ms(functools.partial(library_set.search, q), 9) for q in QUERIES]
        if not library_set.search("credit claim"):
            raise AssertionError("the benchmark search finds nothing")
    slowest = max(searches)
    return [
        (f"load 5,000-clause library ({size / 1e6:.1f} MB), read before (cache)", *load, 500.0),
        ("  the same file read the first time (YAML reader)", *first, None),
        ("LibrarySet of it + the pack (load, index)", *build, 500.0),
        ("search 5,000 clauses, median keystroke", statistics.median(w for w, _ in searches),
         statistics.median(c for _, c in searches), 50.0),
        ("search 5,000 clauses, slowest keystroke", *slowest, 50.0),
    ]  # fmt: skip
