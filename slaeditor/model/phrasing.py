"""Free text that the contract prints inside its own sentences, checked to fit them.

Some values are not paragraphs of their own but phrases the pack builds a sentence around:
a holiday rule follows "excluding", support channels are joined into "by A, B and C", a
measurement point follows "at". Typed as a sentence ("Every day except Christmas Day"), such
a value changes what the contract says or reads badly. These checks are warnings naming the
field, the sentence it lands in and the fix; the text is never changed behind the user's back.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from slaeditor.model.issue import Issue, Level

if TYPE_CHECKING:
    from collections.abc import Iterator

    from slaeditor.model.agreement import Agreement

__all__ = ["phrasing_issues"]

_COMMON = frozenset(
    [
        "a",
        "an",
        "all",
        "any",
        "by",
        "e-mail",
        "each",
        "email",
        "engineers",
        "every",
        "field",
        "for",
        "from",
        "in",
        "its",
        "our",
        "phone",
        "portal",
        "self-service",
        "support",
        "telephone",
        "that",
        "the",
        "these",
        "this",
        "those",
        "through",
        "time",
        "using",
        "via",
        "within",
        "customer",
        "provider",
    ]
)
_PARTY = re.compile(
    r"\bthe (customer|provider)(?:'s|’s)?\b(?!\s+(?:portal|premises|edge)\b)"
)  # "the customer portal" names a thing, not the party
# (path inside the service terms, the words printed before it, whether it is a list item)
_TERM_PHRASES = (
    ("availability.measurement_point", "measured at", False),
    ("maintenance.window", "within the maintenance window", False),
    ("credits.evidence", "a claim gives", False),
    ("on_site.qualifications", "engineers shall have the following qualifications:", False),
    ("support.channels", "Incidents are reported by", True),
)


def phrasing_issues(agreement: Agreement) -> Iterator[Issue]:
    """List the free-text values that do not fit the sentence the contract prints them in."""
    names = {
        "customer": agreement.customer.short_name or agreement.customer.name
        if agreement.customer
        else "",
        "provider": agreement.provider.short_name or agreement.provider.name,
    }
    for index, calendar in enumerate(agreement.calendars):
        path = f"calendars[{index}].holiday_rule"
        rule = calendar.holiday_rule
        if re.search(r"\bexcept\b|^\s*every day\b", rule, re.IGNORECASE):
            yield _issue(
                path,
                f"{calendar.name}: the holiday rule “{rule}” is printed after “excluding”, so "
                "it would say the clock stops on every day but those; name only the days the "
                "clock stops (for example “Christmas Day and Easter Sunday”).",
                "service-hours",
            )
        else:
            yield from _fits(path, rule, "excluding", False, names, "service-hours")
    for term, meaning in agreement.definitions.items():
        if not meaning.lstrip().startswith(("means ", "has the meaning", "includes ")):
            yield from _fits(
                f"definitions.{term}", meaning, f"“{term}” means", False, names, "definitions"
            )
    channels = agreement.communication.channels
    for index, channel in enumerate(channels):
        yield from _fits(
            f"communication.channels[{index}]", channel, "through", True, names, "communication"
        )
    for index, exclusion in enumerate(agreement.exclusions):
        yield from _names(f"exclusions[{index}].text", exclusion.text, names, "exclusions")
    for index, obligation in enumerate(agreement.customer_obligations):
        path = f"customer_obligations[{index}]"
        yield from _names(path, obligation, names, "customer-obligations")
    yield from _fits(
        "reporting.monitoring_tool",
        agreement.reporting.monitoring_tool,
        "using",
        False,
        names,
        "reporting",
    )
    levels: list[tuple[str, Any]] = [("terms", agreement.terms.model_dump(mode="json"))]
    levels += [
        (f"customer_groups[{i}].overrides", g.overrides)
        for i, g in enumerate(agreement.customer_groups)
    ]
    levels += [(f"services[{i}].overrides", s.overrides) for i, s in enumerate(agreement.services)]
    for prefix, terms in levels:
        for field, before, listed in _TERM_PHRASES:
            value = _at(terms, field)
            section = field.split(".")[0].replace("_", "-")
            items = value if isinstance(value, list) else [value]
            for index, item in enumerate(items):
                if not isinstance(item, str):
                    continue
                path = f"{prefix}.{field}" + (f"[{index}]" if listed else "")
                yield from _fits(path, item, before, listed, names, section)


def _at(data: Any, dotted: str) -> Any:
    for key in dotted.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _fits(
    path: str, text: str, before: str, listed: bool, names: dict[str, str], section: str
) -> Iterator[Issue]:
    """Check one phrase against the sentence it is printed in."""
    words = text.split()
    if not words:
        return
    first = words[0]
    if first[:1].isupper() and not first.isupper() and first.casefold() in _COMMON:
        yield _issue(
            path,
            f"“{_short(text)}” starts with a capital letter, but the contract prints it inside "
            f"a sentence (“… {before} {first} …”); start it in lower case.",
            section,
        )
    if listed and text.rstrip().endswith("."):
        yield _issue(
            path,
            f"“{_short(text)}” ends with a full stop, but the contract joins it into a list "
            f"inside a sentence (“… {before} A, B and C.”); remove the full stop.",
            section,
        )
    yield from _party_words(path, text, names, section)


def _party_words(
    path: str, text: str, names: dict[str, str], section: str, token: bool = False
) -> Iterator[Issue]:
    """Warn where free text names a party other than by its defined name.

    Where the text may use the "[Customer]" token (exclusions, obligations), say so.
    """
    party = _PARTY.search(text)
    if party and names.get(party.group(1)):
        name = names[party.group(1)]
        token_name = f"[{party.group(1).capitalize()}]"
        fix = f"{name}, or {token_name}, which prints the name" if token else name
        yield _issue(
            path,
            f"“{_short(text)}” says “{party.group()}”, but the contract calls the "
            f"{party.group(1)} “{name}”; write {fix}{'' if token else ' instead'}.",
            section,
        )


_PACK_TERMS = (
    "Scheduled Maintenance",
    "Emergency Maintenance",
    "Demarcation Point",
    "Service Credit",
    "Measurement Period",
    "Business Day",
    "Business Hours",
)
_LOWER_TERM = re.compile(
    r"\b(" + "|".join(term.lower() for term in _PACK_TERMS) + r")(s?)\b"
)  # compared case-sensitively: only the all-lower-case form is a finding


def _names(path: str, text: str, names: dict[str, str], section: str) -> Iterator[Issue]:
    """Check a clause or list item typed in full: parties and defined terms as defined."""
    yield from _party_words(path, text, names, section, token=True)
    term = _LOWER_TERM.search(text)
    if term:
        defined = next(t for t in _PACK_TERMS if t.lower() == term.group(1))
        yield _issue(
            path,
            f"“{_short(text)}” says “{term.group()}”, but the contract defines "
            f"“{defined}”; write {defined}{term.group(2)} with capitals so it has that meaning.",
            section,
        )


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "…"


def _issue(path: str, message: str, section: str) -> Issue:
    return Issue(Level.WARNING, path, message, section)
