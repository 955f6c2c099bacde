"""Pictures of the discussion: inline SVG drawn at build time.

Two diagrams, each returned as one raw HTML block (a ``<figure>`` holding an ``<svg>`` and a
``<figcaption>``) for a generated Markdown page:

- :func:`reply_tree` — who replied to whom. One row per post, in the depth-first order of the
  reply tree (roots, then each post's replies in thread order), so ``y`` is the post's place
  in that walk and ``x`` its depth: the indented layout of a file tree. A reply's edge is an
  elbow from its parent (or from the sibling drawn just above it, so shared runs are drawn
  once). Rows have a fixed height, so the picture grows linearly with the thread; depths past
  :data:`MAX_INDENT` stay in one column, dashed and labelled with their level, so a long chain
  never makes the picture wider. Each dot links to the post's permalink. A post that replies
  to a post missing from the archive gets a short dashed stub instead of an edge; the legend
  (theme colours, then the stub when there is one) and the caption say what it means.
- :func:`participants_by_theme` — people × themes. One row per person who wrote (most posts
  first, at most :data:`MAX_PEOPLE`), one column per theme (taxonomy order, then Other when
  it has posts); a circle's *area* is the number of that person's posts on the theme, and the
  number is written beside it.

Why SVG at build time: the picture is plain markup in the page, so it needs no JavaScript, no
charting library and no CDN — it works offline, prints, scales with ``viewBox`` on a phone,
and its links are ordinary links a keyboard and a screen reader reach. The layout is computed
here from the data's order alone, and every number is written with fixed precision, so the
same discussion always gives the same bytes.

Colours are CSS classes, never inline colours: a shape carries ``post__theme--<id>`` and
takes ``--pill-fg``/``--pill-bg`` from the theme palette in ``discussion.css`` (light and
slate schemes); an id without a palette entry inherits the neutral colours set on
``.diagram``. Text widths are estimated from a coarse table of glyph widths: labels are
clipped to a number of characters, so the estimate only has to be roughly right.

Every piece of data (handles, theme titles, words of posts) is XML-escaped, and the markup
contains no blank line, which would end Markdown's raw HTML block. The ``<svg>`` has
``role="group"`` rather than ``role="img"``: an image's children are presentational, which
would hide the links inside it from assistive technology. Its ``<title>`` and ``<desc>``
name and describe it; their ids carry a prefix so that two diagrams can share a page.

What the markup promises to tests and scripts: a post's link has ``data-node="<id>"`` and a
reply edge ``data-from``/``data-to`` (never ``data-post-id``, which marks post cards); a
matrix cell has ``data-person``, ``data-theme`` and ``data-count``. The figure carries
``data-search-exclude``, so Material's search index does not fill with handles and numbers:
the posts themselves are indexed on the thread page.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from html import escape

from generator import urls
from generator.editorial.taxonomy import OTHER
from generator.link import Discussion, Participant
from generator.model import Post, Span
from generator.pages.context import Context
from generator.pages.markup import plural

FONT_SIZE = 12
"""Text size in SVG user units; the ``viewBox`` scales it with the picture."""
MARGIN = 12.0
"""Space around the picture."""
ROW = 18.0
"""Height of a row of the reply tree and of the legend."""
INDENT = 12.0
"""Horizontal step per level of the reply tree."""
MAX_INDENT = 16
"""Deepest level that gets its own column; deeper replies share the next one."""
NODE_R = 4.5
"""Radius of a post's dot."""
HANDLE_CHARS = 20
"""Longest handle shown in full in a label; longer ones end in "…" (the tooltip has it all)."""
TITLE_CHARS = 32
"""Longest theme title shown in full in a legend or a column heading."""
WORDS = 10
"""How many words of a post its tooltip quotes."""
MAX_SCALE = 1.25
"""Largest on-screen scale (CSS px per user unit), so a small picture is not blown up."""
STUB_WORDS = "dashed stub: replying to a post not in this archive"
"""The legend's words for the short dashed line before a post whose parent is missing."""

MAX_PEOPLE = 40
"""Rows of the participants × themes matrix; the rest are counted in a note."""
CELL_ROW = 22.0
"""Height of a matrix row."""
CELL_W = 46.0
"""Width of a matrix column."""
CELL_R = 8.5
"""Radius of the circle for the largest count."""
TOTAL_W = 40.0
"""Width of the matrix's column of post totals."""
HEAD_ANGLE = 60
"""Degrees the matrix's column headings are turned anticlockwise."""

Point = tuple[float, float]
"""A position in SVG user units."""

_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Direction controls: a hostile handle must not reorder the labels after it."""
_NARROW = set("fijlrtI!'()*,-./:;[]`{|} ")
_WIDE = set("mwMW@%")


# ------------------------------------------------------------------ text


def clean(text: str) -> str:
    """Data as one line of XML-safe text: no control or direction characters, single spaces."""
    text = " ".join(_BIDI.sub("", text).split())
    return "".join(
        c for c in text if unicodedata.category(c) not in ("Cc", "Cs") and c not in "\ufffe\uffff"
    )


def esc(text: str) -> str:
    """Escape cleaned data for XML text and attribute values."""
    return escape(clean(text), quote=True)


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, the cut marked with "…"."""
    text = clean(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Estimated width of ``text`` in a proportional sans-serif font of ``size``."""
    em = 0.0
    for c in text:
        if c in _NARROW:
            em += 0.32
        elif c in _WIDE:
            em += 0.88
        elif c.isupper():
            em += 0.68
        elif ord(c) < 0x80:
            em += 0.56
        else:
            em += 1.0  # CJK, emoji and other wide scripts: err on the wide side
    return em * size


def num(value: float) -> str:
    """A coordinate with fixed precision."""
    return f"{value:.1f}"


def first_words(post: Post, words: int = WORDS) -> str:
    """The start of a post's own words: leading @mentions left out, cut after ``words``."""
    spans = [span for para in post.paragraphs for span in (*para, Span("text", " "))]
    start = 0
    while start < len(spans) and (spans[start].kind == "mention" or not spans[start].text.strip()):
        start += 1  # the addressees a reply opens with
    found = clean("".join(span.text for span in spans[start:])).split()
    text = " ".join(found[:words])
    return text + "…" if len(found) > words else text


# ---------------------------------------------------------------- shared


def theme_class(theme_id: str) -> str:
    """The palette class of a theme's colour (see the module docstring)."""
    return f"post__theme--{esc(theme_id)}"


def post_theme(post: Post) -> str:
    """The theme that colours a post: its first, or Other."""
    return post.themes[0] if post.themes else OTHER


def svg_open(width: float, height: float, prefix: str, title: str, desc: str) -> list[str]:
    """The ``<svg>`` start tag with its accessible name and description."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="diagram__svg" '
        f'viewBox="0 0 {num(width)} {num(height)}" width="100%" '
        f'style="max-width:{num(width * MAX_SCALE)}px" font-size="{FONT_SIZE}" '
        f'role="group" aria-labelledby="{prefix}-title" aria-describedby="{prefix}-desc">',
        f'<title id="{prefix}-title">{esc(title)}</title>',
        f'<desc id="{prefix}-desc">{esc(desc)}</desc>',
    ]


def figure(kind: str, svg: list[str], caption: str) -> str:
    """The whole diagram as one raw HTML block without blank lines."""
    # Material's search leaves the labels out: the posts are indexed on the thread page
    lines = [f'<figure class="diagram diagram--{kind}" data-search-exclude="">', *svg, "</svg>"]
    lines.append(f"<figcaption>{esc(caption)}</figcaption>")
    lines.append("</figure>")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------ reply tree


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
    who = f" by @{post.author}" if post.author else ", author unknown"
    themes = ", ".join(ctx.titles.get(t, t) for t in post.themes) or ctx.titles.get(OTHER, OTHER)
    words = first_words(post)
    return f"post {ctx.number[post.id]}{who} ({themes})" + (f": {words}" if words else "")


def label_parts(row: Row, ctx: Context) -> tuple[str, str]:
    """The text beside a dot: the handle (or "author unknown"), then the post's number and,
    past the indent cap, its level."""
    post = row.post
    who = f"@{clip(post.author, HANDLE_CHARS)}" if post.author else "author unknown"
    extra = f"#{ctx.number[post.id]}"
    if row.depth > MAX_INDENT:
        extra += f" · level {row.depth}"
    return who, extra


def node_label(row: Row, ctx: Context) -> str:
    """The label beside a dot, as SVG text content."""
    who, extra = label_parts(row, ctx)
    who = esc(who) if row.post.author else f'<tspan class="diagram__unknown">{who}</tspan>'
    return f'{who} <tspan class="diagram__muted">{extra}</tspan>'


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
    text = STUB_WORDS
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
    return [t for t in [*(theme.id for theme in discussion.themes), OTHER] if t in used]


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
    title = f"Reply tree of {plural(len(rows), 'post')}"
    desc = (
        f"{title} in {plural(roots, 'conversation')}; the longest chain of replies is "
        f"{plural(deepest, 'level')} deep. Each post is a dot, coloured by its first theme and "
        "linked to the post, with its author's handle and number; a reply is indented under "
        "the post it answers."
    )
    caption = (
        "Who replied to whom: each dot is a post, in thread order under the post it answers, "
        "coloured by its first theme. Follow a dot to read the post."
    )
    if stubs:
        missing = (
            f" {plural(stubs, 'post replies', 'posts reply')} to a post that is not in this "
            "archive: a short dashed line leads into "
            + ("its dot." if stubs == 1 else "their dots.")
        )
        desc += missing
        caption += missing
    if deepest > MAX_INDENT:
        caption += (
            f" Replies deeper than {MAX_INDENT} levels continue in the last column, dashed and "
            "labelled with their level."
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


# ------------------------------------------------------------ the matrix


def matrix_themes(discussion: Discussion) -> list[str]:
    """The matrix's columns: every theme in taxonomy order, then Other when it has posts."""
    themes = [theme.id for theme in discussion.themes]
    if discussion.by_theme.get(OTHER):
        themes.append(OTHER)
    return themes


def writers(discussion: Discussion) -> list[Participant]:
    """People who wrote at least one post, most posts first (as the discussion orders them)."""
    return [p for p in discussion.people if p.posts]


def cell_radius(count: int, most: int) -> float:
    """A circle whose area is proportional to ``count``; ``most`` gets :data:`CELL_R`."""
    return CELL_R * math.sqrt(count / most) if most else 0.0


@dataclass(frozen=True)
class Grid:
    """Where the matrix's parts go."""

    columns: tuple[str, ...]
    """Theme ids, one per column."""
    label_w: float
    """Width of the column of handles."""
    top: float
    """Top of the first row, below the turned headings."""
    most: int
    """The largest count shown: its circle has radius :data:`CELL_R`."""

    def total_x(self) -> float:
        """Right edge of the post totals."""
        return MARGIN + self.label_w + TOTAL_W - 8

    def cell_x(self, i: int) -> float:
        """Centre of column ``i``'s circles."""
        return MARGIN + self.label_w + TOTAL_W + i * CELL_W + CELL_R + 2

    def right(self) -> float:
        """Right edge of the last column."""
        return MARGIN + self.label_w + TOTAL_W + len(self.columns) * CELL_W

    def row_y(self, n: int) -> float:
        """Top of row ``n``."""
        return self.top + n * CELL_ROW


def turned(text: str, x: float, y: float, cls: str) -> str:
    """A column heading turned by :data:`HEAD_ANGLE`, starting at ``(x, y)``."""
    return (
        f'<text class="{cls}" transform="translate({num(x)} {num(y)}) rotate(-{HEAD_ANGLE})">'
        f"{esc(text)}</text>"
    )


def headings(grid: Grid, discussion: Discussion, ctx: Context, page: str) -> list[str]:
    """The post totals' heading and one heading per theme, linking to the theme's page."""
    y = grid.top - 6
    lines = [turned("posts", grid.total_x() - 6, y, "diagram__muted")]
    for i, theme_id in enumerate(grid.columns):
        title = ctx.titles.get(theme_id, theme_id)
        count = len(discussion.by_theme.get(theme_id, ()))
        lines.append(
            f'<a href="{esc(ctx.href(page, urls.theme_page(theme_id)))}" '
            f'class="diagram__heading"><title>{esc(title)}: {plural(count, "post")}</title>'
            + turned(clip(title, TITLE_CHARS), grid.cell_x(i), y, "diagram__link")
            + "</a>"
        )
    return lines


def matrix_row(person: Participant, n: int, grid: Grid, ctx: Context, page: str) -> str:
    """Row ``n``: the person's linked handle, their post total and a circle per theme they
    wrote on, sized by the count."""
    handle = person.person.handle
    mid = grid.row_y(n) + CELL_ROW / 2
    total = len(person.posts)
    parts = [
        f'<a href="{esc(ctx.person_href(page, handle))}" class="diagram__person">'
        f"<title>@{esc(handle)}: {plural(total, 'post')}</title>"
        f'<text class="diagram__link" x="{num(MARGIN)}" y="{num(mid)}" dy="0.35em">'
        f"@{esc(clip(handle, HANDLE_CHARS))}</text></a>"
        f'<text class="diagram__muted" x="{num(grid.total_x())}" y="{num(mid)}" dy="0.35em" '
        f'text-anchor="end">{total}</text>'
    ]
    counts = dict(person.themes)
    for i, theme_id in enumerate(grid.columns):
        count = counts.get(theme_id, 0)
        if not count:
            continue
        cx = grid.cell_x(i)
        title = ctx.titles.get(theme_id, theme_id)
        parts.append(
            f'<g class="diagram__cell {theme_class(theme_id)}" data-person="{esc(handle)}" '
            f'data-theme="{esc(theme_id)}" data-count="{count}">'
            f"<title>@{esc(handle)}, {esc(title)}: {plural(count, 'post')}</title>"
            f'<circle cx="{num(cx)}" cy="{num(mid)}" r="{num(cell_radius(count, grid.most))}"/>'
            f'<text x="{num(cx + CELL_R + 4)}" y="{num(mid)}" dy="0.35em">{count}</text></g>'
        )
    return "".join(parts)


def stripes(grid: Grid, rows: int) -> str:
    """A tint behind every other row, to follow a row across."""
    rects = "".join(
        f'<rect class="diagram__stripe" x="{num(MARGIN / 2)}" y="{num(grid.row_y(n))}" '
        f'width="{num(grid.right() - MARGIN / 2)}" height="{num(CELL_ROW)}"/>'
        for n in range(0, rows, 2)
    )
    # fill here only matters where the stylesheet is missing
    return f'<g class="diagram__stripes" fill="currentColor" fill-opacity="0.07">{rects}</g>'


def grid_for(shown: list[Participant], columns: list[str], ctx: Context) -> Grid:
    """The matrix's geometry: handles' width, the headings' height, the largest count."""
    handles = [text_width("@" + clip(p.person.handle, HANDLE_CHARS)) for p in shown]
    titles = [text_width(clip(ctx.titles.get(t, t), TITLE_CHARS)) for t in columns]
    longest = max([text_width("posts"), *titles])
    most = max((n for p in shown for t, n in p.themes if t in columns), default=0)
    top = MARGIN + longest * math.sin(math.radians(HEAD_ANGLE)) + 10
    return Grid(tuple(columns), max(handles, default=0.0) + 10, top, most)


def heading_reach(grid: Grid, ctx: Context) -> float:
    """How far right the turned headings reach."""
    cos = math.cos(math.radians(HEAD_ANGLE))
    return max(
        (
            grid.cell_x(i) + text_width(clip(ctx.titles.get(t, t), TITLE_CHARS)) * cos
            for i, t in enumerate(grid.columns)
        ),
        default=grid.right(),
    )


def note(rest: int, y: float, ctx: Context, page: str) -> tuple[str, float]:
    """The line under the matrix: how many people are left out, linking to all of them, or
    that no author is known; returns it and its width."""
    if rest:
        text = f"and {plural(rest, 'more person', 'more people')}: see all people"
        line = (
            f'<a href="{esc(ctx.href(page, urls.PEOPLE))}" class="diagram__more">'
            f'<text class="diagram__link" x="{num(MARGIN)}" y="{num(y)}" dy="0.35em">{text}'
            "</text></a>"
        )
    else:
        text = "No author is known."
        line = (
            f'<text class="diagram__muted" x="{num(MARGIN)}" y="{num(y)}" dy="0.35em">{text}</text>'
        )
    return line, MARGIN + text_width(text)


def matrix_words(everyone: int, shown: int, columns: int) -> tuple[str, str, str]:
    """The matrix's title, description and caption."""
    desc = (
        f"How many posts each of {plural(everyone, 'participant')} wrote on each of "
        f"{plural(columns, 'theme')}: one row per person, most posts first"
        + (f", the first {shown} shown" if shown < everyone else "")
        + "; one column per theme. A circle's area shows the number of posts, written beside "
        "it; a post can be on more than one theme."
    )
    caption = (
        "Who argued about what: each row is a participant, with their total of posts; the "
        "circles show how many of their posts are on each theme."
    )
    return "Participants and themes", desc, caption


def participants_by_theme(
    discussion: Discussion, ctx: Context, page: str, *, prefix: str = ""
) -> str:
    """Participants × themes as a figure: circles sized by how many posts each person wrote on
    each theme, with the number beside them; handles and headings link to their pages.

    ``page`` is the source path of the page the figure goes on; ``prefix`` keeps the figure's
    ids unique when a page has more than one.
    """
    everyone = writers(discussion)
    shown = everyone[:MAX_PEOPLE]
    grid = grid_for(shown, matrix_themes(discussion), ctx)
    lines = [stripes(grid, len(shown)), *headings(grid, discussion, ctx, page)]
    lines += [matrix_row(person, n, grid, ctx, page) for n, person in enumerate(shown)]
    height = grid.row_y(len(shown)) + MARGIN
    width = max(grid.right(), heading_reach(grid, ctx))
    if len(shown) < len(everyone) or not shown:
        line, line_w = note(len(everyone) - len(shown), height + CELL_ROW / 2, ctx, page)
        lines.append(line)
        width = max(width, line_w)
        height += CELL_ROW
    title, desc, caption = matrix_words(len(everyone), len(shown), len(grid.columns))
    svg = svg_open(width + MARGIN, height, "diagram-" + esc(prefix or "people"), title, desc)
    return figure("people", svg + lines, caption)
