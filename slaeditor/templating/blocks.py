"""The format-neutral Contract that compose() builds and the DOCX and PDF writers lay out.

Every variable is resolved and every number computed before a writer sees it, so both formats
print the same words; writers only choose fonts, spacing and page furniture.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Run:
    """A stretch of text with one emphasis; `ref` is the number of the clause it cites.

    A cross-reference ("clause 8.3") carries the number it points at, so each writer can
    make it a link to that clause's heading.
    """

    text: str
    bold: bool = False
    italic: bool = False
    ref: str = ""


def anchor(number: str) -> str:
    """Name the place a clause number's heading is, for links: "8.3" → "c-8-3"."""
    return "c-" + number.replace(".", "-")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of runs; `style` is "body", "caption" or "note"."""

    runs: tuple[Run, ...]
    style: str = "body"

    @property
    def text(self) -> str:
        """Return the plain text, for tests and for writers that need no emphasis."""
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Heading:
    """A numbered heading: level 1 for sections, 2 for clauses, 3 inside a clause."""

    level: int
    number: str
    text: str


@dataclass(frozen=True)
class ListBlock:
    """A bulleted or numbered list; each item is a tuple of runs."""

    items: tuple[tuple[Run, ...], ...]
    ordered: bool = False


@dataclass(frozen=True)
class Table:
    """A table with a header row; widths are relative column weights."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...] = ()
    caption: str = ""


@dataclass(frozen=True)
class SignatoryLine:
    """One signatory's block: who signs and in which capacity.

    `field` names the PDF signature field for this person (what a signer picks in a PDF reader
    or `slaeditor sign --field`); `anchor` is the HTML id of the cell the field is laid over.
    """

    name: str
    title: str
    field: str = ""
    anchor: str = ""


@dataclass(frozen=True)
class SignatureBlock:
    """The block in which one party's signatories sign."""

    party: str
    role: str
    signatories: tuple[SignatoryLine, ...]

    @property
    def heading(self) -> str:
        """Say on whose behalf the signatories below sign, as an execution clause does."""
        return f"Signed for and on behalf of {self.party} by"


Block = Heading | Paragraph | ListBlock | Table | SignatureBlock


@dataclass(frozen=True)
class Section:
    """A numbered contract section made of blocks; `new_page` starts it on a new page."""

    id: str
    number: str
    title: str
    blocks: tuple[Block, ...]
    new_page: bool = False


@dataclass(frozen=True)
class Cover:
    """The title page: every line of it comes from the agreement, none from a skeleton."""

    title: str
    subtitle: str
    parties: tuple[str, ...]
    details: tuple[tuple[str, str], ...]

    @property
    def lines(self) -> tuple[str, ...]:
        """Return the text of the title page in reading order."""
        between = ["between"]
        for index, party in enumerate(self.parties):
            between += [party] if index == 0 else ["and", party]
        rows = [item for pair in self.details for item in pair]
        return (self.title, self.subtitle, *between, *rows)


@dataclass
class Contract:
    """A whole contract ready to be written as DOCX or PDF."""

    title: str
    running_header: str
    locale: str
    cover: Cover
    sections: list[Section] = field(default_factory=list)
    keywords: tuple[str, ...] = ()
    author: str = ""
    subject: str = ""
    agreement_id: str = ""
    version: str = ""
    unresolved_references: tuple[str, ...] = ()
    """Cross-references whose heading the contract does not have (for the drafting lint)."""
    template_pack: str = ""
    """Which pack the contract was made from, and the SHA-256 of its files (document info)."""
    contents: bool = True
    """Whether a table of contents follows the title page (a short statement has none)."""

    def signatories(self) -> list[tuple[str, SignatoryLine]]:
        """Return (party, signatory) for every signatory of every signature block, in order."""
        return [
            (block.party, person)
            for section in self.sections
            for block in section.blocks
            if isinstance(block, SignatureBlock)
            for person in block.signatories
        ]

    def plain_text(self) -> str:
        """Return the body text in reading order, for search and comparison."""
        lines: list[str] = []
        for section in self.sections:
            lines.append(f"{section.number} {section.title}")
            for block in section.blocks:
                lines.extend(_block_lines(block))
        return "\n".join(lines)


def _block_lines(block: Block) -> list[str]:
    """Return the lines of one block as a reader would see them."""
    if isinstance(block, Heading):
        return [f"{block.number} {block.text}".strip()]
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, ListBlock):
        return ["".join(run.text for run in item) for item in block.items]
    if isinstance(block, Table):
        rows = [block.caption] if block.caption else []
        rows.append(" | ".join(block.columns))
        rows.extend(" | ".join(row) for row in block.rows)
        return rows
    lines = [block.role, block.heading]
    for person in block.signatories:  # the lines both formats print for each signatory
        lines.extend(
            ["Signature: ____", f"Name: {person.name}", f"Title: {person.title}", "Date: ____"]
        )
    return lines


CONTENTS_LEVELS = 2
"""The contents lists sections (level 1) and clauses (level 2), not headings inside a clause."""


@dataclass(frozen=True)
class ContentsEntry:
    """One line of the contents: a section (level 1) or a clause (level 2) and its heading."""

    level: int
    number: str
    title: str

    @property
    def anchor(self) -> str:
        """Return the id of the entry's heading, which the entry links to."""
        return anchor(self.number)


def contents_entries(contract: Contract) -> list[ContentsEntry]:
    """List the contract's sections and numbered clauses in reading order (both formats)."""
    if not contract.contents:
        return []
    entries: list[ContentsEntry] = []
    for section in contract.sections:
        entries.append(ContentsEntry(1, section.number, section.title))
        entries.extend(
            ContentsEntry(block.level, block.number, block.text)
            for block in section.blocks
            if isinstance(block, Heading) and block.number and block.level <= CONTENTS_LEVELS
        )
    return entries
