"""On-site support: when engineers come to the customer's sites, how fast, and at what cost.

Everything but the "included" box only matters while on-site support is included, so the other
fields grey out when it is not; they keep their values, so ticking the box again (or choosing a
level that includes it) brings the same terms back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLabel

from slaeditor.gui.wizard.pages.support import calendar_choices
from slaeditor.gui.wizard.terms_page import TermsPage

if TYPE_CHECKING:
    from PySide6.QtWidgets import QFormLayout

    from slaeditor.gui.context import AppContext
    from slaeditor.gui.editing.edited_agreement import EditedAgreement
    from slaeditor.gui.editing.fields import Field, LineField

_SPARE_PARTS = (
    ("none", "None kept"),
    ("depot", "At the provider's depot"),
    ("on-site", "At the customer's site"),
)
_DEFAULT_CALENDAR = "The default support calendar"


class OnSitePage(TermsPage):
    """Engineers sent to the customer's sites: coverage, targets, parts and charges."""

    key = "on-site"
    sections = ("on-site",)
    heading = "On-site support"
    intro = (
        "Whether an engineer attends the customer's sites when a fault cannot be fixed "
        "remotely, how soon, and what visits cost."
    )
    terms_sections = ("on_site",)

    def __init__(self, context: AppContext, document: EditedAgreement) -> None:
        super().__init__(context, document)
        self._labels: dict[Field, QLabel] = {}
        form = self.group("Attendance")
        self.included = self.check(
            form,
            "On-site support included",
            ("on_site", "included"),
            help_text="Untick when faults are fixed remotely only; the values below are kept",
        )
        self.calendar = self.choice(
            form,
            "Coverage calendar",
            ("on_site", "calendar"),
            calendar_choices(document, _DEFAULT_CALENDAR),
            help_text="The hours in which arrival and call-to-repair times run",
        )
        self._track(form, self.calendar)
        self._track(
            form,
            self.duration(
                form,
                "Arrival time",
                ("on_site", "arrival_minutes"),
                help_text="How soon an engineer arrives after the visit is needed",
            ),
        )
        self._track(
            form,
            self.duration(
                form,
                "Call-to-repair time",
                ("on_site", "call_to_repair_minutes"),
                help_text="From the logged incident to the equipment working again",
            ),
        )
        self._track(
            form,
            self.number(
                form,
                "Radius (km)",
                ("on_site", "radius_km"),
                placeholder="Empty: no limit",
                help_text="The targets apply to sites within this distance of the provider's "
                "nearest service location",
            ),
        )
        self._track(
            form, self.choice(form, "Spare parts", ("on_site", "spare_parts"), _SPARE_PARTS)
        )
        self._track(
            form,
            self.text(
                form,
                "Engineer qualifications",
                ("on_site", "qualifications"),
                lines=3,
                placeholder="e.g. certified on the installed router platforms",
            ),
        )
        form = self.group("Visits and charges")
        self._track(
            form,
            self.number(
                form,
                "Included visits a year",
                ("on_site", "included_visits_per_year"),
                placeholder="Empty: every visit needed is included",
            ),
        )
        self.rate: LineField = self.number(
            form,
            "Hourly rate",
            ("on_site", "hourly_rate"),
            placeholder="e.g. 95.00",
            help_text="For visits beyond those included, in the agreement's currency",
        )
        self._track(form, self.rate)
        self._track(
            form,
            self.number(
                form,
                "Out-of-hours multiplier",
                ("on_site", "out_of_hours_multiplier"),
                placeholder="e.g. 1.5",
                help_text="The hourly rate is multiplied by this outside business hours",
            ),
        )
        self.body.addStretch(1)
        document.changed.connect(self._on_changed)

    def _track(self, form: QFormLayout, field: Field) -> None:
        """Remember a field that greys out with "included", and its label."""
        label = form.labelForField(field)
        if isinstance(label, QLabel):
            self._labels[field] = label

    # --- page contract -------------------------------------------------------------------

    def load_from(self, document: EditedAgreement) -> None:
        """Offer the current calendars and currency, then show the values."""
        self._show_calendars()
        self._show_currency()
        super().load_from(document)
        self._show_included()

    def level_changed(self) -> None:
        """Another level may or may not include on-site support."""
        self._show_included()

    # --- live parts ----------------------------------------------------------------------

    def _show_included(self) -> None:
        included, _ = self.scope.read(self.document, ("on_site", "included"))
        for field, label in self._labels.items():
            field.editor.setEnabled(bool(included))
            label.setEnabled(bool(included))

    def _show_calendars(self) -> None:
        choices = calendar_choices(self.document, _DEFAULT_CALENDAR)
        combo = self.calendar.combo
        if [(combo.itemData(i), combo.itemText(i)) for i in range(combo.count())] != list(choices):
            self.calendar.set_choices(choices)
            self.calendar.refresh()

    def _show_currency(self) -> None:
        """Name the currency in the rate's label, so no one types euros into a sterling deal."""
        currency = str(self.document.value(("document", "currency")) or "").strip()
        label = f"Hourly rate ({currency})" if currency else "Hourly rate"
        self.rate.set_label(label)

    def _on_changed(self, path: tuple[Any, ...]) -> None:
        if not self.isVisible():
            return
        if path[:1] == ("calendars",):
            self._show_calendars()
        if path[:2] == ("document", "currency"):
            self._show_currency()
        self._show_included()
