"""Quote posts: which post a post quotes, and the fallback text that repeats it.

A quote is named in several ways, tried in this order:

1. ``quote``: FEP-044f, what Mastodon 4.5 sends (and tootik); the quoted object's URI, or
   the object itself;
2. ``quoteUrl`` (Pleroma, Akkoma, Misskey), ``_misskey_quote`` (Misskey and its forks) and
   ``quoteUri`` (Fedibird): the quoted object's URI;
3. an FEP-e232 object link: a ``Link`` in ``tag`` whose ``mediaType`` is ActivityStreams
   (``application/ld+json; profile="https://www.w3.org/ns/activitystreams"`` or
   ``application/activity+json``) and whose ``rel`` names a quote
   (``https://misskey-hub.net/ns#_misskey_quote``, ``http://fedibird.com/ns#quoteUri``) or
   whose ``name`` starts with ``RE:``;
4. the fallback itself, where nothing else names the quote: a line ``RE: <link>`` (or
   ``QT:``) that opens or ends the post, as servers without quotes write it.

Servers put that fallback into the quoting post's text for readers that do not show quotes
(Mastodon's ``<p class="quote-inline">RE: …</p>``, Misskey's ``RE: <url>`` after a blank
line). Where the quote is shown, the fallback is left out (:func:`without_fallback`), so
the reader does not see the quoted address twice.

Mastodon's API gives the quoted status itself (:func:`from_mastodon`). BookWyrm's
``Quotation`` also has a ``quote``, which is the passage of a book it quotes (read by the
ActivityPub reader as a block quote), not a post.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from generator.model import BlockKind, Paragraph, Quote, Span, paragraph_kinds, paragraph_lines
from generator.sources import activitystreams as ast
from generator.sources import html_text
from generator.sources.addresses import clean, host, http_url, qualify

PROPERTIES = ("quote", "quoteUrl", "_misskey_quote", "quoteUri")
"""Properties that name the quoted post, in the order they are tried."""
RELS = {
    "https://misskey-hub.net/ns#_misskey_quote",
    "http://fedibird.com/ns#quoteUri",
    "https://fedibird.com/ns#quoteUri",
}
"""``rel`` values of an FEP-e232 link that make it a quote."""
MEDIA_TYPES = (
    'application/ld+json; profile="https://www.w3.org/ns/activitystreams"',
    "application/activity+json",
)
"""The media types of an FEP-e232 link to an ActivityPub object."""
QUOTE_SHOWN = {"accepted", None}
"""The ``state`` of a Mastodon ``Quote`` whose quoted status is shown; ``None`` where a
server gives no state (Fedibird, Akkoma). Any other (pending, revoked, deleted…) hides it."""
_MARK = re.compile(r"(?:^|\s)(?:RE|QT):\s*$", re.IGNORECASE)
"""The ``RE:`` that stands before a fallback's link, at the end of the text before it."""


def reference(note: dict) -> tuple[str, dict]:
    """The URI of the post an ActivityPub object quotes, and the quoted object where it is
    embedded (an empty dict otherwise); ``("", {})`` when it quotes none."""
    if "Quotation" not in ast.types(note):
        for key in PROPERTIES:
            value = note.get(key)
            if isinstance(value, dict) and ast.types(value) & ast.POSTS and ast.uri(value):
                return ast.uri(value), value
            found = http_url(value)
            if found:
                return found, {}
    for tag in ast.as_list(note.get("tag")):
        if "Link" not in ast.types(tag) or tag.get("mediaType") not in MEDIA_TYPES:
            continue
        rels = {r for r in ast.as_list(tag.get("rel")) if isinstance(r, str)}
        name = tag.get("name") if isinstance(tag.get("name"), str) else ""
        if (rels & RELS or name.lstrip().upper().startswith("RE:")) and http_url(tag.get("href")):
            return http_url(tag.get("href")), {}
    return "", {}


def fallback_target(paragraphs: tuple[Paragraph, ...]) -> str:
    """The link of a ``RE: <link>`` line that opens or ends the post; ``""`` when none."""
    if not paragraphs:
        return ""
    for line in (_lines(paragraphs[0])[0], _lines(paragraphs[-1])[-1]):
        if (
            len(line) == 2
            and (line[0].kind, line[1].kind) == ("text", "link")
            and line[0].text.strip().upper() in ("RE:", "QT:")
        ):
            return line[1].target
    return ""


def _lines(para: Paragraph) -> list[list[Span]]:
    """The spans of each line of a paragraph, without blank text."""
    lines = paragraph_lines(para)
    return [[s for s in line if s.kind != "text" or s.text.strip()] for line in lines]


def without_fallback(
    paragraphs: tuple[Paragraph, ...], kinds: tuple[BlockKind, ...], targets: set[str]
) -> tuple[tuple[Paragraph, ...], tuple[BlockKind, ...]]:
    """The paragraphs without the first ``RE: <link>`` whose link leads to one of
    ``targets`` (the quoted post's URI and address); a paragraph left empty goes."""
    wanted = {t.rstrip("/") for t in targets if t}
    kept: list[Paragraph] = []
    kept_kinds: list[str] = []
    done = False
    for para, kind in zip(paragraphs, paragraph_kinds(paragraphs, kinds), strict=True):
        if not done:
            para, done = _cut(para, wanted)
            if not para:
                continue
        kept.append(para)
        kept_kinds.append(kind)
    return tuple(kept), tuple(kept_kinds) if kinds else ()


def _cut(para: Paragraph, wanted: set[str]) -> tuple[Paragraph, bool]:
    """``para`` without its ``RE: <link to wanted>``, and whether it had one."""
    for at, span in enumerate(para):
        if span.kind != "link" or span.target.rstrip("/") not in wanted or at == 0:
            continue
        before = para[at - 1]
        match = _MARK.search(before.text) if before.kind == "text" else None
        if match is None:
            continue
        spans = [*para[: at - 1], Span("text", before.text[: match.start()]), *para[at + 1 :]]
        return _trimmed(spans), True
    return para, False


def _trimmed(spans: list[Span]) -> Paragraph:
    """Spans without empty text and without the whitespace left at either end."""
    spans = [s for s in spans if s.text]
    if spans and spans[0].kind == "text":
        spans[0] = Span("text", spans[0].text.lstrip())
    if spans and spans[-1].kind == "text":
        spans[-1] = Span("text", spans[-1].text.rstrip())
    joined: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if joined and span.kind == "text" == joined[-1].kind:
            joined[-1] = Span("text", joined[-1].text + span.text)
        else:
            joined.append(span)
    return tuple(joined)


def embedded_text(quoted: Any) -> str:
    """The HTML ``content`` of an embedded quoted object; ``""`` when there is none."""
    if not isinstance(quoted, dict):
        return ""
    content = quoted.get("content")
    if content is None and isinstance(quoted.get("contentMap"), dict):
        content = next(iter(quoted["contentMap"].values()), None)
    return content if isinstance(content, str) else ""


def from_mastodon(
    status: dict, readable: Callable[[dict], bool], is_id: Callable[[object], bool]
) -> Quote | None:
    """The status a status quotes: Mastodon 4.5's ``quote`` (a ``Quote`` with the quoted
    ``quoted_status``, or a ``ShallowQuote`` with only its ``quoted_status_id``), or the
    quoted status itself as Fedibird and Akkoma give it in ``quote`` and Pleroma in
    ``pleroma.quote`` (or only its address, ``pleroma.quote_url``); ``None`` when none.
    A quote whose state is not ``accepted`` is withdrawn: nothing of the quoted status is
    kept, and neither is a status that ``readable`` refuses. ``is_id`` says what a status
    id is."""
    pleroma = status.get("pleroma") if isinstance(status.get("pleroma"), dict) else {}
    found = status.get("quote") or pleroma.get("quote")
    if not isinstance(found, dict):
        address = http_url(pleroma.get("quote_url"))
        return Quote(uri=address, url=address) if address else None
    state = found.get("state") if isinstance(found.get("state"), str) else None
    state = state if "state" not in found or state else "unknown"
    quoted = found.get("quoted_status", found if "account" in found else None)
    quoted_id = found.get("quoted_status_id")
    if isinstance(quoted, dict):
        quoted_id = quoted.get("id")
    status_id = str(quoted_id) if is_id(quoted_id) else ""
    hidden = state not in QUOTE_SHOWN or (isinstance(quoted, dict) and not readable(quoted))
    if hidden or not isinstance(quoted, dict):
        return Quote(uri="", status_id="" if hidden else status_id, withdrawn=hidden)
    uri = clean(quoted["uri"]).strip() if isinstance(quoted.get("uri"), str) else ""
    account = quoted.get("account") if isinstance(quoted.get("account"), dict) else {}
    acct, url = account.get("acct"), account.get("url")
    author = qualify(acct, host(url)) if isinstance(acct, str) else ""
    content = quoted.get("content") if isinstance(quoted.get("content"), str) else ""
    mentions = {
        m["url"]: qualify(m["acct"], host(m["url"]))
        for m in ast.as_list(quoted.get("mentions"))
        if isinstance(m, dict) and isinstance(m.get("url"), str) and isinstance(m.get("acct"), str)
    }
    return Quote(
        uri=uri,
        url=http_url(quoted.get("url")) or http_url(uri),
        author=author,
        paragraphs=html_text.paragraphs(content, mentions),
        status_id=status_id,
    )
