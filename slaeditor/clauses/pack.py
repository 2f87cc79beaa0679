"""Template packs: the outline of a contract and the clauses that fill it.

Packs come from the application, the user's templates folder or a shared drive, so everything
read here is checked and any problem is reported with the file and the line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from slaeditor.resources import templates_dir, user_templates_dir

SCOPES = ("corporate", "customer", "service")


class PackError(Exception):
    """A template pack that cannot be used; names the file, the line and what to fix."""

    def __init__(self, path: Path, message: str, line: int | None = None) -> None:
        where = f"{path}, line {line}" if line else str(path)
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.message = message


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
    """A section of the outline: its id, title and clause ids in order."""

    id: str
    title: str
    clauses: tuple[str, ...]


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
    except yaml.YAMLError as error:
        from slaeditor.storage.yamlio import explain_yaml_error

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


def _load_clause(path: Path, node: yaml.Node) -> Clause:
    """Read and check one clause entry."""
    line = _line(node)
    keys = _mapping(node)
    if not keys:
        raise PackError(
            path, "each clause must be a mapping with id, title, section, variants", line
        )
    known = {"id", "title", "section", "scope", "guidance", "variants", "tags"}
    for key in keys:
        if key not in known:
            raise PackError(
                path, f"'{key}' is not a clause field ({', '.join(sorted(known))})", line
            )
    clause_id = _text(path, keys.get("id"), "the clause id", line)
    scope = _text(path, keys.get("scope"), "scope", line, required=False) or "corporate"
    if scope not in SCOPES:
        raise PackError(path, f"clause '{clause_id}': scope must be one of {SCOPES}", line)
    variant_nodes = _mapping(keys.get("variants"))
    if not variant_nodes:
        raise PackError(path, f"clause '{clause_id}' needs at least one variant", line)
    variants: dict[str, str] = {}
    lines: dict[str, int] = {}
    for name, body in variant_nodes.items():
        variants[name] = _text(path, body, f"variant '{name}' of '{clause_id}'", _line(body))
        lines[name] = _line(body)
    return Clause(
        id=clause_id,
        title=_text(path, keys.get("title"), "title", line, required=False),
        section=_text(path, keys.get("section"), f"the section of '{clause_id}'", line),
        scope=scope,
        guidance=_text(path, keys.get("guidance"), "guidance", line, required=False),
        variants=variants,
        source=path,
        lines=lines,
    )


def load_clauses(path: Path) -> dict[str, Clause]:
    """Load a clauses file; duplicate ids are an error naming both lines."""
    root = _mapping(_compose(path))
    items = root.get("clauses")
    if not isinstance(items, yaml.SequenceNode):
        raise PackError(path, "must contain a list named 'clauses'", 1)
    clauses: dict[str, Clause] = {}
    for node in items.value:
        clause = _load_clause(path, node)
        if clause.id in clauses:
            first = clauses[clause.id].lines
            raise PackError(
                path,
                f"clause id '{clause.id}' is used twice (first near line {min(first.values())})",
                _line(node),
            )
        clauses[clause.id] = clause
    return clauses


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
        sections.append(
            SectionSpec(
                id=_text(path, keys.get("id"), "the section id", line),
                title=_text(path, keys.get("title"), "the section title", line),
                clauses=tuple(ids),
            )
        )
    return tuple(sections)


def load_pack(name_or_path: str | Path | None = None, base: Path | None = None) -> Pack:
    """Load a pack with its clauses; every clause id in the outline must exist."""
    folder = find_pack(name_or_path, base)
    pack_file = folder / "pack.yaml"
    keys = _mapping(_compose(pack_file))
    sections = _load_sections(pack_file, keys.get("sections"))
    clauses = load_clauses(folder / "clauses.yaml")
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
