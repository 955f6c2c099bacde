"""Titles and summaries with quotes, ampersands and angle brackets show as typed, everywhere.

Contributors write ``"``, ``&``, ``<`` and ``>`` in titles naturally. Material prints a page's
title and description unescaped (``<title>``, the header, the navigation, search results,
the ``description`` meta element), and shows a shortened title in a tooltip as HTML, so each
place is checked in Chromium: the text reads as typed, and the hostile ones do nothing.
"""

from __future__ import annotations

import json
import textwrap
from xml.etree import ElementTree as ET

import pytest

from tests.browsing import PHONE, open_page, serve
from tests.conftest import make_project, mkdocs_build, run
from tests.publish.test_search_browser import search

pytestmark = pytest.mark.slow

TITLE = (
    '"A" & <script>alert(1)</script> "><img src=x onerror=alert(2)> '
    "<meta http-equiv=refresh content=0;url=//x.example> tail"
)
SUMMARY = 'Quotes " & <b>bold</b> "><img src=x onerror=alert(3)> stay text'
AUTHOR = 'Ann & "Bo" <i>'
THEME = 'Law & "order" <b>'
NAME = "<img src=x onerror=alert(4)> & Co"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = make_project(
        tmp_path_factory.mktemp("titles"),
        "@op the law is clear\n@alice @op but who gets paid?\n",
        taxonomy=f"""\
            themes:
              - id: law
                title: {json.dumps(THEME)}
                summary: {json.dumps(SUMMARY)}
                terms: [law]
            """,
        pages={
            "commentary/authors.yml": f"editors:\n  name: {json.dumps(AUTHOR)}\n",
            "commentary/fair-use.md": textwrap.dedent(f"""\
                ---
                title: {json.dumps(TITLE)}
                author: editors
                date: 2024-05-01
                themes: [law]
                summary: {json.dumps(SUMMARY)}
                ---
                A piece about fair use and the law.
                """),
        },
        options="people: people.yml\n",
    )
    config = folder / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "theme: {name: material, font: false}",
            "theme: {name: material, font: false, features: [content.tooltips]}",
        )
    )
    (folder / "people.yml").write_text(
        f"people:\n  - handle: alice\n    name: {json.dumps(NAME)}\n", encoding="utf-8"
    )
    assert run(["-m", "generator", "check"], cwd=folder).returncode == 0
    result = mkdocs_build(folder)
    assert result.returncode == 0, result.stderr
    return folder / "site"


def test_the_feed_holds_the_title_and_summary_as_typed(site):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entry = ET.parse(site / "feed.xml").getroot().find("a:entry", ns)
    assert entry.findtext("a:title", namespaces=ns) == TITLE
    assert entry.findtext("a:summary", namespaces=ns) == SUMMARY
    assert entry.findtext("a:author/a:name", namespaces=ns) == AUTHOR


@pytest.mark.parametrize(
    ("path", "title", "heading"),
    [
        ("/commentary/fair-use/", TITLE, TITLE),
        ("/commentary/authors/editors/", AUTHOR, AUTHOR),
        ("/themes/law/", THEME, THEME),
        ("/people/alice/", f"{NAME} (@alice)", f"{NAME} (@alice)"),
    ],
)
def test_every_place_shows_the_text_as_typed_and_nothing_runs(site, browser, path, title, heading):
    server, base = serve(site)
    try:
        context, page, watch = open_page(browser, base, viewport=PHONE)
        moved: list[str] = []
        page.on("framenavigated", lambda f: f == page.main_frame and moved.append(f.url))
        page.goto(base + path, wait_until="load")
        assert page.title() == f"{title} - Test discussion"
        assert page.locator("article h1").first.text_content().strip() == heading
        topic = page.locator(".md-header__topic[data-md-component='header-topic'] .md-ellipsis")
        assert topic.text_content().strip() == title
        # Material copies a shortened title into a tooltip, as HTML: hover it on a phone
        page.mouse.move(1, 1)
        page.evaluate("window.scrollTo(0, 400)")  # the header then shows the page's title
        page.wait_for_timeout(300)
        # Material shortened the title: it copied it into a title attribute, which its
        # tooltip shows as HTML. Put it into an element that way: it must read as typed.
        shortened = page.locator(".md-header__topic [title]")
        shown = [
            page.evaluate(
                """element => {
                    const tip = document.createElement('div');
                    tip.innerHTML = element.getAttribute('title');
                    return [tip.children.length, tip.textContent];
                }""",
                element.element_handle(),
            )
            for element in shortened.all()
        ]
        if len(title) > 60:  # too long for a phone's header: Material shortened it
            assert shown, "the long title was not shortened"
        for element in page.locator(".md-header__topic .md-ellipsis").all():
            if element.is_visible():
                element.hover(force=True)
        page.wait_for_timeout(200)
        context.close()
        assert all(tip == [0, title] for tip in shown), shown
        assert moved == [base + path]
        watch.assert_clean()
    finally:
        server.shutdown()


def test_the_description_index_and_search_show_the_text(site, browser):
    server, base = serve(site)
    try:
        context, page, watch = open_page(browser, base)
        page.goto(base + "/commentary/fair-use/", wait_until="load")
        description = page.locator("meta[name=description]").get_attribute("content")
        assert description == SUMMARY
        page.goto(base + "/commentary/", wait_until="load")
        assert TITLE in page.locator("article").inner_text()
        assert SUMMARY in page.locator("article").inner_text()
        titles = [result["title"] for result in search(page, "tail")]
        context.close()
        assert any(TITLE in t for t in titles), titles
        watch.assert_clean()
    finally:
        server.shutdown()
