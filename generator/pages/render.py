"""Render stage: the site's generated pages as data, ``(path, Markdown)``; nothing touches disk.

:func:`render` makes every page from the linked discussion, one module per kind of page:
:mod:`~generator.pages.overview`, :mod:`~generator.pages.thread`,
:mod:`~generator.pages.themes`, :mod:`~generator.pages.people`,
:mod:`~generator.pages.glossary`, :mod:`~generator.pages.commentary` and
:mod:`~generator.pages.feed`. Page prose and headings are Markdown, with every piece of data
escaped (:func:`generator.pages.markup.md`); posts are HTML cards from
:mod:`generator.pages.cards`, each rendered once. Links between pages are Markdown links to
source paths, so MkDocs validates them like any hand-written link. How a page keeps its
lists of posts out of its Markdown until it is written: :mod:`generator.pages.page`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator import urls
from generator.editorial.glossary import Glossary
from generator.editorial.taxonomy import OTHER
from generator.errors import ContentError, Problem
from generator.link import Discussion
from generator.pages import commentary as cp
from generator.pages.context import Context
from generator.pages.feed import atom_feed
from generator.pages.glossary import glossary_page
from generator.pages.overview import overview_page
from generator.pages.page import Deck, Page
from generator.pages.people import people_index, person_page
from generator.pages.themes import other_title, theme_page, themes_index
from generator.pages.thread import post_index, thread_page


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
    language: str = "en"
    """The site's language as MkDocs' theme names it (``"fr"``): the language of the cards,
    which are written after :func:`render` returns (see :class:`Context`)."""


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
    titles = {theme.id: theme.title for theme in discussion.themes} | {OTHER: other_title()}
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
        meta.language,
    )
    deck = Deck(ctx)
    pages = [overview_page(ctx, meta.title, meta.intro, meta.commentary)] if overview else []
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


def commentary_section(ctx: Context, meta: Meta) -> list[Page]:
    """The commentary index, every piece, its authors' pages and the feed."""
    pages = [Page(*cp.index_page(ctx))]
    pages += [Page(*cp.commentary_page(p, ctx), in_nav=False) for p in ctx.discussion.commentary]
    pages += [Page(path, text, in_nav=False) for path, text in cp.author_pages(ctx)]
    pages.append(Page(urls.FEED, atom_feed(ctx, meta.title, meta.site_url), in_nav=False))
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
