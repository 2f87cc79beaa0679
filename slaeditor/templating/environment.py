"""The sandbox in which clause bodies (user-editable Markdown with Jinja) are rendered.

Clauses come from packs and shared libraries, so they run in a SandboxedEnvironment with
StrictUndefined. Agreement values are data: every printed value is escaped for Markdown, so
whatever a user typed (`**`, `<b>`, `{{ 7*7 }}`) reaches the contract exactly as typed.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, Protocol

from jinja2 import StrictUndefined, Template

from slaeditor import sla
from slaeditor.templating.budget import limited_concat
from slaeditor.templating.labels import LABELS, WEEKDAYS
from slaeditor.templating.sandbox import DataSandbox

if TYPE_CHECKING:
    import datetime
    from collections.abc import Callable, Iterable


MAX_COMPILED = 1024
"""Compiled clause texts kept per sandbox: every pack and library clause, plus recent edits."""
TABLE_MARK = "\ue000"
"""Private-use character that brackets a table placeholder; stripped from every value."""

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def escape_markdown(text: str) -> str:
    """Backslash-escape every ASCII punctuation mark, so Markdown shows it literally."""
    text = join_lines(text.replace(TABLE_MARK, ""))
    return _PUNCTUATION.sub(r"\\\1", text)


def join_lines(text: str) -> str:
    r"""Turn every run of white space that holds a line break into one space.

    Done line by line, in time linear in the text: the regular expression `\s*\n\s*`
    retries its run from every space, so 20,000 spaces in a value took a second to print.
    """
    if "\n" not in text:
        return text
    lines = text.split("\n")
    last = len(lines) - 1
    kept = [
        line.lstrip() if number == last else (line.strip() if number else line.rstrip())
        for number, line in enumerate(lines)
    ]
    words = [line for line in kept if line]
    if not words:
        return " "
    head = " " if not kept[0] else ""
    tail = " " if not kept[-1] else ""
    return head + " ".join(words) + tail


class Formatter:
    """Locale-aware printing of the agreement's numbers, durations, money and dates."""

    def __init__(self, locale: str, currency: str) -> None:
        self.locale = locale
        self.currency = currency

    def percent(self, value: Decimal | None) -> str:
        """Print a percentage such as 99.9%."""
        return "" if value is None else sla.format_percent(Decimal(value), self.locale)

    def duration(self, minutes: int | None) -> str:
        """Print a response or notice time in words: 12 hours."""
        return "" if minutes is None else sla.format_minutes(int(minutes), self.locale)

    def seconds(self, seconds: Decimal) -> str:
        """Print a downtime budget compactly: 43m 12s."""
        return sla.format_duration(seconds, self.locale)

    def money(self, amount: Decimal | None) -> str:
        """Print an amount in the agreement's currency."""
        return (
            "" if amount is None else sla.format_money(Decimal(amount), self.currency, self.locale)
        )

    def date(self, value: datetime.date | None) -> str:
        """Print a date in the long form used in contracts."""
        return "" if value is None else sla.format_date(value, self.locale)

    def count(self, value: Decimal | int | None, noun: str) -> str:
        """Print a count with its noun in the right form: "1 day", "5 days", "1 Business Day".

        The form comes from the locale's plural rules (Babel); the pack writes English
        nouns, whose other form adds an s.
        """
        if value is None:
            return ""
        form = self._locale.plural_form(abs(Decimal(value)))
        return f"{self.number(value)} {noun if form == 'one' else noun + 's'}"

    def notice(self, days: int | None) -> str:
        """Print a notice period to follow "on": "at least 5 days’ notice", or "notice".

        One day reads "at least 1 day’s notice"; no days reads "notice" (it may take effect
        the same day).
        """
        if not days:
            return "notice"
        counted = self.count(days, "day")
        return (
            f"at least {counted}’ notice"
            if counted.endswith("s")
            else f"at least {counted}’s notice"
        )

    def join_and(self, items: Iterable[object]) -> str:
        """Join names as the locale lists them: "A, B and C".

        Names that hold "and" or a comma are kept apart by semicolons: "A and B; C; and D".
        """
        names = [str(item) for item in items if str(item)]
        if len(names) <= 1:
            return "".join(names)
        if any(" and " in name or "," in name for name in names):
            return f"{'; '.join(names[:-1])}; and {names[-1]}"
        from babel.lists import format_list

        return str(format_list(names, style="standard", locale=self.locale))

    def join_or(self, items: Iterable[object]) -> str:
        """Join alternatives as the locale does: "1, 2 or 3"."""
        names = [str(item) for item in items if str(item)]
        if len(names) <= 1:
            return "".join(names)
        from babel.lists import format_list

        return str(format_list(names, style="or", locale=self.locale))

    @functools.cached_property
    def _locale(self) -> Any:
        from babel import Locale

        return Locale.parse(self.locale)

    def number(self, value: Decimal | int | None) -> str:
        """Print a plain number, dropping a meaningless .0."""
        if value is None:
            return ""
        from babel.numbers import format_decimal

        return str(format_decimal(Decimal(value).normalize(), locale=self.locale))


def label(value: object) -> str:
    """Print an option value in words (e.g. end-of-month → end of the calendar month...)."""
    key = value.value if isinstance(value, Enum) else value
    return LABELS.get(str(key), str(key).replace("-", " "))


def phrase(text: object) -> str:
    """Fit free text into a sentence: one line, no closing full stop (the clause adds its own)."""
    return " ".join(str(text).split()).rstrip(" .;")


def join_and(items: Iterable[object]) -> str:
    """Join names the way contracts list them: A, B and C."""
    names = [str(item) for item in items]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def calendar_hours(calendar: Any) -> str:
    """Describe a support calendar in one phrase."""
    if calendar is None:
        return ""
    if calendar.always:
        return "24 hours a day, 7 days a week"
    spans = [f"{_day_range(h.days)} {h.start}–{h.end}" for h in calendar.hours]
    text = f"{join_and(spans)} ({calendar.time_zone})"
    if calendar.holiday_rule:
        text += f", excluding {phrase(calendar.holiday_rule)}"
    return text


def _day_range(days: list[Any]) -> str:
    """Print consecutive weekdays as a range: Monday to Friday."""
    order = list(WEEKDAYS)
    indexes = sorted(order.index(str(getattr(d, "value", d))) for d in days)
    if len(indexes) > 2 and indexes == list(range(indexes[0], indexes[-1] + 1)):
        return f"{WEEKDAYS[order[indexes[0]]]} to {WEEKDAYS[order[indexes[-1]]]}"
    return join_and(WEEKDAYS[order[i]] for i in indexes)


def _finalize(value: object) -> object:
    """Turn every printed value into safe Markdown text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, Decimal):
        value = format(value.normalize(), "f")
    if isinstance(value, Rendered):
        return str(value)
    return escape_markdown(str(value))


class Rendered(str):
    r"""Text the template produced itself (a macro, a `{% set %}` block, a table placeholder).

    Its values were escaped when they were printed inside it, so printing it again must not
    escape them a second time (that printed "£95\.00").
    """

    __slots__ = ()


def _concat(parts: Iterable[str]) -> Rendered:
    """Join template output (up to the limit); Jinja uses this for macros and block sets too."""
    return Rendered(limited_concat(parts))


def table_placeholder(name: str) -> Rendered:
    """Mark where a computed table goes; compose() swaps the paragraph for the table."""
    return Rendered(f"{TABLE_MARK}{name}{TABLE_MARK}")


class ClauseEnvironment:
    """A sandbox per locale and currency, with compiled clause bodies cached by text."""

    def __init__(self, formatter: Formatter, extra_globals: dict[str, Callable[..., Any]]) -> None:
        self.formatter = formatter
        self.env = DataSandbox(
            undefined=StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=_finalize,
        )
        self.env.concat = _concat  # type: ignore[method-assign]
        self.env.filters.update(
            percent=formatter.percent,
            duration=formatter.duration,
            money=formatter.money,
            date=formatter.date,
            number=formatter.number,
            seconds=formatter.seconds,
            label=label,
            join_and=formatter.join_and,
            join_or=formatter.join_or,
            count=formatter.count,
            notice=formatter.notice,
            phrase=phrase,
            hours=calendar_hours,
        )
        self.env.globals.update(table=table_placeholder, **extra_globals)
        self._cache: dict[str, Template] = {}

    def compile(self, body: str) -> Template:
        """Compile a clause body once per text; syntax errors carry the line in the body.

        The cache keeps the most recent texts only: the wizard and the library manager
        render the text being typed, one new text per keystroke, for as long as the app runs.
        """
        template = self._cache.pop(body, None)
        if template is None:
            template = self.env.from_string(body)
            if len(self._cache) >= MAX_COMPILED:
                del self._cache[next(iter(self._cache))]  # the least recently used
        self._cache[body] = template
        return template


class Budgeted(Protocol):
    """A service as clause bodies see it: it knows its allowed downtime (clause_data)."""

    def budget_seconds(self, window: str, month_days: int | None = None) -> Decimal:
        """Return the allowed downtime in a window."""


@functools.lru_cache(maxsize=8)
def clause_environment(locale: str, currency: str) -> ClauseEnvironment:
    """Return the sandbox for a locale and currency, keeping compiled clauses between renders."""
    formatter = Formatter(locale, currency)

    def budget(service: Budgeted, window: str = "month") -> str:
        return formatter.seconds(service.budget_seconds(window))

    return ClauseEnvironment(formatter, {"budget": budget})
