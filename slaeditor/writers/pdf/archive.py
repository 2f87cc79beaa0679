"""What makes the PDF an archival record of the agreement: PDF/A-3b, metadata, the source file.

A signed contract is kept for years, so the PDF is PDF/A-3b by default (embedded fonts, an sRGB
output intent, XMP metadata that says which standard it claims), and it carries the agreement
it was made from as an associated file (/AF, relationship /Source): the tool can reopen a
signed contract and show exactly what was agreed. PDF/A-3 is the part of the standard that
allows embedding a file of any type, which is why it is -3 and not -2.

WeasyPrint is imported by render/pdf.py; this module only fills in its option and metadata
objects.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from slaeditor.embedded import SOURCE_NAME
from slaeditor.version import version

if TYPE_CHECKING:
    from slaeditor.templating.blocks import Contract

PDF_VARIANT = "pdf/a-3b"
SOURCE_DESCRIPTION = "The SLA Editor agreement this contract was made from"


def pdf_options(*, archival: bool) -> dict[str, Any]:
    """Return WeasyPrint's options: PDF/A-3b when archival, else a plain PDF 1.7; tagged.

    Structure tags (a tagged PDF, with the document's language) let screen readers follow
    the contract's headings, lists, tables and links; WeasyPrint 70 writes them together
    with PDF/A-3b (structure.py says what is joined when the PDF is laid out in parts).
    """
    if archival:
        return {"pdf_variant": PDF_VARIANT, "pdf_tags": True}
    return {"pdf_version": "1.7", "pdf_tags": True}


def source_attachment(text: str) -> Any:
    """Return the agreement file as a WeasyPrint attachment related to the PDF as its source."""
    from weasyprint import Attachment

    return Attachment(
        string=text.encode("utf-8"),
        name=SOURCE_NAME,
        description=SOURCE_DESCRIPTION,
        relationship="Source",
    )


def now() -> str:
    """Return the time stamp written as the PDF's creation and modification date."""
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def describe(metadata: Any, contract: Contract, stamp: str | None = None) -> None:
    """Fill WeasyPrint's document metadata from the contract, whatever the skeleton says.

    Title, author, subject and keywords go to both the Info dictionary and XMP (WeasyPrint
    writes both); the skeleton is user-editable and may lack the <meta> tags.
    """
    stamp = stamp or now()
    metadata.title = contract.title
    metadata.authors = [contract.author] if contract.author else []
    metadata.description = contract.subject or None
    metadata.keywords = list(dict.fromkeys(k for k in contract.keywords if k))
    metadata.generator = f"SLA Editor {version()}"
    metadata.created = metadata.modified = stamp


def finish(pdf: Any, contract: Contract, source: Any = None) -> None:
    """Complete WeasyPrint's PDF objects: identity entries, /AF listed once, the YAML's type.

    WeasyPrint 70 lists each attachment in the catalog's /AF twice (once from the embedded
    files tree, once from the file specifications); readers cope, but it is untidy in an
    archival file, so each reference is kept once. It also types a file it cannot guess as
    application/octet-stream; the agreement is YAML, and PDF/A asks for its real MIME type.
    """
    import pydyf

    for key, value in info_entries(contract).items():
        pdf.info[key] = pydyf.String(value)
    if "AF" in pdf.catalog:
        pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(pdf.catalog["AF"]))
    checksum = f"<{source.md5}>" if source is not None and source.md5 else None
    for item in pdf.objects if checksum else ():
        extra = getattr(item, "extra", None)
        if isinstance(extra, dict) and extra.get("Params", {}).get("CheckSum") == checksum:
            extra["Subtype"] = "/application#2fyaml"


def info_entries(contract: Contract) -> dict[str, str]:
    """Return the agreement's identity as custom Info entries, for tools that index PDFs."""
    entries = {
        "AgreementID": contract.agreement_id,
        "AgreementVersion": contract.version,
        "Parties": "; ".join(contract.cover.parties),
        "TemplatePack": contract.template_pack,
    }
    return {key: value for key, value in entries.items() if value}
