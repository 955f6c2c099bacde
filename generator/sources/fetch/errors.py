"""The one failure of fetching, and the one-line quoting its messages use.

Messages quote what servers send (reasons, URLs, samples of a body), which may hold line
breaks, control characters or megabytes: whatever came, a :class:`FetchError`'s message is one
line, and a quotation is cut short with ``…``.
"""

from __future__ import annotations

import re

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


class FetchError(Exception):
    """The thread could not be fetched or written; the message is one line for the user.

    ``status`` is the HTTP status of a server's refusal (``404``), when that is what failed,
    for callers to whom a missing post is no failure (an ancestor deleted); else None.
    """

    def __init__(self, message: str, status: int | None = None):
        # Messages quote what servers send (reasons, URLs, samples): one line, whatever came.
        super().__init__(flatten(message))
        self.status = status


def flatten(text: str) -> str:
    """``text`` on one line: control characters and runs of white space become one space."""
    return " ".join(_UNPRINTABLE.sub(" ", text).split())


def one_line(text: str, limit: int = 200) -> str:
    """``text`` flattened, and cut to at most ``limit`` characters, ``…`` included."""
    text = flatten(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def sample(text: str) -> str:
    """A short quotation of ``text`` (60 characters at most), for what came instead."""
    return quote(one_line(text, 60))


def quote(text: str) -> str:
    """``text`` quoted as a Python string literal, on one line of at most 200 characters."""
    return repr(one_line(text, 200))
