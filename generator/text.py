"""Literal text: cleaning untrusted characters and finding links and mentions.

Readers call :func:`clean` on everything they take from a source and :func:`spans` to split a
paragraph into text, links and mentions. Only ``http``/``https`` URLs become links; any other
scheme (``javascript:``, ``data:``) stays plain text.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import stat
import unicodedata
from pathlib import Path

from generator.errors import ContentError, Problem
from generator.model import Paragraph, Span

# C0 controls except tab and newline, DEL, and C1 controls: a browser may show C1 as
# something else entirely (U+0091 becomes a curly quote), so a reader could not see what
# was written.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
"""Also the bidi embeddings, overrides and isolates (U+202A–E, U+2066–9): they have no
visible form of their own and can reorder the text around them ("Trojan Source"). The
marks U+200E/U+200F, which right-to-left writers need, are kept. U+FEFF goes: a byte-order
mark left at the start of a line or a file would hide what the line starts with (a line
that opens with a mention starts a new post), and as a zero-width no-break space it is
deprecated for U+2060. Lone surrogates, which a JSON escape can produce but no text can
hold, go too."""

_INVISIBLE = (
    r"\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160"
    r"\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164"
    r"\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    r"\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
"""The inside of a regular-expression class of the characters that have no visible form
of their own: format characters (Unicode category Cf: soft hyphen, zero-width space,
joiners, word joiner…) and the other default-ignorable code points (variation selectors,
Hangul fillers). Text keeps most of them (U+200B breaks Thai words, U+200C and U+200D
join Persian letters and emoji); they must only never split what reads as one handle."""

_HANDLE = r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?"
_DOMAIN = r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
_WHOLE = (
    rf"(?>{_HANDLE}(?:@{_DOMAIN})?)"
    rf"(?![.-]*+(?:@[A-Za-z0-9.-]*+)?[{_INVISIBLE}][.@{_INVISIBLE}]*+[A-Za-z0-9_-])"
    r"(?!\w)"
)
"""A handle as long as it goes, and no invisible character after it that joins it to more
of one: ``@ali<U+200B>ce`` shows as ``@alice``, so it must not be read as ``@ali`` (nor,
by giving characters back, as ``@al``); no more may ``@aliçe``, which runs on past the
letters a handle holds; and ``@ali@exam<U+200B>ple.social`` not as a
handle without its domain. Such text is no handle at all. An invisible character before
a space or punctuation (a right-to-left mark after a mention) changes nothing. Every run
is possessive, and no other mention can start inside the runs read after one (each
``@`` there follows a handle, a ``.``, an ``@`` or invisible characters joined to them),
so the text after a mention is read once however many mentions a post holds."""

MENTION = re.compile(rf"(?<![\w@/.])@({_WHOLE})")
"""``@user`` or ``@user@example.social``, not inside an e-mail address or URL, nor joined
to more of a handle by an invisible character (:func:`spans` also looks past invisible
characters before the ``@``)."""

HANDLE = re.compile(rf"@?{_WHOLE}")
"""A handle as people write it in data files: ``alice`` or ``@alice@example.social``."""

_INVISIBLE_CHAR = re.compile(f"[{_INVISIBLE}]")
_BEFORE_MENTION = re.compile(r"[\w@/.]")
"""What may not stand right before a mention's ``@`` (MENTION's look-behind)."""

_URL = re.compile(rf"https?://[^\s<>\"'\u00a0{_INVISIBLE}]+", re.IGNORECASE)
"""An http(s) address up to a space, a quote or an invisible character: the link's
target must be what the reader sees."""
_TRAILING = ".,;:!?…'\"’”»"
_TOKEN = re.compile(f"{_URL.pattern}|{MENTION.pattern}", re.IGNORECASE)


def clean(text: str) -> str:
    """Normalise to NFC, unify line ends and drop control and bidi-override characters and
    U+FEFF (tab becomes a space)."""
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
        if start < resume or (text[start] == "@" and _joined_before(text, start)):
            continue
        match = _TOKEN.match(text, start)
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


def _joined_before(text: str, at: int) -> bool:
    """Whether the ``@`` at ``at`` follows invisible characters that join it to what
    stands before them: ``ali<U+200B>@example.social`` shows as an address, and
    ``@ali<U+200B>@example.social`` as one handle, so neither holds a mention of
    ``example.social``. MENTION's look-behind cannot look past them (it has a fixed width)."""
    before = at
    while before and _INVISIBLE_CHAR.match(text, before - 1):
        before -= 1
    return before < at and before > 0 and bool(_BEFORE_MENTION.match(text, before - 1))


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


SOURCE_BYTES = 512 * 1024 * 1024
"""The largest source file read (a thread's text or JSON): about a million posts."""
DATA_BYTES = 16 * 1024 * 1024
"""The largest file of the editors' or contributors' data read (YAML, Markdown)."""


def read_file(file: Path, label: str, limit: int = SOURCE_BYTES) -> str:
    """Read and decode a UTF-8 file of at most ``limit`` bytes; ``label`` is the path shown
    in messages. Anything but a regular file (a device such as ``/dev/zero``, a pipe) is
    refused before it is read, and a file's contents never appear in a message."""
    try:
        with file.open("rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise ContentError(Problem(label, 0, "not a regular file; expected a file of text"))
            data = stream.read(limit + 1)
    except OSError as err:
        raise ContentError(Problem(label, 0, f"cannot read file: {err.strerror}")) from None
    if len(data) > limit:
        raise ContentError(
            Problem(label, 0, f"file larger than {limit:,} bytes; expected at most that")
        )
    return decode(data, label)
