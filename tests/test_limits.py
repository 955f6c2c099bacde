"""Documented limits keep a site's size in proportion to its discussion, and say so.

One hostile post must not make a hundred thousand pages or one page a browser cannot lay
out: mentions that earn a page, handle and name lengths are limited, visibly.
"""

from __future__ import annotations

import json

import pytest

from generator.link import HANDLE_CHARS, MENTIONS_PER_POST, NAME_CHARS
from generator.pipeline import Settings, generate
from generator.summary import summary_line
from tests.conftest import make_project, mkdocs_build
from tests.site_html import read_site


def generated(tmp_path, thread: str, **files: str):
    project = make_project(tmp_path, thread)
    for name, text in files.items():
        (project / name).write_text(text, encoding="utf-8")
    sources = tuple(
        project / name for name in ("thread.txt", *files) if name.endswith(("txt", "json"))
    )
    settings = Settings(root=project, docs_dir=project / "docs", sources=sources)
    return generate(settings)


def test_only_a_posts_first_mentions_earn_pages_and_the_rest_are_counted(tmp_path):
    strangers = " ".join(f"@stranger{i}" for i in range(1000))
    result = generated(tmp_path, f"@op hello {strangers}\n@stranger999 @op I was named last\n")
    people = {
        p.path for p in result.pages if p.path.startswith("people/") and p.path != "people/index.md"
    }
    named = {f"people/stranger{i}.md" for i in range(MENTIONS_PER_POST - 1)}
    assert named <= people
    assert "people/stranger999.md" in people  # named again, first, in a post of its own
    assert "people/stranger500.md" not in people
    assert len(people) == MENTIONS_PER_POST + 1
    line = summary_line(result.summary)
    assert f"mentions shown as text (past {MENTIONS_PER_POST} in a post" in line
    assert result.summary["mentions as text"] == 1000 - (MENTIONS_PER_POST - 1) - 1


def test_a_handle_too_long_for_a_file_name_is_text(tmp_path):
    long = "a" * (HANDLE_CHARS + 1)
    result = generated(tmp_path, f"@op hi @{long}\n@{long} @op reply\n")
    assert not [p for p in result.pages if long in p.path]


def bobs_page(tmp_path, display_name: str) -> str:
    """The person page of bob, whose one status gives ``display_name``, from a strict build."""
    status = {
        "id": "1",
        "created_at": "2024-04-01T12:00:00Z",
        "visibility": "public",
        "uri": "https://example.social/users/bob/statuses/1",
        "content": "<p>hello</p>",
        "account": {"acct": "bob", "display_name": display_name, "url": "https://example.social/@bob"},
    }  # fmt: skip
    project = make_project(tmp_path, "")
    (project / "thread.json").write_text(json.dumps([status]), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("sources: [thread.txt]", "sources: [thread.json]"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    card = read_site(project / "site")["thread/"].cards[0]
    assert card.attrs["data-author"] == "bob@example.social"
    return (project / "site" / "people" / "bob@example.social" / "index.html").read_text()


@pytest.mark.slow
def test_a_huge_display_name_is_cut_visibly_and_the_site_builds(tmp_path):
    page = bobs_page(tmp_path, "A" * 200_000)
    assert "A" * (NAME_CHARS - 1) + "…" in page
    assert "A" * NAME_CHARS not in page
    assert len(page) < 60_000


@pytest.mark.slow
def test_a_display_name_that_closes_the_title_is_shown_only_in_the_page(tmp_path):
    page = bobs_page(tmp_path, "</title><script>alert(1)</script> & co")
    # Material prints a page's title unescaped: it is given to it escaped
    title = "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; co (@bob@example.social)"
    assert f"<title>{title} - Test discussion</title>" in page
    assert page.count("<script>alert") == 0
    assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page


def test_titles_for_templates_are_escaped_quotes_included():
    from generator.pages.markup import front_matter, template_text

    assert template_text('Tom & "Jerry" <b>') == "Tom &amp; &quot;Jerry&quot; &lt;b&gt;"
    assert front_matter("A\u2028B", search=False) == (
        '---\ntitle: "A B"\nsearch:\n  exclude: true\n---\n'
    )
