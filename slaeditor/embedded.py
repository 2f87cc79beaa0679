"""The name a contract PDF carries its agreement file under.

Written by the PDF writer (writers/pdf/archive.py) and read back by storage/pdf_source.py;
kept here, below both, so that the layout process, which attaches it, loads none of the
agreement model the reader needs.
"""

from __future__ import annotations

SOURCE_NAME = "agreement.sla.yaml"
"""The name the agreement is embedded under."""
