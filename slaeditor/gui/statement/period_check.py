"""What the statement window checks before it asks for a statement: the period, in its unit.

A statement is for one Measurement Period written in the unit of the services' window
(2025-05 for a month, 2025-Q2 for a quarter). The window says which unit in the field's
hint and checks the period when the field is left, with the messages `slaeditor credits`
gives, so a wrong unit is fixed before the worker is asked. Reading the agreement for its
windows takes a few milliseconds and is kept while the file is unchanged; the statement
itself is computed in the render worker, never here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from slaeditor.model import resolve_all
from slaeditor.sla import Window
from slaeditor.statement.periods import PeriodError, parse_period, period_of, period_unit
from slaeditor.storage import load_agreement

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["MeasuredService", "ServiceWindows", "check_period", "period_hint", "service_windows"]

ANY_UNIT = (
    "is not a period; write a month such as 2025-05, a quarter such as 2025-Q2, a week such "
    "as 2025-W21, a day or a year"
)
"""The command's words for a period that is none, when only support tickets are measured."""


@dataclass(frozen=True)
class MeasuredService:
    """A service as the period check needs it: its name, id and measurement window."""

    name: str
    id: str
    window: Window


@dataclass(frozen=True)
class ServiceWindows:
    """The services of one agreement file, as read at one modification time."""

    path: Path
    stamp: tuple[int, int]
    title: str
    """The agreement's title and customer, to confirm that the right file was chosen."""
    services: tuple[MeasuredService, ...]

    @property
    def windows(self) -> tuple[Window, ...]:
        """Return the distinct windows, in the order of the services."""
        return tuple(dict.fromkeys(service.window for service in self.services))


_cache: dict[Path, ServiceWindows] = {}


def service_windows(path: Path) -> ServiceWindows:
    """Read the services' windows of an agreement file (UserError if it cannot be read).

    Kept while the file's size and modification time are unchanged.
    """
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    known = _cache.get(path)
    if known is not None and known.stamp == stamp:
        return known
    agreement = load_agreement(path)
    services = tuple(
        MeasuredService(item.service.name, item.service.id, item.terms.availability.window)
        for item in resolve_all(agreement)
    )
    customer = agreement.customer.name if agreement.customer is not None else ""
    title = f"{agreement.document.title} with {customer}" if customer else agreement.document.title
    _cache[path] = found = ServiceWindows(path, stamp, title, services)
    return found


def period_hint(windows: tuple[Window, ...], today: datetime.date | None = None) -> str:
    """Say how to write the period: "a month, such as 2025-05" (the last whole period)."""
    day = today or datetime.datetime.now(datetime.UTC).date()
    said = []
    for window in windows or (Window.MONTH,):
        last = period_of(window, period_of(window, day).start - datetime.timedelta(days=1))
        article = "an" if window.value[0] in "aeiou" else "a"
        said.append(f"{article} {window.value}, such as {last.label}")
    return " or ".join(said)


def check_period(text: str, services: ServiceWindows | None, *, measured: bool) -> str:
    """Return why the period cannot be used, in the command's words, or "" when it can.

    With measurements (`measured`), the period must be in each service's unit; with
    support tickets alone, any unit will do, as `slaeditor credits` says.
    """
    written = text.strip()
    if not written:
        return ""
    if measured and services is not None:
        for service in services.services:
            try:
                parse_period(written, service.window)
            except PeriodError as error:
                return f"Period {written}: for {service.name} ({service.id}): {error}"
        return ""
    unit = period_unit(written)
    if unit is None:
        return f"Period {written}: {ANY_UNIT}"
    try:
        parse_period(written, unit)
    except PeriodError as error:
        return f"Period {written}: {error}"
    return ""
