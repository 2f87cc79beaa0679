"""Parties, term and signatories: who agrees, for how long, and who signs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slaeditor.gui.wizard.sla_page import Column, SlaPage

if TYPE_CHECKING:
    from slaeditor.gui.context import AppContext
    from slaeditor.gui.editing.edited_agreement import EditedAgreement

_CONTACT_COLUMNS = (
    Column("name", "Name", width=170),
    Column("role", "Role", width=170),
    Column("email", "E-mail", width=200),
    Column("phone", "Telephone"),
)
_SIGNATORY_COLUMNS = (
    Column("name", "Name", width=200),
    Column("title", "Job title", width=200),
    Column("email", "E-mail"),
)
_RENEWAL = (
    ("automatic", "Renews automatically unless notice is given"),
    ("by-agreement", "Renews only if both parties agree"),
    ("none", "Ends at the end of the initial term"),
)
_STATUS = (("draft", "Draft"), ("final", "Final"))


def _new_person(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"name": f"New person {len(rows) + 1}"}


class PartiesPage(SlaPage):
    """The provider, the customer, the document's identity and its term."""

    key = "parties"
    sections = ("parties", "term")
    heading = "Parties, term and signatories"
    step = "Parties and term"
    intro = (
        "Who the agreement is between, who signs it and how long it runs. Names are written "
        "as registered; the short name is how the contract refers to each party."
    )
    patterns = (r"^document\b", r"^provider\b", r"^customer\b", r"^term\b")

    def __init__(self, context: AppContext, document: EditedAgreement) -> None:
        super().__init__(context, document)
        form = self.group("The document")
        self.line(form, "Title", ("document", "title"))
        self.line(
            form, "Agreement number", ("document", "agreement_id"), placeholder="e.g. SLA-2025-014"
        )
        self.line(form, "Version", ("document", "version"))
        self.choice(form, "Status", ("document", "status"), _STATUS)
        self.date(form, "Issue date", ("document", "issue_date"), optional=True)
        self.line(
            form,
            "Governing law",
            ("document", "governing_law"),
            placeholder="e.g. England and Wales",
        )
        self.line(
            form,
            "Main agreement",
            ("document", "main_agreement"),
            placeholder="The master services agreement this SLA forms part of",
        )
        self.line(
            form,
            "Currency",
            ("document", "currency"),
            placeholder="EUR, GBP, USD …",
            help_text="Three-letter ISO code of the currency fees and credits are in",
        )
        self.line(
            form,
            "Language and region",
            ("document", "locale"),
            placeholder="en_GB",
            help_text="Decides how dates, numbers and amounts are written (en_GB, de_DE …)",
        )
        self._party("provider", "Provider", "The company that delivers the services.")
        self._party(
            "customer",
            "Customer",
            "The company that receives the services. In a service-based agreement offered to "
            "every customer this may stay empty.",
        )
        form = self.group("Term and renewal")
        self.date(form, "Effective date", ("term", "effective_date"))
        self.number(
            form,
            "Initial term (months)",
            ("term", "initial_term_months"),
            help_text="How long the agreement runs before it can end or renew",
        )
        self.choice(form, "Renewal", ("term", "renewal"), _RENEWAL)
        self.number(form, "Renewal term (months)", ("term", "renewal_term_months"))
        self.number(
            form,
            "Notice to stop renewal (days)",
            ("term", "non_renewal_notice_days"),
            help_text="How many days before the end of a term a party must say it will not renew",
        )
        self.body.addStretch(1)

    def _party(self, key: str, title: str, note: str) -> None:
        form = self.group(title, note)
        self.line(form, f"{title} name", (key, "name"), placeholder="Legal name as registered")
        example = "e.g. Albion Connect" if key == "provider" else "e.g. Meridian"
        self.line(form, f"{title} short name", (key, "short_name"), placeholder=example)
        self.text(form, f"{title} address", (key, "address"), lines=3)
        self.line(
            form,
            f"{title} registration",
            (key, "registration"),
            placeholder="e.g. Registered in England and Wales, company number 06418833",
        )
        self.table(
            form,
            f"{title} contacts",
            (key, "contacts"),
            _CONTACT_COLUMNS,
            new_row=_new_person,
            visible_rows=3,
        )
        self.table(
            form,
            f"{title} signatories",
            (key, "signatories"),
            _SIGNATORY_COLUMNS,
            new_row=_new_person,
            visible_rows=2,
            help_text="Each signatory gets a signature block in the contract",
        )
