"""Reading a server's answer as JSON that can be kept: written back as JSON and read again.

That is JSON (RFC 8259) in UTF-8, nested at most :data:`MAX_DEPTH` levels, without ``NaN``,
``Infinity``, numbers too large for a float, or integers longer than Python reads (4,300 digits
unless configured). Anything else is :class:`Unreadable`, whose message says why.
"""

from __future__ import annotations

import json
import math
import sys
from typing import Any

from generator.sources.fetch.errors import sample

MAX_DEPTH = 100
"""The deepest nesting of arrays and objects read in an answer; a thread needs about ten."""
_TOO_DEEP = f"is not valid JSON (nested more than {MAX_DEPTH} levels deep)"


class Unreadable(ValueError):
    """An answer that is not JSON this tool takes; the message says why, e.g. ``is not UTF-8``."""


def load_json(body: bytes) -> Any:
    """The JSON value in ``body``; :class:`Unreadable` for anything that could not be kept.

    Besides malformed JSON, that is: nesting deeper than :data:`MAX_DEPTH` (Python's parser
    would end in RecursionError past about a thousand levels, and writing the file again or
    reading it later would too), integers longer than Python converts (ValueError past 4,300
    digits), and the non-JSON ``NaN`` and ``Infinity`` and numbers too large for a float,
    which would be written out as ``NaN`` or ``Infinity``: not JSON either.
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Unreadable("is not UTF-8") from None
    try:
        value = json.loads(
            text, parse_int=_json_int, parse_float=_json_float, parse_constant=_json_constant
        )
    except json.JSONDecodeError:
        raise Unreadable("is not valid JSON") from None
    except RecursionError:
        raise Unreadable(_TOO_DEEP) from None
    if _deeper_than(value, MAX_DEPTH):
        raise Unreadable(_TOO_DEEP)
    return value


def _json_int(text: str) -> int:
    try:
        return int(text)
    except ValueError:  # more digits than sys.get_int_max_str_digits()
        raise Unreadable(
            f"is not valid JSON (an integer of {len(text.lstrip('-'))} digits; at most "
            f"{sys.get_int_max_str_digits()} can be read)"
        ) from None


def _json_float(text: str) -> float:
    number = float(text)
    if math.isinf(number):
        raise Unreadable(f"is not valid JSON (a number too large: {sample(text)})")
    return number


def _json_constant(name: str) -> float:
    raise Unreadable(f"is not valid JSON ({name} is not a JSON value)")


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether arrays and objects in ``value`` nest more than ``limit`` levels; no recursion."""
    stack = [(value, 1)] if isinstance(value, dict | list) else []
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False
