"""The overview page, ``/``: the discussion in a paragraph, its themes, the reply tree, its
participants, and what a reader should know about the archive itself ("About this archive":
where the thread comes from, when it was written, who edits it and how to have a post
removed)."""

from __future__ import annotations

import datetime

from generator import urls
from generator.editorial.taxonomy import OTHER
from generator.pages.context import Context
from generator.pages.markup import md, md_code, md_link_to, plural
from generator.pages.page import Page
from generator.pages.people import person_link
from generator.pages.pieces import safe_url
from generator.pages.reply_tree import reply_tree
from generator.pages.themes import OTHER_SUMMARY

TREE_LIMIT = 1000
"""Threads up to this many posts get the reply diagram on the overview; past it, the
picture would outweigh the page (about 600 bytes a post)."""


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


def overview_page(ctx: Context, title: str, intro: str = "", commentary: bool = False) -> Page:
    """``/``: the discussion in a paragraph, its themes and its participants, under
    ``title`` (text) and the maintainers' ``intro`` (trusted Markdown); ``commentary`` says
    whether the site has a commentary section."""
    page = urls.OVERVIEW
    d = ctx.discussion
    writers = [p for p in d.people if p.posts]
    unknown = sum(1 for post in d.posts if not post.author)
    thread = urls.md_link(page, urls.THREAD)
    parts = [f"# {md(title)}\n"]
    if intro.strip():
        parts.append(intro.strip() + "\n")
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
        parts.append(reply_tree(d, ctx, page))
    parts.append("## Participants\n")
    people = []
    for p in writers:
        people.append(f"- {person_link(page, p.person.handle)} — {plural(len(p.posts), 'post')}")
    parts.append("\n".join(people) + "\n" if people else "No author is known.\n")
    parts.append(
        f"Everyone mentioned in the discussion: [people]({urls.md_link(page, urls.PEOPLE)}).\n"
    )
    parts.append(archive_facts(ctx, page, commentary))
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
    dataset = urls.md_link(page, f"{urls.DATASET}/datapackage.json")
    lines.append(
        f"- **Data:** the discussion as tables for your own tools: [datapackage.json]({dataset})"
        " describes its posts, reply edges, people, themes and the editors' claims, each as CSV and"
        " JSON Lines."
    )
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
