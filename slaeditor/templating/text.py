"""Render clause text in the sandbox, and say in words why a text does not render.

Clause text is user input (a template pack, a shared library, a copy inside an agreement
file); every failure becomes a message with the line inside the text, never a traceback.
"""

from __future__ import annotations

import traceback
from typing import TYPE_CHECKING, Any

from jinja2 import TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from slaeditor.errors import RenderError
from slaeditor.templating.budget import LimitExceeded
from slaeditor.templating.hostile import hostile_problems

if TYPE_CHECKING:
    from slaeditor.templating.environment import ClauseEnvironment


class TextRenderError(RenderError):
    """Clause text outside the pack that does not render: where, the line in it, and why."""

    def __init__(self, where: str, line: int | None, detail: str) -> None:
        at = f", line {line} of its text" if line else ""
        super().__init__(f"{where}{at}: {detail}")
        self.where = where
        self.line = line
        self.detail = detail

    def __reduce__(self) -> tuple[type[TextRenderError], tuple[str, int | None, str]]:
        """Pickle with the constructor's arguments (the error crosses from a layout process)."""
        return type(self), (self.where, self.line, self.detail)


def template_line(error: BaseException) -> int | None:
    """Find the line inside the clause body where rendering failed."""
    if isinstance(error, TemplateSyntaxError):
        return error.lineno
    line = None
    for frame, lineno in traceback.walk_tb(error.__traceback__):
        if frame.f_code.co_filename == "<template>":
            line = lineno
    return line


def error_detail(error: Exception) -> str:
    """Say what went wrong in a clause body, in words a template author can act on."""
    if isinstance(error, LimitExceeded):
        detail = f"does too much work: {error}; a clause only prints the agreement's values"
    elif isinstance(error, SecurityError):
        detail = (
            f"uses something the sandbox forbids ({error}); a clause may only read the "
            "agreement's values"
        )
    elif isinstance(error, UndefinedError):
        detail = f"{error}; check the spelling against docs/templates.md"
    elif isinstance(error, TemplateSyntaxError):
        detail = f"template syntax error: {error.message}"
    else:
        detail = f"fails: {type(error).__name__}: {error}"
    return detail


def render_text(env: ClauseEnvironment, where: str, text: str, context: dict[str, Any]) -> str:
    """Render clause text that did not come from the pack (an agreement's copy, a preview).

    It may have arrived inside an agreement file (perhaps by e-mail), so it gets the library
    checks (no sandbox escapes, no local links) before the sandbox even sees it. Errors name
    `where` and the line within the text.
    """
    problems = hostile_problems(text)
    if problems:
        raise TextRenderError(where, problems[0].line, problems[0].message)
    try:
        return env.compile(text).render(context)
    except Exception as error:  # the text is user input: every failure is a message
        raise TextRenderError(where, template_line(error), error_detail(error)) from error
