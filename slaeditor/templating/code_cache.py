"""Compiled templates kept on disk, so a one-off command does not compile them again.

Compiling a contract's clause texts and its layout skeletons from Jinja to Python code is
most of a command's compose step (about 170 ms of 190 for the telecom example), and the code
made from one text never changes. Jinja's FileSystemBytecodeCache keeps it in the user's
cache folder (`resources.cache_dir("templates")`), one file per text. The key holds the text,
the sandbox's settings and the source of our code generator (budget.py), so a changed
generator or setting never runs code made by the old one; Jinja's own header holds its cache
format and the Python version. A text typed in the window is an entry too: the folder is
pruned to the KEEP most recently written. An entry that cannot be read is compiled again, and
a folder that cannot be written only costs the compile.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import inspect
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

from slaeditor.resources import cache_dir

if TYPE_CHECKING:
    from jinja2 import Environment

KEEP = 4096
"""Entries kept: every clause of the packs and libraries in use, and recent typing."""
PRUNE_EVERY = 256
"""A process looks at the folder's size on its first write and then every so many writes."""
SUFFIX = ".jinja"


class CodeCache(FileSystemBytecodeCache):
    """Jinja's file cache, keyed also by the environment's settings, and kept bounded."""

    def __init__(self, directory: Path) -> None:
        super().__init__(str(directory), "%s" + SUFFIX)
        self.written = 0

    def get_bucket(
        self, environment: Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        """Return the bucket of a template as this environment compiles it."""
        return super().get_bucket(environment, fingerprint(environment) + name, filename, source)

    def load_bytecode(self, bucket: Bucket) -> None:
        """Read an entry; one that cannot be read is as good as none."""
        try:
            super().load_bytecode(bucket)
        except Exception:  # a torn or foreign file: compile again and overwrite it
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Write an entry; a folder that cannot be written is no error."""
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            return
        if self.written % PRUNE_EVERY == 0:
            prune(Path(self.directory))
        self.written += 1


def prune(folder: Path, keep: int = KEEP) -> None:
    """Drop the least recently written entries beyond `keep`."""
    try:
        entries = [entry for entry in os.scandir(folder) if entry.name.endswith(SUFFIX)]
    except OSError:
        return
    if len(entries) <= keep:
        return
    entries.sort(key=_written, reverse=True)
    for stale in entries[keep:]:
        with contextlib.suppress(OSError):
            Path(stale.path).unlink()


def _written(entry: os.DirEntry[str]) -> float:
    try:
        return entry.stat().st_mtime
    except OSError:
        return 0.0


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
    """Return what, besides the text, decides the code an environment compiles a text to."""
    found = getattr(environment, "code_fingerprint", None)
    if isinstance(found, str):
        return found
    made = _settings_digest(environment)
    with contextlib.suppress(AttributeError):
        environment.code_fingerprint = made  # type: ignore[attr-defined]
    return made


def _settings_digest(environment: Environment) -> str:
    settings: list[Any] = [
        jinja2.__version__,
        _qualified(type(environment)),
        _generator_source(environment.code_generator_class),
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
        environment.finalize is not None,
        sorted(getattr(environment, "intercepted_binops", ())),
        sorted(getattr(environment, "intercepted_unops", ())),
    ]
    return hashlib.sha256(repr(settings).encode("utf-8")).hexdigest()[:24] + ":"


def _qualified(kind: type) -> str:
    return f"{kind.__module__}.{kind.__qualname__}"


def _described(value: object) -> str:
    if callable(value):
        name = getattr(value, "__qualname__", type(value).__qualname__)
        return f"{getattr(value, '__module__', '')}.{name}"
    return repr(value)


def _generator_source(generator: type) -> str:
    """Hash the source of the code generator's own classes (Jinja's is in its version).

    Where the source is not on disk (a bundle), the application's version stands for it.
    """
    known = _GENERATORS.get(_qualified(generator))
    if known is None:
        known = _GENERATORS[_qualified(generator)] = _source_digest(generator)
    return known


_GENERATORS: dict[str, str] = {}


def _source_digest(generator: type) -> str:
    digest = hashlib.sha256()
    for kind in generator.__mro__:
        if kind.__module__.split(".")[0] == "jinja2" or kind is object:
            continue
        try:
            digest.update(Path(inspect.getfile(kind)).read_bytes())
        except (OSError, TypeError):
            from slaeditor.version import version

            digest.update(f"{_qualified(kind)} {version()}".encode())
    return digest.hexdigest()
