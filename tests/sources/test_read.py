"""The read stage: golden files for the plain-text reader, and its errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.errors import ContentError
from generator.sources import json_file
from generator.sources.plain_text import read_plain_text
from generator.sources.read import Split, read_sources
from generator.text import content_id
from tests.conftest import ROOT, UPDATE_GOLDEN, flow, write_golden

GOLDEN = ROOT / "tests" / "golden" / "read"


def as_data(thread) -> list[dict]:
    return [
        {
            "id": post.id,
            "line": post.source.line,
            "mentions": list(post.mentions),
            "paragraphs": [[flow([s.kind, s.text, s.target]) for s in p] for p in post.paragraphs],
        }
        for post in thread.posts
    ]


@pytest.mark.parametrize("case", sorted(GOLDEN.glob("*.yml")), ids=lambda p: p.stem)
def test_golden(case: Path):
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    boundaries = {before: [] for before in data.get("splits", [])}
    got = as_data(read_plain_text(data["input"], "thread.txt", boundaries))
    if UPDATE_GOLDEN:
        data["posts"] = got
        write_golden(case, data)
    assert got == data["posts"]


def test_ids_are_stable_when_other_posts_change():
    before = read_plain_text("@a one\n@b two\n@c three\n", "t.txt", {})
    after = read_plain_text("@a one, edited\n@z new\n@b two\n@c three\n", "t.txt", {})
    assert before.posts[1].id == after.posts[2].id
    assert before.posts[2].id == after.posts[3].id


def test_a_posts_id_comes_from_its_plain_text():
    thread = read_plain_text(
        "@a one  https://x.org/p.\n\tmore @b\u00a0text\n@c café\n\nlast @d@x.social\n",
        "t.txt",
        {},
    )
    assert [post.id for post in thread.posts] == [content_id(post.text) for post in thread.posts]


def test_invalid_utf8_names_file_and_line(tmp_path):
    source = tmp_path / "t.txt"
    source.write_bytes(b"@a fine\n@b caf\xe9\n")
    with pytest.raises(ContentError) as err:
        read_sources([(source, "content/t.txt")])
    assert str(err.value).startswith("content/t.txt:2: invalid UTF-8")


def test_byte_order_mark_and_crlf_are_accepted(tmp_path):
    source = tmp_path / "t.txt"
    source.write_bytes("\ufeff@a one\r\n@b two\r\n".encode())
    thread = read_sources([(source, "t.txt")])
    assert [p.text for p in thread.posts] == ["@a one", "@b two"]


def test_a_byte_order_mark_inside_the_text_hides_no_reply():
    # A file joined from others (or pasted from an editor) can hold a BOM on any line.
    thread = read_plain_text("@a one\n\ufeff@carol two\n", "t.txt", {})
    assert [p.text for p in thread.posts] == ["@a one", "@carol two"]
    assert thread.posts[1].mentions == ("carol",)


def test_a_handle_split_by_an_invisible_character_names_nobody():
    # "@ali<U+200B>ce" shows as "@alice": read as a mention of "ali" it would link to,
    # and be taken for the author of, someone else.
    thread = read_plain_text("@a one\n@ali\u200bce two @b\u00adob\n", "t.txt", {})
    assert [p.mentions for p in thread.posts] == [("a",)]
    assert thread.posts[0].text == "@a one\n\n@ali\u200bce two @b\u00adob"


def test_unknown_format_is_refused(tmp_path):
    source = tmp_path / "t.csv"
    source.write_text("x")
    with pytest.raises(ContentError, match=r"^t.csv:0: unknown source format '.csv'"):
        read_sources([(source, "t.csv")])


def test_split_must_match_exactly_one_line(tmp_path):
    source = tmp_path / "t.txt"
    source.write_text("@a x\nsame start here\nsame start there\n")
    splits = [Split("same start", 7, "notes.yml"), Split("nowhere", 9, "notes.yml")]
    with pytest.raises(ContentError) as err:
        read_sources([(source, "t.txt")], splits)
    lines = str(err.value).splitlines()
    assert lines[0].startswith("notes.yml:7: field 'before': split must match exactly one line")
    assert "got t.txt:2; t.txt:3 for 'same start'" in lines[0]
    assert lines[1].startswith("notes.yml:9: field 'before'")
    assert "got no line" in lines[1]


def test_seed_source_is_the_seed_byte_for_byte():
    seed = ROOT.parent / "shared" / "seed" / "thread.txt"
    if not seed.exists():
        pytest.skip("../shared/seed/thread.txt is not beside this checkout")
    assert (ROOT / "content/discussion/thread.txt").read_bytes() == seed.read_bytes()


def json_errors(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "t.json").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as err:
        read_sources([(tmp_path / "t.json", "t.json")])
    return [str(p) for p in err.value.problems]


def test_a_number_too_long_to_convert_is_invalid_json_at_its_line(tmp_path):
    # Python refuses to convert integers of more than 4,300 digits; digits inside a string
    # (line 3) are text and do not count.
    text = (
        '[\n {"id": "1",\n  "note": "'
        + "9" * 5000
        + '",\n  "replies_count":\n'
        + "1" * 5001
        + "}\n]\n"
    )
    assert json_errors(tmp_path, text) == [
        "t.json:5: invalid JSON: a number of 5001 digits; expected numbers of at most 4300 digits"
    ]


def test_json_nested_too_deeply_is_invalid_json_at_its_deepest_line(tmp_path):
    text = '{"id": "1", "x": "[[[",\n "deep":\n' + "[" * 100_000 + "]" * 100_000 + "}\n"
    assert json_errors(tmp_path, text) == [
        "t.json:3: invalid JSON: nested too deeply (100001 levels); expected "
        f"{json_file._expected()}, which nests a few levels"
    ]


@pytest.mark.parametrize(
    ("data", "held"),
    [
        (b"", "the file is empty"),
        (b"\xef\xbb\xbf", "the file is empty"),  # a byte order mark alone
        (b"\n", "the file holds no text, only 1 blank line"),
        (b"  \n\t\n\r\n \n", "the file holds no text, only 4 blank lines"),
        (b"\x00\x07 \x1b", "the file holds no text, only 1 blank line"),  # control characters
    ],
)
def test_a_source_without_posts_is_an_error(tmp_path, data, held):
    (tmp_path / "a.txt").write_text("@a one\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(data)
    with pytest.raises(ContentError) as err:
        read_sources([(tmp_path / "a.txt", "a.txt"), (tmp_path / "b.txt", "b.txt")])
    assert [str(p) for p in err.value.problems] == [
        f"b.txt:0: no posts: {held}; expected one paragraph per line, each reply starting "
        "with a line that opens with an @mention"
    ]


def test_an_empty_json_list_is_an_error(tmp_path):
    # Nothing is built from nothing: an empty list is more likely a failed export than a
    # thread of no posts.
    (tmp_path / "t.json").write_text("[]", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        read_sources([(tmp_path / "t.json", "t.json")])
    [problem] = err.value.problems
    assert str(problem).startswith("t.json:0: no posts: the file holds an empty list; expected")
