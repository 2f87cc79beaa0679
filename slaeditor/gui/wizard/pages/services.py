"""Services in scope, the sites they are delivered at and, in multi-level agreements, groups.

A service has more to it than fits in a table row (a description, its sites, its group), so
services are a list with a form for the selected one. Every button is one undoable edit of the
whole list, so removing a service asks nothing: Undo brings it back with its overrides.
"""

from __future__ import annotations

import copy
import functools
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from slaeditor.gui.editing.fields import ChoiceField, Field, LineField
from slaeditor.gui.editing.scope import Scope
from slaeditor.gui.style import colour
from slaeditor.gui.wizard.pages.service_kinds import SERVICE_KINDS
from slaeditor.gui.wizard.pages.service_levels import money_text
from slaeditor.gui.wizard.sla_page import Column, SlaPage
from slaeditor.model.ids import make_id
from slaeditor.storage.messages import parse_path

if TYPE_CHECKING:
    from PySide6.QtWidgets import QFormLayout, QGroupBox

    from slaeditor.gui.context import AppContext
    from slaeditor.gui.editing.edited_agreement import EditedAgreement, Path_
    from slaeditor.model.validation import Issue

__all__ = ["ServicesPage"]

NEW_SERVICE = "New service"
"""The name a service is added with, until the user types its own."""
_BUTTONS = (
    ("add", "Add"),
    ("duplicate", "Duplicate"),
    ("remove", "Remove"),
    ("up", "Move up"),
    ("down", "Move down"),
)
_SITE_COLUMNS = (
    Column("name", "Name", width=190),
    Column("address", "Address"),
    Column("time_zone", "Time zone", width=130, help_text="e.g. Europe/London, Europe/Berlin"),
)
_GROUP_COLUMNS = (
    Column("name", "Name", width=150),
    Column("description", "Description"),
    Column("contact", "Contact", width=150),
)
_LEVELS_NOTE = (
    "A multi-level agreement has three levels. The corporate terms apply to every customer "
    "and service; a customer group (a division, site group or customer) changes only what "
    "differs for its services; a service changes only what differs for itself. The most "
    "specific level wins."
)


def _new_site(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Start a site in the time zone of the last one, since sites tend to be near each other."""
    zone = rows[-1].get("time_zone", "Europe/London") if rows else "Europe/London"
    site_id = make_id(f"site {len(rows) + 1}", {str(r.get("id")) for r in rows}, "site")
    return {"id": site_id, "name": f"New site {len(rows) + 1}", "address": "", "time_zone": zone}


def _new_group(rows: list[dict[str, Any]]) -> dict[str, Any]:
    group_id = make_id(f"group {len(rows) + 1}", {str(r.get("id")) for r in rows}, "group")
    name = f"New group {len(rows) + 1}"
    return {"id": group_id, "name": name, "description": "", "contact": "", "overrides": {}}


def _records(document: EditedAgreement, key: str) -> list[dict[str, Any]]:
    """Return a copy of a list of records, safe to change before writing it back."""
    value = document.value((key,), [])
    return [copy.deepcopy(item) for item in value if isinstance(item, dict)] if value else []


class SitesField(Field):
    """The sites a service is delivered at, ticked in the agreement's list of sites."""

    def __init__(self, document: EditedAgreement, scope: Scope, rel: Path_, label: str) -> None:
        self.list = QListWidget()
        self._shown: tuple[dict[str, str], list[str]] | None = None
        self.list.setToolTip("Tick every site the service is delivered at")
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        super().__init__(document, scope, rel, label, self.list)
        self.list.itemChanged.connect(self._on_item_changed)

    def show_value(self, value: Any) -> None:
        """List every site, ticked when the service has it; unknown ids stay visible."""
        chosen = [str(item) for item in value] if isinstance(value, list) else []
        sites = [s for s in self.document.value(("sites",), []) or [] if isinstance(s, dict)]
        entries = {str(s.get("id", "")): str(s.get("name") or s.get("id", "")) for s in sites}
        for site_id in chosen:
            entries.setdefault(site_id, f"{site_id} (not a site of the agreement)")
        if (entries, chosen) == self._shown:
            return  # a page refreshes after every edit: 19,000 sites took a second each time
        self._shown = (entries, chosen)
        role = Qt.ItemDataRole.UserRole
        blocked = QSignalBlocker(self.list)  # each change would re-read every tick: n²
        wanted: list[str | None] = [*entries] or [None]  # None: the "no sites" line
        if [self.list.item(row).data(role) for row in range(self.list.count())] != wanted:
            self.list.clear()
            for site_id in entries:
                item = QListWidgetItem()
                item.setData(role, site_id)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                self.list.addItem(item)
            if not entries:
                self.list.addItem("No sites yet: add them in the Sites table below")
                self.list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        for row, (site_id, text) in enumerate(entries.items()):
            item = self.list.item(row)
            item.setText(text)
            item.setToolTip(text)
            ticked = site_id in chosen
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        del blocked
        shown = range(min(max(self.list.count(), 1), 6))
        height = sum(max(self.list.sizeHintForRow(row), 0) for row in shown)
        self.list.setFixedHeight(max(height, 20) + 2 * self.list.frameWidth() + 2)

    def _on_item_changed(self, _item: QListWidgetItem) -> None:
        items = [self.list.item(row) for row in range(self.list.count())]
        ticked = [i for i in items if i.checkState() == Qt.CheckState.Checked]
        self.commit([item.data(Qt.ItemDataRole.UserRole) for item in ticked], merge=False)


class ServiceNameField(LineField):
    """A service's name; a new service's id is made from the first name it is given.

    The id follows the name while the user types it, and stays once the field is left, so
    overrides and measurement files that refer to the id keep working after a later rename.
    """

    def __init__(self, document: EditedAgreement, scope: Scope, auto_ids: set[str]) -> None:
        super().__init__(document, scope, ("name",), "Name", placeholder="e.g. SIP Trunking")
        self.auto_ids = auto_ids
        self.line.editingFinished.connect(self._on_line_editing_finished)

    def commit(self, value: Any, *, merge: bool = True) -> None:
        """Write the name, and in the same undo step the id made from it for a new service."""
        if self._updating:
            return
        service = self.document.value(self.scope.prefix)
        if not isinstance(service, dict):
            return
        old_id = str(service.get("id", ""))
        if old_id in self.auto_ids:
            others = {str(item.get("id")) for item in _records(self.document, "services")}
            new_id = make_id(str(value), others - {old_id}, "service")
            self.auto_ids.discard(old_id)
            self.auto_ids.add(new_id)
            record = {**service, "name": value, "id": new_id}
            self.document.set_value(self.scope.prefix, record, merge=merge, text="Edit name")
        else:
            super().commit(value, merge=merge)

    def _on_line_editing_finished(self) -> None:
        """Keep the id from now on, once the service has a name of its own."""
        service = self.document.value(self.scope.prefix)
        name = str(service.get("name") or "").strip() if isinstance(service, dict) else ""
        if name and not name.startswith(NEW_SERVICE):
            self.auto_ids.discard(str(service.get("id", "")))


class ServicesPage(SlaPage):
    """The services in scope with their fees and sites; the sites; the customer groups."""

    key = "services"
    sections = ("scope",)
    heading = "Services and sites"
    intro = (
        "The services the agreement covers, what each costs a month and where it is "
        "delivered. Select a service in the list to edit it."
    )
    patterns = (
        r"^services\b(?!\[\d+\]\.overrides\b)",
        r"^sites\b",
        r"^customer_groups\[\d+\]\.(id|name|description|contact)\b",
        r"^customer_groups$",
    )

    def __init__(self, context: AppContext, document: EditedAgreement) -> None:
        super().__init__(context, document)
        self.auto_ids: set[str] = set()
        self._syncing = False
        self._group_choices: list[tuple[str, str]] = []
        form = self.group("Services in scope")
        caption = QLabel("Services:")
        caption.setObjectName("fieldLabel")
        self.services = QListWidget()
        self.services.setAccessibleName("Services")
        rows = self.services.fontMetrics().height() + 4
        self.services.setFixedHeight(rows * 6 + 2 * self.services.frameWidth())
        caption.setBuddy(self.services)
        form.addRow(caption)
        form.addRow(self.services)
        self.buttons = self._service_buttons(form)
        self.detail = self.group("Selected service")
        self.detail_box: QGroupBox = self.detail.parentWidget()  # type: ignore[assignment]
        self.service_scope = Scope(prefix=("services", 0))
        self.name_field = ServiceNameField(document, self.service_scope, self.auto_ids)
        at, form = self.service_scope, self.detail
        self.add(form, self.name_field)
        tip = "Sets what “unavailable” means in the contract for this service"
        self.kind_field = ChoiceField(document, at, ("kind",), "Kind", SERVICE_KINDS, help_text=tip)
        self.add(form, self.kind_field)
        tip = "Only when later than the Effective Date: the first month then counts from this day"
        self.date(form, "Starts on", ("starts_on",), scope=at, optional=True, help_text=tip)
        self.text(form, "Description", ("description",), scope=at, lines=3)
        tip = "The fee credits are a share of, in the agreement's currency"
        hint = functools.partial(money_text, document)
        self.number(form, "Monthly fee", ("monthly_fee",), scope=at, help_text=tip, hint=hint)
        self.sites_field = SitesField(document, at, ("sites",), "Sites")
        self.add(form, self.sites_field)
        self.group_field = ChoiceField(document, at, ("group",), "Customer group", [])
        self.add(form, self.group_field)
        self.detail_fields = [f for f in self.fields if f.scope is at]
        form = self.group("Sites", "The customer's locations where services are delivered.")
        self.table(
            form,
            "Customer sites",
            ("sites",),
            _SITE_COLUMNS,
            new_row=_new_site,
            ids_from="name",
            on_renamed=self._on_site_renamed,
        )
        form = self.group("Customer groups", _LEVELS_NOTE)
        self.groups_box: QGroupBox = form.parentWidget()  # type: ignore[assignment]
        self.table(
            form,
            "Customer groups",
            ("customer_groups",),
            _GROUP_COLUMNS,
            new_row=_new_group,
            ids_from="name",
            on_renamed=self._on_group_renamed,
        )
        self.body.addStretch(1)
        self.services.currentRowChanged.connect(self._on_services_current_row_changed)
        self._adopt_unnamed()
        self._sync()

    def _on_site_renamed(self, old: str, new: str) -> None:
        """Keep the services ticked at a site ticked when the site's id is made from its name."""
        for index, service in enumerate(_records(self.document, "services")):
            sites = service.get("sites")
            if isinstance(sites, list) and old in sites:
                renamed = [new if site == old else site for site in sites]
                self.document.set_value(("services", index, "sites"), renamed, merge=False)

    def _on_group_renamed(self, old: str, new: str) -> None:
        """Keep the services in a group in it when the group's id is made from its name."""
        for index, service in enumerate(_records(self.document, "services")):
            if service.get("group") == old:
                self.document.set_value(("services", index, "group"), new, merge=False)

    def _service_buttons(self, form: QFormLayout) -> dict[str, QPushButton]:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        buttons: dict[str, QPushButton] = {}
        for key, text in _BUTTONS:
            buttons[key] = button = QPushButton(text)
            button.setAccessibleName(f"{text} (Services)")
            button.clicked.connect(lambda _=False, key=key: self._on_button_clicked(key))
            row.addWidget(button)
        row.addStretch(1)
        form.addRow(holder)
        return buttons

    # --- keeping the list in step with the document --------------------------------------

    def load_from(self, document: EditedAgreement) -> None:
        """Rebuild the list of services, then show every field."""
        self._sync()
        super().load_from(document)

    def _on_document_reset(self) -> None:
        """Forget which ids were generated: they belonged to the agreement just replaced."""
        self.auto_ids.clear()
        self._adopt_unnamed()
        super()._on_document_reset()

    def _adopt_unnamed(self) -> None:
        """Let the first name of a service that has none yet (a starter's) make its id."""
        for service in _records(self.document, "services"):
            if not str(service.get("name") or "").strip():
                self.auto_ids.add(str(service.get("id", "")))

    def _on_document_changed(self, path: tuple[Any, ...]) -> None:
        if self.isVisible():
            self._sync()
        super()._on_document_changed(path)

    def _on_document_checked(self) -> None:
        super()._on_document_checked()
        if self.isVisible():
            self._mark_services()

    def _sync(self) -> None:
        """Match the list, the group choices and the visible parts to the agreement."""
        records = _records(self.document, "services")
        self._syncing = True
        try:
            while self.services.count() > len(records):
                self.services.takeItem(self.services.count() - 1)
            while self.services.count() < len(records):
                self.services.addItem(QListWidgetItem())
            for row, record in enumerate(records):
                name = str(record.get("name") or "")
                self.services.item(row).setText(name or f"Service {row + 1} (no name yet)")
            current = self.services.currentRow()
            row = min(max(current, 0), len(records) - 1)
            if row != current:
                self.services.setCurrentRow(row)
        finally:
            self._syncing = False
        self._mark_services()
        groups = _records(self.document, "customer_groups")
        choices = [("", "No group")] + [
            (str(g.get("id", "")), str(g.get("name") or g.get("id", ""))) for g in groups
        ]
        if choices != self._group_choices:
            self._group_choices = choices
            self.group_field.set_choices(choices)
        multi = self.document.sla_type == "multi-level"
        self.groups_box.setVisible(multi or bool(groups))
        self._point_detail(self.services.currentRow())

    def _mark_services(self) -> None:
        """Tint the services that have problems on this page, with the first as tooltip."""
        for row in range(self.services.count()):
            item = self.services.item(row)
            found = self.document.issues_at(("services", row), below=True)
            found = [issue for issue in found if self.owns(issue.path)]
            record = self.document.value(("services", row), {}) or {}
            tip = f"Id: {record.get('id', '')}"
            item.setToolTip(f"{tip}\n{found[0].message}" if found else tip)
            item.setForeground(colour("error") if found else self.services.palette().text())

    def _point_detail(self, row: int) -> None:
        """Point the form at the selected service (or hide it when there is none)."""
        self.detail_box.setVisible(row >= 0)
        if row >= 0 and self.service_scope.prefix != ("services", row):
            self.service_scope = Scope(prefix=("services", row))
            for field in self.detail_fields:
                field.set_scope(self.service_scope)
        record = self.document.value(("services", row), {}) if row >= 0 else {}
        show_group = self.document.sla_type == "multi-level" or bool(
            isinstance(record, dict) and record.get("group")
        )
        self.detail.setRowVisible(self.group_field, show_group)
        self.buttons["duplicate"].setEnabled(row >= 0)
        self.buttons["remove"].setEnabled(row >= 0)
        self.buttons["up"].setEnabled(row > 0)
        self.buttons["down"].setEnabled(0 <= row < self.services.count() - 1)

    def _on_services_current_row_changed(self, row: int) -> None:
        if not self._syncing:
            self._point_detail(row)

    # --- the buttons ---------------------------------------------------------------------

    def _on_button_clicked(self, key: str) -> None:
        records = _records(self.document, "services")
        row = self.services.currentRow()
        ids = {str(record.get("id")) for record in records}
        if key == "add":
            target = len(records)
            records.append(self._new_service(records, ids))
            text = "Add service"
        elif not 0 <= row < len(records):
            return
        elif key == "duplicate":
            copied = copy.deepcopy(records[row])
            copied["name"] = f"{copied.get('name') or 'Service'} (copy)"
            copied["id"] = make_id(copied["name"], ids)
            self.auto_ids.add(copied["id"])
            target = row + 1
            records.insert(target, copied)
            text = f"Duplicate {records[row].get('name') or 'service'}"
        elif key == "remove":
            removed = records.pop(row)
            target = min(row, len(records) - 1)
            text = f"Remove {removed.get('name') or 'service'}"
        else:
            target = row - 1 if key == "up" else row + 1
            if not 0 <= target < len(records):
                return
            records[row], records[target] = records[target], records[row]
            text = f"Move {records[target].get('name') or 'service'}"
        self.document.set_value(("services",), records, merge=False, text=text)
        self.services.setCurrentRow(target)
        if key in ("add", "duplicate"):
            self.name_field.line.setFocus()
            self.name_field.line.selectAll()

    def _new_service(self, records: list[dict[str, Any]], ids: set[str]) -> dict[str, Any]:
        names, name, number = {str(r.get("name")) for r in records}, NEW_SERVICE, 2
        while name in names:
            name, number = f"{NEW_SERVICE} {number}", number + 1
        self.auto_ids.add(new_id := make_id(name, ids))
        current = self.document.value(("services", self.services.currentRow()), {})
        group = str(current.get("group") or "") if isinstance(current, dict) else ""
        groups = _records(self.document, "customer_groups")
        if not group and self.document.sla_type == "multi-level" and groups:
            group = str(groups[0].get("id", ""))
        record = {"id": new_id, "name": name, "description": "", "monthly_fee": None}
        return record | {"sites": [], "group": group, "overrides": {}}

    def focus_path(self, path: str) -> bool:
        """Select the service a problem is about before focusing its field."""
        loc = parse_path(path)
        if loc[:1] == ("services",):
            if len(loc) > 1 and isinstance(loc[1], int) and loc[1] < self.services.count():
                self.services.setCurrentRow(loc[1])
            if len(loc) <= 2:
                self.scroll_area.ensureWidgetVisible(self.services)
                self.services.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().focus_path(path)

    def describe(self, issue: Issue) -> str:
        """Name a problem of any service by that service, not only the selected one."""
        loc = parse_path(issue.path)
        if len(loc) < 3 or loc[0] != "services" or not isinstance(loc[1], int):
            return super().describe(issue)
        name = str(self.document.value(("services", loc[1], "name"), "") or f"Service {loc[1] + 1}")
        label = next((f.label for f in self.detail_fields if loc[2:3] == f.rel), str(loc[2]))
        if issue.message.startswith(name):
            return f"{label}: {issue.message}"
        return f"{name}, {label}: {issue.message}"
