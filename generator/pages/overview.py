"""The overview page, ``/``: the discussion in a paragraph, its themes, the reply tree, its
participants, and what a reader should know about the archive itself ("About this archive":
where the thread comes from, when it was written, who edits it and how to have a post
removed)."""

from __future__ import annotations

from generator import i18n, urls
from generator.editorial.taxonomy import OTHER
from generator.i18n import t
from generator.pages.context import Context
from generator.pages.markup import front_matter, md, md_code, md_link_to, nt_md, t_md
from generator.pages.page import Page
from generator.pages.people import person_link
from generator.pages.pieces import safe_url
from generator.pages.reply_tree import reply_tree
from generator.pages.themes import other_summary

TREE_LIMIT = 1000
"""Threads up to this many posts get the reply diagram on the overview; past it, the
picture would outweigh the page (about 600 bytes a post)."""


def _theme_summary(ctx: Context, theme_id: str) -> str:
    if theme_id == OTHER:
        return other_summary()
    return next(theme.summary for theme in ctx.discussion.themes if theme.id == theme_id)


def _theme_list(ctx: Context, page: str) -> str:
    lines = []
    groups = [theme.id for theme in ctx.discussion.themes]
    if ctx.discussion.by_theme[OTHER]:
        groups.append(OTHER)
    for theme_id in groups:
        count = len(ctx.discussion.by_theme[theme_id])
        link = urls.md_link(page, urls.theme_page(theme_id))
        posts = nt_md("{n} post.", "{n} posts.", count)
        summary = md(_theme_summary(ctx, theme_id))
        lines.append(f"- [{md(ctx.titles[theme_id])}]({link}) — {posts} {summary}")
    return "\n".join(lines) + "\n"


def _link(text: str, target: str) -> str:
    """A Markdown link showing ``text`` (Markdown) to ``target`` (a Markdown link's
    destination)."""
    return f"[{text}]({target})"


def overview_page(ctx: Context, title: str, intro: str = "", commentary: bool = False) -> Page:
    """``/``: the discussion in a paragraph, its themes and its participants, under
    ``title`` (text) and the maintainers' ``intro`` (trusted Markdown); ``commentary`` says
    whether the site has a commentary section."""
    page = urls.OVERVIEW
    d = ctx.discussion
    writers = [p for p in d.people if p.posts]
    unknown = sum(1 for post in d.posts if not post.author)
    thread = urls.md_link(page, urls.THREAD)
    parts = [front_matter(title), f"# {md(title)}\n"]
    if intro.strip():
        parts.append(intro.strip() + "\n")
    posts = nt_md("{n} post", "{n} posts", len(d.posts))
    participants = nt_md("{n} known participant", "{n} known participants", len(writers))
    if unknown:
        anonymous = nt_md(
            "{n} post whose author is unknown", "{n} posts whose author is unknown", unknown
        )
        facts = t_md(
            "The discussion has {posts} by {participants}, and {unknown}.",
            posts=posts,
            participants=participants,
            unknown=anonymous,
        )
    else:
        facts = t_md(
            "The discussion has {posts} by {participants}.", posts=posts, participants=participants
        )
    # TRANSLATORS: the text of a link to the thread, every post in order
    read = _link(t_md("Read the whole thread"), thread)
    # TRANSLATORS: {link} is a link reading "Read the whole thread"
    start = t_md("{link} in order, or start from a theme.", link=read)
    parts.append(f"{facts} {start}\n")
    # TRANSLATORS: a heading of the overview: the list of themes
    parts.append("## " + t_md("Themes") + "\n")
    parts.append(_theme_list(ctx, page))
    # TRANSLATORS: the text of a link to the page of every theme
    rules = _link(t_md("all themes and their rules"), urls.md_link(page, urls.THEMES))
    # TRANSLATORS: {link} is a link reading "all themes and their rules"
    parts.append(t_md("How posts are placed: {link}.", link=rules) + "\n")
    if len(d.posts) <= TREE_LIMIT:
        # TRANSLATORS: a heading of the overview, above the diagram of the replies
        parts.append("## " + t_md("Who replied to whom") + "\n")
        parts.append(
            t_md(
                "Each dot is a post, coloured by its first theme and indented under the "
                "post it answers; follow one to read it in the thread."
            )
            + "\n"
        )
        parts.append(reply_tree(d, ctx, page))
    # TRANSLATORS: a heading of the overview: the list of people who wrote posts
    parts.append("## " + t_md("Participants") + "\n")
    people = []
    for p in writers:
        count = nt_md("{n} post", "{n} posts", len(p.posts))
        people.append(f"- {person_link(page, p.person.handle)} — {count}")
    parts.append("\n".join(people) + "\n" if people else t_md("No author is known.") + "\n")
    # TRANSLATORS: the text of a link to the page of everyone in the discussion
    everyone = _link(t_md("people"), urls.md_link(page, urls.PEOPLE))
    # TRANSLATORS: {link} is a link reading "people"
    parts.append(t_md("Everyone mentioned in the discussion: {link}.", link=everyone) + "\n")
    parts.append(archive_facts(ctx, page, commentary))
    return Page(page, "\n".join(parts))


ABOUT_ARCHIVE = "About this archive"
"""The heading of the overview's facts about the archive, in English; hand-written pages
link to it (``index.md#about-this-archive``), in any language (:data:`ABOUT_ANCHOR`)."""
ABOUT_ANCHOR = "about-this-archive"
"""The anchor of that heading. Written out before a translated heading, whose own anchor is
made of its words."""
EDITORS = "editors"
"""The key of the entry of the commentary authors file that names the site's editors."""


def _fact(label: str, text: str) -> str:
    """One item of the list of facts: ``label`` (Markdown) in bold, then ``text``."""
    return f"- **{label}** {text}"


def archive_facts(ctx: Context, page: str, commentary: bool) -> str:
    """The overview's "About this archive" section, as Markdown: where the thread was
    published (the address of its first post that has one), when its first and last posts
    were written, who the editors are (the authors file's :data:`EDITORS` entry, or where
    to name them) and that posts are removed at their authors' request."""
    d = ctx.discussion
    url = next((post.url for post in d.posts if safe_url(post.url)), "")
    # TRANSLATORS: a heading of the overview: where the thread comes from, who edits it
    heading = t("About this archive")
    lines = [f"## {md(heading)}\n"]
    if heading != ABOUT_ARCHIVE:  # its own anchor would be its words': keep the English one
        lines.insert(0, f'<div id="{ABOUT_ANCHOR}"></div>\n')
    # TRANSLATORS: the label of a fact about the archive, in bold before it
    original = t_md("Original thread:")
    if url:
        published = t_md("published at {link}.", link=md_link_to(url))
        lines.append(_fact(original, published))
    else:
        lines.append(_fact(original, t_md("the sources do not give its address.")))
    dates = sorted(post.published for post in d.posts if post.published)
    # TRANSLATORS: the label of a fact about the archive, in bold before it
    when = t_md("Dates:")
    if not dates:
        unknown_dates = t_md("the sources do not give them.")
        lines.append(_fact(when, unknown_dates))
    elif i18n.day(dates[0]) == i18n.day(dates[-1]):
        text = t_md("every post was written on {day}.", day=md(i18n.day(dates[0])))
        lines.append(_fact(when, text))
    else:
        text = t_md(
            "the first post was written on {first}, the last on {last}.",
            first=md(i18n.day(dates[0])),
            last=md(i18n.day(dates[-1])),
        )
        lines.append(_fact(when, text))
    editors = d.authors.get(EDITORS)
    # TRANSLATORS: the label of a fact about the archive, in bold before it
    editors_label = t_md("Editors:")
    ask = t_md(
        "Ask the editors, naming the account or the posts (the number in a post's corner "
        "links to it)."
    )
    if editors is None:
        text = t_md(
            "not named here; an {key} entry in the commentary authors file names them.",
            key=md_code(EDITORS),
        )
        lines.append(_fact(editors_label, text))
    else:
        name = md(editors.name)
        if commentary and any(piece.author == EDITORS for piece in d.commentary):
            name = _link(name, urls.md_link(page, urls.author_page(EDITORS)))
        site = ""
        if safe_url(editors.url):
            # TRANSLATORS: the text of a link to the editors' website, after their name
            website = t("website")
            site = f" ({md_link_to(editors.url, website)})"
        what = t_md(
            "They name authors the source leaves out, correct what a post answers and place "
            "posts under themes by hand; each such post says so."
        )
        lines.append(_fact(editors_label, f"{name}{site}. {what}"))
        if safe_url(editors.url):
            # TRANSLATORS: the text of a link to the editors' website
            theirs = md_link_to(editors.url, t("their website"))
            # TRANSLATORS: {link} is a link reading "their website"
            ask = t_md(
                "Ask the editors through {link}, naming the account or the posts (the number "
                "in a post's corner links to it).",
                link=theirs,
            )
    dataset = urls.md_link(page, f"{urls.DATASET}/datapackage.json")
    # TRANSLATORS: the label of a fact about the archive, in bold before it
    data = t_md("Data:")
    tables = t_md(
        "the discussion as tables for your own tools: {file} describes its posts, reply "
        "edges, people, themes and the editors' claims, each as CSV and JSON Lines.",
        file=_link("datapackage.json", dataset),
    )
    lines.append(_fact(data, tables))
    removed = sum(1 for post in d.posts if post.removed)
    # TRANSLATORS: the label of a fact about the archive, in bold before it
    removal = t_md("Removal on request:")
    policy = t_md(
        "anyone may have their posts taken out of this archive, single posts or a whole "
        "account. The editors keep a list of them, and the next build publishes none of their "
        "words, links or attachments; a placeholder keeps each post's place in the thread."
    )
    so_far = (
        nt_md("{n} post has been removed so far.", "{n} posts have been removed so far.", removed)
        if removed
        else t_md("No post has been removed so far.")
    )
    lines.append(_fact(removal, f"{policy} {ask} {so_far}"))
    return "\n".join(lines) + "\n"
