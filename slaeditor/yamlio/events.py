"""Build plain data straight from the parser's events: the fast reader for ordinary files.

Composing a node graph first costs three times what the data itself does, and only anchors,
aliases and merge keys need one. This reader builds dicts, lists and scalars as libyaml reports
them, with the same rules and positions as the node reader (nodes), and hands a file that uses
an anchor, an alias or a merge key to that reader, which expands them under its budget.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from collections.abc import Callable

from slaeditor.yamlio.values import (
    MAP_TAG,
    MAX_DEPTH,
    MERGE_TAG,
    SEQ_TAG,
    STR_TAG,
    TOO_DEEP,
    PathKey,
    Position,
    TextLines,
    YamlSyntaxError,
    duplicate_key,
    not_a_key,
    scalar_value,
    tag_error,
)

_REMEMBERED = 40
_REMEMBERED_VALUES = 10_000
_PLAIN_TAGS = (None, "!")
"""No tag, or the non-specific one: the value's type is resolved from how it is written."""


class NeedsNodes(Exception):
    """The text uses anchors, aliases, merge keys or several documents: the node reader's work."""


def build_events(
    text: str, lines: TextLines, loader_class: type[yaml.SafeLoader], max_values: int
) -> EventBuilder | None:
    """Build the data from events; None when the text needs the node reader (see NeedsNodes)."""
    loader = loader_class(text)
    try:
        # Without aliases every value is written out, so the text's own length bounds them:
        # the budget (there against alias bombs) need not refuse a large honest file.
        builder = EventBuilder(loader, lines, max(max_values, len(text) // 4))
        try:
            builder.read()
        except NeedsNodes:
            return None
        return builder
    finally:
        loader.dispose()


class EventBuilder:
    """Turn parser events into dicts, lists and scalars, noting where each one was written."""

    def __init__(self, loader: yaml.SafeLoader, lines: TextLines, max_values: int) -> None:
        self.loader = loader
        self.next_event: Callable[[], yaml.Event] = loader.get_event
        self.lines = lines
        self.max_values = max_values
        self.positions: dict[PathKey, Position] = {}
        self.starts: dict[PathKey, int] = {}
        self.raw: dict[PathKey, str] = {}
        self.count = 0
        self.data: Any = None
        self.resolved: dict[str, str] = {}
        """The tag of each short plain scalar met so far: keys repeat in every entry."""

    def read(self) -> None:
        """Read the one document of the stream (nothing for an empty text)."""
        get = self.next_event
        get()  # the stream's start
        if isinstance(get(), yaml.StreamEndEvent):
            return
        self.data = self.build(get(), (), 0)
        get()  # the document's end
        if not isinstance(get(), yaml.StreamEndEvent):
            raise NeedsNodes  # a second document: the node reader says why that is refused

    def build(self, event: yaml.Event, path: PathKey, depth: int) -> Any:
        """Build the value that starts with this event, and everything inside it."""
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise NeedsNodes
        self.count += 1
        where = self.lines.at(event.start_mark)
        if depth > MAX_DEPTH:
            raise YamlSyntaxError(TOO_DEEP, *where)
        if self.count > self.max_values:
            raise YamlSyntaxError(
                f"holds more than {self.max_values:,} values, far more than any file needs", *where
            )
        if not path:
            self.positions[()] = where
        if isinstance(event, yaml.ScalarEvent):
            self.starts[path] = where[0] + 1 if event.style in ("|", ">") else where[0]
            tag = self._scalar_tag(event)
            if tag == STR_TAG:
                return event.value
            value = self._scalar(event, tag, where, path)
            if not isinstance(value, str):
                self.raw[path] = str(event.value)
            return value
        self.starts[path] = where[0]
        if isinstance(event, yaml.MappingStartEvent):
            if event.tag not in (*_PLAIN_TAGS, MAP_TAG):
                raise tag_error(event.tag, where)
            return self._mapping(path, depth)
        if isinstance(event, yaml.SequenceStartEvent):
            if event.tag not in (*_PLAIN_TAGS, SEQ_TAG):
                raise tag_error(event.tag, where)
            return self._sequence(path, depth)
        raise NeedsNodes  # not a value: the node reader explains the stream

    def _mapping(self, path: PathKey, depth: int) -> dict[Any, Any]:
        """Build a mapping, refusing a key written twice (YAML would silently keep the last)."""
        get = self.next_event
        result: dict[Any, Any] = {}
        while True:
            event = get()
            if isinstance(event, yaml.MappingEndEvent):
                return result
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                raise NeedsNodes
            if not isinstance(event, yaml.ScalarEvent):
                raise not_a_key(self.lines.at(event.start_mark))
            where = self.lines.at(event.start_mark)
            tag = self._scalar_tag(event)
            if tag == MERGE_TAG:
                raise NeedsNodes
            key = event.value if tag == STR_TAG else self._scalar(event, tag, where, path)
            at = (*path, key)
            if key in result:
                raise duplicate_key(key, self.positions[at][0], where, at)
            self.positions[at] = where
            result[key] = self.build(get(), at, depth + 1)

    def _sequence(self, path: PathKey, depth: int) -> list[Any]:
        """Build a list, noting where each entry starts."""
        get = self.next_event
        items: list[Any] = []
        while True:
            event = get()
            if isinstance(event, yaml.SequenceEndEvent):
                return items
            at = (*path, len(items))
            self.positions[at] = self.lines.at(event.start_mark)
            items.append(self.build(event, at, depth + 1))

    def _scalar_tag(self, event: yaml.ScalarEvent) -> str:
        """Return the tag a scalar has, resolving an untagged plain one from how it reads."""
        if event.tag not in _PLAIN_TAGS:
            return str(event.tag)
        if not event.implicit[0]:
            return STR_TAG  # quoted or a block: text
        tag = self.resolved.get(event.value)
        if tag is None:
            resolve: Any = self.loader.resolve  # PyYAML's resolver has no annotations
            tag = str(resolve(yaml.ScalarNode, event.value, event.implicit))
            if len(event.value) <= _REMEMBERED and len(self.resolved) < _REMEMBERED_VALUES:
                self.resolved[event.value] = tag
        return tag

    def _scalar(self, event: yaml.ScalarEvent, tag: str, where: Position, path: PathKey) -> Any:
        """Build a scalar other than text by the rules every reader shares."""
        node = yaml.ScalarNode(tag, event.value, style=event.style)
        return scalar_value(self.loader, node, where, path)
