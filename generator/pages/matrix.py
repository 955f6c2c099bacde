"""Participants × themes: who argued about what, as a picture for ``/people/`` (what every
picture shares, from escaping to colours: :mod:`generator.pages.svg`).

:func:`participants_by_theme` draws one row per person who wrote (most posts first, at most
:data:`MAX_PEOPLE`), one column per theme (taxonomy order, then Other when it has posts); a
circle's *area* is the number of that person's posts on the theme, and the number is
written beside it.

What the markup promises to tests and scripts: a matrix cell has ``data-person``,
``data-theme`` and ``data-count``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from generator import urls
from generator.editorial.taxonomy import OTHER
from generator.i18n import nt, nt_html, t
from generator.link import Discussion, Participant
from generator.pages.context import Context
from generator.pages.svg import (
    HANDLE_CHARS,
    MARGIN,
    TITLE_CHARS,
    clip,
    esc,
    figure,
    num,
    svg_open,
    text_width,
    theme_class,
)

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


def totals_heading() -> str:
    """The heading of the column of post totals."""
    # TRANSLATORS: heading of the column of each person's number of posts, in the picture
    # of participants and themes on the People page
    return t("posts")


def turned(text: str, x: float, y: float, cls: str) -> str:
    """A column heading turned by :data:`HEAD_ANGLE`, starting at ``(x, y)``."""
    return (
        f'<text class="{cls}" transform="translate({num(x)} {num(y)}) rotate(-{HEAD_ANGLE})">'
        f"{esc(text)}</text>"
    )


def headings(grid: Grid, discussion: Discussion, ctx: Context, page: str) -> list[str]:
    """The post totals' heading and one heading per theme, linking to the theme's page."""
    y = grid.top - 6
    lines = [turned(totals_heading(), grid.total_x() - 6, y, "diagram__muted")]
    for i, theme_id in enumerate(grid.columns):
        title = ctx.titles.get(theme_id, theme_id)
        count = len(discussion.by_theme.get(theme_id, ()))
        tooltip = nt_html("{theme}: {n} post", "{theme}: {n} posts", count, theme=esc(title))
        lines.append(
            f'<a href="{esc(ctx.href(page, urls.theme_page(theme_id)))}" '
            f'class="diagram__heading"><title>{tooltip}</title>'
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
    tooltip = nt_html("{handle}: {n} post", "{handle}: {n} posts", total, handle=f"@{esc(handle)}")
    parts = [
        f'<a href="{esc(ctx.person_href(page, handle))}" class="diagram__person">'
        f"<title>{tooltip}</title>"
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
        tooltip = nt_html(
            "{handle}, {theme}: {n} post",
            "{handle}, {theme}: {n} posts",
            count,
            handle=f"@{esc(handle)}",
            theme=esc(title),
        )
        parts.append(
            f'<g class="diagram__cell {theme_class(theme_id)}" data-person="{esc(handle)}" '
            f'data-theme="{esc(theme_id)}" data-count="{count}">'
            f"<title>{tooltip}</title>"
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
    longest = max([text_width(totals_heading()), *titles])
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
        text = nt(
            "and {n} more person: see all people", "and {n} more people: see all people", rest
        )
        line = (
            f'<a href="{esc(ctx.href(page, urls.PEOPLE))}" class="diagram__more">'
            f'<text class="diagram__link" x="{num(MARGIN)}" y="{num(y)}" dy="0.35em">{esc(text)}'
            "</text></a>"
        )
    else:
        text = t("No author is known.")
        line = (
            f'<text class="diagram__muted" x="{num(MARGIN)}" y="{num(y)}" dy="0.35em">'
            f"{esc(text)}</text>"
        )
    return line, MARGIN + text_width(text)


def matrix_words(everyone: int, shown: int, columns: int) -> tuple[str, str, str]:
    """The matrix's title, description and caption."""
    participants = nt("{n} participant", "{n} participants", everyone)
    themes = nt("{n} theme", "{n} themes", columns)
    if shown < everyone:
        desc = t(
            "How many posts each of {participants} wrote on each of {themes}: one row per "
            "person, most posts first, the first {shown} shown; one column per theme. A "
            "circle's area shows the number of posts, written beside it; a post can be on more "
            "than one theme.",
            participants=participants,
            themes=themes,
            shown=shown,
        )
    else:
        desc = t(
            "How many posts each of {participants} wrote on each of {themes}: one row per "
            "person, most posts first; one column per theme. A circle's area shows the number "
            "of posts, written beside it; a post can be on more than one theme.",
            participants=participants,
            themes=themes,
        )
    caption = t(
        "Who argued about what: each row is a participant, with their total of posts; the "
        "circles show how many of their posts are on each theme."
    )
    return t("Participants and themes"), desc, caption


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
