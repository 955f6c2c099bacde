"""What a reader of the built site sees and where a click or a tap takes them: Chromium,
headless, against the site served on 127.0.0.1 (see ``tests/browsing.py``).

Each test acts as the reader would: it opens a page at a phone's or a desktop's size,
follows links, taps with touch emulation, and checks what the page then shows. Every page
is watched as in ``tests/test_browser.py``: a request off the site, a dialog or an error
fails the test.
"""

from __future__ import annotations

import pytest

from generator.pipeline import load
from tests.browsing import open_page, serve
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def base_url(seed_site):
    server, url = serve(seed_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def discussion():
    from generator.plugin import load_project

    return load(load_project(str(ROOT / "mkdocs.yml")).settings)


@pytest.fixture
def reader(browser, base_url):
    """A desktop browser tab on the seed site: ``(page, base URL)``."""
    context, page, watch = open_page(browser, base_url)
    yield page, base_url
    context.close()
    watch.assert_clean()


def card_ids(page) -> list[str]:
    return page.locator("article.post").evaluate_all("els => els.map(e => e.dataset.postId)")


# ------------------------------------------------------------ the overview


def test_the_reply_tree_explains_its_dashed_stubs(reader, discussion):
    page, base = reader
    page.goto(base + "/")
    figure = page.locator("figure.diagram--replies")
    key = figure.locator('[data-key="stub"]')
    assert key.is_visible()
    assert key.text_content() == "dashed stub: replying to a post not in this archive"
    drawn = figure.locator(".diagram__edges .diagram__stub").first
    dashes = key.locator("path").evaluate("el => getComputedStyle(el).strokeDasharray")
    assert dashes != "none"
    assert dashes == drawn.evaluate("el => getComputedStyle(el).strokeDasharray")
    missing = sum(1 for p in discussion.posts if p.reply_to not in discussion.by_id and p.mentions)
    said = f"{missing} posts reply to a post that is not in this archive"
    assert said in figure.locator("figcaption").inner_text()
    # a screen reader hears it too: it is in the picture's accessible description
    description = figure.locator("svg").evaluate(
        "el => document.getElementById(el.getAttribute('aria-describedby')).textContent"
    )
    assert said in description
