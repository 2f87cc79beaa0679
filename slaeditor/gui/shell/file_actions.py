"""The file life cycle of a window: new, open, save, export, recovery, and asking first.

Nothing a user typed may be lost: every path that would replace the document asks first when
it has unsaved changes, a file that cannot be read is reported and left alone, and a draft
that still has errors is saved as typed (it reopens with the problems marked). Nothing a
colleague saved may be lost either: saving over a file that changed on disk since this window
read or wrote it shows both versions and asks (save_conflict).
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from slaeditor.gui.editing.history_keys import commit_typing
from slaeditor.gui.shell.save_conflict import ask_about_save_conflict
from slaeditor.regular_file import read_regular
from slaeditor.storage.drafts import draft_to_text, open_draft
from slaeditor.storage.errors import MAX_FILE_BYTES, AgreementFileError
from slaeditor.storage.pdf_source import is_pdf
from slaeditor.storage.starter import new_draft

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from slaeditor.gui.context import AppContext
    from slaeditor.gui.editing.edited_agreement import EditedAgreement
    from slaeditor.gui.render_service import RenderService
    from slaeditor.gui.shell.export_notice import ExportNotice
    from slaeditor.gui.shell.signing_actions import SigningActions
    from slaeditor.gui.wizard.wizard import SlaWizard
    from slaeditor.storage.autosave import Recovery

_FORMATS = {
    "pdf": ("PDF", "PDF documents (*.pdf)"),
    "docx": ("Word", "Word documents (*.docx)"),
    "both": ("PDF and Word", "PDF documents (*.pdf)"),
}


FILE_FILTER = "SLA agreements (*.sla.yaml *.yaml);;All files (*)"
OPEN_FILTER = (
    "SLA agreements and contracts (*.sla.yaml *.yaml *.pdf);;SLA agreements (*.sla.yaml *.yaml)"
    ";;Contract PDFs made by SLA Editor (*.pdf);;All files (*)"
)


class FileWindow(Protocol):
    """What the file life cycle uses of the main window: its agreement, wizard and messages."""

    context: AppContext
    document: EditedAgreement
    wizard: SlaWizard
    render_service: RenderService
    signing: SigningActions
    last_prompt: QMessageBox | None
    export_notice: ExportNotice
    exported: SignalInstance
    export_failed: SignalInstance

    @property
    def modified(self) -> bool:
        """Tell whether there are changes not saved to the agreement's file."""

    def title_name(self) -> str:
        """Name the agreement: its file, else the customer, else "Untitled agreement"."""

    def mark_saved(self, path: Path) -> None:
        """Record a successful save."""

    def mark_recovered(self) -> None:
        """Keep the asterisk: a restored autosave is not saved anywhere yet."""

    def autosave_now(self, *, force: bool = False) -> Path | None:
        """Write the draft to the autosave folder if it changed since the last autosave."""

    def show_status(self, text: str, *, page: bool = False) -> None:
        """Say something in the status bar (`page`: about this page only)."""

    def open_file_externally(self, path: Path) -> None:
        """Open a file with the system's viewer."""

    def write_text(self, path: Path, text: str) -> None:
        """Write a file atomically."""


class FileActions(QObject):
    """What the File menu, the start page and the review page do with files.

    `window` is the main window seen through the FileWindow protocol; `widget` the same
    window as the parent of the dialogs.
    """

    def __init__(self, window: FileWindow, widget: QWidget) -> None:
        super().__init__(widget)
        self.window = window
        self.widget = widget
        self._export_started: dict[str, float] = {}
        self._pairs: dict[str, str] = {}
        """The Word file of a PDF-and-Word export -> its PDF, reported together."""
        self._on_disk: dict[Path, str] = {}
        """SHA-256 of each agreement file as this window last read or wrote it."""

    # --- asking ----------------------------------------------------------------------------

    def confirm_discard(self, doing: str) -> bool:
        """Ask whether to save unsaved changes; False means the user cancelled.

        What is being typed in the focused field counts as a change (it is stored first).
        """
        commit_typing()
        if not self.window.modified:
            return True
        box = QMessageBox(self.widget)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Unsaved changes")
        box.setText(f"Save the changes to “{self.window.title_name()}” before {doing}?")
        box.setInformativeText("If you don't save, your changes since the last save are lost.")
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        self.window.last_prompt = box
        answer = box.exec()
        self.window.last_prompt = None
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # --- new and open ----------------------------------------------------------------------

    def new(self) -> None:
        """Start again from the start page with a new customer-based agreement."""
        self.window.wizard.ensure_pages()
        if not self.confirm_discard("starting a new agreement"):
            return
        self._replace_with_new("customer-based", self._default_pack())
        self.window.show_status("New agreement: choose its type on the start page.")

    def create(self, sla_type: str, pack: str) -> None:
        """Create a new agreement of a type from a pack and go to the first real step."""
        self.window.wizard.ensure_pages()
        if not self.confirm_discard("starting a new agreement"):
            return
        folder = next((p.path for p in self.window.context.packs() if p.name == pack), None)
        if folder is None:
            self._error("The template could not be found", f"No template pack named {pack}.")
            return
        if self._replace_with_new(sla_type, folder):
            self.window.wizard.next()
            self.window.show_status("New agreement created: start with the parties.", page=True)

    def _replace_with_new(self, sla_type: str, folder: Path | None) -> bool:
        try:
            data = new_draft(sla_type, folder) if folder else {}
        except (AgreementFileError, ValueError) as error:
            self._error("The template's starting values cannot be read", str(error))
            return False
        self.window.document.replace(data, None, new=True)
        return True

    def _default_pack(self) -> Path | None:
        packs = self.window.context.packs()
        return packs[0].path if packs else None

    def open(self) -> None:
        """Ask for an agreement file and open it."""
        self.open_path("")

    def open_path(self, name: str) -> bool:
        """Open a file by name ("" asks for one); False if nothing was opened."""
        self.window.wizard.ensure_pages()
        if not self.confirm_discard("opening another agreement"):
            return False
        if not name:
            start = str(self.window.document.path.parent) if self.window.document.path else ""
            name = choose_file(self.widget, "Open agreement", save=False, suggested=start)
            if not name:
                return False
        try:
            opened = open_draft(name)
        except AgreementFileError as error:
            self._error("The agreement could not be opened", str(error))
            return False
        path = Path(name).resolve()
        from_pdf = is_pdf(path)  # a contract: its agreement opens, never saved over the PDF
        if not from_pdf:
            self._remember(path, _disk_bytes(path))
        self.window.document.replace(opened.data, None if from_pdf else path)
        self.window.context.add_recent(path)
        self.window.wizard.page_by_key("start").refresh_recent()  # type: ignore[attr-defined]
        self.window.wizard.next()
        if from_pdf:
            self.window.signing.show_contract(str(path))
            self.window.show_status(
                f"Opened the agreement carried by {path.name} (shown in the preview); "
                "Save asks where to keep it"
            )
        elif opened.problems:
            count = len(opened.problems)
            self.window.show_status(
                f"Opened {path.name} with {count} problem{'s' if count != 1 else ''} to fix; "
                "they are marked on the pages."
            )
        else:
            self.window.show_status(f"Opened {path}")
        return True

    # --- saving ----------------------------------------------------------------------------

    def save(self) -> bool:
        """Save to the agreement's file, or ask for one."""
        return self.save_to(None)

    def save_as(self) -> bool:
        """Save under a new name."""
        return self.save_to(None, ask=True)

    def save_to(self, path: Path | None, *, ask: bool = False) -> bool:
        """Write the agreement atomically; an invalid draft is written as typed.

        Text still being typed (Ctrl+S in a duration field) is stored first and saved.
        """
        commit_typing()
        document = self.window.document
        target = path or (None if ask else document.path)
        if target is None:
            suggested = self._suggested_name("sla.yaml")
            name = choose_file(self.widget, "Save agreement", save=True, suggested=suggested)
            if not name:
                return False
            target = Path(name)
            if not target.name.endswith((".yaml", ".yml")):
                target = target.with_name(target.name + ".sla.yaml")
        text = draft_to_text(document.data)
        theirs = self._changed_on_disk(target)
        if theirs is not None:
            choice = ask_about_save_conflict(self.widget, target, theirs, text)
            if choice == "save_as":
                return self.save_to(None, ask=True)
            if choice == "reload":
                self._open_theirs(target)
            if choice != "overwrite":
                return False
        try:
            self.window.write_text(target, text)
        except OSError as error:
            self._error(
                "The agreement was not saved",
                f"{target}: {error.strerror or error}. The file on disk is unchanged.",
            )
            return False
        self._remember(target, text.encode("utf-8"))
        self.window.mark_saved(target.resolve())
        errors = len(document.result.errors)
        note = f" — {errors} problem{'s' if errors != 1 else ''} still to fix" if errors else ""
        self.window.show_status(f"Saved {target}{note}")
        return True

    def _remember(self, path: Path, data: bytes | None) -> None:
        if data is not None:
            self._on_disk[path.resolve()] = hashlib.sha256(data).hexdigest()

    def _changed_on_disk(self, target: Path) -> str | None:
        """Return the file's text if it changed since this window last read or wrote it."""
        known = self._on_disk.get(target.resolve())
        data = _disk_bytes(target) if known is not None else None
        if data is None or hashlib.sha256(data).hexdigest() == known:
            return None  # never seen here, gone (a save recreates it), or unchanged
        return data.decode("utf-8", errors="replace")

    def _open_theirs(self, path: Path) -> None:
        """Replace the document with their version on disk (the user chose to drop their edits)."""
        try:
            opened = open_draft(path)
        except AgreementFileError as error:
            self._error("Their version could not be opened", str(error))
            return
        self._remember(path, _disk_bytes(path))
        self.window.document.replace(opened.data, path.resolve())
        self.window.show_status(f"Opened their version of {path.name}; nothing was saved")

    def _suggested_name(self, suffix: str) -> str:
        """Name a file after the agreement; a draft contract's name says it is a draft."""
        document = self.window.document
        draft = "-DRAFT" if suffix in ("pdf", "docx") and _is_draft(document) else ""
        if document.path is not None:
            stem = document.path.name.removesuffix(".sla.yaml").removesuffix(".yaml")
            return str(document.path.with_name(f"{stem}{draft}.{suffix}"))
        customer = str(document.value(("customer", "short_name")) or "") or str(
            document.value(("customer", "name")) or "agreement"
        )
        stem = "-".join(customer.lower().split()) or "agreement"
        return str(Path.home() / f"{stem}{draft}.{suffix}")

    # --- export ----------------------------------------------------------------------------

    def export_as(self, kind: str) -> None:
        """Ask where to write the contract, then export it: "pdf", "docx" or "both".

        For both, one name is asked (the PDF's); the Word file goes beside it.
        """
        commit_typing()
        errors = self.window.document.result.errors
        if errors:
            first = errors[0]
            self._error(
                "The contract cannot be exported yet",
                f"Fix {len(errors)} problem{'s' if len(errors) != 1 else ''} first; "
                f"the first is {first.path}: {first.message}",
            )
            return
        label, file_filter = _FORMATS.get(kind, _FORMATS["pdf"])
        suffix = "pdf" if kind == "both" else kind
        name, _ = QFileDialog.getSaveFileName(
            self.widget, f"Export {label}", self._suggested_name(suffix), file_filter
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != f".{suffix}":
            path = path.with_name(path.name + f".{suffix}")
        self.export_to(path)
        if kind == "both":
            self.export_to(path.with_suffix(".docx"), together_with=path)

    def export_to(self, path: Path, *, together_with: Path | None = None) -> None:
        """Hand the export to the worker; the answer comes back by signal.

        `together_with` names the other file of a PDF-and-Word export, so the status bar
        reports the two together.
        """
        document = self.window.document
        base = str(document.path.parent) if document.path else None
        target = str(path.resolve())
        self._export_started[target] = time.monotonic()
        if together_with is not None:
            self._pairs[target] = str(together_with.resolve())
        else:
            self.window.export_notice.clear()
        self.window.show_status(f"Exporting {path.name}…")
        self.window.render_service.export(document.data, target, base)

    def on_export_finished(self, path: str, ms: float) -> None:
        """Report the file in the status bar, with Open and Show in folder (no modal box)."""
        self.window.show_status(f"Exported {path} in {ms / 1000:.1f} s")
        self.window.exported.emit(path)
        partner = self._pairs.pop(path, None)
        files = [Path(partner), Path(path)] if partner else [Path(path)]
        self.window.export_notice.show_files(files)

    def on_export_failed(self, path: str, message: str) -> None:
        """Report a failed export next to nothing else: a message the user can act on."""
        self._pairs.pop(path, None)
        self.window.show_status(f"Export failed: {message}")
        self.window.export_failed.emit(message)
        self._error("The contract was not exported", f"{Path(path).name}: {message}")

    # --- recovery --------------------------------------------------------------------------

    def offer_recovery(self) -> bool:
        """After a crash, offer the newest autosaved agreement; True if it was restored."""
        self.window.wizard.ensure_pages()
        autosaves = self.window.context.autosaves
        pending = autosaves.pending()
        if not pending:
            return False
        latest: Recovery = pending[0]
        box = QMessageBox(self.widget)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Recover unsaved work")
        box.setText(
            f"SLA Editor was not closed properly. Restore “{latest.title}”, autosaved "
            f"{latest.saved_at:%d %B %Y at %H:%M}?"
        )
        box.setInformativeText(
            "Restore opens the autosaved agreement; save it to keep it. Discard deletes "
            "the autosave."
        )
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(restore)
        self.window.last_prompt = box
        box.exec()
        self.window.last_prompt = None
        if box.clickedButton() is not restore:
            autosaves.discard(latest.key)
            return False
        try:
            opened = open_draft(latest.path)
        except AgreementFileError as error:
            self._error("The autosave could not be read", str(error))
            return False
        original = Path(latest.original) if latest.original else None
        self.window.document.replace(opened.data, original)
        self.window.mark_recovered()
        self.window.autosave_now(force=True)  # keep it autosaved until the user saves
        autosaves.discard(latest.key)
        self.window.wizard.next()
        self.window.show_status(f"Restored “{latest.title}” from the autosave; save it to keep it.")
        return True

    def _error(self, title: str, text: str) -> None:
        box = QMessageBox(self.widget)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(title)
        box.setText(text)
        self.window.last_prompt = box
        box.exec()
        self.window.last_prompt = None


def _is_draft(document: EditedAgreement) -> bool:
    return str(document.value(("document", "status")) or "draft") == "draft"


def _disk_bytes(path: Path) -> bytes | None:
    """Read an agreement file's bytes as they are on disk (None if it cannot be read)."""
    try:
        return read_regular(path, limit=MAX_FILE_BYTES)
    except OSError:
        return None


def choose_file(parent: QWidget, title: str, *, save: bool, suggested: str = "") -> str:
    """Ask for a file name with the platform's dialog."""
    if save:
        name, _ = QFileDialog.getSaveFileName(parent, title, suggested, FILE_FILTER)
    else:
        name, _ = QFileDialog.getOpenFileName(parent, title, suggested, OPEN_FILTER)
    return name
