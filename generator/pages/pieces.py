"""The escaped pieces of one post's card: the author line, the reply line, when it was
written and to whom, an article's title, its content (excerpt, text, poll, attachments and
the post it quotes, behind its content warning), and its links to themes, replies and
neighbours.

The post's text is made by :mod:`generator.pages.post_text`, its poll by
:mod:`generator.pages.poll` and the post it quotes by :mod:`generator.pages.quote`; the
language and direction of its words by :mod:`generator.pages.direction`. Every character of
a post is escaped; only ``link`` spans (http/https URLs) and ``mention`` spans become
``<a>`` elements. A piece contains no blank line, which would end Markdown's raw HTML block,
and its links are written from the site's root (see :mod:`generator.pages.context`).
:mod:`generator.pages.cards` puts the pieces together.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from generator import urls
from generator.editorial.taxonomy import OTHER
from generator.model import Media, Post
from generator.pages.context import ROOT, Context
from generator.pages.direction import dir_attr, first_direction, lang_attr
from generator.pages.markup import a, readable
from generator.pages.poll import poll_html
from generator.pages.post_text import body, external, mention, safe_url, words
from generator.pages.quote import quote_html

UNKNOWN = "Author unknown"
BASIS_LABELS = {
    "inferred": ("inferred", "Author inferred from the mention chain of the replies"),
    "editor": ("attributed", "Author attributed by the editors; see the About page"),
}


def author_line(post: Post, ctx: Context) -> str:
    """Who wrote the post, and how we know."""
    if not post.author:
        return f'<span class="post__author post__author--unknown">{UNKNOWN}</span>'
    key = ("author", post.author, post.author_basis)
    made = ctx._made.get(key)
    if made is not None:
        return made
    if ctx.discussion.person(post.author) is None:  # a handle too long for a page of its own
        html = f'<span class="post__author">{escape(author_label(post, ctx))}</span>'
    else:
        html = a(ctx.person_href(None, post.author), author_label(post, ctx), "post__author")
    if post.author_basis in BASIS_LABELS:
        word, title = BASIS_LABELS[post.author_basis]
        html += (
            f' <span class="post__basis post__basis--{post.author_basis}" '
            f'title="{escape(title)}">{word}</span>'
        )
    ctx._made[key] = html
    return html


def author_label(post: Post, ctx: Context) -> str:
    """``Name (@handle)``, ``@handle`` or "Author unknown", as text."""
    if not post.author:
        return UNKNOWN
    person = ctx.discussion.person(post.author)
    name = person.person.display_name if person else ""
    return f"{name} (@{post.author})" if name else f"@{post.author}"


def reply_line(post: Post, ctx: Context) -> str:
    """Which post this one answers, or whom it addresses when that post is not here."""
    if post.reply_to is not None and post.reply_to in ctx.discussion.by_id:
        parent = ctx.discussion.by_id[post.reply_to]
        link = a(ctx.post_href(None, parent.id), _post_label(parent, ctx), "post__parent")
        return f'<span class="post__reply">replying to {link}</span>'
    missing = '<span class="post__missing">(that post is not in this archive)</span>'
    if post.addressee:
        who = mention(post.addressee, f"@{post.addressee}", ctx)
        return f'<span class="post__reply">replying to {who} {missing}</span>'
    if post.reply_to is not None:  # the source names a parent, but it was not archived
        return f'<span class="post__reply">replying to a post {missing}</span>'
    return ""


FOLLOWERS_ONLY = "The author addressed this post to their followers only: it was not public"


def audience(post: Post) -> str:
    """A mark on a post its author addressed to their followers only, which was not public
    (:attr:`~generator.model.Post.followers_only`); ``""`` for a public one."""
    if not post.followers_only:
        return ""
    return f'<span class="post__audience" title="{FOLLOWERS_ONLY}">followers only</span>'


def when(post: Post) -> str:
    """When the post was written (linking to the original) and last edited."""
    parts = []
    if post.published:
        stamp = (
            f'<time datetime="{escape(post.published)}">{escape(readable(post.published))}</time>'
        )
        if safe_url(post.url):
            stamp = (
                f'<a class="post__original" href="{escape(post.url)}" rel="nofollow noopener" '
                f'title="The post on its original server">{stamp}</a>'
            )
        parts.append(stamp)
    elif post.url:
        parts.append(external(post.url, "original post", "post__original"))
    if post.edited:
        parts.append(
            f'<span class="post__edited">edited <time datetime="{escape(post.edited)}">'
            f"{escape(readable(post.edited))}</time></span>"
        )
    parts = [part for part in parts if part]
    return f'<span class="post__when">{" · ".join(parts)}</span>' if parts else ""


def attachments(post: Post) -> str:
    """The post's media and its link card.

    Media the site holds a checked copy of (:attr:`~generator.model.Media.file`: an account
    archive's own files) are shown from the site itself: an image with its alt text (also
    shown under it), a video or an audio file as a player with controls. Any other is listed
    by its alt text with a link to the original: showing it would load it from another
    server while reading. Media the author marked sensitive are behind a "Sensitive media"
    toggle, the post's text and card outside it, unless the whole post is behind a content
    warning already.
    """
    out = []
    if post.media:
        shown = "".join(_shown(media) for media in post.media if media.file)
        listed = "".join(_listed(media) for media in post.media if not media.file)
        block = f'<div class="post__media-files">{shown}</div>' if shown else ""
        if listed:
            block += f'<ul class="post__media" aria-label="Attachments">{listed}</ul>'
        if not post.warning and any(media.sensitive for media in post.media):
            block = (
                '<details class="post__sensitive"><summary>Sensitive media</summary>'
                f"{block}</details>"
            )
        out.append(block)
    if post.card is not None and safe_url(post.card.url):
        title = external(post.card.url, post.card.title or post.card.url)
        about = f" <span>{escape(post.card.description)}</span>" if post.card.description else ""
        out.append(f'<p class="post__card">{title}{about}</p>')
    return "".join(out)


def _shown(media: Media) -> str:
    """One medium shown from the site's copy: ``<img>``, or a ``<video>`` or ``<audio>``
    player, with its alt text as a caption."""
    src = escape(ROOT + quote(media.file))  # root link, made relative by the page
    alt = escape(media.description)
    if media.kind == "image":
        size = (
            f' width="{media.width}" height="{media.height}"'
            if media.width and media.height
            else ""
        )
        described = media.description or "Image without a description"
        element = f'<img src="{src}" alt="{escape(described)}"{size} loading="lazy">'
        # The alt text is the image's name already; the caption shows it to sighted readers.
        caption = f'<figcaption aria-hidden="true">{alt}</figcaption>' if alt else ""
    else:
        tag = "video" if media.kind == "video" else "audio"
        label = escape(media.description or f"{media.kind.capitalize()} without a description")
        element = (
            f'<{tag} controls preload="metadata" src="{src}" aria-label="{label}">'
            f'<a href="{src}">Download the {tag}</a></{tag}>'
        )
        caption = f"<figcaption>{alt}</figcaption>" if alt else ""
    return (
        f'<figure class="post__file post__file--{escape(media.kind)}">{element}{caption}</figure>'
    )


def _listed(media: Media) -> str:
    """One medium listed by its alt text, linking to the original; a copy of the source's
    that was left out says why."""
    described = (
        escape(media.description)
        if media.description
        else '<span class="post__no-alt">no description given</span>'
    )
    link = external(media.url, "open")
    kind = escape(media.kind.capitalize() or "Attachment")
    why = (
        f' <span class="post__left-out">(file not published: {escape(media.left_out)})</span>'
        if media.left_out
        else ""
    )
    return f"<li><strong>{kind}:</strong> {described}{f' ({link})' if link else ''}{why}</li>"


def theme_links(post: Post, ctx: Context, skip: str = "") -> str:
    """Links to the post's themes (or Other), the current theme left out."""
    made = ctx._theme_links  # the same few links on every card: made once
    if not made:
        made.update(
            (t, a(ctx.href(None, urls.theme_page(t)), title, f"post__theme post__theme--{t}"))
            for t, title in ctx.titles.items()
        )
    links = [made[t] for t in post.themes or (OTHER,) if t != skip]
    if not links:
        return ""
    label = "Also in" if skip else "Themes"
    return f'<span class="post__themes">{label}: {" ".join(links)}</span>'


def _post_label(post: Post, ctx: Context) -> str:
    """``post 4 (@srcrist)``: how cards name another post."""
    who = f"@{post.author}" if post.author else "author unknown"
    return f"post {ctx.number[post.id]} ({who})"


def reply_links(post: Post, ctx: Context) -> str:
    """Links to the replies this post received."""
    children = ctx.discussion.replies.get(post.id, ())
    if not children:
        return ""
    items = [
        a(ctx.post_href(None, child), _post_label(ctx.discussion.by_id[child], ctx), "post__child")
        for child in children
    ]
    noun = "reply" if len(items) == 1 else "replies"
    return f'<span class="post__replies">{len(items)} {noun}: {" · ".join(items)}</span>'


def neighbours(post: Post, ctx: Context) -> str:
    """Previous and next post in the thread, across thread pages."""
    index = ctx.number[post.id] - 1
    posts = ctx.discussion.posts
    links = []
    if index > 0:
        links.append(a(ctx.post_href(None, posts[index - 1].id), "← previous", "", ' rel="prev"'))
    if index + 1 < len(posts):
        links.append(a(ctx.post_href(None, posts[index + 1].id), "next →", "", ' rel="next"'))
    return f'<span class="post__nav">{" · ".join(links)}</span>' if links else ""


def why_here(post: Post, theme: str) -> str:
    """Why a post is on a theme page: the terms that matched, or the editors' choice."""
    if theme == OTHER:
        return ""
    if post.theme_basis == "editor":
        text = "Placed here by the editors."
    else:
        terms = ", ".join(f"“{t}”" for t in post.matched.get(theme, ()))
        text = f"Here because it mentions {terms}."
    return f'<p class="post__why">{escape(text)}</p>'


def content(post: Post, ctx: Context, linked: set[str] | None = None) -> str:
    """The post's words and what it holds, behind the author's content warning when there
    is one: an article's excerpt, its text, its poll, its attachments and the post it quotes
    (its title is the card's, :func:`title`). The glossary terms used are added to
    ``linked``. The excerpt and the text carry the post's language and their direction."""
    direction = first_direction(post.paragraphs)
    lang = lang_attr(post.lang)
    inner = []
    if post.summary.strip():
        inner.append(words(post.summary, post.lang, "post__summary", "p"))
    text = body(post.paragraphs, ctx, linked, post.kinds, direction=direction)
    inner.append(f'<div class="post__body"{lang}{dir_attr(direction)}>{text}</div>')
    if post.poll is not None:
        inner.append(poll_html(post.poll, post.lang))
    inner.append(attachments(post))
    if post.quote is not None:
        inner.append(quote_html(post.quote, ctx))
    if post.warning.strip():
        warning = words(post.warning, post.lang, "post__cw-text")
        return (
            f'<details class="post__cw"><summary>Content warning: {warning}</summary>'
            f"{''.join(inner)}</details>\n"
        )
    return "".join(inner) + "\n"


def title(post: Post) -> str:
    """An article's title (a forum topic's, a long-form post's) as the card shows it under
    its author: an ``<h3>`` on the thread page, whose cards are ``<h2>`` (and a paragraph
    elsewhere, :func:`generator.pages.cards.assemble`); ``""`` for a post without one."""
    name = " ".join(post.title.split())
    return words(name, post.lang, "post__title", "h3") + "\n" if name else ""
