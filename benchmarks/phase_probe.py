"""Child of users_paths.py: run `slaeditor render FILE -o OUT` once and say where its time went.

    python benchmarks/phase_probe.py phases FILE OUT
        Runs the command's own entry point (slaeditor.cli.main) with its functions timed from
        outside: before the run, the functions of each phase are replaced by timing wrappers in
        every loaded module that holds them (no product file is changed). Each moment is
        counted once, in the innermost phase running then, so the phases add up to the run.
        Prints one JSON line: {"phases": {name: seconds}, "total": seconds, "missing": [...]}.
    python benchmarks/phase_probe.py cprofile FILE OUT PROFILE
        The same run under cProfile (no wrappers), the statistics dumped to PROFILE.

A function that is not there (the writer is being changed) is listed as missing, never fatal.
Work done in other processes (the confined text check, parallel part processes) is counted as
the wall time of the function in this process that waits for it.
"""

from __future__ import annotations

import time

_STARTED = time.perf_counter()  # before any import: the interpreter start is all that precedes

import builtins  # noqa: E402
import functools  # noqa: E402
import importlib  # noqa: E402
import inspect  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from typing import Any  # noqa: E402

IMPORT = "import (modules loaded while running)"
OTHER = "other (argparse, messages, checks, file)"

# (module, attribute or Class.method, phase), in the order a render meets them.
PHASES: list[tuple[str, str, str]] = [
    ("slaeditor.storage", "load_agreement", "load + validate"),
    ("slaeditor.clauses", "load_pack", "load + validate"),
    ("slaeditor.model.validation", "check", "load + validate"),
    ("slaeditor.model.validation", "errors", "load + validate"),
    ("slaeditor.cli.main", "_recorded_problems", "recorded texts (confined child)"),
    ("slaeditor.compose", "compose", "compose"),
    ("slaeditor.writers.pdf.writer", "contract_html", "HTML (pack skeleton)"),
    ("slaeditor.writers.pdf.writer", "_pack_files", "pack digest (layout key)"),
    ("weasyprint.text.fonts", "FontConfiguration.__init__", "fonts (FontConfiguration)"),
    ("weasyprint", "HTML.__init__", "HTML parse"),
    ("weasyprint.css", "get_all_computed_styles", "CSS cascade (selectors, styles)"),
    ("weasyprint.formatting_structure.build", "build_formatting_structure", "box tree"),
    ("weasyprint.layout", "layout_document", "layout (pagination)"),
    ("slaeditor.writers.pdf.writer", "_PdfRun.lay_out", "layout, rest of render()"),
    ("slaeditor.writers.pdf.parallel_layout", "lay_out", "parallel layout (part processes)"),
    ("weasyprint.document", "Document.write_pdf", "drawing + writing (WeasyPrint)"),
    ("slaeditor.writers.pdf.writer", "_PdfRun.write", "drawing + writing (WeasyPrint)"),
    ("weasyprint.document", "Page.paint", "drawing (paint pages)"),
    ("weasyprint.pdf.fonts", "build_fonts_dictionary", "font subsetting + embedding"),
    ("pydyf", "PDF.write", "PDF serialisation + compression"),
    ("slaeditor.writers.pdf.archive", "pdf_options", "PDF/A, signature fields, links"),
    ("slaeditor.writers.pdf.archive", "source_attachment", "PDF/A, signature fields, links"),
    ("slaeditor.writers.pdf.archive", "describe", "PDF/A, signature fields, links"),
    ("slaeditor.writers.pdf.archive", "finish", "PDF/A, signature fields, links"),
    ("slaeditor.writers.pdf.signature_fields", "locate_fields", "PDF/A, signature fields, links"),
    ("slaeditor.writers.pdf.signature_fields", "add_fields", "PDF/A, signature fields, links"),
    ("slaeditor.writers.pdf.signature_fields", "check_found", "PDF/A, signature fields, links"),
    ("slaeditor.writers.pdf.structure", "distinct_ids", "PDF/A, signature fields, links"),
    ("slaeditor.writers.pdf.structure", "drop_empty_links", "PDF/A, signature fields, links"),
    ("slaeditor.writers.pdf.contents", "single_links", "PDF/A, signature fields, links"),
    ("slaeditor.writers.pdf.contents", "remember", "PDF/A, signature fields, links"),
    ("slaeditor.writers.pdf.contents", "first_places", "PDF/A, signature fields, links"),
    ("slaeditor.writers.pdf.join_parts", "join", "join parts"),
]

# What the render command imports anyway; loaded first so that their functions can be wrapped.
PRELOAD = sorted({module for module, _, _ in PHASES} | {"slaeditor.app.api", "weasyprint.pdf"})


class Clock:
    """Counts each moment in the innermost phase running then."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self.stack: list[list[Any]] = [[OTHER, time.perf_counter()]]

    def enter(self, phase: str) -> None:
        now = time.perf_counter()
        top = self.stack[-1]
        self.totals[top[0]] = self.totals.get(top[0], 0.0) + now - top[1]
        self.stack.append([phase, now])

    def leave(self) -> None:
        now = time.perf_counter()
        phase, since = self.stack.pop()
        self.totals[phase] = self.totals.get(phase, 0.0) + now - since
        self.stack[-1][1] = now

    def timed(self, phase: str, function: Any) -> Any:
        if inspect.isgeneratorfunction(function):  # layout_document yields page after page
            return self._timed_generator(phase, function)

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            self.enter(phase)
            try:
                return function(*args, **kwargs)
            finally:
                self.leave()

        for name in ("cache_info", "cache_clear", "cache_parameters"):  # lru_cache's methods
            if hasattr(function, name):
                setattr(wrapper, name, getattr(function, name))
        return wrapper

    def _timed_generator(self, phase: str, function: Any) -> Any:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            generator = function(*args, **kwargs)
            while True:
                self.enter(phase)
                try:
                    item = next(generator)
                except StopIteration as stop:
                    return stop.value
                finally:
                    self.leave()
                yield item

        return wrapper


def _replace_everywhere(original: Any, wrapper: Any) -> None:
    """Put wrapper wherever a loaded module holds original (`from x import f` copies too)."""
    for module in list(sys.modules.values()):
        namespace = getattr(module, "__dict__", None)
        if not namespace:
            continue
        for name, value in list(namespace.items()):
            if value is original:
                setattr(module, name, wrapper)


def instrument(clock: Clock) -> list[str]:
    """Wrap every phase's functions; return the ones that were not found."""
    missing = []
    for module_name in PRELOAD:
        try:
            importlib.import_module(module_name)
        except ImportError:
            missing.append(module_name)
    for module_name, attribute, phase in PHASES:
        module = sys.modules.get(module_name)
        owner_name, _, method = attribute.rpartition(".")
        owner = getattr(module, owner_name, None) if owner_name else module
        original = getattr(owner, method or attribute, None) if owner is not None else None
        if original is None or not callable(original):
            missing.append(f"{module_name}:{attribute}")
            continue
        wrapper = clock.timed(phase, original)
        if owner_name:
            setattr(owner, method, wrapper)
        else:
            _replace_everywhere(original, wrapper)
    return missing


def _time_imports(clock: Clock) -> None:
    """Count the time spent loading modules as one phase, wherever it happens."""
    original_import = builtins.__import__
    original_import_module = importlib.import_module

    def timed_import(*args: Any, **kwargs: Any) -> Any:
        clock.enter(IMPORT)
        try:
            return original_import(*args, **kwargs)
        finally:
            clock.leave()

    def timed_import_module(*args: Any, **kwargs: Any) -> Any:
        clock.enter(IMPORT)
        try:
            return original_import_module(*args, **kwargs)
        finally:
            clock.leave()

    builtins.__import__ = timed_import
    importlib.import_module = timed_import_module  # type: ignore[assignment]


def phases(source: str, target: str) -> int:
    clock = Clock()
    clock.totals[IMPORT] = 0.0
    clock.stack[0][1] = _STARTED
    _time_imports(clock)
    missing = instrument(clock)
    from slaeditor.cli.main import main

    status = main(["render", source, "-o", target])
    now = time.perf_counter()
    clock.totals[OTHER] = clock.totals.get(OTHER, 0.0) + now - clock.stack[0][1]
    report = {"phases": clock.totals, "total": now - _STARTED, "missing": missing}
    print(json.dumps(report), file=sys.__stdout__, flush=True)
    return status


def profile(source: str, target: str, path: str) -> int:
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
    from slaeditor.cli.main import main

    status = main(["render", source, "-o", target])
    profiler.disable()
    profiler.dump_stats(path)
    return status


if __name__ == "__main__":
    mode, *arguments = sys.argv[1:]
    sys.exit(phases(*arguments) if mode == "phases" else profile(*arguments))
