"""Which way a post's words read, and which language they are in, as HTML attributes.

A card's own labels ("replying to", "Themes") are in the site's language and read as the
site reads; only the post's words (its title, excerpt, text, poll answers, warning) carry
the ``lang`` the source gives and the direction of their first strong letter
(:func:`text_direction`). That letter is found after any mentions and links the text opens
with: every reply on Mastodon opens with ``@handle``, whose Latin letters would otherwise
lay out an Arabic or Hebrew reply left to right (which is what ``dir="auto"`` does).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from html import escape
from typing import Literal

from generator.model import Paragraph, Span

Direction = Literal["ltr", "rtl", ""]

_STRONG: dict[str, Direction] = {"L": "ltr", "R": "rtl", "AL": "rtl"}
"""Unicode bidirectional classes that decide a direction: left-to-right letters, and the
right-to-left letters of Hebrew (``R``) and Arabic, Syriac, Thaana (``AL``)."""
_BLANK = r"[\s\u200b-\u200d\u2060\ufeff]*"
"""Spaces, line breaks and the invisible characters that join or break words."""
_LEADING_HANDLE = re.compile(_BLANK + r"@[\w.\-]+(?:@[\w.\-]+)?")
"""A handle typed as text at the start of a paragraph (``@alice``, ``@alice@example.social``),
with the spaces before it."""
_BLANKS = re.compile(_BLANK)
_LANG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
"""A BCP 47 language tag's shape (``en``, ``pt-BR``, ``zh-Hant-TW``)."""


def text_direction(paragraph: Paragraph | str) -> Direction:
    """The direction a paragraph reads in: that of its first strong character (a letter of
    a left-to-right or of a right-to-left script, by its Unicode bidirectional class ``L``,
    ``R`` or ``AL``) *after* the mentions and links it opens with; ``""`` when no strong
    character follows them.

    The mentions a reply opens with (``@alice``, whether a mention span or typed as text)
    and the links and hashtags before the first words name someone or something rather
    than say anything; their Latin letters do not make an Arabic or Hebrew reply read left
    to right. Digits, punctuation, spaces and emoji are not strong and are passed over. A
    string is read as one paragraph of text.

    ``"@alice أعتقد …"`` → ``rtl``; ``"@سمير I think …"`` → ``ltr``; ``"@alice 42 !"`` → ``""``.
    """
    spans: Iterable[Span] = (Span("text", paragraph),) if isinstance(paragraph, str) else paragraph
    opening = True
    for span in spans:
        text = span.text
        if opening:
            if span.kind != "text":
                continue  # a mention or a link before the first words
            at = 0
            while True:
                match = _LEADING_HANDLE.match(text, at)
                if match is None:
                    break
                at = match.end()
            blank = _BLANKS.match(text, at)
            at = blank.end() if blank else at
            if at == len(text):
                continue
            text = text[at:]
            opening = False
        for char in text:
            direction = _STRONG.get(unicodedata.bidirectional(char))
            if direction is not None:
                return direction
    return ""


def first_direction(paragraphs: Iterable[Paragraph | str]) -> Direction:
    """The direction of the first of ``paragraphs`` that has one (:func:`text_direction`):
    a post's, whose first paragraph may hold nothing but the mentions it opens with."""
    return next((d for d in map(text_direction, paragraphs) if d), "")


def dir_attr(direction: Direction, fallback: str = "auto") -> str:
    """`` dir="…"`` for an element: ``direction``, or ``fallback`` when it is ``""`` (the
    browser's own ``auto``, or the direction of the post around it); nothing when both
    are empty."""
    value = direction or fallback
    return f' dir="{value}"' if value else ""


def language(lang: str) -> str:
    """The source's language tag when it has a tag's shape, else ``""``: a source's value
    is untrusted, and a malformed ``lang`` is worse than none."""
    lang = lang.strip()
    return lang if len(lang) <= 35 and _LANG.fullmatch(lang) else ""


def lang_attr(lang: str) -> str:
    """`` lang="…"`` for the post's words, or nothing when the source gives no language (or
    none of a tag's shape)."""
    tag = language(lang)
    return f' lang="{escape(tag)}"' if tag else ""


def words_attrs(lang: str, text: Paragraph | str, fallback: str = "auto") -> str:
    """`` lang="…" dir="…"`` for one element holding some of the post's words."""
    return lang_attr(lang) + dir_attr(text_direction(text), fallback)
