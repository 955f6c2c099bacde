"""Diagrams: well-formed SVG, one linked node per post, escaped data, bounded layout."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from generator import urls
from generator.editorial.taxonomy import OTHER, Theme, classify
from generator.link import Discussion, link
from generator.model import Post, SourceRef, Span, Thread
from generator.pages import matrix
from generator.pages import reply_tree as tree
from generator.pages.context import Context
from generator.pages.themes import other_title
from generator.sources.plain_text import read_plain_text

SVG = "{http://www.w3.org/2000/svg}"
THEMES = (
    Theme("law", "Law & order", "About law.", "", ("law", "done")),
    Theme("art", 'The "art" <of> it', "About art.", "", ("art",)),
)
TEXT = """\
@a the law is done
@b @a no it's not & "never" <was> law
@a art & law
@c a fresh start with nothing in it
@b art is what we make
"""
PAGE = urls.OVERVIEW


def context(discussion: Discussion, directory_urls: bool = True) -> Context:
    """The cards' context, built as :func:`generator.pages.render.render` builds it (one page)."""
    ids = [post.id for post in discussion.posts]
    titles = {theme.id: theme.title for theme in discussion.themes} | {OTHER: other_title()}
    location = dict.fromkeys(ids, urls.THREAD)
    number = {post_id: n for n, post_id in enumerate(ids, 1)}
    return Context(discussion, location, number, titles, directory_urls)


def plain(text: str = TEXT) -> Discussion:
    return link(classify(read_plain_text(text, "t.txt", {}), THEMES), THEMES)


def synthetic(parents: list[int | None], author=lambda i: f"u{i % 7}") -> Discussion:
    """A thread whose post ``i`` replies to post ``parents[i]`` (or to nothing)."""
    posts = tuple(
        Post(
            id=f"p{i:04d}",
            paragraphs=((Span("text", f"post number {i}"),),),
            source=SourceRef("t.txt", i + 1),
            author=author(i),
            author_basis="source" if author(i) else "unknown",
            reply_to=None if parent is None else f"p{parent:04d}",
            reply_basis="none" if parent is None else "source",
            themes=(THEMES[i % 3].id,) if i % 3 < 2 else (),
            theme_basis="editor",
        )
        for i, parent in enumerate(parents)
    )
    return link(Thread(posts), THEMES)


def parse(markup: str) -> ET.Element:
    root = ET.fromstring(markup)
    assert root.tag == "figure"
    return root


def nodes(figure: ET.Element) -> list[ET.Element]:
    return [a for a in figure.iter(f"{SVG}a") if "data-node" in a.attrib]


def view_box(figure: ET.Element) -> tuple[float, float]:
    _, _, width, height = figure.find(f"{SVG}svg").attrib["viewBox"].split()
    return float(width), float(height)


def test_reply_tree_has_one_linked_node_per_post_in_depth_first_order():
    discussion = plain()
    ctx = context(discussion)
    figure = parse(tree.reply_tree(discussion, ctx, PAGE))
    found = nodes(figure)
    assert sorted(a.attrib["data-node"] for a in found) == sorted(discussion.by_id)
    for a in found:
        assert a.attrib["href"] == ctx.post_href(PAGE, a.attrib["data-node"])
        assert a.attrib["href"].startswith("thread/#post-")
    assert [a.attrib["data-node"] for a in found] == [r.post.id for r in tree.walk(discussion)]
    # every reply comes after its parent, and its subtree before the parent's next reply
    order = [a.attrib["data-node"] for a in found]
    for post in discussion.posts:
        if post.reply_to in discussion.by_id:
            assert order.index(post.reply_to) < order.index(post.id)


def test_edges_are_the_reply_edges_whose_parent_is_present():
    discussion = synthetic([None, 0, 1, 0, None, 4, 3])
    posts = list(discussion.posts)
    posts[4] = Post(**{**vars(posts[4]), "reply_to": "gone", "reply_basis": "editor"})
    discussion = link(Thread(tuple(posts)), THEMES)
    figure = parse(tree.reply_tree(discussion, context(discussion), PAGE))
    edges = {
        (p.attrib["data-from"], p.attrib["data-to"])
        for p in figure.iter(f"{SVG}path")
        if "data-from" in p.attrib
    }
    expected = {
        (post.id, post.reply_to) for post in discussion.posts if post.reply_to in discussion.by_id
    }
    assert edges == expected
    assert ("p0004", "gone") not in edges
    drawn = next(g for g in figure.iter(f"{SVG}g") if g.attrib.get("class") == "diagram__edges")
    stubs = [p for p in drawn.iter(f"{SVG}path") if "diagram__stub" in p.attrib["class"]]
    assert len(stubs) == 1  # the post whose parent is not in the archive
    assert [a.attrib["data-node"] for a in nodes(figure)] == [
        "p0000",
        "p0001",
        "p0002",
        "p0003",
        "p0006",
        "p0004",
        "p0005",
    ]


def test_nodes_are_coloured_by_first_theme_and_named_by_their_title():
    discussion = plain()
    ctx = context(discussion)
    figure = parse(tree.reply_tree(discussion, ctx, PAGE))
    for a in nodes(figure):
        post = discussion.by_id[a.attrib["data-node"]]
        circle = a.find(f"{SVG}circle")
        expected = post.themes[0] if post.themes else OTHER
        assert f"post__theme--{expected}" in circle.attrib["class"].split()
        title = a.find(f"{SVG}title").text
        who = f" by @{post.author}" if post.author else ", author unknown"
        assert title.startswith(f"post {ctx.number[post.id]}{who} (")
    keys = [a for a in figure.iter(f"{SVG}a") if "data-node" not in a.attrib]
    legend = [a.find(f"{SVG}text").text for a in keys]
    assert legend == ["Law & order", 'The "art" <of> it', "Other"]


def test_data_is_escaped():
    discussion = plain()
    ctx = context(discussion)
    markup = tree.reply_tree(discussion, ctx, PAGE) + matrix.participants_by_theme(
        discussion, ctx, PAGE
    )
    assert "<of>" not in markup and "<was>" not in markup
    assert "&lt;of&gt;" in markup and "&quot;art&quot;" in markup
    figure = parse(tree.reply_tree(discussion, ctx, PAGE))
    second = discussion.posts[1]
    (node,) = [a for a in nodes(figure) if a.attrib["data-node"] == second.id]
    assert node.find(f"{SVG}title").text.endswith(': no it\'s not & "never" <was> law')


def test_hostile_handles_are_escaped_and_stay_on_one_line():
    evil = 'x"><script>alert(1)</script>&\u202e\n'
    discussion = synthetic([None, 0], author=lambda i: evil if i else "ok")
    ctx = context(discussion)
    for markup in (
        tree.reply_tree(discussion, ctx, PAGE),
        matrix.participants_by_theme(discussion, ctx, PAGE),
    ):
        assert "<script>" not in markup and "\u202e" not in markup
        figure = parse(markup)
        texts = " ".join(figure.itertext())
        assert '@x"><script>alert(1)</script>&' in texts


@pytest.mark.parametrize("draw", [tree.reply_tree, matrix.participants_by_theme])
def test_one_raw_html_block_without_blank_lines_and_deterministic(draw):
    first = draw(plain(), context(plain()), PAGE)
    assert "\n\n" not in first and first.endswith("</figure>\n")
    assert all(line.strip() for line in first.splitlines())
    assert draw(plain(), context(plain()), PAGE) == first


def test_accessible_name_and_unique_ids():
    discussion = plain()
    ctx = context(discussion)
    markup = tree.reply_tree(discussion, ctx, PAGE) + matrix.participants_by_theme(
        discussion, ctx, PAGE
    )
    page = ET.fromstring(f"<div>{markup}</div>")
    ids = [e.attrib["id"] for e in page.iter() if "id" in e.attrib]
    assert len(ids) == len(set(ids)) == 4
    for svg in page.iter(f"{SVG}svg"):
        title = page.find(f".//*[@id='{svg.attrib['aria-labelledby']}']")
        desc = page.find(f".//*[@id='{svg.attrib['aria-describedby']}']")
        assert title.tag == f"{SVG}title" and desc.tag == f"{SVG}desc"
        assert svg.attrib["width"] == "100%"
    assert page.find(".//*[@id='diagram-replies-title']").text == "Reply tree of 5 posts"
    assert all(f.find("figcaption").text for f in page.iter("figure"))
    twice = tree.reply_tree(discussion, ctx, PAGE, prefix="again")
    assert 'id="diagram-again-title"' in twice


def chain(n: int) -> list[int | None]:
    return [None, *range(n - 1)]


def bushy(n: int) -> list[int | None]:
    return [None if i % 50 == 0 else i - 1 - (i * 7919) % min(i, 9) for i in range(n)]


@pytest.mark.parametrize("shape", [chain, bushy])
def test_large_threads_stay_narrow_and_grow_linearly(shape):
    sizes = {}
    for n in (300, 600):
        discussion = synthetic(shape(n))
        sizes[n] = view_box(parse(tree.reply_tree(discussion, context(discussion), PAGE)))
    (w300, h300), (w600, h600) = sizes[300], sizes[600]
    assert w600 < 480 and w300 < 480
    assert h600 - h300 == pytest.approx(300 * tree.ROW)


def test_deep_replies_share_one_column_and_show_their_level():
    discussion = synthetic(chain(40))
    figure = parse(tree.reply_tree(discussion, context(discussion), PAGE))
    xs = [float(a.find(f"{SVG}circle").attrib["cx"]) for a in nodes(figure)]
    cap = tree.MAX_INDENT + 1
    assert xs[: cap + 1] == sorted(set(xs[: cap + 1]))  # one column per level up to the cap
    assert set(xs[cap:]) == {xs[cap]}
    last = "".join(nodes(figure)[-1].find(f"{SVG}text").itertext())
    assert last.endswith("#40 · level 39")
    assert "diagram__edge--deep" in tree.reply_tree(discussion, context(discussion), PAGE)


def cells(figure: ET.Element) -> dict[tuple[str, str], int]:
    return {
        (g.attrib["data-person"], g.attrib["data-theme"]): int(g.attrib["data-count"])
        for g in figure.iter(f"{SVG}g")
        if "data-count" in g.attrib
    }


def test_matrix_counts_match_the_participants():
    discussion = plain()
    ctx = context(discussion)
    figure = parse(matrix.participants_by_theme(discussion, ctx, PAGE))
    writers = [p for p in discussion.people if p.posts]
    expected = {(p.person.handle, t): n for p in writers for t, n in p.themes}
    assert cells(figure) == expected
    rows = [a for a in figure.iter(f"{SVG}a") if "diagram__person" in a.attrib["class"]]
    assert [a.attrib["href"] for a in rows] == [
        ctx.person_href(PAGE, p.person.handle) for p in writers
    ]
    heads = [a for a in figure.iter(f"{SVG}a") if "diagram__heading" in a.attrib["class"]]
    columns = ["law", "art"] + ([OTHER] if discussion.by_theme[OTHER] else [])
    assert [a.attrib["href"] for a in heads] == [
        ctx.href(PAGE, urls.theme_page(t)) for t in columns
    ]


def test_matrix_leaves_out_an_empty_other_and_caps_its_rows():
    discussion = synthetic([None] * 90, author=lambda i: f"person{i % 45:02d}")
    figure = parse(matrix.participants_by_theme(discussion, context(discussion), PAGE))
    rows = [a for a in figure.iter(f"{SVG}a") if "diagram__person" in a.attrib["class"]]
    assert len(rows) == matrix.MAX_PEOPLE
    (more,) = [a for a in figure.iter(f"{SVG}a") if "diagram__more" in a.attrib["class"]]
    assert more.attrib["href"] == "people/"
    assert "".join(more.itertext()) == "and 5 more people: see all people"
    themed = synthetic([None, None], author=lambda i: "a")
    themed = link(
        Thread(tuple(Post(**{**vars(p), "themes": ("law",)}) for p in themed.posts)), THEMES
    )
    figure = parse(matrix.participants_by_theme(themed, context(themed), PAGE))
    assert cells(figure) == {("a", "law"): 2}
    assert "themes/other/" not in matrix.participants_by_theme(themed, context(themed), PAGE)


def test_circle_area_is_proportional_to_the_count():
    assert matrix.cell_radius(4, 16) ** 2 * 4 == pytest.approx(matrix.cell_radius(16, 16) ** 2)
    assert matrix.cell_radius(16, 16) == matrix.CELL_R


def test_links_follow_use_directory_urls():
    discussion = plain()
    ctx = context(discussion, directory_urls=False)
    figure = parse(tree.reply_tree(discussion, ctx, urls.PEOPLE))
    assert all(a.attrib["href"].startswith("../thread/index.html#post-") for a in nodes(figure))


def test_the_legend_explains_dashed_stubs_when_there_are_some():
    whole = synthetic([None, 0, 1])
    figure = parse(tree.reply_tree(whole, context(whole), PAGE))
    assert figure.find(f".//{SVG}g[@data-key='stub']") is None
    assert "not in this archive" not in ET.tostring(figure, encoding="unicode")
    posts = list(whole.posts)
    posts[1] = Post(**{**vars(posts[1]), "reply_to": "gone", "reply_basis": "editor"})
    broken = link(Thread(tuple(posts)), THEMES)
    figure = parse(tree.reply_tree(broken, context(broken), PAGE))
    key = figure.find(f".//{SVG}g[@data-key='stub']")
    assert key is not None and key.find(f"{SVG}text").text == tree.stub_words()
    assert "diagram__stub" in key.find(f"{SVG}path").attrib["class"].split()
    legend = figure.find(f".//{SVG}g[@class='diagram__legend-list']")
    assert list(legend)[-1] is key  # after the theme colours, inside the legend
    said = "1 post replies to a post that is not in this archive"
    assert said in figure.find("figcaption").text
    assert said in figure.find(f"{SVG}svg/{SVG}desc").text
    # the legend's extra row pushes the posts down, and the picture is as tall again
    first = [float(c.attrib["cy"]) for c in figure.iter(f"{SVG}circle")][-3]
    before = parse(tree.reply_tree(whole, context(whole), PAGE))
    assert view_box(figure)[1] == view_box(before)[1] + tree.ROW
    assert first == [float(c.attrib["cy"]) for c in before.iter(f"{SVG}circle")][-3] + tree.ROW
