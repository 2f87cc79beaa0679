"""Review and export: what is still wrong, what is worth a second look, and the files.

Errors stop the export; fairness warnings do not, but each is a link that opens the page and
field it is about, so a lawyer can weigh it where it is set.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from slaeditor.gui.editing.typed_values import duration_text
from slaeditor.gui.wizard.sla_page import SlaPage
from slaeditor.model.issue import PLACEHOLDER
from slaeditor.model.resolve import OverrideError, resolve_all
from slaeditor.sla import allowed_downtime_seconds
from slaeditor.sla.formatting import format_duration, format_percent

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent

    from slaeditor.gui.context import AppContext
    from slaeditor.gui.editing.edited_agreement import EditedAgreement
    from slaeditor.model.validation import Issue

MAX_SHOWN = 40


class ReviewPage(SlaPage):
    """The last page: every problem as a link, a summary, and the export buttons."""

    key = "review"
    sections = ("signatures",)
    heading = "Review and export"
    step = "Review and export"
    intro = (
        "Check the points below, then export the contract. Click a point to go to the field "
        "it is about."
    )

    jump_requested = Signal(str)
    """The user clicked a problem: the field path to show."""
    export_requested = Signal(str)
    """The user asked for a file: "pdf" or "docx"."""

    def __init__(self, context: AppContext, document: EditedAgreement) -> None:
        super().__init__(context, document)
        self.summary = QLabel()
        self.summary.setObjectName("reviewSummary")
        self.summary.setWordWrap(True)
        self.body.addWidget(self.summary)
        form = self.group("What the contract promises")
        self.promises = QLabel()
        self.promises.setObjectName("reviewPromises")
        self.promises.setWordWrap(True)
        self.promises.setTextFormat(Qt.TextFormat.RichText)
        self.promises.setAccessibleName("What the contract promises")
        form.addRow(self.promises)
        self.promises_box = form.parentWidget()
        self.errors_box, self.errors_list = self._section("Must be fixed before export")
        self.blanks_box, self.blanks_list = self._section("Still a placeholder or left blank")
        self.warnings_box, self.warnings_list = self._section("Worth a second look (fairness)")
        row = QHBoxLayout()
        self.export_both = QPushButton("Export PDF and Word…")
        self.export_both.setAccessibleName("Export PDF and Word")
        self.export_both.clicked.connect(lambda: self.export_requested.emit("both"))
        self.export_pdf = QPushButton("PDF only…")
        self.export_pdf.setAccessibleName("Export PDF only")
        self.export_pdf.clicked.connect(lambda: self.export_requested.emit("pdf"))
        self.export_docx = QPushButton("Word only…")
        self.export_docx.setAccessibleName("Export Word only")
        self.export_docx.clicked.connect(lambda: self.export_requested.emit("docx"))
        row.addWidget(self.export_both)
        row.addWidget(self.export_pdf)
        row.addWidget(self.export_docx)
        row.addStretch(1)
        self.body.addLayout(row)
        self.body.addStretch(1)

    def _section(self, title: str) -> tuple[QWidget, QVBoxLayout]:
        form = self.group(title)
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        form.addRow(holder)
        box = form.parentWidget()
        assert box is not None
        return box, column

    def isComplete(self) -> bool:
        """Never block: export itself refuses while errors remain."""
        return True

    def load_from(self, document: EditedAgreement) -> None:
        """List the current problems."""
        super().load_from(document)

    def showEvent(self, event: QShowEvent) -> None:
        """Show every problem from now on, on this page and on every other."""
        self.document.reveal_all()
        super().showEvent(event)
        self._show()

    def _on_document_checked(self) -> None:
        super()._on_document_checked()
        if self.isVisible():
            self._show()

    def _show(self) -> None:
        result = self.document.result
        errors = result.errors
        blanks = [issue for issue in result.warnings if issue.kind == PLACEHOLDER]
        warnings = [issue for issue in result.warnings if issue.kind != PLACEHOLDER]
        services = self.document.value(("services",), []) or []
        name = self.document.value(("customer", "name")) or "every customer"
        parts = [f"{len(services)} service{'s' if len(services) != 1 else ''} for {name}."]
        if errors:
            parts.append(
                f"{len(errors)} problem{'s' if len(errors) != 1 else ''} must be fixed "
                "before the contract can be exported."
            )
        else:
            parts.append("Nothing blocks the export.")
        if blanks:
            parts.append(
                f"{len(blanks)} value{'s are' if len(blanks) != 1 else ' is'} still a "
                "placeholder or blank."
            )
        if warnings:
            parts.append(f"{len(warnings)} point{'s' if len(warnings) != 1 else ''} to consider.")
        self.summary.setText(" ".join(parts))
        self._fill(self.errors_box, self.errors_list, errors)
        self._fill(self.blanks_box, self.blanks_list, blanks)
        self._fill(self.warnings_box, self.warnings_list, warnings)
        self.export_both.setEnabled(not errors)
        self.export_pdf.setEnabled(not errors)
        self.export_docx.setEnabled(not errors)
        table = promises_html(self.document)
        self.promises.setText(table)
        if self.promises_box is not None:
            self.promises_box.setVisible(bool(table))

    def _fill(self, box: QWidget, column: QVBoxLayout, issues: list[Issue]) -> None:
        while column.count():
            item = column.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        box.setVisible(bool(issues))
        for issue in issues[:MAX_SHOWN]:
            where = self.where(issue.path)
            link = QLabel(
                f'<a href="{html.escape(issue.path, quote=True)}">'
                f"{html.escape(where)}</a> — {html.escape(issue.message)}"
            )
            link.setObjectName("issueLink")
            link.setProperty("level", str(issue.level))
            link.setWordWrap(True)
            link.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            link.setAccessibleName(f"{where}: {issue.message}")
            link.linkActivated.connect(self.jump_requested.emit)
            column.addWidget(link)
        if len(issues) > MAX_SHOWN:
            column.addWidget(QLabel(f"… and {len(issues) - MAX_SHOWN} more."))

    def where(self, path: str) -> str:
        """Name the step and field a problem is fixed in: "On-site support › Radius (km)"."""
        page_for = getattr(self.wizard(), "page_for", None)  # the SlaWizard, once placed in it
        page = page_for(path) if callable(page_for) else None
        if not isinstance(page, SlaPage) or page is self:
            return _where(path)
        label = page.label_for(path)
        step = page.step or page.heading
        return f"{step} › {label}" if label else step

    def issue_links(self) -> list[QLabel]:
        """Return the visible problem links: errors, placeholders, then fairness points."""
        labels = []
        for column in (self.errors_list, self.blanks_list, self.warnings_list):
            for index in range(column.count()):
                item = column.itemAt(index)
                widget = item.widget() if item is not None else None
                if isinstance(widget, QLabel) and widget.objectName() == "issueLink":
                    labels.append(widget)
        return labels


def promises_html(document: EditedAgreement) -> str:
    """Tabulate each service's target, monthly downtime budget, first credit and S1 response.

    Computed from the resolved terms with slaeditor.sla, as the contract states them; empty
    while the agreement has errors (the figures could be wrong).
    """
    agreement = document.result.agreement
    if agreement is None:
        return ""

    locale = agreement.document.locale
    try:
        services = resolve_all(agreement)
    except OverrideError:
        return ""
    rows = []
    for resolved in services:
        terms = resolved.terms
        availability = terms.availability
        calendar_month = (
            availability.window == "month" and availability.month_convention == "calendar"
        )
        seconds = allowed_downtime_seconds(
            availability.target_percent,
            availability.window,
            availability.month_convention,
            month_days=30 if calendar_month else None,
        )
        period = "in a 30-day month" if calendar_month else f"a {availability.window}"
        budget = f"{format_duration(seconds, locale)} {period}"
        tiers = terms.credits.tiers
        credit = (
            f"{format_percent(tiers[0].credit_percent, locale)} "
            f"{'at or below' if tiers[0].applies == 'at-or-below' else 'below'} "
            f"{format_percent(tiers[0].uptime_percent, locale)}"
            if tiers
            else "none"
        )
        severities = sorted(terms.support.severities, key=lambda s: s.level)
        response = _minutes(severities[0].response_minutes) if severities else "—"
        rows.append(
            "<tr>"
            + "".join(
                f"<td>{html.escape(cell)}</td>"
                for cell in (
                    resolved.service.name,
                    format_percent(availability.target_percent, locale),
                    budget,
                    credit,
                    response,
                )
            )
            + "</tr>"
        )
    head = "".join(
        f"<th align='left'>{text}</th>"
        for text in ("Service", "Target", "Allowed downtime", "First credit", "Sev. 1 response")
    )
    return f"<table cellspacing='0' cellpadding='3'><tr>{head}</tr>{''.join(rows)}</table>"


def _minutes(value: int) -> str:

    return duration_text(value)


def _where(path: str) -> str:
    """Turn a field path into words: "services[1].overrides.credits" → "Service 2, credits"."""
    words: list[str] = []
    for part in path.replace("]", "").replace("[", ".").split("."):
        if not part or part == "overrides":
            continue
        if part.isdigit():
            if words:
                words[-1] = f"{words[-1].rstrip('s')} {int(part) + 1}"
            continue
        words.append(part.replace("_", " "))
    text = ", ".join(words) or "the agreement"
    return text[:1].upper() + text[1:]
