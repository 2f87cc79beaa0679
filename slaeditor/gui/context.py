"""The application context: settings, folders, template packs and the render service.

Windows and pages receive it explicitly; nothing in the GUI reaches for a global. Tests build
one over a temporary folder, so they never touch the user's settings, recent files or autosaves.

The clause libraries and packs are imported where they are first loaded, not with this
module: the window imports it at start-up, and they bring Jinja, markdown-it and the library
reader (about 65 ms before the first window).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings

from slaeditor.storage.autosave import Autosaves

if TYPE_CHECKING:
    from slaeditor.clauses import Pack
    from slaeditor.clauses.library_set import LibrarySet, LibrarySource
    from slaeditor.clauses.pack import PackInfo
    from slaeditor.gui.render_service import RenderService

MAX_RECENT = 8


@dataclass
class AppContext:
    """Everything a window needs from outside itself."""

    settings: QSettings
    data_dir: Path
    autosaves: Autosaves
    render_service: RenderService | None = None
    autosave_seconds: int = 30
    packs_dirs: list[Path] = field(default_factory=list)
    _packs: list[PackInfo] | None = field(default=None, repr=False)

    @classmethod
    def create(cls, data_dir: Path | None = None) -> AppContext:
        """Build the context; a data_dir keeps settings and autosaves in one private folder."""
        from slaeditor.clauses.pack import pack_roots

        if data_dir is None:
            from platformdirs import user_data_path

            data_dir = user_data_path("slaeditor", "SLA Editor")
            settings = QSettings("SLA Editor", "SLA Editor")
        else:
            settings = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)
        return cls(
            settings=settings,
            data_dir=data_dir,
            autosaves=Autosaves(data_dir / "autosave"),
            packs_dirs=pack_roots(),
        )

    # --- template packs ------------------------------------------------------------------

    def packs(self, *, reload: bool = False) -> list[PackInfo]:
        """List the packs found in the user's folder and the built-ins, user's first."""
        if self._packs is None or reload:
            from slaeditor.clauses.pack import list_packs

            self._packs = list_packs(self.packs_dirs)
        return list(self._packs)

    def pack(self, name: str, base: Path | None = None) -> Pack:
        """Load a pack (kept while its files are unchanged): clause texts for the wizard."""
        from slaeditor.clauses import load_pack

        return load_pack(name, base)

    # --- clause libraries ----------------------------------------------------------------

    def personal_library_path(self) -> Path:
        """Return where the user's own clause library lives (created on its first save)."""
        return self.data_dir / "libraries" / "personal.clauses.yaml"

    def team_library_paths(self) -> list[Path]:
        """Return the team libraries added in Preferences, in the order of precedence."""
        value: Any = self.settings.value("libraries/team", [])
        items = [value] if isinstance(value, str) else list(value or [])
        return [Path(str(item)) for item in items if item]

    def set_team_library_paths(self, paths: list[Path]) -> None:
        """Remember the team libraries (Preferences); the next library_set() reads them."""
        self.settings.setValue("libraries/team", [str(path) for path in paths])
        self.settings.sync()

    def library_set(self, pack_name: str, base: Path | None = None) -> LibrarySet:
        """Load the libraries a drafter picks from: personal, team (in order), the pack's own.

        Cached on the paths and the files' sizes and times, so a colleague's save to a shared
        library is seen the next time the wizard asks, and nothing is re-read otherwise.
        """
        from slaeditor.clauses import find_pack
        from slaeditor.clauses.library_set import LibrarySource

        pack_file = find_pack(pack_name, base) / "clauses.yaml"
        sources = (
            LibrarySource("personal", self.personal_library_path()),
            *(LibrarySource("team", path) for path in self.team_library_paths()),
            LibrarySource("pack", pack_file),
        )
        stamp = tuple(_file_stamp(source.path) for source in sources)
        return _load_library_set(sources, stamp)

    # --- recent files --------------------------------------------------------------------

    def recent_files(self) -> list[str]:
        """Return the recently opened agreements that still exist, newest first."""
        value: Any = self.settings.value("recent_files", [])
        items = [value] if isinstance(value, str) else list(value or [])
        return [str(item) for item in items if item and Path(str(item)).is_file()]

    def add_recent(self, path: Path) -> None:
        """Put a file at the top of the recent list."""
        text = str(path.resolve())
        items = [text, *(item for item in self.recent_files() if item != text)]
        self.settings.setValue("recent_files", items[:MAX_RECENT])
        self.settings.sync()


def _file_stamp(path: Path) -> tuple[int, int]:
    """Return (size, mtime_ns) of a file, or (-1, -1) when it does not exist (yet)."""
    try:
        status = path.stat()
    except OSError:
        return (-1, -1)
    return (status.st_size, status.st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _load_library_set(
    sources: tuple[LibrarySource, ...], stamp: tuple[tuple[int, int], ...]
) -> LibrarySet:
    from slaeditor.clauses.library_set import LibrarySet

    return LibrarySet(list(sources))
