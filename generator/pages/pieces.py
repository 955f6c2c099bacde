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
from generator.i18n import nt_html, t, t_html
from generator.model import Media, Post
from generator.pages.context import ROOT, Context
from generator.pages.direction import dir_attr, first_direction, lang_attr
from generator.pages.markup import a, readable, title_attr
from generator.pages.poll import poll_html
from generator.pages.post_text import body, external, mention, safe_url, words
from generator.pages.quote import quote_html
from generator.pages.reasons import reason


def unknown() -> str:
    """The words "Author unknown" in the build's language: for a post whose author is not
    known."""
    return t("Author unknown")


def basis_label(basis: str) -> tuple[str, str]:
    """The badge beside an author who was not named by the source, and its tooltip, in the
    build's language: ``("inferred", "Author inferred from …")``; ``("", "")`` for an author
    the source names (:attr:`~generator.model.Post.author_basis`)."""
    if basis == "inferred":
        return (
            # TRANSLATORS: a badge after a post's author: who wrote it was deduced
            t("inferred"),
            t("Author inferred from the mention chain of the replies"),
        )
    if basis == "editor":
        return (
            # TRANSLATORS: a badge after a post's author: the editors named who wrote it
            t("attributed"),
            t("Author attributed by the editors; see the About page"),
        )
    return ("", "")


def author_line(post: Post, ctx: Context) -> str:
    """Who wrote the post, and how we know."""
    if not post.author:
        return f'<span class="post__author post__author--unknown">{escape(unknown())}</span>'
    key = ("author", post.author, post.author_basis)
    made = ctx._made.get(key)
    if made is not None:
        return made
    if ctx.discussion.person(post.author) is None:  # a handle too long for a page of its own
        html = f'<span class="post__author">{escape(author_label(post, ctx))}</span>'
    else:
        html = a(ctx.person_href(None, post.author), author_label(post, ctx), "post__author")
    word, title = basis_label(post.author_basis)
    if word:
        html += (
            f' <span class="post__basis post__basis--{post.author_basis}" '
            f'title="{title_attr(title, ctx.html_tooltips)}">{escape(word)}</span>'
        )
    ctx._made[key] = html
    return html


def author_label(post: Post, ctx: Context) -> str:
    """``Name (@handle)``, ``@handle`` or "Author unknown", as text."""
    if not post.author:
        return unknown()
    person = ctx.discussion.person(post.author)
    name = person.person.display_name if person else ""
    return f"{name} (@{post.author})" if name else f"@{post.author}"


def reply_line(post: Post, ctx: Context) -> str:
    """Which post this one answers, or whom it addresses when that post is not here."""
    if post.reply_to is not None and post.reply_to in ctx.discussion.by_id:
        parent = ctx.discussion.by_id[post.reply_to]
        link = a(ctx.post_href(None, parent.id), _post_label(parent, ctx), "post__parent")
        line = t_html("replying to {link}", link=link)
        return f'<span class="post__reply">{line}</span>'
    gone = escape(t("(that post is not in this archive)"))
    missing = f'<span class="post__missing">{gone}</span>'
    if post.addressee:
        who = mention(post.addressee, f"@{post.addressee}", ctx)
        # TRANSLATORS: {who} is a handle (@alice), {missing} "(that post is not in this archive)"
        line = t_html("replying to {who} {missing}", who=who, missing=missing)
        return f'<span class="post__reply">{line}</span>'
    if post.reply_to is not None:  # the source names a parent, but it was not archived
        # TRANSLATORS: {missing} is "(that post is not in this archive)"
        line = t_html("replying to a post {missing}", missing=missing)
        return f'<span class="post__reply">{line}</span>'
    return ""


def audience(post: Post, ctx: Context) -> str:
    """A mark on a post its author addressed to their followers only, which was not public
    (:attr:`~generator.model.Post.followers_only`); ``""`` for a public one."""
    if not post.followers_only:
        return ""
    why = t("The author addressed this post to their followers only: it was not public")
    # TRANSLATORS: a badge on a post that was not public
    badge = t("followers only")
    why = title_attr(why, ctx.html_tooltips)
    return f'<span class="post__audience" title="{why}">{escape(badge)}</span>'


def when(post: Post, ctx: Context) -> str:
    """When the post was written (linking to the original) and last edited."""
    parts = []
    if post.published:
        stamp = (
            f'<time datetime="{escape(post.published)}">{escape(readable(post.published))}</time>'
        )
        if safe_url(post.url):
            where = title_attr(t("The post on its original server"), ctx.html_tooltips)
            stamp = (
                f'<a class="post__original" href="{escape(post.url)}" rel="nofollow noopener" '
                f'title="{where}">{stamp}</a>'
            )
        parts.append(stamp)
    elif post.url:
        parts.append(external(post.url, t("original post"), "post__original"))
    if post.edited:
        time = f'<time datetime="{escape(post.edited)}">{escape(readable(post.edited))}</time>'
        # TRANSLATORS: after a post's date: when its author last changed it
        edited = t_html("edited {time}", time=time)
        parts.append(f'<span class="post__edited">{edited}</span>')
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
            label = escape(t("Attachments"))
            block += f'<ul class="post__media" aria-label="{label}">{listed}</ul>'
        if not post.warning and any(media.sensitive for media in post.media):
            # TRANSLATORS: a toggle that shows the images, videos… their author marked sensitive
            summary = escape(t("Sensitive media"))
            block = (
                f'<details class="post__sensitive"><summary>{summary}</summary>{block}</details>'
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
        described = media.description or t("Image without a description")
        element = f'<img src="{src}" alt="{escape(described)}"{size} loading="lazy">'
        # The alt text is the image's name already; the caption shows it to sighted readers.
        caption = f'<figcaption aria-hidden="true">{alt}</figcaption>' if alt else ""
    else:
        tag = "video" if media.kind == "video" else "audio"
        if tag == "video":
            nameless = t("Video without a description")
            download = t("Download the video")
        else:
            nameless = (
                t("Audio without a description")
                if media.kind == "audio"
                # TRANSLATORS: {kind} is an attachment's kind as its source names it
                else t("{kind} without a description", kind=media.kind.capitalize())
            )
            download = t("Download the audio")
        label = escape(media.description or nameless)
        element = (
            f'<{tag} controls preload="metadata" src="{src}" aria-label="{label}">'
            f'<a href="{src}">{escape(download)}</a></{tag}>'
        )
        caption = f"<figcaption>{alt}</figcaption>" if alt else ""
    return (
        f'<figure class="post__file post__file--{escape(media.kind)}">{element}{caption}</figure>'
    )


def _listed(media: Media) -> str:
    """One medium listed by its alt text, linking to the original; a copy of the source's
    that was left out says why."""
    if media.description:
        described = escape(media.description)
    else:
        # TRANSLATORS: an attachment whose author wrote no description (alt text)
        nothing = escape(t("no description given"))
        described = f'<span class="post__no-alt">{nothing}</span>'
    # TRANSLATORS: a link to an attachment's original file, on another server
    link = external(media.url, t("open"))
    # TRANSLATORS: before an attachment's description: "Image: a cat on a sofa"
    kind = escape(t("{kind}:", kind=media_kind(media.kind)))
    why = ""
    if media.left_out:
        # TRANSLATORS: {reason} is why, as the source gives it (translated when it is a known one)
        left_out = escape(t("(file not published: {reason})", reason=reason(media.left_out)))
        why = f' <span class="post__left-out">{left_out}</span>'
    return f"<li><strong>{kind}</strong> {described}{f' ({link})' if link else ''}{why}</li>"


def media_kind(kind: str) -> str:
    """An attachment's kind (:attr:`~generator.model.Media.kind`) as a reader reads it,
    capitalised: ``Image``; a kind the generator does not know as the source names it."""
    if kind == "image":
        return t("Image")
    if kind == "video":
        return t("Video")
    if kind == "audio":
        # TRANSLATORS: an attachment that is a sound file
        return t("Audio")
    if kind == "unknown":
        # TRANSLATORS: an attachment of a kind the source does not say
        return t("Unknown")
    return kind.capitalize() or t("Attachment")


def theme_links(post: Post, ctx: Context, skip: str = "") -> str:
    """Links to the post's themes (or Other), the current theme left out."""
    made = ctx._theme_links  # the same few links on every card: made once
    if not made:
        made.update(
            (
                theme,
                a(
                    ctx.href(None, urls.theme_page(theme)),
                    title,
                    f"post__theme post__theme--{theme}",
                ),
            )
            for theme, title in ctx.titles.items()
        )
    links = [made[theme] for theme in post.themes or (OTHER,) if theme != skip]
    if not links:
        return ""
    joined = " ".join(links)
    if skip:
        # TRANSLATORS: on a theme page, under a post: the post's other themes
        line = t_html("Also in: {themes}", themes=joined)
    else:
        line = t_html("Themes: {themes}", themes=joined)
    return f'<span class="post__themes">{line}</span>'


def _post_label(post: Post, ctx: Context) -> str:
    """``post 4 (@srcrist)``: how cards name another post."""
    who = f"@{post.author}" if post.author else t("author unknown")
    # TRANSLATORS: a link to another post of the thread: "post 4 (@alice)"
    return t("post {number} ({who})", number=ctx.number[post.id], who=who)


def reply_links(post: Post, ctx: Context) -> str:
    """Links to the replies this post received."""
    children = ctx.discussion.replies.get(post.id, ())
    if not children:
        return ""
    items = [
        a(ctx.post_href(None, child), _post_label(ctx.discussion.by_id[child], ctx), "post__child")
        for child in children
    ]
    line = nt_html(
        "{n} reply: {links}", "{n} replies: {links}", len(items), links=" · ".join(items)
    )
    return f'<span class="post__replies">{line}</span>'


def neighbours(post: Post, ctx: Context) -> str:
    """Previous and next post in the thread, across thread pages."""
    index = ctx.number[post.id] - 1
    posts = ctx.discussion.posts
    links = []
    if index > 0:
        # TRANSLATORS: a link to the previous post of the thread
        previous = t("← previous")
        links.append(a(ctx.post_href(None, posts[index - 1].id), previous, "", ' rel="prev"'))
    if index + 1 < len(posts):
        # TRANSLATORS: a link to the next post of the thread
        following = t("next →")
        links.append(a(ctx.post_href(None, posts[index + 1].id), following, "", ' rel="next"'))
    return f'<span class="post__nav">{" · ".join(links)}</span>' if links else ""


def why_here(post: Post, theme: str) -> str:
    """Why a post is on a theme page: the terms that matched, or the editors' choice."""
    if theme == OTHER:
        return ""
    if post.theme_basis == "editor":
        text = t("Placed here by the editors.")
    else:
        # TRANSLATORS: a word the post mentions, in quotation marks, listed in
        # "Here because it mentions {terms}."
        terms = ", ".join(t("“{term}”", term=term) for term in post.matched.get(theme, ()))
        text = t("Here because it mentions {terms}.", terms=terms)
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
        summary = t_html("Content warning: {warning}", warning=warning)
        return f'<details class="post__cw"><summary>{summary}</summary>{"".join(inner)}</details>\n'
    return "".join(inner) + "\n"


def title(post: Post) -> str:
    """An article's title (a forum topic's, a long-form post's) as the card shows it under
    its author: an ``<h3>`` on the thread page, whose cards are ``<h2>`` (and a paragraph
    elsewhere, :func:`generator.pages.cards.assemble`); ``""`` for a post without one."""
    name = " ".join(post.title.split())
    return words(name, post.lang, "post__title", "h3") + "\n" if name else ""
