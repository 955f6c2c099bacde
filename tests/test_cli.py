"""The command line: check, list, export, --version and help."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator import __version__
from generator.cli import main
from tests.conftest import ROOT, make_project, mkdocs_build, run
from tests.site_html import dead_links, read_site

THREAD = "@op one about law\n@alice @op two\n"
TAXONOMY = """\
    themes:
      - id: law
        title: Law
        summary: The law.
        terms: [law]
"""


def test_check_passes_on_this_repository():
    result = run(["-m", "generator", "check"], cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("content is valid: 29 posts read")


def test_check_reports_every_problem_as_path_line(tmp_path):
    project = make_project(
        tmp_path,
        THREAD,
        taxonomy="""\
        themes:
          - id: law
            title: Law & <b>order</b>
            summary: The law.
            terms: [law]
        """,
        annotations="""\
        posts:
          x: {author: a, author: b}
        """,
    )
    result = run(["-m", "generator", "check"], cwd=project)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "themes.yml:3: field 'title': contains a character that is not allowed here; expected "
        "text without < > \" & or control characters, got 'Law & <b>order</b>'",
        "annotations.yml:2: duplicate key 'author' (first given on line 2)",
    ]


def test_check_reads_another_config_with_f(tmp_path):
    make_project(tmp_path / "p", THREAD, taxonomy=TAXONOMY)
    result = run(
        ["-m", "generator", "check", "-f", str(tmp_path / "p" / "mkdocs.yml")], cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "2 posts read, 2 on the thread; per theme: law 1; 1 in Other" in result.stdout


def test_check_without_the_plugin_is_a_clear_error(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    (tmp_path / "docs").mkdir()
    result = run(["-m", "generator", "check"], cwd=tmp_path)
    assert result.returncode == 1
    assert "mkdocs.yml:0: no 'discussion' plugin under 'plugins'" in result.stderr
    assert "Traceback" not in result.stderr


def test_list_shows_ids_authors_and_parents():
    result = CliRunner().invoke(main, ["list", "-f", str(ROOT / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    rows = result.output.splitlines()
    assert rows[0].split("\t") == ["#", "id", "author", "replies to", "themes", "beginning"]
    assert len(rows) == 1 + 29 + 1
    assert rows[4].split("\t")[2:4] == ["srcrist*", "#3"]


def _post_lists(site: Path) -> dict[str, list[str]]:
    """Every list of post cards in a built site, by page."""
    lists = {}
    for page in sorted(site.rglob("*.html")):
        found = re.findall(r'<div class="post-list">.*?</article>\n</div>', page.read_text(), re.S)
        if found:
            lists[page.relative_to(site).as_posix()] = found
    return lists


@pytest.mark.slow
def test_export_builds_with_plain_mkdocs(tmp_path, seed_site):
    dest = tmp_path / "out"
    result = run(["-m", "generator", "export", str(dest)], cwd=ROOT)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load((dest / "mkdocs.yml").read_text())
    assert "discussion" not in str(config["plugins"])
    assert config["docs_dir"] == "docs"
    docs = {p.relative_to(dest / "docs").as_posix() for p in (dest / "docs").rglob("*")}
    assert {
        "index.md",
        "thread/index.md",
        "themes/copyright.md",
        "people/srcrist.md",
        "about.md",
        "discussion/thread.txt",
    } <= docs
    assert not {"discussion/themes.yml", "discussion/annotations.yml", "discussion/intro.md"} & docs
    built = mkdocs_build(dest)
    assert built.returncode == 0, built.stderr
    pages = read_site(dest / "site")
    assert len(pages["thread/"].cards) == 29
    assert dead_links(dest / "site", pages) == []
    # Python-Markdown passes the exported cards through; the plugin puts the same cards in
    lists = _post_lists(dest / "site")
    assert {"thread/index.html", "themes/copyright/index.html", "people/srcrist/index.html"} <= set(
        lists
    )
    assert lists == _post_lists(seed_site)


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_every_command_and_option_has_help():
    for name, command in main.commands.items():
        assert command.help, name
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"{name} {param.name}"


def test_export_config_drops_the_plugin_in_either_form_and_keeps_the_rest():
    from generator.export import export_config

    listed = export_config(
        {
            "site_name": "x",
            "theme": "material",
            "site_dir": "out",
            "watch": ["theme"],
            "plugins": ["search", {"discussion": {"sources": ["t.txt"]}}],
            "markdown_extensions": [{"toc": {"permalink": True}}],
        },
        extensions=["tables", "toc"],
        nav=None,
        hidden=["people/a.md"],
        custom_dir=None,
    )
    assert listed["plugins"] == ["search"]
    assert listed["theme"] == {"name": "material"}
    assert listed["markdown_extensions"] == [{"toc": {"permalink": True}}, "tables"]
    assert listed["not_in_nav"] == "/people/a.md\n"
    assert "site_dir" not in listed and "watch" not in listed and listed["docs_dir"] == "docs"
    mapped = export_config(
        {
            "site_name": "x",
            "theme": {"name": "material", "custom_dir": "overrides"},
            "plugins": {"search": {}, "discussion": {"sources": ["t.txt"]}},
        },
        extensions=[],
        nav=[{"Overview": "index.md"}],
        hidden=[],
        custom_dir="theme",
    )
    assert mapped["plugins"] == {"search": {}}
    assert mapped["theme"] == {"name": "material", "custom_dir": "theme"}
    assert mapped["nav"] == [{"Overview": "index.md"}]
