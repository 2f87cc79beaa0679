"""Scaling: how the customer adds and removes units of a service during the term.

A sentence at the top reads the figures back the way the contract will state them, so a
minimum above the maximum or a price per year typed as a price per month shows at a glance.
The scale-down rules are worded after the standard pack's "Changing quantities" clause.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLabel

from slaeditor.gui.wizard.terms_page import TermsPage
from slaeditor.sla import format_money

if TYPE_CHECKING:
    from PySide6.QtWidgets import QFormLayout

    from slaeditor.gui.context import AppContext
    from slaeditor.gui.editing.edited_agreement import EditedAgreement
    from slaeditor.gui.editing.fields import Field, LineField

_RULES = (
    ("any-time", "At any time, with notice"),
    ("within-window", "Only within a window after the term starts or renews"),
    ("at-renewal", "Only from the start of a renewal term"),
    ("not-allowed", "Not during the term"),
)


def plural(unit: str, count: Decimal) -> str:
    """Make "concurrent call channel" plural; "bundle of 100 messages" becomes "bundles of …"."""
    if count == 1 or not unit:
        return unit
    head, sep, tail = unit.partition(" of ")
    words = head.split(" ")
    last = words[-1]
    if last.endswith(("s", "/s")) or not last[-1:].isalpha():
        return unit
    if re.search(r"[^aeiou]y$", last):
        words[-1] = last[:-1] + "ies"
    elif last.endswith(("ch", "sh", "x", "z")):
        words[-1] = last + "es"
    else:
        words[-1] = last + "s"
    return " ".join(words) + sep + tail


def _ready(count: int) -> str:
    if count == 0:
        return "ready as soon as the order is accepted"
    return f"ready within {count} business day" + ("" if count == 1 else "s")


def _days(count: int, noun: str = "day") -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _notice(count: int) -> str:
    if count == 0:
        return "without notice"
    return f"with {count} day's notice" if count == 1 else f"with {count} days' notice"


class ScalingPage(TermsPage):
    """Units, limits, price and the notice for changing quantities."""

    key = "scaling"
    sections = ("scaling",)
    heading = "Scaling up and down"
    intro = (
        "Whether the customer may change quantities during the term, in what units and steps, "
        "at what price, and how much notice each change needs."
    )
    terms_sections = ("scaling",)

    def __init__(self, context: AppContext, document: EditedAgreement) -> None:
        super().__init__(context, document)
        self._labels: dict[Field, QLabel] = {}
        self.summary = QLabel()
        self.summary.setObjectName("liveSummary")
        self.summary.setWordWrap(True)
        self.group("In plain words").addRow(self.summary)
        form = self.group("Quantities")
        self.included = self.check(
            form,
            "Quantities can change during the term",
            ("scaling", "included"),
            help_text="Untick when the quantities are fixed; the values below are kept",
        )
        self.unit = self._tracked(
            form,
            self.line(
                form,
                "Unit",
                ("scaling", "unit"),
                placeholder="One unit, e.g. seat, site, Mbit/s",
            ),
        )
        self._tracked(
            form,
            self.number(form, "Minimum", ("scaling", "minimum"), help_text="Minimum commitment"),
        )
        self.increment = self._tracked(
            form,
            self.number(
                form,
                "Increment",
                ("scaling", "increment"),
                help_text="How many units the customer adds or removes at a time",
            ),
        )
        self._tracked(
            form,
            self.number(form, "Maximum", ("scaling", "maximum"), placeholder="Empty: no maximum"),
        )
        self.price = self._tracked(
            form,
            self.number(
                form,
                "Unit price",
                ("scaling", "unit_price"),
                placeholder="Per unit per month",
                help_text="Price of one unit a month, in the agreement's currency",
            ),
        )
        form = self.group("Scaling up")
        self._tracked(
            form, self.number(form, "Scale-up notice (days)", ("scaling", "scale_up_notice_days"))
        )
        self._tracked(
            form,
            self.number(
                form,
                "Ready within (business days)",
                ("scaling", "provisioning_business_days"),
                help_text="Business days from accepting the order to the added units working",
            ),
        )
        form = self.group("Scaling down")
        self._tracked(
            form, self.choice(form, "When allowed", ("scaling", "scale_down_rule"), _RULES)
        )
        self._tracked(
            form,
            self.number(form, "Scale-down notice (days)", ("scaling", "scale_down_notice_days")),
        )
        self.window_days = self._tracked(
            form,
            self.number(
                form,
                "Window (days)",
                ("scaling", "scale_down_window_days"),
                help_text="Days after the start of the term, or of a renewal, in which the "
                "customer may reduce quantities",
            ),
        )
        self.body.addStretch(1)
        document.changed.connect(self._on_changed)

    def _tracked(self, form: QFormLayout, field: LineField | Any) -> Any:
        """Remember a field that greys out with "included", and its label."""
        label = form.labelForField(field)
        if isinstance(label, QLabel):
            self._labels[field] = label
        return field

    # --- page contract -------------------------------------------------------------------

    def load_from(self, document: EditedAgreement) -> None:
        """Show the values, the currency and the summary."""
        self._show_currency()
        super().load_from(document)
        self._show_live()

    def level_changed(self) -> None:
        """Summarise the newly chosen level."""
        self._show_live()

    def update_live(self) -> None:
        """Summarise again while a figure is typed (before it is stored)."""
        self._show_live()

    # --- live parts ----------------------------------------------------------------------

    def _value(self, key: str) -> Any:
        return self.live_value(("scaling", key))

    def _show_live(self) -> None:
        included = bool(self._value("included"))
        within = self._value("scale_down_rule") == "within-window"
        for field, label in self._labels.items():
            enabled = included and (field is not self.window_days or within)
            field.editor.setEnabled(enabled)
            label.setEnabled(enabled)
        self.summary.setText(self.sentence())

    def sentence(self) -> str:
        """Say what the scaling terms at this level allow, in one or two sentences."""
        try:
            return self._sentence()
        except (ArithmeticError, ValueError, TypeError):  # e.g. 1e400 or NaN typed as a figure
            return "Finish the figures below to see what the customer may do."

    def _sentence(self) -> str:
        if not self._value("included"):
            return "Quantities are fixed for the term; any change needs a variation."
        try:
            low = Decimal(str(self._value("minimum") or 0))
            step = Decimal(str(self._value("increment") or 0))
            high_value = self._value("maximum")
            high = None if high_value in (None, "") else Decimal(str(high_value))
            price_value = self._value("unit_price")
            price = None if price_value in (None, "") else Decimal(str(price_value))
            up_notice = int(self._value("scale_up_notice_days") or 0)
            ready = int(self._value("provisioning_business_days") or 0)
        except (InvalidOperation, ValueError, TypeError):
            return "Finish the figures below to see what the customer may do."
        unit = str(self._value("unit") or "unit").strip()
        limits = (
            f"from {self._number(low)} up to {self._number(high)}"
            if high
            else (f"from {self._number(low)}, with no maximum")
        )
        cost = (
            f"at {self._money(price)} each a month"
            if price is not None
            else ("at the provider's then-current prices")
        )
        up = (
            f"The customer may add {self._number(step)} {plural(unit, step)} at a time "
            f"({limits}) {cost}, {_notice(up_notice)}; {_ready(ready)}."
        )
        return f"{up} {self._down_sentence()}"

    def _down_sentence(self) -> str:
        """Word the scale-down rule as the standard pack's clause does."""
        rule = self._value("scale_down_rule")
        renews = self.document.value(("term", "renewal")) != "none"
        try:
            notice = _notice(int(self._value("scale_down_notice_days") or 0))
            window = int(self._value("scale_down_window_days") or 0)
        except (ValueError, TypeError):
            return ""
        if rule == "any-time":
            return f"It may reduce them at any time, {notice}."
        if rule == "within-window":
            start = "the term starts or renews" if renews else "the term starts"
            return f"It may reduce them only within {_days(window)} after {start}, {notice}."
        if rule == "at-renewal" and renews:
            return f"It may reduce them only from the start of a renewal term, {notice}."
        return "It may not reduce them during the term."

    def _locale(self) -> str:
        from babel import Locale, UnknownLocaleError

        locale = str(self.document.value(("document", "locale")) or "en_GB")
        try:
            Locale.parse(locale)
        except (UnknownLocaleError, ValueError, TypeError):
            return "en_GB"
        return locale

    def _number(self, value: Decimal | None) -> str:
        from babel.numbers import format_decimal

        return str(format_decimal(value or 0, locale=self._locale()))

    def _money(self, value: Decimal) -> str:
        currency = self._currency()
        if not re.fullmatch(r"[A-Z]{3}", currency):
            return self._number(value)
        return format_money(value, currency, self._locale())

    def _currency(self) -> str:
        return str(self.document.value(("document", "currency")) or "").strip()

    def _show_currency(self) -> None:
        """Name the currency in the price's label."""
        currency = self._currency()
        label = f"Unit price ({currency})" if currency else "Unit price"
        self.price.set_label(label)

    def _on_changed(self, path: tuple[Any, ...]) -> None:
        if not self.isVisible():
            return
        if path[:2] == ("document", "currency"):
            self._show_currency()
        self._show_live()
