"""JSON sources (``.json``): parsed with errors that name a line, then read by their shape.

The file is JSON (RFC 8259) in UTF-8. Its top level picks the reader among the JSON shapes
registered (:func:`generator.sources.registry.json_shape`): Mastodon API JSON
(:mod:`generator.sources.mastodon`) or ActivityPub JSON (:mod:`generator.sources.activitypub`).
Editors' splits do not apply: JSON gives each post on its own.

Errors name the line: invalid JSON its line and column; JSON nested deeper than Python's parser
goes (about a thousand levels) the line where it first gets that deep; an integer of more
digits than Python converts (4,300 unless configured) its line. JSON of no registered shape is
refused with every shape that is accepted and what the file holds instead.
"""

from __future__ import annotations

import json
import re
import sys

from generator.checks import describe
from generator.errors import ContentError, Problem
from generator.model import Thread
from generator.sources import registry
from generator.sources.registry import Actors, Boundaries


@registry.file_format(".json", "JSON")
def read_json(
    source: str, path: str, boundaries: Boundaries, people: Actors | None = None
) -> Thread:
    """Read JSON of any registered shape, whichever the file has.

    Editors' splits (``boundaries``) do not apply: JSON gives each post on its own.
    """
    try:
        data = json.loads(source)
    except json.JSONDecodeError as err:
        raise ContentError(
            Problem(
                path,
                err.lineno,
                f"invalid JSON: {err.msg} at column {err.colno}; expected {_expected()}",
            )
        ) from None
    except RecursionError:
        depth, line = _deepest(source)
        raise ContentError(
            Problem(
                path,
                line,
                f"invalid JSON: nested too deeply ({depth} levels); expected {_expected()}, "
                "which nests a few levels",
            )
        ) from None
    except ValueError as err:
        raise ContentError(_long_number(source, path, err)) from None
    shape = registry.by_shape(data)
    if shape is not None:
        return shape.read(data, path, source, people)
    accepted = ", or ".join(known.shapes for known in registry.json_shapes())
    raise ContentError(
        Problem(path, 0, f"unknown JSON shape; expected {accepted}; got {_shape(data)}")
    )


def _expected() -> str:
    """The kinds of JSON read, for messages: ``Mastodon API or ActivityPub JSON``."""
    names = [shape.name for shape in registry.json_shapes()]
    if len(names) > 1:
        names[-2:] = [f"{names[-2]} or {names[-1]}"]
    return f"{', '.join(names)} JSON"


_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
"""A JSON string literal: what is inside one is not syntax."""


def _long_number(source: str, path: str, err: ValueError) -> Problem:
    """The problem with an integer too long to convert, at its line.

    Python refuses to convert integers of more than ``sys.get_int_max_str_digits()`` digits
    (4,300 unless configured), because the conversion takes time quadratic in the length.
    """
    limit = sys.get_int_max_str_digits()
    if limit:
        digits = re.compile(rf"{_STRING}|-?(\d{{{limit + 1},}})(?![\d.eE])")
        for match in digits.finditer(source):
            if match.group(1):
                line = source.count("\n", 0, match.start()) + 1
                return Problem(
                    path,
                    line,
                    f"invalid JSON: a number of {len(match.group(1))} digits; expected "
                    f"numbers of at most {limit} digits",
                )
    return Problem(path, 1, f"invalid JSON: {err}")


def _deepest(source: str) -> tuple[int, int]:
    """How deep JSON text nests, and the line where it first gets that deep."""
    depth = deepest = 0
    at = 0
    for match in re.finditer(rf"{_STRING}|[\[\]{{}}]", source):
        bracket = match.group()
        if bracket in "[{":
            depth += 1
            if depth > deepest:
                deepest, at = depth, match.start()
        elif bracket in "]}":
            depth -= 1
    return deepest, source.count("\n", 0, at) + 1


def _shape(data: object) -> str:
    """What a JSON value is, for messages: an object's first keys, a list's first item."""
    if isinstance(data, dict):
        keys = ", ".join(repr(key) for key in list(data)[:6])
        return f"an object with keys {keys}" if keys else "an empty object"
    if isinstance(data, list):
        if not data:
            return "an empty list"
        first = data[0]
        return (
            f"a list whose first item is {'a list' if isinstance(first, list) else _shape(first)}"
        )
    return describe(data)
