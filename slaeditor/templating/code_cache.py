"""Compiled templates kept on disk, so a one-off command does not compile them again.

Compiling a contract's clause texts and its layout skeletons from Jinja to Python code is
most of a command's compose step (about 140 ms of 190 for the telecom example), and the code
made from one text never changes. Jinja's FileSystemBytecodeCache keeps it in the user's
cache folder (`resources.cache_dir("templates")`), one file per text. The key holds the text
and everything else the code depends on (fingerprint): the sandbox's settings, its filters
and their bound state (Jinja evaluates a filter of constants while compiling), and the code
that may run, so a changed setting, filter or program never runs code made by the old one.
Jinja's own header holds its cache format and the Python version. A text typed in the window
is an entry too: the folder is pruned to the KEEP most recently used. An entry that cannot be
read is compiled again, and a folder that cannot be written, or that someone else may write
to, only costs the compile.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2.bccache import Bucket, FileSystemBytecodeCache

from slaeditor import cache_folder
from slaeditor.resources import cache_dir

if TYPE_CHECKING:
    from jinja2 import Environment

KEEP = 4096
"""Entries kept: every clause of the packs and libraries in use, and recent typing."""
PRUNE_EVERY = 256
"""A process looks at the folder's size on its first write and then every so many writes."""
SUFFIX = ".jinja"


class CodeCache(FileSystemBytecodeCache):
    """Jinja's file cache, keyed also by the environment's settings, and kept bounded.

    Its entries are code that runs outside the sandbox, so the folder is made private (0700)
    and used only while it belongs to this user and no one else may write to it.
    """

    def __init__(self, directory: Path) -> None:
        super().__init__(str(directory), "%s" + SUFFIX)
        self.written = 0
        self.safe: bool | None = None

    def get_bucket(
        self, environment: Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        """Return the bucket of a template as this environment compiles it."""
        return super().get_bucket(environment, fingerprint(environment) + name, filename, source)

    def load_bytecode(self, bucket: Bucket) -> None:
        """Read an entry (and mark it used); one that cannot be read is as good as none."""
        if not self.usable():
            return
        try:
            super().load_bytecode(bucket)
        except Exception:  # a torn or foreign file: compile again and overwrite it
            bucket.reset()
        if bucket.code is not None:
            with contextlib.suppress(OSError):
                os.utime(Path(self.directory) / (self.pattern % bucket.key))  # pruned last

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Write an entry; a folder that cannot be written is no error."""
        if not self.usable():
            return
        try:
            super().dump_bytecode(bucket)
        except OSError:
            return
        if self.written % PRUNE_EVERY == 0:
            prune(Path(self.directory))
        self.written += 1

    def usable(self) -> bool:
        """Make the folder if need be; tell whether it is this user's alone (checked once)."""
        if self.safe is None:
            self.safe = cache_folder.private(Path(self.directory))
        return self.safe


def prune(folder: Path, keep: int = KEEP) -> None:
    """Drop the least recently used entries beyond `keep`, and abandoned half-written ones."""
    cache_folder.prune(folder, keep, SUFFIX)


def shared() -> CodeCache:
    """Return the cache of this process's cache folder."""
    return _cache_in(cache_dir("templates"))


@functools.lru_cache(maxsize=4)
def _cache_in(folder: Path) -> CodeCache:
    return CodeCache(folder)


def text_key(source: str) -> str:
    """Return the name a template made from a string is kept under: its text's hash."""
    return "text:" + hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()


def fingerprint(environment: Environment) -> str:
    """Return what, besides the text, decides the code an environment compiles a text to.

    Jinja evaluates a filter whose arguments are constants while compiling (`{{ 500|money }}`
    becomes the printed text), so the key holds each filter's and test's name, function and
    bound state (a formatter's locale and currency), the finalize function, and the code all
    of them may run: every source file of this package (by path, size and time), the versions
    of Jinja, MarkupSafe and Babel, and in a bundle its version and build time.
    """
    found = getattr(environment, "code_fingerprint", None)
    if isinstance(found, str):
        return found
    made = _settings_digest(environment)
    with contextlib.suppress(AttributeError):
        environment.code_fingerprint = made  # type: ignore[attr-defined]
    return made


def _settings_digest(environment: Environment) -> str:
    settings: list[Any] = [
        code_stamp(),
        _qualified(type(environment)),
        _qualified(environment.code_generator_class),
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        environment.is_async,
        sorted(environment.extensions),
        _described(environment.autoescape),
        _described(environment.finalize),
        sorted(getattr(environment, "intercepted_binops", ())),
        sorted(getattr(environment, "intercepted_unops", ())),
        [(name, _described(environment.filters[name])) for name in sorted(environment.filters)],
        [(name, _described(environment.tests[name])) for name in sorted(environment.tests)],
    ]
    return hashlib.sha256(repr(settings).encode("utf-8")).hexdigest()[:24] + ":"


def _qualified(kind: type) -> str:
    return f"{kind.__module__}.{kind.__qualname__}"


def _described(value: object) -> str:
    """Name a setting; a callable by its function, and a bound method with its object's state.

    A built-in function (`len`, `abs`) is "bound" to its module: a module is named, not its
    namespace, which holds whatever a program put there (IPython's `display`, a profiler's
    `__import__`), printed with addresses that differ in every process.
    """
    if not callable(value):
        return repr(value)
    name = getattr(value, "__qualname__", type(value).__qualname__)
    owner = getattr(value, "__self__", None)
    if isinstance(owner, types.ModuleType):
        return f"{owner.__name__}.{name}"
    state = repr(sorted(vars(owner).items())) if hasattr(owner, "__dict__") else ""
    return f"{getattr(value, '__module__', '')}.{name}{state}"


@functools.cache
def code_stamp() -> str:
    """Stamp the code a template's compilation may run: ours, and the libraries it calls."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    from slaeditor.version import version

    parts = [version()]
    for library in ("jinja2", "markupsafe", "babel"):
        try:
            parts.append(f"{library} {installed(library)}")
        except PackageNotFoundError:  # a bundle without the library's metadata
            parts.append(f"{library} ?")
    if getattr(sys, "frozen", False):  # a bundle: its build
        with contextlib.suppress(OSError):
            parts.append(str(Path(sys.executable).stat().st_mtime_ns))
        return repr(parts)
    package = Path(__file__).resolve().parent.parent
    for source in sorted(package.rglob("*.py")):
        with contextlib.suppress(OSError):
            found = source.stat()
            parts.append(f"{source.relative_to(package)} {found.st_size} {found.st_mtime_ns}")
    return repr(parts)
