"""What other servers send, as a reader sees it in Chromium: a small site built with
``mkdocs build --strict`` from a Mastodon API context (a poll, an Arabic reply that opens
with a mention, a post quoting another of the thread, a withdrawn quote, a list and a
link whose text names another host) and an ActivityPub outbox with an article.

Every page is watched as in ``tests/test_browser.py`` (a request off the site, a dialog or
an error fails the test), and a Content-Security-Policy violation is a console error.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browsing import DESKTOP, PHONE, SHOTS, open_page, serve
from tests.conftest import mkdocs_build

pytestmark = pytest.mark.slow


def status(sid: str, who: str, content: str, **fields) -> dict:
    domain = "example.social" if who != "samir" else "other.example"
    account = {
        "acct": who,
        "url": f"https://{domain}/@{who}",
        "display_name": {"samir": "سمير"}.get(who, who.capitalize()),
    }
    return {
        "id": sid,
        "created_at": f"2024-03-01T1{sid[-1]}:00:00.000Z",
        "in_reply_to_id": None,
        "uri": f"https://{domain}/users/{who}/statuses/{sid}",
        "url": f"https://{domain}/@{who}/{sid}",
        "visibility": "public",
        "language": "en",
        "spoiler_text": "",
        "edited_at": None,
        "content": content,
        "account": account,
        "mentions": [],
        "media_attachments": [],
        "card": None,
        "reblog": None,
        **fields,
    }


ALICE = {"acct": "alice", "url": "https://example.social/@alice", "username": "alice", "id": "1"}
FIRST = status(
    "100",
    "alice",
    "<p>Should training on public art require consent?</p>",
    poll={
        "id": "7",
        "expires_at": "2024-03-02T10:00:00.000Z",
        "expired": True,
        "multiple": False,
        "votes_count": 120,
        "voters_count": 120,
        "options": [
            {"title": "Yes, always", "votes_count": 80},
            {"title": "Only for commercial models", "votes_count": 30},
            {"title": "No", "votes_count": 10},
        ],
        "emojis": [],
    },
)
RTL = status(
    "101",
    "samir",
    '<p><span class="h-card"><a href="https://example.social/@alice" class="u-url mention">'
    "@<span>alice</span></a></span> أعتقد أن القوانين الحالية كافية، لكن يجب تطبيقها بشكل أفضل.</p>"
    "<p>هذه فقرة ثانية بالعربية فقط.</p><ul><li>أولاً</li><li>ثانياً</li></ul>",
    in_reply_to_id="100",
    language="ar",
    mentions=[ALICE],
)
QUOTING = status(
    "102",
    "bob",
    "<p>Worth reading again:</p><ul><li>consent</li><li>credit</li></ul>"
    '<p>See <a href="https://evil.example/login">https://paypal.com/login</a></p>'
    '<p class="quote-inline">RE: <a href="https://example.social/@alice/100">'
    "https://example.social/@alice/100</a></p>",
    quote={"state": "accepted", "quoted_status": FIRST},
)
WITHDRAWN = status(
    "103",
    "carol",
    "<p>I quoted something here.</p>",
    in_reply_to_id="102",
    quote={"state": "revoked", "quoted_status": None},
    visibility="private",
)
OUTBOX = {
    "@context": "https://www.w3.org/ns/activitystreams",
    "id": "https://blog.example/outbox",
    "type": "OrderedCollection",
    "orderedItems": [
        {
            "id": "https://blog.example/a/1/activity",
            "type": "Create",
            "actor": {
                "id": "https://blog.example/author/dana",
                "type": "Person",
                "preferredUsername": "dana",
            },
            "to": ["https://www.w3.org/ns/activitystreams#Public"],
            "object": {
                "id": "https://blog.example/a/1",
                "type": "Article",
                "attributedTo": "https://blog.example/author/dana",
                "to": ["https://www.w3.org/ns/activitystreams#Public"],
                "published": "2024-03-02T09:00:00Z",
                "name": "Who owns a style?",
                "summary": "An excerpt &amp; a <b>teaser</b>",
                "content": "<h2>Background</h2><p>Long-form text.</p>",
            },
        }
    ],
}


def build_site(folder: Path, descendants: list[dict], language: str = "en") -> Path:
    """A strict build of a site in ``language`` from a Mastodon context (:data:`FIRST` and
    ``descendants``) and the ActivityPub :data:`OUTBOX`; the built site's folder."""
    (folder / "docs").mkdir()
    thread = {"ancestors": [FIRST], "descendants": descendants}
    (folder / "thread.json").write_text(json.dumps(thread, ensure_ascii=False), encoding="utf-8")
    (folder / "outbox.json").write_text(json.dumps(OUTBOX), encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        "site_name: Fediverse\n"
        f"theme: {{name: material, font: false, language: {language}}}\n"
        "plugins:\n"
        "  - search\n"
        "  - discussion:\n"
        "      sources: [thread.json, outbox.json]\n",
        encoding="utf-8",
    )
    result = mkdocs_build(folder)
    assert result.returncode == 0, result.stderr
    return folder / "site"


@pytest.fixture(scope="module")
def fediverse_site(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory.mktemp("fediverse"), [RTL, QUOTING, WITHDRAWN])


@pytest.fixture(scope="module")
def base_url(fediverse_site):
    server, url = serve(fediverse_site)
    yield url
    server.shutdown()


@pytest.fixture(params=["desktop", "phone"])
def reader(request, browser, base_url):
    viewport = DESKTOP if request.param == "desktop" else PHONE
    context, page, watch = open_page(browser, base_url, viewport)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'securitypolicyviolation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    page.goto(base_url + "/thread/")
    page.wait_for_load_state("networkidle")
    yield page, request.param
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"fediverse-thread-{request.param}.png"), full_page=True)
    context.close()
    watch.assert_clean()


def test_the_poll_shows_every_answer_with_a_readable_count_and_a_bar(reader):
    page, _ = reader
    poll = page.locator('article[data-post-id="100"] .post__poll')
    assert poll.get_by_role("listitem").count() == 3
    rows = poll.locator(".post__poll-option").evaluate_all(
        "els => els.map(e => [e.querySelector('.post__poll-text').innerText,"
        " e.querySelector('.post__poll-count').innerText,"
        " e.querySelector('meter').value, e.querySelector('meter').max])"
    )
    assert rows == [
        ["Yes, always", "80 votes, 67%", 80, 120],
        ["Only for commercial models", "30 votes, 25%", 30, 120],
        ["No", "10 votes, 8%", 10, 120],
    ]
    assert "closed" in poll.locator(".post__poll-about").inner_text()
    assert "120 people voted" in poll.locator(".post__poll-about").inner_text()
    # the bars are drawn: the leading answer's bar is wider than the last one's
    widths = poll.locator("meter").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().width)"
    )
    assert all(w > 50 for w in widths)
    for meter in poll.locator("meter").all():
        assert meter.is_visible()


def test_the_quoted_post_is_inside_the_card_and_links_to_its_place(reader):
    page, _ = reader
    card = page.locator('article[data-post-id="102"]')
    quoted = card.locator(".post__quoted")
    assert "Should training on public art require consent?" in quoted.inner_text()
    assert "@alice" in quoted.locator(".post__quoted-meta").inner_text()
    assert card.locator(".quote-inline, :text('RE: https')").count() == 0
    quoted.get_by_role("link", name="post 1 in this thread").click()
    page.wait_for_url("**/thread/#post-100")
    assert page.locator(":target").get_attribute("data-post-id") == "100"


def test_a_withdrawn_quote_says_so_and_a_followers_only_post_is_marked(reader):
    page, _ = reader
    card = page.locator('article[data-post-id="103"]')
    assert "not shown" in card.locator(".post__quoted--withdrawn").inner_text()
    assert card.locator(".post__meta .post__audience").inner_text().lower() == "followers only"


def test_an_arabic_reply_opening_with_a_mention_reads_right_to_left(reader):
    page, _ = reader
    body = page.locator('article[data-post-id="101"] .post__body')
    assert body.get_attribute("lang") == "ar"
    paragraphs = body.locator("p")
    assert paragraphs.count() == 2
    for i in range(2):
        assert paragraphs.nth(i).evaluate("p => p.matches(':dir(rtl)')")
        assert paragraphs.nth(i).evaluate("p => getComputedStyle(p).direction") == "rtl"
    # a list in Arabic has its bullets on the right, its items indented from there
    item = body.locator("li").first
    assert item.evaluate("li => li.matches(':dir(rtl)')")
    box, card = item.bounding_box(), body.bounding_box()
    assert card["x"] + card["width"] - (box["x"] + box["width"]) > 10
    # the mention keeps reading "@alice" inside the Arabic line
    mention = paragraphs.first.locator(".post__mention")
    assert mention.evaluate("a => a.matches(':dir(ltr)')")
    # the English posts read left to right, in English
    english = page.locator('article[data-post-id="100"] .post__body')
    assert english.get_attribute("lang") == "en"
    assert english.locator("p").first.evaluate("p => p.matches(':dir(ltr)')")


def test_the_text_keeps_its_list_and_a_disguised_link_shows_its_host(reader):
    page, _ = reader
    card = page.locator('article[data-post-id="102"]')
    assert card.locator(".post__body ul > li").all_inner_texts() == ["consent", "credit"]
    assert card.locator(".post__url-host").inner_text() == "(leads to evil.example)"


def test_an_article_has_its_title_and_excerpt(reader):
    page, _ = reader
    card = page.locator("article.post", has=page.locator(".post__title"))
    assert card.get_by_role("heading", level=3).inner_text() == "Who owns a style?"
    assert card.locator(".post__summary").inner_text() == "An excerpt & a teaser"
    assert card.get_by_role("heading", level=4).inner_text() == "Background"
    assert card.locator("details").count() == 0  # an excerpt is no content warning


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_cards_are_accessible_in_both_colour_schemes(browser, base_url, scheme):
    from axe_playwright_python.sync_playwright import Axe

    context, page, watch = open_page(browser, base_url, color_scheme=scheme)
    page.goto(base_url + "/thread/")
    page.wait_for_load_state("networkidle")
    result = Axe().run(
        page,
        context=".post-list",  # the cards; the rest is Material's own, as the site styles it
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    violations = [
        (v["id"], [n["target"] for n in v["nodes"]]) for v in result.response["violations"]
    ]
    assert violations == []
    context.close()
    watch.assert_clean()


def test_the_cards_are_valid_html(fediverse_site):
    import shutil
    import subprocess

    from tests.test_html_valid import FROM_MATERIAL, VNU

    java = shutil.which("java")
    if not VNU.exists() or not java:
        pytest.skip("vnu.jar or Java missing: run `npm ci --ignore-scripts`")
    ignored = "|".join(f"(?:{p})" for p in FROM_MATERIAL)
    command = [java, "-jar", str(VNU), "--skip-non-html", "--errors-only"]
    result = subprocess.run(
        [*command, "--filterpattern", ignored, str(fediverse_site)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert [line for line in result.stderr.splitlines() if "error:" in line] == []
