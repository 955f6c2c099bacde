"""Theme pages: ``/themes/``, every theme with the rules that fill it, and
``/themes/<id>/``, the posts on one theme (those no rule claims under Other)."""

from __future__ import annotations

from generator import urls
from generator.editorial.taxonomy import OTHER
from generator.pages import commentary as cp
from generator.pages.argument import argument_section
from generator.pages.context import Context
from generator.pages.markup import front_matter, md, md_code, paragraphs_html, plural
from generator.pages.page import Deck, Page, post_pages
from generator.pages.people import person_link

OTHER_TITLE = "Other"
"""The title of the theme of posts that no theme's rules claim."""
OTHER_SUMMARY = "Posts that no theme's rules claim."
"""Its summary, on the overview and its page."""


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
        f"{person_link(page, h)} ({n})"
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
    argument = argument_section(ctx, d.positions, theme_id, page)
    if argument:
        parts.append(argument)
    pieces = d.commentary_on_theme.get(theme_id, ())
    if pieces:
        parts.append("## Commentary\n")
        parts.append("\n".join(cp.entry(d.piece(slug), ctx, page) for slug in pieces) + "\n")
    return post_pages(deck, page, ctx.titles[theme_id], parts, ids, theme_id)
