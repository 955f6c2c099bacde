"""People pages: ``/people/``, everyone who wrote or was mentioned, and
``/people/<handle>/``, one person's posts, themes and conversations, with the posts that
mention them."""

from __future__ import annotations

from dataclasses import replace
from html import escape

from generator import urls
from generator.i18n import nt, t
from generator.link import Participant
from generator.pages.context import Context
from generator.pages.markup import a, front_matter, md, md_link_to, nt_md, t_md
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
        # TRANSLATORS: the title of the page of everyone in the discussion
        front_matter(t("People")),
        "# " + t_md("People") + "\n",
        t_md(
            "Everyone who wrote in the discussion or was mentioned in it. Authors are taken "
            "from the source where it names them; otherwise they were inferred from the "
            "mention chain of the replies or attributed by the editors."
        )
        + "\n",
        t_md("Who argued where: each circle's area is the number of a person's posts on a theme.")
        + "\n",
        participants_by_theme(d, ctx, page),
        people_table(ctx, page),
    ]
    unknown = sum(1 for post in d.posts if not post.author)
    if unknown:
        # TRANSLATORS: the text of a link to the thread
        words = t_md("the thread")
        thread = f"[{words}]({urls.md_link(page, urls.THREAD)})"
        parts.append(
            # TRANSLATORS: {link} is a link reading "the thread"
            nt_md(
                "{n} post has no known author; they are in {link}.",
                "{n} posts have no known author; they are in {link}.",
                unknown,
                link=thread,
            )
            + "\n"
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
            hidden = " " + nt(
                "{n} post mentions {person}",
                "{n} posts mention {person}",
                mentions,
                person=f"@{handle}",
            )
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
        return t_md("No one is named in the discussion.") + "\n"
    # TRANSLATORS: a heading of the table of people: the column of their handles
    person = escape(t("Person"))
    # TRANSLATORS: a heading of the table of people: the column of their posts' numbers
    posts = escape(t("Posts"))
    # TRANSLATORS: a heading of the table of people: the column of their themes
    themes = escape(t("Themes"))
    # TRANSLATORS: a heading of the table of people: how many posts mention them
    mentioned_in = escape(t("Mentioned in"))
    heads = [person, posts, themes, mentioned_in]
    return (
        f'<table class="people-table">\n<thead><tr><th scope="col">{heads[0]}</th>'
        f'<th scope="col" class="people-table__count">{heads[1]}</th>'
        f'<th scope="col">{heads[2]}</th>'
        f'<th scope="col" class="people-table__count">{heads[3]}</th></tr></thead>\n'
        f"<tbody>\n{''.join(rows)}</tbody>\n</table>\n"
    )


def _onward(page: str) -> str:
    """Links from ``page`` to everyone and to the whole thread."""
    # TRANSLATORS: a link to the page of everyone in the discussion
    people = t_md("All people")
    # TRANSLATORS: a link to the thread, every post in order
    thread = t_md("The whole thread")
    return (
        f"[{people}]({urls.md_link(page, urls.PEOPLE)}) · "
        f"[{thread}]({urls.md_link(page, urls.THREAD)})\n"
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
        parts.append(t_md("Profile: {link}", link=md_link_to(person.person.url)) + "\n")
    mentioned = nt_md("{n} post", "{n} posts", len(mentions))
    if person.posts and mentions:
        mentioned = f"[{mentioned}]({urls.md_link(page, mentions_page(page))})"
    parts.append(
        nt_md(
            "{n} post in this discussion; mentioned in {mentions}.",
            "{n} posts in this discussion; mentioned in {mentions}.",
            len(person.posts),
            mentions=mentioned,
        )
        + "\n"
    )
    if person.themes:
        themes = ", ".join(
            f"[{md(ctx.titles[theme])}]({urls.md_link(page, urls.theme_page(theme))}) ({n})"
            for theme, n in person.themes
        )
        parts.append(t_md("Argued in: {themes}.", themes=themes) + "\n")
    if person.replied_to:
        people = _handles(page, person.replied_to)
        parts.append(t_md("Replied to: {people}.", people=people) + "\n")
    if person.replied_by:
        people = _handles(page, person.replied_by)
        parts.append(t_md("Answered by: {people}.", people=people) + "\n")
    parts.append(_onward(page))
    if person.posts:
        pages = post_pages(deck, page, title, parts, person.posts)
        if mentions:
            pages += mention_pages(deck, page, title, mentions)
    elif mentions:
        parts.append(
            t_md("No post by this person is in the archive; these posts mention them.") + "\n"
        )
        heading = t("Posts that mention them")
        pages = post_pages(deck, page, title, parts, mentions, heading=heading)
    else:
        parts.append(t_md("No post by this person is in the archive.") + "\n")
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
    # TRANSLATORS: a page's title; {person} is a name and handle, "Ann (@ann)"
    heading = t("Posts that mention {person}", person=title)
    # TRANSLATORS: the text of a link to the page of someone's own posts
    theirs = t_md("their page")
    own = f"[{theirs}]({urls.md_link(first, person)})"
    count = nt_md("{n} post mentions them.", "{n} posts mention them.", len(ids))
    sentences = [
        count,
        t_md(
            "Each is listed with its author and first words, in the order of the thread; "
            "its number leads to it there."
        ),
        # TRANSLATORS: {link} is a link reading "their page"
        t_md("Their own posts are on {link}.", link=own),
    ]
    intro = [
        front_matter(heading, search=False),
        f"# {md(heading)}\n",
        " ".join(sentences) + "\n",
        _onward(first),
    ]
    return post_pages(deck, first, heading, intro, ids, brief=True)
