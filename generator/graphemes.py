"""Cutting text where a reader sees a character end: between grapheme clusters.

A label or an excerpt cut at a fixed number of code points can split what a reader sees
as one character: an emoji built with joiners (👩‍👩‍👧), a skin tone (👍🏽), a flag (🇯🇵, two
regional indicators), a letter and its combining accents (é as e + U+0301), a Hangul
syllable in jamo. Half of such a cluster shows as another emoji, a stray accent or a box.
:func:`cut` counts and cuts in extended grapheme clusters (Unicode's UAX #29, as the
``regex`` module's ``\\X`` finds them), so whatever it keeps is whole.
"""

from __future__ import annotations

import regex

_CLUSTER = regex.compile(r"\X")
ELLIPSIS = "…"


def clusters(text: str) -> list[str]:
    """The grapheme clusters of ``text``, in order: ``"e\\u0301!"`` → ``["é", "!"]``."""
    return _CLUSTER.findall(text)


def cut(text: str, limit: int, mark: str = ELLIPSIS) -> str:
    """``text`` as it is when it has at most ``limit`` grapheme clusters; otherwise its
    first clusters, trailing spaces dropped, then ``mark``: at most ``limit`` clusters in
    all, ``mark`` counted as one."""
    if len(text) <= limit:  # no more code points than allowed: no more clusters either
        return text
    found = _CLUSTER.findall(text, overlapped=False)
    if len(found) <= limit:
        return text
    return "".join(found[: max(limit - 1, 0)]).rstrip() + mark
