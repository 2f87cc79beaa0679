"""The only way WeasyPrint may load a file: from the template pack or the shared assets.

WeasyPrint's default fetcher embeds any local file or URL a template names; a pack from a
shared drive could then copy a user's private files into a contract. This one refuses, and
reads the pack's own files as ordinary files only (a pipe, a device or a hard link to a file
kept elsewhere is not embedded: slaeditor.regular_file).
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from slaeditor.regular_file import read_regular
from slaeditor.resources import is_built_in

LOGGER = logging.getLogger(__name__)
MAX_RESOURCE_BYTES = 50_000_000
"""Fonts and pictures of a pack; anything larger is not embedded in a contract."""


def _type_of(path: Path) -> dict[str, str]:
    mime, _ = mimetypes.guess_type(path.name)
    return {"Content-Type": mime or "application/octet-stream"}


class RefusedResource(ValueError):
    """A template asked for a resource outside its pack and the assets folder."""


class PackURLFetcher(URLFetcher):  # type: ignore[misc]
    """Serve files from allowed folders and data: URLs; refuse everything else."""

    def __init__(self, roots: list[Path]) -> None:
        super().__init__(allowed_protocols={"file", "data"})
        self.roots = [root.resolve() for root in roots]
        self.refused: list[str] = []

    def _allowed(self, path: Path) -> bool:
        """Tell whether the path lies inside one of the allowed folders."""
        resolved = path.resolve()
        return any(resolved.is_relative_to(root) for root in self.roots)

    def _read(self, url: str, path: Path) -> bytes:
        """Read a pack's file: an ordinary one, and no hard link to a file kept elsewhere."""
        try:
            return read_regular(path, limit=MAX_RESOURCE_BYTES, single_link=not is_built_in(path))
        except (FileNotFoundError, IsADirectoryError):
            LOGGER.warning("the template pack has no file %s", path)
            raise RefusedResource(f"{path} does not exist in the template pack") from None
        except OSError as error:
            self.refused.append(url)
            LOGGER.warning("refused to embed %s: %s", path, error.strerror)
            raise RefusedResource(f"{path}: {error.strerror}; it was not embedded") from None

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        """Return the resource, or raise so WeasyPrint leaves it out."""
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme == "file":
            path = Path(url2pathname(unquote(parts.path)))
            if self._allowed(path):
                return URLFetcherResponse(url, body=self._read(url, path), headers=_type_of(path))
        self.refused.append(url)
        LOGGER.warning("refused to embed %s: only files of the template pack may be used", url)
        raise RefusedResource(f"{url} is outside the template pack; it was not embedded")
