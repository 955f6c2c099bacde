"""The built site in a real browser: Debian's Chromium, headless, driven by Playwright.

The site is served over HTTP on 127.0.0.1 (``file://`` breaks Material's search). Every
request is routed: one that leaves the site's origin fails the test, as do dialogs (an
``alert`` means post text ran as script), page errors and console errors. Screenshots at
phone and desktop widths are written to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import json

import pytest

from tests.browsing import DESKTOP, PHONE, SHOTS, open_page, serve
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def base_url(seed_site):
    server, url = serve(seed_site)
    yield url
    server.shutdown()


@pytest.fixture
def site(browser, base_url):
    context, page, watch = open_page(browser, base_url)
    yield page, watch
    context.close()
    watch.assert_clean()


PAGE_TYPES = {
    "overview": "/",
    "thread": "/thread/",
    "themes": "/themes/",
    "theme": "/themes/copyright/",
    "people": "/people/",
    "person": "/people/srcrist/",
    "commentary-index": "/commentary/",
    "commentary": "/commentary/use-is-not-copy/",
    "author": "/commentary/authors/editors/",
    "glossary": "/glossary/",
    "about": "/about/",
    "contribute": "/contribute/",
}


def test_home_theme_permalink_parent(site, base_url):
    page, _ = site
    page.goto(base_url + "/")
    page.get_by_role("link", name="Copyright and fair use").first.click()
    page.wait_for_url("**/themes/copyright/")
    card = page.locator("article.post").nth(1)
    post_id = card.get_attribute("data-post-id")
    card.locator(".post__permalink").click()
    page.wait_for_url(f"**/thread/#post-{post_id}")
    target = page.locator(":target")
    assert target.get_attribute("data-post-id") == post_id
    outline = target.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"  # the post arrived at is highlighted
    parent = target.locator(".post__parent")
    parent_href = parent.get_attribute("href")
    parent.click()
    page.wait_for_url(f"**/thread/{parent_href}")
    assert page.locator(":target").get_attribute("id") == parent_href.lstrip("#")


def search(page, base_url: str, words: str):
    page.goto(base_url + "/thread/")
    page.locator(".md-search__input").click()
    page.keyboard.type(words, delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    return page.locator(".md-search-result__item").all_inner_texts()


def test_search_finds_post_text_and_leads_to_the_post(site, base_url):
    page, _ = site
    results = " ".join(search(page, base_url, "is-ought"))
    assert "is-ought" in results.lower()
    assert "Post 22" in results  # each post is a result of its own
    page.locator(".md-search-result__link", has_text="Post 22").first.click()
    page.wait_for_function(
        "() => location.hash.startsWith('#post-') && !location.hash.endsWith('-h')"
    )
    target = page.locator(":target")
    assert "is-ought" in target.inner_text()


def test_search_finds_authors(site, base_url):
    page, _ = site
    results = " ".join(search(page, base_url, "yacc143"))
    assert "yacc143" in results


def test_copy_a_permalink(browser, base_url):
    context, page, watch = open_page(
        browser, base_url, permissions=["clipboard-read", "clipboard-write"]
    )
    page.goto(base_url + "/themes/luddites/")
    card = page.locator("article.post").first
    post_id = card.get_attribute("data-post-id")
    card.locator(".post__copy").click()
    page.wait_for_function(
        "() => document.querySelector('.post__copy').textContent === 'Link copied'"
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{base_url}/thread/#post-{post_id}"
    context.close()
    watch.assert_clean()


def test_keyboard_and_neighbour_links_walk_the_thread(site, base_url):
    page, _ = site
    page.goto(base_url + "/thread/")
    page.keyboard.press("j")
    first = page.evaluate("document.activeElement.dataset.postId")
    page.keyboard.press("j")
    second = page.evaluate("document.activeElement.dataset.postId")
    ids = page.locator("article.post").evaluate_all("els => els.map(e => e.dataset.postId)")
    assert [first, second] == ids[:2]
    page.locator(f"#post-{second} a[rel=next]").click()
    assert page.evaluate("location.hash") == f"#post-{ids[2]}"


def test_glossary_tooltip_on_hover_and_focus(site, base_url):
    page, _ = site
    page.goto(base_url + "/thread/")
    term = page.locator("a.glossary-term").first
    term.hover()
    tooltip = page.locator(".md-tooltip2--active, .md-tooltip--active")
    tooltip.first.wait_for(state="visible", timeout=5_000)
    assert term.get_attribute("title") is None or tooltip.first.inner_text()
    text = tooltip.first.inner_text()
    assert len(text) > 20
    page.wait_for_timeout(400)  # let the tooltip finish fading in
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "glossary-tooltip.png"))


@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_page_is_accessible_and_private(site, base_url, name):
    from axe_playwright_python.sync_playwright import Axe

    page, _ = site
    page.goto(base_url + PAGE_TYPES[name])
    page.wait_for_load_state("networkidle")
    result = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    violations = [(v["id"], len(v["nodes"])) for v in result.response["violations"]]
    assert violations == []


@pytest.mark.parametrize(
    "name", ["overview", "thread", "theme", "person", "commentary", "glossary"]
)
@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_screenshots(browser, base_url, name, width):
    viewport = PHONE if width == "phone" else DESKTOP
    for scheme in ("light", "dark"):
        context, page, watch = open_page(browser, base_url, viewport, color_scheme=scheme)
        page.goto(base_url + PAGE_TYPES[name])
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").count() == 1
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}-{width}-{scheme}.png"), full_page=False)
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, "the page scrolls sideways"
        context.close()
        watch.assert_clean()


def test_artifacts_folder_is_ignored_by_git():
    assert "/test-artifacts/" in (ROOT / ".gitignore").read_text()


def test_an_old_permalink_finds_a_post_that_moved_to_a_later_page(browser, tmp_path):
    from tests.conftest import make_project, mkdocs_build

    thread = "".join(f"@p{i} post number {i}\n" for i in range(12))
    project = make_project(tmp_path, thread, options="page_size: 5")  # the plugin's script
    assert mkdocs_build(project).returncode == 0
    index = (project / "site" / "thread" / "posts.json").read_text()
    moved = next(pid for pid, page in json.loads(index)["posts"].items() if page == 2)
    server, base = serve(project / "site")
    try:
        context, page, watch = open_page(browser, base)
        page.goto(f"{base}/thread/#post-{moved}")  # cited when the thread had one page
        page.wait_for_url(f"**/thread/3/#post-{moved}")
        assert page.locator(":target").get_attribute("data-post-id") == moved
        context.close()
        watch.assert_clean()
    finally:
        server.shutdown()
