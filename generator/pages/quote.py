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

from generator.i18n import t, t_html
from generator.model import Post, Quote
from generator.pages.context import Context
from generator.pages.direction import first_direction, lang_attr
from generator.pages.markup import a
from generator.pages.post_text import body, external, mention
from generator.pages.reasons import reason


def withdrawn() -> str:
    """Why a quote shows nothing of the post it quoted, in the build's language."""
    return t(
        "It quoted a post that is not shown: the quote was withdrawn by its author, or the "
        "quoted post was deleted or never approved for quoting."
    )


def removed() -> str:
    """Why a quote shows nothing of a post removed at its author's request."""
    return t("The quoted post was removed at its author’s request.")


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
        return f'<p class="post__quoted post__quoted--withdrawn">{escape(withdrawn())}</p>'
    if quote.removed:
        return f'<p class="post__quoted post__quoted--removed">{escape(removed())}</p>'
    found = quoted_post(quote, ctx)
    if found is not None and found.placeholder:
        place = _place(found, ctx)
        why = (
            removed()
            if found.removed
            else t("The quoted post is not available ({reason}).", reason=reason(found.unavailable))
        )
        # TRANSLATORS: {place} is a link: "post 7 in this thread"
        quoting = t_html("Quoting {place}", place=place)
        return (
            f'<figure class="post__quoted post__quoted--removed"><figcaption '
            f'class="post__quoted-meta">{quoting}</figcaption>'
            f'<p class="post__quoted-removed">{escape(why)}</p></figure>'
        )
    author = found.author if found is not None and found.author else quote.author
    if author:
        # TRANSLATORS: {author} is the quoted post's author's handle: "Quoting @alice"
        caption = [t_html("Quoting {author}", author=mention(author, f"@{author}", ctx))]
    else:
        # TRANSLATORS: a quoted post whose author is not known
        caption = [escape(t("Quoting a post"))]
    if found is not None:
        caption.append(f"· {_place(found, ctx)}")
    else:
        missing = escape(t("(not in this archive)"))
        caption.append(f'<span class="post__missing">{missing}</span>')
    # TRANSLATORS: a link to the quoted post on its original server
    original = external(quote.url or (found.url if found is not None else ""), t("original"))
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
    # TRANSLATORS: a link to the quoted post's place in the thread
    label = t("post {number} in this thread", number=ctx.number[post.id])
    return a(ctx.post_href(None, post.id), label, "post__quoted-place")
