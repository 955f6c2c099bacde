"""The synthetic threads of ``make bench`` keep their contract; no MkDocs build here."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from bench import synth
from generator.read import read_plain_text
from generator.text import MENTION

SEED_TEXT = synth.SEED.read_text(encoding="utf-8")
SEED_WORDS = {w for line in SEED_TEXT.splitlines() for w in line.split() if "@" not in w}


@pytest.fixture(scope="module")
def posts() -> list[synth.SynthPost]:
    return synth.synthesize(400, seed=7)


def test_same_size_and_seed_give_the_same_bytes(tmp_path):
    first = synth.write_project(tmp_path / "a", 150, seed=3)
    second = synth.write_project(tmp_path / "b", 150, seed=3)
    for name in ("thread.txt", "mkdocs.yml"):
        assert (first.parent / name).read_bytes() == (second.parent / name).read_bytes()
    assert synth.thread_text(synth.synthesize(150, seed=4)) != (
        first.parent / "thread.txt"
    ).read_text(encoding="utf-8")


def test_the_reader_reads_back_every_post(posts):
    thread = read_plain_text(synth.thread_text(posts), "thread.txt", {})
    assert len(thread.posts) == len(posts)
    assert [p.text.split() for p in thread.posts] == [
        " ".join(post.lines).split() for post in posts
    ]


def test_replies_open_with_the_parents_author_never_their_own(posts):
    thread = read_plain_text(synth.thread_text(posts), "thread.txt", {})
    for i, (read, post) in enumerate(zip(thread.posts, posts, strict=True)):
        assert read.mentions[0] == post.header[0]
        assert post.author not in read.mentions
        if post.parent is not None:
            parent = posts[post.parent]
            assert post.parent < i
            assert read.mentions[0] == parent.author
            assert set(post.header[1:]) <= set(parent.header)  # the other participants
        assert len(post.header) <= synth.profile(SEED_TEXT).longest
    assert posts[0].parent is None
    assert all(post.parent is not None for post in posts[1:])


def test_authors_grow_with_the_thread_and_some_post_far_more_than_others():
    small = synth.synthesize(100, seed=1)
    large = synth.synthesize(2000, seed=1)
    activity = sorted(Counter(p.author for p in large).values(), reverse=True)
    assert len({p.author for p in large}) > len({p.author for p in small})
    assert activity[0] > 5 * activity[len(activity) // 2]


def test_words_and_shapes_come_from_the_seed(posts):
    shape = synth.profile(SEED_TEXT)
    for post in posts:
        body = [line for line in post.lines if not re.fullmatch(r"(@\S+ ?)+", line)]
        assert 1 <= len(body) <= max(shape.paragraphs)
        for line in body:
            words = [w for w in line.split() if not MENTION.fullmatch(w)]
            assert set(words) <= SEED_WORDS
            assert len([w for w in words if not w.startswith("http")]) in shape.lengths
    # Frequent seed words are frequent here too.
    counts = Counter(synth.thread_text(posts).split())
    assert counts.most_common(1)[0][0] == shape.words[0]


def test_mkdocs_config_takes_the_repository_theme_and_the_plugin():
    config = synth.mkdocs_config(10, 0, (synth.ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "custom_dir: theme" in config
    assert "navigation.prune" in config
    assert "  - discussion:\n      sources: [thread.txt]\n      taxonomy: themes.yml\n" in config
    assert "content/discussion" not in config
