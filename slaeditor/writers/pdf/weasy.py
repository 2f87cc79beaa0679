"""Import WeasyPrint without the ~20 `ldconfig` and `gcc` runs of its library look-ups.

WeasyPrint loads Pango, HarfBuzz, fontconfig and GObject through cffi by a list of names per
library ("libgobject-2.0-0", "gobject-2.0-0", "gobject-2.0", "libgobject-2.0.so.0", ...).
cffi hands every name it cannot open as it is to `ctypes.util.find_library`, which on Linux
starts `ldconfig -p`, then `gcc` and `ld`, for each name: 22 look-ups at ~9 ms each, about
0.2 s of every process that renders a PDF (and of the Word writer, which needs the PDF's page
numbers). On Linux `find_library` answers with a library's file name, never a path, and that
name is then opened by the dynamic loader; WeasyPrint's lists hold those names themselves
(`libgobject-2.0.so.0`), which the loader opens directly. So while WeasyPrint is imported,
`find_library` answers "not found" at once, and each library is opened by its own name from
the list, the same file the look-up would have named.

Should that fail (a system whose libraries carry other names than WeasyPrint lists), the
import is done again with the real look-ups, as before. Elsewhere than Linux nothing changes:
`find_library` starts no programs there. Import WeasyPrint through `load()` first, wherever
the writer may be the first to use it.
"""

from __future__ import annotations

import contextlib
import io
import sys


def load() -> None:
    """Import WeasyPrint (once per process), its libraries opened by name on Linux."""
    if "weasyprint" in sys.modules:
        return
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            _import_by_soname()
            return
        _forget_partial_import()
    import weasyprint  # noqa: F401 - the usual look-ups, and WeasyPrint's own message if none works


def _not_found(_name: str) -> None:
    """Stand in for ctypes.util.find_library while WeasyPrint loads its libraries."""
    return None


def _import_by_soname() -> None:
    import ctypes.util

    original = ctypes.util.find_library
    ctypes.util.find_library = _not_found  # type: ignore[assignment]
    try:
        # WeasyPrint prints installation advice before its last try; that try is ours to retry.
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = original


def _forget_partial_import() -> None:
    """Drop the WeasyPrint modules a failed import left, so that it can start again."""
    for name in [name for name in sys.modules if name.split(".")[0] == "weasyprint"]:
        del sys.modules[name]
