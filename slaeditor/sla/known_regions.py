"""Which region codes the installed `holidays` package knows, kept from one process to the next.

Checking a calendar's region (public_holidays.region_problem) imports the package and builds
the region's calendar, about 130 ms, in every process that loads an agreement naming one:
most of a `render` command's loading. The answer for a code only changes with the package,
so the answers are kept as one small JSON file per installed version of it in the user's
cache (`resources.cache_dir("holidays")`, private: cache_folder). A file that cannot be read
or written only costs the check.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from slaeditor import cache_folder
from slaeditor.resources import cache_dir

if TYPE_CHECKING:
    from pathlib import Path

MAX_CODES = 500
"""The codes kept (the world has about 250 countries and some of their subdivisions)."""


def answers() -> dict[str, str | None]:
    """Return the kept answers: each code checked before, and its problem or None."""
    path = answers_file()
    if path is None:
        return {}
    found = cache_folder.read_json(path)
    if not isinstance(found, dict):
        return {}
    return {
        code: problem
        for code, problem in found.items()
        if isinstance(code, str) and (problem is None or isinstance(problem, str))
    }


def keep(code: str, problem: str | None) -> None:
    """Add one code's answer to the kept ones (the file is replaced whole)."""
    path = answers_file()
    if path is None:
        return
    kept = {**answers(), code: problem}
    if len(kept) > MAX_CODES:  # codes typed at random, not regions in use: keep no more
        return
    cache_folder.write_json(path, kept)


@functools.cache
def answers_file() -> Path | None:
    """Return the answers' file for the installed package; None where it cannot be kept."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        installed = version("holidays")
    except PackageNotFoundError:  # a bundle without the package's metadata: always check
        return None
    folder = cache_dir("holidays")
    if not cache_folder.private(folder):
        return None
    return folder / f"regions-{installed}.json"
