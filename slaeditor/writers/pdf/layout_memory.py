"""Facts of earlier layouts, kept on disk for the next process: page counts, heading pages.

A layout's facts are small and follow from what was laid out: how many pages each part of
the contract takes, the page of each heading (which the Word file's contents shows, through
writer.heading_pages) and a contents part's page count (contents_guess). Kept in memory only,
they were lost with every `render` command: a Word export laid the whole PDF out again for
its contents' page numbers just after the PDF of the same agreement had been written, and
every command laid its contents out twice (once to count its pages).

They are kept here as small JSON files in the user's cache (`resources.cache_dir("layout")`),
each named by a digest of what decides it and of what found it (our code, the layout
libraries' versions, the installed fonts); the folder is private and bounded like the
compiled templates' (cache_folder). A page count or a guess read back is checked by the
layout that uses it (a wrong one costs a second layout, never a wrong PDF). Heading pages are
not checked: they are those laid out for the same HTML, pack files, code and fonts, and the
Word file marks its contents to be updated when opened anyway. An entry that cannot be read
or written is as good as none.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from pathlib import Path
from typing import Any

from slaeditor import cache_folder
from slaeditor.resources import cache_dir
from slaeditor.templating.code_cache import code_stamp

SUFFIX = ".json"
KEEP = 2048
"""Entries kept: the parts, contents and heading pages of the agreements in use."""
PRUNE_EVERY = 128
"""A process looks at the folder's size on its first write and then every so many writes."""
MAX_BYTES = cache_folder.MAX_JSON_BYTES
"""An entry is a few hundred bytes; one larger than this is not read."""


_WRITTEN = [0]  # entries this process wrote (it prunes on the first and every PRUNE_EVERY)
_SAFE: dict[Path, bool] = {}  # each folder used, and whether it is private (checked once)


def recall(kind: str, key: str) -> Any:
    """Return what was kept as `kind` for `key` (as JSON gave it back), or None."""
    path = _entry(kind, key)
    if path is None:
        return None
    value = cache_folder.read_json(path)
    if value is None:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # pruned last
    return value


def keep(kind: str, key: str, value: Any) -> None:
    """Keep a JSON-able value as `kind` for `key` (written whole, or not at all)."""
    path = _entry(kind, key)
    if path is None:
        return
    if not cache_folder.write_json(path, value):
        return
    if _WRITTEN[0] % PRUNE_EVERY == 0:
        cache_folder.prune(path.parent, KEEP, SUFFIX)
    _WRITTEN[0] += 1


def forget() -> None:
    """Remove every kept fact (the benchmark and the tests lay out with nothing known)."""
    folder = cache_dir("layout")
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if SUFFIX in entry.name:
                with contextlib.suppress(OSError):
                    Path(entry.path).unlink()


def _entry(kind: str, key: str) -> Path | None:
    folder = cache_dir("layout")
    if folder not in _SAFE:
        _SAFE[folder] = cache_folder.private(folder)
    if not _SAFE[folder]:
        return None
    name = hashlib.sha256(f"{_program()}\n{kind}\n{key}".encode("utf-8", "surrogatepass"))
    return folder / f"{kind}-{name.hexdigest()[:40]}{SUFFIX}"


LIBRARIES = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "pyphen", "fonttools")
FONT_CACHES = (Path("/var/cache/fontconfig"), Path.home() / ".cache" / "fontconfig")
"""Fontconfig's caches, rewritten whenever fonts are installed, changed or removed."""


@functools.cache
def _program() -> str:
    """Name what lays out: our code, the layout libraries' versions, the installed fonts.

    The fonts are named by the time fontconfig's caches last changed: a font installed or
    updated changes the layout of text set in it.
    """
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    parts = [code_stamp()]
    for library in LIBRARIES:
        try:
            parts.append(f"{library} {installed(library)}")
        except PackageNotFoundError:  # a bundle without the library's metadata
            parts.append(f"{library} ?")
    for fonts in FONT_CACHES:
        with contextlib.suppress(OSError):
            parts.append(f"{fonts} {fonts.stat().st_mtime_ns}")
    return repr(parts)
