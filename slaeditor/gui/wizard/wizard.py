"""The wizard: the pages in order, Next guarded by each page's errors, jumps to any field.

QWizard gives Back/Next and a history; the step list beside it (in the main window) and the
review page's links jump anywhere, which QWizard cannot do directly, so go_to() walks back
through the history or forward with next(), past pages with errors too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWizard

from slaeditor.gui.editing.history_keys import commit_typing
from slaeditor.gui.wizard.pages.start import StartPage

if TYPE_CHECKING:
    from slaeditor.gui.context import AppContext
    from slaeditor.gui.editing.edited_agreement import EditedAgreement
    from slaeditor.gui.wizard.sla_page import SlaPage


def page_classes() -> tuple[type[SlaPage], ...]:
    """Return the pages after the start page, in order.

    Imported here, when the pages are built just after the window shows, not when the window
    module loads: the pages bring the clause libraries, the templating and the model's checks,
    about 120 ms that would otherwise delay the first window.
    """
    from slaeditor.gui.wizard.pages.credits import CreditsPage
    from slaeditor.gui.wizard.pages.exclusions import ExclusionsPage
    from slaeditor.gui.wizard.pages.on_site import OnSitePage
    from slaeditor.gui.wizard.pages.parties import PartiesPage
    from slaeditor.gui.wizard.pages.reporting import ReportingPage
    from slaeditor.gui.wizard.pages.review import ReviewPage
    from slaeditor.gui.wizard.pages.scaling import ScalingPage
    from slaeditor.gui.wizard.pages.service_levels import ServiceLevelsPage
    from slaeditor.gui.wizard.pages.services import ServicesPage
    from slaeditor.gui.wizard.pages.support import SupportPage
    from slaeditor.gui.wizard.pages.wording import WordingPage

    return (
        PartiesPage,
        ServicesPage,
        ServiceLevelsPage,
        CreditsPage,
        SupportPage,
        OnSitePage,
        ScalingPage,
        ExclusionsPage,
        ReportingPage,
        WordingPage,
        ReviewPage,
    )


class SlaWizard(QWizard):
    """The steps of building an agreement; finishing exports the PDF instead of closing."""

    export_requested = Signal(str)
    pages_built = Signal()
    """The pages after the start page exist now (they are built just after the window shows)."""

    def __init__(self, context: AppContext, document: EditedAgreement) -> None:
        super().__init__()
        self.context = context
        self.document = document
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoCancelButton, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoDefaultButton, True)
        self.setButtonText(QWizard.WizardButton.FinishButton, "Export PDF and Word…")
        self.setButtonText(QWizard.WizardButton.NextButton, "Next")
        self.setButtonText(QWizard.WizardButton.BackButton, "Back")
        self.jumping = False
        """True while go_to passes pages, which do not stop it for their errors then."""
        self._pages: list[SlaPage] = [StartPage(context, document)]
        self.setPage(0, self._pages[0])
        for which, name in (
            (QWizard.WizardButton.NextButton, "Next"),
            (QWizard.WizardButton.BackButton, "Back"),
            (QWizard.WizardButton.FinishButton, "Export PDF and Word"),
        ):
            button = self.button(which)
            button.setAccessibleName(name)
        self.setStartId(0)
        document.checked.connect(self.update_buttons)

    @property
    def pages(self) -> list[SlaPage]:
        """Return every page, building them first if the window has not done so yet."""
        self.ensure_pages()
        return self._pages

    @property
    def start_page(self) -> StartPage:
        """Return the start page, which exists from the beginning."""
        page = self._pages[0]
        assert isinstance(page, StartPage)
        return page

    def built_pages(self) -> list[SlaPage]:
        """Return the pages built so far, without building the others."""
        return list(self._pages)

    def ensure_pages(self) -> None:
        """Build the pages after the start page (about a quarter of a second).

        The window shows the start page first and builds the rest right after, so it appears
        within half a second of launching.
        """
        if len(self._pages) > 1:
            return
        for index, page_class in enumerate(page_classes(), start=1):
            page = page_class(self.context, self.document)
            self.setPage(index, page)
            self._pages.append(page)
        self.pages_built.emit()

    def page_by_key(self, key: str) -> SlaPage:
        """Return the page with this key ("credits")."""
        for page in self.pages:
            if page.key == key:
                return page
        raise KeyError(key)

    def current(self) -> SlaPage:
        """Return the page on screen."""
        return self._pages[max(self.currentId(), 0)]

    def page_for(self, path: str) -> SlaPage | None:
        """Return the page that owns a field path, if any."""
        return next((page for page in self.pages if page.owns(path)), None)

    def go_to(self, key: str) -> None:
        """Show a page: back through the history, or forward through the pages between.

        The step list and the review page's links jump anywhere, also past a page with
        errors (Next stays disabled there; the errors stay marked in the step list).
        """
        commit_typing()  # the step list may be reached without leaving the field (keyboard)
        target = self.pages.index(self.page_by_key(key))
        if target == self.currentId():
            return
        if target in self.visitedIds():
            while self.currentId() != target and self.currentId() > 0:
                self.back()
            return
        self.jumping = True
        try:
            for _ in range(len(self.pages)):
                if self.currentId() == target or self.nextId() < 0:
                    break
                self.next()
        finally:
            self.jumping = False
        self.update_buttons()

    def show_field(self, path: str) -> bool:
        """Open the page of a problem and focus its field."""
        page = self.page_for(path)
        if page is None:
            return False
        self.go_to(page.key)
        return page.focus_path(path)

    def update_buttons(self) -> None:
        """Enable Next and Export as the current page's errors allow, keeping the focus.

        QWizard's own update (run on completeChanged) hides the page for a moment, so the
        field being typed in loses the keyboard focus after each key; setting the buttons
        directly leaves the focus where it is.
        """
        page = self.currentPage()
        complete = page is not None and page.isComplete()
        last = page is not None and (page.isFinalPage() or self.nextId() < 0)
        self.button(QWizard.WizardButton.NextButton).setEnabled(complete and not last)
        self.button(QWizard.WizardButton.FinishButton).setEnabled(complete and last)

    def accept(self) -> None:
        """Finish means export; the wizard lives in the main window and never closes."""
        self.export_requested.emit("both")

    def reject(self) -> None:
        """Escape must not hide the wizard."""
