"""Post cards: each post's card, rendered once and put together as each page shows it.

Cards are raw HTML blocks inside the generated Markdown, which Markdown passes through
untouched, so Markdown, attribute-list, emoji, Jinja or snippet syntax typed in a post is
shown exactly as typed; their escaped pieces come from :mod:`generator.pages.pieces`. Each card
is a single ``<article>`` carrying ``data-post-id`` and ``data-author``; on the thread page
it also carries ``id="post-<id>"``. Cards contain no blank line, which would end Markdown's
raw HTML block.

A post appears on several pages (the thread, its themes, its author's page), so its card is
rendered once, as :class:`Parts`. Every link in a card is written from the site's root
(``href="~/…"``); each page assembles the parts and makes those links relative
(:func:`generator.pages.context.localize`). Off the thread, a card in a list has the id
``card-<id>``, and its links to a parent or a reply that the same list shows lead there
instead of to the thread (:func:`assemble` is told which posts the list holds). Lists that
would only repeat posts across many pages (who mentions a person) name each post instead of
showing its card (:func:`reference`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from generator import urls
from generator.editorial.taxonomy import OTHER
from generator.i18n import t, t_html
from generator.model import Post
from generator.model import plain_text as post_text
from generator.pages.argument import claims_line
from generator.pages.context import Context, localize
from generator.pages.direction import words_attrs
from generator.pages.markup import a, title_attr
from generator.pages.pieces import (
    audience,
    author_label,
    author_line,
    content,
    neighbours,
    reply_line,
    reply_links,
    theme_links,
    title,
    when,
    why_here,
)
from generator.pages.quote import quoted_post
from generator.pages.reasons import reason

_SUBHEADING = '<h4 class="post__subheading"'
"""How a heading of a post's text starts (:mod:`generator.pages.post_text`); escaped text
cannot contain it."""
CARD_ID = "card-"
"""Start of the id of a card in a list of posts off the thread (``card-<id>``); only the
thread's copy has the permalink anchor ``post-<id>``."""


@dataclass(frozen=True, slots=True)
class Parts:
    """One post's card, rendered once with root links; :func:`assemble` puts the parts
    together in the form each page needs."""

    post: Post
    number: int
    id: str
    """The post's id, escaped."""
    data: str
    """The ``data-*`` attributes every copy carries."""
    author: str
    """The author line (name, handle, how we know)."""
    who: str
    """The author as text."""
    header: str
    """Which post it answers and when it was written."""
    href: str
    """The permalink, escaped."""
    title: str
    """An article's title, as the thread page shows it (an ``<h3>``); ``""`` for most."""
    content: str
    """Text, poll, attachments, quoted post and the editors' note."""
    headings: bool
    """Whether ``content`` holds headings (``<h4>``), which are paragraphs off the thread."""
    replies: str
    """Links to the replies."""
    commentary: tuple[tuple[str, str], ...]
    """``(slug, link)`` of each commentary piece on the post."""
    terms: tuple[str, ...]
    """Ids of the glossary terms the post uses."""
    linked: tuple[str, ...]
    """Ids of the posts the card links to as parent, replies and quoted post: on a page that
    lists one of them too, :func:`assemble` links to that card instead of the thread."""
    linked_hrefs: tuple[str, ...]
    """The permalink each of ``linked`` has in the card, escaped, as :func:`on_page` finds
    it."""


def parts(post: Post, ctx: Context) -> Parts:
    """Everything of a post's card that is the same on every page."""
    themes = " ".join(post.themes) or OTHER
    header = " ".join(x for x in (reply_line(post, ctx), when(post, ctx), audience(post, ctx)) if x)
    note = ""
    if post.note:
        # TRANSLATORS: the label before the editors' note under a post
        label = escape(t("Editors’ note:"))
        note = f'<p class="post__note"><strong>{label}</strong> {escape(post.note)}</p>\n'
    note += claims_line(post.id, ctx)
    commentary = tuple(
        (
            s,
            a(
                ctx.href(None, urls.commentary_page(s)),
                ctx.discussion.piece(s).title,
                "post__comment",
            ),
        )
        for s in ctx.discussion.commentary_on_post.get(post.id, ())
    )
    terms: set[str] = set()
    text = "" if post.placeholder else content(post, ctx, terms) + note
    parent = (post.reply_to,) if post.reply_to in ctx.discussion.by_id else ()
    linked = parent + ctx.discussion.replies.get(post.id, ())
    quoted = quoted_post(post.quote, ctx) if post.quote and not post.quote.withdrawn else None
    if quoted is not None and quoted.id not in linked:
        linked += (quoted.id,)
    return Parts(
        post=post,
        number=ctx.number[post.id],
        id=escape(post.id),
        data=(
            f'data-post-id="{escape(post.id)}" data-author="{escape(post.author)}" '
            f'data-themes="{escape(themes)}"{citation_data(post, ctx)}'
        ),
        author="" if post.placeholder else author_line(post, ctx),
        who=author_label(post, ctx),
        header=header,
        href=escape(ctx.post_href(None, post.id)),
        title="" if post.placeholder else title(post),
        content=text,
        headings=_SUBHEADING in text,
        replies=reply_links(post, ctx),
        commentary=commentary,
        terms=tuple(sorted(terms)),
        linked=linked,
        linked_hrefs=tuple(escape(ctx.post_href(None, post_id)) for post_id in linked),
    )


def assemble(
    p: Parts,
    ctx: Context,
    *,
    anchor: bool = False,
    theme: str = "",
    slug: str = "",
    here: frozenset[str] = frozenset(),
) -> str:
    """The card as one page shows it, with root links: ``anchor`` marks the permalink copy on
    the thread page, ``theme`` the theme page it is on, ``slug`` the commentary piece.

    ``here`` holds the ids of the posts a list off the thread shows on the same page, this
    one included: the card then has the id ``card-<id>``, and its links to a parent or a
    reply among them lead to that card on the page rather than to the thread.
    """
    header, replies, card_id = p.header, p.replies, ""
    heading, text = p.title, p.content
    if not anchor:  # the card is no heading here: neither are its title and subheadings
        heading = heading.replace("<h3 ", "<p ").replace("</h3>", "</p>")
        if p.headings:
            text = text.replace(_SUBHEADING, '<p class="post__subheading"').replace("</h4>", "</p>")
    if here and not anchor:
        card_id = f' id="{CARD_ID}{p.id}"'
        if not here.isdisjoint(p.linked):
            header, replies = on_page(header, p, here), on_page(replies, p, here)
            text = on_page(text, p, here)
    if p.post.placeholder:
        return removed_card(p, ctx, anchor, header, replies, card_id)
    number = p.number

    def tip(text: str) -> str:
        return title_attr(text, ctx.html_tooltips)

    # Each post on the thread page has a heading, so screen readers can jump between posts;
    # search reads the same heading and the post's text from search_copy (one result a post:
    # "Post 4: @srcrist"). Elsewhere a card repeats a post: its heading is a div (a heading
    # could skip a level) and search leaves it out, so each post is indexed once.
    # TRANSLATORS: read by screen readers only, before the post's author ("Post 4: Alice")
    hidden = escape(t("Post {number}:", number=number))
    if anchor:
        # TRANSLATORS: tooltip of the "#4" link at the top of a post on the thread page
        label = t("Permalink to post {number}", number=number)
        head = (
            f'<article class="post" id="post-{p.id}" {p.data}>\n'
            f'<h2 class="post__heading" id="post-{p.id}-h"><span class="visually-hidden">'
            f"{hidden} </span>{p.author}</h2>\n"
            f'<header class="post__meta">{header} <a class="post__permalink" href="{p.href}" '
            f'title="{tip(label)}" aria-label="{escape(label)}">#{number}</a></header>\n'
        )
    else:
        # TRANSLATORS: tooltip of the "#4 in thread" link at the top of a post shown off the
        # thread page (on a theme's or an author's page)
        label = t("Post {number} in the whole thread", number=number)
        # TRANSLATORS: link at the top of a post shown off the thread page, to the post in
        # the thread; {number} is its number in the thread
        shown = escape(t("#{number} in thread", number=number))
        head = (
            f'<article class="post"{card_id} data-search-exclude {p.data}>\n'
            f'<div class="post__heading"><span class="visually-hidden">'
            f"{hidden} </span>{p.author}</div>\n"
            f'<header class="post__meta">{header} <a class="post__permalink" href="{p.href}" '
            f'title="{tip(label)}" aria-label="{escape(label)}">{shown}</a></header>\n'
        )
    foot = [theme_links(p.post, ctx, skip=theme)]
    if replies:
        foot.append(replies)
    if p.commentary:
        links = [link for s, link in p.commentary if s != slug]
        if links:
            # TRANSLATORS: under a post, links to the commentary pieces written on it
            said = t_html("Commentary: {links}", links=" · ".join(links))
            foot.append(f'<span class="post__commentary">{said}</span>')
    if anchor:
        foot.append(neighbours(p.post, ctx))
    tail = " ".join([x for x in foot if x])
    return (
        head
        + heading
        + text
        + (f"{why_here(p.post, theme)}\n" if theme else "")
        + (f'<footer class="post__foot">{tail}</footer>\n' if tail else "")
        + "</article>\n"
    )


def absent_words(post: Post, *, short: bool = False) -> str:
    """What a placeholder says in place of its post: removed at its author's request, or not
    available and why (deleted, blocked); ``short`` for a list of posts."""
    if post.unavailable:
        if short:
            # TRANSLATORS: in a list of posts ("Post 4 not available (deleted or not found)");
            # {reason} is why the sources could not give the post, as the archive records it
            return t("not available ({reason})", reason=reason(post.unavailable))
        # TRANSLATORS: in place of a post; {reason} is why the sources could not give it, as
        # the archive records it ("deleted or not found", "hidden by a block")
        return t("This post is not available ({reason}).", reason=reason(post.unavailable))
    if short:
        # TRANSLATORS: in a list of posts ("Post 4 removed at its author’s request")
        return t("removed at its author’s request")
    return t("This post was removed at its author’s request.")


def removed_card(
    p: Parts, ctx: Context, anchor: bool, header: str, replies: str, card_id: str = ""
) -> str:
    """The placeholder of a post removed at its author's request, or that the sources could
    not give (:func:`absent_words`): its place and its replies
    (``header`` and ``replies`` as this page links them, ``card_id`` its id attribute off
    the thread)."""
    attrs = f' id="post-{p.id}"' if anchor else card_id
    permalink = f'<a class="post__permalink" href="{p.href}">#{p.number}</a>'
    foot = " ".join(x for x in (replies, neighbours(p.post, ctx) if anchor else "") if x)
    return (
        f'<article class="post post--removed"{attrs} data-post-id="{p.id}" '
        'data-author="" data-themes="">\n'
        f'<header class="post__meta">{header} {permalink}</header>\n'
        f'<p class="post__removed">{escape(absent_words(p.post))}</p>\n'
        + (f'<footer class="post__foot">{foot}</footer>\n' if foot else "")
        + "</article>\n"
    )


def on_page(html: str, p: Parts, here: frozenset[str]) -> str:
    """``html``, a part of ``p``'s card, with its links to the posts of ``here`` (a parent or
    a reply listed on the same page) leading to their cards there (``#card-<id>``)."""
    for post_id, thread in zip(p.linked, p.linked_hrefs, strict=True):
        if post_id in here:
            html = html.replace(f'href="{thread}"', f'href="#{CARD_ID}{escape(post_id)}"')
    return html


EXCERPT_WORDS = 12
"""How many of a post's own words a reference to it quotes (:func:`reference`)."""


def excerpt(post: Post, words: int = EXCERPT_WORDS) -> str:
    """The start of a post's own words, as text: an article's title, then its text without
    the @mentions a reply opens with, cut after ``words`` words (the cut marked with "…")."""
    spans = [span for para in post.paragraphs for span in para]
    start = 0
    while start < len(spans) and (spans[start].kind == "mention" or not spans[start].text.strip()):
        start += 1
    found: list[str] = post.title.split()
    if len(found) > words:
        return " ".join(found[:words]).rstrip(".,;:") + "…"
    for span in spans[start:]:
        found += span.text.split()
        if len(found) > words:
            return " ".join(found[:words]).rstrip(".,;:") + "…"
    return " ".join(found)


def reference(p: Parts) -> str:
    """A post named rather than shown, for lists that would only repeat posts shown in full
    elsewhere (who mentions a person): its number linking to its permalink, its author and
    its first words, as one ``<li>`` with root links (see :func:`localize`). Carries
    ``data-post-ref``, never ``data-post-id``, which marks a card."""
    post = p.post
    if post.placeholder:
        what = f'<span class="post-ref__words">{escape(absent_words(post, short=True))}</span>'
    else:
        # TRANSLATORS: in a list of posts, after the link "Post 4": who wrote it
        who = t("by {author}", author=p.who) if post.author else t("author unknown")
        shown = excerpt(post)
        what = (
            f'<span class="post-ref__who">{escape(who)}</span>: '
            f'<span class="post-ref__words"{words_attrs(post.lang, shown)}>{escape(shown)}</span>'
        )
    # TRANSLATORS: a link to a post in a list of posts, followed by its author and first words
    link = escape(t("Post {number}", number=p.number))
    return (
        f'<li class="post-ref" data-post-ref="{p.id}"><a class="post-ref__link" '
        f'href="{p.href}">{link}</a> {what}</li>\n'
    )


def reference_list(items: Iterable[str]) -> str:
    """References (:func:`reference`) as one raw HTML block."""
    return f'<ul class="post-refs">\n{"".join(items)}</ul>\n'


def citation_data(post: Post, ctx: Context) -> str:
    """What a citation of the post needs beyond its id and handle, as ``data-*`` attributes
    (read by the "Cite" control): the author's display name, when the post was written and
    its original address; each empty when the sources do not give it (every card has the
    same attributes, whatever its post holds)."""
    person = ctx.discussion.person(post.author) if post.author else None
    values = (
        ("name", person.person.display_name if person is not None else ""),
        ("published", post.published),
        ("url", post.url),
    )
    return "".join(f' data-{key}="{escape(value)}"' for key, value in values)


def search_copy(p: Parts) -> str:
    """What the search index reads of a post on the thread page: its heading and its text.

    The page itself shows the whole card; its other lines (links to replies, themes,
    neighbours) would only add noise to every result.
    """
    post = p.post
    if post.placeholder:
        return ""
    # Text only: the search plugin reads every tag, and links and markup add none to a result.
    text = [post.title, post.summary] + [post_text((para,)) for para in post.paragraphs]
    if post.poll is not None:
        text += [option.title for option in post.poll.options]
    text += [m.description for m in post.media if m.description]
    if post.card is not None:
        text += [post.card.title, post.card.description]
    if post.warning:
        # TRANSLATORS: search results: the warning the author put on the post
        text.insert(0, t("Content warning: {warning}", warning=post.warning))
    if post.note:
        # TRANSLATORS: search results: the editors' note under the post
        text.append(t("Editors’ note: {note}", note=post.note))
    body = "".join(f"<p>{escape(words)}</p>" for words in text if words)
    # No element around the post: Material's search closes a section nested in an element
    # by looking back through every section of the page, which made long pages quadratic.
    # TRANSLATORS: a search result's title: the post's number and its author ("Post 4: Alice")
    heading = t_html("Post {number}: {author}", number=str(p.number), author=escape(p.who))
    return f'<h2 id="post-{p.id}-h">{heading}</h2>\n{body}\n'


def _slug(page: str) -> str:
    """The commentary slug of a page path, or "" for other pages."""
    if page.startswith("commentary/") and page.count("/") == 1:
        return page.removeprefix("commentary/").removesuffix(".md")
    return ""


def card(post: Post, ctx: Context, page: str, *, anchor: bool = False, theme: str = "") -> str:
    """One post as an ``<article>`` on ``page``; ``anchor`` marks the permalink copy on the
    thread page."""
    html = assemble(parts(post, ctx), ctx, anchor=anchor, theme=theme, slug=_slug(page))
    return localize(html, page, ctx.directory_urls)


def post_list(cards: Iterable[str]) -> str:
    """Cards as one raw HTML block. Python-Markdown re-reads the rest of a page after every
    raw block, so one block per list instead of one per card keeps long pages fast."""
    return f'<div class="post-list">\n{"".join(cards)}</div>\n'
