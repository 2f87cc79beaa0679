"""Ids of the things an agreement refers to by id: services, sites, groups, calendars.

Overrides, measurement files and other records point at these ids, so an id is made once,
from the first name a user gives, and then kept when the name changes. People never type
one: the wizard makes it from the name.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Collection

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,62}$"
"""What an id looks like: lower-case letters, digits, hyphens, at most 63 characters."""
ID_LIMIT = 63


def make_id(name: str, taken: Collection[str], fallback: str = "item") -> str:
    """Make an id from a name: lower case, hyphens, at most 63 characters, not yet taken.

    Accents are dropped ("Café" → "cafe"); a name with no letter or digit gives `fallback`;
    a taken id gets the first free number ("sd-wan-2").
    """
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:ID_LIMIT].strip("-")
    base = base or fallback
    candidate, number = base, 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate = base[: ID_LIMIT - len(suffix)].rstrip("-") + suffix
        number += 1
    return candidate
