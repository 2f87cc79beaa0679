"""Build plain data from PyYAML's composed nodes: the reader for files with aliases or merges.

Composition expands anchors and aliases (`&base`, `*base`, `<<: *base`) into a node graph,
which this builder walks with a budget on the values it produces, so aliases repeated inside
each other cannot fill memory. Files without aliases take the faster event reader (events).
"""

from __future__ import annotations

from typing import Any

import yaml

from slaeditor.yamlio.values import (
    MAP_TAG,
    MAX_DEPTH,
    MERGE_TAG,
    SEQ_TAG,
    TOO_MANY,
    PathKey,
    Position,
    TextLines,
    YamlSyntaxError,
    duplicate_key,
    not_a_key,
    scalar_value,
    tag_error,
)


def build_nodes(
    text: str,
    lines: TextLines,
    loader_class: type[yaml.SafeLoader],
    max_values: int,
    *,
    spans: bool = False,
) -> NodeBuilder:
    """Compose with the safe loader, then build the data (None for an empty document)."""
    loader = loader_class(text)
    try:
        builder = NodeBuilder(loader, lines, max_values, spans)
        node = loader.get_single_node()
        builder.data = None if node is None else builder.build(node, (), 0)
        return builder
    finally:
        loader.dispose()


class NodeBuilder:
    """Turn composed nodes into dicts, lists and scalars, noting where each one was written."""

    def __init__(
        self, loader: yaml.SafeLoader, lines: TextLines, max_values: int, spans: bool = False
    ) -> None:
        self.spans = spans
        """Keep where each scalar is, to name the field a bad character was typed into."""
        self.loader = loader
        self.lines = lines
        self.max_values = max_values
        self.positions: dict[PathKey, Position] = {}
        self.starts: dict[PathKey, int] = {}
        self.flattened: set[int] = set()
        self.raw: dict[PathKey, str] = {}
        self.scalar_spans: list[tuple[int, int, PathKey]] = []
        self.count = 0
        self.data: Any = None

    def build(self, node: yaml.Node, path: PathKey, depth: int) -> Any:
        """Build one value; aliases are expanded, so a budget stops exponential expansion."""
        self.count += 1
        where = self.lines.at(node.start_mark)
        if self.count > self.max_values or depth > MAX_DEPTH:
            raise YamlSyntaxError(TOO_MANY, *where)
        if not path:
            self.positions[()] = where
        block = isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")
        self.starts[path] = where[0] + 1 if block else where[0]
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != SEQ_TAG:
                raise tag_error(node.tag, where)
            items: list[Any] = []
            for index, item in enumerate(node.value):
                self.positions[(*path, index)] = self.lines.at(item.start_mark)
                items.append(self.build(item, (*path, index), depth + 1))
            return items
        if not isinstance(node, yaml.ScalarNode):
            raise tag_error(node.tag, where)
        if self.spans:
            self.scalar_spans.append((node.start_mark.index, node.end_mark.index, path))
        value = scalar_value(self.loader, node, where, path)
        if not isinstance(value, str):
            self.raw[path] = str(node.value)
        return value

    def _mapping(self, node: yaml.MappingNode, path: PathKey, depth: int) -> dict[Any, Any]:
        """Build a mapping, refusing a key written twice (YAML would silently keep the last)."""
        if node.tag != MAP_TAG:
            raise tag_error(node.tag, self.lines.at(node.start_mark))
        if id(node) in self.flattened or any(k.tag == MERGE_TAG for k, _ in node.value):
            return self._merged(node, path, depth)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, path)
            where = self.lines.at(key_node.start_mark)
            if key in result:
                first = self.positions[(*path, key)][0]
                raise duplicate_key(key, first, where, (*path, key))
            self.positions[(*path, key)] = where
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _merged(self, node: yaml.MappingNode, path: PathKey, depth: int) -> dict[Any, Any]:
        """Build a mapping with `<<: *anchor` merges; its own keys must still be unique."""
        own: dict[Any, int] = {}
        for key_node, _ in [] if id(node) in self.flattened else node.value:
            if key_node.tag == MERGE_TAG:
                continue
            key = self._key(key_node, path)
            where = self.lines.at(key_node.start_mark)
            if key in own:
                raise duplicate_key(key, own[key], where, (*path, key))
            own[key] = where[0]
        if id(node) not in self.flattened:  # reached again through an alias: flattened already
            self.loader.flatten_mapping(node)  # merged keys may repeat own keys: the own win
            self.flattened.add(id(node))
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, path)
            self.positions[(*path, key)] = self.lines.at(key_node.start_mark)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _key(self, node: yaml.Node, path: PathKey) -> Any:
        """Return a mapping key, which must be a single value to be a field name."""
        where = self.lines.at(node.start_mark)
        if not isinstance(node, yaml.ScalarNode):
            raise not_a_key(where)
        return scalar_value(self.loader, node, where, path)
