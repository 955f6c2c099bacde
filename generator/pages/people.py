"""People pages: ``/people/``, everyone who wrote or was mentioned, and
``/people/<handle>/``, one person's posts, themes and conversations, with the posts that
mention them."""

from __future__ import annotations

from dataclasses import replace
from html import escape

from generator import urls
from generator.link import Participant
from generator.pages.context import Context
from generator.pages.markup import a, front_matter, md, md_link_to, plural
from generator.pages.matrix import participants_by_theme
from generator.pages.page import Deck, Page, post_pages


def person_link(page: str, handle: str) -> str:
    """A Markdown link from ``page`` to a person's page, labelled ``@handle``."""
    return f"[@{md(handle)}]({urls.md_link(page, urls.person_page(handle))})"


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
        participants_by_theme(d, ctx, page),
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


def _handles(page: str, counts: tuple[tuple[str, int], ...]) -> str:
    return ", ".join(f"{person_link(page, h)} ({n})" for h, n in counts)


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
        parts.append(f"Replied to: {_handles(page, person.replied_to)}.\n")
    if person.replied_by:
        parts.append(f"Answered by: {_handles(page, person.replied_by)}.\n")
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
