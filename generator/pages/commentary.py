"""Commentary pages: each piece's page, the index and the author pages (the feed of new
pieces: :mod:`generator.pages.feed`).

A piece's page is its own Markdown body under a generated heading, byline and the cards of
the posts it answers; ``[[post <id>]]`` quotes in the body become cards or links here, so the
exported Markdown needs nothing of this package to build.
"""

from __future__ import annotations

import json
from html import escape

from generator import i18n, urls
from generator.editorial.commentary import Commentary
from generator.editorial.commentary_body import QUOTE, QUOTE_LINE, outside_code_spans, prose_lines
from generator.i18n import t, t_html
from generator.pages.cards import card
from generator.pages.context import Context
from generator.pages.markup import a, front_matter, md, md_link_to, nt_md, t_md, template_text


def _heading(marks: str, text: str) -> str:
    """A Markdown heading of ``text`` (``marks`` is ``#``, ``##`` or ``###``)."""
    return f"{marks} {md(text)}\n"


def _md_link(page: str, target: str, text: str, anchor: str = "") -> str:
    return f"[{md(text)}]({urls.md_link(page, target, anchor)})"


def _post_link(ctx: Context, page: str, post_id: str) -> str:
    post = ctx.discussion.by_id[post_id]
    who = f"@{post.author}" if post.author else t("author unknown")
    text = t("post {number} ({who})", number=ctx.number[post_id], who=who)
    return _md_link(page, ctx.location[post_id], text, f"post-{post_id}")


def expand_quotes(body: str, ctx: Context, page: str) -> str:
    """``[[post <id>]]`` alone on a line → the post's card; inside a sentence → a link.

    (Glossary terms are linked later, on the parsed page: see
    :mod:`generator.publish.markdown_ext`.)
    """
    lines = body.split("\n")
    for index, line in prose_lines(body):
        whole = QUOTE_LINE.match(line)
        if whole:
            lines[index] = "\n" + card(ctx.discussion.by_id[whole.group(1)], ctx, page)
        elif "[[post " in line:
            lines[index] = outside_code_spans(
                line, lambda text: QUOTE.sub(lambda m: _post_link(ctx, page, m.group(1)), text)
            )
    return "\n".join(lines)


def byline(piece: Commentary, ctx: Context, page: str) -> str:
    """Author, date and themes of a piece, as one escaped HTML paragraph."""
    author = ctx.discussion.authors.get(piece.author)
    name = author.name if author else piece.author
    who = a(ctx.href(page, urls.author_page(piece.author)), name)
    parts = [
        # TRANSLATORS: the author of a piece of commentary, under its title
        t_html("By {author}", author=who),
        f'<time datetime="{escape(piece.date)}">{escape(i18n.day(piece.date))}</time>',
    ]
    if piece.themes:
        links = " ".join(
            a(ctx.href(page, urls.theme_page(th)), ctx.titles[th], f"post__theme post__theme--{th}")
            for th in piece.themes
        )
        parts.append(t_html("Themes: {themes}", themes=links))
    return f'<p class="commentary__byline">{" · ".join(parts)}</p>\n'


def commentary_page(piece: Commentary, ctx: Context) -> tuple[str, str]:
    """``(path, Markdown)`` of one piece."""
    page = urls.commentary_page(piece.slug)
    front = {"title": piece.title}
    if piece.summary:
        front["description"] = piece.summary
    # Material prints both unescaped, the description inside an attribute.
    meta = "".join(
        f"{key}: {json.dumps(template_text(value), ensure_ascii=False)}\n"
        for key, value in front.items()
    )
    parts = [f"---\n{meta}---\n", f"# {md(piece.title)}\n", byline(piece, ctx, page)]
    # a post the body shows where it discusses it is not shown twice
    answered = [post_id for post_id in piece.responds_to if post_id not in piece.shown()]
    if answered:
        # TRANSLATORS: a heading above the posts a piece of commentary answers
        responds = escape(t("In response to"))
        parts.append(f'<p class="commentary__responds"><strong>{responds}</strong></p>\n')
        for post_id in answered:
            parts.append(card(ctx.discussion.by_id[post_id], ctx, page))
    parts.append(expand_quotes(piece.body.strip("\n"), ctx, page) + "\n")
    everything = _md_link(page, urls.COMMENTARY, t("All commentary"))
    thread = _md_link(page, urls.THREAD, t("The whole thread"))
    parts.append(f"---\n\n{everything} · {thread}\n")
    return page, "\n".join(parts)


def entry(piece: Commentary, ctx: Context, page: str) -> str:
    """A list item linking to a piece, with author, date and summary."""
    author = ctx.discussion.authors.get(piece.author)
    name = author.name if author else piece.author
    line = (
        f"- {_md_link(page, urls.commentary_page(piece.slug), piece.title)} — "
        f"{md(name)}, {md(i18n.day(piece.date))}"
    )
    if piece.summary:
        line += f". {md(piece.summary)}"
    return line


def index_page(ctx: Context) -> tuple[str, str]:
    """``/commentary/``: every piece by date and by theme, and the feed."""
    page = urls.COMMENTARY
    d = ctx.discussion
    feed = _md_link(page, urls.FEED, t("Atom feed"))
    parts = [
        front_matter(t("Commentary")),
        _heading("#", t("Commentary")),
        t_md(
            "Essays on the discussion by contributors, each answering particular posts. Every "
            "post a piece answers links back to it. Follow new pieces with the {feed}.",
            feed=feed,
        )
        + "\n",
    ]
    if not d.commentary:
        parts.append(t_md("No commentary yet.") + "\n")
        return page, "\n".join(parts)
    # TRANSLATORS: a heading of the commentary index: the pieces listed by date
    parts.append(_heading("##", t("By date")))
    parts.append("\n".join(entry(piece, ctx, page) for piece in d.commentary) + "\n")
    # TRANSLATORS: a heading of the commentary index: the pieces listed by theme
    parts.append(_heading("##", t("By theme")))
    for theme in d.themes:
        slugs = d.commentary_on_theme.get(theme.id, ())
        if slugs:
            parts.append(f"### {md(theme.title)}\n")
            parts.append("\n".join(entry(d.piece(s), ctx, page) for s in slugs) + "\n")
    general = [p for p in d.commentary if not p.themes]
    if general:
        parts.append(_heading("###", t("On the discussion as a whole")))
        parts.append("\n".join(entry(p, ctx, page) for p in general) + "\n")
    parts.append(_heading("##", t("Authors")))
    parts.append(
        "\n".join(f"- {_md_link(page, urls.author_page(a.key), a.name)}" for a in _authors(ctx))
        + "\n"
    )
    return page, "\n".join(parts)


def _authors(ctx: Context):
    keys = sorted({p.author for p in ctx.discussion.commentary})
    return [ctx.discussion.authors[k] for k in keys if k in ctx.discussion.authors]


def author_pages(ctx: Context) -> list[tuple[str, str]]:
    """``/commentary/authors/<key>/``: each author's pieces."""
    out = []
    for author in _authors(ctx):
        page = urls.author_page(author.key)
        pieces = [p for p in ctx.discussion.commentary if p.author == author.key]
        parts = [front_matter(author.name), f"# {md(author.name)}\n"]
        if author.url:
            # TRANSLATORS: on a commentary author's page, a link to their website
            parts.append(t_md("Website: {link}", link=md_link_to(author.url)) + "\n")
        parts.append(
            nt_md(
                "{n} piece of commentary on this discussion:",
                "{n} pieces of commentary on this discussion:",
                len(pieces),
            )
            + "\n"
        )
        parts.append("\n".join(entry(p, ctx, page) for p in pieces) + "\n")
        parts.append(_md_link(page, urls.COMMENTARY, t("All commentary")) + "\n")
        out.append((page, "\n".join(parts)))
    return out
