"""The search index's documents, made from the data: each post once, people findable by
handle with and without ``@``."""

from __future__ import annotations

import json
import re

from generator.model import Span
from generator.pipeline import Settings, generate
from generator.publish.search import data_records, direction, post_documents


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
    assert len(documents) == 3  # thread pages of 30 and 15 posts, in groups of 20
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


def test_direction_skips_the_mentions_a_reply_opens_with():
    mention = Span("mention", "@alice", "alice")
    assert direction([(mention, Span("text", " أعتقد ذلك"))]) == "rtl"
    assert direction([(Span("text", "@سمير I think so"),)]) == "ltr"
    assert direction([(Span("text", "@alice 42 !"),)]) == "auto"
