"""The real site, built from this repository: contracts, invariants and links."""

from __future__ import annotations

import re

import pytest

from generator.model import plain_text
from generator.pipeline import load
from generator.summary import summary_line
from tests.conftest import ROOT
from tests.site_html import dead_links, pagefind_records, read_site, resolve

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def discussion():
    from generator.publish.plugin import load_project

    return load(load_project(str(ROOT / "mkdocs.yml")).settings)


def test_strict_build_logs_the_counts(seed_build, discussion):
    counts = {
        "posts read": 29,
        "on the thread": 29,
        "per theme": {t.id: len(discussion.by_theme[t.id]) for t in discussion.themes},
        "in Other": 0,
        "removed": 0,
        "commentary pages": len(discussion.commentary),
    }
    assert f"INFO    -  discussion: {summary_line(counts)}" in seed_build.stderr
    assert "WARNING" not in seed_build.stderr


def test_every_page_of_the_contract_exists(seed_pages, discussion):
    expected = ["", "thread/", "themes/", "people/", "about/", "commentary/"]
    expected += [f"commentary/{piece.slug}/" for piece in discussion.commentary]
    expected += [f"themes/{t}/" for t in ("copyright", "labour", "luddites", "aesthetics")]
    expected += [f"people/{p.person.handle}/" for p in discussion.people]
    missing = [url for url in expected if url not in seed_pages]
    assert missing == []


def test_every_post_once_on_the_thread_in_order(seed_pages, discussion):
    cards = seed_pages["thread/"].cards
    assert [c.attrs["data-post-id"] for c in cards] == [p.id for p in discussion.posts]
    assert [c.attrs["id"] for c in cards] == [f"post-{p.id}" for p in discussion.posts]


def test_every_post_on_a_theme_page(seed_pages, discussion):
    for theme, ids in discussion.by_theme.items():
        if ids:
            page = seed_pages[f"themes/{theme}/"]
            assert [c.attrs["data-post-id"] for c in page.cards] == list(ids)


def test_cards_agree_everywhere_and_show_the_text_as_written(seed_pages, discussion):
    seen = 0
    for page in seed_pages.values():
        for card in page.cards:
            post = discussion.by_id[card.attrs["data-post-id"]]
            assert card.attrs["data-author"] == post.author
            assert card.body == post.text
            seen += 1
    assert seen > 2 * len(discussion.posts)


def test_no_dead_links_or_anchors(seed_site, seed_pages):
    assert dead_links(seed_site, seed_pages) == []


def test_every_page_links_onward(seed_pages):
    """Each page's own content, not just the navigation around it, leads to other pages."""
    for url, page in seed_pages.items():
        if url == "404.html":
            continue
        onward = {
            target
            for href in page.content_links
            if (found := resolve(url, href)) is not None and (target := found[0]) != url
        }
        assert len(onward) >= 2, url


def test_replies_link_to_their_parent_and_back(seed_pages, discussion):
    cards = {c.attrs["data-post-id"]: c for c in seed_pages["thread/"].cards}
    for post in discussion.posts:
        links = cards[post.id].links
        if post.reply_to:
            assert ("post__parent", f"#post-{post.reply_to}") in links
        for child in (p for p in discussion.posts if p.reply_to == post.id):
            assert ("post__child", f"#post-{child.id}") in links


def test_data_files_are_not_published_but_the_source_is(seed_site):
    assert (seed_site / "discussion" / "thread.txt").read_bytes() == (
        ROOT / "content" / "discussion" / "thread.txt"
    ).read_bytes()
    published = {p.name for p in (seed_site / "discussion").iterdir()}
    assert published == {"thread.txt"}
    assert not (seed_site / "commentary" / "authors.yml").exists()


def test_no_asset_from_another_origin(seed_site):
    """Only links a reader clicks may point off the site: no font, script, style or image."""
    offsite = re.compile(r"<(\w+)\b[^>]*\b(?:src|href|srcset|data)=[\"']?(?:https?:)?//", re.I)
    for page in seed_site.rglob("*.html"):
        tags = {m.group(1).lower() for m in offsite.finditer(page.read_text(encoding="utf-8"))}
        assert tags <= {"a"}, page
    for css in seed_site.rglob("*.css"):
        assert not re.search(r"url\(\s*[\"']?(?:https?:)?//", css.read_text(encoding="utf-8")), css


def test_dead_link_checker_finds_dead_links(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<a href="../b/">b</a><a href="#nope">x</a><a href="../c/#top">c</a><p id="here"></p>'
    )
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "index.html").write_text('<h1 id="title">c</h1><a href="../a/#here">a</a>')
    pages = read_site(tmp_path)
    assert dead_links(tmp_path, pages) == [
        "/a/ → ../b/ (no page)",
        "/a/ → #nope (no anchor)",
        "/a/ → ../c/#top (no anchor)",
    ]


def test_search_indexes_each_post_once_by_heading_and_text(seed_site, discussion):
    """Each post is one sub-result of the index, under its heading's anchor, with its words;
    the pages that only repeat posts add none."""
    records = pagefind_records(seed_site)
    headings = [
        (anchor["id"], anchor["text"])
        for record in records
        if record["meta"]["kind"] == "posts"
        for anchor in record["anchors"]
    ]
    assert [h[0] for h in headings] == [f"post-{p.id}-h" for p in discussion.posts]
    for (_, heading), (number, post) in zip(headings, enumerate(discussion.posts, 1), strict=True):
        who = f"@{post.author}" if post.author else "Author unknown"
        assert heading == f"Post {number}: {who}"
    # words only: the index ends each paragraph with a full stop
    text = {r["meta"]["path"] + "|" + r["url"]: words(r["content"]) for r in records}
    for post in discussion.posts:
        first = " ".join(words(plain_text(post.paragraphs)).split()[:6])
        assert any(first in t for t in text.values()), post.id
    # pages that only repeat posts add nothing: a post's words are found in one record
    unique = " ".join(words(plain_text(discussion.posts[21].paragraphs)).split()[-5:])
    assert [k.split("|")[0] for k, t in text.items() if unique in t] == ["thread/"]


def words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text))


def test_no_placeholder_is_left_in_any_page(seed_site):
    for page in seed_site.rglob("*.html"):
        assert "discussion: posts" not in page.read_text(encoding="utf-8"), page


def test_every_page_of_the_seed_site_is_under_100_kb(seed_site):
    sizes = {
        p.relative_to(seed_site).as_posix(): p.stat().st_size for p in seed_site.rglob("*.html")
    }
    assert max(sizes.values()) < 100_000, max(sizes, key=sizes.get)
