"""The glossary page, ``/glossary/``: every term with its definition and the first posts
that use it."""

from __future__ import annotations

from html import escape

from generator import urls
from generator.pages.markup import a, plural
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
