"""Service credits and chronic failure: what a missed target pays, and when it ends the deal.

The tier table is where schedules go wrong (a lower uptime earning less, a threshold above
the target), so the model's checks mark the offending cell and keep Next disabled. A worked
example under the table, computed by slaeditor.sla, turns the tiers into money while the user
edits them; the uptime it tries is page state only and never written to the agreement.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLabel, QLineEdit

from slaeditor.gui.wizard.pages.service_levels import (
    document_locale,
    format_days,
    money_text,
    read_decimal,
)
from slaeditor.gui.wizard.sla_page import Column
from slaeditor.gui.wizard.terms_page import TermsPage
from slaeditor.sla import (
    MonthConvention,
    Tier,
    Window,
    credit_amount,
    credit_percent_for,
    downtime_minutes_for_uptime,
    format_duration,
    format_percent,
    period_minutes,
    tier_problems,
)
from slaeditor.sla.availability import ILLUSTRATIVE_MONTH_DAYS, MINUTES_PER_DAY

if TYPE_CHECKING:
    from slaeditor.gui.context import AppContext
    from slaeditor.gui.editing.edited_agreement import EditedAgreement, Path_

__all__ = ["CreditsPage", "example_uptime"]

_TIERS = ("credits", "tiers")
_APPLIES = (("below", "Below"), ("at-or-below", "At or below"))
_TIER_COLUMNS = (
    Column(
        "applies",
        "When uptime is",
        kind="choice",
        choices=_APPLIES,
        default="below",
        help_text="Below 97 % leaves out exactly 97 %; at or below 97 % includes it",
    ),
    Column(
        "uptime_percent",
        "Uptime (%)",
        kind="number",
        help_text="The threshold: measured uptime on this side of it earns the tier's credit",
    ),
    Column(
        "credit_percent",
        "Credit (% of fee)",
        kind="number",
        help_text="The share of the monthly fee credited to the customer",
    ),
)
_BASES = (
    ("service-fee", "The affected service's monthly fee"),
    ("total-fee", "The total monthly fee for all services"),
    ("service-charges", "All the service's charges, usage included"),
)
_ANCHORS = (
    ("end-of-month", "The end of the month"),
    ("incident", "The incident"),
    ("invoice", "The invoice date"),
)
_FORMS = (("next-invoice", "Credit on the next invoice"), ("refund", "Refund"))


def example_uptime(tiers: list[Tier]) -> Decimal:
    """Pick an uptime for the worked example: exactly on an at-or-below boundary if any.

    That is where "falls to 97 %" is decided; without one, an uptime inside the second tier
    (or the first).
    """
    inclusive = [tier.threshold_percent for tier in tiers if tier.inclusive]
    if inclusive:
        return max(inclusive).normalize()
    thresholds = sorted({tier.threshold_percent for tier in tiers}, reverse=True)
    upper = thresholds[1] if len(thresholds) > 1 else thresholds[0]
    lower = thresholds[2] if len(thresholds) > 2 else max(upper - 1, Decimal(0))
    return ((upper + lower) / 2).quantize(Decimal("0.01")).normalize()


def _tiers(value: Any) -> list[Tier] | None:
    """Read the stored tiers; None when a cell is not a number yet."""
    if not isinstance(value, list):
        return []
    tiers = []
    for row in value:
        threshold = read_decimal(row.get("uptime_percent")) if isinstance(row, dict) else None
        credit = read_decimal(row.get("credit_percent")) if isinstance(row, dict) else None
        if threshold is None or credit is None:
            return None
        tiers.append(Tier(threshold, credit, row.get("applies") == "at-or-below"))
    return tiers


class CreditsPage(TermsPage):
    """Credit tiers with a live worked example, how credits are claimed, chronic failure."""

    key = "credits"
    sections = ("credits", "chronic-failure")
    heading = "Service credits"
    intro = (
        "What the customer is credited when a service misses its availability target, how "
        "to claim it, and when repeated failures let the customer end the service."
    )
    terms_sections = ("credits", "chronic_failure")

    def __init__(self, context: AppContext, document: EditedAgreement) -> None:
        super().__init__(context, document)
        form = self.group(
            "Credit tiers",
            "Each tier says which uptime earns which share of the fee, for example uptime at "
            "or below 97 % earns 5 %. The lowest tier reached applies (tiers are not added "
            "up). List the tiers from the highest uptime down.",
        )
        self.tiers = self.table(
            form, "Credit tiers", _TIERS, _TIER_COLUMNS, new_row=self._new_tier, visible_rows=5
        )
        note = QLabel("Worked example (for checking the tiers; not saved in the agreement):")
        note.setObjectName("groupNote")
        note.setWordWrap(True)
        form.addRow(note)
        caption = QLabel("Try an uptime (%):")
        caption.setObjectName("fieldLabel")
        self.try_uptime = QLineEdit()
        self.try_uptime.setAccessibleName("Try an uptime (%)")
        self.try_uptime.setToolTip(
            "Only for the example below: type a measured uptime to see what it earns "
            "(not saved in the agreement)"
        )
        caption.setBuddy(self.try_uptime)
        form.addRow(caption, self.try_uptime)
        self.example = QLabel()
        self.example.setObjectName("fieldHint")
        self.example.setWordWrap(True)
        self.example.setAccessibleName("Worked example")
        form.addRow(self.example)
        self.try_uptime.textEdited.connect(self._on_try_uptime_text_edited)

        form = self.group("Base, cap and claims")
        self.choice(form, "Credit base", ("credits", "base"), _BASES)
        self.number(
            form,
            "Cap (% of fee)",
            ("credits", "cap_percent"),
            placeholder="No cap",
            help_text="The most a month's credits can reach, as a share of the fee",
        )
        self.number(
            form,
            "Minimum credit",
            ("credits", "minimum_credit"),
            placeholder="None",
            help_text="The smallest credit paid once one is due, in the agreement's currency",
            hint=lambda value: money_text(self.document, value),
        )
        self.number(form, "Claim within (days)", ("credits", "claim_days"), placeholder="No limit")
        self.choice(form, "Counted from", ("credits", "claim_anchor"), _ANCHORS)
        self.text(
            form,
            "Evidence",
            ("credits", "evidence"),
            lines=3,
            placeholder="What a claim must include, e.g. the ticket reference of each fault",
        )
        self.choice(form, "Paid as", ("credits", "form"), _FORMS)
        self.check(form, "Credits are the customer's sole remedy", ("credits", "sole_remedy"))

        form = self.group(
            "Missed response times",
            "Optional: a credit for each urgent Incident answered late, within the same cap.",
        )
        self.number(
            form,
            "Credit per late response (% of fee)",
            ("credits", "response_credit_percent"),
            placeholder="None",
            help_text="Earned for each Incident whose Response Time is missed",
        )
        self.number(
            form,
            "For Severity Levels 1 to",
            ("credits", "response_credit_severities"),
            help_text="1: only the most severe Incidents; 2: Severity 1 and 2",
        )

        form = self.group(
            "Chronic failure",
            "Lets the customer end a service that keeps missing its target.",
        )
        self.check(form, "The customer may terminate", ("chronic_failure", "enabled"))
        self.number(form, "Missed months", ("chronic_failure", "failures"))
        self.number(form, "Within (months)", ("chronic_failure", "window_months"))
        self.number(form, "Notice (days)", ("chronic_failure", "notice_days"))
        self.body.addStretch(1)
        self.update_live()

    # --- keeping the example live --------------------------------------------------------

    def _on_try_uptime_text_edited(self, _text: str) -> None:
        self.update_live()

    def update_live(self) -> None:
        """Recompute the worked example from the terms in effect at this level."""
        self.example.setText(self._example_text())

    def _value(self, rel: Path_) -> Any:
        return self.live_value(rel)

    def _example_text(self) -> str:
        tiers = _tiers(self._value(_TIERS))
        if tiers is None:
            return "The worked example appears once every tier has a threshold and a credit."
        if not tiers:
            return "Add a tier to see what a missed target pays."
        target = read_decimal(self._value(("availability", "target_percent")))
        cap = read_decimal(self._value(("credits", "cap_percent")))
        problems = tier_problems(tiers, target if target is not None else Decimal(100), cap)
        if problems:
            return "The worked example appears once the tiers above are in order."
        default = example_uptime(tiers)
        locale = document_locale(self.document)
        self.try_uptime.setPlaceholderText(f"e.g. {default}")
        typed = self.try_uptime.text().strip()
        uptime = read_decimal(typed) if typed else default
        if uptime is None or not Decimal(0) <= uptime <= Decimal(100):
            return f"Type an uptime between 0 and 100, such as {default}."
        month, month_words = self._month(locale)
        down = downtime_minutes_for_uptime(uptime, month) * 60
        exactly = "exactly " if any(t.threshold_percent == uptime for t in tiers) else ""
        lead = (
            f"At {exactly}{format_percent(uptime, locale)} in {month_words} "
            f"({format_duration(down, locale)} down)"
        )
        percent = credit_percent_for(uptime, tiers)
        if percent == 0:
            below = [t for t in tiers if t.threshold_percent == uptime and not t.inclusive]
            if below:
                return (
                    f"{lead} no tier applies, so no credit is due: the tier is uptime "
                    f"{below[0].condition()}, which leaves {format_percent(uptime, locale)} "
                    "out (choose at or below to include it)."
                )
            return f"{lead} no tier applies, so no credit is due."
        total = self._value(("credits", "base")) == "total-fee"
        fee, whose = self._fee(total)
        text = f"{lead}, the customer receives {format_percent(percent, locale)} of {whose}"
        if cap is not None and cap < percent:
            text += f", limited by the cap to {format_percent(cap, locale)}"
        if fee is None:
            return text + "."
        minimum = read_decimal(self._value(("credits", "minimum_credit")))
        try:
            amount = credit_amount(uptime, tiers, fee, cap, minimum)
        except (ArithmeticError, ValueError):  # a negative minimum, say: the field says why
            return text + "."
        paid, of = money_text(self.document, amount), money_text(self.document, fee)
        return f"{text}: {paid} of {of}{self._for_whom(total)}."

    def _month(self, locale: str) -> tuple[Decimal, str]:
        """Return the illustrative month's minutes and its name ("a 30-day month")."""
        try:
            convention = MonthConvention(str(self._value(("availability", "month_convention"))))
        except ValueError:
            convention = MonthConvention.CALENDAR
        minutes = period_minutes(Window.MONTH, convention, month_days=ILLUSTRATIVE_MONTH_DAYS)
        days = format_days(minutes / MINUTES_PER_DAY, locale)
        return minutes, f"a {days}-day month"

    def _fee(self, total: bool) -> tuple[Decimal | None, str]:
        """Return the fee the credit is a share of (None if unknown here) and its name."""
        services = self.document.value(("services",), []) or []
        if total:
            fees = [read_decimal(s.get("monthly_fee")) for s in services if isinstance(s, dict)]
            known = [fee for fee in fees if fee is not None]
            ok = bool(known) and len(known) == len(fees)
            return (sum(known, Decimal(0)) if ok else None), "the total monthly fee"
        prefix = self.scope.prefix
        if prefix[:1] == ("services",) and isinstance(prefix[1], int):
            service = self.document.value(prefix[:2], {}) or {}
            return read_decimal(service.get("monthly_fee")), "the monthly fee"
        return None, "the affected service's monthly fee"

    def _for_whom(self, total: bool) -> str:
        if total or self.scope.prefix[:1] != ("services",):
            return ""
        name = self.document.value((*self.scope.prefix[:2], "name"), "")
        return f" for {name}" if name else ""

    def _new_tier(self, rows: list[dict[str, Any]]) -> dict[str, Any]:
        """Suggest a tier below the last one, paying at least as much, so order holds."""
        tiers = _tiers(rows) or []
        if not tiers:
            target = read_decimal(self._value(("availability", "target_percent")))
            threshold = str(target or Decimal("99.9"))
            return {"applies": "below", "uptime_percent": threshold, "credit_percent": 10}
        last = tiers[-1]
        lower = max(last.threshold_percent - 1, Decimal(0))
        credit = str(last.credit_percent)
        return {"applies": "below", "uptime_percent": str(lower), "credit_percent": credit}
