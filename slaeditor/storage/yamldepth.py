"""Where a YAML text nests too deeply for PyYAML, which composes nodes recursively.

`[[[[...` a few thousand deep (or as many indentation levels) in a shared library, a template
pack or a mailed agreement raised RecursionError before any depth check could run; the three
readers catch it and report this message with the first line nested deeper than `limit`.
"""

from __future__ import annotations

MESSAGE = (
    "nests lists or mappings far more deeply than any file needs; remove the extra "
    "brackets or indentation"
)


def too_deep(text: str, limit: int = 64) -> tuple[str, int]:
    """Return the message and the first line nested deeper than `limit` (else line 1)."""
    depth = 0
    for number, row in enumerate(text.splitlines(), start=1):
        indent = (len(row) - len(row.lstrip(" "))) // 2
        deepest = depth
        for char in row:
            if char in "[{":
                depth += 1
                deepest = max(deepest, depth)
            elif char in "]}":
                depth -= 1
        if deepest + indent > limit:
            return MESSAGE, number
    return MESSAGE, 1
