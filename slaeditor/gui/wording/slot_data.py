"""What the clause wording page reads from the draft and says about it, without Qt.

The draft holds plain data (a half-typed agreement must survive), so a recorded clause choice
is a mapping under `clauses.<slot>`; these helpers read it defensively, turn the core's
ClauseChoice into that mapping, and word what a slot uses for the outline and the page.
A clause is named on screen by its title, never by its id: an untitled clause by its place in
the pack ("Opening paragraph in Service credits") or else by the first words of its text.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slaeditor.clauses.choices import choose, newer_version
from slaeditor.clauses.choices import text_diff as diff
from slaeditor.model.agreement import ClauseChoice

if TYPE_CHECKING:
    from collections.abc import Mapping

    from slaeditor.clauses import Pack
    from slaeditor.clauses.library_set import Entry, LibrarySet
    from slaeditor.clauses.records import LibraryClause

CHOICES_KEY = "clauses"
"""Where the draft keeps the clause choices, keyed by slot (the pack outline's clause id)."""
STANDARD = "standard"
_LABELS = {STANDARD: "Standard", "fallback": "Fallback", "customer-friendly": "Customer-friendly"}
MAX_LISTED = 200
"""Search results shown at once; more would only slow typing, and the count says to refine."""
FIRST_WORDS = 8
"""How many words of its text name a clause that has no title and no place in the pack."""
_TEMPLATE_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


@dataclass(frozen=True)
class Choice:
    """A recorded choice as the draft holds it (see model.agreement.ClauseChoice).

    No library and no text: the template pack's own wording in `variant`, read from the pack.
    """

    library: str
    clause: str
    variant: str
    version: int
    text: str | None
    modified: bool = False
    kept_version: int | None = None
    title: str = ""

    @property
    def from_pack(self) -> bool:
        """Tell whether this is the template pack's own wording, read from the pack."""
        return not self.library and self.text is None

    def data(self) -> dict[str, Any]:
        """Return the plain mapping the draft (and the .sla.yaml file) stores."""
        if self.from_pack:
            return {"variant": self.variant}
        data = dataclasses.asdict(self)
        for key in ("kept_version", "text"):
            if data[key] is None:
                del data[key]
        for key in ("title", "library", "clause"):
            if not data[key]:
                del data[key]
        return data


def pack_wording(variant: str) -> Choice:
    """Record the template pack's own wording in a variant other than the standard one."""
    return Choice(library="", clause="", variant=variant, version=0, text=None)


def read_choice(value: Any) -> Choice | None:
    """Read a choice from the draft; None when the slot has none or it is malformed.

    Malformed choices are reported by the draft check; the page then shows the pack wording.
    """
    if not isinstance(value, dict):
        return None
    try:
        version = int(value.get("version") or 0)
    except (TypeError, ValueError):
        version = 0
    try:
        kept = int(value["kept_version"]) if value.get("kept_version") else None
    except (TypeError, ValueError):
        kept = None
    return Choice(
        library=str(value.get("library") or ""),
        clause=str(value.get("clause") or ""),
        variant=str(value.get("variant") or "standard"),
        version=version,
        text=None if value.get("text") is None else str(value.get("text")),
        modified=bool(value.get("modified", False)),
        kept_version=kept,
        title=str(value.get("title") or ""),
    )


def from_core(choice: Any) -> Choice:
    """Convert the core's ClauseChoice (a model or a dataclass) to the draft's form."""
    return Choice(
        library=str(choice.library),
        clause=str(choice.clause),
        variant=str(choice.variant),
        version=int(choice.version),
        text=None if choice.text is None else str(choice.text),
        modified=bool(getattr(choice, "modified", False)),
        kept_version=getattr(choice, "kept_version", None),
        title=str(getattr(choice, "title", "") or ""),
    )


def to_core(choice: Choice) -> Any:
    """Build the core's ClauseChoice for its functions (newer_version, save_back)."""
    return ClauseChoice(**choice.data())


def choose_entry(entry: Entry, variant: str) -> Choice:
    """Record a library clause's variant as the agreement's wording (a copy of its text)."""
    return from_core(choose(entry, variant))


def library_entry(library_set: LibrarySet, choice: Choice) -> Entry | None:
    """Find the clause a choice was taken from, in the library it names."""
    return library_set.find(choice.library, choice.clause)


def library_text(library_set: LibrarySet, choice: Choice) -> str | None:
    """Return the library's current text of the chosen variant, or None if it is gone."""
    entry = library_entry(library_set, choice)
    if entry is None:
        return None
    return entry.clause.variants.get(choice.variant)


def newer_clause(library_set: LibrarySet, choice: Choice) -> LibraryClause | None:
    """Return the library's newer version of the chosen clause, if it holds one."""
    try:
        return newer_version(to_core(choice), library_set)
    except Exception:  # a malformed choice has no newer version; the check reports it
        return None


def describe_choice(choice: Choice | None) -> str:
    """Word what a slot uses, for the outline: pack wording, a library's, or edited text."""
    if choice is None or choice.from_pack:
        variant = "standard" if choice is None else choice.variant
        if variant == "standard":
            return "Template pack wording"
        return f"Template pack wording ({variant_label(variant)})"
    if choice.modified:
        return f"Edited for this agreement (from {choice.library or 'the template pack'})"
    return f"{choice.library}: {variant_label(choice.variant)}, version {choice.version}"


def untitled(position: int) -> str:
    """Name a clause the pack prints without a heading by its place in its section."""
    return "Opening paragraph" if position == 0 else f"Paragraph {position + 1}"


def pack_slot_names(pack: Pack | None) -> dict[str, str]:
    """Name every clause of a pack's outline as the screen shows it, by its id.

    A titled clause by its title; an untitled one by its place ("Paragraph 2 in Support").
    """
    names: dict[str, str] = {}
    if pack is None:
        return names
    for section in pack.sections:
        for position, slot in enumerate(section.clauses):
            clause = pack.clauses.get(slot)
            title = clause.title if clause is not None else ""
            names[slot] = title or f"{untitled(position)} in {section.title}"
    return names


def first_words(text: str) -> str:
    """Name a text by its first words, its template markup left out ("… must claim …")."""
    words: list[str] = []
    for word in _TEMPLATE_TAG.sub(" … ", text).split():
        if word != "…" or words[-1:] != ["…"]:
            words.append(word)
    if not set(words) - {"…"}:
        return "Untitled clause"
    more = "…" if len(words) > FIRST_WORDS else ""
    return " ".join(words[:FIRST_WORDS]) + more


def clause_name(clause: LibraryClause, slot_names: Mapping[str, str]) -> str:
    """Name a library clause on screen: its title, its slot's name, or its first words."""
    if clause.title.strip():
        return clause.title
    if clause.id in slot_names:
        return slot_names[clause.id]
    return first_words(next(iter(clause.variants.values()), ""))


def entry_label(entry: Entry, winners: dict[str, str], slot_names: Mapping[str, str]) -> str:
    """One line in the search results: name, library, and whether another library wins."""
    clause = entry.clause
    text = f"{clause_name(clause, slot_names)}  ·  {entry.library.name}"
    if entry.shadowed:
        text += f"  (not used: {winners.get(clause.id, 'another library')} comes first)"
    return text


def variant_label(name: str) -> str:
    """Name a variant in plain words; a pack's own variant names are shown tidied up."""
    known = _LABELS.get(name)
    if known is not None:
        return known
    text = name.replace("-", " ").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def text_diff(old: str, new: str) -> str:
    """Return a unified diff between two texts (the core's, labelled for the dialog)."""
    return diff(old, new)
