"""Template packs: the outline of a contract and the clauses that fill it.

Packs come from the application, the user's templates folder or a shared drive, so everything
read here is checked and any problem is reported with the file and the line.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from slaeditor.clauses.library import LibraryError, load_library
from slaeditor.clauses.records import SECTIONS
from slaeditor.errors import FileLineError
from slaeditor.resources import templates_dir, user_templates_dir
from slaeditor.storage.yamldepth import too_deep
from slaeditor.storage.yamlio import explain_yaml_error

if TYPE_CHECKING:
    from collections.abc import Iterable


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

    def choice_problems(self, choices: dict[str, str]) -> list[tuple[str, str]]:
        """Check an agreement's clause choices: (clause id, what to fix) for each bad one."""
        problems = []
        for clause_id, variant in choices.items():
            clause = self.clauses.get(clause_id)
            if clause is None:
                problems.append(
                    (clause_id, f"the template pack '{self.name}' has no clause '{clause_id}'")
                )
            elif variant not in clause.variants:
                known = ", ".join(clause.variants)
                problems.append(
                    (clause_id, f"clause '{clause_id}' has no variant '{variant}'; choose {known}")
                )
        return problems

    def slot_problems(self, slots: Iterable[str]) -> list[tuple[str, str]]:
        """Check the slots an agreement fills with library clauses: each must be in the outline."""
        outline = {clause_id for section in self.sections for clause_id in section.clauses}
        return [
            (
                slot,
                f"the template pack '{self.name}' has no clause '{slot}' in its outline for "
                "a library clause to replace",
            )
            for slot in slots
            if slot not in outline
        ]


def find_pack(name_or_path: str | Path | None, base: Path | None = None) -> Path:
    """Find a pack by folder path, else by name in the user's folder, then the built-ins.

    A relative folder is looked up next to `base` (the agreement's folder) first, so an
    agreement that names a pack beside it renders the same from any working directory.
    """
    name = str(name_or_path or "standard")
    candidate = Path(name).expanduser()
    places = [base / candidate] if base is not None and not candidate.is_absolute() else []
    for place in [*places, candidate]:
        if place.is_dir() and (place / "pack.yaml").is_file():
            return place.resolve()
    for root in (user_templates_dir(), templates_dir()):
        if (root / name / "pack.yaml").is_file():
            return root / name
    known = sorted(p.name for p in templates_dir().iterdir() if (p / "pack.yaml").is_file())
    raise PackError(
        candidate,
        f"no template pack '{name}'; give a pack folder or one of: {', '.join(known)}",
    )


def _compose(path: Path) -> yaml.Node | None:
    """Parse a YAML file into nodes (which keep line numbers), reporting syntax errors."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PackError(path, f"cannot be read ({error})") from error
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:  # the parser recurses: thousands of nested brackets exhaust it
        message, line = too_deep(text)
        raise PackError(path, message, line) from None
    except yaml.YAMLError as error:
        explained = explain_yaml_error(text, error)
        raise PackError(path, explained.message, explained.line) from None


def _construct(node: yaml.Node) -> Any:
    """Turn nodes into plain Python data with the safe constructors only."""
    return yaml.SafeLoader("").construct_document(node)


def _mapping(node: yaml.Node | None) -> dict[str, yaml.Node]:
    """Return a mapping node's children by key."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): value for key, value in node.value}


def _line(node: yaml.Node) -> int:
    """Return the 1-based line on which a node's content starts."""
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        return node.start_mark.line + 2
    return node.start_mark.line + 1


def _text(path: Path, node: yaml.Node | None, what: str, line: int, required: bool = True) -> str:
    """Read a scalar string, or explain which key is missing."""
    if node is None:
        if required:
            raise PackError(path, f"{what} is missing; add it", line)
        return ""
    if not isinstance(node, yaml.ScalarNode):
        raise PackError(path, f"{what} must be text", _line(node))
    return str(_construct(node) or "")


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


def _load_sections(path: Path, node: yaml.Node | None) -> tuple[SectionSpec, ...]:
    """Read the outline of pack.yaml."""
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise PackError(path, "needs a non-empty list named 'sections'", 1)
    sections = []
    for item in node.value:
        keys = _mapping(item)
        line = _line(item)
        ids = _construct(keys["clauses"]) if "clauses" in keys else []
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise PackError(path, "a section's clauses must be a list of clause ids", line)
        new_page = _construct(keys["new_page"]) if "new_page" in keys else False
        if not isinstance(new_page, bool):
            raise PackError(
                path, "a section's new_page must be true or false", _line(keys["new_page"])
            )
        sections.append(
            SectionSpec(
                id=_text(path, keys.get("id"), "the section id", line),
                title=_text(path, keys.get("title"), "the section title", line),
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
            (folder / "pack.yaml").read_bytes() + b"\0" + (folder / "clauses.yaml").read_bytes()
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
    keys = _mapping(_compose(pack_file))
    sections = _load_sections(pack_file, keys.get("sections"))
    clauses = load_clauses(folder / "clauses.yaml", tuple(s.id for s in sections))
    for section in sections:
        for clause_id in section.clauses:
            if clause_id not in clauses:
                raise PackError(
                    pack_file,
                    f"section '{section.id}' names clause '{clause_id}', which clauses.yaml "
                    "does not define",
                    _line(keys["sections"]),
                )
    return Pack(
        path=folder,
        name=_text(pack_file, keys.get("name"), "name", 1),
        version=_text(pack_file, keys.get("version"), "version", 1, required=False) or "0",
        locale=_text(pack_file, keys.get("locale"), "locale", 1, required=False) or "en_GB",
        description=_text(pack_file, keys.get("description"), "description", 1, required=False),
        sections=sections,
        clauses=clauses,
    )
