"""Citing: every page tells reference managers what it is, the site says how to cite the
whole archive, and each post's "Cite" control gives a citation, BibTeX and CSL-JSON."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape

import bibtexparser
import pytest
import yaml
from playwright.sync_api import expect

from tests.browsing import open_page, serve
from tests.conftest import ROOT, make_project, mkdocs_build
from tests.site_html import read_site

pytestmark = pytest.mark.slow


def test_the_archive_has_a_citation_file(seed_site):
    cff = yaml.safe_load((seed_site / "CITATION.cff").read_text(encoding="utf-8"))
    # the fields Citation File Format 1.2.0 requires, and what the build knows
    assert cff["cff-version"] == "1.2.0"
    assert cff["message"] and cff["type"] == "dataset"
    assert cff["title"] == "AI, art and creators — a Mastodon discussion"
    assert cff["authors"] == [{"name": "The editors"}]
    assert cff["date-released"] == "1970-01-01"  # SOURCE_DATE_EPOCH=0 in the tests
    assert "29 posts" in cff["abstract"]


def test_every_page_tells_reference_managers_what_it_is(seed_site):
    for url, page in read_site(seed_site).items():
        if url == "404.html":  # the theme's page for a missing address: nothing to cite
            continue
        html = page.path.read_text(encoding="utf-8")
        tags = dict(re.findall(r'<meta name="(citation_\w+)" content="([^"]*)"', html))
        assert tags.get("citation_title"), url
        assert tags["citation_publisher"] == "AI, art and creators — a Mastodon discussion"
        assert tags["citation_date"] == "1970/01/01"
    labour = (seed_site / "themes" / "labour" / "index.html").read_text(encoding="utf-8")
    (title,) = re.findall(r'<meta name="citation_title" content="([^"]*)"', labour)
    assert unescape(title) == "Creators' labour and pay"  # the text, escaped once


@pytest.fixture(scope="module")
def mastodon_site(tmp_path_factory):
    folder = make_project(tmp_path_factory.mktemp("cite"), "")
    for name in ("status.json", "context.json"):
        shutil.copy(ROOT / "tests" / "fixtures" / "fetch" / name, folder / name)
    fetched = {
        "status": json.loads((folder / "status.json").read_text()),
        "context": json.loads((folder / "context.json").read_text()),
    }
    (folder / "thread.json").write_text(json.dumps(fetched), encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("sources: [thread.txt]", "sources: [thread.json]")
        + "site_url: https://example.org/archive/\n"
    )
    result = mkdocs_build(folder)
    assert result.returncode == 0, result.stderr
    return folder / "site"


def test_a_reader_cites_a_post(mastodon_site, browser):
    server, base = serve(mastodon_site)
    try:
        context, page, watch = open_page(
            browser, base, permissions=["clipboard-read", "clipboard-write"]
        )
        page.goto(f"{base}/thread/")
        card = page.locator('article.post[data-author="alice@example.social"]').first
        post_id = card.get_attribute("data-post-id")
        cite = card.get_by_role("button", name=re.compile(r"^Cite post \d+$"))
        assert cite.get_attribute("aria-expanded") == "false"
        cite.click()
        assert cite.get_attribute("aria-expanded") == "true"
        text = card.locator(".post__citation-text").inner_text()
        assert text.startswith("Alice [@alice@example.social]. (2024, May 2). ")
        assert f"[Post]. In Test discussion. {base}/thread/#post-{post_id}" in text
        assert "(original post: https://example.social/@alice/102)" in text
        assert text.endswith("Accessed January 1, 1970.")

        card.get_by_role("button", name="Copy BibTeX").click()
        expect(card.locator(".post__citation-status")).to_have_text("BibTeX copied.")
        bibtex = page.evaluate("navigator.clipboard.readText()")
        assert bibtex.startswith("@misc{aliceexamplesocial2024-")
        assert f"url = {{{base}/thread/#post-{post_id}}}" in bibtex
        assert "date = {2024-05-02}" in bibtex and "urldate = {1970-01-01}" in bibtex

        card.get_by_role("button", name="Copy CSL-JSON").click()
        expect(card.locator(".post__citation-status")).to_have_text("CSL-JSON copied.")
        (item,) = json.loads(page.evaluate("navigator.clipboard.readText()"))
        assert item["type"] == "post"
        assert item["issued"] == {"date-parts": [[2024, 5, 2]]}
        assert item["container-title"] == "Test discussion"
        assert item["URL"].endswith(f"/thread/#post-{post_id}")

        cite.click()
        assert card.locator(".post__citation").is_hidden()
        watch.assert_clean()
        context.close()
    finally:
        server.shutdown()


def test_the_head_gives_the_address_when_the_site_has_one(mastodon_site):
    html = (mastodon_site / "thread" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="citation_public_url" content="https://example.org/archive/thread/">' in html
    assert '<meta property="og:site_name" content="Test discussion">' in html


HOSTILE_STATUS = {
    "id": "7",
    "created_at": "2024-05-02T09:10:00.000Z",
    "visibility": "public",
    "uri": "https://example.social/users/mallory/statuses/7",
    "url": "https://x}\\input{/etc/passwd}{@example.social/@mallory/7",
    "content": "<p>{unbalanced } } }, note = {pwned}, x = {</p>",
    "account": {
        "acct": "mallory",
        "display_name": "Smith, A and Jones}, author = {Eve",
        "url": "https://example.social/@mallory",
    },
    "mentions": [],
    "media_attachments": [],
}


def test_a_citation_of_hostile_text_is_one_entry_with_the_text_as_written(tmp_path, browser):
    """No post text, name or address can end a BibTeX field, add one or run a command: a
    BibTeX parser reads back one entry with exactly its fields, holding the text."""
    folder = make_project(tmp_path, "")
    (folder / "thread.json").write_text(json.dumps([HOSTILE_STATUS]), encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text().replace("sources: [thread.txt]", "sources: [thread.json]"))
    result = mkdocs_build(folder)
    assert result.returncode == 0, result.stderr
    server, base = serve(folder / "site")
    try:
        context, page, watch = open_page(
            browser, base, permissions=["clipboard-read", "clipboard-write"]
        )
        page.goto(f"{base}/thread/")
        card = page.locator("article.post").first
        card.get_by_role("button", name=re.compile(r"^Cite post")).click()
        card.get_by_role("button", name="Copy BibTeX").click()
        expect(card.locator(".post__citation-status")).to_have_text("BibTeX copied.")
        bibtex = page.evaluate("navigator.clipboard.readText()")
        library = bibtexparser.parse_string(bibtex)
        assert library.failed_blocks == []
        (entry,) = library.entries
        assert [f.key for f in entry.fields] == [
            "author", "title", "year", "date", "howpublished", "url", "urldate", "note",
        ]  # fmt: skip
        fields = {f.key: f.value for f in entry.fields}
        assert fields["author"] == (
            "{Smith, A and Jones\\textbraceright{}, author = \\textbraceleft{}Eve}"
        )  # one name, in its own braces
        assert "\\input{" not in bibtex and "\\url{https://x%7D" not in bibtex
        assert fields["note"].startswith("Original post: \\url{https://x\\%7D\\%5Cinput")
        watch.assert_clean()
        context.close()
    finally:
        server.shutdown()
