"""Clauses and template packs: load, check and look up the legal text (Qt-free)."""

from __future__ import annotations

from slaeditor.clauses.pack import Clause, Pack, PackError, SectionSpec, find_pack, load_pack

__all__ = ["Clause", "Pack", "PackError", "SectionSpec", "find_pack", "load_pack"]
