"""Exclusions, customer obligations, communication and escalation: the fairness page.

Service levels are fair only when the provider is not penalised for a miss the customer
caused, and when the customer knows what it must do and whom to call; this page collects
those terms (the wording of the clauses that print them is chosen on the Clause wording page).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slaeditor.gui.wizard.sla_page import Column, SlaPage
from slaeditor.model.agreement import ExclusionKind

if TYPE_CHECKING:
    from slaeditor.gui.context import AppContext
    from slaeditor.gui.editing.edited_agreement import EditedAgreement

KIND_LABELS: dict[ExclusionKind, str] = {
    ExclusionKind.CUSTOMER_CAUSED: "Caused by the customer",
    ExclusionKind.CUSTOMER_INFORMATION: "Waiting for the customer",
    ExclusionKind.SCHEDULED_MAINTENANCE: "Scheduled maintenance",
    ExclusionKind.FORCE_MAJEURE: "Force majeure",
    ExclusionKind.SUSPENSION: "Suspension of the service",
    ExclusionKind.BETA_FEATURES: "Beta or preview features",
    ExclusionKind.BEYOND_DEMARCATION: "Beyond the demarcation point",
    ExclusionKind.OTHER: "Other",
}
"""Plain labels for the kinds of exclusion, in the order a drafter usually adds them."""

_SUGGESTED_TEXT: dict[ExclusionKind, str] = {
    ExclusionKind.CUSTOMER_CAUSED: (
        "Failures caused by the customer's acts or omissions, its equipment or software, "
        "or changes it made without the provider's agreement."
    ),
    ExclusionKind.CUSTOMER_INFORMATION: (
        "Time during which the provider is waiting for information, access or testing time "
        "that it has asked the customer for."
    ),
    ExclusionKind.SCHEDULED_MAINTENANCE: (
        "Scheduled maintenance announced in line with the maintenance terms."
    ),
    ExclusionKind.FORCE_MAJEURE: "Events of force majeure as defined in the main agreement.",
    ExclusionKind.SUSPENSION: "Suspension of a service in accordance with the main agreement.",
    ExclusionKind.BETA_FEATURES: "Features marked as preview, beta or early access.",
    ExclusionKind.BEYOND_DEMARCATION: (
        "Faults in networks or services beyond the provider's demarcation point."
    ),
}
"""A starting text for a new exclusion row; the drafter edits it to fit the deal."""

_EXCLUSION_COLUMNS = (
    Column(
        "kind",
        "Kind",
        kind="choice",
        choices=tuple((kind.value, text) for kind, text in KIND_LABELS.items()),
        width=250,
        default=ExclusionKind.OTHER.value,
        help_text="What sort of event this is; the text says what exactly is excluded",
    ),
    Column(
        "text",
        "What is excluded",
        help_text="Written into the contract as one item of the list of excluded events",
    ),
)
_ESCALATION_COLUMNS = (
    Column("level", "Level", kind="number", width=50),
    Column("provider_contact", "Provider contact", help_text="Name, role or telephone number"),
    Column("customer_contact", "Customer contact", help_text="May stay empty"),
    Column(
        "after_minutes",
        "After",
        kind="duration",
        width=80,
        help_text="How long an unresolved incident waits before it reaches this level "
        "(e.g. 30 min, 4h, 1d); empty when the level is reached only on request",
    ),
)


def new_exclusion(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Offer the first kind not yet listed, with a starting text, so nothing is forgotten."""
    used = {row.get("kind") for row in rows}
    for kind in KIND_LABELS:
        if kind.value not in used and kind in _SUGGESTED_TEXT:
            return {"kind": kind.value, "text": _SUGGESTED_TEXT[kind]}
    return {"kind": ExclusionKind.OTHER.value, "text": ""}


def new_escalation_level(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Add the next rung of the ladder; its contact is left for the drafter to name."""
    levels = [level for row in rows if isinstance(level := row.get("level"), int)]
    return {
        "level": min(max(levels, default=0) + 1, 9),
        "provider_contact": "",
        "customer_contact": "",
        "after_minutes": None,
    }


class ExclusionsPage(SlaPage):
    """What is excluded, what the customer must do, and how the parties talk and escalate."""

    key = "exclusions"
    sections = ("exclusions", "customer-obligations", "escalation")
    heading = "Exclusions, obligations and escalation"
    step = "Exclusions, escalation"
    intro = (
        "What does not count against the service levels, what the customer must do, how the "
        "customer is kept informed and whom either side turns to when an incident stalls."
    )
    patterns = (
        r"^exclusions\b",
        r"^customer_obligations\b",
        r"^communication\b",
    )

    def __init__(self, context: AppContext, document: EditedAgreement) -> None:
        super().__init__(context, document)
        form = self.group(
            "Exclusions",
            "Events for which a missed service level earns no credit. Keep an exclusion for "
            "failures caused by the customer: the provider should not pay for a miss it could "
            "not prevent, which keeps the measures fair.",
        )
        self.exclusions = self.table(
            form,
            "Exclusions",
            ("exclusions",),
            _EXCLUSION_COLUMNS,
            new_row=new_exclusion,
            visible_rows=6,
        )
        form = self.group(
            "Customer obligations",
            "What the customer must do for the service levels to apply, such as naming "
            "contacts, reporting faults promptly and giving access. A claim for a credit is "
            "valid only while the customer complies.",
        )
        self.obligations = self.lines(
            form, "Obligations", ("customer_obligations",), lines=7, placeholder="One per line"
        )
        form = self.group(
            "Communication",
            "How the customer hears about incidents and planned work.",
        )
        self.lines(
            form,
            "Channels",
            ("communication", "channels"),
            lines=3,
            placeholder="One per line, e.g. E-mail to the named contacts",
        )
        self.line(
            form,
            "Status page",
            ("communication", "status_page"),
            placeholder="e.g. https://status.example.com",
        )
        self.duration(
            form,
            "Outage updates every",
            ("communication", "outage_update_minutes"),
            help_text="How often the customer is updated while a service is down",
        )
        self.number(
            form,
            "Planned work notice (days)",
            ("communication", "planned_work_notice_days"),
            help_text="Days of notice before planned work that may affect a service",
        )
        form = self.group(
            "Escalation",
            "Whom either party turns to when an incident is not resolved in time. The "
            "provider escalates internally to each level once its time has passed.",
        )
        self.escalation = self.table(
            form,
            "Escalation levels",
            ("communication", "escalation"),
            _ESCALATION_COLUMNS,
            new_row=new_escalation_level,
            visible_rows=4,
        )
        self.body.addStretch(1)
