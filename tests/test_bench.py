"""The inputs of ``make bench`` are what they claim to be; no MkDocs build, no timing here."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from bench import hostile, synth
from generator.editorial.commentary_body import check_body
from generator.editorial.taxonomy import load_taxonomy
from generator.errors import ContentError
from generator.sources.html_text import paragraphs
from generator.sources.plain_text import read_plain_text
from generator.text import MENTION, spans

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


# The hostile inputs: each builder makes the input its row says, of the size asked.


@pytest.mark.parametrize("char", [")", "."])
def test_a_url_then_n_characters(char):
    text = hostile.url_then(300, char)
    assert text.endswith(char * 300) and not text.endswith(char * 301)
    assert [s.text for s in spans(text) if s.kind == "link"] == ["https://a.example/"]


def test_one_post_of_n_mentions_of_strangers():
    thread = read_plain_text(hostile.mentions_thread(300), "thread.txt", {})
    assert len(thread.posts) == 1
    assert thread.posts[0].mentions == ("someone", *(f"u{i}" for i in range(300)))


def test_n_statuses_with_a_bad_time(tmp_path):
    statuses = json.loads(hostile.bad_times_json(300))
    assert len({s["id"] for s in statuses}) == 300
    assert {s["created_at"] for s in statuses} == {"bad"}
    (tmp_path / "t.json").write_text(hostile.bad_times_json(300), encoding="utf-8")
    assert hostile._failure(tmp_path / "t.json")() == "300 problems reported"


def test_a_commentary_body_of_n_links():
    body = hostile.links_body(300)
    assert len(re.findall(r"^\[l\]\(https://x\.example/\d{7}\)$", body, re.MULTILINE)) == 300
    assert check_body(body, "c.md", 6, set()) == []


def test_a_display_name_of_n_letters():
    (status,) = json.loads(hostile.long_name_json(300))
    assert status["account"]["display_name"] == "A" * 300


def test_a_theme_title_of_n_letters(tmp_path):
    (tmp_path / "themes.yml").write_text(hostile.long_title_taxonomy(100), encoding="utf-8")
    (theme,) = load_taxonomy(tmp_path / "themes.yml", "themes.yml")
    assert theme.title == "T" * 100
    (tmp_path / "themes.yml").write_text(hostile.long_title_taxonomy(300), encoding="utf-8")
    with pytest.raises(ContentError, match="field 'title': too long"):
        load_taxonomy(tmp_path / "themes.yml", "themes.yml")


def test_svg_n_deep():
    html = hostile.nested_svg(300)
    assert html.count("<svg>") == html.count("</svg>") == 300
    assert html.index("</svg>") == len("<p>") + 300 * len("<svg>")
    assert [[s.text for s in p] for p in paragraphs(html)] == [["visible"]]


def test_every_row_doubles_its_sizes_and_its_work_runs(tmp_path):
    labels = [row.label for row in hostile.ROWS]
    assert [label[:3] for label in labels] == ["(a)", "(a)", *(f"({c})" for c in "bcdefg")]
    for i, row in enumerate(hostile.ROWS):
        assert len(row.sizes) >= 2
        assert all(b == 2 * a for a, b in zip(row.sizes, row.sizes[1:], strict=False))
        (tmp_path / str(i)).mkdir()
        made = row.prepare(20, tmp_path / str(i))()
        assert made and not made.startswith("failed"), (row.label, made)


def test_the_table_gives_the_ratio_to_the_size_before_and_skipped_sizes():
    row = hostile.Row("(x) test", "f", (10, 20, 40), lambda n, folder: lambda: "")
    results = [
        hostile.Measured(10, 0.5, 5, "one"),
        hostile.Measured(20, 2.0, 1, "two"),
        hostile.Measured(40, None, 0, "skipped"),
    ]
    lines = hostile.table([(row, results)])
    assert lines[2].split() == ["(x)", "test", "f", "10", "500.0", "ms", "5", "one"]
    assert lines[3].split() == ["20", "2.00", "s", "4.0", "1", "two"]
    assert lines[4].split() == ["40", "—", "skipped"]
    quick = [hostile.Measured(10, 0.001), hostile.Measured(20, 0.005)]
    linear = [hostile.Measured(10, 0.5), hostile.Measured(20, 1.1)]
    grew = hostile.Row("(y) grew", "f", (10, 20), lambda n, folder: lambda: "")
    rows = [(row, results), (grew, quick), (grew, linear), (grew, results[1:])]
    assert hostile.faster_than_linear(rows) == ["(x) test"]  # 4×; skipped sizes do not count
