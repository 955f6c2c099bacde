"""Post cards: the one place post text becomes HTML.

Every character of a post is escaped; only ``link`` spans (http/https URLs) and ``mention``
spans become ``<a>`` elements. Cards are raw HTML blocks inside the generated Markdown, which
Markdown passes through untouched, so Markdown, attribute-list, emoji, Jinja or snippet syntax
typed in a post is shown exactly as typed. Each card is a single ``<article>`` carrying
``data-post-id`` and ``data-author``; on the thread page it also carries ``id="post-<id>"``.
Cards contain no blank line, which would end Markdown's raw HTML block.

A post appears on several pages (the thread, its themes, its author's page), so its card is
rendered once, as :class:`Parts`. Every link in a card is written from the site's root
(``href="~/…"``); each page assembles the parts and makes those links relative
(:func:`localize`). Off the thread, a card in a list has the id ``card-<id>``, and its links
to a parent or a reply that the same list shows lead there instead of to the thread
(:func:`assemble` is told which posts the list holds). Lists that would only repeat posts
across many pages (who mentions a person) name each post instead of showing its card
(:func:`reference`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape

from generator import urls
from generator.editorial.glossary import Glossary
from generator.editorial.taxonomy import OTHER
from generator.link import Discussion
from generator.model import Paragraph, Post
from generator.model import plain_text as post_text
from generator.pages.markup import title_attr

ROOT = "~/"
"""Start of a link written from the site's root, before :func:`localize` makes it relative.
Only ever found right after ``href="``, which escaped text cannot contain."""
CARD_ID = "card-"
"""Start of the id of a card in a list of posts off the thread (``card-<id>``); only the
thread's copy has the permalink anchor ``post-<id>``."""
UNKNOWN = "Author unknown"
BASIS_LABELS = {
    "inferred": ("inferred", "Author inferred from the mention chain of the replies"),
    "editor": ("attributed", "Author attributed by the editors; see the About page"),
}


@dataclass(frozen=True)
class Context:
    """What cards need to know about the whole site."""

    discussion: Discussion
    """The linked discussion."""
    location: dict[str, str]
    """Post id → source path of the thread page that holds it."""
    number: dict[str, int]
    """Post id → its 1-based position in the thread."""
    titles: dict[str, str]
    """Theme id → title, ``other`` included."""
    directory_urls: bool = True
    """MkDocs' ``use_directory_urls``."""
    glossary: Glossary = field(default_factory=Glossary)
    """Terms linked to their definitions."""
    page_size: int = 500
    """Posts per page, for every paginated list of posts."""
    html_tooltips: bool = False
    """Whether the theme shows titles as HTML in its tooltips (see
    :func:`generator.pages.markup.title_attr`)."""
    _roots: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Root links by target: every post links to the same few hundred pages."""
    _theme_links: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Root links to each theme page, as cards show them."""
    _made: dict[tuple[str, ...], str] = field(default_factory=dict, compare=False, repr=False)
    """Mentions and author lines, made once: the same few hundred people appear in every
    post."""

    def href(self, page: str | None, target: str, anchor: str = "") -> str:
        """Relative link from ``page`` to ``target``; with no page, a link from the root
        (``~/themes/law/``) that :func:`localize` makes relative where it is used."""
        if page is None:
            root = self._roots.get(target)
            if root is None:
                root = self._roots[target] = ROOT + urls.url_of(target, self.directory_urls)
            return f"{root}#{anchor}" if anchor else root
        return urls.href(page, target, anchor, self.directory_urls)

    def post_href(self, page: str | None, post_id: str) -> str:
        """Relative link from ``page`` to a post's permalink anchor."""
        return self.href(page, self.location[post_id], f"post-{post_id}")

    def person_href(self, page: str | None, handle: str) -> str:
        """Relative link to a person's page (handle in any case)."""
        person = self.discussion.person(handle)
        name = person.person.handle if person else handle
        return self.href(page, urls.person_page(name))


def a(href: str, text: str, cls: str = "", extra: str = "") -> str:
    """An escaped link."""
    klass = f' class="{cls}"' if cls else ""
    return f'<a{klass} href="{escape(href)}"{extra}>{escape(text)}</a>'


def body(paragraphs: tuple[Paragraph, ...], ctx: Context, linked: set[str] | None = None) -> str:
    """The post's text as escaped HTML paragraphs; the first use of each glossary term links
    to its definition. The ids of the terms used are added to ``linked``."""
    out = []
    linked = set() if linked is None else linked
    for para in paragraphs:
        parts = []
        for span in para:
            if span.kind == "link":
                parts.append(a(span.target, span.text, "post__url", ' rel="nofollow noopener ugc"'))
            elif span.kind == "mention":
                parts.append(mention(span.target, span.text, ctx))
            else:
                parts.append(plain_text(span.text, ctx, linked))
        out.append(f'<p dir="auto">{"".join(parts)}</p>')
    return "".join(out)


def mention(handle: str, text: str, ctx: Context) -> str:
    """A mention links to the person's page; one of an account that opted out stays text."""
    key = ("mention", handle, text)
    html = ctx._made.get(key)
    if html is None:
        if ctx.discussion.person(handle) is None:
            html = escape(text)
        else:
            html = a(ctx.person_href(None, handle), text, "post__mention")
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


def safe_url(url: str) -> str:
    """``url`` if it is http(s), else "" (a source's URLs are untrusted too)."""
    return url if url.lower().startswith(("https://", "http://")) else ""


def external(url: str, text: str, cls: str = "") -> str:
    """A link off the site; empty when the URL is not http(s)."""
    if not safe_url(url):
        return ""
    return a(url, text, cls, ' rel="nofollow noopener"')


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


def readable(stamp: str) -> str:
    """``2024-03-01T10:05:00Z`` → ``1 Mar 2024, 10:05 UTC``; anything else as given."""
    try:
        moment = datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return stamp
    return f"{moment.day} {moment.strftime('%b %Y, %H:%M')} UTC"


def attachments(post: Post) -> str:
    """Media listed by their alt text, and the link card. Images are not shown: they would be
    loaded from the original server while reading; each links to its original instead."""
    out = []
    if post.media:
        items = []
        for media in post.media:
            described = (
                escape(media.description)
                if media.description
                else ('<span class="post__no-alt">no description given</span>')
            )
            link = external(media.url, "open")
            kind = escape(media.kind.capitalize() or "Attachment")
            items.append(
                f"<li><strong>{kind}:</strong> {described}"
                + (f" ({link})" if link else "")
                + "</li>"
            )
        out.append(f'<ul class="post__media" aria-label="Attachments">{"".join(items)}</ul>')
    if post.card is not None and safe_url(post.card.url):
        title = external(post.card.url, post.card.title or post.card.url)
        about = f" <span>{escape(post.card.description)}</span>" if post.card.description else ""
        out.append(f'<p class="post__card">{title}{about}</p>')
    return "".join(out)


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


def _slug(page: str) -> str:
    """The commentary slug of a page path, or "" for other pages."""
    if page.startswith("commentary/") and page.count("/") == 1:
        return page.removeprefix("commentary/").removesuffix(".md")
    return ""


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
    """The text and attachments, behind the author's content warning when there is one; the
    glossary terms used are added to ``linked``."""
    text = body(post.paragraphs, ctx, linked)
    inner = f'<div class="post__body">{text}</div>{attachments(post)}'
    if post.warning:
        return (
            f'<details class="post__cw"><summary>Content warning: '
            f"{escape(post.warning)}</summary>{inner}</details>\n"
        )
    return inner + "\n"


def localize(html: str, page: str, directory_urls: bool = True) -> str:
    """``html`` with its root links (``href="~/…"``) made relative to ``page``; links to
    anchors on ``page`` itself become plain ``#anchor`` links."""
    here = urls.url_of(page, directory_urls)
    html = html.replace(f'href="{ROOT}{here}#', 'href="#')
    return html.replace(f'href="{ROOT}', 'href="' + ("../" * here.count("/") or "./"))


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
    content: str
    """Text, attachments and the editors' note."""
    replies: str
    """Links to the replies."""
    commentary: tuple[tuple[str, str], ...]
    """``(slug, link)`` of each commentary piece on the post."""
    terms: tuple[str, ...]
    """Ids of the glossary terms the post uses."""
    linked: tuple[str, ...]
    """Ids of the posts the card links to as parent and replies: on a page that lists one
    of them too, :func:`assemble` links to that card instead of the thread."""
    linked_hrefs: tuple[str, ...]
    """The permalink each of ``linked`` has in the card, escaped, as :func:`on_page` finds
    it."""


def parts(post: Post, ctx: Context) -> Parts:
    """Everything of a post's card that is the same on every page."""
    themes = " ".join(post.themes) or OTHER
    header = " ".join(x for x in (reply_line(post, ctx), when(post)) if x)
    note = ""
    if post.note:
        note = f'<p class="post__note"><strong>Editors’ note:</strong> {escape(post.note)}</p>\n'
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
    text = "" if post.removed else content(post, ctx, terms) + note
    parent = (post.reply_to,) if post.reply_to in ctx.discussion.by_id else ()
    linked = parent + ctx.discussion.replies.get(post.id, ())
    return Parts(
        post=post,
        number=ctx.number[post.id],
        id=escape(post.id),
        data=(
            f'data-post-id="{escape(post.id)}" data-author="{escape(post.author)}" '
            f'data-themes="{escape(themes)}"'
        ),
        author="" if post.removed else author_line(post, ctx),
        who=author_label(post, ctx),
        header=header,
        href=escape(ctx.post_href(None, post.id)),
        content=text,
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
    if here and not anchor:
        card_id = f' id="{CARD_ID}{p.id}"'
        if not here.isdisjoint(p.linked):
            header, replies = on_page(header, p, here), on_page(replies, p, here)
    if p.post.removed:
        return removed_card(p, ctx, anchor, header, replies, card_id)
    number = p.number
    # Each post on the thread page has a heading, so screen readers can jump between posts;
    # search reads the same heading and the post's text from search_copy (one result a post:
    # "Post 4: @srcrist"). Elsewhere a card repeats a post: its heading is a div (a heading
    # could skip a level) and search leaves it out, so each post is indexed once.
    if anchor:
        label = f"Permalink to post {number}"
        head = (
            f'<article class="post" id="post-{p.id}" {p.data}>\n'
            f'<h2 class="post__heading" id="post-{p.id}-h"><span class="visually-hidden">'
            f"Post {number}: </span>{p.author}</h2>\n"
            f'<header class="post__meta">{header} <a class="post__permalink" href="{p.href}" '
            f'title="{label}" aria-label="{label}">#{number}</a></header>\n'
        )
    else:
        label = f"Post {number} in the whole thread"
        head = (
            f'<article class="post"{card_id} data-search-exclude {p.data}>\n'
            f'<div class="post__heading"><span class="visually-hidden">'
            f"Post {number}: </span>{p.author}</div>\n"
            f'<header class="post__meta">{header} <a class="post__permalink" href="{p.href}" '
            f'title="{label}" aria-label="{label}">#{number} in thread</a></header>\n'
        )
    foot = [theme_links(p.post, ctx, skip=theme)]
    if replies:
        foot.append(replies)
    if p.commentary:
        links = [link for s, link in p.commentary if s != slug]
        if links:
            foot.append(f'<span class="post__commentary">Commentary: {" · ".join(links)}</span>')
    if anchor:
        foot.append(neighbours(p.post, ctx))
    tail = " ".join([x for x in foot if x])
    return (
        head
        + p.content
        + (f"{why_here(p.post, theme)}\n" if theme else "")
        + (f'<footer class="post__foot">{tail}</footer>\n' if tail else "")
        + "</article>\n"
    )


def removed_card(
    p: Parts, ctx: Context, anchor: bool, header: str, replies: str, card_id: str = ""
) -> str:
    """The placeholder of a post removed at its author's request: its place and its replies
    (``header`` and ``replies`` as this page links them, ``card_id`` its id attribute off
    the thread)."""
    attrs = f' id="post-{p.id}"' if anchor else card_id
    permalink = f'<a class="post__permalink" href="{p.href}">#{p.number}</a>'
    foot = " ".join(x for x in (replies, neighbours(p.post, ctx) if anchor else "") if x)
    return (
        f'<article class="post post--removed"{attrs} data-post-id="{p.id}" '
        'data-author="" data-themes="">\n'
        f'<header class="post__meta">{header} {permalink}</header>\n'
        '<p class="post__removed">This post was removed at its author’s request.</p>\n'
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
    """The start of a post's own words, as text: the @mentions a reply opens with left
    out, cut after ``words`` words (the cut marked with "…")."""
    spans = [span for para in post.paragraphs for span in para]
    start = 0
    while start < len(spans) and (spans[start].kind == "mention" or not spans[start].text.strip()):
        start += 1
    found: list[str] = []
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
    if post.removed:
        what = '<span class="post-ref__words">removed at its author’s request</span>'
    else:
        who = f"by {p.who}" if post.author else "author unknown"
        what = (
            f'<span class="post-ref__who">{escape(who)}</span>: '
            f'<span class="post-ref__words" dir="auto">{escape(excerpt(post))}</span>'
        )
    return (
        f'<li class="post-ref" data-post-ref="{p.id}"><a class="post-ref__link" '
        f'href="{p.href}">Post {p.number}</a> {what}</li>\n'
    )


def reference_list(items: Iterable[str]) -> str:
    """References (:func:`reference`) as one raw HTML block."""
    return f'<ul class="post-refs">\n{"".join(items)}</ul>\n'


def search_copy(p: Parts) -> str:
    """What the search index reads of a post on the thread page: its heading and its text.

    The page itself shows the whole card; its other lines (links to replies, themes,
    neighbours) would only add noise to every result.
    """
    post = p.post
    if post.removed:
        return ""
    # Text only: the search plugin reads every tag, and links and markup add none to a result.
    text = [post_text((para,)) for para in post.paragraphs]
    text += [m.description for m in post.media if m.description]
    if post.card is not None:
        text += [post.card.title, post.card.description]
    if post.warning:
        text.insert(0, f"Content warning: {post.warning}")
    if post.note:
        text.append(f"Editors’ note: {post.note}")
    body = "".join(f"<p>{escape(t)}</p>" for t in text if t)
    # No element around the post: Material's search closes a section nested in an element
    # by looking back through every section of the page, which made long pages quadratic.
    return f'<h2 id="post-{p.id}-h">Post {p.number}: {escape(p.who)}</h2>\n{body}\n'


def card(post: Post, ctx: Context, page: str, *, anchor: bool = False, theme: str = "") -> str:
    """One post as an ``<article>`` on ``page``; ``anchor`` marks the permalink copy on the
    thread page."""
    html = assemble(parts(post, ctx), ctx, anchor=anchor, theme=theme, slug=_slug(page))
    return localize(html, page, ctx.directory_urls)


def post_list(cards: Iterable[str]) -> str:
    """Cards as one raw HTML block. Python-Markdown re-reads the rest of a page after every
    raw block, so one block per list instead of one per card keeps long pages fast."""
    return f'<div class="post-list">\n{"".join(cards)}</div>\n'
