"""Template packs: the outline of a contract and the clauses that fill it.

Packs come from the application, the user's templates folder or a shared drive, so everything
read here is checked and any problem is reported with the file and the line.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from slaeditor.clauses.library import LibraryError, load_library
from slaeditor.clauses.records import SECTIONS
from slaeditor.errors import FileLineError
from slaeditor.regular_file import read_regular
from slaeditor.resources import is_built_in, templates_dir, user_templates_dir
from slaeditor.yamlio import ParsedYaml, YamlSyntaxError, parse_yaml

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from slaeditor.yamlio.reading import PathKey

_MAX_PACK_FILES = 500
MAX_PACK_FILE_BYTES = 20_000_000
"""A pack's outline, skeletons and stylesheet are kilobytes; its clause library a few MB."""


class PackError(FileLineError):
    """A template pack that cannot be used; names the file, the line and what to fix."""


@dataclass(frozen=True)
class Clause:
    """A clause with its variants; `lines` gives the file line where each body starts."""

    id: str
    title: str
    section: str
    scope: str
    guidance: str
    variants: dict[str, str]
    source: Path
    lines: dict[str, int] = field(default_factory=dict)

    def body(self, variant: str) -> tuple[str, str]:
        """Return (variant actually used, body): an unknown variant falls back to standard."""
        if variant in self.variants:
            return variant, self.variants[variant]
        first = "standard" if "standard" in self.variants else next(iter(self.variants))
        return first, self.variants[first]


@dataclass(frozen=True)
class SectionSpec:
    """A section of the outline: its id, title and clause ids in order.

    `new_page` starts the section on a new page in both formats; the PDF is laid out in
    parts at these breaks, in parallel (render/parts.py).
    """

    id: str
    title: str
    clauses: tuple[str, ...]
    new_page: bool = False


@dataclass(frozen=True)
class Pack:
    """A loaded template pack."""

    path: Path
    name: str
    version: str
    locale: str
    description: str
    sections: tuple[SectionSpec, ...]
    clauses: dict[str, Clause]

    def file(self, name: str) -> Path:
        """Return a file of the pack (skeletons, stylesheet)."""
        return self.path / name

    def provenance(self) -> str:
        """Say which pack this is and fingerprint its files, for the contract's properties."""
        where = "built in" if is_built_in(self.path) else f"folder {self.path.name}"
        return f"{self.name} {self.version} ({where}); SHA-256 {pack_fingerprint(self.path)}"

    def read(self, name: str) -> bytes:
        """Read a file of the pack, refusing pipes, devices and hard links (read_pack_bytes)."""
        return read_pack_bytes(self.path / name)

    def wording_problems(self, choices: Mapping[str, Wording]) -> list[tuple[str, str]]:
        """Check an agreement's wording choices: (slot, what to fix) for each one that fails.

        Each must be for a clause of the outline; the pack's own wording must name a variant
        the clause has.
        """
        outline = {clause_id for section in self.sections for clause_id in section.clauses}
        problems = []
        for slot, choice in choices.items():
            clause = self.clauses.get(slot)
            if slot not in outline or clause is None:
                problems.append(
                    (slot, f"the template pack '{self.name}' has no clause '{slot}' in its outline")
                )
            elif choice.from_pack and choice.variant not in clause.variants:
                known = ", ".join(clause.variants)
                problems.append(
                    (slot, f"clause '{slot}' has no variant '{choice.variant}'; choose {known}")
                )
        return problems


class Wording(Protocol):
    """What the pack needs to know of a wording choice (model.ClauseChoice)."""

    variant: str

    @property
    def from_pack(self) -> bool:
        """Tell whether the wording is the pack's own, read from the pack."""


@dataclass(frozen=True)
class PackInfo:
    """A template pack as a list of packs shows it, without its clauses."""

    name: str
    title: str
    description: str
    path: Path


def pack_roots() -> list[Path]:
    """Return the folders packs are listed from: the built-ins, then the user's own.

    A user's pack named like a built-in one is not listed (find_pack refuses the name).
    """
    return [templates_dir(), user_templates_dir()]


def list_packs(roots: Iterable[Path] | None = None) -> list[PackInfo]:
    """List the packs a name can choose: the built-ins first, then the user's own.

    The first folder of a name wins, so a user's pack named like a built-in one is not listed
    (find_pack refuses such a name as ambiguous).
    """
    found: dict[str, PackInfo] = {}
    for root in pack_roots() if roots is None else roots:
        if not root.is_dir():
            continue
        for folder in sorted(root.iterdir()):
            if folder.name in found or not (folder / "pack.yaml").is_file():
                continue
            info = pack_info(folder)
            if info is not None:
                found[folder.name] = info
    return list(found.values())


def pack_info(folder: Path) -> PackInfo | None:
    """Read a pack's name and description without its clauses (None if pack.yaml is unusable)."""
    try:
        parsed = read_pack_file(folder / "pack.yaml")
        title = _text(folder / "pack.yaml", parsed, ("name",), "name", required=False)
        about = _text(folder / "pack.yaml", parsed, ("description",), "description", required=False)
    except PackError:
        return None
    return PackInfo(folder.name, title or folder.name, about, folder)


def find_pack(name_or_path: str | Path | None, base: Path | None = None) -> Path:
    """Find a pack: a bare name is a built-in or the user's own pack; a path is a folder.

    A built-in name always means the built-in pack: a folder of that name beside the agreement
    (or in the user's pack folder) would silently change the contract's clauses, so a name that
    both could mean is refused, naming both. A folder is named as a path (`./standard`,
    `../packs/acme`), looked up next to `base` (the agreement's folder) first, so an agreement
    renders the same from any working directory; a bare name matching no built-in pack may
    still name the user's pack or a folder beside the agreement.
    """
    name = str(name_or_path or "standard")
    if _is_path(name):
        candidate = Path(name).expanduser()
        places = [base / candidate] if base is not None and not candidate.is_absolute() else []
        for place in [*places, candidate]:
            if _has_outline(place):
                return place.resolve()
        raise PackError(candidate, "is not a template pack folder (it has no pack.yaml)")
    built_in = templates_dir() / name
    own = [user_templates_dir() / name, *([base / name] if base is not None else []), Path(name)]
    own = [folder for folder in own if _has_outline(folder)]
    if _has_outline(built_in):
        clash = [folder for folder in own if folder.resolve() != built_in.resolve()]
        if clash:
            raise PackError(
                clash[0].resolve(),
                f"has the name of the built-in pack '{name}', so '{name}' could mean either; "
                f"write ./{name} (a path) to use this folder, or rename it",
            )
        return built_in
    if own:
        return own[0].resolve()
    known = sorted(p.name for p in templates_dir().iterdir() if _has_outline(p))
    raise PackError(
        Path(name),
        f"no template pack '{name}'; give a pack folder (./{name}) or one of: {', '.join(known)}",
    )


def _is_path(name: str) -> bool:
    """Tell whether a pack is named as a folder path rather than by a bare name."""
    return "/" in name or "\\" in name or name.startswith((".", "~")) or Path(name).is_absolute()


def _has_outline(folder: Path) -> bool:
    """Tell whether a folder holds a pack.yaml (reading it later says if it is unusable)."""
    return folder.is_dir() and (folder / "pack.yaml").exists()


def pack_fingerprint(folder: Path) -> str:
    """Return the SHA-256 of every file of a pack, names included, to record in a contract."""
    digest = hashlib.sha256()
    files = sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files[:_MAX_PACK_FILES]:
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        try:
            digest.update(read_pack_bytes(path))
        except OSError as error:
            raise PackError(path, f"cannot be read: {error.strerror or error}") from None
    return digest.hexdigest()


def read_pack_bytes(path: Path) -> bytes:
    """Read a file of a pack: an ordinary file, not a hard link unless the pack is built in."""
    return read_regular(path, limit=MAX_PACK_FILE_BYTES, single_link=not is_built_in(path))


def read_pack_file(path: Path) -> ParsedYaml:
    """Read pack.yaml through the one YAML reader; every problem names the file and line."""
    try:
        text = read_pack_bytes(path).decode("utf-8")
    except OSError as error:
        raise PackError(path, f"cannot be read: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise PackError(path, f"cannot be read ({error})") from error
    try:
        parsed = parse_yaml(text)
    except YamlSyntaxError as error:
        raise PackError(path, error.message, error.line) from None
    if parsed.data is not None and not isinstance(parsed.data, dict):
        raise PackError(path, "must be a mapping of 'name: value' lines", 1)
    return parsed


def _text(path: Path, parsed: ParsedYaml, at: PathKey, what: str, required: bool = True) -> str:
    """Read a text value, or explain which key is missing."""
    value = _value(parsed, at)
    if value is None:
        if required:
            raise PackError(path, f"{what} is missing; add it", parsed.line_of(at))
        return ""
    if isinstance(value, list | dict):
        raise PackError(path, f"{what} must be text", parsed.line_of(at))
    return parsed.text_at(at, value)


def _value(parsed: ParsedYaml, at: PathKey) -> Any:
    node: Any = parsed.data
    for part in at:
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return node


def load_clauses(path: Path, sections: tuple[str, ...] = ()) -> dict[str, Clause]:
    """Load a clauses file, which is a clause library (one parser for both, with lines).

    `sections` adds the pack outline's own section ids to the standard ones, so a pack with
    a section of its own may file clauses under it.
    """
    known = (*SECTIONS, *(s for s in sections if s not in SECTIONS))
    try:
        library = load_library(path, known)
    except LibraryError as error:
        raise PackError(error.path, error.message, error.line) from None
    return {
        clause.id: Clause(
            id=clause.id,
            title=clause.title,
            section=clause.section,
            scope=clause.level,
            guidance=clause.guidance,
            variants=clause.variants,
            source=path,
            lines=clause.lines,
        )
        for clause in library.clauses
    }


def _load_sections(path: Path, parsed: ParsedYaml) -> tuple[SectionSpec, ...]:
    """Read the outline of pack.yaml."""
    items = _value(parsed, ("sections",))
    if not isinstance(items, list) or not items:
        raise PackError(
            path, "needs a non-empty list named 'sections'", parsed.line_of(("sections",))
        )
    sections = []
    for index, item in enumerate(items):
        at: PathKey = ("sections", index)
        if not isinstance(item, dict):
            raise PackError(
                path,
                "each section must be a mapping with id, title and clauses",
                parsed.line_of(at),
            )
        ids = item.get("clauses", [])
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise PackError(
                path, "a section's clauses must be a list of clause ids", parsed.line_of(at)
            )
        new_page = item.get("new_page", False)
        if not isinstance(new_page, bool):
            raise PackError(
                path,
                "a section's new_page must be true or false",
                parsed.line_of((*at, "new_page")),
            )
        sections.append(
            SectionSpec(
                id=_text(path, parsed, (*at, "id"), "the section id"),
                title=_text(path, parsed, (*at, "title"), "the section title"),
                clauses=tuple(ids),
                new_page=new_page,
            )
        )
    return tuple(sections)


_LOADED: dict[Path, tuple[str, Pack]] = {}


def load_pack(name_or_path: str | Path | None = None, base: Path | None = None) -> Pack:
    """Load a pack with its clauses; every clause id in the outline must exist.

    A pack whose pack.yaml and clauses.yaml are byte for byte as when it was last loaded in
    this process is not parsed again (the render worker loads it for every preview).
    """
    folder = find_pack(name_or_path, base)
    try:
        digest = hashlib.sha256(
            read_pack_bytes(folder / "pack.yaml") + b"\0" + read_pack_bytes(folder / "clauses.yaml")
        ).hexdigest()
    except OSError:
        digest = ""  # the loader below names the missing or unreadable file
    kept = _LOADED.get(folder)
    if digest and kept is not None and kept[0] == digest:
        return kept[1]
    pack = _load_pack(folder)
    if digest:
        _LOADED[folder] = (digest, pack)
    return pack


def _load_pack(folder: Path) -> Pack:
    pack_file = folder / "pack.yaml"
    parsed = read_pack_file(pack_file)
    sections = _load_sections(pack_file, parsed)
    clauses = load_clauses(folder / "clauses.yaml", tuple(s.id for s in sections))
    for section in sections:
        for clause_id in section.clauses:
            if clause_id not in clauses:
                raise PackError(
                    pack_file,
                    f"section '{section.id}' names clause '{clause_id}', which clauses.yaml "
                    "does not define",
                    parsed.line_of(("sections",)),
                )
    return Pack(
        path=folder,
        name=_text(pack_file, parsed, ("name",), "name"),
        version=_text(pack_file, parsed, ("version",), "version", required=False) or "0",
        locale=_text(pack_file, parsed, ("locale",), "locale", required=False) or "en_GB",
        description=_text(pack_file, parsed, ("description",), "description", required=False),
        sections=sections,
        clauses=clauses,
    )
