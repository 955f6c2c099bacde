"""Pages as data: a generated page is a source path and its Markdown; nothing touches disk.

A page's lists of posts are kept apart from its Markdown: the Markdown holds a placeholder
per list (:func:`placeholder`), and :meth:`Page.fill` puts the cards in, either into the
Markdown (:attr:`Page.markdown`, for export) or into the HTML MkDocs made of it (the plugin,
while writing the page). Python-Markdown then never parses the cards, which are most of a
large site's bytes, and a build holds one page's cards in memory at a time.

Every post's card is rendered once, into the :class:`Deck` that all pages share; a list of
posts longer than a page continues on further pages (:func:`post_pages`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator import i18n, urls
from generator.i18n import t
from generator.pages.cards import (
    Parts,
    assemble,
    parts,
    post_list,
    reference,
    reference_list,
    search_copy,
)
from generator.pages.context import Context, localize
from generator.pages.markup import front_matter, md, t_md


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
        self.language = i18n.language(ctx.language)
        """The site's language, found once: every list of cards is written in it."""
        with i18n.using(self.language):
            self.parts: dict[str, Parts] = {p.id: parts(p, ctx) for p in ctx.discussion.posts}
        self.references: dict[str, str] = {}
        """Each post's :func:`generator.pages.cards.reference`, made on first use: a post is named
        on the mentions page of everyone it mentions."""

    def reference(self, post_id: str) -> str:
        """The post named rather than shown, with root links."""
        made = self.references.get(post_id)
        if made is None:
            with i18n.using(self.language):
                made = self.references[post_id] = reference(self.parts[post_id])
        return made

    def html(self, posts: PostList, page: str) -> str:
        """The list as ``page`` shows it: one raw HTML block of cards. Off the thread, a
        card's links to a parent or a reply in the same list lead to that card. Written in
        the site's language (:attr:`Context.language`), as MkDocs writes pages after
        :func:`generator.pages.render.render` has returned."""
        ctx = self.ctx
        with i18n.using(self.language):
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
        with i18n.using(self.language):
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


def page_links(page: str, number: int, total: int, first: str = urls.THREAD) -> str:
    """Links to the previous and next page of a paginated list whose first page is ``first``."""
    if total == 1:
        return ""
    links = []
    if number > 1:
        previous = urls.md_link(page, urls.paged(first, number - 1))
        # TRANSLATORS: a link to the previous page of a long list of posts
        words = t_md("← Previous page")
        links.append(f"[{words}]({previous})")
    links.append(t_md("Page {number} of {total}", number=str(number), total=str(total)))
    if number < total:
        following = urls.md_link(page, urls.paged(first, number + 1))
        # TRANSLATORS: a link to the next page of a long list of posts
        words = t_md("Next page →")
        links.append(f"[{words}]({following})")
    return " · ".join(links) + "\n"


def post_pages(
    deck: Deck,
    first: str,
    title: str,
    intro: list[str],
    ids: tuple[str, ...],
    theme: str = "",
    heading: str = "",
    brief: bool = False,
) -> list[Page]:
    """A page of posts, continued on further pages of ``ctx.page_size`` posts each;
    ``title`` (text) heads the pages after the first, ``heading`` (text, "Posts" in the
    site's language by default) the list on the first; ``brief`` names the posts instead
    of showing their cards (:attr:`PostList.brief`).

    The first page keeps the introduction and stays in the navigation; the others do not,
    so the navigation does not grow with the thread.
    """
    size = deck.ctx.page_size
    # TRANSLATORS: the heading of a page's list of posts
    heading = heading or t("Posts")
    chunks = [tuple(ids[i : i + size]) for i in range(0, len(ids), size)] or [()]
    pages = []
    for number, chunk in enumerate(chunks, 1):
        page = urls.paged(first, number)
        pager = page_links(page, number, len(chunks), first)
        if number == 1:
            parts = [*intro, f"## {md(heading)}\n"]
        else:
            # TRANSLATORS: the title of a list's later pages: "The whole thread, page 2"
            head = t("{title}, page {number}", title=title, number=number)
            parts = [front_matter(head, search=False), f"# {md(head)}\n"]
        parts += [pager, placeholder(0) + "\n", pager]
        text = "\n".join(p for p in parts if p)
        lists = (PostList(chunk, theme=theme, brief=brief),)
        pages.append(Page(page, text, in_nav=number == 1, lists=lists, deck=deck))
    return pages
