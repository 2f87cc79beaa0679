"""The only way WeasyPrint may load a file: from the template pack or the shared assets.

WeasyPrint's default fetcher embeds any local file or URL a template names; a pack from a
shared drive could then copy a user's private files into a contract. This one refuses.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

LOGGER = logging.getLogger(__name__)


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

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        """Return the resource, or raise so WeasyPrint leaves it out."""
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme == "file":
            path = Path(url2pathname(unquote(parts.path)))
            if self._allowed(path):
                if not path.is_file():
                    LOGGER.warning("the template pack has no file %s", path)
                    raise RefusedResource(f"{path} does not exist in the template pack")
                mime, _ = mimetypes.guess_type(path.name)
                headers = {"Content-Type": mime or "application/octet-stream"}
                return URLFetcherResponse(url, body=path.read_bytes(), headers=headers)
        self.refused.append(url)
        LOGGER.warning("refused to embed %s: only files of the template pack may be used", url)
        raise RefusedResource(f"{url} is outside the template pack; it was not embedded")
