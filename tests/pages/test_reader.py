"""What a reader of the built site sees and where a click or a tap takes them: Chromium,
headless, against the site served on 127.0.0.1 (see ``tests/browsing.py``).

Each test acts as the reader would: it opens a page at a phone's or a desktop's size,
follows links, taps with touch emulation, and checks what the page then shows. Every page
is watched as in ``tests/test_browser.py``: a request off the site, a dialog or an error
fails the test.
"""

from __future__ import annotations

import json

import pytest

from generator.editorial.glossary import load_glossary
from generator.pipeline import load
from tests.browsing import DESKTOP, PHONE, open_page, serve
from tests.conftest import ROOT, make_project, mkdocs_build
from tests.site_html import pagefind_records

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def base_url(seed_site):
    server, url = serve(seed_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def discussion():
    from generator.publish.plugin import load_project

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


def site_theme(project, features: str = "") -> None:
    """Give a test project this site's own theme folder and stylesheet (and Material's
    ``features``, a YAML list); the plugin brings what its pages need."""
    config = project / "mkdocs.yml"
    theme = f"theme: {{name: material, font: false, custom_dir: {ROOT / 'theme'}"
    theme += f", features: {features}}}" if features else "}"
    config.write_text(
        config.read_text().replace(
            "theme: {name: material, font: false}", f"{theme}\nextra_css: [assets/site.css]"
        )
    )


# ------------------------------------------------ who mentions a person


def test_someone_only_mentioned_has_the_posts_that_mention_them(reader, discussion):
    page, base = reader
    person = next(p for p in discussion.people if not p.posts)
    handle = person.person.handle
    mentions = discussion.mentioned_in(handle)
    assert len(mentions) > 1
    page.goto(f"{base}/people/{handle}/")
    intro = page.locator(".md-content").inner_text()
    assert f"mentioned in {len(mentions)} posts" in intro
    assert card_ids(page) == list(mentions)  # each of them, in thread order
    for card in page.locator("article.post").all():
        assert card.locator(f'.post__body a.post__mention[href$="/people/{handle}/"]').count()
    first = page.locator("article.post").first
    first.locator(".post__permalink").click()
    page.wait_for_url(f"**/thread/#post-{mentions[0]}")
    assert page.locator(":target").get_attribute("data-post-id") == mentions[0]


def test_the_posts_that_mention_a_writer_are_one_click_from_their_page(reader, discussion):
    page, base = reader
    person = next(p for p in discussion.people if p.posts and p.mentioned)
    handle = person.person.handle
    mentions = discussion.mentioned_in(handle)
    page.goto(f"{base}/people/{handle}/")
    assert card_ids(page) == list(person.posts)
    page.get_by_role("link", name=f"{len(mentions)} posts", exact=True).click()
    page.wait_for_url(f"**/people/{handle}/mentions/")
    listed = page.locator("li.post-ref").evaluate_all("els => els.map(e => e.dataset.postRef)")
    assert listed == list(mentions)
    assert page.locator("article.post").count() == 0  # named, not repeated in full
    entry = page.locator("li.post-ref").nth(1)
    post = discussion.by_id[mentions[1]]
    words = " ".join(w for w in post.text.split() if not w.startswith("@"))[:20]
    assert words in entry.inner_text()
    entry.get_by_role("link").click()
    page.wait_for_url(f"**/thread/#post-{mentions[1]}")
    target = page.locator(":target")
    assert target.get_attribute("data-post-id") == mentions[1]
    assert target.locator(f'a.post__mention[href$="/people/{handle}/"]').count()


def test_search_leaves_the_pages_of_people_out(seed_site, discussion):
    """People's pages and lists of mentions repeat posts the thread indexes: search finds each
    person once, as a person, and none of the posts their pages repeat."""
    records = pagefind_records(seed_site)
    people = [r["meta"]["path"] for r in records if r["meta"]["path"].startswith("people/")]
    assert people == sorted(f"people/{p.person.handle}/" for p in discussion.people)
    assert {r["meta"]["kind"] for r in records if r["meta"]["path"] in people} == {"person"}
    assert not any("/mentions/" in r["meta"]["path"] for r in records)
    assert (seed_site / "people" / discussion.people[0].person.handle / "mentions").is_dir()


# ----------------------------------------------------------- /people/


def overflow(page) -> dict:
    """How the page fits its window: the document's width and, for every table of the
    content, its width and scroll width beside its container's width."""
    return page.evaluate(
        """() => ({
            document: document.scrollingElement.scrollWidth,
            tables: [...document.querySelectorAll('.md-content table')].map(t => ({
                width: t.getBoundingClientRect().width,
                room: t.parentElement.clientWidth,
                scrolls: t.scrollWidth - t.clientWidth,
            })),
            sideways: [...document.querySelectorAll('.md-content *')].filter(e =>
                e.scrollWidth > e.clientWidth + 1
                && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)
            ).map(e => e.tagName + '.' + e.className),
        })"""
    )


def assert_fits(found: dict, width: int) -> None:
    assert found["document"] <= width, "the page scrolls sideways"
    assert found["tables"], "no table to check"
    for table in found["tables"]:
        assert table["width"] <= table["room"], "a table is wider than its container"
        assert table["scrolls"] <= 0, "a table hides columns behind a sideways scroll"
    assert found["sideways"] == [], "something scrolls sideways"


def test_the_people_table_fits_a_phone(browser, base_url, discussion):
    context, page, watch = open_page(browser, base_url, PHONE)
    page.goto(base_url + "/people/")
    page.wait_for_load_state("networkidle")
    assert_fits(overflow(page), PHONE["width"])
    assert page.locator("table tbody tr").count() == len(discussion.people)
    for cell in page.locator("table :is(th, td)").all():  # every cell of every row on screen
        box = cell.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    context.close()
    watch.assert_clean()


def test_the_people_table_fits_a_phone_with_long_handles_and_titles(browser, tmp_path):
    handles = [f"someone_with_a_long_name_{i}@a.very.long.instance.example" for i in range(3)]
    thread = "".join(f"@{h} law and art and pay, number {i}\n" for i, h in enumerate(handles))
    thread += "@x " + " ".join(f"@{h}" for h in handles) + " all the law, art and pay\n"
    themes = "".join(
        f"  - id: t{i}\n"
        f"    title: A rather long theme title, number {i}, about {word}\n"
        f"    summary: Posts about {word}.\n"
        f"    terms: [{word}]\n"
        for i, word in enumerate(("law", "art", "pay"))
    )
    project = make_project(tmp_path, thread, taxonomy="themes:\n" + themes)
    site_theme(project)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    server, base = serve(project / "site")
    try:
        context, page, watch = open_page(browser, base, PHONE)
        page.goto(base + "/people/")
        page.wait_for_load_state("networkidle")
        assert_fits(overflow(page), PHONE["width"])
        context.close()
        watch.assert_clean()
    finally:
        server.shutdown()


# ------------------------------------------------- replies on the same page


def test_a_reply_links_to_its_parent_on_the_same_page(reader, discussion):
    page, base = reader
    page.goto(base + "/themes/copyright/")
    here = card_ids(page)
    for card in page.locator("article.post").all():
        post = discussion.by_id[card.get_attribute("data-post-id")]
        parent = card.locator(".post__parent")
        if post.reply_to in here:
            assert parent.get_attribute("href") == f"#card-{post.reply_to}"
        elif post.reply_to in discussion.by_id:
            assert "/thread/#post-" in parent.get_attribute("href")
        for child in card.locator(".post__child").all():
            href = child.get_attribute("href")
            child_id = href.rsplit("-", 1)[1]
            assert href == (f"#card-{child_id}" if child_id in here else href)
            assert href.startswith("#card-") == (child_id in here)
    reply = next(
        card
        for card in page.locator("article.post").all()
        if discussion.by_id[card.get_attribute("data-post-id")].reply_to in here
    )
    reply_id = reply.get_attribute("data-post-id")
    parent_id = discussion.by_id[reply_id].reply_to
    reply.locator(".post__parent").click()
    page.wait_for_url(f"**/themes/copyright/#card-{parent_id}")
    target = page.locator(":target")
    assert target.get_attribute("data-post-id") == parent_id
    assert target.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    # and back down: the parent's list of replies leads to the reply, on the page
    target.locator(f'.post__child[href="#card-{reply_id}"]').click()
    page.wait_for_url(f"**/themes/copyright/#card-{reply_id}")
    assert page.locator(":target").get_attribute("data-post-id") == reply_id


def test_a_parent_not_on_the_page_is_found_in_the_thread(reader, discussion):
    page, base = reader
    page.goto(base + "/themes/luddites/")
    here = card_ids(page)
    away = next(
        card
        for card in page.locator("article.post").all()
        if discussion.by_id[card.get_attribute("data-post-id")].reply_to in discussion.by_id
        and discussion.by_id[card.get_attribute("data-post-id")].reply_to not in here
    )
    parent_id = discussion.by_id[away.get_attribute("data-post-id")].reply_to
    away.locator(".post__parent").click()
    page.wait_for_url(f"**/thread/#post-{parent_id}")
    assert page.locator(":target").get_attribute("data-post-id") == parent_id


# ------------------------------------------------------ glossary on touch


def touch_page(browser, base: str):
    return open_page(browser, base, PHONE, has_touch=True, is_mobile=True)


def bubble_state(page) -> dict:
    return page.evaluate(
        """() => {
            const b = document.getElementById('glossary-bubble');
            if (!b) return {shown: false, text: '', elements: 0};
            return {
                shown: !b.hidden && getComputedStyle(b).display !== 'none'
                    && b.getBoundingClientRect().width > 0,
                text: b.textContent,
                elements: b.children.length,
            };
        }"""
    )


def definitions() -> dict[str, str]:
    glossary = load_glossary(ROOT / "content" / "discussion" / "glossary.yml", "glossary.yml")
    return {entry.anchor: entry.definition for entry in glossary.entries}


def test_a_tap_on_a_glossary_term_shows_its_definition_in_place(browser, base_url):
    context, page, watch = touch_page(browser, base_url)
    page.goto(base_url + "/thread/")
    page.wait_for_load_state("networkidle")
    term = page.locator("a.glossary-term").first
    anchor = term.get_attribute("href").split("#")[1]
    term.tap()
    page.wait_for_timeout(300)  # a navigation would have started by now
    assert page.url == base_url + "/thread/"
    assert bubble_state(page) == {
        "shown": True,
        "text": definitions()[anchor],
        "elements": 0,
    }
    assert term.get_attribute("aria-describedby") == "glossary-bubble"
    assert page.locator(".md-tooltip2--active").count() == 0  # one copy, not two
    term.tap()  # a second tap closes it
    assert not bubble_state(page)["shown"]
    assert term.get_attribute("aria-describedby") is None
    term.tap()
    assert bubble_state(page)["shown"]
    page.locator("article.post .post__body").nth(5).tap()  # so does a tap elsewhere
    assert not bubble_state(page)["shown"]
    assert page.url == base_url + "/thread/"
    context.close()
    watch.assert_clean()


def test_keyboard_focus_on_a_glossary_term_still_shows_its_definition(reader):
    page, base = reader
    page.goto(base + "/thread/")
    page.wait_for_load_state("networkidle")
    first = page.locator("article.post").filter(has=page.locator("a.glossary-term")).first
    term = first.locator("a.glossary-term").first
    anchor = term.get_attribute("href").split("#")[1]
    first.locator(".post__permalink").focus()
    for _ in range(20):  # Tab through the post's links to the term
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('glossary-term')"):
            break
    assert page.evaluate("document.activeElement.getAttribute('href')").endswith(anchor)
    # The permalink's tooltip may still be fading out (Material hides it after 250 ms):
    # wait for the term's own.
    expected = definitions()[anchor]
    tooltip = page.locator(".md-tooltip2--active").filter(has_text=expected[:30])
    tooltip.wait_for(state="visible", timeout=5_000)
    assert tooltip.inner_text() == expected
    assert not bubble_state(page)["shown"]  # the theme's tooltip, not a second copy


@pytest.mark.parametrize("tooltips", [True, False], ids=["material-tooltips", "plain-titles"])
def test_a_tapped_definition_is_shown_as_text(browser, tmp_path, tooltips):
    definition = 'Marks like <b>bold</b> & "quotes" <img src=x onerror=alert(1)> &amp; stay text.'
    project = make_project(
        tmp_path, "@a the law is done\n@b what law?\n", options="glossary: glossary.yml"
    )
    (project / "glossary.yml").write_text(
        "terms:\n  - term: law\n    definition: " + json.dumps(definition) + "\n"
    )
    site_theme(project, "[content.tooltips]" if tooltips else "")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    server, base = serve(project / "site")
    try:
        context, page, watch = touch_page(browser, base)
        page.goto(base + "/thread/")
        page.wait_for_load_state("networkidle")
        page.locator("a.glossary-term").first.tap()
        assert bubble_state(page) == {"shown": True, "text": definition, "elements": 0}
        context.close()
        watch.assert_clean()  # no dialog: the markup in the definition never ran
    finally:
        server.shutdown()


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


def test_the_about_page_says_where_the_archive_comes_from(reader):
    page, base = reader
    page.goto(base + "/about/")
    text = page.locator(".md-content").inner_text()
    assert "opt-out list" in text and "removed at its author's request" in text
    page.locator(".md-content").get_by_role("link", name="About this archive").click()
    page.wait_for_url("**/#about-this-archive")
    facts = page.locator("h2#about-this-archive + ul")
    said = facts.inner_text()
    assert "Original thread: the sources do not give its address." in said
    assert "Dates: the sources do not give them." in said
    assert "Editors: The editors." in said
    assert "Removal on request:" in said and "No post has been removed so far." in said
    facts.get_by_role("link", name="The editors").click()
    page.wait_for_url("**/commentary/authors/editors/")


def test_the_overview_gives_the_address_and_dates_a_source_has(browser, tmp_path):
    fixture = ROOT / "tests" / "fixtures" / "mastodon" / "status-and-context.json"
    project = make_project(tmp_path, "", options="authors: authors.yml")
    (project / "thread.json").write_bytes(fixture.read_bytes())
    (project / "authors.yml").write_text(
        "editors:\n  name: Ann and Bo\n  url: https://editors.example/contact\n"
    )
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("[thread.txt]", "[thread.json]"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    statuses = json.loads(fixture.read_text())
    first = (statuses["context"]["ancestors"] or [statuses["status"]])[0]["url"]
    server, base = serve(project / "site")
    try:
        context, page, watch = open_page(browser, base, DESKTOP)
        page.goto(base + "/#about-this-archive")
        facts = page.locator("h2#about-this-archive + ul")
        assert facts.get_by_role("link", name=first).get_attribute("href") == first
        said = facts.inner_text()
        assert "Dates: every post was written on 1 March 2024." in said
        assert "Editors: Ann and Bo (website)." in said
        ask = facts.get_by_role("link", name="their website")
        assert ask.get_attribute("href") == "https://editors.example/contact"
        context.close()
        watch.assert_clean()
    finally:
        server.shutdown()
