"""The annotate stage: the editors' overlay and its error messages."""

from __future__ import annotations

import textwrap

import pytest

from generator.editorial.annotations import annotate, load_annotations
from generator.errors import ContentError
from generator.sources.plain_text import read_plain_text

THREAD = read_plain_text("@op first\n@alice @op second\n@bob third\n", "t.txt", {})
FIRST, SECOND, THIRD = (p.id for p in THREAD.posts)


def notes(tmp_path, text: str):
    path = tmp_path / "annotations.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_annotations(path, "annotations.yml")


def test_annotations_apply(tmp_path):
    loaded = notes(
        tmp_path,
        f"""\
        splits:
          - before: "Other people's work"
            why: merged by the source
        posts:
          {FIRST}:
            author: "@alice@example.social"
            note: "Shown  with\\u0007 the post."
          {SECOND}:
            reply_to: null
            themes: [b, a]
          {THIRD}:
            reply_to: {FIRST}
        """,
    )
    assert [s.before for s in loaded.splits] == ["Other people's work"]
    thread = annotate(THREAD, loaded, ["a", "b", "c"])
    first, second, third = thread.posts
    assert (first.author, first.author_basis) == ("alice@example.social", "editor")
    assert first.note == "Shown with the post."
    assert (second.reply_to, second.reply_basis) == (None, "editor")
    assert (second.themes, second.theme_basis) == (("a", "b"), "editor")
    assert (third.reply_to, third.reply_basis) == (FIRST, "editor")


def test_numeric_looking_ids_keep_their_text(tmp_path):
    thread = read_plain_text("@a x\n", "t.txt", {})
    loaded = notes(tmp_path, "posts:\n  0123:\n    reply_to: 0456\n")
    assert loaded.posts[0].post_id == "0123"
    assert loaded.posts[0].reply_to == "0456"
    with pytest.raises(ContentError, match="got '0123'"):
        annotate(thread, loaded, [])


def test_empty_file_is_no_annotations(tmp_path):
    assert notes(tmp_path, "# nothing yet\n").posts == ()


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        (
            "posts: [x]\n",
            [
                "annotations.yml:1: field 'posts': wrong type; expected a mapping of "
                "post ids, got a list"
            ],
        ),
        (
            "posts:\n  abc:\n    writer: x\n",
            [
                "annotations.yml:3: field 'writer': unknown field in post abc; expected one of "
                "author, note, reply_to, themes, got 'writer'"
            ],
        ),
        (
            "posts:\n  abc:\n    author: not a handle\n",
            [
                "annotations.yml:3: field 'author': invalid value; expected a handle like 'alice' "
                "or 'alice@example.social', got 'not a handle'"
            ],
        ),
        (
            "splits:\n  - why: no before\n",
            [
                "annotations.yml:2: field 'before': missing in a split; expected a value, got "
                "nothing"
            ],
        ),
        (
            "posts:\n  a: 1\n  a: 2\n",
            ["annotations.yml:3: duplicate key 'a' (first given on line 2)"],
        ),
    ],
)
def test_shape_errors(tmp_path, text, errors):
    with pytest.raises(ContentError) as err:
        notes(tmp_path, text)
    assert [str(p) for p in err.value.problems] == errors


def test_reference_errors_name_the_line(tmp_path):
    loaded = notes(
        tmp_path,
        f"""\
        posts:
          nosuchpost:
            author: x
          {FIRST}:
            reply_to: {FIRST}
            themes: [a, nope]
          {SECOND}:
            reply_to: missing
        """,
    )
    with pytest.raises(ContentError) as err:
        annotate(THREAD, loaded, ["a"])
    assert [str(p) for p in err.value.problems] == [
        "annotations.yml:2: field 'posts': unknown post id; expected the id of a post in the "
        "thread (see `make list`), got 'nosuchpost'",
        f"annotations.yml:5: field 'reply_to': a post cannot reply to itself; expected the id "
        f"of another post, got '{FIRST}'",
        "annotations.yml:6: field 'themes': unknown theme; expected one of a, got 'nope'",
        "annotations.yml:8: field 'reply_to': unknown post id; expected the id of a post in the "
        "thread, or null, got 'missing'",
    ]
