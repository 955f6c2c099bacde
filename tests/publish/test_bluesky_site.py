"""A site built from a Bluesky thread fetched through a local AppView, opened in Chromium; and
a discussion from Bluesky and Mastodon sources together."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.sources.bluesky import post_id
from generator.sources.fetch import Options, fetch_to_file
from tests.browsing import open_page, serve
from tests.conftest import ROOT, mkdocs_build, run
from tests.site_html import read_site
from tests.sources.test_fetch import NOW, serving
from tests.sources.test_fetch_bluesky import ADDRESS, GONE, LINK, POSTS, F, script

pytestmark = pytest.mark.slow

MASTODON = ROOT / "tests" / "fixtures" / "mastodon" / "status-and-context.json"
CONFIG = (
    "site_name: A Bluesky thread\n"
    "theme: {name: material, font: false}\n"
    "plugins:\n  - search\n  - discussion:\n      sources: [%s]\n"
    "validation: {omitted_files: warn, absolute_links: warn, unrecognized_links: warn,"
    " anchors: warn}\n"
)


def expected_edges() -> dict[str, str | None]:
    """Post id → parent id, as the AppView's records give them (the deleted reply's parent is
    its place in the tree)."""
    edges: dict[str, str | None] = {}
    for uri, view in POSTS.items():
        parent = view["record"].get("reply", {}).get("parent", {}).get("uri")
        edges[post_id(uri)] = post_id(parent) if parent else None
    edges[post_id(GONE)] = post_id(F)
    return edges


def build(folder: Path, *sources: str) -> Path:
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text(CONFIG % ", ".join(sources), encoding="utf-8")
    result = mkdocs_build(folder)
    assert result.returncode == 0, result.stderr
    return folder / "site"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose one source is the thread fetched from a local AppView."""
    folder = tmp_path_factory.mktemp("bluesky")
    with serving() as appview:
        script(appview)
        fetch_to_file(
            ADDRESS,
            folder / "thread.json",
            Options(),
            clock=lambda: NOW,
            sleep=lambda _: None,
            log=lambda _: None,
            appview=appview.url,
        )
    return folder


@pytest.fixture(scope="module")
def site(project: Path) -> Iterator[str]:
    server, base = serve(build(project, "thread.json"))
    yield base
    server.shutdown()
    server.server_close()


def test_every_post_once_with_the_sources_reply_edges_and_full_links(browser, site: str):
    context, page, watch = open_page(browser, site)
    page.goto(f"{site}/thread/")
    cards = page.eval_on_selector_all(
        "article[data-post-id]",
        """cards => cards.map(card => [
            card.dataset.postId,
            (card.querySelector('.post__parent') || {}).hash || null,
            [...card.querySelectorAll('.post__body a:not(.post__mention)')].map(a => a.href),
        ])""",
    )
    ids = [card[0] for card in cards]
    assert sorted(ids) == sorted(expected_edges()) and len(set(ids)) == len(ids)
    edges = {card[0]: card[1].removeprefix("#post-") if card[1] else None for card in cards}
    assert edges == expected_edges()
    links = [href for card in cards for href in card[2]]
    assert links == [LINK]
    # the deleted post says so; nobody asked for it to be removed
    gone = page.locator(f"#post-{post_id(GONE)} .post__removed")
    assert gone.inner_text() == "This post is not available (deleted or not found)."
    watch.assert_clean()
    context.close()


def test_a_bluesky_thread_and_a_mastodon_thread_make_one_site(project: Path, tmp_path: Path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "bluesky.json").write_bytes((project / "thread.json").read_bytes())
    (folder / "mastodon.json").write_bytes(MASTODON.read_bytes())
    pages = read_site(build(folder, "bluesky.json", "mastodon.json"))
    authors = {
        card.attrs["data-post-id"]: card.attrs["data-author"] for card in pages["thread/"].cards
    }
    assert {post_id(uri) for uri in POSTS} <= authors.keys()
    assert {"100", "110"} <= authors.keys()  # the Mastodon thread's posts
    assert authors[post_id(F)] == "alice.example.com"
    assert authors["110"] == "alice@example.social"
    # Two networks, two people, each with a page of their own.
    assert "people/alice.example.com/" in pages and "people/alice@example.social/" in pages
    sources = json.loads((folder / "bluesky.json").read_text(encoding="utf-8"))
    assert sources["uri"] == F
    # the summary counts the posts of each network
    check = run(["-m", "generator", "check"], cwd=folder)
    bluesky = sum(1 for card in pages["thread/"].cards if "-" in card.attrs["data-post-id"])
    fediverse = len(pages["thread/"].cards) - bluesky
    assert f"posts read (Bluesky {bluesky}, fediverse {fediverse}; " in check.stdout, check
