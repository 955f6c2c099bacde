""" "The argument" on a theme's page: the editors' claims, what answers what, and a picture.

The claims come from the positions file (:mod:`generator.editorial.positions`). A theme's
argument opens with its claims that answer none of the theme's own claims; under each claim
come the claims that object to it or support it, from any theme, nested as deep as the
answers go. Each claim names the posts that make it, linked to their cards (on the same
page when the theme page shows them, otherwise on the thread). Each claim of the theme has
the anchor ``claim-<id>``, which post cards and other themes link to.

The same tree is drawn as an SVG picture (see :mod:`generator.pages.svg` for why and how):
one box per claim, indented under the claim it answers, the connector solid for a claim
that supports and dashed for one that objects, and the relation written at the start of the
box ("Objects: …"), so nothing rests on colour or line style alone. Every box links to the
claim in the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from generator import urls
from generator.editorial.positions import Claim, Positions
from generator.graphemes import cut
from generator.i18n import nt, nt_html, t, t_html
from generator.pages.context import Context
from generator.pages.markup import a, md
from generator.pages.reasons import reason
from generator.pages.svg import MARGIN, clean, esc, figure, num, svg_open, text_width

LINE_CHARS = 44
"""Characters per line of a claim's text in the picture."""
LINES = 4
"""Lines of a claim's text in the picture; longer claims end in "…" (the tooltip and the
list have the whole claim)."""
LINE_H = 16.0
"""Height of a line of text in the picture."""
INDENT = 28.0
"""How far an answer is indented under the claim it answers."""
GAP = 10.0
"""Space between two boxes."""
PAD = 8.0
"""Space inside a box, around its text."""


@dataclass(frozen=True)
class Node:
    """A claim's place in a theme's argument."""

    claim: Claim
    depth: int
    parent: str
    """The id of the claim it answers here, or ``""`` for a claim that opens the argument."""


def heading() -> str:
    """The section's heading on a theme's page, in the site's language (its anchor, made
    from it, is ``the-argument`` in English)."""
    return t("The argument")


def relation_label(relation: str) -> str:
    """How a nested claim's relation to the claim above it is written before it in the
    list: ``Objects:`` or ``Supports:``."""
    if relation == "supports":
        # TRANSLATORS: before a claim that supports the claim above it in "The argument"
        return t("Supports:")
    # TRANSLATORS: before a claim that objects to the claim above it in "The argument"
    return t("Objects:")


def relation_box(relation: str, text: str) -> str:
    """A nested claim's ``text`` as its box in the picture says it, after its relation to
    the claim above it: ``Objects: …``."""
    if relation == "supports":
        # TRANSLATORS: a box of the picture of "The argument": a claim supporting the one above
        return t("Supports: {claim}", claim=text)
    # TRANSLATORS: a box of the picture of "The argument": a claim objecting to the one above
    return t("Objects: {claim}", claim=text)


def argument_tree(positions: Positions, theme_id: str) -> list[Node]:
    """The theme's argument in reading order: each opening claim followed by its answers,
    depth first, in file order. A claim of the theme that opens it (it answers another
    theme's claim) is shown there only, not again under that claim, so each claim of the
    theme is in the tree once."""
    nodes: list[Node] = []
    opening = positions.opening(theme_id)
    top = {claim.id for claim in opening}

    def visit(claim: Claim, depth: int, parent: str) -> None:
        nodes.append(Node(claim, depth, parent))
        for answer in positions.answered_by.get(claim.id, ()):
            if answer not in top:
                visit(positions.by_id[answer], depth + 1, claim.id)

    for claim in opening:
        visit(claim, 0, "")
    return nodes


def argument_section(ctx: Context, positions: Positions, theme_id: str, page: str) -> str:
    """The section for a theme's first page (Markdown heading, then one raw HTML block), or
    ``""`` when the editors stated no claim for it."""
    nodes = argument_tree(positions, theme_id)
    if not nodes:
        return ""
    shown = set(ctx.discussion.by_theme.get(theme_id, ())[: ctx.page_size])
    own = len(positions.of_theme(theme_id))
    intro = nt_html(
        "The editors read {n} claim in this theme's posts. Each names the posts that make "
        "it; the claims that object to it or support it follow beneath it.",
        "The editors read {n} claims in this theme's posts. Each names the posts that make "
        "it; the claims that object to it or support it follow beneath it.",
        own,
    )
    html = [f'<div class="argument"><p class="argument__intro">{intro}</p>']
    html.append(_claim_list(ctx, positions, nodes, 0, "", theme_id, page, shown))
    html.append("</div>")
    picture = argument_figure(ctx, nodes, theme_id, page)
    return f"## {md(heading())}\n\n" + "\n".join(html) + "\n\n" + picture


def _claim_list(
    ctx: Context,
    positions: Positions,
    nodes: list[Node],
    depth: int,
    parent: str,
    theme_id: str,
    page: str,
    shown: set[str],
) -> str:
    items = [
        _claim_item(ctx, positions, nodes, node, theme_id, page, shown)
        for node in nodes
        if node.depth == depth and node.parent == parent
    ]
    if depth == 0:
        return f'<ol class="argument__claims">{"".join(items)}</ol>'
    return f'<ul class="argument__answers">{"".join(items)}</ul>'


def _claim_item(
    ctx: Context,
    positions: Positions,
    nodes: list[Node],
    node: Node,
    theme_id: str,
    page: str,
    shown: set[str],
) -> str:
    claim = node.claim
    home = claim.theme == theme_id
    anchor = f' id="{escape(claim.anchor)}"' if home else ""
    relation = f" argument__claim--{claim.relation}" if node.parent else ""
    parts = [f'<li class="argument__claim{relation}"{anchor}>']
    if node.parent:
        label = escape(relation_label(claim.relation or "objects"))
        parts.append(f'<span class="argument__relation">{label}</span> ')
    parts.append(f'<strong class="argument__text" dir="auto">{escape(claim.text)}</strong>')
    posts = [_post_link(ctx, post_id, page, shown) for post_id in claim.posts]
    made = t_html("Made in {posts}.", posts=", ".join(posts))
    parts.append(f' <span class="argument__posts">{made}</span>')
    if not home:
        where = a(claim_href(ctx, page, claim), ctx.titles.get(claim.theme, claim.theme))
        elsewhere = t_html("A claim of {theme}.", theme=where)
        parts.append(f' <span class="argument__elsewhere">{elsewhere}</span>')
    elif not node.parent and claim.answers:
        other = positions.by_id[claim.answers]
        target = a(claim_href(ctx, page, other), other.text)
        theme = escape(ctx.titles.get(other.theme, other.theme))
        if claim.relation == "objects":
            answers = t_html("It objects to {claim} ({theme}).", claim=target, theme=theme)
        else:
            answers = t_html("It supports {claim} ({theme}).", claim=target, theme=theme)
        parts.append(f' <span class="argument__elsewhere">{answers}</span>')
    if claim.note:
        note = escape(t("Editors' note: {note}", note=claim.note))
        parts.append(f'<p class="argument__note">{note}</p>')
    if any(n.parent == claim.id and n.depth == node.depth + 1 for n in nodes):
        parts.append(
            _claim_list(ctx, positions, nodes, node.depth + 1, claim.id, theme_id, page, shown)
        )
    parts.append("</li>")
    return "".join(parts)


def _post_link(ctx: Context, post_id: str, page: str, shown: set[str]) -> str:
    """``post 4 (@srcrist)``, linked to its card on this page when the page shows it, else to
    its permalink on the thread."""
    post = ctx.discussion.by_id[post_id]
    if post.placeholder:
        if post.unavailable:
            # TRANSLATORS: in "post 4 (not available: …)", a post the archive could not get
            who = t("not available: {reason}", reason=reason(post.unavailable))
        else:
            # TRANSLATORS: in "post 4 (removed)", a post removed from the archive
            who = t("removed")
    else:
        who = f"@{post.author}" if post.author else t("author unknown")
    href = f"#card-{post_id}" if post_id in shown else ctx.post_href(page, post_id)
    return a(
        href, t("post {number} ({who})", number=ctx.number[post_id], who=who), "argument__post"
    )


def claim_href(ctx: Context, page: str | None, claim: Claim) -> str:
    """A link to a claim on its theme's page, from ``page`` (or from the root, for cards)."""
    return ctx.href(page, urls.theme_page(claim.theme), claim.anchor)


def claims_line(post_id: str, ctx: Context) -> str:
    """The line a card shows under a post that makes claims: "Makes the claim: …", each
    claim linked to its place on its theme's page (root links, as cards have them); ``""``
    for a post that makes none."""
    positions = ctx.discussion.positions
    ids = positions.by_post.get(post_id, ())
    if not ids:
        return ""
    links = [
        a(claim_href(ctx, None, positions.by_id[i]), positions.by_id[i].text, "post__claim")
        for i in ids
    ]
    claims = nt_html(
        "Makes the claim: {claims}",
        "Makes the claims: {claims}",
        len(links),
        claims=" · ".join(links),
    )
    return f'<p class="post__claims">{claims}</p>\n'


def _lines(text: str) -> list[str]:
    """A claim's text in lines of at most :data:`LINE_CHARS`, at most :data:`LINES` of them."""
    words, lines, current = clean(text).split(), [], ""
    for word in words:
        word = cut(word, LINE_CHARS)
        if current and len(current) + 1 + len(word) > LINE_CHARS:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    if len(lines) > LINES:
        lines = [*lines[: LINES - 1], cut(" ".join(lines[LINES - 1 :]), LINE_CHARS)]
    return lines


def argument_figure(ctx: Context, nodes: list[Node], theme_id: str, page: str) -> str:
    """The theme's argument as a picture (a figure with an accessible name and text)."""
    box_w = max(text_width("n" * LINE_CHARS), 120.0) + 2 * PAD
    deepest = max(node.depth for node in nodes)
    width = MARGIN + deepest * INDENT + box_w + MARGIN
    y, boxes, edges, top_of = MARGIN, [], [], {}
    for node in nodes:
        said = node.claim.text
        if node.parent:
            said = relation_box(node.claim.relation or "objects", said)
        lines = _lines(said)
        height = len(lines) * LINE_H + 2 * PAD
        x = MARGIN + node.depth * INDENT
        top_of[node.claim.id] = (x, y, height)
        if node.parent in top_of:
            px, py, ph = top_of[node.parent]
            sx, mid = px + INDENT / 2, y + height / 2
            dash = ' stroke-dasharray="4 3"' if node.claim.relation == "objects" else ""
            edges.append(
                f'<path class="argument__edge argument__edge--{node.claim.relation}" '
                f'd="M{num(sx)} {num(py + ph)} V{num(mid)} H{num(x)}"{dash}/>'
            )
        href = f"#{node.claim.anchor}" if node.claim.theme == theme_id else ""
        href = href or claim_href(ctx, page, node.claim)
        text = "".join(
            f'<tspan x="{num(x + PAD)}" y="{num(y + PAD + (i + 0.75) * LINE_H)}">{esc(line)}'
            "</tspan>"
            for i, line in enumerate(lines)
        )
        boxes.append(
            f'<a href="{esc(href)}" class="argument__node"><title>{esc(node.claim.text)}'
            f'</title><rect x="{num(x)}" y="{num(y)}" width="{num(box_w)}" '
            f'height="{num(height)}" rx="4" fill="transparent" stroke="currentColor"/>'
            f"<text>{text}</text></a>"
        )
        y += height + GAP
    height = y - GAP + MARGIN
    title = t("The argument: {theme}", theme=ctx.titles.get(theme_id, theme_id))
    objections = sum(1 for n in nodes if n.parent and n.claim.relation == "objects")
    supports = sum(1 for n in nodes if n.parent and n.claim.relation == "supports")
    desc = t(
        "{claims}: {objections} and {supports} to other claims. Each claim is a box linked to "
        "it in the list above, indented under the claim it answers, and begins with how it "
        "answers it; a dashed line marks an objection, a solid line a support.",
        claims=nt("{n} claim", "{n} claims", len(nodes)),
        objections=nt("{n} objection", "{n} objections", objections),
        # TRANSLATORS: counts claims that support another claim ("2 supports")
        supports=nt("{n} support", "{n} supports", supports),
    )
    svg = svg_open(width, height, f"argument-{esc(theme_id)}", title, desc)
    if edges:
        svg.append(
            f'<g class="argument__edges" fill="none" stroke="currentColor">{"".join(edges)}</g>'
        )
    svg += boxes
    caption = t(
        "The argument as a picture: each box a claim, indented under the claim it answers; "
        "dashed lines object, solid lines support. Follow a box to the claim and its posts."
    )
    return figure("argument", svg, caption)
