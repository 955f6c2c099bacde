"""Theme pages: ``/themes/``, every theme with the rules that fill it, and
``/themes/<id>/``, the posts on one theme (those no rule claims under Other)."""

from __future__ import annotations

from generator import urls
from generator.editorial.taxonomy import OTHER
from generator.i18n import t
from generator.pages import commentary as cp
from generator.pages.argument import argument_section
from generator.pages.context import Context
from generator.pages.markup import front_matter, md, md_code, nt_md, paragraphs_html, t_md
from generator.pages.page import Deck, Page, post_pages
from generator.pages.people import person_link


def other_title() -> str:
    """The title of the theme of posts that no theme's rules claim, in the build's language
    (its id stays :data:`~generator.editorial.taxonomy.OTHER`)."""
    # TRANSLATORS: the title of the theme of posts that no theme's rules claim
    return t("Other")


def other_summary() -> str:
    """The summary of that theme, on the overview and its page."""
    return t("Posts that no theme's rules claim.")


def themes_index(ctx: Context) -> Page:
    """``/themes/``: every theme with its count, summary and the rules that fill it."""
    page = urls.THEMES
    parts = [
        # TRANSLATORS: the title of the page of every theme
        front_matter(t("Themes")),
        "# " + t_md("Themes") + "\n",
        t_md(
            "Each post is placed under every theme whose rules it matches; a post no rule "
            "claims is shown under Other, so nothing is left out. A rule is a list of words "
            "and phrases: a post joins the theme when its own words (mentions and links left "
            "out) include one of them. A trailing * matches any ending; a term with capitals "
            "matches only in that case. Editors may place a post by hand."
        )
        + "\n",
    ]
    for theme in ctx.discussion.themes:
        count = len(ctx.discussion.by_theme[theme.id])
        link = urls.md_link(page, urls.theme_page(theme.id))
        parts.append(f"## [{md(theme.title)}]({link})\n")
        posts = nt_md("{n} post.", "{n} posts.", count)
        parts.append(f"{posts} {md(theme.summary)}\n")
        terms = ", ".join(md_code(term) for term in theme.terms)
        if theme.min_matches > 1:
            matches = t_md(
                "Matches: {terms} (at least {minimum} of them)",
                terms=terms,
                minimum=str(theme.min_matches),
            )
        else:
            matches = t_md("Matches: {terms}", terms=terms)
        parts.append(matches + "\n")
    other = ctx.discussion.by_theme[OTHER]
    parts.append(f"## {md(other_title())}\n")
    if other:
        link = urls.md_link(page, urls.theme_page(OTHER))
        count = nt_md("{n} post", "{n} posts", len(other))
        parts.append(
            # TRANSLATORS: {posts} is a link reading "3 posts"
            nt_md(
                "{posts} match no theme's rules.",
                "{posts} match no theme's rules.",
                len(other),
                posts=f"[{count}]({link})",
            )
            + "\n"
        )
    else:
        parts.append(t_md("Every post matches at least one theme.") + "\n")
    return Page(page, "\n".join(parts))


def theme_page(deck: Deck, theme_id: str) -> list[Page]:
    """``/themes/<id>/``: the posts on one theme, who argued there and related themes."""
    ctx = deck.ctx
    page = urls.theme_page(theme_id)
    d = ctx.discussion
    ids = d.by_theme[theme_id]
    parts = [front_matter(ctx.titles[theme_id]), f"# {md(ctx.titles[theme_id])}\n"]
    if theme_id == OTHER:
        listed = t_md("They are listed here so that nothing is left out.")
        parts.append(f"{md(other_summary())} {listed}\n")
    else:
        theme = next(each for each in d.themes if each.id == theme_id)
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
        # TRANSLATORS: in "12 posts, by @ann (8), @bo (3), unknown authors (1)."
        who.append(t_md("unknown authors ({n})", n=str(by_author[""])))
    if who:
        parts.append(
            nt_md(
                "{n} post, by {people}.", "{n} posts, by {people}.", len(ids), people=", ".join(who)
            )
        )
    else:
        parts.append(nt_md("{n} post.", "{n} posts.", len(ids)))
    related = d.related.get(theme_id, ())
    if related:
        links = [
            f"[{md(ctx.titles[other])}]({urls.md_link(page, urls.theme_page(other))}) ({n})"
            for other, n in related
        ]
        parts.append(t_md("Its posts also touch: {themes}.", themes=", ".join(links)) + "\n")
    # TRANSLATORS: a link to the page of every theme
    themes = t_md("All themes")
    # TRANSLATORS: a link to the thread, every post in order
    thread = t_md("The whole thread")
    parts.append(
        f"[{themes}]({urls.md_link(page, urls.THEMES)}) · "
        f"[{thread}]({urls.md_link(page, urls.THREAD)})\n"
    )
    argument = argument_section(ctx, d.positions, theme_id, page)
    if argument:
        parts.append(argument)
    pieces = d.commentary_on_theme.get(theme_id, ())
    if pieces:
        # TRANSLATORS: the heading of a theme's list of commentary pieces
        parts.append("## " + t_md("Commentary") + "\n")
        parts.append("\n".join(cp.entry(d.piece(slug), ctx, page) for slug in pieces) + "\n")
    return post_pages(deck, page, ctx.titles[theme_id], parts, ids, theme_id)
