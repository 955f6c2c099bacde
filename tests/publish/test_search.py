"""The search index: made from the data, each post once, people findable by handle with
and without ``@``, nothing of an opted-out account; ``search: material`` keeps Material's."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from generator.pipeline import Settings, generate
from generator.publish.search import data_records, post_documents
from tests.conftest import make_project, mkdocs_build


def result_of(tmp_path, thread: str, **options):
    source = tmp_path / "thread.txt"
    source.write_text(thread, encoding="utf-8")
    settings = Settings(root=tmp_path, docs_dir=tmp_path, sources=(source,), **options)
    return generate(settings)


def test_each_post_is_indexed_once_in_groups(tmp_path):
    thread = "".join(f"@p{i % 7} the law, post {i}\n" for i in range(45))
    result = result_of(tmp_path, thread, page_size=30)
    documents = list(post_documents(result.pages, "en", directory_urls=True))
    headings = re.findall(r'<h2 id="post-(\w+)-h"', "".join(documents))
    assert sorted(headings) == sorted(p.id for p in result.discussion.posts)
    assert len(set(headings)) == 45
    assert len(documents) == 2  # thread pages of 30 and 15 posts, each one group
    shown = json.loads(
        re.search(r'data-pagefind-meta="posts\[content\]" content="([^"]*)"', documents[-1])[
            1
        ].replace("&quot;", '"')
    )
    assert shown[-1]["n"] == 45 and shown[-1]["by"] in {"", "p0", "p1", "p2", "p3", "p4"}


def test_a_person_is_found_by_handle_with_and_without_at(tmp_path):
    result = result_of(tmp_path, "Is it fair?\n@hana@example.social No.\n")
    paths = {page.path for page in result.pages}
    people = [r for r in data_records(result.discussion, paths, True) if r.kind == "person"]
    (hana,) = people
    assert hana.path == "people/hana@example.social/"
    assert hana.content.split() == ["@hana@example.social", "hana@example.social", "hana"]


def index_text(site: Path) -> str:
    """The words of every fragment of the site's Pagefind index (gzip-compressed JSON)."""
    fragments = sorted((site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert fragments
    return "".join(gzip.decompress(f.read_bytes()).decode("utf-8") for f in fragments)


THREAD = """\
    Is training on art fair?
    @hana No, it is copying. Secret words of kenji.
    @kenji It is analysis, not copying.
"""


def test_pagefind_replaces_material_search_and_leaves_out_opted_out_posts(tmp_path):
    project = make_project(tmp_path, THREAD, options="optout: optout.yml")
    (project / "optout.yml").write_text("accounts: [kenji]\n", encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert not (site / "search" / "search_index.json").exists()
    assert "data-discussion-search" in (site / "thread" / "index.html").read_text("utf-8")
    words = index_text(site)
    assert "Is training on art fair?" in words and "analysis" in words
    assert "Secret" not in words, words[words.find("Secret") - 300 :][:400]


def test_search_material_keeps_materials_own(tmp_path):
    project = make_project(tmp_path, THREAD, options="search: material")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert "Secret words" in (site / "search" / "search_index.json").read_text("utf-8")
    assert not (site / "pagefind").exists()
    assert "data-discussion-search" not in (site / "thread" / "index.html").read_text("utf-8")
