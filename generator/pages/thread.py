"""The whole thread, ``/thread/`` (and ``/thread/<n>/``): every post in source order, each
with its permalink anchor; past one page, an index of which page holds each post."""

from __future__ import annotations

import json
from html import escape

from generator import urls
from generator.i18n import t
from generator.pages.context import Context
from generator.pages.markup import front_matter, md, nt_md, t_md
from generator.pages.page import Deck, Page, PostList, page_links, placeholder


def thread_page(deck: Deck, chunk: list[str], number: int, total: int) -> Page:
    """``/thread/`` (and ``/thread/<n>/``): every post, in source order, with its anchor."""
    page = urls.thread_page(number)
    ctx = deck.ctx
    d = ctx.discussion
    # TRANSLATORS: the title of the thread's page, every post in order
    title = t("The whole thread")
    if number > 1:
        title = t("{title}, page {number}", title=title, number=number)
    parts = [front_matter(title), f"# {md(title)}\n"]
    if number == 1:
        # TRANSLATORS: the text of a link to the themes, in "Posts are also grouped by theme."
        words = t_md("by theme")
        by_theme = f"[{words}]({urls.md_link(page, urls.THEMES)})"
        # TRANSLATORS: the label cards show by an author worked out from the replies
        inferred = md(t("inferred"))
        # TRANSLATORS: the label cards show by an author the editors identified
        attributed = md(t("attributed"))
        sentences = [
            nt_md(
                "The discussion's {n} post, in the order they were received.",
                "The discussion's {n} posts, in the order they were received.",
                len(d.posts),
            ),
            t_md(
                "Each shows who wrote it and which post it answers; its number links to the "
                "post itself, for citing."
            ),
            # TRANSLATORS: {inferred} and {attributed} are the words cards show by an author
            t_md(
                "An author marked {inferred} was worked out from the mention chain of the "
                "replies; one marked {attributed} was identified by the editors.",
                inferred=f"*{inferred}*",
                attributed=f"*{attributed}*",
            ),
            # TRANSLATORS: {link} is a link reading "by theme"
            t_md("Posts are also grouped {link}.", link=by_theme),
        ]
        parts.append(" ".join(sentences) + "\n")
    pager = page_links(page, number, total)
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
