"""A process's first render (the `render` command's only one): as fast as it can be, same output.

Each case runs in a fresh interpreter, since what is tested is what a process does before
anything is loaded or kept: WeasyPrint imported without its library look-ups (weasy.py),
the Word writer's page numbers laid out without drawing a PDF, a first PDF laid out in parts
once `prepare()` has been called; and what a process finds of earlier ones' layouts
(layout_memory).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from typing import TYPE_CHECKING

import docx
import pytest
from helpers import ROOT, fresh_json, pdf_page_count, pdf_text

from slaeditor import load_agreement
from slaeditor.clauses import load_pack
from slaeditor.compose import compose
from slaeditor.resources import cache_dir
from slaeditor.writers.pdf import layout_memory
from slaeditor.writers.pdf import parallel_layout as parts

if TYPE_CHECKING:
    from pathlib import Path

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"
LINUX = sys.platform.startswith("linux")
PARALLEL = LINUX and len(os.sched_getaffinity(0)) >= 2


@pytest.fixture(autouse=True)
def _nothing_known() -> None:
    """Each case is a process's first render of the contract: no facts of earlier layouts."""
    layout_memory.forget()


@pytest.mark.skipif(not LINUX, reason="find_library starts programs on Linux only")
def test_weasyprint_is_imported_without_library_look_ups() -> None:
    found = fresh_json(
        """
        import ctypes.util, json, sys
        asked = []
        real = ctypes.util.find_library
        ctypes.util.find_library = lambda name: asked.append(name) or real(name)
        from slaeditor.writers.pdf import weasy
        weasy.load()
        from weasyprint.text import ffi
        print(json.dumps({"asked": asked, "pango": ffi.pango is not None,
                          "harfbuzz": ffi.harfbuzz is not None}))
        """
    )
    assert found == {"asked": [], "pango": True, "harfbuzz": True}


@pytest.mark.skipif(not LINUX, reason="the libraries are opened by name on Linux only")
def test_weasyprint_is_imported_the_usual_way_when_opening_by_name_fails() -> None:
    found = fresh_json(
        """
        import json
        from slaeditor.writers.pdf import weasy
        def fails():
            import weasyprint.urls  # a module of a half-done import is left behind
            raise OSError("no libpango-1.0.so.0 here")
        weasy._import_by_soname = fails
        weasy.load()
        import weasyprint
        print(json.dumps({"html": hasattr(weasyprint, "HTML")}))
        """
    )
    assert found == {"html": True}


_PAGES = """
    import json
    from pathlib import Path
    from slaeditor import load_agreement
    from slaeditor.clauses import load_pack
    from slaeditor.compose import compose
    from slaeditor.writers.pdf import parallel_layout, writer
    agreement = load_agreement({path!r})
    pack = load_pack(agreement.template, Path({folder!r}))
    contract = compose(agreement, pack)
    pages = writer.heading_pages(contract, pack)  # the process's first layout
    cold = parallel_layout.CACHE.laid_out
    writer.write_pdf(contract, pack, Path({target!r}))
    print(json.dumps({{"pages": pages, "parts": cold,
                      "again": writer.heading_pages(contract, pack)}}))
"""


@pytest.mark.parametrize("parallel", ["1", "0"] if PARALLEL else ["0"])
def test_the_word_writers_page_numbers_from_a_first_layout_are_the_pdfs(
    parallel: str, tmp_path
) -> None:
    target = tmp_path / "contract.pdf"
    code = _PAGES.format(path=str(TELECOM), folder=str(TELECOM.parent), target=str(target))
    found = fresh_json(code, **{parts.PARALLEL_ENV: parallel})
    assert found["pages"] == found["again"], "the PDF written later has other page numbers"
    assert len(found["pages"]) > 20  # type: ignore[arg-type]
    assert (found["parts"] > 0) == (parallel == "1")  # type: ignore[operator]


@pytest.mark.skipif(not PARALLEL, reason="parts are laid out only on Linux with two cores")
def test_the_commands_pdf_is_laid_out_in_parts_with_the_pages_of_one_pass(tmp_path) -> None:
    from slaeditor.cli.main import main

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(parts.PARALLEL_ENV, "0")
        assert main(["render", str(TELECOM), "-o", str(tmp_path / "one.pdf")]) == 0
    arguments = ["render", str(TELECOM), "-o", str(tmp_path / "parts.pdf")]
    laid = tmp_path / "laid.json"
    found = fresh_json(
        f"""
        import json, os, pathlib
        from slaeditor.app import api
        from slaeditor.cli.main import main
        from slaeditor.writers.pdf import parallel_layout, writer
        def counted(*args, **kwargs):  # in the process that lays the PDF out
            refused = writer.write_pdf(*args, **kwargs)
            facts = {{"parts": parallel_layout.CACHE.laid_out, "pid": os.getpid()}}
            pathlib.Path({str(laid)!r}).write_text(json.dumps(facts))
            return refused
        api.write_pdf = counted
        status = main({arguments!r})
        print(json.dumps({{"status": status, "pid": os.getpid()}}))
        """
    )
    assert found["status"] == 0
    layout = json.loads(laid.read_text())
    assert layout["pid"] != found["pid"], "the layout was not left to the command's helper"
    assert layout["parts"] >= 2, "the command's only PDF was laid out in one pass"
    one = pdf_text(tmp_path / "one.pdf", body_only=False)
    assert pdf_text(tmp_path / "parts.pdf", body_only=False) == one
    assert pdf_page_count(tmp_path / "parts.pdf") == pdf_page_count(tmp_path / "one.pdf")


@pytest.mark.skipif(not PARALLEL, reason="parts are laid out only on Linux with two cores")
def test_an_api_users_first_pdf_is_laid_out_in_parts_after_one_sample_page(tmp_path) -> None:
    """The first export of a process was laid out in one pass, to fill WeasyPrint's caches.

    A sample page now fills them (warm_up), once per process and pack, before the first
    parts are forked: the first export is laid out in parts like every later one, and its
    pages are those of one pass.
    """
    one = tmp_path / "one.pdf"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(parts.PARALLEL_ENV, "0")
        fresh_json(
            f"""
            import json, slaeditor
            slaeditor.render(slaeditor.load_agreement({str(TELECOM)!r}), {str(one)!r})
            print(json.dumps({{}}))
            """,
            **{parts.PARALLEL_ENV: "0"},
        )
    found = fresh_json(
        f"""
        import json, slaeditor
        from slaeditor.writers.pdf import parallel_layout, warm_up
        samples = []
        real = warm_up.warm_up
        warm_up.warm_up = lambda *args: samples.append(1) or real(*args)
        agreement = slaeditor.load_agreement({str(TELECOM)!r})
        slaeditor.render(agreement, {str(tmp_path / "first.pdf")!r})
        first = parallel_layout.CACHE.laid_out
        slaeditor.render(agreement, {str(tmp_path / "again.pdf")!r})
        print(json.dumps({{"first": first, "samples": len(samples)}}))
        """
    )
    assert found["first"] >= 2, "the process's first PDF was laid out in one pass"
    assert found["samples"] == 1, "the sample page is laid out once in a process"
    assert pdf_text(tmp_path / "first.pdf", body_only=False) == pdf_text(one, body_only=False)
    assert pdf_page_count(tmp_path / "first.pdf") == pdf_page_count(one)


def test_a_pack_whose_stylesheet_does_not_suit_the_sample_page_still_exports(tmp_path) -> None:
    """The sample page only fills caches: one that cannot be laid out costs only the try."""
    from pathlib import Path

    from slaeditor.writers.pdf import warm_up, writer

    missing = tmp_path / "no-pack"  # no stylesheet, no folder: the fetcher refuses it all
    options = {"pdf_variant": "no-such-variant"}
    warm_up.warm_up(lambda html: writer.lay_out_html(html, missing, options)[0], options)
    assert not any(Path(tmp_path).iterdir())  # nothing written, nothing raised


def _command(*arguments: str) -> None:
    """Run the `render` command in a process of its own, as a user does."""
    done = subprocess.run(
        [sys.executable, "-m", "slaeditor.cli", "render", *arguments],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr


def _document_xml(docx: Path) -> bytes:
    with zipfile.ZipFile(docx) as package:
        return package.read("word/document.xml")


def test_a_word_file_after_the_pdf_of_the_same_agreement_needs_no_layout(tmp_path: Path) -> None:
    """The Word contents' page numbers are the PDF's: a new process finds those of the last PDF.

    Before, the `render` command writing a .docx laid the whole PDF out for them in its layout
    process, even just after it had written the PDF of the same agreement (~1.5 s of ~2).
    """
    cold = tmp_path / "cold.docx"
    _command(str(TELECOM), "-o", str(cold))  # nothing known: laid out for its page numbers
    layout_memory.forget()
    _command(str(TELECOM), "-o", str(tmp_path / "contract.pdf"))
    after = tmp_path / "after.docx"
    found = fresh_json(
        f"""
        import json, sys
        from slaeditor.cli.main import main
        from slaeditor.writers.pdf import early_start
        handed = []
        call = early_start.Helper.call
        early_start.Helper.call = lambda self, work, *args, **kwargs: (
            handed.append(work.__name__) or call(self, work, *args, **kwargs))
        status = main(["render", {str(TELECOM)!r}, "-o", {str(after)!r}])
        print(json.dumps({{"status": status, "handed": handed,
                          "weasyprint": "weasyprint" in sys.modules}}))
        """
    )
    assert found == {"status": 0, "handed": [], "weasyprint": False}, "laid out again"
    assert _document_xml(after) == _document_xml(cold)  # the same page numbers, the same file
    listed = [
        p.text.split("\t")
        for p in docx.Document(str(after)).paragraphs
        if p.style.name in ("toc 1", "toc 2")
    ]
    assert len(listed) > 20 and all(entry[-1].isdigit() for entry in listed)


def _entries(kind: str) -> list[Path]:
    return sorted(cache_dir("layout").glob(f"{kind}-*.json"))


def _counted_wrong(entry: Path) -> None:
    facts = json.loads(entry.read_text(encoding="utf-8"))
    facts["pages"] += 1
    entry.write_text(json.dumps(facts), encoding="utf-8")


@pytest.mark.skipif(not PARALLEL, reason="parts are laid out only on Linux with two cores")
@pytest.mark.parametrize("spoilt", ["guess", "facts", "garbled"])
def test_facts_kept_on_disk_that_are_wrong_or_garbled_make_no_wrong_pdf(
    spoilt: str, tmp_path: Path
) -> None:
    """A page count read back is checked by the layout that uses it; garbage is ignored."""
    right = tmp_path / "right.pdf"
    _command(str(TELECOM), "-o", str(right))
    assert len(_entries("guess")) == 1 and len(_entries("facts")) >= 5 and _entries("places")
    if spoilt == "garbled":
        for entry in _entries("*"):
            entry.write_text("{not json" if entry.stat().st_size % 2 else "[]", encoding="utf-8")
    else:
        for entry in _entries(spoilt):
            _counted_wrong(entry)
    again = tmp_path / "again.pdf"
    _command(str(TELECOM), "-o", str(again))
    assert pdf_page_count(again) == pdf_page_count(right)
    assert pdf_text(again, body_only=False) == pdf_text(right, body_only=False)


def test_the_layout_process_loads_neither_the_model_nor_the_composer(tmp_path: Path) -> None:
    """The command's layout process imports WeasyPrint while the command composes.

    What it is then handed (the composed contract, the pack's folder, the writer) needs
    nothing more of ours to be read: the agreement model, the clause libraries and the
    composer (~0.3 s of its CPU) stay in the command's process.
    """
    import pickle

    from slaeditor.writers.pdf.writer import PackFolder, write_pdf

    agreement = load_agreement(TELECOM)
    pack = load_pack(agreement.template, TELECOM.parent)
    message = tmp_path / "message.pickle"
    handed = (write_pdf, (compose(agreement, pack), PackFolder(pack.path)))
    message.write_bytes(pickle.dumps(handed))
    found = fresh_json(
        f"""
        import json, pathlib, pickle, sys
        from slaeditor.writers.pdf import early_start, writer
        writer.prepare()
        function, arguments = pickle.loads(pathlib.Path({str(message)!r}).read_bytes())
        assert function is writer.write_pdf and arguments[0].signatories()
        heavy = ("pydantic", "slaeditor.model", "slaeditor.clauses", "slaeditor.compose",
                 "slaeditor.storage", "yaml", "markdown_it", "holidays")
        print(json.dumps({{"loaded": [name for name in heavy if name in sys.modules]}}))
        """
    )
    assert found == {"loaded": []}
