"""Service levels: the availability target, how it is measured, and scheduled maintenance.

A target such as 99.9 % means little to most readers until it is turned into time, so the
page shows, while the user types, how much downtime the target allows in the chosen window
and month convention, and a small table of the same budget per day, week, month, quarter
and year. Every figure comes from slaeditor.sla and is written in the agreement's locale.
"""

from __future__ import annotations

import functools
import html
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel

from slaeditor.gui.editing.typed_values import optional_value
from slaeditor.gui.wizard.terms_page import TermsPage
from slaeditor.sla import MonthConvention, Window, downtime_budget, format_duration, format_money
from slaeditor.sla.availability import MINUTES_PER_DAY, period_minutes

if TYPE_CHECKING:
    from slaeditor.gui.context import AppContext
    from slaeditor.gui.editing.edited_agreement import EditedAgreement, Path_

__all__ = ["ServiceLevelsPage", "document_locale", "format_days", "money_text", "read_decimal"]

_FALLBACK_LOCALE = "en_GB"
_TARGET = ("availability", "target_percent")
_WINDOW = ("availability", "window")
_CONVENTION = ("availability", "month_convention")

_WINDOWS = (
    (Window.DAY.value, "Day"),
    (Window.WEEK.value, "Week"),
    (Window.MONTH.value, "Month"),
    (Window.QUARTER.value, "Quarter (about 91 days)"),
    (Window.YEAR.value, "Year (365 days)"),
)
_CONVENTIONS = (
    (MonthConvention.CALENDAR.value, "Actual calendar month (28–31 days)"),
    (MonthConvention.THIRTY_DAY.value, "Fixed 30-day month"),
    (MonthConvention.AVERAGE.value, "Average month (a twelfth of a year, about 30 days)"),
)
_CONVENTION_NOTES = {
    MonthConvention.CALENDAR: (
        "Each month counts its real days, so February allows a little less downtime than "
        "March. The usual choice in contracts."
    ),
    MonthConvention.THIRTY_DAY: (
        "Every month counts as 30 days, so the allowance is the same each month, as in most "
        "published tables."
    ),
    MonthConvention.AVERAGE: (
        "Every month counts as a twelfth of an average year (365¼ days, leap years included): "
        "a year's allowance spread evenly over the months."
    ),
}
_MEASURED_BY = (
    ("provider", "The provider"),
    ("third-party", "An independent monitor"),
    ("customer", "The customer"),
)
_SITE_OUTAGES = (
    ("whole-service", "The whole service is down"),
    ("pro-rata", "In proportion to the sites affected"),
)
_WINDOW_WORDS = {
    Window.DAY: "a day",
    Window.WEEK: "a week",
    Window.MONTH: "a month",
    Window.QUARTER: "a quarter",
    Window.YEAR: "a year",
}


@functools.lru_cache(maxsize=32)
def _known_locale(locale: str) -> bool:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def document_locale(document: EditedAgreement) -> str:
    """Return the agreement's locale, or British English while it is being typed or wrong."""
    locale = str(document.value(("document", "locale"), "") or "")
    return locale if locale and _known_locale(locale) else _FALLBACK_LOCALE


def read_decimal(value: Any) -> Decimal | None:
    """Read a stored number ("99.9", 5) exactly; None for empty or unreadable text."""
    if value is None or isinstance(value, bool) or value == "":
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def money_text(document: EditedAgreement, amount: Any) -> str:
    """Write an amount as the contract will ("£4,850.00"); empty when it is not a number."""
    number = read_decimal(optional_value(str(amount)) if amount is not None else None)
    currency = str(document.value(("document", "currency"), "") or "")
    if number is None:
        return ""
    try:
        return format_money(number, currency, document_locale(document))
    except (ArithmeticError, ValueError, TypeError, AttributeError):
        return f"{number} {currency}".strip()


def plain_days(days: Decimal, locale: str) -> str:
    """Say a length in days as people do: "1 day", "30 days", "about 91 days" (not 91.31)."""
    if days == days.to_integral_value():
        return f"{format_days(days, locale)} {'day' if days == 1 else 'days'}"
    return f"about {format_days(days.to_integral_value(), locale)} days"


def format_days(days: Decimal, locale: str) -> str:
    """Write a number of days with at most two decimals ("30.44"), as the locale writes it."""
    from babel.numbers import format_decimal

    return str(format_decimal(days, format="#,##0.##", locale=locale))


def _enum(kind: type[Window] | type[MonthConvention], value: Any) -> Any:
    """Return the enum member for a stored value, or None when the value is not one."""
    try:
        return kind(str(value))
    except ValueError:
        return None


class ServiceLevelsPage(TermsPage):
    """The availability target with its live downtime budget, measurement and maintenance."""

    key = "service-levels"
    sections = ("service-levels", "service-hours", "measurement")
    heading = "Service levels"
    intro = (
        "How available each service must be, how that is measured, and how much scheduled "
        "maintenance is allowed. Choose a customer group or service under Applies to for a "
        "target that differs from the rest."
    )
    terms_sections = ("availability", "maintenance", "network", "continuity")

    def __init__(self, context: AppContext, document: EditedAgreement) -> None:
        super().__init__(context, document)
        form = self.group("Availability")
        self.target = self.number(
            form,
            "Target (%)",
            _TARGET,
            placeholder="e.g. 99.9",
            help_text="The share of each window the service must be available, e.g. 99.9",
        )
        self.downtime = QLabel()
        self.downtime.setObjectName("fieldHint")
        self.downtime.setWordWrap(True)
        self.downtime.setTextFormat(Qt.TextFormat.RichText)
        form.addRow("", self.downtime)
        self.window_field = self.choice(
            form,
            "Measured over",
            _WINDOW,
            _WINDOWS,
            help_text="The period over which uptime is computed and the target must be met",
        )
        self.convention_field = self.choice(
            form,
            "Month length",
            _CONVENTION,
            _CONVENTIONS,
            help_text="How long a month counts as; calculators disagree, so the contract says",
        )
        self.convention_note = QLabel()
        self.convention_note.setObjectName("groupNote")
        self.convention_note.setWordWrap(True)
        form.addRow("", self.convention_note)
        caption = QLabel("Downtime allowed at this target:")
        caption.setObjectName("fieldLabel")
        form.addRow(caption)
        self.budget = _BudgetTable()
        form.addRow(self.budget)

        form = self.group("Measurement")
        self.duration(
            form,
            "Minimum downtime",
            ("availability", "minimum_downtime_minutes"),
            help_text="Only outages at least this long count as downtime (1–5 min is usual)",
        )
        self.choice(form, "Measured by", ("availability", "measured_by"), _MEASURED_BY)
        self.text(
            form,
            "Measurement point",
            ("availability", "measurement_point"),
            lines=3,
            placeholder="Where availability is measured, e.g. the provider edge port",
        )
        self.choice(
            form,
            "Outage at some sites",
            ("availability", "site_outages"),
            _SITE_OUTAGES,
            help_text="For a service at several sites: down everywhere while down at one "
            "(suits a shared network), or pro rata (suits many independent sites or devices)",
        )

        form = self.group(
            "Scheduled maintenance",
            "Maintenance announced in time and kept within these limits does not count as "
            "downtime.",
        )
        self.number(form, "Notice (days)", ("maintenance", "notice_days"))
        self.duration(
            form,
            "Most per month",
            ("maintenance", "max_minutes_per_month"),
            help_text="The longest scheduled maintenance excluded from downtime in a month",
        )
        self.line(
            form,
            "Window",
            ("maintenance", "window"),
            placeholder="e.g. Sunday 00:00–06:00 local time",
        )
        self.number(
            form,
            "Emergency notice (hours)",
            ("maintenance", "emergency_notice_hours"),
            help_text="Notice given before urgent maintenance, e.g. a security patch",
        )
        self.lines(
            form,
            "Change freezes",
            ("maintenance", "change_freezes"),
            placeholder="One period per line, e.g. 1 November to 5 January (peak trading)",
            help_text="The customer's critical periods: no planned maintenance or change "
            "without its written consent",
        )
        form = self.group(
            "Network performance",
            "For telecom services: monthly averages the provider must keep to; leave empty "
            "where they do not apply.",
        )
        self.number(form, "Latency (ms, round trip)", ("network", "latency_ms"), placeholder="None")
        self.number(form, "Jitter (ms)", ("network", "jitter_ms"), placeholder="None")
        self.number(form, "Packet loss (%)", ("network", "packet_loss_percent"), placeholder="None")
        self.line(
            form,
            "Measured between",
            ("network", "measured_between"),
            placeholder="e.g. the provider edge routers of each pair of Sites",
        )
        form = self.group(
            "Recovery objectives",
            "For backup and disaster-recovery services; leave empty where they do not apply.",
        )
        self.duration(form, "Recovery time", ("continuity", "recovery_time_minutes"))
        self.duration(form, "Data loss at most", ("continuity", "recovery_point_minutes"))
        self.number(form, "Recovery tests a year", ("continuity", "tests_per_year"))
        self.body.addStretch(1)
        self.update_live()

    # --- keeping the figures live --------------------------------------------------------

    def update_live(self) -> None:
        """Recompute the allowed downtime from the values in effect at this level."""
        locale = document_locale(self.document)
        convention = _enum(MonthConvention, self._effective(_CONVENTION)[0])
        self.convention_note.setText(_CONVENTION_NOTES.get(convention, ""))
        window = _enum(Window, self._effective(_WINDOW)[0])
        target = self._valid_target()
        if isinstance(target, str):
            self.downtime.setText(html.escape(target))
            self.budget.clear_figures()
            return
        window = window or Window.MONTH
        convention = convention or MonthConvention.CALENDAR
        self.downtime.setText(_allowed_text(target, window, convention, locale))
        self.budget.show_figures(target, window, convention, locale)

    def _effective(self, rel: Path_) -> tuple[Any, Path_]:
        """Return the value in effect at this level and the path it is stored at."""
        value, source = self.scope.read(self.document, rel)
        path = (*source.path, *rel) if source is not None else self.scope.path(rel)
        return value, path

    def _valid_target(self) -> Decimal | str:
        """Return the target in effect, or the model's message when it is not a valid one."""
        value, path = self._effective(_TARGET)
        typed, typed_value = self.target.typed_value()
        errors = [i for i in self.document.issues_at(path) if str(i.level) == "error"]
        if typed:
            value, errors = typed_value, []
        target = read_decimal(value)
        if errors or target is None or not Decimal(0) < target < Decimal(100):
            why = errors[0].message if errors else "enter a percentage below 100, such as 99.9"
            return f"No allowed downtime yet: the target {why.rstrip('.')}."
        return target


def _allowed_text(target: Decimal, window: Window, convention: MonthConvention, locale: str) -> str:
    """Say (as rich text) how much downtime the target allows, naming the month length."""
    budget = downtime_budget(target, window, convention)
    amount = f"<b>{html.escape(format_duration(budget.seconds, locale))}</b>"
    if window is not Window.MONTH:
        length = format_days(period_minutes(window) / MINUTES_PER_DAY, locale)
        long = window in (Window.QUARTER, Window.YEAR)
        extra = f" ({html.escape(length)} days)" if long else ""
        return f"Allowed downtime: {amount} {_WINDOW_WORDS[window]}{extra}"
    if convention is MonthConvention.CALENDAR:
        shortest = html.escape(format_duration(budget.min_seconds, locale))
        longest = html.escape(format_duration(budget.max_seconds, locale))
        return (
            f"Allowed downtime: {amount} in a 30-day month; {shortest} in a 28-day month, "
            f"{longest} in a 31-day month"
        )
    month = format_days(period_minutes(window, convention) / MINUTES_PER_DAY, locale)
    return f"Allowed downtime: {amount} a month ({html.escape(month)}-day month)"


class _BudgetTable(QFrame):
    """A small read-only table: the allowed downtime per window, the chosen one in bold."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("budgetTable")
        self.setStyleSheet(
            'QLabel { font-weight: normal; } QLabel[chosen="true"] { font-weight: 600; }'
        )
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(2)
        for col, text in enumerate(("Window", "Length", "Allowed downtime")):
            head = QLabel(text)
            head.setProperty("chosen", True)
            grid.addWidget(head, 0, col)
        self.cells: dict[Window, tuple[QLabel, QLabel, QLabel]] = {}
        for row, window in enumerate(Window, start=1):
            labels = (QLabel(window.value.capitalize()), QLabel(), QLabel())
            for col, label in enumerate(labels):
                grid.addWidget(label, row, col)
            self.cells[window] = labels
        grid.setColumnStretch(3, 1)

    def clear_figures(self) -> None:
        """Show dashes while the target is invalid."""
        for _, length, amount in self.cells.values():
            length.setText("")
            amount.setText("—")

    def show_figures(
        self, target: Decimal, chosen: Window, convention: MonthConvention, locale: str
    ) -> None:
        """Fill in every window's budget for the target and month convention."""
        for window, (name, length, amount) in self.cells.items():
            budget = downtime_budget(target, window, convention)
            if window is Window.MONTH and convention is MonthConvention.CALENDAR:
                length.setText("28–31 days")
                amount.setText(
                    f"{format_duration(budget.min_seconds, locale)} – "
                    f"{format_duration(budget.max_seconds, locale)}"
                )
            else:
                days = period_minutes(window, convention) / MINUTES_PER_DAY
                length.setText(plain_days(days, locale))
                amount.setText(format_duration(budget.seconds, locale))
            for label in (name, length, amount):
                if label.property("chosen") != (window is chosen):
                    label.setProperty("chosen", window is chosen)
                    label.style().unpolish(label)
                    label.style().polish(label)
