"""Limits on how much work a template may do, so hostile text cannot freeze or exhaust the app.

The sandbox stops a template from reaching Python, but not from working forever: two nested
`{% for %}` loops over `range(100000)` run 10^10 times, and `'x' * 10**9` or `n ** n` builds a
value the size of the machine's memory. The wizard previews clause text from shared libraries
and mailed agreement files on the GUI thread, so such text froze the application. Here every
loop step and every call a template makes is counted per render, and `*` and `**` refuse
results no contract needs. So do the calls that pad or multiply text (`center`, `ljust`,
`format` with a width, `%`, `replace`, `join`, `indent`): `'x'|center(50000000)` made a 50 MB
clause whose layout never ended. A clause's whole text is limited too (MAX_CLAUSE_CHARS).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.exceptions import SecurityError

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from jinja2.compiler import Frame
    from jinja2.runtime import Context

MAX_STEPS = 1_000_000
"""Loop steps and calls in one render; a whole contract skeleton takes a few thousand."""
MAX_ITEMS = 1_000_000
"""Characters or items a repeated string or list may have."""
MAX_BITS = 100_000
"""Size of a number a template may compute (about 30,000 digits)."""
MAX_CLAUSE_CHARS = 200_000
"""Characters one clause may print: a long clause has a few thousand."""
_STEPS = "_sla_steps_left"


class LimitExceeded(SecurityError):
    """A template asked for more work or a larger value than any contract needs."""


def spend(context: Context, steps: int = 1) -> None:
    """Count work done in this render; refuse once the budget is spent."""
    left = getattr(context, _STEPS, MAX_STEPS) - steps
    if left < 0:
        raise LimitExceeded(f"it repeats itself more than {MAX_STEPS:,} times")
    setattr(context, _STEPS, left)


def counted(context: Context, iterable: Iterable[Any]) -> Iterator[Any]:
    """Iterate as the template asked, counting each step against the render's budget."""
    for item in iterable:
        spend(context)
        yield item


class CountingCodeGenerator(CodeGenerator):
    """Compile every `{% for %}` so that its steps go through counted()."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        """Wrap the loop's iterable; everything else is compiled as Jinja does."""
        wrapped = nodes.Call(
            nodes.EnvironmentAttribute("counted_iterable"),
            [nodes.ContextReference(), node.iter],
            [],
            None,
            None,
            lineno=node.lineno,
        )
        copy = nodes.For(
            node.target,
            wrapped,
            node.body,
            node.else_,
            node.test,
            node.recursive,
            lineno=node.lineno,
        )
        super().visit_For(copy, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        """Check each `~` result's length (environment.checked_concat)."""
        self.write("environment.checked_concat(")
        super().visit_Concat(node, frame)
        self.write(")")


def checked_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse `*` and `**` whose result would be far larger than any contract needs."""
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if (
                isinstance(seq, (str, list, tuple))
                and _is_int(times)
                and len(seq) * times > MAX_ITEMS
            ):
                raise LimitExceeded(f"repeating a text or list {times:,} times makes it too long")
        if _is_int(left) and _is_int(right) and _bits(left) + _bits(right) > MAX_BITS:
            raise LimitExceeded("a number it computes is too large")
    elif operator == "**" and _is_int(left) and _is_int(right) and _huge_power(left, right):
        raise LimitExceeded(f"{left} to the power of {right} is too large")


def _huge_power(base: int, exponent: int) -> bool:
    """Tell whether base ** exponent has more than MAX_BITS bits (1 and -1 stay small)."""
    return abs(base) > 1 and exponent > 0 and _bits(base) * exponent > MAX_BITS


def _bits(value: int) -> int:
    return abs(value).bit_length()


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_WIDTHS = re.compile(r"\d+")
_PRINTF_SPEC = re.compile(
    r"%(?:%|(?P<key>\([^)]*\))?[-+ #0]*(?P<width>\*|\d*)(?:\.(?P<precision>\*|\d*))?)"
)
"""A `%` conversion's width and precision (`%%` is a percent sign and has neither)."""
_PADDING_METHODS = frozenset({"center", "ljust", "rjust", "zfill"})


def check_size(size: int, what: str) -> None:
    """Refuse a text that would be far longer than any contract needs."""
    if size > MAX_ITEMS:
        raise LimitExceeded(f"{what} makes a text of {size:,} characters")


def _total(numbers: Iterable[str]) -> int:
    return sum(int(n) for n in numbers if n)


def check_format_widths(template: str, values: Iterable[Any] = ()) -> None:
    """Refuse a `str.format` template whose fields together pad beyond any contract's widths.

    Only the format specs count (`{:>N}`, nested ones too), not digits in the text around; a
    width given by a value (`{:{}}`) is refused when a value is that large.
    """
    import string

    specs: list[str] = []
    nested = False
    pending = [template]
    while pending:
        try:
            parsed = list(string.Formatter().parse(pending.pop()))
        except ValueError:
            return  # not a valid template: str.format says so itself
        for _text, _field, spec, _conversion in parsed:
            if spec:
                specs.append(spec)
                pending.append(spec)
                nested = nested or "{" in spec
    check_size(_total(n for spec in specs for n in _WIDTHS.findall(spec)), "formatting")
    if nested:
        for value in values:
            if _is_int(value):
                check_size(value, "formatting")


def check_printf_widths(template: str, values: Any = ()) -> None:
    """Refuse a `%` template whose conversions together pad beyond any contract's widths.

    A `*` width or precision takes the next value; only those values count as widths.
    """
    queue = list(values) if isinstance(values, tuple) else [values]
    total = 0
    for match in _PRINTF_SPEC.finditer(template):
        if match.group(0) == "%%":
            continue
        for part in (match.group("width"), match.group("precision")):
            if part == "*":
                taken = queue.pop(0) if queue else 0
                total += taken if _is_int(taken) else 0
            elif part:
                total += int(part)
        if queue and match.group("key") is None:
            queue.pop(0)  # the value this conversion prints
    check_size(total, "formatting")


def check_text_call(
    text: str, method: str, args: tuple[Any, ...], kwargs: dict[str, Any] | None = None
) -> None:
    """Refuse a call on a text whose result would be far larger than any contract needs."""
    kwargs = kwargs or {}
    if method in _PADDING_METHODS:
        width: Any = args[0] if args else kwargs.get("width")
        if _is_int(width):
            check_size(int(width), f"padding a text with {method}")
    elif method == "expandtabs":
        size: Any = args[0] if args else kwargs.get("tabsize", 8)
        if _is_int(size):
            check_size(len(text) + size * text.count("\t"), "expanding tabs")
    elif method == "replace" and len(args) >= 2 and all(isinstance(a, str) for a in args[:2]):
        check_replace(text, args[0], args[1])
    elif method == "join" and args:
        check_join(text, args[0])
    elif method == "translate":
        raise LimitExceeded("a clause has no use for translate(); write the text it needs")


def check_join(separator: str, items: Any) -> None:
    """Refuse joining a list whose items and separators together are too long."""
    if not isinstance(items, (list, tuple, str)):
        return  # a generator is joined as it comes; the clause limit applies to the result
    size = len(separator) * max(0, len(items) - 1)
    size += sum(len(item) if isinstance(item, str) else 20 for item in items)
    check_size(size, "joining")


def check_replace(text: str, old: str, new: str) -> None:
    """Refuse a replacement that would grow the text past the limit."""
    found = text.count(old) if old else len(text) + 1
    check_size(len(text) + found * max(0, len(new) - len(old)), "replacing")


def checked_concat(value: Any) -> Any:
    """Refuse a `~` or `+` result past the limit (once made: at most twice the limit)."""
    if isinstance(value, (str, list, tuple)):
        check_size(len(value), "joining texts")
    return value


def limited_concat(parts: Iterable[str]) -> str:
    """Join a clause's output, refusing it once it passes MAX_CLAUSE_CHARS."""
    pieces, size = [], 0
    for part in parts:
        size += len(part)
        if size > MAX_CLAUSE_CHARS:
            raise LimitExceeded(f"its text passes {MAX_CLAUSE_CHARS:,} characters once filled in")
        pieces.append(part)
    return "".join(pieces)
