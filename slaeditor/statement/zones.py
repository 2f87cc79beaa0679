"""Say which clock a statement reads times by, and read a wall-clock time on it exactly.

A month in a contract starts at local midnight, and a monitoring export may write its times
without an offset. The agreement's clock is the time zone of its default support calendar (the
standard pack says a time of day is local time there, unless a Site or a Coverage Window
states another); without one, its first calendar's; without any calendar, UTC. A time written
without an offset is read in the zone of the incident's Site when it names one, otherwise on
the agreement's clock. A wall-clock time the clocks skip or pass twice when they change is
refused: only an offset says which instant it was.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from slaeditor.model import Agreement

__all__ = ["UTC_NAME", "AmbiguousTimeError", "agreement_zone", "localize", "to_minute"]

UTC_NAME = "UTC"
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MINUTE = datetime.timedelta(minutes=1)


class AmbiguousTimeError(ValueError):
    """A wall-clock time that names no instant, or two, in its time zone."""


def agreement_zone(agreement: Agreement) -> ZoneInfo:
    """Return the zone the agreement's periods start and end in (see the module docstring)."""
    calendars = {calendar.id: calendar for calendar in agreement.calendars}
    chosen = calendars.get(agreement.terms.support.calendar)
    if chosen is None and agreement.calendars:
        chosen = agreement.calendars[0]
    return ZoneInfo(chosen.time_zone if chosen is not None else UTC_NAME)


def localize(moment: datetime.datetime, zone: ZoneInfo) -> datetime.datetime:
    """Return *moment* as an aware time: its own offset if it has one, else read in *zone*.

    Raises AmbiguousTimeError for a local time the clocks skip (spring) or pass twice
    (autumn) in *zone*.
    """
    if moment.tzinfo is not None and moment.utcoffset() is not None:
        return moment
    first = moment.replace(tzinfo=zone, fold=0)
    second = moment.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first
    back = first.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None)
    if back != moment.replace(fold=0):
        what = "does not exist: the clocks go forward over it"
    else:
        what = "happens twice: the clocks go back over it"
    raise AmbiguousTimeError(f"{moment.isoformat()} {what} in {zone.key}")


def to_minute(moment: datetime.datetime) -> int:
    """Return the whole minute an aware time falls in, counted from 1970-01-01 00:00 UTC.

    Seconds are dropped, so every figure of a statement is in whole minutes, as the
    contract's calculation says ("using whole minutes"): a time counts from the start of the
    minute it falls in.
    """
    return (moment - _EPOCH) // _MINUTE
