"""Agreement files: safe loading with line numbers, atomic saving and format upgrades.

Qt-free, so the command line and the tests use exactly what the GUI uses.
"""

from __future__ import annotations

from slaeditor.storage.errors import AgreementFileError
from slaeditor.storage.files import (
    agreement_json_schema,
    load_agreement,
    save_agreement,
)

__all__ = ["AgreementFileError", "agreement_json_schema", "load_agreement", "save_agreement"]
