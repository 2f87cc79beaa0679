"""A page of service terms, edited at a chosen level: corporate, a customer group or a service."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel

from slaeditor.gui.editing.fields import LineField
from slaeditor.gui.editing.scope import Scope, terms_scopes
from slaeditor.gui.wizard.sla_page import SlaPage
from slaeditor.storage.messages import parse_path

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent
    from PySide6.QtWidgets import QFormLayout

    from slaeditor.gui.context import AppContext
    from slaeditor.gui.editing.edited_agreement import EditedAgreement, Path_
    from slaeditor.gui.editing.fields import Field

__all__ = ["TermsPage"]


class TermsPage(SlaPage):
    """A page of service terms, edited at a chosen level (corporate, group or service)."""

    terms_sections: ClassVar[tuple[str, ...]] = ()
    """The parts of the service terms this page edits ("availability", "maintenance")."""

    def page_patterns(self) -> tuple[str, ...]:
        """Own these sections of the terms at every level."""
        patterns: list[str] = []
        for section in map(re.escape, self.terms_sections):
            patterns += [
                rf"^terms\.{section}\b",
                rf"^(services|customer_groups)\[\d+\]\.overrides\.{section}\b",
            ]
        return (*patterns, *self.patterns)

    def __init__(self, context: AppContext, document: EditedAgreement) -> None:
        super().__init__(context, document)
        self.scopes = terms_scopes(document)
        self.scope = self.scopes[0]
        bar = QHBoxLayout()
        caption = QLabel("Applies to:")
        self.level = QComboBox()
        self.level.setAccessibleName("Applies to")
        self.level.setToolTip(
            "Set the terms for all services, or choose a customer group or service to "
            "change only what differs there"
        )
        caption.setBuddy(self.level)
        bar.addWidget(caption)
        bar.addWidget(self.level, 1)
        self.level_note = QLabel()
        self.level_note.setObjectName("levelNote")
        self.level_note.setWordWrap(True)
        self.body.addLayout(bar)
        self.body.addWidget(self.level_note)
        self.level.activated.connect(self._on_level_activated)
        self._fill_levels()

    def scope_for(self, scope: Scope | None) -> Scope:
        """Term fields follow the page's level."""
        return scope or self.scope

    def add(self, form: QFormLayout, field: Field, *, label: bool = True) -> Field:
        """Track a field; the live figures follow a number while it is typed, not only stored."""
        super().add(form, field, label=label)
        if isinstance(field, LineField) and field.decide_on_leave:
            field.typing.connect(self._on_field_typing)
        return field

    def live_value(self, rel: Path_) -> Any:
        """Return the value in effect at this level, or the one being typed into its field."""
        for field in self.terms_fields():
            if field.rel == rel and isinstance(field, LineField):
                typed, value = field.typed_value()
                if typed:
                    return value
        return self.scope.read(self.document, rel)[0]

    def _on_field_typing(self, _text: str) -> None:
        self.update_live()

    def terms_fields(self) -> list[Field]:
        """Return the fields that follow the level choice."""
        return [field for field in self.fields if field.scope is self.scope]

    def set_level(self, index: int) -> None:
        """Edit another level's terms: point every term field at it."""
        if not 0 <= index < len(self.scopes):
            return
        old = self.scope
        self.scope = self.scopes[index]
        self.level.setCurrentIndex(index)
        for field in self.fields:
            if field.scope is old:
                field.set_scope(self.scope)
        self._describe_level()
        self.level_changed()

    def level_changed(self) -> None:
        """Let a page update what depends on the level; by default its live figures."""
        self.update_live()

    def update_live(self) -> None:
        """Recompute what the page derives from the values (downtime, worked examples).

        Called after the fields are loaded, when the level changes and after every edit
        while the page is shown.
        """

    def load_from(self, document: EditedAgreement) -> None:
        """Rebuild the level list (services may have changed), then the fields."""
        self._fill_levels()
        super().load_from(document)
        self.update_live()

    def _on_document_changed(self, path: tuple[Any, ...]) -> None:
        lists = (("services",), ("customer_groups",))
        if self.isVisible() and path[:1] in lists and self._levels_changed():
            self._fill_levels()
        super()._on_document_changed(path)
        if self.isVisible():
            self.update_live()

    def showEvent(self, event: QShowEvent) -> None:
        """Catch up with services added, removed or renamed on another page."""
        if self._levels_changed():
            self._fill_levels()
            self._stale = True
        super().showEvent(event)

    def focus_path(self, path: str) -> bool:
        """Switch to the level a problem is reported at, then focus its field."""
        loc = parse_path(path)
        for index, scope in enumerate(self.scopes):
            if loc[: len(scope.prefix)] == scope.prefix:
                self.set_level(index)
                break
        return super().focus_path(path)

    def _fill_levels(self) -> None:
        """Rebuild the level list, keeping the same group or service chosen (by its id).

        Services are found by id, not position, so after an undo that removes or reorders
        services the page never writes to a different service than the one it names.
        """
        wanted = self.scope.key
        self.scopes = terms_scopes(self.document)
        self.level.clear()
        for scope in self.scopes:
            text = scope.name[:1].upper() + scope.name[1:]
            if not scope.inherits:
                text = "All services (the corporate terms)"
            self.level.addItem(text)
        index = next((i for i, s in enumerate(self.scopes) if s.key == wanted), 0)
        old = self.scope
        self.scope = self.scopes[index]
        for field in self.fields:
            if field.scope is old:
                field.scope = self.scope
        self.level.setCurrentIndex(index)
        self._describe_level()

    def _levels_changed(self) -> bool:
        fresh = terms_scopes(self.document)
        return [(s.key, s.prefix, s.name) for s in fresh] != [
            (s.key, s.prefix, s.name) for s in self.scopes
        ]

    def _describe_level(self) -> None:
        if self.scope.inherits:
            above = self.scope.parents[0].name
            self.level_note.setText(
                f"Values not changed here are inherited from {above}; a changed value is "
                "marked “Set for …” and Reset puts the inherited value back."
            )
        else:
            self.level_note.setText(
                "These terms apply to every service unless a customer group or service "
                "changes them."
            )

    def _on_level_activated(self, index: int) -> None:
        self.set_level(index)
