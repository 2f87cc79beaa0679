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
Work done in other processes (the confined text check, the layout process) is counted as the
wall time of the function in this process that waits for it. The command's layout process
(early_start, forked before the imports) counts its own phases from its fork and reports them
under "layout process"; the part processes it forks are counted as the time it waits for them.
WeasyPrint is not loaded before the command starts, since loading it alongside is what the
layout process is for: its functions are wrapped when writer.prepare has loaded it.
"""

from __future__ import annotations

import time

_STARTED = time.perf_counter()  # before any import: the interpreter start is all that precedes

import builtins  # noqa: E402
import functools  # noqa: E402
import gc  # noqa: E402
import importlib  # noqa: E402
import inspect  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

IMPORT = "import (modules loaded while running)"
WAITING = "waiting for the layout process"
IDLE = "idle until the contract arrives"
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
    ("slaeditor.writers.pdf.early_start", "Helper.call", WAITING),
]

# What the render command imports anyway; loaded first so that their functions can be wrapped.
# WeasyPrint is not: the command loads it in its layout process (early_start), while composing;
# its functions are wrapped once writer.prepare has loaded it, in whichever process that is.
PRELOAD = sorted(
    {module for module, _, _ in PHASES if not module.startswith("weasyprint")}
    | {"slaeditor.app.api"}
)
LATE = sorted(
    {module for module, _, _ in PHASES if module.startswith("weasyprint")} | {"weasyprint.pdf"}
)


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


def instrument(clock: Clock, modules: list[str] = PRELOAD) -> list[str]:
    """Wrap the phases' functions of these modules; return the ones that were not found."""
    missing = []
    for module_name in modules:
        try:
            importlib.import_module(module_name)
        except ImportError:
            missing.append(module_name)
    for module_name, attribute, phase in PHASES:
        if module_name not in modules:
            continue
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


def follow_the_layout_process(clock: Clock, report: Path) -> list[str]:
    """Time WeasyPrint where it is loaded, and have the layout process report its own phases.

    writer.prepare loads WeasyPrint (in the command's layout process, or here without one):
    its phases are wrapped once it returns. A forked process starts its own count; the one
    that lays the contract out writes its phases to `report` when write_pdf or heading_pages
    returns.
    """
    from slaeditor.writers.pdf import writer

    main_pid = os.getpid()
    missing: list[str] = []
    original_fork = os.fork
    original_prepare = writer.prepare

    def fork() -> int:
        pid = original_fork()
        if pid == 0:
            clock.totals = {}
            clock.stack = [[OTHER, time.perf_counter()]]
        return pid

    @functools.wraps(original_prepare)
    def prepare() -> None:
        clock.enter("WeasyPrint, fonts (writer.prepare)")
        try:
            original_prepare()
        finally:
            clock.leave()
        if not getattr(prepare, "done", False):
            prepare.done = True  # type: ignore[attr-defined]
            missing.extend(instrument(clock, LATE))

    def reported(function: Any) -> Any:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if os.getpid() == main_pid:
                return function(*args, **kwargs)
            now = time.perf_counter()  # what came before, since the fork, was waiting
            clock.totals[IDLE] = clock.totals.pop(OTHER, 0.0) + now - clock.stack[0][1]
            clock.stack[0][1] = now
            try:
                return function(*args, **kwargs)
            finally:
                end = time.perf_counter()
                clock.totals[OTHER] = clock.totals.get(OTHER, 0.0) + end - clock.stack[0][1]
                report.write_text(json.dumps(clock.totals))

        return wrapper

    os.fork = fork
    _replace_everywhere(original_prepare, prepare)
    for name in ("write_pdf", "heading_pages"):
        original = getattr(writer, name)
        _replace_everywhere(original, reported(original))
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
    helper_report = Path(tempfile.mkdtemp(prefix="phase-probe-")) / "layout-process.json"
    late = follow_the_layout_process(clock, helper_report)
    from slaeditor.cli.main import main

    status = main(["render", source, "-o", target])
    now = time.perf_counter()
    clock.totals[OTHER] = clock.totals.get(OTHER, 0.0) + now - clock.stack[0][1]
    helper = json.loads(helper_report.read_text()) if helper_report.exists() else {}
    report = {
        "phases": clock.totals,
        "layout process": helper,
        "total": now - _STARTED,
        "missing": missing + late,
    }
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
    gc.disable()  # as `slaeditor render` run as the program has it (cli.main)
    sys.exit(phases(*arguments) if mode == "phases" else profile(*arguments))
