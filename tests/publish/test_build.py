"""End to end: real ``mkdocs build --strict`` of small sites in temporary folders."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from generator.pipeline import Settings, load
from tests.conftest import make_project, mkdocs_build, run
from tests.site_html import dead_links, read_site

pytestmark = pytest.mark.slow

THREAD = """\
    Opening post, by someone.
    @opener I think the law is clear here. <script>alert(1)</script>
    @critic @opener It is not: {{ config }} and [x](javascript:alert(1)) and --8<-- "/etc/passwd"
    # not a heading, *not emphasis*, :smile:, {: onclick="alert(1)" }
    @opener @critic Let's look at https://example.org/a_(b)?c=1&d=2 first.
"""
TAXONOMY = """\
    themes:
      - id: law
        title: The law
        summary: What the law says.
        terms: [law]
"""


def discussion_of(project):
    return load(
        Settings(
            root=project,
            docs_dir=project / "docs",
            sources=(project / "thread.txt",),
            taxonomy=(project / "themes.yml") if (project / "themes.yml").exists() else None,
        )
    )


def assert_nothing_lost(site, discussion):
    pages = read_site(site)
    numbered = [u for u in pages if re.fullmatch(r"thread/(\d+/)?", u)]
    numbered.sort(key=lambda u: int(u.split("/")[1] or 1))
    cards = [card for url in numbered for card in pages[url].cards]
    expected = [p.id for p in discussion.posts]
    assert [c.attrs["data-post-id"] for c in cards] == expected
    assert [c.attrs.get("id") for c in cards] == [f"post-{i}" for i in expected]
    themed = {
        c.attrs["data-post-id"]
        for url, page in pages.items()
        if url.startswith("themes/") and url != "themes/"
        for c in page.cards
    }
    assert themed == set(expected)
    assert dead_links(site, pages) == []
    return pages


def test_minimal_config_over_empty_docs_builds_a_complete_site(tmp_path):
    project = make_project(tmp_path, THREAD)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    pages = assert_nothing_lost(site, discussion_of(project))
    for url in [
        "",
        "thread/",
        "themes/",
        "themes/other/",
        "people/",
        "people/opener/",
        "people/critic/",
    ]:
        assert url in pages, url
    assert (
        "discussion: 4 posts read, 4 on the thread; per theme: none; 4 in Other; "
        "0 removed at their authors' request; "
        "0 commentary pages" in result.stderr
    )


def test_post_text_is_shown_exactly_as_written(tmp_path):
    # With the snippets extension on, a paragraph of its own syntax would read the file if
    # post text ever went through Markdown.
    snippets = "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: ['/']\n"
    thread = THREAD + '--8<-- "/etc/passwd"\n'
    project = make_project(tmp_path, thread, taxonomy=TAXONOMY, extra_config=snippets)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    discussion = discussion_of(project)
    pages = assert_nothing_lost(project / "site", discussion)
    texts = {p.id: p.text for p in discussion.posts}
    for url, page in pages.items():
        for card in page.cards:
            assert card.body == texts[card.attrs["data-post-id"]], url
            hrefs = [href for _, href in card.links]
            assert not any(h.lower().startswith(("javascript:", "data:")) for h in hrefs)
    html = (project / "site" / "thread" / "index.html").read_text()
    assert "<script>alert(1)" not in html
    assert 'onclick="alert' not in html
    assert "root:" not in html  # the snippet syntax read no file


def test_build_counts_posts_per_theme(tmp_path):
    project = make_project(tmp_path, THREAD, taxonomy=TAXONOMY)
    result = mkdocs_build(project)
    assert "4 posts read, 4 on the thread; per theme: law 1; 3 in Other" in result.stderr


def test_build_fails_when_a_template_loses_posts(tmp_path):
    project = make_project(
        tmp_path,
        THREAD,
        extra_config="""\
        theme:
          name: material
          font: false
          custom_dir: overrides
        """,
    )
    config = (project / "mkdocs.yml").read_text()
    assert "theme: {name: material, font: false}\n" in config
    config = config.replace("theme: {name: material, font: false}\n", "")
    (project / "mkdocs.yml").write_text(config)
    (project / "overrides").mkdir()
    (project / "overrides" / "main.html").write_text(
        textwrap.dedent("""\
        {% extends "base.html" %}
        {% block content %}
          {% if page.url == "thread/" %}<p>Nothing here.</p>{% else %}{{ super() }}{% endif %}
        {% endblock %}
        """)
    )
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "a post would be lost: 4 posts missing from the thread" in result.stderr


@pytest.mark.parametrize(
    ("path", "address"),
    [("thread/index.md", "thread/"), ("thread.md", "thread/"), ("people.md", "people/")],
)
def test_a_hand_written_file_is_never_replaced_by_a_generated_one(tmp_path, path, address):
    project = make_project(
        tmp_path, THREAD, pages={path: "# Mine\n", "commentary/authors.yml": "{}\n"}
    )
    expected = (
        f"docs/{path}:0: this hand-written file has the address of the generated /{address}; "
        "rename or move it"
    )
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert expected in result.stderr
    check = run(["-m", "generator", "check"], cwd=project)
    assert (check.returncode, check.stderr.splitlines()) == (1, [expected])


def test_hand_written_index_replaces_the_overview(tmp_path):
    project = make_project(
        tmp_path, THREAD, pages={"index.md": "# Welcome\n\nRead [the thread](thread/index.md).\n"}
    )
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert "Welcome" in (project / "site" / "index.html").read_text()


def test_content_errors_stop_the_build_with_file_and_line(tmp_path):
    project = make_project(
        tmp_path,
        THREAD,
        taxonomy=TAXONOMY,
        annotations="""\
        posts:
          nosuchid:
            author: someone
        """,
    )
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "annotations.yml:2: field 'posts': unknown post id" in result.stderr


def test_long_threads_are_paginated(tmp_path):
    thread = "".join(f"@p{i} post number {i}\n" for i in range(12))
    project = make_project(tmp_path, thread, options="page_size: 5")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    pages = read_site(project / "site")
    assert [len(pages[u].cards) for u in ("thread/", "thread/2/", "thread/3/")] == [5, 5, 2]
    # theme and person pages are paginated the same way, and nothing is lost
    other = ("themes/other/", "themes/other/2/", "themes/other/3/")
    assert [len(pages[u].cards) for u in other] == [5, 5, 2]
    assert_nothing_lost(project / "site", discussion_of(project))
    assert dead_links(project / "site", pages) == []


def unstable_search_file(rel: Path) -> bool:
    """Pagefind's filter index and metadata, whose order Pagefind does not keep from run to
    run (its issue 638), and the entry file that names them by their hash."""
    return rel.parts[0] == "pagefind" and (
        rel.parts[1] == "filter" or rel.suffix == ".pf_meta" or rel.name == "pagefind-entry.json"
    )


def test_builds_are_byte_identical(tmp_path):
    project = make_project(tmp_path, THREAD, taxonomy=TAXONOMY)
    first = mkdocs_build(project, tmp_path / "one")
    second = mkdocs_build(project, tmp_path / "two")
    assert first.returncode == second.returncode == 0

    def files(folder: Path) -> list[Path]:
        found = (p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
        return sorted(rel for rel in found if not unstable_search_file(rel))

    assert files(tmp_path / "one") == files(tmp_path / "two")
    assert any(rel.parts[0] == "pagefind" for rel in files(tmp_path / "one"))
    for rel in files(tmp_path / "one"):
        assert (tmp_path / "one" / rel).read_bytes() == (tmp_path / "two" / rel).read_bytes(), rel


def test_the_navigation_does_not_grow_with_the_thread(tmp_path):
    from generator.pipeline import generate
    from generator.publish.nav import default_nav
    from generator.publish.plugin import nest_paths

    taxonomy = tmp_path / "themes.yml"
    taxonomy.write_text(textwrap.dedent(TAXONOMY), encoding="utf-8")
    thread = tmp_path / "thread.txt"
    thread.write_text("".join(f"@p{i % 7} the law, post {i}\n" for i in range(40)))
    settings = Settings(
        root=tmp_path, docs_dir=tmp_path, sources=(thread,), taxonomy=taxonomy, page_size=5
    )
    nav = default_nav(generate(settings), [], settings.language, nest_paths)
    assert nav[:4] == [
        {"Overview": "index.md"},
        {"Thread": "thread/index.md"},
        {"Themes": ["themes/index.md", "themes/law.md"]},
        {"People": "people/index.md"},
    ]


def test_plugin_options_intro_title_csp_and_unpublished_sources(tmp_path):
    project = make_project(
        tmp_path,
        THREAD,
        options="""\
        intro: intro.md
        title: The great debate
        csp: false
        """,
    )
    (project / "intro.md").write_text("An *introduction* by the editors.\n", encoding="utf-8")
    (project / "docs" / "data").mkdir()
    (project / "thread.txt").rename(project / "docs" / "data" / "thread.txt")
    config = (
        (project / "mkdocs.yml")
        .read_text()
        .replace("sources: [thread.txt]", "sources: [docs/data/thread.txt]")
    )
    (project / "mkdocs.yml").write_text(config)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    home = (project / "site" / "index.html").read_text()
    assert '<h1 id="the-great-debate">The great debate</h1>' in home
    assert "An <em>introduction</em> by the editors." in home
    assert "Content-Security-Policy" not in home
    assert not (project / "site" / "data" / "thread.txt").exists()  # publish_sources: false
    # and by default every page carries the policy
    (project / "mkdocs.yml").write_text(config.replace("      csp: false\n", ""))
    assert mkdocs_build(project).returncode == 0
    for page in (project / "site").rglob("*.html"):
        assert 'http-equiv="Content-Security-Policy"' in page.read_text(), page
