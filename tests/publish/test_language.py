"""A site in French, as a French reader sees it: the seed discussion built with
``theme.language: fr`` and read in Chromium, one page of every kind the generator makes.

The site's own words come from the French catalogue (generator/locales/fr/), so the test
reads what to expect from the catalogue rather than repeating it. On every page:

- no label is left in English: no element's whole text, and no ``title``, ``aria-label``,
  ``alt`` or ``placeholder``, reads as an English message the catalogue translates (the
  posts, the editors' themes and the hand-written pages stay as written);
- the dates on the cards are written the French way;
- the scripts' words (Copy link, Cite and its citation, the search box) are French too.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser

import pytest
from babel.messages.pofile import read_po, write_po

from generator import i18n
from tests.browsing import open_page, serve
from tests.conftest import ROOT, mkdocs_build
from tests.pages.test_fediverse_browser import QUOTING, RTL, WITHDRAWN, build_site, status

pytestmark = pytest.mark.slow

PAGES = {
    "overview": "",
    "thread": "thread/",
    "themes": "themes/",
    "theme": "themes/copyright/",
    "people": "people/",
    "person": "people/pluralistic/",
    "commentary index": "commentary/",
    "commentary": "commentary/use-is-not-copy/",
    "glossary": "glossary/",
}
"""One page of each kind the generator makes, on the seed site."""

VARIED = status(
    "104",
    "dana",
    "<p>The picture says it better.</p>",
    in_reply_to_id="101",
    edited_at="2024-03-03T09:30:00.000Z",
    sensitive=True,
    media_attachments=[
        {
            "type": "image",
            "url": "https://example.social/media/1.png",
            "description": "A court building",
        },
        {"type": "video", "url": "https://example.social/media/2.mp4", "description": None},
    ],
)
WARNED = status(
    "105", "erin", "<p>The ruling itself.</p>", in_reply_to_id="104", spoiler_text="The ruling"
)
"""Posts with what the seed's plain text has not: an edit, sensitive media listed by their
alt text, a content warning, and dates (with a poll, quotes, a withdrawn quote, a
followers-only post and an article from tests/pages/test_fediverse_browser.py)."""

SHOWN = """
() => {
  const words = (text) => text.replace(/\\s+/g, " ").trim();
  const texts = [...document.querySelectorAll("body *")]
    .filter((el) => !["SCRIPT", "STYLE"].includes(el.tagName))
    .map((el) => words(el.textContent));
  const attributes = [...document.querySelectorAll("[title], [aria-label], [alt], [placeholder]")]
    .flatMap((el) => ["title", "aria-label", "alt", "placeholder"]
      .map((name) => el.getAttribute(name)).filter((v) => v));
  return { texts: [...new Set(texts)], attributes: [...new Set(attributes.map(words))] };
}
"""


@pytest.fixture(scope="module")
def french():
    """Every message the site may show (messages.pot) → its French translation, ``""`` when
    the catalogue has none; a plural message by its singular and by its plural. Messages
    French writes as English does ("Page") are left out: the page cannot tell them apart."""
    with (i18n.LOCALES / "messages.pot").open("rb") as stream:
        template = read_po(stream)
    with i18n.catalogue_path("fr").open("rb") as stream:
        catalogue = read_po(stream, locale="fr")
    found = {}
    for message in template:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        translated = catalogue.get(message.id)
        strings = ("",) if translated is None or translated.fuzzy else translated.string
        strings = strings if isinstance(strings, tuple) else (strings,)
        for english in ids:
            if english not in strings:
                found[english] = strings[-1]
    return found


def _pattern(message: str) -> re.Pattern:
    """``message`` as a pattern of a whole text: any text in each placeholder, spaces as
    the page's text is read (no-break spaces as spaces)."""
    pieces = i18n.PLACEHOLDER.split(" ".join(message.split()))
    return re.compile(
        "".join(".+?" if i % 2 else re.escape(piece) for i, piece in enumerate(pieces))
    )


def english_left(values: list[str], french: dict[str, str]) -> list[str]:
    """The ``values`` that read as one of the English messages (the whole value, any text
    in each placeholder) and not as its French translation. Messages with fewer than four
    letters of their own, such as ``{a} · {b}``, would match anything and are left out."""
    pairs = [
        (_pattern(english), _pattern(translation))
        for english, translation in french.items()
        if len(re.findall(r"[A-Za-z]", i18n.PLACEHOLDER.sub("", english))) >= 4
    ]
    any_english = re.compile("|".join(f"(?:{en.pattern})" for en, _ in pairs))
    return [
        value
        for value in values
        if any_english.fullmatch(value)
        and any(en.fullmatch(value) and not fr.fullmatch(value) for en, fr in pairs)
    ]


@pytest.fixture(scope="module")
def french_site(tmp_path_factory):
    """The seed project with ``theme.language: fr``, built strictly and served."""
    folder = tmp_path_factory.mktemp("fr")
    for name in ("content", "theme"):
        shutil.copytree(ROOT / name, folder / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  language: en\n" in config
    (folder / "mkdocs.yml").write_text(config.replace("\n  language: en\n", "\n  language: fr\n"))
    result = mkdocs_build(folder, folder / "site")
    assert result.returncode == 0, result.stderr
    server, url = serve(folder / "site")
    yield folder / "site", url
    server.shutdown()


@pytest.fixture(scope="module")
def french_fediverse(tmp_path_factory):
    """A French site of Mastodon and ActivityPub posts, with the cards' every part."""
    folder = tmp_path_factory.mktemp("fr-fediverse")
    site = build_site(folder, [RTL, QUOTING, WITHDRAWN, VARIED, WARNED], language="fr")
    server, url = serve(site)
    yield url
    server.shutdown()


@pytest.fixture
def reader(browser, french_site):
    """Open a page of the French seed site (or of ``base``), watched as every browser
    test is: nothing off the site, no dialog, no error."""
    opened = []

    def open_at(path: str, base: str = french_site[1]):
        context, page, watch = open_page(browser, base)
        opened.append((context, watch))
        page.goto(f"{base}/{path}")
        page.wait_for_load_state("load")
        return page

    yield open_at
    for context, watch in opened:
        context.close()
        watch.assert_clean()


def no_english_left(page, french: dict[str, str], kind: str) -> None:
    """The page, its scripts run, shows no label in English."""
    assert page.evaluate("document.documentElement.lang") == "fr"
    if page.locator("article.post").count():
        page.wait_for_selector("article.post .post__copy")  # the scripts have run
    shown = page.evaluate(SHOWN)
    assert english_left(shown["texts"], french) == [], f"{kind}: labels left in English"
    assert english_left(shown["attributes"], french) == [], f"{kind}: attributes in English"


@pytest.mark.parametrize("kind", list(PAGES))
def test_every_kind_of_page_speaks_french(reader, french, kind):
    page = reader(PAGES[kind])
    no_english_left(page, french, kind)
    nav = page.locator(".md-nav--primary").inner_text()
    for section in ("Overview", "Thread", "Themes", "People", "Commentary", "Glossary"):
        assert french[section] in nav


@pytest.mark.parametrize(
    "path",
    [
        "thread/",
        "people/",
        "people/alice@example.social/",
        "people/alice@example.social/mentions/",
        "themes/other/",
    ],
)
def test_every_part_of_a_card_speaks_french(reader, french, french_fediverse, path):
    """Polls, quotes, a withdrawn quote, followers only, a content warning, an edit,
    sensitive media, an article, and their dates."""
    page = reader(path, french_fediverse)
    no_english_left(page, french, path)
    times = page.locator("article.post time").all()
    assert times or path.endswith(("people/", "mentions/"))
    with i18n.using("fr"):
        for time in times:
            stamp = time.get_attribute("datetime")
            assert time.inner_text() == i18n.date(stamp), stamp
    if path == "thread/":
        text = page.locator("main").inner_text().casefold()  # badges are in capitals
        for english in ("Sensitive media", "followers only", "edited {time}", "Poll, one answer"):
            assert french[english].split("{")[0].strip().casefold() in text, english


def test_cards_say_who_answers_whom_in_french(reader, french):
    page = reader("thread/")
    replies = page.locator(".post__reply").all_inner_texts()
    forms = ("replying to {link}", "replying to {who} {missing}", "replying to a post {missing}")
    openings = tuple(french[form].split("{")[0].strip() for form in forms)
    assert replies and all(reply.startswith(openings) for reply in replies)
    assert any(reply.startswith(openings[0]) for reply in replies)  # a link to the parent


def test_the_scripts_words_and_the_citation_are_french(reader, french):
    page = reader("thread/")
    card = page.locator("article.post").nth(1)
    assert card.locator(".post__copy").inner_text() == french["Copy link"]
    card.locator(".post__cite").click()
    citation = card.locator(".post__citation-text").inner_text()
    assert "[Message]. Dans " in citation
    assert citation.endswith("Consulté le 1 janvier 1970.")  # SOURCE_DATE_EPOCH=0
    assert card.locator(".post__cite-copy").first.inner_text() == french["Copy citation"]


def test_the_search_box_speaks_french(reader, french):
    page = reader("thread/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    meta = page.locator(".md-search-result__meta")
    waiting = meta.inner_text()  # before a search: Material's own words, in French
    page.locator(".md-search__input").fill("copyright")
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__list').getAttribute('aria-busy')"
        " === 'false'"
    )
    assert re.fullmatch(r"\d+\+? messages?(, \d+ pages?)?", meta.inner_text())
    assert (
        page.locator(".discussion-search__filters summary").inner_text()
        == french["Filter by author or theme"]
    )
    about = page.locator("[data-search-post] .discussion-search__about").first.inner_text()
    assert about.startswith("Message ")
    page.locator(".md-search__input").fill("")
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__list').children.length"
    )
    assert meta.inner_text() == waiting != "Type to start searching"


def test_the_feed_and_the_english_build_are_unchanged(french_site, seed_site, french):
    import xml.etree.ElementTree as ElementTree

    site, _url = french_site
    name = "AI, art and creators — a Mastodon discussion"
    title = french["{title}: commentary"].replace("{title}", name)
    feed = ElementTree.parse(site / "feed.xml").getroot()
    assert feed.findtext("{http://www.w3.org/2005/Atom}title") == title
    head = Tags()  # every page advertises the feed under the same title
    head.feed((site / "thread" / "index.html").read_text(encoding="utf-8"))
    (link,) = [a for t, a in head.tags if t == "link" and a.get("type") == "application/atom+xml"]
    assert link["title"] == title
    # The English site keeps its words: the same catalogue machinery, no translation.
    thread = (seed_site / "thread" / "index.html").read_text(encoding="utf-8")
    assert "replying to" in thread and "en réponse à" not in thread


HOSTILE = (
    '<img src=x onerror="alert(1)" data-hostile> <!-- *hostile-em* [a](javascript:x)\r# hostile'
)
"""Added to every French translation by a hostile pull request: markup for every place a
translation goes (HTML, an attribute, Material's tooltips, SVG, Markdown, a line break that
would start a heading)."""


class Tags(HTMLParser):
    """Every start tag of a page: its name and attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The seed project in French with every translation carrying :data:`HOSTILE`, built
    with a copy of the package (the catalogue is package data)."""
    folder = tmp_path_factory.mktemp("fr-hostile")
    for name in ("content", "theme", "generator"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (folder / "mkdocs.yml").write_text(config.replace("\n  language: en\n", "\n  language: fr\n"))
    path = folder / "generator" / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as stream:
        catalogue = read_po(stream, locale="fr")
    for message in catalogue:
        if message.id:
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            forms = tuple(f"{form} {HOSTILE}" for form in forms)
            message.string = forms if isinstance(message.string, tuple) else forms[0]
    with path.open("wb") as stream:
        write_po(stream, catalogue)
    result = mkdocs_build(folder, folder / "site")  # imports the copy: it is the current folder
    assert result.returncode == 0, result.stderr
    return folder / "site"


def test_hostile_translations_stay_text(hostile_site, browser):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        parser = Tags()
        parser.feed(page.read_text(encoding="utf-8"))
        where = page.relative_to(hostile_site)
        assert not [t for t, attrs in parser.tags if "data-hostile" in attrs], where
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<h\d[^>]*>\s*hostile", html), f"{where}: a heading was made"
        assert "<em>hostile-em</em>" not in html, f"{where}: Markdown was read"
        # Material shows a title as HTML in its tooltip: none holds markup once read
        titles = [a["title"] for t, a in parser.tags if "title" in a and t != "link"]
        assert not [title for title in titles if "<img" in title], where
    assert "hostile" in (hostile_site / "thread" / "index.html").read_text(encoding="utf-8")
    server, url = serve(hostile_site)
    try:
        context, page, watch = open_page(browser, url)
        for path in ("", "thread/", "themes/copyright/", "people/", "glossary/"):
            page.goto(f"{url}/{path}")
            page.wait_for_selector("article.post .post__copy, .md-content")
            page.locator(".md-search__input").first.click()
            page.locator(".md-search__input").fill("copyright")
            assert page.locator("[data-hostile]").count() == 0, path
        context.close()
        watch.assert_clean()  # no alert: no script ran
    finally:
        server.shutdown()
