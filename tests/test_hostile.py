"""Hostile input: a corpus of posts and files from strangers, each with its expected outcome.

``tests/hostile/posts.yml`` holds post text that must reach the reader exactly as typed
(``literal``) or with control and bidi-override characters stripped (``stripped``);
``tests/hostile/files.yml`` holds data and commentary files that must be refused with
``path:line: problem``. The posts are built into one real site with a strict MkDocs build,
compared card by card, and opened in Chromium, where any dialog, error or request that
leaves the site fails the test.
"""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from PIL import Image

from generator.errors import ContentError
from generator.pipeline import Settings, load
from tests.browsing import open_page, serve
from tests.conftest import make_project, mkdocs_build, run
from tests.site_html import dead_links, read_site

pytestmark = pytest.mark.slow

HOSTILE = Path(__file__).parent / "hostile"
POSTS = yaml.safe_load((HOSTILE / "posts.yml").read_text(encoding="utf-8"))
FILES = yaml.safe_load((HOSTILE / "files.yml").read_text(encoding="utf-8"))


def corpus_size() -> int:
    """How many hostile cases the suite runs (printed in the test summary)."""
    return len(POSTS) + len(FILES)


def post_lines(index: int, case: dict) -> list[str]:
    text = case["text"]
    if "repeat" in case:
        text = " ".join([text] * case["repeat"])
    first = f"@someone{index} {text}"
    return [first] + [case["text"]] * (case.get("lines", 1) - 1)


def expected_text(index: int, case: dict) -> str:
    if case["expect"] == "stripped":
        return f"@someone{index} {case['shown']}"
    return "\n\n".join(post_lines(index, case))


SITE = HOSTILE / "site"
"""The hostile site's data files: glossary, people, taxonomy and commentary (see its
README)."""


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    lines = [line for i, case in enumerate(POSTS) for line in post_lines(i, case)]
    make_project(
        folder,
        "",
        options="glossary: glossary.yml\npeople: people.yml\ntaxonomy: themes.yml\n",
        pages={"about.md": "# About\n"},
    )
    config = folder / "mkdocs.yml"
    config.write_text(  # Material's tooltips show titles as HTML: the case to guard
        config.read_text().replace(
            "theme: {name: material, font: false}",
            "theme: {name: material, font: false, features: [content.tooltips]}",
        )
    )
    (folder / "thread.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for name in ("glossary.yml", "people.yml", "themes.yml"):
        shutil.copy(SITE / name, folder / name)
    shutil.copytree(SITE / "commentary", folder / "docs" / "commentary")
    Image.new("RGB", (8, 8)).save(folder / "docs" / "commentary" / "chart.png")
    result = mkdocs_build(folder)
    assert result.returncode == 0, result.stderr
    site = folder / "site"
    (site / "evil.js").write_text("alert('same-origin script ran')\n")  # as if it got there
    return site


def test_the_corpus_is_large_enough():
    assert len(POSTS) >= 40 and len(FILES) >= 15


def test_every_hostile_post_is_shown_as_expected(corpus_site):
    pages = read_site(corpus_site)
    cards = pages["thread/"].cards
    assert len(cards) == len(POSTS)
    for index, (case, card) in enumerate(zip(POSTS, cards, strict=True)):
        assert card.body == expected_text(index, case), case["name"]
        for _, href in card.links:
            assert href.startswith(("http://", "https://", "#", ".")), (case["name"], href)
    assert dead_links(corpus_site, pages) == []


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def test_no_markup_from_posts_reaches_the_html(corpus_site):
    html = (corpus_site / "thread" / "index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<article class="post.*?</article>', html, re.DOTALL)
    assert len(cards) == len(POSTS)
    parser = _Tags()
    parser.feed("".join(cards))
    tags = {tag for tag, _ in parser.tags}
    assert tags <= {
        "article",
        "header",
        "h2",
        "footer",
        "div",
        "p",
        "span",
        "a",
        "br",
        "strong",
        "time",
        "details",
        "summary",
        "ul",
        "li",
    }
    for tag, attrs in parser.tags:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert not attrs.get("href", "").lower().startswith(("javascript:", "data:")), attrs
        assert "style" not in attrs, attrs
    assert "root:" not in html  # the snippet syntax read no file


WATCH_TOOLTIPS = """
window.markedTooltips = [];
new MutationObserver(records => {
  for (const record of records) {
    for (const node of record.addedNodes) {
      if (node.nodeType !== 1) continue;
      const inner = node.closest('.md-tooltip2__inner, .md-tooltip__inner');
      const found = inner && inner !== node ? [node]
        : [...node.querySelectorAll('.md-tooltip2__inner *, .md-tooltip__inner *')];
      window.markedTooltips.push(...found.map(element => element.outerHTML));
    }
  }
}).observe(document, {childList: true, subtree: true});
"""
"""Records every element that appears inside a tooltip: Material puts a title into its
tooltip as HTML, so a title shown as text adds none."""


def site_paths(site: Path) -> list[str]:
    """The address of every HTML page of a built site."""
    paths = []
    for html in sorted(site.rglob("*.html")):
        path = html.relative_to(site).as_posix()
        paths.append("/" + path.removesuffix("index.html"))
    return paths


def test_every_page_runs_no_script_and_every_title_shows_as_text(corpus_site, browser):
    """Open every page of the hostile site, hover every element with a title in its content
    (where Material shows its tooltip) and tab into the page: no dialog, no navigation, no
    request off the site, no console error (a blocked script or image logs one), and no
    tooltip holding markup."""
    server, base = serve(corpus_site)
    context, page, watch = open_page(browser, base)
    page.add_init_script(WATCH_TOOLTIPS)
    moved: list[str] = []
    page.on("framenavigated", lambda frame: frame == page.main_frame and moved.append(frame.url))
    hovered = 0
    try:
        for path in site_paths(corpus_site):
            moved.clear()
            page.goto(base + path, wait_until="load")
            titled = page.locator(".md-content [title]")
            for index in range(titled.count()):
                element = titled.nth(index)
                if element.is_visible():
                    element.hover(force=True, timeout=5000)
                    hovered += 1
            page.keyboard.press("Tab")
            page.wait_for_timeout(100)  # a refresh of 0 s navigates at once
            assert page.evaluate("window.markedTooltips") == [], path
            assert moved == [base + path], (path, moved)
            assert watch.offsite == [], (path, watch.offsite)
            watch.assert_clean()
    finally:
        context.close()
        server.shutdown()
    assert hovered > 100  # glossary terms, permalinks and commentary links were reached


PROJECT_FILES = {
    "taxonomy": "themes.yml",
    "annotations": "annotations.yml",
    "glossary": "glossary.yml",
    "optout": "optout.yml",
    "authors": "docs/commentary/authors.yml",
}


@pytest.mark.parametrize("case", FILES, ids=[c["name"] for c in FILES])
def test_every_hostile_file_is_refused_with_its_line(tmp_path, case):
    folder = make_project(tmp_path, "@op first post\n@alice @op second post\n")
    (folder / "docs" / "commentary").mkdir(parents=True)
    (folder / "docs" / "commentary" / "authors.yml").write_text("editors:\n  name: Editors\n")
    settings = Settings(
        root=folder,
        docs_dir=folder / "docs",
        sources=(folder / "thread.txt",),
        commentary=folder / "docs" / "commentary",
        authors=folder / "docs" / "commentary" / "authors.yml",
    )
    first, second = (post.id for post in load(settings).posts)
    role = case["file"]
    if role == "source":
        (folder / "thread.txt").write_bytes(bytes.fromhex(case["bytes"]))
    elif role == "commentary":
        target = folder / "docs" / "commentary" / case["filename"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(case["text"])
    else:
        text = case["text"].replace("{first}", first).replace("{second}", second)
        (folder / PROJECT_FILES[role]).write_text(textwrap.dedent(text), encoding="utf-8")
        if role != "authors":
            settings = Settings(**{**settings.__dict__, role: folder / PROJECT_FILES[role]})
    with pytest.raises(ContentError) as err:
        load(settings)
    expected = case["error"].replace("{first}", first).replace("{second}", second)
    problems = [str(p).removeprefix("docs/") for p in err.value.problems]
    assert problems[0] == expected


def test_profile_addresses_from_sources_are_one_link_each_in_the_site_and_the_export(tmp_path):
    """A source's profile URL with Markdown in it (spaces, brackets, an image) is one link
    on the person page, with or without the plugin, and loads nothing."""
    evil = (
        "https://example.social/@mallory [click me](javascript:alert(document.domain)) "
        "![p](https://evil.example/pixel.png)"
    )
    status = {
        "id": "1",
        "created_at": "2024-04-01T12:01:00Z",
        "visibility": "public",
        "uri": "https://example.social/users/mallory/statuses/1",
        "content": "<p>first</p>",
        "account": {"acct": "mallory", "display_name": "Mallory", "url": evil},
    }
    note = {
        "id": "https://ap.example/users/zoe/statuses/1",
        "type": "Note",
        "published": "2024-03-01T10:01:00Z",
        "attributedTo": {
            "id": "https://ap.example/users/zoe",
            "type": "Person",
            "preferredUsername": "zoe",
            "name": "Zoe",
            "url": evil.replace("example.social/@mallory", "ap.example/@zoe"),
        },
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
        "content": "<p>hi</p>",
    }
    project = make_project(tmp_path / "p", "")
    (project / "statuses.json").write_text(json.dumps([status]), encoding="utf-8")
    (project / "outbox.json").write_text(json.dumps([note]), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("sources: [thread.txt]", "sources: [statuses.json, outbox.json]")
    )
    assert mkdocs_build(project).returncode == 0
    export = run(["-m", "generator", "export", str(tmp_path / "out")], cwd=project)
    assert export.returncode == 0, export.stderr
    assert mkdocs_build(tmp_path / "out").returncode == 0
    for site in (project / "site", tmp_path / "out" / "site"):
        for person in ("mallory@example.social", "zoe@ap.example"):
            page = read_site(site)[f"people/{person}/"]
            offsite = [
                h
                for h in page.content_links
                if h.startswith(("http", "javascript")) and h not in (status["uri"], note["id"])
            ]  # the posts link to their addresses, here their ids (they give no url)
            assert len(offsite) == 1, offsite
            assert offsite[0].startswith("https://") and "%20%5Bclick" in offsite[0]
            html = (site / "people" / person / "index.html").read_text(encoding="utf-8")
            assert (
                'evil.example/pixel.png"' not in html and "<img" not in html.split("md-content")[1]
            )
