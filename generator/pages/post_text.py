"""A post's words as escaped HTML: its paragraphs with their structure (lists, block quotes,
headings, code), mentions and links made links, glossary terms linked to their definitions,
and each paragraph's direction.

Every character of a post is escaped; only ``link`` spans (http/https URLs) and ``mention``
spans become ``<a>`` elements. Nothing here contains a blank line, which would end
Markdown's raw HTML block (a code block writes its line breaks as ``&#10;``), and links are
written from the site's root (see :mod:`generator.pages.context`).

Paragraph kinds (:data:`~generator.model.BlockKind`) become their elements: a run of
``item`` paragraphs one ``<ul>``, of ``ordered`` ones one ``<ol>``, of ``quote`` ones one
``<blockquote>``; a ``heading`` an ``<h4>`` (the card is an ``<h2>``, an article's title an
``<h3>``: see :func:`generator.pages.cards.assemble`, which makes both paragraphs off the
thread page); ``code`` a ``<pre>``.

Each paragraph reads in the direction of its own words (:func:`text_direction`), or the
post's where it has none; a paragraph whose lines read in different directions gives each
line its own. Mentions and links isolate their text (``dir="auto"``), so ``@alice`` reads
``@alice`` inside Arabic. A link whose text is an address on another host than the one it
leads to says where it leads (:func:`link`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from urllib.parse import urlsplit

from generator import urls
from generator.i18n import t_html
from generator.model import Paragraph, Span, paragraph_kinds, paragraph_lines
from generator.pages.context import Context
from generator.pages.direction import Direction, dir_attr, lang_attr, text_direction
from generator.pages.markup import a, title_attr

GROUPED = {"item": "ul", "ordered": "ol", "quote": "blockquote"}
"""Paragraph kinds that a run of them shares one element for, and that element."""
_ADDRESS_TEXT = re.compile(
    r"(?:[a-z][a-z0-9+.\-]*://)?(?:[^\s/?#@]+@)?"
    r"(?P<host>(?:[^\W_](?:[\w\-]*[^\W_])?\.)+[^\W\d_]{2,}\.?)(?::\d+)?(?:[/?#]\S*)?",
    re.IGNORECASE,
)
"""Link text that is an address (``https://example.org/a``, ``www.example.org``,
``example.org/a…``), with its host."""


def body(
    paragraphs: tuple[Paragraph, ...],
    ctx: Context,
    linked: set[str] | None = None,
    kinds: Sequence[str] = (),
    *,
    glossary: bool = True,
    direction: Direction = "",
) -> str:
    """The post's text as escaped HTML, each paragraph in the element its kind asks for;
    the first use of each glossary term links to its definition (unless not ``glossary``),
    and the ids of the terms used are added to ``linked``. A paragraph without a direction
    of its own takes ``direction`` (the post's), else ``auto``."""
    linked = set() if linked is None else linked
    out: list[str] = []
    open_group = ""
    for para, kind in zip(paragraphs, paragraph_kinds(paragraphs, tuple(kinds)), strict=True):
        group = GROUPED.get(kind, "")
        if group != open_group:
            if open_group:
                out.append(f"</{open_group}>")
            if group:
                # the list (or quote) reads as its first paragraph does
                out.append(f"<{group}{dir_attr(text_direction(para), direction or 'auto')}>")
            open_group = group
        own = text_direction(para)
        attrs = dir_attr(own, direction or "auto")
        if kind == "code":
            text = escape("".join(span.text for span in para)).replace("\n", "&#10;")
            out.append(f'<pre class="post__code"{attrs}><code>{text}</code></pre>')
            continue
        html = _lines(para, ctx, linked if glossary else None, own or direction)
        if kind in ("item", "ordered"):
            out.append(f"<li{attrs}>{html}</li>")
        elif kind == "heading":
            out.append(f'<h4 class="post__subheading"{attrs}>{html}</h4>')
        else:
            out.append(f"<p{attrs}>{html}</p>")
    if open_group:
        out.append(f"</{open_group}>")
    return "".join(out)


def _lines(para: Paragraph, ctx: Context, linked: set[str] | None, direction: str) -> str:
    """A paragraph's spans as HTML, its lines separated by ``<br>``. When some of its lines
    read in another direction than ``direction`` (the paragraph's), each line is a
    ``<span dir>`` of its own, so that an English line inside an Arabic paragraph reads
    left to right."""
    if not any("\n" in span.text for span in para if span.kind == "text"):
        return _spans(para, ctx, linked)
    lines = paragraph_lines(para)
    directions = [text_direction(tuple(line)) for line in lines]
    if all(d in ("", direction) for d in directions):
        return _spans(para, ctx, linked)
    return "<br>".join(
        f'<span class="post__line"{dir_attr(d)}>{_spans(line, ctx, linked)}</span>'
        for line, d in zip(lines, directions, strict=True)
    )


def _spans(spans: Sequence[Span], ctx: Context, linked: set[str] | None) -> str:
    parts = []
    for span in spans:
        if span.kind == "link":
            parts.append(link(span.target, span.text))
        elif span.kind == "mention":
            parts.append(mention(span.target, span.text, ctx))
        elif linked is None:
            parts.append(escape(span.text).replace("\n", "<br>"))
        else:
            parts.append(plain_text(span.text, ctx, linked))
    return "".join(parts)


def link(target: str, text: str) -> str:
    """A link of a post's text. When the text is itself an address whose host is not the
    one the link leads to (``paypal.com`` leading to ``evil.example``), the real host
    follows it, as a browser's address bar would show it (``xn--…`` for a host in another
    script), so that a reader sees where it goes before following it."""
    html = a(target, text, "post__url", ' dir="auto" rel="nofollow noopener ugc"')
    shown = shown_host(text)
    if not shown:
        return html
    real = urlsplit(target).hostname or ""
    if _comparable(shown) == _comparable(real):
        return html
    host = escape(_ascii_host(real))
    # TRANSLATORS: after a link whose text is another address: the host it really leads to
    leads = t_html("(leads to {host})", host=host)
    return f'{html} <span class="post__url-host" dir="ltr">{leads}</span>'


def shown_host(text: str) -> str:
    """The host of a link's text when the text is an address (``https://example.org/a``,
    ``www.example.org``, ``example.org/a…``), else ``""``."""
    match = _ADDRESS_TEXT.fullmatch(text.strip().rstrip("\u2026").rstrip("."))
    return match.group("host") if match else ""


def _ascii_host(host: str) -> str:
    """``host`` as the address bar shows it: a name in another script as ``xn--…``."""
    try:
        return host.encode("idna").decode("ascii").lower()
    except (UnicodeError, ValueError):
        return host.lower()


def _comparable(host: str) -> str:
    """A host to compare with another: ASCII, lower case, without a trailing dot or a
    leading ``www.``."""
    return _ascii_host(host.rstrip(".")).removeprefix("www.")


def mention(handle: str, text: str, ctx: Context) -> str:
    """A mention links to the person's page; one of an account that opted out stays text.
    Either keeps its own direction inside text in another script."""
    key = ("mention", handle, text)
    html = ctx._made.get(key)
    if html is None:
        if ctx.discussion.person(handle) is None:
            html = f"<bdi>{escape(text)}</bdi>"
        else:
            html = a(ctx.person_href(None, handle), text, "post__mention", ' dir="auto"')
        ctx._made[key] = html
    return html


def plain_text(text: str, ctx: Context, linked: set[str]) -> str:
    """Escaped text, with glossary terms not yet ``linked`` in this post made into links."""
    out = []
    pos = 0
    for start, end, entry in ctx.glossary.find(text):
        if entry.id in linked:
            continue
        linked.add(entry.id)
        target = ctx.href(None, urls.GLOSSARY, entry.anchor)
        out.append(escape(text[pos:start]))
        out.append(
            a(
                target,
                text[start:end],
                "glossary-term",
                f' title="{title_attr(entry.definition, ctx.html_tooltips)}"',
            )
        )
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out).replace("\n", "<br>")


def lines_html(text: str) -> str:
    """Untrusted text of several lines (a warning, an excerpt) escaped, its lines kept as
    ``<br>`` and blank ones dropped."""
    return "<br>".join(escape(line.strip()) for line in text.splitlines() if line.strip())


def words(text: str, lang: str, cls: str, tag: str = "span") -> str:
    """Some of the post's words outside its text (a warning, a title, an excerpt) as one
    element of class ``cls``, with their language and direction."""
    return f'<{tag} class="{cls}"{lang_attr(lang)}{dir_attr(text_direction(text))}>' + (
        f"{lines_html(text)}</{tag}>"
    )


def safe_url(url: str) -> str:
    """``url`` if it is http(s), else "" (a source's URLs are untrusted too)."""
    return url if url.lower().startswith(("https://", "http://")) else ""


def external(url: str, text: str, cls: str = "") -> str:
    """A link off the site; empty when the URL is not http(s)."""
    if not safe_url(url):
        return ""
    return a(url, text, cls, ' rel="nofollow noopener"')
