"""Autosave and crash recovery: an agreement being typed survives a crash or a power cut.

Each open window saves its draft every few seconds to the user data folder as
``<key>.sla.yaml`` with a small ``<key>.json`` beside it that says which file it belongs to and
which process wrote it. A clean exit discards both; after a crash they stay, and the next start
offers them back. Several windows, or several copies of the application, share the folder, so
an autosave whose writer is still running is someone's open window and is never offered (nor
touched). Qt-free, so recovery is tested without a display.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slaeditor.atomic import atomic_write_bytes
from slaeditor.processes import process_alive

TEXT_SUFFIX = ".sla.yaml"
SIDECAR_SUFFIX = ".json"
SIDECAR_FORMAT = 1
_KEY = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class Recovery:
    """An autosave left behind by a process that ended without closing its window."""

    key: str
    path: Path
    original: str | None
    title: str
    saved_at: datetime.datetime


class Autosaves:
    """The autosave folder: save a window's draft, find what a crash left, discard it."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.problems: list[str] = []
        """Autosaves that could not be read, each with its path and what is wrong."""

    @staticmethod
    def new_key() -> str:
        """Return a key for a newly opened window, unique across processes and restarts."""
        return uuid.uuid4().hex

    def text_path(self, key: str) -> Path:
        """Return where the draft of this key is saved."""
        return self.folder / f"{_checked(key)}{TEXT_SUFFIX}"

    def sidecar_path(self, key: str) -> Path:
        """Return where the record of this key's original file, title and writer is kept."""
        return self.folder / f"{_checked(key)}{SIDECAR_SUFFIX}"

    def save(self, key: str, text: str, *, original: str | None, title: str) -> Path:
        """Save a window's draft atomically and return the path of the saved text.

        The record is written first, so a text file never appears without a record naming
        its (live) writer, which another process could otherwise mistake for a crash.
        """
        text_path = self.text_path(key)
        self.folder.mkdir(parents=True, exist_ok=True)
        record = {
            "format": SIDECAR_FORMAT,
            "original": original,
            "title": title,
            "saved_at": _now().isoformat(timespec="seconds"),
            "pid": os.getpid(),
        }
        payload = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
        atomic_write_bytes(self.sidecar_path(key), payload.encode("utf-8"))
        atomic_write_bytes(text_path, text.encode("utf-8"))
        return text_path

    def pending(self) -> list[Recovery]:
        """List the autosaves that crashed processes left behind, newest first.

        Unreadable records are skipped and described in ``problems`` (the list is rebuilt on
        every call); autosaves of running processes, this one included, are left out.
        """
        self.problems = []
        if not self.folder.is_dir():
            return []
        found: list[Recovery] = []
        recorded: set[str] = set()
        for sidecar in sorted(self.folder.glob(f"*{SIDECAR_SUFFIX}")):
            key = sidecar.name.removesuffix(SIDECAR_SUFFIX)
            if not _KEY.match(key):
                continue
            recorded.add(key)
            recovery = self._recovery(key, sidecar)
            if recovery is not None:
                found.append(recovery)
        for text in sorted(self.folder.glob(f"*{TEXT_SUFFIX}")):
            key = text.name.removesuffix(TEXT_SUFFIX)
            if _KEY.match(key) and key not in recorded:
                self.problems.append(
                    f"{text}: an autosave without its record ({key}{SIDECAR_SUFFIX}); it was "
                    "not offered for recovery, but you can open it yourself"
                )
        return sorted(found, key=lambda item: item.saved_at, reverse=True)

    def discard(self, key: str) -> None:
        """Remove a window's autosave: on a clean close, or once it has been recovered.

        The text goes first, so a text file is never left without its record; temporary
        files that a crash in the middle of a save left behind go too.
        """
        text, sidecar = self.text_path(key), self.sidecar_path(key)
        text.unlink(missing_ok=True)
        sidecar.unlink(missing_ok=True)
        if self.folder.is_dir():
            for target in (text, sidecar):
                for leftover in self.folder.glob(f".{target.name}.*.tmp"):
                    leftover.unlink(missing_ok=True)

    def discard_own(self) -> None:
        """Remove every autosave this process wrote, for a clean exit of the application."""
        if not self.folder.is_dir():
            return
        for sidecar in self.folder.glob(f"*{SIDECAR_SUFFIX}"):
            key = sidecar.name.removesuffix(SIDECAR_SUFFIX)
            if not _KEY.match(key):
                continue
            try:
                record = json.loads(sidecar.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(record, dict) and record.get("pid") == os.getpid():
                self.discard(key)

    def _recovery(self, key: str, sidecar: Path) -> Recovery | None:
        """Read one record; None if it belongs to a running process or cannot be used."""
        try:
            record = json.loads(sidecar.read_text(encoding="utf-8"))
            pid, original, title, saved_at = _fields(record)
        except FileNotFoundError:
            return None  # discarded by its window while we were looking
        except (OSError, ValueError) as error:
            self.problems.append(f"{sidecar}: the autosave record cannot be read ({error})")
            return None
        if pid == os.getpid() or process_alive(pid):
            return None
        text = self.text_path(key)
        if not text.is_file():
            return None  # crashed between writing the record and the text: nothing to recover
        return Recovery(key, text, original, title, saved_at)


def _fields(record: Any) -> tuple[int, str | None, str, datetime.datetime]:
    """Check a record's fields; ValueError says which one is wrong."""
    if not isinstance(record, dict):
        raise ValueError("it is not a JSON object")
    pid = record.get("pid")
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0:
        raise ValueError(f"'pid' must be a process id, found {pid!r}")
    original = record.get("original")
    if original is not None and not isinstance(original, str):
        raise ValueError(f"'original' must be a path or null, found {original!r}")
    title = record.get("title", "")
    if not isinstance(title, str):
        raise ValueError(f"'title' must be text, found {title!r}")
    saved_at = record.get("saved_at")
    if not isinstance(saved_at, str):
        raise ValueError(f"'saved_at' must be an ISO date and time, found {saved_at!r}")
    when = datetime.datetime.fromisoformat(saved_at)  # ValueError names the bad text
    if when.tzinfo is None:
        when = when.astimezone()  # written by hand without a zone: read as local time
    return pid, original, title, when


def _checked(key: str) -> str:
    """Refuse keys that are not plain file names, so a key can never reach another folder."""
    if not _KEY.match(key):
        raise ValueError(
            f"'{key}' is not an autosave key; use letters, digits, '-' or '_' (see new_key())"
        )
    return key


def _now() -> datetime.datetime:
    """Return the local time with its UTC offset, readable by people and sortable by code."""
    return datetime.datetime.now().astimezone()
