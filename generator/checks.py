"""Problems with data, worded one way wherever data is read: sources and editors' files.

Each check records a :class:`~generator.errors.Problem` worded as
``field 'x': problem; expected …, got …`` and goes on, so that one pass reports every error
in a file instead of stopping at the first.
"""

from __future__ import annotations

from typing import Any

from generator.errors import Problem


def describe(value: Any) -> str:
    """A short, quoted rendering of a value for "got …" in messages."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "…'"


class Checker:
    """Collects problems for one file."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, line: int, field: str, problem: str, expected: str, got: Any) -> None:
        """Record ``field 'x': problem; expected …, got …``."""
        where = f"field {field!r}: " if field else ""
        self.problems.append(
            Problem(self.path, line, f"{where}{problem}; expected {expected}, got {describe(got)}")
        )
