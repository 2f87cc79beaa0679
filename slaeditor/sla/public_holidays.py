"""A country's (or a subdivision's) public holidays, from the `holidays` package.

A calendar names them by ISO 3166 code: a country ("DE", "IE") or a country and one of its
ISO 3166-2 subdivisions ("GB-ENG" for England, "US-CA" for California). The `holidays`
package (python-holidays, kept up to date by its maintainers for 200+ countries) says which
days they are, with substitute days: in England, Boxing Day 2027 falls on a Sunday, so
Tuesday 28 December is the bank holiday. It is imported only when a calendar names a
region not checked before, or holidays are counted, so `import slaeditor` stays light.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from slaeditor.sla import known_regions

if TYPE_CHECKING:
    import datetime

    from holidays import HolidayBase

__all__ = ["REGION_PATTERN", "is_public_holiday", "region_problem"]

REGION_PATTERN = r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$"
"""An ISO 3166-1 alpha-2 country code, optionally with an ISO 3166-2 subdivision code."""
_REGION = re.compile(REGION_PATTERN)
_SUBDIVISION = re.compile(r"^[A-Z0-9]{1,3}$")


def region_problem(code: str) -> str | None:
    """Say why *code* names no region whose public holidays are known, or None when it does.

    The answer for a code is kept on disk for the installed `holidays` (known_regions), so
    loading an agreement file does not import the package (~130 ms of a `render` command)
    only to find GB-ENG known again.
    """
    if not _REGION.match(code):
        return (
            f"'{code}' is not a region code; write an ISO 3166 country code such as GB or DE, "
            "or a country and a subdivision such as GB-ENG (England) or US-CA (California)"
        )
    answers = known_regions.answers()
    if code in answers:
        return answers[code]
    problem = _looked_up(code)
    known_regions.keep(code, problem)
    return problem


def _looked_up(code: str) -> str | None:
    country, _, subdivision = code.partition("-")
    try:
        found = _holidays(code)
    except ImportError as error:  # a bundle built without the package's country modules
        return f"the public holidays of {code} cannot be read: {error}"
    except NotImplementedError:
        if not subdivision:
            return f"no public holidays are known for the country '{country}'"
        return _unknown_subdivision(country, subdivision)
    if found.country != country:
        return f"'{country}' is another name of {found.country}; write {found.country}"
    return None


def is_public_holiday(code: str, day: datetime.date) -> bool:
    """Tell whether *day* is a public holiday (or its substitute day) in the region *code*."""
    return day in _holidays(code)


@functools.cache
def _holidays(code: str) -> HolidayBase:
    """Return the region's holidays, computed year by year as days are asked about."""
    from holidays import country_holidays

    country, _, subdivision = code.partition("-")
    return country_holidays(country, subdiv=subdivision or None)


def _subdivisions(country: str) -> list[str]:
    """Return a country's ISO subdivision codes known to the package (names left out)."""
    return [code for code in _holidays(country).subdivisions if _SUBDIVISION.match(code)]


def _unknown_subdivision(country: str, subdivision: str) -> str:
    try:
        known = _subdivisions(country)
    except NotImplementedError:
        return f"no public holidays are known for the country '{country}'"
    if not known:
        return (
            f"public holidays in {country} are the same everywhere; write {country} without "
            f"'-{subdivision}'"
        )
    return (
        f"'{subdivision}' is not a subdivision of {country} with its own public holidays; use "
        f"{country} or one of {', '.join(f'{country}-{s}' for s in known)}"
    )
