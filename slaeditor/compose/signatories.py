"""Who signs the contract, and the names of their signature fields.

Each signatory's block in the contract carries the name of the PDF signature field that will
be laid over it ("Albion Connect - Helen Marsh"); compose() gives the names, so the PDF writer,
the signing commands and the GUI all find a field by the same name (Contract.signatories()
lists who signs).
"""

from __future__ import annotations

import re

_FORBIDDEN = re.compile(r"[.\x00-\x1f]")
"""A period separates the parts of a PDF field's full name, so it cannot be in a part."""


class FieldNames:
    """Give signature fields unique, readable names such as "Albion Connect - Helen Marsh"."""

    def __init__(self) -> None:
        self.count = 0
        self._used: set[str] = set()
        self._per_party: dict[str, int] = {}

    def next(self, party: str, person: str) -> str:
        """Return the name for the next signatory of a party (numbered if it repeats)."""
        self.count += 1
        self._per_party[party] = self._per_party.get(party, 0) + 1
        who = " ".join(person.split()) or f"signatory {self._per_party[party]}"
        base = _FORBIDDEN.sub("", f"{' '.join(party.split())} - {who}").strip()
        name, repeat = base, 1
        while name.casefold() in self._used:
            repeat += 1
            name = f"{base} ({repeat})"
        self._used.add(name.casefold())
        return name
