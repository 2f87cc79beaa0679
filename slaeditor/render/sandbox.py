"""The sandbox every user-editable template runs in: clauses and both layout skeletons.

Jinja's SandboxedEnvironment blocks private attributes, but a template can still call any
public method of the objects it is given: pydantic models offer `parse_file` (reads a file)
and `parse_raw(..., proto="pickle")` (runs code), docxtpl's objects can save files. Templates
only need data, so here they may read attributes and call methods of plain built-in values
(str, numbers, dates, lists, dicts) and nothing else; lists and dicts cannot be changed. How
much work a template may do is limited in budget.py.
"""

from __future__ import annotations

import datetime
import os
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, TemplateNotFound
from jinja2.runtime import Context, LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace

from slaeditor.render import budget

_CALLABLE_OWNERS = (
    str,
    int,
    float,
    Decimal,
    datetime.date,
    list,
    tuple,
    dict,
    Enum,
    LoopContext,
    Namespace,
)
_FORBIDDEN_MODULES = ("docx", "docxtpl", "docxcompose", "lxml", "pydantic")


class DataSandbox(ImmutableSandboxedEnvironment):
    """A sandbox in which templates read data, cannot act on anything, and cannot run forever."""

    code_generator_class = budget.CountingCodeGenerator
    intercepted_binops = frozenset({"*", "**"})
    counted_iterable = staticmethod(budget.counted)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """Refuse a product or power far larger than any contract needs, before computing it."""
        budget.checked_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Count the call against the render's budget, then call as the sandbox does."""
        budget.spend(__context)
        return super().call(__context, __obj, *args, **kwargs)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Allow data attributes everywhere, methods only on plain built-in values."""
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if type(obj).__module__.split(".")[0] in _FORBIDDEN_MODULES and not _is_field(obj, attr):
            return False
        return not callable(value) or isinstance(obj, _CALLABLE_OWNERS)


def _is_field(obj: Any, attr: str) -> bool:
    """Tell whether attr is a declared data field of a pydantic model."""
    fields = getattr(type(obj), "model_fields", None)
    return isinstance(fields, dict) and attr in fields


class ConfinedLoader(FileSystemLoader):
    """Load templates from one folder only, refusing links that lead outside it."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder.resolve()

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
        """Return the source, unless the file really lies outside the folder."""
        source, filename, uptodate = super().get_source(environment, template)
        if not Path(os.path.realpath(filename)).is_relative_to(self.folder):
            raise TemplateNotFound(f"{template} (it leads outside the template pack)")
        return source, filename, uptodate
