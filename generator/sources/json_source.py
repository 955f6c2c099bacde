"""What the JSON readers share: timestamps, thread order, and field checks that name lines.

JSON is not read line by line, so a post's line is the line where its id first appears in the
file (``"id": "110"``), which is where the post starts in any pretty-printed export; posts
carry it in their :class:`~generator.model.SourceRef`, and messages about one post name it.
:class:`Lines` finds every id's line in one pass over the file, the first time a line is
asked for, so a file with thousands of problems is not searched once per problem.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from generator.checks import Checker
from generator.model import Post


def utc(value: str) -> tuple[str, datetime] | None:
    """An ISO 8601 time as ``YYYY-MM-DDTHH:MM:SSZ`` in UTC, with the exact time for sorting;
    ``None`` when ``value`` is not one. A time without an offset is taken to be UTC.

    A time whose offset moves it out of the years 1–9999 (``0001-01-01T00:00:00+01:00``) is
    not one either: Python's datetime cannot hold it.
    """
    try:
        when = datetime.fromisoformat(value.strip())
        when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    # Not strftime("%Y"): C libraries write the year 5 as "5", not "0005".
    shown = (
        f"{when.year:04}-{when.month:02}-{when.day:02}"
        f"T{when.hour:02}:{when.minute:02}:{when.second:02}Z"
    )
    return shown, when


def visible_text(text: str) -> str:
    """``text``, or ``""`` when nothing of it can be seen (only spaces and format
    characters): Misskey sends a zero-width space as the warning of a post marked
    sensitive without one."""
    seen = any(not c.isspace() and unicodedata.category(c) != "Cf" for c in text)
    return text if seen else ""


def plural(count: int, noun: str) -> str:
    """``1 boost``, ``2 boosts``, ``2 Create activities``: the last word made plural."""
    if count == 1:
        return f"1 {noun}"
    if noun.endswith("y") and not noun.endswith(("ay", "ey", "oy")):
        return f"{count} {noun[:-1]}ies"
    return f"{count} {noun}{'es' if noun.endswith(('s', 'sh', 'ch', 'x')) else 's'}"


def counted(skipped: Mapping[str, int]) -> str:
    """Items skipped, by kind, most first: ``3 boosts, 1 like and 1 Video object``."""
    ranked = sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0]))
    parts = [plural(count, kind) for kind, count in ranked if count]
    return " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)


_NEVER = datetime.min.replace(tzinfo=UTC)


def _id_key(post_id: str) -> tuple[int, int, str]:
    # Mastodon's ids are numbers in strings: "99" comes before "100". (isdigit() alone is
    # true of "²", which int() refuses.)
    if post_id.isascii() and post_id.isdigit():
        return (0, int(post_id), "")
    return (1, 0, post_id)


def thread_order(posts: Iterable[Post], exact: dict[str, datetime] | None = None) -> list[Post]:
    """Posts in thread order: depth-first from the roots, each reply after its parent, and
    siblings (roots too) by time, then by id.

    A root is a post whose parent is not among ``posts``. ``exact`` gives each post's time to
    the fraction of a second where the source has it; ``published`` is used otherwise, and
    posts without a time come last among their siblings. Posts caught in a reply cycle are
    not reachable from a root; they follow, by time, so that the link stage can report the
    cycle.
    """
    posts = list(posts)
    exact = exact or {}
    ids = {post.id for post in posts}

    def key(post: Post) -> tuple[object, ...]:
        parsed = utc(post.published) if post.published else None
        when = exact.get(post.id) or (parsed[1] if parsed else None)
        return (when is None, when or _NEVER, *_id_key(post.id))

    children: dict[str | None, list[Post]] = {}
    for post in posts:
        parent = post.reply_to if post.reply_to in ids else None
        children.setdefault(parent, []).append(post)
    ordered: list[Post] = []
    placed: set[str] = set()
    # An explicit stack: a self-thread can be thousands of posts deep.
    stack = sorted(children.get(None, []), key=key, reverse=True)
    while stack:
        post = stack.pop()
        if post.id in placed:
            continue
        placed.add(post.id)
        ordered.append(post)
        stack.extend(sorted(children.get(post.id, []), key=key, reverse=True))
    ordered.extend(sorted((p for p in posts if p.id not in placed), key=key))
    return ordered


_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
"""A JSON string literal, escapes and all."""
_ID_FIELD = re.compile(rf'(?<=[{{,\s])"id"\s*:\s*({_STRING}|-?\d{{1,100}}(?![\d.eE]))')
"""An ``"id"`` key and its value. The key follows ``{``, ``,`` or a space, so that text
inside a string (where a quote is always escaped) cannot pass for one."""


class Lines:
    """The lines of the ``"id"`` values in one JSON text, found in one pass over the text the
    first time a line is asked for.

    Values are looked up as the JSON gives them: a string (escapes such as ``\\/`` read as
    JSON reads them) or an integer. Lines are 1-based; 0 means the value is not an id here.
    """

    def __init__(self, source: str):
        self.source = source
        self._index: dict[str | int, list[int]] | None = None

    def _build(self) -> dict[str | int, list[int]]:
        index: dict[str | int, list[int]] = {}
        source, line, counted = self.source, 1, 0
        for match in _ID_FIELD.finditer(source):
            line += source.count("\n", counted, match.start())
            counted = match.start()
            literal = match.group(1)
            if literal[0] != '"':
                value: str | int = int(literal)
            elif "\\" not in literal:
                value = literal[1:-1]
            else:
                try:
                    value = json.loads(literal)
                except ValueError:
                    continue
            index.setdefault(value, []).append(line)
        return index

    def all(self, value: object) -> list[int]:
        """Every line where ``"id": value`` occurs, in order; empty when nowhere."""
        if isinstance(value, bool) or not isinstance(value, str | int):
            return []
        if self._index is None:
            self._index = self._build()
        return self._index.get(value, [])

    def of(self, value: object) -> int:
        """The line where ``"id": value`` first occurs; 0 if nowhere."""
        found = self.all(value)
        return found[0] if found else 0

    def key(self, name: str) -> int:
        """The line where the key ``name`` first occurs; 0 if nowhere. (One search: for the
        few problems that concern a whole file, not one per post.)"""
        match = re.search(rf'(?<=[{{,\s])"{re.escape(name)}"\s*:', self.source)
        return self.source.count("\n", 0, match.start()) + 1 if match else 0


class Fields:
    """Typed access to the fields of one JSON object, recording a problem for each wrong one.

    Messages name the line where the object's id is (see :class:`Lines`).
    """

    def __init__(self, check: Checker, obj: dict, lines: Lines, key: object):
        self.check, self.obj, self.lines, self.key = check, obj, lines, key
        self.before = len(check.problems)

    @cached_property
    def line(self) -> int:
        """The line of the object's id in the JSON text; 0 when unknown."""
        return self.lines.of(self.key)

    @property
    def ok(self) -> bool:
        """Whether no problem was recorded since these fields were opened."""
        return len(self.check.problems) == self.before

    def problem(self, field: str, problem: str, expected: str, got: Any) -> None:
        """Record ``field 'x': problem; expected …, got …`` at the object's line."""
        self.check.problem(self.line, field, problem, expected, got)

    def text(self, field: str, inside: dict | None = None, prefix: str = "") -> str:
        """A string field of the object (or of an object ``inside`` it, whose fields are named
        ``prefix`` + field); missing or null is empty."""
        value = (self.obj if inside is None else inside).get(field)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.problem(prefix + field, "wrong type", "a string", value)
            return ""
        return value

    def time(self, field: str, required: bool = False) -> tuple[str, datetime] | None:
        """A time field as by :func:`utc`; ``None`` when missing (a problem if required) or
        wrong."""
        value = self.obj.get(field)
        if value is None and not required:
            return None
        parsed = utc(value) if isinstance(value, str) else None
        if parsed is None:
            self.problem(field, "not a time", "an ISO 8601 time like '2022-11-07T15:59:20Z'", value)
        return parsed
