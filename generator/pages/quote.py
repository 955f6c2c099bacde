"""The post a post quotes, shown inside the quoting post's card.

A quote is a ``<figure class="post__quoted">``: a caption that names the quoted post's
author, links to its place in the thread when the archive holds it (its permalink anchor,
or its card when the same list shows it) and to the original on its server, then its text
as a ``<blockquote>``. The archive's own copy of the quoted post is preferred to the copy
the quoting post embeds: it has the structure of its text and its language, and it is what
the opt-out leaves of it. A quoted post removed at its author's request, or that the sources
could not give (deleted, blocked), shows none of its text, only that it is gone and why; a
quote its author withdrew (or that was deleted or never approved) shows nothing of the
quoted post, only that there was one.

Which post of the archive is quoted (:func:`quoted_post`): the one the link stage names
(:attr:`~generator.model.Quote.post`), else the one whose URI or address is the quote's,
else the one whose id is the quote's Mastodon status id (unless both name different URIs).
"""

from __future__ import annotations

from html import escape

from generator.model import Post, Quote
from generator.pages.context import Context
from generator.pages.direction import first_direction, lang_attr
from generator.pages.markup import a
from generator.pages.post_text import body, external, mention

WITHDRAWN = (
    "It quoted a post that is not shown: the quote was withdrawn by its author, or the "
    "quoted post was deleted or never approved for quoting."
)
REMOVED = "The quoted post was removed at its author’s request."


def quoted_post(quote: Quote, ctx: Context) -> Post | None:
    """The post of the archive that ``quote`` quotes, or ``None`` when it is not there."""
    by_id = ctx.discussion.by_id
    if quote.post in by_id:
        return by_id[quote.post]
    addresses = ctx._addresses
    if not addresses:  # made once, when the first quote looks
        addresses[""] = ""
        for post in ctx.discussion.posts:
            for address in (post.url, post.uri):
                if address:
                    addresses.setdefault(address, post.id)
    for address in (quote.uri, quote.url):
        if address and address in addresses:
            return by_id[addresses[address]]
    found = by_id.get(quote.status_id) if quote.status_id else None
    if found is not None and quote.uri and found.uri and found.uri != quote.uri:
        return None  # the same id, but another server's post
    return found


def quote_html(quote: Quote, ctx: Context) -> str:
    """The quoted post as an escaped ``<figure>`` with root links (see
    :mod:`generator.pages.context`)."""
    if quote.withdrawn:
        return f'<p class="post__quoted post__quoted--withdrawn">{WITHDRAWN}</p>'
    if quote.removed:
        return f'<p class="post__quoted post__quoted--removed">{REMOVED}</p>'
    found = quoted_post(quote, ctx)
    caption = ["Quoting"]
    if found is not None and found.placeholder:
        place = _place(found, ctx)
        why = (
            REMOVED if found.removed else f"The quoted post is not available ({found.unavailable})."
        )
        return (
            f'<figure class="post__quoted post__quoted--removed"><figcaption '
            f'class="post__quoted-meta">Quoting {place}</figcaption>'
            f'<p class="post__quoted-removed">{escape(why)}</p></figure>'
        )
    author = found.author if found is not None and found.author else quote.author
    caption.append(mention(author, f"@{author}", ctx) if author else "a post")
    if found is not None:
        caption.append(f"· {_place(found, ctx)}")
    else:
        caption.append('<span class="post__missing">(not in this archive)</span>')
    original = external(quote.url or (found.url if found is not None else ""), "original")
    if original:
        caption.append(f"· {original}")
    meta = f'<figcaption class="post__quoted-meta">{" ".join(caption)}</figcaption>'
    if found is not None and found.paragraphs:
        paragraphs, kinds, lang = found.paragraphs, found.kinds, found.lang
    else:
        paragraphs, kinds, lang = quote.paragraphs, (), ""
    text = ""
    if paragraphs:
        direction = first_direction(paragraphs)
        inner = body(paragraphs, ctx, kinds=kinds, glossary=False, direction=direction)
        # lang="" where the language is not known: not the quoting post's
        attrs = lang_attr(lang) or ' lang=""'
        text = (
            f'<blockquote class="post__quoted-text"{attrs} dir="{direction or "auto"}">'
            f"{inner}</blockquote>"
        )
    return f'<figure class="post__quoted">{meta}{text}</figure>'


def _place(post: Post, ctx: Context) -> str:
    """A link to the quoted post's place in the thread: ``post 7 in this thread``."""
    label = f"post {ctx.number[post.id]} in this thread"
    return a(ctx.post_href(None, post.id), label, "post__quoted-place")
