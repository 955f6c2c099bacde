"""Render stage: the site's generated pages as data, ``(path, Markdown)``; nothing touches disk.

Page prose and headings are Markdown, with every piece of data escaped (:func:`md`); posts
are HTML cards from :mod:`generator.pages.cards`. Links between pages are Markdown links to source
paths, so MkDocs validates them like any hand-written link.

A page's lists of posts are kept apart from its Markdown: the Markdown holds a placeholder
per list (:func:`placeholder`), and :meth:`Page.fill` puts the cards in, either into the
Markdown (:attr:`Page.markdown`, for export) or into the HTML MkDocs made of it (the plugin,
while writing the page). Python-Markdown then never parses the cards, which are most of a
large site's bytes, and a build holds one page's cards in memory at a time.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field, replace
from html import escape

from generator import urls
from generator.editorial.glossary import Glossary
from generator.editorial.taxonomy import OTHER
from generator.errors import ContentError, Problem
from generator.link import Discussion, Participant
from generator.pages import commentary as cp
from generator.pages import diagram
from generator.pages.cards import (
    Context,
    Parts,
    a,
    assemble,
    localize,
    parts,
    post_list,
    reference,
    reference_list,
    safe_url,
    search_copy,
)
from generator.pages.markup import front_matter, md, md_code, md_link_to, paragraphs_html, plural

TREE_LIMIT = 1000
"""Threads up to this many posts get the reply diagram on the overview; past it, the
picture would outweigh the page (about 600 bytes a post)."""
GLOSSARY_USES = 20
"""How many posts using a term the glossary links to."""
OTHER_TITLE = "Other"
OTHER_SUMMARY = "Posts that no theme's rules claim."


def placeholder(index: int) -> str:
    """Where a page's list number ``index`` goes, in its Markdown and in the HTML made of it
    (Markdown passes an HTML comment through unchanged)."""
    return f"<!-- discussion: posts {index} -->"


@dataclass(frozen=True)
class PostList:
    """A list of post cards on a page."""

    ids: tuple[str, ...]
    """The posts, in order."""
    anchor: bool = False
    """Whether these are the thread's permalink copies (with ``id="post-…"``)."""
    theme: str = ""
    """The theme page the list is on, if any (its cards say why each post is there)."""
    brief: bool = False
    """Whether the posts are named and linked (:func:`generator.pages.cards.reference`) rather
    than shown as cards: for lists that would repeat posts the site already shows in full,
    at a tenth of the bytes."""


class Deck:
    """Every post's card parts, rendered once (:func:`generator.pages.cards.parts`); pages take
    their lists of cards from here."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.parts: dict[str, Parts] = {p.id: parts(p, ctx) for p in ctx.discussion.posts}
        self.references: dict[str, str] = {}
        """Each post's :func:`generator.pages.cards.reference`, made on first use: a post is named
        on the mentions page of everyone it mentions."""

    def reference(self, post_id: str) -> str:
        """The post named rather than shown, with root links."""
        made = self.references.get(post_id)
        if made is None:
            made = self.references[post_id] = reference(self.parts[post_id])
        return made

    def html(self, posts: PostList, page: str) -> str:
        """The list as ``page`` shows it: one raw HTML block of cards. Off the thread, a
        card's links to a parent or a reply in the same list lead to that card."""
        ctx = self.ctx
        if posts.brief:
            items = (self.reference(i) for i in posts.ids)
            return localize(reference_list(items), page, ctx.directory_urls)
        here = frozenset() if posts.anchor else frozenset(posts.ids)
        cards = (
            assemble(self.parts[i], ctx, anchor=posts.anchor, theme=posts.theme, here=here)
            for i in posts.ids
        )
        return localize(post_list(cards), page, ctx.directory_urls)

    def search_html(self, posts: PostList, page: str) -> str:
        """What the search index reads of the list: the thread's copies, heading and text
        only; nothing of lists that repeat posts, as those are indexed on the thread."""
        if not posts.anchor:
            return ""
        copies = (search_copy(self.parts[i]) for i in posts.ids)
        return localize(post_list(copies), page, self.ctx.directory_urls)


@dataclass(frozen=True)
class Page:
    """A generated page."""

    path: str
    """Source path inside docs_dir, e.g. ``themes/copyright.md``."""
    skeleton: str
    """The page's Markdown, with a :func:`placeholder` for each list of posts."""
    in_nav: bool = True
    """Whether the page belongs in the navigation; per-person and later thread pages do not,
    so the navigation stays the same size however large the thread grows."""
    lists: tuple[PostList, ...] = ()
    """The page's lists of posts, in placeholder order."""
    deck: Deck | None = field(default=None, compare=False, repr=False)
    """Where the cards come from (set when ``lists`` is not empty)."""

    def anchors(self) -> set[str]:
        """The ids the page's cards give it: each permalink copy's anchor and heading."""
        return {
            f"post-{post_id}{end}"
            for posts in self.lists
            if posts.anchor
            for post_id in posts.ids
            for end in ("", "-h")
        }

    @property
    def markdown(self) -> str:
        """The page's complete Markdown, cards included."""
        return self.fill(self.skeleton)

    def fill(self, text: str, *, search: bool = False) -> str:
        """``text`` (the skeleton or the HTML made of it) with each placeholder replaced by
        its list of cards, or by what the search index should read of it."""
        for index, posts in enumerate(self.lists):
            assert self.deck is not None
            block = (
                self.deck.search_html(posts, self.path)
                if search
                else self.deck.html(posts, self.path)
            )
            text = text.replace(placeholder(index), block.removesuffix("\n"), 1)
        return text


@dataclass(frozen=True)
class Meta:
    """Discussion-level text the maintainers write."""

    title: str
    """The discussion's title (the overview's heading)."""
    intro: str = ""
    """Trusted Markdown placed at the top of the overview."""
    commentary: bool = False
    """Whether the site has a commentary section (``/commentary/``)."""
    site_url: str = ""
    """The site's address, for absolute links in the feed; may be empty."""
    glossary: Glossary = field(default_factory=Glossary)
    """Terms and definitions; an empty glossary means no /glossary/ page."""
    html_tooltips: bool = False
    """Whether the theme shows titles as HTML in its tooltips (Material's
    ``content.tooltips``): titles are then escaped for it."""


def render(
    discussion: Discussion,
    meta: Meta,
    *,
    page_size: int = 500,
    directory_urls: bool = True,
    overview: bool = True,
) -> list[Page]:
    """Every generated page of the site, in a stable order."""
    ids = [post.id for post in discussion.posts]
    chunks = [ids[i : i + page_size] for i in range(0, len(ids), page_size)] or [[]]
    location = {
        post_id: urls.thread_page(n) for n, chunk in enumerate(chunks, 1) for post_id in chunk
    }
    titles = {theme.id: theme.title for theme in discussion.themes} | {OTHER: OTHER_TITLE}
    numbers = {post_id: i for i, post_id in enumerate(ids, 1)}
    ctx = Context(
        discussion,
        location,
        numbers,
        titles,
        directory_urls,
        meta.glossary,
        page_size,
        meta.html_tooltips,
    )
    deck = Deck(ctx)
    pages = [overview_page(ctx, meta)] if overview else []
    pages += [thread_page(deck, chunk, n, len(chunks)) for n, chunk in enumerate(chunks, 1)]
    if len(chunks) > 1:
        pages.append(post_index(ctx, len(chunks)))
    pages.append(themes_index(ctx))
    for theme_id in [theme.id for theme in discussion.themes] + [OTHER]:
        if theme_id != OTHER or discussion.by_theme[OTHER]:
            pages += theme_page(deck, theme_id)
    pages.append(people_index(ctx))
    pages += [page for person in discussion.people for page in person_page(deck, person)]
    if meta.commentary:
        pages += commentary_section(ctx, meta)
    if meta.glossary.entries:
        pages.append(glossary_page(deck))
    return pages


def glossary_page(deck: Deck) -> Page:
    """``/glossary/``: every term with its definition and the posts that use it."""
    ctx = deck.ctx
    page = urls.GLOSSARY
    uses: dict[str, list[str]] = {}
    for post in ctx.discussion.posts:
        for entry_id in deck.parts[post.id].terms:
            uses.setdefault(entry_id, []).append(post.id)
    parts = [
        "# Glossary\n",
        "Terms used in the discussion. In posts and commentary, the first use of a term "
        "links here; hover over or focus the link to read the definition.\n",
        f"[The whole thread]({urls.md_link(page, urls.THREAD)}) · "
        f"[All themes]({urls.md_link(page, urls.THEMES)}) · "
        f"[People]({urls.md_link(page, urls.PEOPLE)})\n",
        '<dl class="glossary">',
    ]
    for entry in sorted(ctx.glossary.entries, key=lambda e: e.term.casefold()):
        posts = uses.get(entry.id, [])
        used = ""
        if posts:
            # The first uses only: the page must not grow with the thread.
            links = ", ".join(
                a(ctx.post_href(page, post_id), f"#{ctx.number[post_id]}")
                for post_id in posts[:GLOSSARY_USES]
            )
            more = f" and {len(posts) - GLOSSARY_USES} more" if len(posts) > GLOSSARY_USES else ""
            used = (
                f'<p class="glossary__uses">Used in {plural(len(posts), "post")}: {links}{more}</p>'
            )
        parts.append(
            f'<dt id="{escape(entry.anchor)}">{escape(entry.term)}</dt>'
            f"<dd><p>{escape(entry.definition)}</p>{used}</dd>"
        )
    parts.append("</dl>\n")
    return Page(page, "\n".join(parts))


def commentary_section(ctx: Context, meta: Meta) -> list[Page]:
    """The commentary index, every piece, its authors' pages and the feed."""
    pages = [Page(*cp.index_page(ctx))]
    pages += [Page(*cp.commentary_page(p, ctx), in_nav=False) for p in ctx.discussion.commentary]
    pages += [Page(path, text, in_nav=False) for path, text in cp.author_pages(ctx)]
    pages.append(Page(urls.FEED, cp.atom_feed(ctx, meta.title, meta.site_url), in_nav=False))
    return pages


def refuse_shadowing(
    pages: list[Page], handwritten: dict[str, str], directory_urls: bool = True
) -> None:
    """Fail when a generated page or file would take the place of a hand-written file of
    docs_dir (``docs path → label``): the same path, or the same address (``thread.md``
    and the generated ``thread/index.md`` are both ``/thread/``)."""
    written = {urls.url_of(path, directory_urls): path for path in handwritten}
    problems = []
    for page in pages:
        mine = written.get(urls.url_of(page.path, directory_urls))
        if mine is not None:
            problems.append(
                Problem(
                    handwritten[mine],
                    0,
                    f"this hand-written file has the address of the generated "
                    f"/{urls.url_of(page.path, directory_urls)}; rename or move it",
                )
            )
    if problems:
        raise ContentError(problems)


def _theme_summary(ctx: Context, theme_id: str) -> str:
    if theme_id == OTHER:
        return OTHER_SUMMARY
    return next(t.summary for t in ctx.discussion.themes if t.id == theme_id)


def _theme_list(ctx: Context, page: str) -> str:
    lines = []
    groups = [t.id for t in ctx.discussion.themes]
    if ctx.discussion.by_theme[OTHER]:
        groups.append(OTHER)
    for theme_id in groups:
        count = len(ctx.discussion.by_theme[theme_id])
        link = urls.md_link(page, urls.theme_page(theme_id))
        lines.append(
            f"- [{md(ctx.titles[theme_id])}]({link}) — {plural(count, 'post')}. "
            f"{md(_theme_summary(ctx, theme_id))}"
        )
    return "\n".join(lines) + "\n"


def _person_link(ctx: Context, page: str, handle: str) -> str:
    return f"[@{md(handle)}]({urls.md_link(page, urls.person_page(handle))})"


def overview_page(ctx: Context, meta: Meta) -> Page:
    """``/``: the discussion in a paragraph, its themes and its participants."""
    page = urls.OVERVIEW
    d = ctx.discussion
    writers = [p for p in d.people if p.posts]
    unknown = sum(1 for post in d.posts if not post.author)
    thread = urls.md_link(page, urls.THREAD)
    parts = [f"# {md(meta.title)}\n"]
    if meta.intro.strip():
        parts.append(meta.intro.strip() + "\n")
    facts = (
        f"The discussion has {plural(len(d.posts), 'post')} by "
        f"{plural(len(writers), 'known participant')}"
    )
    facts += f", and {plural(unknown, 'post')} whose author is unknown." if unknown else "."
    parts.append(f"{facts} [Read the whole thread]({thread}) in order, or start from a theme.\n")
    parts.append("## Themes\n")
    parts.append(_theme_list(ctx, page))
    parts.append(
        f"How posts are placed: [all themes and their rules]({urls.md_link(page, urls.THEMES)}).\n"
    )
    if len(d.posts) <= TREE_LIMIT:
        parts.append("## Who replied to whom\n")
        parts.append(
            "Each dot is a post, coloured by its first theme and indented under the "
            "post it answers; follow one to read it in the thread.\n"
        )
        parts.append(diagram.reply_tree(d, ctx, page))
    parts.append("## Participants\n")
    people = []
    for p in writers:
        people.append(
            f"- {_person_link(ctx, page, p.person.handle)} — {plural(len(p.posts), 'post')}"
        )
    parts.append("\n".join(people) + "\n" if people else "No author is known.\n")
    parts.append(
        f"Everyone mentioned in the discussion: [people]({urls.md_link(page, urls.PEOPLE)}).\n"
    )
    parts.append(archive_facts(ctx, page, meta.commentary))
    return Page(page, "\n".join(parts))


ABOUT_ARCHIVE = "About this archive"
"""The heading of the overview's facts about the archive; hand-written pages link to it
(``index.md#about-this-archive``)."""
EDITORS = "editors"
"""The key of the entry of the commentary authors file that names the site's editors."""
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def day(stamp: str) -> str:
    """``2022-12-01T10:00:00Z`` → ``1 December 2022``, in English whatever the locale;
    anything else as given."""
    try:
        moment = datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return stamp
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"


def archive_facts(ctx: Context, page: str, commentary: bool) -> str:
    """The overview's "About this archive" section, as Markdown: where the thread was
    published (the address of its first post that has one), when its first and last posts
    were written, who the editors are (the authors file's :data:`EDITORS` entry, or where
    to name them) and that posts are removed at their authors' request."""
    d = ctx.discussion
    url = next((post.url for post in d.posts if safe_url(post.url)), "")
    lines = [f"## {ABOUT_ARCHIVE}\n"]
    if url:
        lines.append(f"- **Original thread:** published at {md_link_to(url)}.")
    else:
        lines.append("- **Original thread:** the sources do not give its address.")
    dates = sorted(post.published for post in d.posts if post.published)
    if not dates:
        lines.append("- **Dates:** the sources do not give them.")
    elif day(dates[0]) == day(dates[-1]):
        lines.append(f"- **Dates:** every post was written on {md(day(dates[0]))}.")
    else:
        lines.append(
            f"- **Dates:** the first post was written on {md(day(dates[0]))}, "
            f"the last on {md(day(dates[-1]))}."
        )
    editors = d.authors.get(EDITORS)
    ask = "Ask the editors"
    if editors is None:
        lines.append(
            f"- **Editors:** not named here; an {md_code(EDITORS)} entry in the commentary "
            "authors file names them."
        )
    else:
        name = md(editors.name)
        if commentary and any(piece.author == EDITORS for piece in d.commentary):
            name = f"[{name}]({urls.md_link(page, urls.author_page(EDITORS))})"
        site = f" ({md_link_to(editors.url, 'website')})" if safe_url(editors.url) else ""
        lines.append(
            f"- **Editors:** {name}{site}. They name authors the source leaves out, correct "
            "what a post answers and place posts under themes by hand; each such post says so."
        )
        if safe_url(editors.url):
            ask = f"Ask the editors through {md_link_to(editors.url, 'their website')}"
    removed = sum(1 for post in d.posts if post.removed)
    lines.append(
        "- **Removal on request:** anyone may have their posts taken out of this archive, "
        "single posts or a whole account. The editors keep a list of them, and the next "
        "build publishes none of their words, links or attachments; a placeholder keeps "
        f"each post's place in the thread. {ask}, naming the account or the posts "
        "(the number in a post's corner links to it). "
        + (
            f"{plural(removed, 'post has', 'posts have')} been removed so far."
            if removed
            else "No post has been removed so far."
        )
    )
    return "\n".join(lines) + "\n"


def _pager(page: str, number: int, total: int, first: str = urls.THREAD) -> str:
    """Links to the previous and next page of a paginated list whose first page is ``first``."""
    if total == 1:
        return ""
    links = []
    if number > 1:
        links.append(f"[← Previous page]({urls.md_link(page, urls.paged(first, number - 1))})")
    links.append(f"Page {number} of {total}")
    if number < total:
        links.append(f"[Next page →]({urls.md_link(page, urls.paged(first, number + 1))})")
    return " · ".join(links) + "\n"


def post_pages(
    deck: Deck,
    first: str,
    title: str,
    intro: list[str],
    ids: tuple[str, ...],
    theme: str = "",
    heading: str = "Posts",
    brief: bool = False,
) -> list[Page]:
    """A page of posts, continued on further pages of ``ctx.page_size`` posts each;
    ``title`` (text) heads the pages after the first, ``heading`` (text) the list on the
    first; ``brief`` names the posts instead of showing their cards (:attr:`PostList.brief`).

    The first page keeps the introduction and stays in the navigation; the others do not,
    so the navigation does not grow with the thread.
    """
    size = deck.ctx.page_size
    chunks = [tuple(ids[i : i + size]) for i in range(0, len(ids), size)] or [()]
    pages = []
    for number, chunk in enumerate(chunks, 1):
        page = urls.paged(first, number)
        pager = _pager(page, number, len(chunks), first)
        if number == 1:
            parts = [*intro, f"## {md(heading)}\n"]
        else:
            head = f"{title}, page {number}"
            parts = [front_matter(head, search=False), f"# {md(head)}\n"]
        parts += [pager, placeholder(0) + "\n", pager]
        text = "\n".join(p for p in parts if p)
        lists = (PostList(chunk, theme=theme, brief=brief),)
        pages.append(Page(page, text, in_nav=number == 1, lists=lists, deck=deck))
    return pages


def thread_page(deck: Deck, chunk: list[str], number: int, total: int) -> Page:
    """``/thread/`` (and ``/thread/<n>/``): every post, in source order, with its anchor."""
    page = urls.thread_page(number)
    ctx = deck.ctx
    d = ctx.discussion
    title = "The whole thread" + (f", page {number}" if number > 1 else "")
    parts = [f"# {title}\n"]
    if number == 1:
        parts.append(
            f"The discussion's {plural(len(d.posts), 'post')}, in the order they were "
            "received. Each shows who wrote it and which post it answers; its number links to "
            "the post itself, for citing. An author marked *inferred* was worked out from the "
            "mention chain of the replies; one marked *attributed* was identified by the "
            f"editors. Posts are also grouped [by theme]({urls.md_link(page, urls.THEMES)}).\n"
        )
    pager = _pager(page, number, total)
    parts.append(pager)
    if total > 1:  # where to look up a post whose anchor is on another page
        index = urls.href(page, urls.POST_INDEX, directory_urls=ctx.directory_urls)
        parts.append(f'<div hidden data-post-index="{escape(index)}"></div>\n')
    parts += [placeholder(0) + "\n", pager]
    text = "\n".join(p for p in parts if p)
    lists = (PostList(tuple(chunk), anchor=True),)
    return Page(page, text, in_nav=number == 1, lists=lists, deck=deck)


def post_index(ctx: Context, total: int) -> Page:
    """``/thread/posts.json``: which thread page holds each post.

    When the thread grows, posts can move to a later page; a permalink to the old page then
    finds the post through this index (see ``theme/assets/discussion.js``), so citations
    keep working. Fetched only when an anchor is missing.
    """
    pages = [
        urls.href(urls.POST_INDEX, urls.thread_page(n), directory_urls=ctx.directory_urls)
        for n in range(1, total + 1)
    ]
    numbers = {urls.thread_page(n): n - 1 for n in range(1, total + 1)}
    posts = {post_id: numbers[path] for post_id, path in ctx.location.items()}
    return Page(
        urls.POST_INDEX,
        json.dumps({"pages": pages, "posts": posts}, separators=(",", ":")) + "\n",
        in_nav=False,
    )


def themes_index(ctx: Context) -> Page:
    """``/themes/``: every theme with its count, summary and the rules that fill it."""
    page = urls.THEMES
    parts = [
        "# Themes\n",
        "Each post is placed under every theme whose rules it matches; a post no rule "
        "claims is shown under Other, so nothing is left out. A rule is a list of words "
        "and phrases: a post joins the theme when its own words (mentions and links left "
        "out) include one of them. A trailing \\* matches any ending; a term with capitals "
        "matches only in that case. Editors may place a post by hand.\n",
    ]
    for theme in ctx.discussion.themes:
        count = len(ctx.discussion.by_theme[theme.id])
        link = urls.md_link(page, urls.theme_page(theme.id))
        parts.append(f"## [{md(theme.title)}]({link})\n")
        parts.append(f"{plural(count, 'post')}. {md(theme.summary)}\n")
        parts.append(
            f"Matches: {', '.join(md_code(t) for t in theme.terms)}"
            + (f" (at least {theme.min_matches} of them)" if theme.min_matches > 1 else "")
            + "\n"
        )
    other = ctx.discussion.by_theme[OTHER]
    parts.append(f"## {OTHER_TITLE}\n")
    if other:
        link = urls.md_link(page, urls.theme_page(OTHER))
        parts.append(f"[{plural(len(other), 'post')}]({link}) match no theme's rules.\n")
    else:
        parts.append("Every post matches at least one theme.\n")
    return Page(page, "\n".join(parts))


def theme_page(deck: Deck, theme_id: str) -> list[Page]:
    """``/themes/<id>/``: the posts on one theme, who argued there and related themes."""
    ctx = deck.ctx
    page = urls.theme_page(theme_id)
    d = ctx.discussion
    ids = d.by_theme[theme_id]
    parts = [front_matter(ctx.titles[theme_id]), f"# {md(ctx.titles[theme_id])}\n"]
    if theme_id == OTHER:
        parts.append(f"{md(OTHER_SUMMARY)} They are listed here so that nothing is left out.\n")
    else:
        theme = next(t for t in d.themes if t.id == theme_id)
        parts.append(f"{md(theme.summary)}\n")
        parts.append(paragraphs_html(theme.description, "theme-description"))
    by_author: dict[str, int] = {}
    for post_id in ids:
        author = d.by_id[post_id].author
        by_author[author] = by_author.get(author, 0) + 1
    who = [
        f"{_person_link(ctx, page, h)} ({n})"
        for h, n in sorted(by_author.items(), key=lambda kv: (-kv[1], kv[0].lower()))
        if h
    ]
    if "" in by_author:
        who.append(f"unknown authors ({by_author['']})")
    parts.append(f"{plural(len(ids), 'post')}" + (f", by {', '.join(who)}." if who else "."))
    related = d.related.get(theme_id, ())
    if related:
        links = [
            f"[{md(ctx.titles[t])}]({urls.md_link(page, urls.theme_page(t))}) ({n})"
            for t, n in related
        ]
        parts.append(f"Its posts also touch: {', '.join(links)}.\n")
    parts.append(
        f"[All themes]({urls.md_link(page, urls.THEMES)}) · "
        f"[The whole thread]({urls.md_link(page, urls.THREAD)})\n"
    )
    pieces = d.commentary_on_theme.get(theme_id, ())
    if pieces:
        parts.append("## Commentary\n")
        parts.append("\n".join(cp.entry(d.piece(slug), ctx, page) for slug in pieces) + "\n")
    return post_pages(deck, page, ctx.titles[theme_id], parts, ids, theme_id)


def people_index(ctx: Context) -> Page:
    """``/people/``: everyone who wrote or was mentioned, in a table (:func:`people_table`)."""
    page = urls.PEOPLE
    d = ctx.discussion
    parts = [
        "# People\n",
        "Everyone who wrote in the discussion or was mentioned in it. Authors are taken "
        "from the source where it names them; otherwise they were inferred from the "
        "mention chain of the replies or attributed by the editors.\n",
        "Who argued where: each circle's area is the number of a person's posts on a theme.\n",
        diagram.participants_by_theme(d, ctx, page),
        people_table(ctx, page),
    ]
    unknown = sum(1 for post in d.posts if not post.author)
    if unknown:
        parts.append(
            f"{plural(unknown, 'post has', 'posts have')} no known author; "
            f"they are in [the thread]({urls.md_link(page, urls.THREAD)}).\n"
        )
    return Page(page, "\n".join(parts))


def people_table(ctx: Context, page: str) -> str:
    """Everyone with their posts, themes and the posts that mention them, as one raw HTML
    block: a table of the site's own (class ``people-table``), styled to fit a phone's width
    without scrolling sideways (``discussion.css``); Material's tables scroll instead."""
    d = ctx.discussion
    rows = []
    for p in d.people:
        handle = p.person.handle
        themes = ", ".join(
            a(ctx.href(page, urls.theme_page(t)), ctx.titles[t]) for t, _ in p.themes
        )
        mentions = len(d.mentioned_in(handle))
        mentioned = str(mentions)
        if mentions:
            where = urls.person_page(handle)
            where = mentions_page(where) if p.posts else where
            hidden = f" {plural(mentions, 'post mentions', 'posts mention')} @{handle}"
            mentioned = (
                f'<a href="{escape(ctx.href(page, where))}">{mentions}'
                f'<span class="visually-hidden">{escape(hidden)}</span></a>'
            )
        rows.append(
            f'<tr><th scope="row">{a(ctx.person_href(page, handle), "@" + handle)}</th>'
            f'<td class="people-table__count">{len(p.posts)}</td><td>{themes or "—"}</td>'
            f'<td class="people-table__count">{mentioned}</td></tr>\n'
        )
    if not rows:
        return "No one is named in the discussion.\n"
    return (
        '<table class="people-table">\n<thead><tr><th scope="col">Person</th>'
        '<th scope="col" class="people-table__count">Posts</th><th scope="col">Themes</th>'
        '<th scope="col" class="people-table__count">Mentioned in</th></tr></thead>\n'
        f"<tbody>\n{''.join(rows)}</tbody>\n</table>\n"
    )


def _handles(ctx: Context, page: str, counts: tuple[tuple[str, int], ...]) -> str:
    return ", ".join(f"{_person_link(ctx, page, h)} ({n})" for h, n in counts)


def mentions_page(person: str) -> str:
    """Source path of the list of posts that mention someone who also wrote posts, beside
    their page: ``people/alice.md`` → ``people/alice/mentions.md``, which continues at
    ``people/alice/mentions/2.md``."""
    return person.removesuffix(".md") + "/mentions.md"


def person_page(deck: Deck, person: Participant) -> list[Page]:
    """``/people/<handle>/``: one participant's posts, themes and conversations, and the
    posts that mention them: on this page when they wrote none, else on their mentions
    page (:func:`mentions_page`). Every list continues on further pages (:func:`post_pages`),
    and none of these pages is searched: the thread indexes each post once."""
    ctx = deck.ctx
    handle = person.person.handle
    page = urls.person_page(handle)
    name = person.person.display_name
    title = f"{name} (@{handle})" if name else f"@{handle}"
    mentions = ctx.discussion.mentioned_in(handle)
    parts = [front_matter(title, search=False), f"# {md(title)}\n"]
    if person.person.url.startswith(("https://", "http://")):
        parts.append(f"Profile: {md_link_to(person.person.url)}\n")
    mentioned = plural(len(mentions), "post")
    if person.posts and mentions:
        mentioned = f"[{mentioned}]({urls.md_link(page, mentions_page(page))})"
    parts.append(
        f"{plural(len(person.posts), 'post')} in this discussion; mentioned in {mentioned}.\n"
    )
    if person.themes:
        themes = ", ".join(
            f"[{md(ctx.titles[t])}]({urls.md_link(page, urls.theme_page(t))}) ({n})"
            for t, n in person.themes
        )
        parts.append(f"Argued in: {themes}.\n")
    if person.replied_to:
        parts.append(f"Replied to: {_handles(ctx, page, person.replied_to)}.\n")
    if person.replied_by:
        parts.append(f"Answered by: {_handles(ctx, page, person.replied_by)}.\n")
    parts.append(
        f"[All people]({urls.md_link(page, urls.PEOPLE)}) · "
        f"[The whole thread]({urls.md_link(page, urls.THREAD)})\n"
    )
    if person.posts:
        pages = post_pages(deck, page, title, parts, person.posts)
        if mentions:
            pages += mention_pages(deck, page, title, mentions)
    elif mentions:
        parts.append("No post by this person is in the archive; these posts mention them.\n")
        pages = post_pages(deck, page, title, parts, mentions, heading="Posts that mention them")
    else:
        parts.append("No post by this person is in the archive.\n")
        pages = [Page(page, "\n".join(parts))]
    return [replace(p, in_nav=False) for p in pages]


def mention_pages(deck: Deck, person: str, title: str, ids: tuple[str, ...]) -> list[Page]:
    """The posts that mention someone who also wrote posts (``title`` names them; their
    page is ``person``), at :func:`mentions_page`, continued on further pages.

    The posts are named, not shown (:func:`generator.pages.cards.reference`): replies name
    everyone in their conversation, so each post mentions several people, and a card on
    each of their pages would double the site's size for posts the thread shows anyway.
    """
    first = mentions_page(person)
    heading = f"Posts that mention {title}"
    intro = [
        front_matter(heading, search=False),
        f"# {md(heading)}\n",
        f"{plural(len(ids), 'post mentions', 'posts mention')} them. Each is listed with its "
        "author and first words, in the order of the thread; its number leads to it there. "
        f"Their own posts are on [their page]({urls.md_link(first, person)}).\n",
        f"[All people]({urls.md_link(first, urls.PEOPLE)}) · "
        f"[The whole thread]({urls.md_link(first, urls.THREAD)})\n",
    ]
    return post_pages(deck, first, heading, intro, ids, brief=True)
