"""Who signs, who to call, and how long the agreement runs."""

from __future__ import annotations

import datetime
from enum import StrEnum

from pydantic import Field, field_validator

from slaeditor.model.base import Days, Model, Name, OptionalName, Text


class Contact(Model):
    """A named person either side can call: service manager, escalation point, billing."""

    name: Name
    role: OptionalName = ""
    email: OptionalName = ""
    phone: OptionalName = ""


class Signatory(Model):
    """A person who signs for a party; each gets a signature block."""

    name: Name
    title: OptionalName = ""
    email: OptionalName = ""


class Party(Model):
    """A contracting party: the provider or the customer."""

    name: Name = Field(description="Legal name as registered")
    short_name: OptionalName = Field("", description="How the contract refers to the party")
    address: Text = ""
    registration: OptionalName = Field("", description="Company number or register entry")
    contacts: list[Contact] = Field(default_factory=list)
    signatories: list[Signatory] = Field(default_factory=list)


class DocumentStatus(StrEnum):
    """Where the document is in its life."""

    DRAFT = "draft"
    FINAL = "final"


class DocumentControl(Model):
    """Identification of the document itself, printed on the title page."""

    title: Name = "Service Level Agreement"
    agreement_id: OptionalName = ""
    version: OptionalName = "1.0"
    status: DocumentStatus = DocumentStatus.DRAFT
    issue_date: datetime.date | None = None
    locale: str = Field("en_GB", pattern=r"^[a-z]{2,3}(_[A-Z]{2})?$")
    currency: str = Field("EUR", pattern=r"^[A-Z]{3}$")

    @field_validator("locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        from babel import Locale, UnknownLocaleError

        try:
            Locale.parse(value)
        except (UnknownLocaleError, ValueError):
            raise ValueError(
                f"'{value}' is not a language Babel knows; use a code such as en_GB, de_DE, fr_FR"
            ) from None
        return value

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str) -> str:
        from babel.numbers import is_currency

        if not is_currency(value):
            raise ValueError(f"'{value}' is not a currency code; use one such as EUR, GBP, USD")
        return value

    governing_law: OptionalName = Field(
        "", description="Jurisdiction whose law governs, e.g. England and Wales"
    )
    main_agreement: OptionalName = Field(
        "", description="The master services agreement this SLA forms part of"
    )


class Renewal(StrEnum):
    """What happens when the initial term ends."""

    AUTOMATIC = "automatic"
    BY_AGREEMENT = "by-agreement"
    NONE = "none"


class Term(Model):
    """Start, length and renewal of the agreement."""

    effective_date: datetime.date
    initial_term_months: int = Field(12, ge=1, le=240)
    renewal: Renewal = Renewal.AUTOMATIC
    renewal_term_months: int = Field(12, ge=1, le=120)
    non_renewal_notice_days: Days = 90


__all__ = [
    "Contact",
    "DocumentControl",
    "DocumentStatus",
    "Party",
    "Renewal",
    "Signatory",
    "Term",
]
