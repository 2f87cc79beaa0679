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
import functools
import os
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import FileSystemLoader, Template, TemplateNotFound, nodes
from jinja2.runtime import Context, LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace

from slaeditor.regular_file import check_regular
from slaeditor.resources import is_built_in
from slaeditor.templating import budget, code_cache

if TYPE_CHECKING:
    from collections.abc import MutableMapping

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
    intercepted_binops = frozenset({"*", "**", "%", "+"})
    counted_iterable = staticmethod(budget.counted)
    checked_concat = staticmethod(budget.checked_concat)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("bytecode_cache", code_cache.shared())
        super().__init__(*args, **kwargs)
        self.filters.update(_limited_filters(self.filters))
        self.globals.pop("lipsum", None)  # placeholder text on demand: no use in a contract

    def from_string(
        self,
        source: str | nodes.Template,
        globals: MutableMapping[str, Any] | None = None,  # Jinja's name
        template_class: type[Template] | None = None,
    ) -> Template:
        """Compile a template from a string, its code kept on disk (code_cache) like a file's."""
        cache = self.bytecode_cache
        if cache is None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        bucket = cache.get_bucket(self, code_cache.text_key(source), None, source)
        code = bucket.code
        if code is None:
            code = self.compile(source)
            bucket.code = code
            cache.set_bucket(bucket)
        kind = template_class or self.template_class
        return kind.from_code(self, code, self.make_globals(globals), None)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """Refuse a product, power, sum or padding far larger than any contract needs, first."""
        if operator == "%":
            if isinstance(left, str):
                budget.check_printf_widths(left, right)
        elif operator == "+":
            if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
                budget.check_size(len(left) + len(right), "joining texts")
        else:
            budget.checked_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Any:
        """Refuse `str.format` widths no contract needs (Jinja wraps str.format here)."""
        wrapped = super().wrap_str_format(value)
        owner = getattr(value, "__self__", None)
        if wrapped is None or not isinstance(owner, str):
            return wrapped
        by_map = getattr(value, "__name__", "") == "format_map"

        def checked(*args: Any, **kwargs: Any) -> Any:
            mapping = args[0] if by_map and args else kwargs
            named = mapping.values() if isinstance(mapping, dict) else ()
            budget.check_format_widths(owner, [*args, *named])
            return wrapped(*args, **kwargs)

        return checked

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Count the call against the render's budget, then call as the sandbox does."""
        budget.spend(__context)
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            budget.check_text_call(owner, getattr(__obj, "__name__", ""), args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Allow data attributes everywhere, methods only on plain built-in values."""
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if type(obj).__module__.split(".")[0] in _FORBIDDEN_MODULES and not _is_field(obj, attr):
            return False
        return not callable(value) or isinstance(obj, _CALLABLE_OWNERS)


def _limited_filters(filters: dict[str, Any]) -> dict[str, Any]:
    """Wrap the built-in filters that pad or multiply text with the same limits as methods."""
    center, indent, format_, replace, join, wordwrap, sum_ = (
        filters[name]
        for name in ("center", "indent", "format", "replace", "join", "wordwrap", "sum")
    )

    def limited_center(value: Any, width: Any = 80) -> Any:
        budget.check_text_call(str(value), "center", (width,))
        return center(value, width)

    def limited_indent(text: Any, width: Any = 4, *args: Any, **kwargs: Any) -> Any:
        lines = str(text).count("\n") + 1
        step = len(width) if isinstance(width, str) else width
        if isinstance(step, int) and not isinstance(step, bool):
            budget.check_size(len(str(text)) + step * lines, "indenting")
        return indent(text, width, *args, **kwargs)

    def limited_format(value: Any, *args: Any, **kwargs: Any) -> Any:
        budget.check_printf_widths(str(value), args)
        return format_(value, *args, **kwargs)

    @functools.wraps(replace)  # keeps Jinja's mark that it takes the evaluation context
    def limited_replace(
        context: Any, text: Any, old: Any, new: Any, *args: Any, **kwargs: Any
    ) -> Any:
        budget.check_replace(str(text), str(old), str(new))
        return replace(context, text, old, new, *args, **kwargs)

    @functools.wraps(join)
    def limited_join(context: Any, value: Any, d: Any = "", attribute: Any = None) -> Any:
        if attribute is None and isinstance(value, (list, tuple, str)):
            budget.check_join(str(d), value)
        return join(context, value, d, attribute)

    @functools.wraps(wordwrap)
    def limited_wordwrap(
        context: Any, text: Any, width: Any = 79, *args: Any, **kwargs: Any
    ) -> Any:
        size = len(str(text))
        if size > budget.MAX_CLAUSE_CHARS:
            raise budget.LimitExceeded(f"wrapping a text of {size:,} characters")
        if isinstance(width, int) and not isinstance(width, bool):
            wrapstring = kwargs.get("wrapstring") or (args[1] if len(args) > 1 else None) or "\n"
            budget.check_size(size + size // max(width, 1) * len(str(wrapstring)), "wrapping")
        return wordwrap(context, text, width, *args, **kwargs)

    @functools.wraps(sum_)
    def limited_sum(context: Any, iterable: Any, attribute: Any = None, start: Any = 0) -> Any:
        if not isinstance(start, (int, float, Decimal)) or isinstance(start, bool):
            raise budget.LimitExceeded("sum adds numbers; join texts or lists another way")
        return sum_(context, iterable, attribute, start)

    return {
        "center": limited_center,
        "indent": limited_indent,
        "format": limited_format,
        "replace": limited_replace,
        "join": limited_join,
        "wordwrap": limited_wordwrap,
        "sum": limited_sum,
    }


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
        try:
            check_regular(Path(filename), single_link=not is_built_in(Path(filename)))
        except OSError as error:
            raise TemplateNotFound(f"{template} ({error.strerror})") from None
        return source, filename, uptodate
