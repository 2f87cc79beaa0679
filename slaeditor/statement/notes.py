"""A statement's notes: what the figures rest on that the reader should know.

Each note is its English sentence (what the JSON and CSV carry) with a key and the values in
it, so a pack's statement.yaml can reword it for the printed statement, in its own language
(`notes:` there, key by key). The keys and their values:

- `site-rule`: an incident at one Site counts as the multi-Site rule says;
- `started` / `not-started` (service, starts): a service provided from a day in the period;
- `usage-not-known` (service): a credit on all charges shown of the monthly fee only;
- `no-fee` (service): a credit given as a percentage only;
- `invoice-date`: a claim period from the invoice counted from the period's last day;
- `no-incident` (service): a claim period from each incident, with none known;
- `no-response-credits`: support figures that earn no credit;
- `business-time` (period): how Response and Resolution Times are counted;
- `clock-stops`: stopped minutes taken off the Resolution Time only;
- `left-out` (count, period): tickets logged outside the period.
"""

from __future__ import annotations

from typing import Any

__all__ = ["NOTE_VALUES", "Note"]

NOTE_VALUES: dict[str, frozenset[str]] = {
    key: frozenset(names.split())
    for key, names in {
        "site-rule": "",
        "started": "service starts",
        "not-started": "service starts",
        "usage-not-known": "service",
        "no-fee": "service",
        "invoice-date": "",
        "no-incident": "service",
        "no-response-credits": "",
        "business-time": "period",
        "clock-stops": "",
        "left-out": "count period",
    }.items()
}
"""Every note's key and the names of the values it carries."""


class Note(str):
    """A note's English text, with its key and values (equal to its text, as a string is)."""

    key: str
    values: dict[str, Any]

    def __new__(cls, key: str, text: str, **values: Any) -> Note:
        """Make the note *key* reading *text*, which says *values*."""
        if key not in NOTE_VALUES or set(values) != NOTE_VALUES[key]:
            msg = f"note '{key}' with values {sorted(values)} is not one of NOTE_VALUES"
            raise ValueError(msg)
        note = super().__new__(cls, text)
        note.key = key
        note.values = values
        return note
