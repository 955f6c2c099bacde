"""Bluesky rich text: a post record's ``text`` and ``facets`` into paragraphs of spans.

A post record (lexicon ``app.bsky.feed.post``) holds its text as plain characters and marks
mentions, links and hashtags in it as *facets* (lexicon ``app.bsky.richtext.facet``)::

    {"index": {"byteStart": 6, "byteEnd": 25},
     "features": [{"$type": "app.bsky.richtext.facet#mention", "did": "did:plc:…"}]}

The offsets count **bytes of the text's UTF-8 encoding**, not characters: an emoji before a
facet moves it by four, an accented letter by two, a CJK character by three. A facet becomes
a span of its own, with the characters between its offsets as the span's text:

- ``#mention`` (``did``): a mention of the handle the thread's authors give that DID (the
  ``handles`` argument), else of the handle its own text spells; a mention of a DID no handle
  is known for links to the profile (``https://bsky.app/profile/<did>``);
- ``#link`` (``uri``): a link to the full ``uri``, while its text is what the author's client
  showed, often shortened (``example.org/essays/w...``); a ``uri`` that is not http(s) leaves
  the text plain;
- ``#tag`` (``tag``): a link to the hashtag's page, ``https://bsky.app/hashtag/<tag>``.

A facet is ignored, and said why (:data:`Warn`), when its offsets are not integers, fall
outside the text, are empty or reversed, overlap a facet before it, or do not fall on
character boundaries (the middle of a multi-byte character): its characters stay plain text.
Nothing in a facet can make reading fail.

Text outside facets stays plain: Bluesky makes no link or mention of what no facet marks.
Paragraphs are separated by blank lines; a single line break stays inside its paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote

from generator import text as txt
from generator.model import Paragraph, Span
from generator.sources.addresses import http_url, qualify

Warn = Callable[[str], None]
"""Told why a facet is ignored: ``facet 2: byte offsets 3–5 split a character; ignored``."""

PROFILE = "https://bsky.app/profile/"
"""Where Bluesky's web app shows a profile, by handle or DID."""
HASHTAG = "https://bsky.app/hashtag/"
"""Where Bluesky's web app lists the posts of a hashtag."""
DID = re.compile(r"did:[a-z]+:[A-Za-z0-9._:%-]{1,2048}")
"""A DID (``did:plc:…``, ``did:web:…``), as the AT Protocol's identity spec gives it."""
_BREAK = re.compile(r"\n[ \t]*\n\s*")
"""A blank line, and any space after it, between two paragraphs."""


def paragraphs(
    text: str, facets: Any, handles: Mapping[str, str], warn: Warn
) -> tuple[Paragraph, ...]:
    """``text`` with its ``facets`` (the record's fields, unchecked) as paragraphs of spans;
    ``handles`` maps DIDs to handles. Every facet ignored is told to ``warn``."""
    if not isinstance(text, str) or not text:
        return ()
    data = text.encode("utf-8", "surrogatepass")
    runs: list[Span] = []
    at = 0
    for start, end, feature in _usable(data, facets, warn):
        if start > at:
            runs.append(Span("text", _decode(data[at:start])))
        runs.append(_span(_decode(data[start:end]), feature, handles))
        at = end
    if at < len(data):
        runs.append(Span("text", _decode(data[at:])))
    return _split(runs)


def _decode(piece: bytes) -> str:
    """A run of the text between two character boundaries; a lone surrogate (which a JSON
    escape can give) is dropped by :func:`generator.text.clean`."""
    return txt.clean(piece.decode("utf-8", "surrogatepass"))


def _boundary(data: bytes, offset: int) -> bool:
    """Whether ``offset`` falls between two characters of UTF-8 ``data`` (or at an end)."""
    return offset in (0, len(data)) or (data[offset] & 0xC0) != 0x80


def _usable(data: bytes, facets: Any, warn: Warn) -> list[tuple[int, int, dict]]:
    """``(byteStart, byteEnd, feature)`` of each facet that can be used, in text order."""
    if not isinstance(facets, list):
        if facets is not None:
            warn("facets: not a list; ignored")
        return []
    found: list[tuple[int, int, int, dict]] = []
    for number, facet in enumerate(facets):
        where = f"facet {number}"
        index = facet.get("index") if isinstance(facet, dict) else None
        start = index.get("byteStart") if isinstance(index, dict) else None
        end = index.get("byteEnd") if isinstance(index, dict) else None
        if not (_integer(start) and _integer(end)):
            warn(f"{where}: expected integer byteStart and byteEnd; ignored")
            continue
        if not 0 <= start < end <= len(data):
            warn(
                f"{where}: byte offsets {start}–{end} are not a run of the text's "
                f"{len(data)} bytes; ignored"
            )
            continue
        if not (_boundary(data, start) and _boundary(data, end)):
            warn(f"{where}: byte offsets {start}–{end} split a character; ignored")
            continue
        feature = _feature(facet.get("features"))
        if feature is None:
            warn(f"{where}: no mention, link or tag among its features; ignored")
            continue
        found.append((start, end, number, feature))
    usable: list[tuple[int, int, dict]] = []
    at = 0
    for start, end, number, feature in sorted(found, key=lambda item: (item[0], item[2])):
        if start < at:
            warn(f"facet {number}: byte offsets {start}–{end} overlap another facet; ignored")
            continue
        usable.append((start, end, feature))
        at = end
    return usable


def _integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _feature(features: Any) -> dict | None:
    """The first feature of a facet that the reader knows, checked; None if none is."""
    for feature in features if isinstance(features, list) else []:
        if not isinstance(feature, dict):
            continue
        kind = feature.get("$type")
        if kind == "app.bsky.richtext.facet#mention" and isinstance(feature.get("did"), str):
            return feature
        if kind == "app.bsky.richtext.facet#link" and isinstance(feature.get("uri"), str):
            return feature
        if kind == "app.bsky.richtext.facet#tag" and isinstance(feature.get("tag"), str):
            return feature
    return None


def _span(shown: str, feature: dict, handles: Mapping[str, str]) -> Span:
    """The span of one facet's text."""
    kind = feature["$type"].rsplit("#", 1)[1]
    if kind == "mention":
        did = feature["did"]
        handle = handle_of(did, handles) or qualify(shown.strip())
        if handle:
            return Span("mention", shown, handle)
        if DID.fullmatch(did):
            return Span("link", shown, PROFILE + quote(did, safe=":"))
        return Span("text", shown)
    if kind == "link":
        target = http_url(feature["uri"])
        return Span("link", shown, target) if target else Span("text", shown)
    tag = txt.clean(feature["tag"]).strip().lstrip("#")
    return Span("link", shown, HASHTAG + quote(tag, safe="")) if tag else Span("text", shown)


def handle_of(did: object, handles: Mapping[str, str]) -> str:
    """The handle the thread gives a DID; ``""`` when none, or not a handle
    (``handle.invalid`` is what the AppView says of a handle that no longer resolves)."""
    found = handles.get(did, "") if isinstance(did, str) else ""
    return "" if found == "handle.invalid" else qualify(found)


def _split(runs: list[Span]) -> tuple[Paragraph, ...]:
    """Spans into paragraphs at the blank lines of their text spans."""
    paras: list[list[Span]] = [[]]
    for span in runs:
        if span.kind != "text":
            paras[-1].append(span)
            continue
        pieces = _BREAK.split(span.text)
        for number, piece in enumerate(pieces):
            if number:
                paras.append([])
            if piece:
                paras[-1].append(Span("text", piece))
    shaped = [_trimmed(list(txt.merge_text(para))) for para in paras]
    return tuple(tuple(para) for para in shaped if para)


def _trimmed(para: list[Span]) -> list[Span]:
    """A paragraph without the spaces and line breaks at its ends."""
    if para and para[0].kind == "text":
        para[0] = Span("text", para[0].text.lstrip())
    if para and para[-1].kind == "text":
        para[-1] = Span("text", para[-1].text.rstrip())
    return [span for span in para if span.kind != "text" or span.text]
