"""Commentary from contributors: strict checks, cross-links and the feed."""

from __future__ import annotations

import textwrap
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml
from click.testing import CliRunner

from generator.errors import ContentError
from generator.pipeline import Settings, load
from generator.publish.cli import main
from tests.conftest import ROOT, make_project, mkdocs_build, run
from tests.site_html import dead_links, read_site

GOLDEN = ROOT / "tests" / "golden" / "commentary"
THREAD = "@op the law is clear\n@alice @op but who gets paid?\n@bob @op something else\n"
TAXONOMY = """\
    themes:
      - id: law
        title: Law
        summary: The law.
        terms: [law]
      - id: pay
        title: Pay
        summary: Who is paid.
        terms: [paid]
"""
AUTHORS = "editors:\n  name: The editors\n  url: https://example.org/editors\n"


def project_with(tmp_path: Path, pieces: dict[str, str]) -> Path:
    project = make_project(tmp_path, THREAD, taxonomy=TAXONOMY)
    folder = project / "docs" / "commentary"
    folder.mkdir(parents=True)
    (folder / "authors.yml").write_text(AUTHORS, encoding="utf-8")
    for name, text in pieces.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return project


def settings(project: Path, extensions: tuple[str, ...] = ()) -> Settings:
    return Settings(
        markdown_config=(("tables", "toc", *extensions), {}),
        root=project,
        docs_dir=project / "docs",
        sources=(project / "thread.txt",),
        taxonomy=project / "themes.yml",
        commentary=project / "docs" / "commentary",
        authors=project / "docs" / "commentary" / "authors.yml",
    )


def post_ids(project: Path) -> list[str]:
    return [p.id for p in load(settings(project)).posts]


@pytest.mark.parametrize("case", sorted(GOLDEN.glob("*.yml")), ids=lambda p: p.stem)
def test_bad_commentary_gets_one_precise_error_and_check_exits_1(tmp_path, case, monkeypatch):
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    project = project_with(tmp_path, {data.get("name", "piece.md"): data["file"]})
    extensions = tuple(data.get("extensions", ()))
    with pytest.raises(ContentError) as err:
        load(settings(project, extensions))
    assert [str(p) for p in err.value.problems] == [f"docs/{data['error']}"]
    if extensions:  # the site's own extensions, as `check` reads them from mkdocs.yml
        config = project / "mkdocs.yml"
        config.write_text(
            config.read_text() + f"markdown_extensions: {list(extensions)}\n", encoding="utf-8"
        )
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"docs/{data['error']}"]


def good_piece(first: str, second: str) -> str:
    return f"""\
        ---
        title: Who is paid, and under what law
        author: editors
        date: 2024-05-01
        themes: [law, pay]
        responds_to: [{first}]
        summary: Pay and law are one question.
        ---
        The second post asks the real question:

        [[post {second}]]

        And the first ([[post {first}]]) answers a different one. A literal
        `<b>` in code is fine, and so is [a link](https://example.org/).
        """


def test_a_new_piece_appears_everywhere_it_should(tmp_path):
    probe = project_with(tmp_path / "probe", {})
    first, second, third = post_ids(probe)
    project = project_with(tmp_path / "site", {"who-is-paid.md": good_piece(first, second)})
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert "1 commentary pages" in result.stderr
    site = project / "site"
    pages = read_site(site)
    assert dead_links(site, pages) == []
    piece = pages["commentary/who-is-paid/"]
    assert "Who is paid, and under what law" in piece.title
    # the responded and the quoted post as cards; the inline quote as a link
    assert [c.attrs["data-post-id"] for c in piece.cards] == [first, second]
    assert f"../../thread/#post-{first}" in piece.links
    # theme pages, the posts it concerns, the index, the author's page
    for theme in ("law", "pay"):
        assert "../../commentary/who-is-paid/" in pages[f"themes/{theme}/"].links
    thread_cards = {c.attrs["data-post-id"]: c for c in pages["thread/"].cards}
    for post_id in (first, second):
        assert ("post__comment", "../commentary/who-is-paid/") in thread_cards[post_id].links
    assert not any(cls == "post__comment" for cls, _ in thread_cards[third].links)
    assert "who-is-paid/" in pages["commentary/"].links
    assert "../../who-is-paid/" in pages["commentary/authors/editors/"].links
    # the feed lists it and every page advertises the feed
    feed = ET.parse(site / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert [e.findtext("a:title", namespaces=ns) for e in entries] == [
        "Who is paid, and under what law"
    ]
    assert entries[0].find("a:link", ns).get("href") == "commentary/who-is-paid/"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml"' in home
    assert 'href="feed.xml"' in home
    for page in set(site.rglob("*.html")) - {site / "404.html"}:  # served at any depth
        depth = page.relative_to(site).as_posix().count("/")
        feed_link = f'title="Test discussion: commentary" href="{"../" * depth}feed.xml"'
        assert feed_link in page.read_text(encoding="utf-8"), page


def test_feed_links_are_absolute_with_a_site_url(tmp_path):
    probe = project_with(tmp_path / "probe", {})
    first, second, _ = post_ids(probe)
    project = project_with(tmp_path / "site", {"who-is-paid.md": good_piece(first, second)})
    config = project / "mkdocs.yml"
    config.write_text("site_url: https://discussion.example/\n" + config.read_text())
    assert mkdocs_build(project).returncode == 0
    feed = (project / "site" / "feed.xml").read_text()
    assert 'href="https://discussion.example/commentary/who-is-paid/"' in feed


def test_a_bad_piece_fails_check_and_build_without_a_partial_site(tmp_path):
    project = project_with(
        tmp_path,
        {"bad.md": "---\ntitle: x\nauthor: editors\ndate: 2024-05-01\n---\n<b>Body.</b>\n"},
    )
    check = run(["-m", "generator", "check"], cwd=project)
    assert check.returncode == 1
    assert check.stderr.splitlines()[0].startswith(
        "docs/commentary/bad.md:6: raw HTML is not allowed in commentary"
    )
    build = mkdocs_build(project, tmp_path / "out")
    assert build.returncode != 0
    assert not (tmp_path / "out" / "index.html").exists()


def test_commentary_pages_export_with_quotes_expanded(tmp_path):
    probe = project_with(tmp_path / "probe", {})
    first, second, _ = post_ids(probe)
    project = project_with(tmp_path / "site", {"who-is-paid.md": good_piece(first, second)})
    result = run(["-m", "generator", "export", str(tmp_path / "out")], cwd=project)
    assert result.returncode == 0, result.stderr
    exported = (tmp_path / "out" / "docs" / "commentary" / "who-is-paid.md").read_text()
    assert "[[post" not in exported and f'data-post-id="{second}"' in exported
    assert not (tmp_path / "out" / "docs" / "commentary" / "authors.yml").exists()
    built = mkdocs_build(tmp_path / "out")
    assert built.returncode == 0, built.stderr


def test_new_scaffolds_a_page_that_passes_check(tmp_path):
    project = project_with(tmp_path, {})
    first, _, _ = post_ids(project)
    result = run(
        [
            "-m",
            "generator",
            "new",
            "Law and pay: a “first” look",
            "--author",
            "editors",
            "--theme",
            "law",
            "--responds-to",
            first,
            "--date",
            "2024-05-02",
        ],
        cwd=project,
    )
    assert result.returncode == 0, result.stderr
    created = project / "docs" / "commentary" / "law-and-pay-a-first-look.md"
    assert created.is_file()
    check = run(["-m", "generator", "check"], cwd=project)
    assert check.returncode == 0, check.stderr
    again = run(
        ["-m", "generator", "new", "Law and pay: a “first” look", "--author", "editors"],
        cwd=project,
    )
    assert again.returncode == 1 and "exists already" in again.stderr


def test_new_refuses_what_check_would_refuse_and_leaves_nothing(tmp_path):
    project = project_with(tmp_path, {})
    result = run(["-m", "generator", "new", "A piece", "--author", "nobody"], cwd=project)
    assert result.returncode == 1
    assert "field 'author': unknown author" in result.stderr
    assert not (project / "docs" / "commentary" / "a-piece.md").exists()


def test_titles_cannot_become_links_of_their_own():
    import markdown

    from generator.pages.commentary import _md_link

    title = r"x\](javascript:alert(1)) [y"
    html = markdown.markdown(_md_link("commentary/index.md", "commentary/a.md", title))
    assert "javascript" not in html.split('href="', 1)[1].split('"')[0]
    assert html.count("<a ") == 1 and ">x\\](javascript:alert(1)) [y</a>" in html


def test_code_blocks_may_show_html_and_raw_html_after_them_is_found_on_its_line(tmp_path):
    body = """\
        ---
        title: Code
        author: editors
        date: 2024-05-01
        ---
        Some code:

        ```python
        print("<b>hello</b>")
        ```

            <script>an indented block is code too</script>

        ~~~html
        <img src=x onerror=alert(1)>
        ~~~
        """
    project = project_with(tmp_path, {"code.md": body})
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "markdown_extensions: [fenced_code]\n")
    check = run(["-m", "generator", "check"], cwd=project)
    assert check.returncode == 0, check.stderr
    (project / "docs" / "commentary" / "code.md").write_text(
        textwrap.dedent(body) + "\nAnd then <b>raw</b>.\n", encoding="utf-8"
    )
    check = run(["-m", "generator", "check"], cwd=project)
    assert check.returncode == 1
    assert check.stderr.splitlines() == [
        "docs/commentary/code.md:18: raw HTML is not allowed in commentary; expected Markdown "
        "(write &lt; for a literal <), got '<b>'"
    ]
