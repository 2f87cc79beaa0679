"""YAML in and out, for every file SLA Editor reads or writes: agreements, packs, libraries.

Files arrive by e-mail and from shared folders and are edited by hand, so there is one reader
(reading) that builds plain data only, keeps the line of every value for messages, refuses
tags, aliases that multiply, keys written twice, nesting no file needs and number forms YAML
reads as other numbers (030, 0x1F, 48:50); and one writer (writing) that writes the same bytes
for the same data, so files diff cleanly under version control.
"""

from __future__ import annotations

from slaeditor.yamlio.reading import ParsedYaml, YamlSyntaxError, parse_yaml
from slaeditor.yamlio.writing import UnsavableValueError, dump_yaml, model_to_data

__all__ = [
    "ParsedYaml",
    "UnsavableValueError",
    "YamlSyntaxError",
    "dump_yaml",
    "model_to_data",
    "parse_yaml",
]
