"""Limits on how much work a template may do, so hostile text cannot freeze or exhaust the app.

The sandbox stops a template from reaching Python, but not from working forever: two nested
`{% for %}` loops over `range(100000)` run 10^10 times, and `'x' * 10**9` or `n ** n` builds a
value the size of the machine's memory. The wizard previews clause text from shared libraries
and mailed agreement files on the GUI thread, so such text froze the application. Here every
loop step and every call a template makes is counted per render, and `*` and `**` refuse
results no contract needs.
"""

from __future__ import annotations

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
