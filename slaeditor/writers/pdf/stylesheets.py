"""Parse a pack's stylesheet once per text, not once per document laid out (issue 18).

WeasyPrint parses every stylesheet a document links to, each time it lays the document out:
tokens, declarations, selectors compiled for matching, ~12 ms for the standard pack's CSS
(and two to three times that in a part process sharing the cores). An export lays out four
or five documents (the parts), and the warm API and the preview export again and again with
the same pack. So, while the writer lays a document out (`kept()`), a linked stylesheet is
still fetched through the document's own fetcher every time (a refused, missing or edited
file is never served from here), but the parse of the same bytes from the same address is
kept; the part processes inherit the parent's.

Only a stylesheet whose parse reaches nothing outside itself but the document's @page rules
is kept: none with @import, @font-face, @counter-style, @color-profile or @layer (those are
parsed as before, every time). The @page rules a parse adds to the document's list are added
again on each use, and the stylesheet object handed to WeasyPrint is a copy that points at
the document's own lists, as a fresh parse would. The parsed rules are only read afterwards
(the cascade matches them and copies their values), so sharing them is safe.
"""

from __future__ import annotations

import collections
import contextlib
import copy
import hashlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

KEPT = 16

# The arguments with which WeasyPrint's find_stylesheets parses a <link>ed stylesheet.
_LINKED = frozenset(
    {
        "url",
        "url_fetcher",
        "media_type",
        "font_config",
        "counter_style",
        "color_profiles",
        "page_rules",
        "layers",
        "_check_mime_type",
    }
)

_PARSED: collections.OrderedDict[tuple[Any, ...], tuple[Any, list[Any]]] = collections.OrderedDict()


class _FontFaces:
    """Stands in for the font configuration in a trial parse: notes an @font-face rule."""

    def __init__(self) -> None:
        self.seen = False

    def add_font_face(self, *_: Any) -> None:
        self.seen = True


class _Served:
    """A fetcher that serves the stylesheet already fetched, and fetches anything else."""

    def __init__(self, fetcher: Any, url: str, response: Any) -> None:
        self.fetcher, self.url, self.response = fetcher, url, response
        self._fail_on_errors = getattr(fetcher, "_fail_on_errors", False)

    def __call__(self, url: str) -> Any:
        if url == self.url and self.response is not None:
            response, self.response = self.response, None
            return response
        return self.fetcher(url)


@contextlib.contextmanager
def kept() -> Iterator[None]:
    """While the block lays a document out, reuse the parse of its linked stylesheets."""
    import weasyprint.css

    original = weasyprint.css.CSS
    if getattr(original, "_slaeditor_kept", False):  # already inside a block
        yield
        return

    def stylesheet(*args: Any, **kwargs: Any) -> Any:
        if args or set(kwargs) != _LINKED:
            return original(*args, **kwargs)
        return _linked(original, kwargs)

    stylesheet._slaeditor_kept = True  # type: ignore[attr-defined]
    weasyprint.css.CSS = stylesheet
    try:
        yield
    finally:
        weasyprint.css.CSS = original


def _linked(original: Any, arguments: dict[str, Any]) -> Any:
    """Return the stylesheet a <link> names: a kept parse of the same bytes, or a new one."""
    from weasyprint.urls import URLFetcherResponse, fetch

    url, fetcher = arguments["url"], arguments["url_fetcher"]
    with fetch(fetcher, url) as response:  # fails as WeasyPrint's own fetch would
        body = response.read()
        served = (response.url, response.charset, response.content_type)
        headers = response.headers
    key = (url, served, arguments["media_type"], hashlib.sha256(body).hexdigest())

    def again() -> URLFetcherResponse:
        return URLFetcherResponse(served[0], body=body, headers=headers)

    entry = _PARSED.get(key)
    if entry is None and served[2] != "text/css":  # refused with a message each time
        return original(**{**arguments, "url_fetcher": _Served(fetcher, url, again())})
    if entry is None:
        trial = _FontFaces()
        page_rules: list[Any] = []
        layers: list[Any] = []
        counter_style: dict[str, Any] = {}
        color_profiles: dict[str, Any] = {}
        fetched: list[str] = []

        def watched(address: str) -> Any:
            fetched.append(address)
            return fetcher(address)

        sheet = original(
            **{
                **arguments,
                "url_fetcher": _Served(watched, url, again()),
                "font_config": trial,
                "page_rules": page_rules,
                "layers": layers,
                "counter_style": counter_style,
                "color_profiles": color_profiles,
            }
        )
        if trial.seen or fetched or layers or counter_style or color_profiles:
            return original(**{**arguments, "url_fetcher": _Served(fetcher, url, again())})
        entry = _PARSED[key] = (sheet, page_rules)
        while len(_PARSED) > KEPT:
            _PARSED.popitem(last=False)
    with contextlib.suppress(KeyError):  # another thread's export may have dropped it
        _PARSED.move_to_end(key)
    sheet, page_rules = entry
    used = copy.copy(sheet)
    used.page_rules = arguments["page_rules"] if arguments["page_rules"] is not None else []
    used.page_rules.extend(page_rules)
    used.layers = arguments["layers"] if arguments["layers"] is not None else []
    return used


def clear() -> None:
    """Forget every kept parse."""
    _PARSED.clear()
