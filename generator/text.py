"""Literal text: cleaning untrusted characters and finding links and mentions.

Readers call :func:`clean` on everything they take from a source and :func:`spans` to split a
paragraph into text, links and mentions. Only ``http``/``https`` URLs become links; any other
scheme (``javascript:``, ``data:``) stays plain text.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from pathlib import Path

from generator.errors import ContentError, Problem
from generator.model import Paragraph, Span

# C0 controls except tab and newline, DEL, and C1 controls: a browser may show C1 as
# something else entirely (U+0091 becomes a curly quote), so a reader could not see what
# was written.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""Also the bidi embeddings, overrides and isolates (U+202A–E, U+2066–9): they have no
visible form of their own and can reorder the text around them ("Trojan Source"). The
marks U+200E/U+200F, which right-to-left writers need, are kept. Lone surrogates, which a
JSON escape can produce but no text can hold, go too."""

_HANDLE = r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?"
_DOMAIN = r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
MENTION = re.compile(rf"(?<![\w@/.])@({_HANDLE}(?:@{_DOMAIN})?)")
"""``@user`` or ``@user@example.social``, not inside an e-mail address or URL."""

HANDLE = re.compile(rf"@?{_HANDLE}(?:@{_DOMAIN})?")
"""A handle as people write it in data files: ``alice`` or ``@alice@example.social``."""

_URL = re.compile(r"https?://[^\s<>\"'\u00a0]+", re.IGNORECASE)
_TRAILING = ".,;:!?…'\"’”»"
_TOKEN = re.compile(f"{_URL.pattern}|{MENTION.pattern}", re.IGNORECASE)


def clean(text: str) -> str:
    """Normalise to NFC, unify line ends and drop control and bidi-override characters (tab
    becomes a space)."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    return text if text.isascii() else unicodedata.normalize("NFC", text)  # ASCII is NFC


def _trim_url(url: str) -> str:
    """Drop punctuation that ends a sentence rather than the URL; keep balanced brackets.

    From the end: sentence punctuation goes, and so does a ``)`` while the URL left has more
    ``)`` than ``(``. One pass with running counts: a URL followed by a long run of ``)`` or
    ``.`` (untrusted text) costs time in proportion to its length, not its square.
    """
    opening, closing = url.count("("), url.count(")")
    end = len(url)
    while end:
        last = url[end - 1]
        if last == ")" and opening < closing:
            closing -= 1
        elif last not in _TRAILING:  # holds no bracket: dropping it leaves the counts
            break
        end -= 1
    return url[:end]


def spans(text: str) -> Paragraph:
    """Split cleaned text into text, link and mention spans that together spell ``text``."""
    if "@" not in text and "://" not in text:
        return (Span("text", text),) if text else ()  # no mention nor link can start
    out: list[Span] = []
    pos = resume = 0
    # Scanning the text with _TOKEN at every character was most of the time spent reading;
    # a token can only start at an "@" or at the "http" or "https" before a "://", so the
    # expression is tried only there, as finditer would: left to right, each search going
    # on where the last match ended.
    for start in _token_starts(text):
        match = _TOKEN.match(text, start) if start >= resume else None
        if match is None:
            continue
        end = resume = match.end()
        if text[start] == "@":
            span = _mention(*match.group(0, 1))
        else:
            token = _trim_url(match.group())
            if len(token) <= len("https://"):
                continue
            span, end = Span("link", token, token), start + len(token)
        if start > pos:
            out.append(Span("text", text[pos:start]))
        out.append(span)
        pos = end
    if pos < len(text):
        out.append(Span("text", text[pos:]))
    return tuple(out)  # no two text spans are neighbours: a token lies between any two


def _token_starts(text: str) -> list[int]:
    """Every place where a link or a mention may start, in order: each "@", and the places
    four and five characters before each "://" (``http`` and ``https``)."""
    starts = []
    at = text.find("@")
    while at >= 0:
        starts.append(at)
        at = text.find("@", at + 1)
    at = text.find("://")
    while at >= 0:
        starts.extend(start for start in (at - 5, at - 4) if start >= 0)
        at = text.find("://", at + 1)
    starts.sort()
    return starts


@functools.lru_cache(maxsize=4096)
def _mention(token: str, handle: str) -> Span:
    """The span of a mention; the same few people are mentioned over and over, and spans
    cannot change, so one span serves each of them (bounded, for hostile input)."""
    return Span("mention", token, handle)


def merge_text(items: list[Span]) -> Paragraph:
    """Neighbouring text spans joined into one."""
    merged: list[Span] = []
    run: list[Span] = []  # text spans not yet joined
    for span in items:
        if span.kind == "text":
            run.append(span)
            continue
        _join(run, merged)
        merged.append(span)
    _join(run, merged)
    return tuple(merged)


def _join(run: list[Span], merged: list[Span]) -> None:
    """Append the text spans of ``run`` to ``merged`` as one span and empty ``run``."""
    # A run is joined at once, not piece by piece: post HTML can hold tens of thousands of
    # text pieces in a row (``x<i>x<i>…``), and adding each to the text so far copied it.
    if len(run) == 1:
        merged.append(run[0])
    elif run:
        merged.append(Span("text", "".join(piece.text for piece in run)))
    run.clear()


def mentions(paragraphs: tuple[Paragraph, ...]) -> tuple[str, ...]:
    """Handles mentioned, in order of first appearance, each once regardless of case."""
    seen: dict[str, str] = {}
    for para in paragraphs:
        for span in para:
            if span.kind == "mention":
                seen.setdefault(span.target.lower(), span.target)
    return tuple(seen.values())


def content_id(text: str) -> str:
    """A stable id from a post's own text: the first 10 hex digits of its SHA-256.

    It depends on nothing but the post itself, so it survives changes to themes, to other
    posts and to their annotations.
    """
    return hashlib.sha256(_fold(text).encode("utf-8")).hexdigest()[:10]


def _fold(text: str) -> str:
    """``" ".join(text.split())``: every run of whitespace as one space, none at the ends."""
    # Splitting into words costs most of the id; most posts need no more than their
    # paragraph breaks made spaces. A printable string holds no whitespace but " ".
    folded = text.replace("\n\n", " ")
    if folded.isprintable() and "  " not in folded and folded[:1] != " " != folded[-1:]:
        return folded
    return " ".join(text.split())


def unique_ids(ids: list[str]) -> list[str]:
    """Make repeated ids unique by suffixing ``-2``, ``-3``… in order of appearance."""
    counts: dict[str, int] = {}
    out = []
    for post_id in ids:
        counts[post_id] = counts.get(post_id, 0) + 1
        out.append(post_id if counts[post_id] == 1 else f"{post_id}-{counts[post_id]}")
    return out


def decode(data: bytes, path: str) -> str:
    """Decode UTF-8 (an optional BOM is dropped); invalid bytes are an error naming the line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ContentError(
            Problem(path, line, f"invalid UTF-8 at byte {err.start}: expected UTF-8 text")
        ) from None


def read_file(file: Path, label: str) -> str:
    """Read and decode a UTF-8 file; ``label`` is the path shown in messages."""
    try:
        data = file.read_bytes()
    except OSError as err:
        raise ContentError(Problem(label, 0, f"cannot read file: {err.strerror}")) from None
    return decode(data, label)
