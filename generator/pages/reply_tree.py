"""The reply tree: who replied to whom, as a picture for the overview (what every picture
shares, from escaping to colours: :mod:`generator.pages.svg`).

:func:`reply_tree` draws one row per post, in the depth-first order of the reply tree (roots,
then each post's replies in thread order), so ``y`` is the post's place in that walk and
``x`` its depth: the indented layout of a file tree. A reply's edge is an elbow from its
parent (or from the sibling drawn just above it, so shared runs are drawn once). Rows have a
fixed height, so the picture grows linearly with the thread; depths past :data:`MAX_INDENT`
stay in one column, dashed and labelled with their level, so a long chain never makes the
picture wider. Each dot links to the post's permalink. A post that replies to a post missing
from the archive gets a short dashed stub instead of an edge; the legend (theme colours,
then the stub when there is one) and the caption say what it means.

What the markup promises to tests and scripts: a post's link has ``data-node="<id>"`` and a
reply edge ``data-from``/``data-to`` (never ``data-post-id``, which marks post cards).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import urls
from generator.editorial.taxonomy import OTHER
from generator.i18n import nt, t
from generator.link import Discussion
from generator.model import Post, Span
from generator.pages.context import Context
from generator.pages.svg import (
    HANDLE_CHARS,
    MARGIN,
    TITLE_CHARS,
    clean,
    clip,
    esc,
    figure,
    num,
    svg_open,
    text_width,
    theme_class,
)

ROW = 18.0
"""Height of a row of the reply tree and of the legend."""
INDENT = 12.0
"""Horizontal step per level of the reply tree."""
MAX_INDENT = 16
"""Deepest level that gets its own column; deeper replies share the next one."""
NODE_R = 4.5
"""Radius of a post's dot."""
WORDS = 10
"""How many words of a post its tooltip quotes."""

Point = tuple[float, float]
"""A position in SVG user units."""


def stub_words() -> str:
    """The legend's words for the short dashed line before a post whose parent is missing."""
    # TRANSLATORS: the reply tree's legend, beside a short dashed line drawn before a dot
    return t("dashed stub: replying to a post not in this archive")


def first_words(post: Post, words: int = WORDS) -> str:
    """The start of a post's own words: leading @mentions left out, cut after ``words``."""
    spans = [span for para in post.paragraphs for span in (*para, Span("text", " "))]
    start = 0
    while start < len(spans) and (spans[start].kind == "mention" or not spans[start].text.strip()):
        start += 1  # the addressees a reply opens with
    found = clean("".join(span.text for span in spans[start:])).split()
    text = " ".join(found[:words])
    return text + "…" if len(found) > words else text


def post_theme(post: Post) -> str:
    """The theme that colours a post: its first, or Other."""
    return post.themes[0] if post.themes else OTHER


@dataclass(frozen=True)
class Row:
    """One post's place in the reply tree."""

    post: Post
    """The post."""
    depth: int
    """0 for a root, parent's depth + 1 for a reply."""
    parent: str | None
    """Id of the parent when it is in the discussion."""


def children(discussion: Discussion) -> dict[str, list[str]]:
    """For each post, the ids of its replies in thread order."""
    kids: dict[str, list[str]] = {}
    for post in discussion.posts:
        if post.reply_to is not None and post.reply_to in discussion.by_id:
            kids.setdefault(post.reply_to, []).append(post.id)
    return kids


def walk(discussion: Discussion) -> list[Row]:
    """Every post once, in depth-first order: roots in thread order, each followed by its
    replies' subtrees in thread order."""
    kids = children(discussion)
    rows: list[Row] = []
    for root in discussion.posts:
        if root.reply_to in discussion.by_id:
            continue  # drawn under its parent
        stack: list[tuple[str, int, str | None]] = [(root.id, 0, None)]
        while stack:  # iterative: a chain of a thousand replies must not hit recursion limits
            post_id, depth, parent = stack.pop()
            rows.append(Row(discussion.by_id[post_id], depth, parent))
            stack.extend((kid, depth + 1, post_id) for kid in reversed(kids.get(post_id, [])))
    return rows


def column(depth: int) -> int:
    """The column of a depth: its own up to :data:`MAX_INDENT`, then one shared column."""
    return min(depth, MAX_INDENT + 1)


def node_title(post: Post, ctx: Context) -> str:
    """``post 4 by @srcrist (Copyright and fair use): The training process…``."""
    number = ctx.number[post.id]
    themes = ", ".join(ctx.titles.get(x, x) for x in post.themes) or ctx.titles.get(OTHER, OTHER)
    words = first_words(post)
    if post.author and words:
        # TRANSLATORS: tooltip of a dot of the reply tree: the post's number, its author's
        # handle ("@alice"), its themes and its first words
        return t(
            "post {number} by {handle} ({themes}): {words}",
            number=number,
            handle=f"@{post.author}",
            themes=themes,
            words=words,
        )
    if post.author:
        # TRANSLATORS: tooltip of a dot of the reply tree, for a post without words
        return t(
            "post {number} by {handle} ({themes})",
            number=number,
            handle=f"@{post.author}",
            themes=themes,
        )
    if words:
        # TRANSLATORS: tooltip of a dot of the reply tree, for a post whose author is unknown
        return t(
            "post {number}, author unknown ({themes}): {words}",
            number=number,
            themes=themes,
            words=words,
        )
    # TRANSLATORS: tooltip of a dot of the reply tree, for a post without words or known author
    return t("post {number}, author unknown ({themes})", number=number, themes=themes)


def label_parts(row: Row, ctx: Context) -> tuple[str, str]:
    """The text beside a dot: the handle (or "author unknown"), then the post's number and,
    past the indent cap, its level."""
    post = row.post
    # TRANSLATORS: beside a dot of the reply tree, in place of the author's handle
    who = f"@{clip(post.author, HANDLE_CHARS)}" if post.author else t("author unknown")
    extra = f"#{ctx.number[post.id]}"
    if row.depth > MAX_INDENT:
        # TRANSLATORS: beside a dot of the reply tree, how deep a very deep reply is
        extra += " · " + t("level {level}", level=row.depth)
    return who, extra


def node_label(row: Row, ctx: Context) -> str:
    """The label beside a dot, as SVG text content."""
    who, extra = label_parts(row, ctx)
    who = esc(who) if row.post.author else f'<tspan class="diagram__unknown">{esc(who)}</tspan>'
    return f'{who} <tspan class="diagram__muted">{esc(extra)}</tspan>'


def legend(
    themes: list[str], ctx: Context, page: str, top: float
) -> tuple[list[str], float, float]:
    """Theme colours with their titles, one per line, each linking to the theme's page;
    returns the lines, the legend's height and its width."""
    lines: list[str] = []
    width = 0.0
    for i, theme_id in enumerate(themes):
        y = top + i * ROW + ROW / 2
        title = ctx.titles.get(theme_id, theme_id)
        shown = clip(title, TITLE_CHARS)
        x = MARGIN + NODE_R
        lines.append(
            f'<a href="{esc(ctx.href(page, urls.theme_page(theme_id)))}" '
            f'class="diagram__legend"><title>{esc(title)}</title>'
            f'<circle class="diagram__node {theme_class(theme_id)}" cx="{num(x)}" cy="{num(y)}" '
            f'r="{num(NODE_R)}"/><text x="{num(x + NODE_R + 6)}" y="{num(y)}" '
            f'dy="0.35em">{esc(shown)}</text></a>'
        )
        width = max(width, x + NODE_R + 6 + text_width(shown))
    return lines, len(themes) * ROW, width


def stub_key(top: float) -> tuple[str, float]:
    """The legend's line for the dashed stub: a stub and a dot drawn as the tree draws a
    post whose parent is not in the archive, and the words that say so; returns it and its
    width. Its text is read with the rest of the picture (the ``<svg>`` is a group)."""
    y = top + ROW / 2
    x = MARGIN + NODE_R
    text = stub_words()
    line = (
        f'<g class="diagram__key" data-key="stub">'
        f'<path class="diagram__edge diagram__stub" d="M{num(x - NODE_R - 8)} {num(y)}'
        f'H{num(x - NODE_R)}" fill="none" stroke="currentColor"/>'
        f'<circle class="diagram__node diagram__node--key" cx="{num(x)}" cy="{num(y)}" '
        f'r="{num(NODE_R)}"/><text x="{num(x + NODE_R + 6)}" y="{num(y)}" dy="0.35em">'
        f"{esc(text)}</text></g>"
    )
    return line, x + NODE_R + 6 + text_width(text)


def legend_themes(discussion: Discussion) -> list[str]:
    """Themes that colour at least one post, in taxonomy order, then Other."""
    used = {post_theme(post) for post in discussion.posts}
    return [x for x in [*(theme.id for theme in discussion.themes), OTHER] if x in used]


def tree_edge(x0: float, y0: float, x: float, y: float) -> str:
    """The path from a parent's column at ``y0`` down to a reply's dot at ``(x, y)``."""
    if x > x0:
        return f"M{num(x0)} {num(y0)}V{num(y)}H{num(x - NODE_R)}"
    return f"M{num(x0)} {num(y0)}V{num(y - NODE_R)}"  # past the cap: the same column


def layout(rows: list[Row], ctx: Context, top: float) -> tuple[dict[str, Point], float]:
    """Where each post's dot goes, and how wide the rows and their labels are."""
    left = MARGIN + 8  # room for the stub of a reply whose parent is missing
    place: dict[str, Point] = {}
    width = 0.0
    for i, row in enumerate(rows):
        x = left + column(row.depth) * INDENT
        place[row.post.id] = (x, top + i * ROW + ROW / 2)
        width = max(width, x + NODE_R + 5 + text_width(" ".join(label_parts(row, ctx))))
    return place, width


def tree_edges(rows: list[Row], place: dict[str, Point]) -> list[str]:
    """One path per reply edge, each starting where its parent's previous reply's edge
    ended (so a shared run is drawn once), and a stub for each post whose parent is missing."""
    paths: list[str] = []
    below: dict[str, float] = {}  # parent id → y where its next reply's edge starts
    for row in rows:
        post = row.post
        x, y = place[post.id]
        if row.parent is not None:
            x0, y0 = place[row.parent]
            start = below.get(row.parent, y0 + NODE_R)
            below[row.parent] = y
            kind = (
                "diagram__edge diagram__edge--deep" if row.depth > MAX_INDENT else "diagram__edge"
            )
            paths.append(
                f'<path class="{kind}" data-from="{esc(post.id)}" data-to="{esc(row.parent)}" '
                f'd="{tree_edge(x0, start, x, y)}"/>'
            )
        elif has_stub(row):
            paths.append(
                f'<path class="diagram__edge diagram__stub" d="M{num(x - NODE_R - 8)} {num(y)}'
                f'H{num(x - NODE_R)}"/>'
            )
    return paths


def tree_node(row: Row, ctx: Context, page: str, at: Point, width: float) -> str:
    """A post's dot and label, linked to its permalink; the whole row is the link's target."""
    post = row.post
    x, y = at
    return (
        f'<a href="{esc(ctx.post_href(page, post.id))}" class="diagram__post" '
        f'data-node="{esc(post.id)}"><title>{esc(node_title(post, ctx))}</title>'
        f'<rect class="diagram__hit" x="0.0" y="{num(y - ROW / 2)}" width="{num(width)}" '
        f'height="{num(ROW)}" fill="transparent"/>'
        f'<circle class="diagram__node {theme_class(post_theme(post))}" cx="{num(x)}" '
        f'cy="{num(y)}" r="{num(NODE_R)}"/>'
        f'<text x="{num(x + NODE_R + 5)}" y="{num(y)}" dy="0.35em">'
        f"{node_label(row, ctx)}</text></a>"
    )


def has_stub(row: Row) -> bool:
    """Whether a post is drawn with a stub: it replies to a post, or addresses someone,
    but its parent is not in the archive."""
    return row.parent is None and (row.post.reply_to is not None or bool(row.post.addressee))


def tree_words(rows: list[Row]) -> tuple[str, str, str]:
    """The reply tree's title, description and caption."""
    deepest = max((row.depth for row in rows), default=0)
    roots = sum(1 for row in rows if row.parent is None)
    stubs = sum(1 for row in rows if has_stub(row))
    # TRANSLATORS: the reply tree's title (read by screen readers)
    title = nt("Reply tree of {n} post", "Reply tree of {n} posts", len(rows))
    # TRANSLATORS: the reply tree's description (read by screen readers); {posts} is
    # "{n} post(s)" and {levels} "{n} level(s)", translated on their own
    desc = nt(
        "Reply tree of {posts} in {n} conversation; the longest chain of replies is {levels} deep.",
        "Reply tree of {posts} in {n} conversations; the longest chain of replies is "
        "{levels} deep.",
        roots,
        posts=nt("{n} post", "{n} posts", len(rows)),
        levels=nt("{n} level", "{n} levels", deepest),
    )
    desc += " " + t(
        "Each post is a dot, coloured by its first theme and linked to the post, with its "
        "author's handle and number; a reply is indented under the post it answers."
    )
    # TRANSLATORS: the caption under the reply tree
    caption = t(
        "Who replied to whom: each dot is a post, in thread order under the post it answers, "
        "coloured by its first theme. Follow a dot to read the post."
    )
    if stubs:
        # TRANSLATORS: the reply tree's description and caption, when posts reply to posts
        # missing from the archive
        missing = " " + nt(
            "{n} post replies to a post that is not in this archive: a short dashed line "
            "leads into its dot.",
            "{n} posts reply to a post that is not in this archive: a short dashed line "
            "leads into their dots.",
            stubs,
        )
        desc += missing
        caption += missing
    if deepest > MAX_INDENT:
        # TRANSLATORS: the caption under the reply tree, when some replies are very deep
        caption += " " + nt(
            "Replies deeper than {n} level continue in the last column, dashed and labelled "
            "with their level.",
            "Replies deeper than {n} levels continue in the last column, dashed and labelled "
            "with their level.",
            MAX_INDENT,
        )
    return title, desc, caption


def reply_tree(discussion: Discussion, ctx: Context, page: str, *, prefix: str = "") -> str:
    """The reply tree as a figure: one linked dot per post, indented under its parent.

    ``page`` is the source path of the page the figure goes on (links are relative to it);
    ``prefix`` keeps the figure's ids unique when a page has more than one.
    """
    rows = walk(discussion)
    themes = legend_themes(discussion)
    keys, legend_h, legend_w = legend(themes, ctx, page, MARGIN)
    if any(has_stub(row) for row in rows):
        stub, stub_w = stub_key(MARGIN + legend_h)
        keys.append(stub)
        legend_h, legend_w = legend_h + ROW, max(legend_w, stub_w)
    top = MARGIN + legend_h + (ROW / 2 if keys else 0)
    place, width = layout(rows, ctx, top)
    width = max(width, legend_w) + MARGIN
    height = top + len(rows) * ROW + MARGIN
    title, desc, caption = tree_words(rows)
    svg = svg_open(width, height, "diagram-" + esc(prefix or "replies"), title, desc)
    if keys:
        svg.append(f'<g class="diagram__legend-list">{"".join(keys)}</g>')
    edges = tree_edges(rows, place)
    if edges:
        # fill and stroke here only matter where the stylesheet is missing
        svg.append(
            f'<g class="diagram__edges" fill="none" stroke="currentColor">{"".join(edges)}</g>'
        )
    svg += [tree_node(row, ctx, page, place[row.post.id], width) for row in rows]
    return figure("replies", svg, caption)
