r"""A strict YAML loader for files people edit: taxonomy, annotations, front matter.

PyYAML's loaders follow YAML 1.1, which guesses types (``no`` becomes False, ``12:30`` a
number, ``2024-01-01`` a date) and expands aliases (the "billion laughs" bomb). Here only
plain ``true``/``false``, ``null``/``~``, integers and decimals are typed; everything else is
a string. Anchors, aliases, duplicate keys and explicit tags are refused with the line.

Mappings load as :class:`Mapping` and sequences as :class:`Sequence`, which remember the
line of each key and item so later stages can point at the exact place.

Lines are counted as editors count them, at ``\n``, ``\r\n`` or a lone ``\r``. PyYAML also
breaks lines at U+0085, U+2028 and U+2029, which are refused wherever they are: no editor
shows them as line breaks, yet to YAML they are, so ``x<U+2028>---<U+2028>y``, one line to
its reader, would be three lines and a document separator. Written as escapes inside double
quotes (``"\u2028"``) they are fine.

Escapes of UTF-16 surrogate pairs (``"\ud83d\ude00"``, as JSON writes 😀) are joined into
their characters; a lone half is refused, as no text can hold it.

Limits keep hostile files from exhausting the loader: at most :data:`MAX_DEPTH` levels of
nesting (a file nested deeper would exhaust Python's stack while it is read), and integers
of at most ``sys.get_int_max_str_digits()`` digits (4,300; Python refuses to convert longer
ones, as that takes time quadratic in the length).
"""

from __future__ import annotations

import bisect
import re
import sys
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import ContentError, Problem

_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_PLAIN_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}

MAX_DEPTH = 50
"""Most levels of nesting a file may have (``a: {b: [c]}`` has three). Hand-edited files
need a handful; Python's stack would run out, while composing, at a few hundred."""

HIDDEN_BREAKS = {
    "\x85": "U+0085 (next line)",
    "\u2028": "U+2028 (line separator)",
    "\u2029": "U+2029 (paragraph separator)",
}
"""Characters YAML reads as line breaks that editors do not show as any."""
_HIDDEN_BREAK = re.compile("[\x85\u2028\u2029]")
_BREAK = re.compile("\r\n?|\n")


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
    """Refuses anchors and aliases, and nesting deeper than :data:`MAX_DEPTH`, while
    composing the node tree."""

    depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(
                problem="anchors and aliases are not allowed; write the value out",
                problem_mark=event.start_mark,
            )
        if not isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            return super().compose_node(parent, index)
        if self.depth >= MAX_DEPTH:
            raise yaml.MarkedYAMLError(
                problem=f"nested too deeply; expected at most {MAX_DEPTH} levels",
                problem_mark=event.start_mark,
            )
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Lines:
    """Line numbers as editors count them, from positions in the text."""

    def __init__(self, text: str, first_line: int):
        self.ends = [match.end() for match in _BREAK.finditer(text)]
        """Where each line but the first starts."""
        self.first_line = first_line

    def at(self, index: int) -> int:
        """The line of the character at ``index``."""
        return bisect.bisect_right(self.ends, index) + self.first_line

    def column(self, index: int) -> int:
        """The 1-based column of the character at ``index``."""
        found = bisect.bisect_right(self.ends, index)
        return index - (self.ends[found - 1] if found else 0) + 1


def load(text: str, path: str, first_line: int = 1) -> Any:
    """Parse one YAML document strictly; ``first_line`` is the line the text starts on.

    Returns ``None`` for an empty document, else plain values, :class:`Mapping` and
    :class:`Sequence`. Raises :class:`ContentError` with the line of each problem.
    """
    lines = _Lines(text, first_line)
    _refuse_hidden_breaks(text, path, lines)
    try:
        node = yaml.compose(text, Loader=_Composer)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = lines.at(mark.index) if mark else first_line
        problem = err.problem or "invalid YAML"
        if err.context and "anchors" not in problem:
            problem = f"{err.context}, {problem}"
        raise ContentError(Problem(path, line, f"invalid YAML: {_one_line(problem)}")) from None
    except yaml.reader.ReaderError as err:
        line = lines.at(err.position) if isinstance(err.position, int) else first_line
        shown = f"U+{err.character:04X}" if isinstance(err.character, int) else "?"
        message = f"invalid YAML: character {shown}: {err.reason}; expected printable text"
        raise ContentError(Problem(path, line, message)) from None
    except yaml.YAMLError as err:
        message = f"invalid YAML: {_one_line(str(err))}"
        raise ContentError(Problem(path, first_line, message)) from None
    if node is None:
        return None
    return _convert(node, path, lines)


def _one_line(text: str) -> str:
    """A message on one line: each problem is one line of the output."""
    return " ".join(text.split("\n"))


def _refuse_hidden_breaks(text: str, path: str, lines: _Lines) -> None:
    """Raise with every line that holds a character of :data:`HIDDEN_BREAKS`."""
    problems: dict[int, Problem] = {}
    for match in _HIDDEN_BREAK.finditer(text):
        line, column = lines.at(match.start()), lines.column(match.start())
        name = HIDDEN_BREAKS[match.group()]
        escape = f"\\u{ord(match.group()):04x}"
        problems.setdefault(
            line,
            Problem(
                path,
                line,
                f"invalid YAML: invisible line break {name} at column {column}; expected a "
                f'new line, or "{escape}" inside double quotes if the text needs it',
            ),
        )
    if problems:
        raise ContentError(list(problems.values()))


def _convert(node: Node, path: str, lines: _Lines) -> Any:
    line = lines.at(node.start_mark.index)
    if node.tag not in _PLAIN_TAGS and not _implicit(node):
        raise ContentError(Problem(path, line, f"explicit YAML tag {node.tag!r} is not allowed"))
    if isinstance(node, ScalarNode):
        return _scalar(node, path, line)
    if isinstance(node, SequenceNode):
        seq = Sequence(_convert(item, path, lines) for item in node.value)
        seq.line = line
        seq.item_lines = [lines.at(item.start_mark.index) for item in node.value]
        seq.raw = [item.value if isinstance(item, ScalarNode) else None for item in node.value]
        return seq
    assert isinstance(node, MappingNode)
    mapping = Mapping()
    mapping.line = line
    for key_node, value_node in node.value:
        key_line = lines.at(key_node.start_mark.index)
        if not isinstance(key_node, ScalarNode):
            raise ContentError(Problem(path, key_line, "mapping keys must be plain text"))
        key = key_node.value  # keys are text: an id like 0123 keeps its leading zero
        if key in mapping:
            first = mapping.key_lines[key]
            raise ContentError(
                Problem(path, key_line, f"duplicate key {key!r} (first given on line {first})")
            )
        mapping[key] = _convert(value_node, path, lines)
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


_SURROGATE = re.compile("[\ud800-\udfff]")


def _pairs_joined(value: str, path: str, line: int) -> str:
    """Text with the surrogate pairs that ``"\\ud83d\\ude00"`` escapes give (JSON's way to
    write 😀) joined into their characters; a lone one, which no text can hold, is an
    error (PyYAML reads each escape on its own)."""
    try:
        return value.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeDecodeError:
        raise ContentError(
            Problem(
                path,
                line,
                "invalid YAML: an escape of half a character (a lone \\ud800-\\udfff); "
                "expected the character itself, or both halves of its pair",
            )
        ) from None


def _scalar(node: ScalarNode, path: str, line: int) -> Any:
    value = node.value
    if node.style is not None:  # quoted or block scalar: always text
        return _pairs_joined(value, path, line) if _SURROGATE.search(value) else value
    if value in ("", "~", "null"):
        return None
    if value in ("true", "false"):
        return value == "true"
    if _INT.fullmatch(value):
        limit = sys.get_int_max_str_digits()
        digits = len(value.lstrip("+-"))
        if limit and digits > limit:
            raise ContentError(
                Problem(
                    path,
                    line,
                    f"invalid YAML: a number of {digits} digits; expected numbers of at most "
                    f"{limit} digits (in quotes, it is text)",
                )
            )
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value
