"""A strict YAML loader for files people edit: taxonomy, annotations, front matter.

PyYAML's loaders follow YAML 1.1, which guesses types (``no`` becomes False, ``12:30`` a
number, ``2024-01-01`` a date) and expands aliases (the "billion laughs" bomb). Here only
plain ``true``/``false``, ``null``/``~``, integers and decimals are typed; everything else is
a string. Anchors, aliases, duplicate keys and explicit tags are refused with the line.

Mappings load as :class:`Mapping` and sequences as :class:`Sequence`, which remember the
line of each key and item so later stages can point at the exact place.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import ContentError, Problem

_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_PLAIN_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class Mapping(dict):
    """A mapping that knows the line of itself and of each key."""

    line: int = 0
    key_lines: dict[str, int]
    raw: dict[str, str]
    """The text of each scalar value as written, for fields that are always text (ids)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_lines = {}
        self.raw = {}

    def line_of(self, key: str) -> int:
        """Line of ``key``, or of the mapping itself when the key is absent."""
        return self.key_lines.get(key, self.line)


class Sequence(list):
    """A sequence that knows the line of itself and of each item."""

    line: int = 0
    item_lines: list[int]
    raw: list[str | None]
    """The text of each scalar item as written."""


class _Composer(yaml.SafeLoader):
    """Refuses anchors and aliases while composing the node tree."""

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(
                problem="anchors and aliases are not allowed; write the value out",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


def load(text: str, path: str, first_line: int = 1) -> Any:
    """Parse one YAML document strictly; ``first_line`` offsets reported lines."""
    try:
        node = yaml.compose(text, Loader=_Composer)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + first_line if mark else first_line
        problem = err.problem or "invalid YAML"
        if err.context and "anchors" not in problem:
            problem = f"{err.context}, {problem}"
        raise ContentError(Problem(path, line, f"invalid YAML: {problem}")) from None
    except yaml.YAMLError as err:
        raise ContentError(Problem(path, first_line, f"invalid YAML: {err}")) from None
    if node is None:
        return None
    return _convert(node, path, first_line - 1)


def _convert(node: Node, path: str, offset: int) -> Any:
    line = node.start_mark.line + 1 + offset
    if node.tag not in _PLAIN_TAGS and not _implicit(node):
        raise ContentError(Problem(path, line, f"explicit YAML tag {node.tag!r} is not allowed"))
    if isinstance(node, ScalarNode):
        return _scalar(node)
    if isinstance(node, SequenceNode):
        seq = Sequence(_convert(item, path, offset) for item in node.value)
        seq.line = line
        seq.item_lines = [item.start_mark.line + 1 + offset for item in node.value]
        seq.raw = [item.value if isinstance(item, ScalarNode) else None for item in node.value]
        return seq
    assert isinstance(node, MappingNode)
    mapping = Mapping()
    mapping.line = line
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1 + offset
        if not isinstance(key_node, ScalarNode):
            raise ContentError(Problem(path, key_line, "mapping keys must be plain text"))
        key = key_node.value  # keys are text: an id like 0123 keeps its leading zero
        if key in mapping:
            first = mapping.key_lines[key]
            raise ContentError(
                Problem(path, key_line, f"duplicate key {key!r} (first given on line {first})")
            )
        mapping[key] = _convert(value_node, path, offset)
        mapping.key_lines[key] = key_line
        if isinstance(value_node, ScalarNode):
            mapping.raw[key] = value_node.value
    return mapping


def _implicit(node: Node) -> bool:
    """True when the node's tag was resolved by PyYAML rather than written by the author."""
    if isinstance(node, ScalarNode):
        return (
            node.style is None
            and node.tag.startswith("tag:yaml.org,2002:")
            and (node.tag.rsplit(":", 1)[1] in {"bool", "int", "float", "null", "timestamp", "str"})
        )
    return node.tag in _PLAIN_TAGS


def _scalar(node: ScalarNode) -> Any:
    value = node.value
    if node.style is not None:  # quoted or block scalar: always text
        return value
    if value in ("", "~", "null"):
        return None
    if value in ("true", "false"):
        return value == "true"
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value
