"""The public API re-exported at the package root: load, save and render agreements."""

from __future__ import annotations

from pathlib import Path

from slaeditor.atomic import atomic_path
from slaeditor.clauses import load_pack
from slaeditor.compose import RenderError, compose
from slaeditor.model import Agreement
from slaeditor.model.validation import errors, format_issue
from slaeditor.storage import load_agreement, save_agreement
from slaeditor.storage.files import agreement_to_text
from slaeditor.writers.docx import write_docx
from slaeditor.writers.pdf.early_start import Helper
from slaeditor.writers.pdf.writer import (
    PackFolder,
    heading_pages,
    kept_heading_pages,
    write_pdf,
)

FORMATS = (".pdf", ".docx")

__all__ = ["FORMATS", "load_agreement", "render", "save_agreement"]


def render(
    agreement: Agreement | str | Path,
    out_path: str | Path,
    template: str | Path | None = None,
    *,
    base: Path | None = None,
    archival: bool = True,
    preview: bool = False,
    helper: Helper | None = None,
) -> Path:
    """Render an agreement (or an agreement file) to PDF or DOCX, chosen by out_path's suffix.

    The agreement must have no validation errors; the file appears complete or not at all.
    A pack the agreement names by a relative folder is looked up in `base` (by default the
    agreement file's folder) before the working directory. A PDF has a signature field per
    signatory and carries the agreement file; `archival` (the default) makes it PDF/A-3b.
    A `preview` PDF is for looking at and throwing away, so it does not carry the agreement
    file; otherwise it is laid out and written as the export is, so the parts of the contract
    a preview laid out are reused when the same agreement is exported (render/parts.py).
    A `helper` (writers.pdf.early_start, started before the imports) does the layout.
    """
    loaded = agreement if isinstance(agreement, Agreement) else load_agreement(Path(agreement))
    target = Path(out_path)
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise RenderError(f"{target}: cannot write '{suffix or 'no extension'}'; use .pdf or .docx")
    problems = errors(loaded)
    if problems:
        listed = "\n".join(f"  {format_issue(issue)}" for issue in problems)
        raise RenderError(f"the agreement has {len(problems)} error(s) to fix first:\n{listed}")
    _check_target(target)
    # A pack named inside an agreement file is looked up beside that file first.
    if base is None and not isinstance(agreement, Agreement):
        base = Path(agreement).parent
    pack = load_pack(template or loaded.template, None if template else base)
    contract = compose(loaded, pack)
    layout = helper if helper is not None else Helper()  # no process: laid out here
    folder = PackFolder(pack.path)  # what the layout needs of the pack, and crosses quickly
    try:
        with atomic_path(target) as temporary:
            if suffix == ".pdf":
                layout.call(
                    write_pdf,
                    contract,
                    folder,
                    temporary,
                    archival=archival,
                    source=None if preview else _source_text(loaded),
                )
            else:
                # The Word contents carries the PDF's page numbers (Word updates them on opening).
                pages = kept_heading_pages(contract, pack)  # those of its last PDF
                if pages is None:
                    pages = layout.call(heading_pages, contract, folder)
                else:
                    layout.close()  # a layout process loading WeasyPrint: its core is free
                write_docx(contract, pack, temporary, pages)
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise RenderError(
            f"{target}: could not be written ({reason}); nothing was changed"
        ) from None
    return target


def _source_text(agreement: Agreement) -> str:
    """Return the agreement file's text, to embed in the PDF it is rendered to."""
    return agreement_to_text(agreement)


def _check_target(target: Path) -> None:
    """Refuse an output place that cannot work before spending time on rendering."""
    if target.is_dir():
        raise RenderError(f"{target}: is a folder; give a file name ending in .pdf or .docx")
    if not target.parent.is_dir():
        raise RenderError(
            f"{target}: the folder {target.parent} does not exist; create it or choose another"
        )
