"""Literal text: cleaning untrusted characters and finding links and mentions.

Readers call :func:`clean` on everything they take from a source and :func:`spans` to split a
paragraph into text, links and mentions. Only ``http``/``https`` URLs become links; any other
scheme (``javascript:``, ``data:``) stays plain text.
"""

from __future__ import annotations

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
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return unicodedata.normalize("NFC", _CONTROL.sub("", text))


def _trim_url(url: str) -> str:
    """Drop punctuation that ends a sentence rather than the URL; keep balanced brackets."""
    while url:
        last = url[-1]
        if last in _TRAILING or (last == ")" and url.count("(") < url.count(")")):
            url = url[:-1]
        else:
            break
    return url


def spans(text: str) -> Paragraph:
    """Split cleaned text into text, link and mention spans that together spell ``text``."""
    out: list[Span] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        start, token = match.start(), match.group(0)
        if token.startswith("@"):
            span = Span("mention", token, match.group(1))
        else:
            token = _trim_url(token)
            if len(token) <= len("https://"):
                continue
            span = Span("link", token, token)
        if start > pos:
            out.append(Span("text", text[pos:start]))
        out.append(span)
        pos = start + len(token)
    if pos < len(text):
        out.append(Span("text", text[pos:]))
    return merge_text(out)


def merge_text(items: list[Span]) -> Paragraph:
    """Neighbouring text spans joined into one."""
    merged: list[Span] = []
    for span in items:
        if merged and span.kind == "text" and merged[-1].kind == "text":
            merged[-1] = Span("text", merged[-1].text + span.text)
        else:
            merged.append(span)
    return tuple(merged)


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
    folded = " ".join(text.split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:10]


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
