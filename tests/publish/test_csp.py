"""The Content-Security-Policy: the theme's scripts run, a script smuggled into content does not."""

from __future__ import annotations

import base64
import hashlib
import shutil

import pytest

from generator.publish.csp import (
    add_policy,
    content_problems,
    content_span,
    pin_script_files,
    policy,
    theme_script_hashes,
)
from tests.browsing import open_page, serve
from tests.conftest import make_project, mkdocs_build

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<script>var theme = 1</script><script id="__config" type="application/json">{"a":1}</script>
</head><body><div><article class="md-content__inner md-typeset">
<article class="post"><p>a post</p></article>
<script>alert("smuggled")</script>
</article><script>var after = 2</script><script src="x.js"></script></div></body></html>"""


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_only_the_themes_inline_scripts_are_allowed():
    assert theme_script_hashes(PAGE) == [sha("var theme = 1"), sha("var after = 2")]
    assert sha('alert("smuggled")') not in policy(PAGE)


def test_an_unbalanced_article_end_in_the_content_does_not_end_it():
    content = '<p>x</p></article></article>\n<script>alert("early")</script>'
    page = PAGE.replace("<p>a post</p>", content)
    assert content_span(page, content) == (page.index(content), page.index(content) + len(content))
    assert sha('alert("early")') not in policy(page, content)
    assert sha('alert("early")') in policy(page)  # what counting articles alone would allow


def test_the_content_span_includes_nested_articles():
    start, end = content_span(PAGE)
    assert PAGE[start:end].endswith("</article>")
    assert 'alert("smuggled")' in PAGE[start:end]


def test_the_themes_script_files_are_pinned_by_hash_and_no_others():
    files = {"x.js": b"var x = 1", "../evil.js": b"alert(1)"}
    page = PAGE.replace("<p>a post</p>", '<script src="../evil.js"></script>')
    html, hashes = pin_script_files(page, None, files.get)
    digest = base64.b64encode(hashlib.sha256(b"var x = 1").digest()).decode()
    assert hashes == [f"'sha256-{digest}'"]
    assert f'<script src="x.js" integrity="sha256-{digest}">' in html
    assert '<script src="../evil.js"></script>' in html  # in the content: not pinned
    policy_text = add_policy(page, None, files.get)
    assert (
        f"'sha256-{digest}'" in policy_text
        and "'self'" not in policy_text.split("script-src", 1)[1].split(";")[0]
    )


def test_a_page_without_scripts_allows_none():
    assert "script-src 'none'" in policy("<html><head></head><body></body></html>")


def test_meta_and_base_in_the_content_are_found():
    page = PAGE.replace(
        "<p>a post</p>",
        '<meta http-equiv="refresh" content="0;url=https://evil.example/"><BASE href="//x">',
    )
    assert content_problems(page) == [
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        '<BASE href="//x">',
    ]
    assert content_problems(PAGE.replace("<head>", '<head><base href="/">')) == []


def test_the_policy_comes_first_in_head_after_the_charset():
    html = add_policy(PAGE)
    assert html.index('http-equiv="Content-Security-Policy"') < html.index("<script>")
    assert html.index("<meta charset") < html.index("Content-Security-Policy")


@pytest.mark.slow
def test_a_smuggled_script_does_not_run_in_the_browser(seed_site, browser, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(seed_site, site)
    page_file = site / "thread" / "index.html"
    html = page_file.read_text(encoding="utf-8")
    # what an escaping bug would look like: a live script inside the content
    # and a script file of the same origin, as a pull request could add one
    (site / "evil.js").write_text('alert("file ran")', encoding="utf-8")
    html = html.replace(
        '<article class="post"',
        '<script>alert("ran")</script><script src="../evil.js"></script>\n<article class="post"',
        1,
    )
    page_file.write_text(html, encoding="utf-8")
    server, base = serve(site)
    try:
        context, page, watch = open_page(browser, base)
        page.goto(base + "/thread/")
        page.wait_for_load_state("networkidle")
        context.close()
        assert watch.dialogs == []
        assert any("Content Security Policy" in error for error in watch.errors)
        # the theme still works: its own inline scripts are allowed by hash
        assert not [e for e in watch.errors if "Content Security Policy" not in e]
    finally:
        server.shutdown()


@pytest.mark.slow
@pytest.mark.parametrize(
    "element",
    [
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        '<base href="//evil.example/">',
    ],
)
def test_a_build_refuses_meta_and_base_in_any_pages_content(tmp_path, element):
    project = make_project(tmp_path, "@op a post\n", pages={"about.md": f"# About\n\n{element}\n"})
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert (
        f"about.md: {element!r} in the page's content; expected no <meta> or <base> element "
        "there (a refresh would take readers elsewhere)"
    ) in result.stderr
