"""The glossary page, ``/glossary/``: every term with its definition and the first posts
that use it."""

from __future__ import annotations

from html import escape

from generator import urls
from generator.i18n import nt_html, t
from generator.pages.markup import a, front_matter, md, t_md
from generator.pages.page import Deck, Page

GLOSSARY_USES = 20
"""How many posts using a term the glossary links to."""


def glossary_page(deck: Deck) -> Page:
    """``/glossary/``: every term with its definition and the posts that use it."""
    ctx = deck.ctx
    page = urls.GLOSSARY
    uses: dict[str, list[str]] = {}
    for post in ctx.discussion.posts:
        for entry_id in deck.parts[post.id].terms:
            uses.setdefault(entry_id, []).append(post.id)
    nav = [
        (t("The whole thread"), urls.THREAD),
        (t("All themes"), urls.THEMES),
        # TRANSLATORS: a link to the page listing the discussion's participants
        (t("People"), urls.PEOPLE),
    ]
    parts = [
        front_matter(t("Glossary")),
        "# " + md(t("Glossary")) + "\n",
        t_md(
            "Terms used in the discussion. In posts and commentary, the first use of a term "
            "links here; hover over or focus the link to read the definition."
        )
        + "\n",
        " · ".join(f"[{md(text)}]({urls.md_link(page, target)})" for text, target in nav) + "\n",
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
            more = len(posts) - GLOSSARY_USES
            if more > 0:
                used = nt_html(
                    "Used in {n} post: {links} and {more} more",
                    "Used in {n} posts: {links} and {more} more",
                    len(posts),
                    links=links,
                    more=str(more),
                )
            else:
                used = nt_html(
                    "Used in {n} post: {links}",
                    "Used in {n} posts: {links}",
                    len(posts),
                    links=links,
                )
            used = f'<p class="glossary__uses">{used}</p>'
        parts.append(
            f'<dt id="{escape(entry.anchor)}">{escape(entry.term)}</dt>'
            f"<dd><p>{escape(entry.definition)}</p>{used}</dd>"
        )
    parts.append("</dl>\n")
    return Page(page, "\n".join(parts))
