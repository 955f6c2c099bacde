"""Field checks shared by every loader of hand-edited YAML (see :mod:`generator.checks`).

Each check appends a :class:`~generator.errors.Problem` worded as
``field 'x': problem; expected …, got …`` and returns a usable value, so one pass reports
every error in a file instead of stopping at the first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from generator import checks
from generator.editorial import yamlio
from generator.editorial.yamlio import Mapping, Sequence
from generator.errors import ContentError
from generator.text import read_file

T = TypeVar("T")

UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Characters a one-line field shown as a title may not hold: controls, line and paragraph
separators, and bidi overrides (which reorder the text around them). ``< > " &`` are
fine: every place that shows such a field escapes it (see :mod:`generator.pages.markup`)."""

SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")

# Lengths of the fields editors and contributors fill. Each is repeated on many pages (a
# theme's title on every card of its posts, a definition in every post that uses its term),
# so a site's size stays in proportion to its discussion only if they are bounded.
TITLE_CHARS = 120
"""A theme's or a commentary piece's title."""
SUMMARY_CHARS = 300
"""A theme's or a piece's one-line summary."""
DESCRIPTION_CHARS = 5_000
"""A theme's description."""
TERM_CHARS = 80
"""A theme's term, a glossary term or alias."""
DEFINITION_CHARS = 600
"""A glossary definition, shown as a tooltip."""
NAME_CHARS = 100
"""A person's or an author's name."""
NOTE_CHARS = 2_000
"""An editors' note on a post."""
URL_CHARS = 2_000
"""A profile or website address."""
ENTRIES = 1_000
"""The most entries a file may list (themes, terms, people)."""


class Checker(checks.Checker):
    """Collects problems for one file of hand-edited YAML, with the checks its fields need."""

    def mapping(self, value: Any, line: int, field: str, expected: str) -> Mapping | None:
        """``value`` if it is a mapping, else record a problem."""
        if isinstance(value, Mapping):
            return value
        self.problem(getattr(value, "line", line), field, "wrong type", expected, value)
        return None

    def keys(self, data: Mapping, allowed: set[str], required: set[str], where: str) -> None:
        """Refuse unknown keys and report missing ones."""
        for key in data:
            if key not in allowed:
                self.problem(
                    data.line_of(key),
                    key,
                    f"unknown field in {where}",
                    "one of " + ", ".join(sorted(allowed)),
                    key,
                )
        for key in sorted(required - set(data)):
            self.problem(data.line, key, f"missing in {where}", "a value", None)

    def text(
        self,
        data: Mapping,
        key: str,
        *,
        required: bool = False,
        printed: bool = False,
        pattern: re.Pattern[str] | None = None,
        expected: str = "text",
        max_chars: int | None = None,
    ) -> str:
        """A string field; ``printed`` fields (titles, names) refuse what no title can show
        (:data:`UNPRINTABLE`), and a field longer than ``max_chars`` is refused (it is
        repeated on many pages)."""
        value = data.get(key)
        line = data.line_of(key)
        if value is None:
            if required and key in data:
                self.problem(line, key, "empty", expected, value)
            return ""
        if not isinstance(value, str):
            self.problem(line, key, "wrong type", expected, value)
            return ""
        if printed and UNPRINTABLE.search(value):
            self.problem(
                line,
                key,
                "contains a character that is not allowed here",
                "text without control characters, line breaks or bidi overrides",
                value,
            )
            return ""
        if pattern is not None and not pattern.fullmatch(value):
            self.problem(line, key, "invalid value", expected, value)
            return ""
        if max_chars is not None and len(value) > max_chars:
            self.problem(line, key, "too long", f"at most {max_chars:,} characters", value)
            return ""
        return value

    def strings(self, data: Mapping, key: str, expected: str) -> list[tuple[str, int]]:
        """A list of strings, each with its line."""
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, Sequence):
            self.problem(data.line_of(key), key, "wrong type", expected, value)
            return []
        out = []
        for item, line in zip(value, value.item_lines, strict=True):
            if isinstance(item, str) and item.strip():
                out.append((item, line))
            else:
                self.problem(line, key, "wrong item", expected, item)
        return out


def load_entries(
    file: Path,
    label: str,
    key: str,
    where: str,
    entry: Callable[[Checker, object, int, dict[str, int]], T | None],
) -> list[T]:
    """Load a file whose entries are a list under ``key`` (``themes:``, ``terms:``).

    ``entry(check, item, line, seen)`` checks one item and returns it, or None when it has
    problems; ``seen`` lets it refuse repeated ids. Every problem is reported at once.
    """
    data = yamlio.load(read_file(file, label), label)
    check = Checker(label)
    root = check.mapping(data, 1, "", f"a mapping with a '{key}' list")
    entries: list[T] = []
    if root is not None:
        check.keys(root, {key}, {key}, where)
        items = root.get(key)
        if items is not None and not isinstance(items, Sequence):
            check.problem(root.line_of(key), key, "wrong type", "a list", items)
        elif items is not None and len(items) > ENTRIES:
            check.problem(root.line_of(key), key, "too many entries", f"at most {ENTRIES:,}", items)
        elif items is not None:
            seen: dict[str, int] = {}
            for item, line in zip(items, items.item_lines, strict=True):
                found = entry(check, item, line, seen)
                if found is not None:
                    entries.append(found)
    if check.problems:
        raise ContentError(check.problems)
    return entries
