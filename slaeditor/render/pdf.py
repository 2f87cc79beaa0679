"""Write a Contract as PDF: the pack's HTML skeleton and CSS, laid out by WeasyPrint.

WeasyPrint is imported here only, on first use, so the application starts without it.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from jinja2 import StrictUndefined, TemplateError
from markupsafe import Markup, escape

from slaeditor.render.sandbox import ConfinedLoader, DataSandbox
from slaeditor.render.skeleton import kind_of, ordered_marker
from slaeditor.resources import assets_dir

if TYPE_CHECKING:
    from pathlib import Path

    from slaeditor.clauses import Pack
    from slaeditor.render.contract import Contract, Run

SKELETON = "contract.html.j2"


class SkeletonError(Exception):
    """A layout skeleton that cannot be used; names the file and line."""


def run_html(run: Run) -> Markup:
    """Write one run with its emphasis, escaping the text."""
    html = escape(run.text)
    if run.italic:
        html = Markup("<em>") + html + Markup("</em>")
    if run.bold:
        html = Markup("<strong>") + html + Markup("</strong>")
    return html


@functools.lru_cache(maxsize=8)
def _environment(pack_path: Path) -> DataSandbox:
    """Return the sandbox for a pack's HTML skeleton, autoescaping every value."""
    env = DataSandbox(
        loader=ConfinedLoader(pack_path),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(kind_of=kind_of, run_html=run_html, ordered_marker=ordered_marker)
    return env


def contract_html(contract: Contract, pack: Pack) -> str:
    """Render the HTML of the contract from the pack's skeleton."""
    try:
        return _environment(pack.path).get_template(SKELETON).render(contract=contract)
    except TemplateError as error:
        line = getattr(error, "lineno", None)
        where = f"{pack.file(SKELETON)}" + (f", line {line}" if line else "")
        raise SkeletonError(f"{where}: {error}") from error
    except UnicodeDecodeError as error:
        raise SkeletonError(f"{pack.file(SKELETON)}: is not UTF-8 text ({error.reason})") from error
    except Exception as error:  # whatever a user's skeleton does wrong, say where
        raise SkeletonError(f"{pack.file(SKELETON)}: {type(error).__name__}: {error}") from error


@functools.cache
def _font_config() -> Any:
    """Keep one Pango font map for the process: its caches make later exports faster."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def write_pdf(
    contract: Contract,
    pack: Pack,
    target: Path,
    *,
    archival: bool = True,
    source: str | None = None,
) -> list[str]:
    """Write the PDF to target; return the resources the skeleton asked for and was refused.

    The PDF has an empty signature field in every signatory's block. With `archival` it is
    PDF/A-3b; `source` (the agreement file's text) is embedded as the document's source.
    """
    from weasyprint import HTML

    from slaeditor.render import archive, signatures
    from slaeditor.render.fetcher import PackURLFetcher

    fetcher = PackURLFetcher([pack.path, assets_dir()])
    options = archive.pdf_options(archival=archival)
    attachment = archive.source_attachment(source) if source is not None else None
    if attachment is not None:
        options["attachments"] = [attachment]
    document = HTML(
        string=contract_html(contract, pack),
        base_url=pack.path.as_uri() + "/",
        url_fetcher=fetcher,
    ).render(font_config=_font_config(), **options)
    try:
        spots = signatures.locate_fields(document, contract)
    except signatures.MissingAnchorError as error:
        raise SkeletonError(f"{pack.file(SKELETON)}: {error}") from None
    archive.describe(document.metadata, contract)

    def finish(_document: Any, pdf: Any) -> None:
        signatures.add_fields(pdf, spots)
        archive.finish(pdf, contract, attachment)

    document.write_pdf(target, finisher=finish, **options)
    return fetcher.refused
