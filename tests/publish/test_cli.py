"""The command line: check, list, export, --version and help."""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator import __version__
from generator.publish.cli import main
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
            title: "Law & <b>order</b>\\a"
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
        "text without control characters, line breaks or bidi overrides, got "
        "'Law & <b>order</b>\\x07'",
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
    from generator.publish.export import export_config

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


@pytest.mark.parametrize(
    ("dest", "message"),
    [
        (".", "export: . is or holds the project itself; expected a folder of its own"),
        ("..", "export: .. is or holds the project itself; expected a folder of its own"),
        (
            "docs/out",
            "export: docs/out overlaps the project's docs/, which the export would replace or "
            "copy into itself; expected a folder outside it",
        ),
        (
            "overrides",
            "export: overrides overlaps the project's overrides/, which the export would "
            "replace or copy into itself; expected a folder outside it",
        ),
    ],
)
def test_export_refuses_a_destination_that_would_overwrite_the_project(tmp_path, dest, message):
    project = make_project(tmp_path / "p", "@op a post\n", pages={"about.md": "# About\n"})
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "theme: {name: material, font: false}", "theme: {name: material, custom_dir: overrides}"
        )
    )
    (project / "overrides").mkdir()
    (project / "overrides" / "main.html").write_text('{% extends "base.html" %}\n')
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    result = run(["-m", "generator", "export", dest], cwd=project)
    assert (result.returncode, result.stderr.strip().splitlines()) == (1, [f"Error: {message}"])
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before


def test_export_refuses_another_project_and_writes_a_new_folder(tmp_path):
    project = make_project(tmp_path / "p", "@op a post\n")
    other = make_project(tmp_path / "other", "@op other\n")
    result = run(["-m", "generator", "export", str(other)], cwd=project)
    assert result.returncode == 1
    assert "is a project that uses the discussion plugin; expected a new folder" in result.stderr
    assert run(["-m", "generator", "export", "out"], cwd=project).returncode == 0
    assert (project / "out" / "docs" / "thread" / "index.md").is_file()


def test_new_on_a_disk_that_refuses_writes_is_a_one_line_error(tmp_path):
    project = make_project(
        tmp_path, "@op a post\n", pages={"commentary/authors.yml": "editors:\n  name: Editors\n"}
    )

    def no_writes():  # like a full or read-only disk, and root cannot override it
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))

    result = subprocess.run(
        [sys.executable, "-m", "generator", "new", "A piece", "--author", "editors"],
        cwd=project,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1"),
        capture_output=True,
        text=True,
        preexec_fn=no_writes,
        timeout=120,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == "Error: cannot write docs/commentary/a-piece.md: File too large"
    assert not (project / "docs" / "commentary" / "a-piece.md").exists()
