"""Real Mastodon data: JSON and ActivityPub sources built into strict sites, and opt-out."""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED, mkdocs_build
from tests.site_html import dead_links, pagefind_records, read_site

pytestmark = pytest.mark.slow

FIXTURES = ROOT / "tests" / "fixtures"
MASTODON = FIXTURES / "mastodon" / "status-and-context.json"
OUTBOX = FIXTURES / "activitypub" / "outbox.json"


def project(tmp_path: Path, sources: list[Path], optout: str | None = None) -> Path:
    (tmp_path / "docs").mkdir(parents=True)
    names = []
    for i, source in enumerate(sources):
        name = f"source{i}{source.suffix}"
        shutil.copy(source, tmp_path / name)
        names.append(name)
    lines = [
        "site_name: Imported",
        "theme: {name: material}",
        "plugins:",
        "  - search",
        "  - discussion:",
        f"      sources: {json.dumps(names)}",
    ]
    if optout is not None:
        (tmp_path / "optout.yml").write_text(textwrap.dedent(optout), encoding="utf-8")
        lines.append("      optout: optout.yml")
    lines.append(
        "validation: {omitted_files: warn, absolute_links: warn, "
        "unrecognized_links: warn, anchors: warn}"
    )
    (tmp_path / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def statuses(path: Path) -> list[dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if "context" in data:
        return [data["status"], *data["context"]["ancestors"], *data["context"]["descendants"]]
    return data


def test_every_field_reaches_the_page(tmp_path):
    site_dir = project(tmp_path, [MASTODON, OUTBOX])
    result = mkdocs_build(site_dir)
    assert result.returncode == 0, result.stderr
    site = site_dir / "site"
    pages = read_site(site)
    assert dead_links(site, pages) == []
    thread = (site / "thread" / "index.html").read_text(encoding="utf-8")
    cards = {c.attrs["data-post-id"]: c for c in pages["thread/"].cards}
    # one card per status, however many sources carry it
    by_id = {s["id"]: s for s in statuses(MASTODON) if s["visibility"] != "direct"}
    assert "160" not in cards  # a direct message is never published
    assert set(by_id) <= set(cards)
    assert list(cards).count("110") == 1
    # reply edges are the sources' in_reply_to_id wherever the parent is present
    for status_id, status in by_id.items():
        parent = status["in_reply_to_id"]
        links = dict((cls, href) for cls, href in cards[status_id].links)
        if parent in by_id:
            assert links["post__parent"] == f"#post-{parent}"
        elif parent:
            assert "that post is not in this archive" in cards[status_id].text
    assert cards["110"].attrs["data-author"] == "alice@example.social"
    assert '<time datetime="2024-03-01T10:00:00Z">1 Mar 2024, 10:00 UTC</time>' in thread
    assert 'href="https://example.social/@alice/110"' in thread
    assert "edited <time" in thread
    assert re.search(
        r'<details class="post__cw"><summary>Content warning: '
        r'<span class="post__cw-text"[^>]*>AI art, long</span></summary>',
        thread,
    )
    assert 'class="post__media"' in thread and "<img" not in thread.split("md-content")[1]
    assert 'class="post__card"' in thread
    # hostile HTML inside content is text, never markup
    assert "<b>not bold</b>" not in thread and "&lt;b&gt;not bold&lt;/b&gt;" in thread


def test_opted_out_accounts_and_posts_keep_only_their_place(tmp_path):
    site_dir = project(
        tmp_path,
        [MASTODON],
        optout="""\
        accounts: [dave@far.example]
        posts: ["130"]
        """,
    )
    result = mkdocs_build(site_dir)
    assert result.returncode == 0, result.stderr
    assert "4 removed at their authors' request" in result.stderr
    site = site_dir / "site"
    pages = read_site(site)
    removed = [c for c in pages["thread/"].cards if "post--removed" in c.classes]
    assert sorted(c.attrs["data-post-id"] for c in removed) == ["1150", "120", "130", "137"]
    assert all(c.attrs["data-author"] == "" for c in removed)
    everything = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    everything += json.dumps(pagefind_records(site), ensure_ascii=False)  # the search index
    for gone in ("First!", "Same second.", "Earlier, larger id.", "I disagree.", "far.example"):
        assert gone not in everything
    assert "people/dave@far.example/" not in pages
    # the reply to a removed post still points at its place
    reply = next(c for c in pages["thread/"].cards if c.attrs["data-post-id"] == "140")
    assert ("post__parent", "#post-130") in reply.links
    assert dead_links(site, pages) == []


def test_an_unknown_opted_out_id_is_an_error(tmp_path):
    site_dir = project(tmp_path, [MASTODON], optout='posts:\n  - "404"\n')
    result = mkdocs_build(site_dir)
    assert result.returncode != 0
    assert "optout.yml:2: field 'posts': unknown post id" in result.stderr


@pytest.mark.parametrize(
    "name",
    ["context-small.json", "context-with-ancestors.json", "statuses-with-content-warnings.json"],
)
def test_shared_recorded_responses_build_strict_sites(tmp_path, name):
    source = SHARED / "fixtures" / "mastodon" / name
    if not source.exists():
        pytest.skip(f"{source} is absent: the shared fixtures are not beside this checkout")
    site_dir = project(tmp_path, [source])
    result = mkdocs_build(site_dir)
    assert result.returncode == 0, result.stderr
    pages = read_site(site_dir / "site")
    cards = pages["thread/"].cards
    assert len(cards) == len({c.attrs["data-post-id"] for c in cards}) > 0
    assert dead_links(site_dir / "site", pages) == []
    assert "people/" in pages and len(pages) > 4
