"""Post HTML to literal text: what Mastodon and ActivityPub servers put in ``content``.

Servers send a post's text as HTML. This module turns it into the project's literal text
model (paragraphs of text, link and mention spans) and keeps nothing of the markup:

- ``<p>`` and other block elements (``div``, ``blockquote``, ``li``, headings…) delimit
  paragraphs, and each paragraph keeps what it is (:data:`~generator.model.BlockKind`): part
  of a ``blockquote``, an item of a ``ul`` or an ``ol``, a heading (``h1``–``h6``), ``pre``
  text, or plain text; ``<br>`` is a ``\\n`` inside a paragraph. A raw newline in the text
  is kept as a line break too, as Mastodon's web interface shows it (bridges such as Bridgy
  Fed send line breaks that way); the one newline that often follows ``<br>`` is dropped.
- ``<a class="mention">`` (inside Mastodon's ``<span class="h-card">``), or a link to a URL the
  post lists among its mentions, is a mention span. Its handle comes from the post's mention
  list by URL; otherwise from the link text (``@alice``), completed with a domain from the
  mention list or from the link when it is a profile URL such as
  ``https://example.social/@alice``, so that it reads ``alice@example.social`` where the
  domain can be known.
- Any other ``<a>`` with an ``http``/``https`` href is a link span showing the link's text
  (a hashtag link shows ``#tag`` and points to the tag's page). Mastodon shortens long links
  by hiding parts of them in ``<span class="invisible">``; those parts are kept, so the text
  shown is the whole URL. A link with another scheme (``javascript:``, ``data:``) is plain text.
- ``<script>``, ``<style>``, ``<template>`` and other elements whose content is not text are
  dropped with their content; every other tag is dropped and its text kept. Entities are
  decoded and every span goes through :func:`clean`.
- Text outside any link stays plain text: servers mark up the links and mentions they
  recognised, and this module does not second-guess them.
- A post whose quote is shown from its data leaves out the elements of class
  ``quote-inline``: Mastodon's ``<p class="quote-inline">RE: <a …>…</a></p>`` (and Pleroma's
  and Fedibird's spans) repeat the quote's address for readers that do not show quotes.

Malformed HTML (unclosed tags, stray end tags, broken comments) never raises: it is read
the way a browser would read it, as far as the standard library's parser allows.
"""

from __future__ import annotations

from collections.abc import Mapping
from html.parser import HTMLParser

from generator import text as txt
from generator.model import BlockKind, Paragraph, Span
from generator.sources.addresses import PROFILE_PATHS, host, http_url, profile_handle, qualify

__all__ = [
    "PROFILE_PATHS",
    "blocks",
    "clean",
    "host",
    "http_url",
    "literal",
    "paragraphs",
    "profile_handle",
    "qualify",
]

DROPPED = frozenset(
    {"script", "style", "template", "noscript", "noembed", "noframes", "iframe", "object"}
    | {"svg", "math", "head", "title"}
)
"""Elements removed together with everything inside them."""

BLOCKS = frozenset(
    {"p", "div", "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd", "hr", "address"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "details", "summary", "figure", "figcaption"}
    | {"table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th"}
    | {"section", "article", "aside", "header", "footer", "nav", "main"}
)
"""Elements that start and end a paragraph."""


clean = txt.clean
"""Readers of HTML sources clean every string the same way as plain text (which also drops
the lone surrogates that JSON escapes can make)."""


def paragraphs(html: str, mentions: Mapping[str, str] | None = None) -> tuple[Paragraph, ...]:
    """Convert post HTML to literal paragraphs (see the module docstring).

    ``mentions`` maps the URLs a post mentions (profile or actor URLs) to handles without ``@``,
    with their domain.
    """
    return blocks(html, mentions)[0]


def blocks(
    html: str, mentions: Mapping[str, str] | None = None, quoted: bool = False
) -> tuple[tuple[Paragraph, ...], tuple[BlockKind, ...]]:
    """Post HTML as literal paragraphs and the kind of each (``quote``, ``item``…; see the
    module docstring). With ``quoted``, the post's quote is shown from its data: the
    elements of class ``quote-inline``, the fallback servers write for readers that do not
    show quotes (``RE: <link>``), are left out."""
    html = _escape_unclosable(clean(html))  # controls and lone surrogates go before parsing
    parser = _Parser(mentions or {}, quoted)
    try:
        parser.feed(html)
        parser.close()
    except AssertionError:
        # The standard library's parser gives up on some broken declarations. Shown as
        # literal text they are harmless, and the rest of the post is still read.
        parser = _Parser(mentions or {}, quoted)
        parser.feed(html.replace("<!", "&lt;!"))
        parser.close()
    parser.end_paragraph()
    kinds = tuple(parser.kinds) if any(k != "text" for k in parser.kinds) else ()
    return tuple(parser.paragraphs), kinds


def literal(html: str) -> str:
    """HTML that stands for a line of text (ActivityPub's ``summary``: a content warning, an
    excerpt) as that text: entities decoded, tags dropped, ``<br>`` and paragraph breaks as
    ``\\n``, so that a warning of several lines keeps them."""
    found = paragraphs(html)
    return "\n".join("".join(span.text for span in para) for para in found).strip()


def _escape_unclosable(html: str) -> str:
    """``html`` with every ``<`` after its last ``>`` written ``&lt;``: the same text.

    No tag, comment or declaration can end without a ``>``, so the standard library's
    parser shows each such ``<`` and what follows it as text anyway, but only after
    searching the rest of the input for a ``>`` from every one of them: ``"<a" * 20_000``
    took seconds, growing with the square of its length.
    """
    last = html.rfind(">")
    tail = html[last + 1 :]
    return html if "<" not in tail else html[: last + 1] + tail.replace("<", "&lt;")


class _Anchor:
    def __init__(self, href: str, classes: set[str]):
        self.href = href
        self.classes = classes
        self.text: list[str] = []


STRUCTURE = frozenset({"blockquote", "ul", "ol", "li", "pre"} | {f"h{n}" for n in range(1, 7)})
"""Elements whose paragraphs keep what they are (:data:`~generator.model.BlockKind`)."""


class _Parser(HTMLParser):
    def __init__(self, mentions: Mapping[str, str], quoted: bool = False):
        super().__init__(convert_charrefs=True)
        self.mentions = mentions
        self.quoted = quoted
        self.paragraphs: list[Paragraph] = []
        self.kinds: list[BlockKind] = []
        self.kind: BlockKind = "text"
        """The kind of the paragraph being read, fixed when its first text comes."""
        self.inside: dict[str, int] = {}
        """How many of each element of :data:`STRUCTURE` are open (counts, not a stack:
        a paragraph's kind is then found in constant time however deep the nesting)."""
        self.lists: list[str] = []
        """The open ``ul`` and ``ol``, innermost last: an item's kind is its list's."""
        self.skipping = ""
        """The element of class ``quote-inline`` being left out (``quoted`` only)."""
        self.skip_depth = 0
        self.spans: list[Span] = []
        self.open = False
        self.anchor: _Anchor | None = None
        self.dropping: list[str] = []
        """Elements being dropped with their content, innermost last."""
        self.open_dropped: dict[str, int] = {}
        """How many of each tag ``dropping`` holds, so that an end tag finds whether it
        closes one without searching the stack."""
        self.after_break = False
        self.by_name: dict[str, set[str]] | None = None
        self.unclosed_comments = -1
        """Characters left to parse when a comment was found to have no end: no comment
        opening after it can have one either, and searching again from each would take
        time in proportion to the square of the input."""

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        # ``<![CDATA[…]]>`` and the like are bogus comments in HTML: a browser skips them up
        # to the next ``>``. The standard library raises on some of them instead.
        end = self.rawdata.find(">", i + 3)
        return -1 if end < 0 else end + 1

    def parse_comment(self, i: int, report: int = 1) -> int:
        # The text left to parse is always the end of the post (it is fed at once), so
        # its length says how far into the post ``i`` is, before and after the parser
        # drops what it has read.
        if len(self.rawdata) - i <= self.unclosed_comments:
            return -1
        end = super().parse_comment(i, report)
        if end < 0:
            self.unclosed_comments = len(self.rawdata) - i
        return end

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED:
            self.dropping.append(tag)
            self.open_dropped[tag] = self.open_dropped.get(tag, 0) + 1
            return
        if self.dropping:
            return
        if self.skipping == "p" and tag in BLOCKS:
            self.skipping = ""  # a block closes an open paragraph, as in a browser
        elif self.skipping:
            self.skip_depth += tag == self.skipping
            return
        if self.quoted and "quote-inline" in (dict(attrs).get("class") or "").split():
            if tag in BLOCKS:
                self.end_paragraph()
            self.skipping, self.skip_depth = tag, 1
            return
        if tag in STRUCTURE:
            self.end_paragraph()
            key = _structure_key(tag)
            self.inside[key] = self.inside.get(key, 0) + 1
            if tag in ("ul", "ol"):
                self.lists.append(tag)
        elif tag in BLOCKS:
            self.end_paragraph()
        elif tag == "br":
            self.add("\n")
            self.after_break = True
        elif tag == "a":
            self.end_anchor()
            values = dict(attrs)
            classes = set((values.get("class") or "").split())
            self.anchor = _Anchor(values.get("href") or "", classes)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Browsers read ``<script/>`` as an opening tag, whose content must still be dropped;
        # only foreign elements (``<svg/>``, ``<math/>``) close themselves, and ``<a/>`` has
        # no text.
        if tag in ("svg", "math", "a"):
            return
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            # An end tag closes the innermost open element of its name and every element
            # opened inside it. Each element is popped once: copying or searching the
            # stack for every end tag took minutes for tens of thousands of ``<svg>``.
            if self.open_dropped.get(tag):
                while True:
                    closed = self.dropping.pop()
                    self.open_dropped[closed] -= 1
                    if closed == tag:
                        break
            return
        if self.skipping:
            self.skip_depth -= tag == self.skipping
            if not self.skip_depth:
                self.skipping = ""
            return
        if tag in STRUCTURE:
            self.end_paragraph()
            key = _structure_key(tag)
            if self.inside.get(key):
                self.inside[key] -= 1
                if tag in ("ul", "ol"):
                    while self.lists and self.lists.pop() != tag:  # each popped once
                        pass
        elif tag in BLOCKS:
            self.end_paragraph()
        elif tag == "a":
            self.end_anchor()
        elif tag == "br":  # browsers read a stray ``</br>`` as ``<br>``
            self.add("\n")
            self.after_break = True

    def handle_data(self, data: str) -> None:
        if self.dropping or self.skipping:
            return
        if self.after_break and data.startswith("\n"):
            data = data[1:]
        if data:
            self.add(data)

    def add(self, data: str) -> None:
        self.after_break = False
        if not self.open and not data.strip():
            return  # whitespace between paragraphs is the source's formatting
        if not self.open:
            self.kind = self.current_kind()
        self.open = True
        if self.anchor is not None:
            self.anchor.text.append(data)
        else:
            self.spans.append(Span("text", data))

    def end_anchor(self) -> None:
        anchor, self.anchor = self.anchor, None
        if anchor is None:
            return
        shown = "".join(anchor.text)
        if not shown.strip():
            return
        href = http_url(anchor.href)
        mention = "hashtag" not in anchor.classes and (
            "mention" in anchor.classes or anchor.href in self.mentions
        )
        handle = self.handle(anchor.href, shown) if mention else ""
        if not handle and not href:
            self.spans.append(Span("text", shown))
            return
        inner = shown.strip()
        start = shown.index(inner)
        self.spans.append(Span("text", shown[:start]))
        self.spans.append(Span("mention", inner, handle) if handle else Span("link", inner, href))
        self.spans.append(Span("text", shown[start + len(inner) :]))

    def handle(self, href: str, shown: str) -> str:
        """The handle a mention link names, or ``""`` when none can be made out."""
        known = qualify(self.mentions.get(href, ""))
        if known:
            return known
        name = clean(shown).strip()
        if not name.startswith("@"):
            return ""
        name = name[1:]
        if "@" in name:
            return qualify(name)
        same = self.mentioned_by_name().get(name.lower(), ())
        if len(same) == 1:
            return qualify(next(iter(same)))
        # The link's host is the account's domain only where the link is a profile URL of
        # that account: a Bluesky profile link names no fediverse domain.
        linked = profile_handle(href)
        if linked.lower().split("@")[0] == name.lower():
            return linked
        return qualify(name)

    def mentioned_by_name(self) -> dict[str, set[str]]:
        """The handles of the mention list by their lower-case user name (``alice`` for
        ``Alice@example.social``), made once: a post may hold thousands of mention links,
        and going through the whole list for each took time in proportion to the square."""
        if self.by_name is None:
            self.by_name = {}
            for handle in self.mentions.values():
                self.by_name.setdefault(handle.lower().split("@")[0], set()).add(handle)
        return self.by_name

    def end_paragraph(self) -> None:
        self.end_anchor()
        para = _tidy(self.spans)
        if para:
            self.paragraphs.append(para)
            self.kinds.append(self.kind)
        self.spans = []
        self.open = False

    def current_kind(self) -> BlockKind:
        """What a paragraph that starts here is, by the elements open around it."""
        inside = self.inside
        if inside.get("li"):
            return "ordered" if self.lists and self.lists[-1] == "ol" else "item"
        if inside.get("h"):
            return "heading"
        if inside.get("pre"):
            return "code"
        return "quote" if inside.get("blockquote") else "text"


def _structure_key(tag: str) -> str:
    """The count an element of :data:`STRUCTURE` is kept under: every heading as ``h``."""
    return "h" if tag[0] == "h" else tag


def _tidy(items: list[Span]) -> Paragraph:
    """Clean every span, join neighbouring text and trim the paragraph's outer whitespace."""
    cleaned = [Span(s.kind, clean(s.text), s.target) for s in txt.merge_text(items)]
    spans = list(txt.merge_text([span for span in cleaned if span.text]))
    if spans and spans[0].kind == "text":
        spans[0] = Span("text", spans[0].text.lstrip())
    if spans and spans[-1].kind == "text":
        spans[-1] = Span("text", spans[-1].text.rstrip())
    return tuple(span for span in spans if span.text)
