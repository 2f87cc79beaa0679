"""Support: the calendars clocks run in, the support desk and the severity matrix.

Calendars belong to the whole agreement (every level's severities and on-site terms refer to
them by id), so their fields keep a plain scope and ignore the "Applies to" choice; the support
desk and the severity matrix are service terms and follow it. A line under the matrix reads
the chosen severity back in plain English, so a mistyped "12" (minutes) for "12h" shows at once.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError
from PySide6.QtWidgets import QGroupBox, QLabel, QStyle

from slaeditor.gui.editing.scope import Scope
from slaeditor.gui.editing.typed_values import plain_text
from slaeditor.gui.wizard.sla_page import Column
from slaeditor.gui.wizard.terms_page import TermsPage
from slaeditor.model.base import Minutes
from slaeditor.sla import format_minutes
from slaeditor.storage.messages import parse_path

if TYPE_CHECKING:
    from PySide6.QtWidgets import QFormLayout

    from slaeditor.gui.context import AppContext
    from slaeditor.gui.editing.edited_agreement import EditedAgreement
    from slaeditor.gui.editing.fields import Field
    from slaeditor.gui.editing.table_field import TableField

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WORKING_WEEK = ("mon", "tue", "wed", "thu", "fri")


def days_text(value: Any) -> str:
    """Write week days as people do: "Mon–Fri", "Sat, Sun", "Mon–Sat"."""
    if not isinstance(value, list):
        return plain_text(value)
    known = sorted({_DAYS.index(day) for day in value if day in _DAYS})
    runs: list[list[int]] = []
    for index in known:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    parts: list[str] = []
    for run in runs:
        names = [_DAYS[index].capitalize() for index in run]
        parts += [f"{names[0]}–{names[-1]}"] if len(run) > 2 else names
    return ", ".join(parts + [str(day) for day in value if day not in _DAYS])


def days_value(text: str) -> list[str]:
    """Read "Mon–Fri", "mon to fri" or "Sat, Sun"; an unknown word is kept for the model to name."""
    spaced = " ".join(text.split()).lower()  # one space per run: the pattern stays linear
    cleaned = re.sub(r" to |\s?[–—-]\s?", "-", spaced)
    found: list[str] = []
    for token in re.split(r"[,;/\s]+|\band\b", cleaned):
        if not token:
            continue
        ends = token.split("-")
        if len(ends) == 2 and ends[0][:3] in _DAYS and ends[1][:3] in _DAYS:
            first, last = _DAYS.index(ends[0][:3]), _DAYS.index(ends[1][:3])
            found += list(_DAYS[first : last + 1])
        else:
            found.append(token[:3] if token[:3] in _DAYS else token)
    unknown = [day for day in found if day not in _DAYS]
    return [day for day in _DAYS if day in found] + unknown


@dataclasses.dataclass(frozen=True)
class DaysColumn(Column):
    """A column of week days, typed as a range or a list."""

    def to_text(self, value: Any) -> str:
        """Show the days compactly."""
        return days_text(value)

    def to_value(self, text: str) -> Any:
        """Store the days as the model's list of day codes."""
        return days_value(text)


def calendars_of(document: EditedAgreement) -> list[dict[str, Any]]:
    """Return the agreement's calendars (the records, not copies)."""
    value = document.value(("calendars",), [])
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def calendar_choices(document: EditedAgreement, empty: str) -> tuple[tuple[str, str], ...]:
    """List the calendars for a drop-down: the empty choice first, then each by its name."""
    choices = [("", empty)]
    for calendar in calendars_of(document):
        ident = str(calendar.get("id") or "")
        if ident:
            choices.append((ident, str(calendar.get("name") or "") or ident))
    return tuple(choices)


@functools.cache
def _minutes_adapter() -> TypeAdapter[int]:
    return TypeAdapter(Minutes)


def minutes_of(value: Any) -> int | None:
    """Read a stored duration (720 or "12h") the way the model does; None if it cannot."""
    if value in (None, ""):
        return None
    try:
        return _minutes_adapter().validate_python(value)
    except ValidationError:
        return None


def severity_sentence(row: dict[str, Any], default: str, calendars: list[dict[str, Any]]) -> str:
    """Say what one severity promises, e.g. "Severity 3 (Minor): response within 12 hours, 24×7"."""
    name = str(row.get("name") or "").strip()
    subject = f"Severity {row.get('level') or '?'}" + (f" ({name})" if name else "")
    response = minutes_of(row.get("response_minutes"))
    if response is None:
        return f"{subject}: type a response time, such as 4h or 30 min."
    parts = [f"response within {format_minutes(response)}"]
    resolution = minutes_of(row.get("resolution_minutes"))
    if resolution is not None:
        parts.append(f"resolution within {format_minutes(resolution)}")
    update = minutes_of(row.get("update_minutes"))
    if update:
        every = format_minutes(update)
        single = every.startswith("1 ") and "," not in every and " and " not in every
        parts.append(f"updates every {every[2:] if single else every}")
    ident = str(row.get("calendar") or default)
    calendar = next((c for c in calendars if c.get("id") == ident), None)
    if calendar is not None:
        always = calendar.get("always")
        parts.append("24×7" if always else f"during {calendar.get('name') or ident}")
    text = f"{subject}: " + ", ".join(parts)
    if row.get("customer_available"):
        text += "; the clock runs only while the customer is available"
    return text + "."


def _new_calendar(rows: list[dict[str, Any]]) -> dict[str, Any]:
    taken, number = {row.get("id") for row in rows}, len(rows) + 1
    while f"calendar-{number}" in taken:
        number += 1
    hours = [{"days": list(_WORKING_WEEK), "start": "09:00", "end": "17:00"}]
    return {"id": f"calendar-{number}", "name": f"New calendar {number}", "hours": hours}


def calendar_references(data: Any, calendar_id: str, path: tuple[Any, ...] = ()) -> list[Any]:
    """Return the paths of every `calendar` value in the draft that names calendar_id."""
    found: list[Any] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "calendar" and value == calendar_id:
                found.append((*path, key))
            else:
                found.extend(calendar_references(value, calendar_id, (*path, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(calendar_references(value, calendar_id, (*path, index)))
    return found


def _new_severity(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Give a new severity the next level; leave its response for the user to type."""
    blank = {column.key: column.default for column in _SEVERITY_COLUMNS}
    return blank | {"level": len(rows) + 1, "name": "New severity"}


_CALENDAR_COLUMNS = (
    Column("name", "Name"),
    Column("time_zone", "Time zone", width=130, help_text="A zone such as Europe/London or UTC"),
    Column("always", "24×7", kind="check", width=52, help_text="Every hour of every day"),
)
_HOURS_COLUMNS = (
    DaysColumn("days", "Days", default=list(_WORKING_WEEK), help_text="A range or a list: Mon–Fri"),
    Column("start", "Start", width=90, default="09:00", help_text="HH:MM, e.g. 08:00"),
    Column("end", "End", width=90, default="17:00", help_text="HH:MM; 24:00 for midnight"),
)
_HOLIDAY_COLUMNS = (
    Column("date", "Date", width=120, help_text="YYYY-MM-DD, e.g. 2025-12-25"),
    Column("name", "Holiday"),
)
_NO_CALENDAR = "Add a calendar above to set its hours and holidays."
_ALWAYS = "This calendar runs every hour of every day, holidays included."
_BUSINESS_HOURS = (
    "Clocks run only inside these hours, in the calendar's time zone, and stop on the holidays."
)
_RESOLUTION_HELP = "Time to resolve or restore; empty when none is promised"
_AVAILABLE_HELP = "The clock runs only while the customer is available to help"
_SEVERITY_COLUMNS = (
    Column("level", "Level", kind="number", width=50, help_text="1 is the most serious"),
    Column("name", "Name", width=130),
    Column("response_minutes", "Response", "duration", width=80, default=None),
    Column("resolution_minutes", "Resolution", "duration", (), 84, None, _RESOLUTION_HELP),
    Column("update_minutes", "Updates", "duration", (), 76, None, help_text="How often, e.g. 2h"),
    Column("calendar", "Calendar", "choice", width=156, choices=(("", "Default"),)),
    Column("customer_available", "Customer available", "check", (), 96, False, _AVAILABLE_HELP),
    Column(
        "definition", "Definition", detail=True, help_text="What makes an incident this severity"
    ),
    Column("examples", "Examples", detail=True, help_text="Typical incidents of this severity"),
)


class SupportPage(TermsPage):
    """Support calendars, how incidents are reported, and the severity matrix."""

    key = "support"
    sections = ("support",)
    heading = "Support and severity levels"
    step = "Support, severities"
    intro = (
        "When support clocks run, how the customer reports an incident, and how fast the "
        "provider responds to and resolves each severity."
    )
    terms_sections = ("support",)
    patterns = (r"^calendars\b",)

    def __init__(self, context: AppContext, document: EditedAgreement) -> None:
        super().__init__(context, document)
        self._calendar_index = -1
        self._build_calendars()
        self._build_support()
        self.body.addStretch(1)
        document.changed.connect(self._on_changed)

    # --- building ------------------------------------------------------------------------

    def _group_first(self, index: int, title: str) -> tuple[QFormLayout, QGroupBox, QLabel]:
        """Add a group above the "Applies to" choice (calendars do not follow the level)."""
        form = self.group(title)
        box = form.parentWidget()
        assert isinstance(box, QGroupBox)
        self.body.removeWidget(box)
        self.body.insertWidget(index, box)
        note = QLabel()
        note.setObjectName("groupNote")
        note.setWordWrap(True)
        form.addRow(note)
        return form, box, note

    def _on_calendar_renamed(self, old: str, new: str) -> None:
        """Point every severity, support desk and on-site term that used the old id at the new."""
        for path in calendar_references(self.document.data, old):
            self.document.set_value(path, new, merge=False)

    @staticmethod
    def _fit(field: TableField, rows: int, *, scrolls: bool = False) -> None:
        """Keep a table as tall as the rows asked for, so the page is not mostly white space."""
        table = field.table
        height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
        height += table.verticalHeader().defaultSectionSize() * rows
        if scrolls:
            height += table.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        table.setFixedHeight(height)

    def _build_calendars(self) -> None:
        form, _, note = self._group_first(0, "Support calendars")
        note.setText(
            "When response, resolution and on-site clocks run. These apply to the whole "
            "agreement; severities and on-site support choose one by its name."
        )
        self.calendars = self.table(
            form,
            "Calendars",
            ("calendars",),
            _CALENDAR_COLUMNS,
            scope=Scope(),
            new_row=_new_calendar,
            ids_from="name",
            on_renamed=self._on_calendar_renamed,
        )
        form, self._calendar_box, self._calendar_note = self._group_first(1, "Hours and holidays")
        detail = Scope(prefix=("calendars", 0))
        hours = self.table(form, "Weekly hours", ("hours",), _HOURS_COLUMNS, scope=detail)
        holidays = self.table(form, "Holidays", ("holidays",), _HOLIDAY_COLUMNS, scope=detail)
        example = "e.g. public and bank holidays in England and Wales"
        rule = self.line(form, "Holiday rule", ("holiday_rule",), scope=detail, placeholder=example)
        self._calendar_form = form
        self._calendar_fields: list[Field] = [hours, holidays, rule]
        self.setTabOrder(rule.editor, self.level)  # "Applies to" now sits below the calendars
        self._fit(self.calendars, 3)
        self._fit(hours, 2)
        self._fit(holidays, 4)
        self.calendars.table.itemSelectionChanged.connect(self._on_calendar_selection_changed)

    def _build_support(self) -> None:
        form = self.group(
            "Support desk",
            "How incidents are reported, and the calendar targets count in unless a severity "
            "names its own.",
        )
        choices = calendar_choices(self.document, "None chosen")
        self.support_calendar = self.choice(
            form, "Default calendar", ("support", "calendar"), choices
        )
        self.lines(
            form,
            "Channels",
            ("support", "channels"),
            lines=3,
            help_text="Telephone numbers, portal and e-mail addresses, one per line",
        )
        form = self.group(
            "Severity levels",
            "Number the severities 1, 2, 3… from the most serious. Type times as 15 min, 4h "
            "or 3d; scroll right for the definitions and examples.",
        )
        self.severities = self.table(
            form,
            "Severity matrix",
            ("support", "severities"),
            _SEVERITY_COLUMNS,
            new_row=_new_severity,
        )
        self._fit(self.severities, 5, scrolls=True)
        self.summary = QLabel()
        self.summary.setObjectName("liveSummary")
        self.summary.setWordWrap(True)
        form.addRow(self.summary)
        self.severities.table.itemSelectionChanged.connect(self._on_severity_selection_changed)

    # --- page contract -------------------------------------------------------------------

    def load_from(self, document: EditedAgreement) -> None:
        """Offer the current calendars, show the fields, then the selected calendar's hours."""
        self._update_calendar_choices()
        super().load_from(document)
        if self.calendars.table.currentRow() < 0 and self.calendars.table.rowCount():
            self.calendars.table.setCurrentCell(0, 0)
        self._show_calendar()
        self._show_summary()

    def level_changed(self) -> None:
        """Read the severity of the newly chosen level back."""
        self._show_summary()

    def focus_path(self, path: str) -> bool:
        """Open the calendar a problem is in before focusing its field."""
        loc = parse_path(path)
        if len(loc) > 1 and loc[0] == "calendars" and isinstance(loc[1], int):
            self.calendars.table.setCurrentCell(loc[1], 0)
            self._show_calendar()
        return super().focus_path(path)

    # --- live parts ----------------------------------------------------------------------

    def _update_calendar_choices(self) -> None:
        """Keep the calendar drop-downs in step with the calendars table."""
        choices = calendar_choices(self.document, "None chosen")
        combo = self.support_calendar.combo
        if tuple((combo.itemData(i), combo.itemText(i)) for i in range(combo.count())) != choices:
            self.support_calendar.set_choices(choices)
            self.support_calendar.refresh()
        cells = calendar_choices(self.document, "Default")
        column = next((c for c in self.severities.columns if c.key == "calendar"), None)
        if column is not None and tuple(column.choices) != cells:
            self.severities.set_choices("calendar", cells)  # each row's list is rebuilt

    def _show_calendar(self) -> None:
        """Point the hours and holidays at the selected calendar."""
        calendars = calendars_of(self.document)
        row = self.calendars.table.currentRow()
        if not 0 <= row < len(calendars):
            row = 0 if calendars else -1
        if row != self._calendar_index:
            self._calendar_index = row
            scope = Scope(prefix=("calendars", max(row, 0)))
            for field in self._calendar_fields:
                field.set_scope(scope)
        calendar = calendars[row] if row >= 0 else {}
        always = bool(calendar.get("always"))
        for line in range(1, self._calendar_form.rowCount()):  # hide all but the note
            self._calendar_form.setRowVisible(line, row >= 0 and not always)
        name = str(calendar.get("name") or calendar.get("id") or "")
        self._calendar_box.setTitle(f"Hours and holidays: {name}" if name else "Hours and holidays")
        self._calendar_note.setText(
            _NO_CALENDAR if row < 0 else _ALWAYS if always else _BUSINESS_HOURS
        )

    def _show_summary(self) -> None:
        rows = self.severities.rows()
        if not rows:
            self.summary.setText("No severities yet: add one row for each level.")
            return
        row = self.severities.table.currentRow()
        record = rows[row if 0 <= row < len(rows) else 0]
        default, _ = self.scope.read(self.document, ("support", "calendar"))
        calendars = calendars_of(self.document)
        record = record if isinstance(record, dict) else {}
        self.summary.setText(severity_sentence(record, str(default or ""), calendars))

    def _on_calendar_selection_changed(self) -> None:
        self._show_calendar()

    def _on_severity_selection_changed(self) -> None:
        self._show_summary()

    def _on_changed(self, path: tuple[Any, ...]) -> None:
        if not self.isVisible():
            return  # load_from catches up when the page is shown
        if path[:1] == ("calendars",):
            self._update_calendar_choices()
            self._show_calendar()
        self._show_summary()
