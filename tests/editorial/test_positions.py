"""The positions file: the editors' claims per theme, what answers what, and its errors."""

from __future__ import annotations

import textwrap

import pytest

from generator.editorial.positions import load_positions
from generator.errors import ContentError

THEMES = {"copyright", "labour"}
POSTS = {"p1", "p2", "p3"}

A = "claims:\n  - id: a\n    theme: labour\n    claim: x\n"
"""The start of a claim, for the cases below."""
GOOD = """\
claims:
  - id: a
    theme: copyright
    claim: Training copies nothing.
    posts: [p1, p2, p1]
  - id: b
    theme: copyright
    claim: Copyright covers use too.
    posts: [p3]
    objects: a
    note: |
      Said once,
      in two lines.
  - id: c
    theme: labour
    claim: Nobody is owed pay for being measured.
    posts: [p1]
    supports: a
"""


def load(tmp_path, text: str):
    path = tmp_path / "positions.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_positions(path, "positions.yml", THEMES, POSTS)


def test_claims_are_read_and_indexed(tmp_path):
    positions = load(tmp_path, GOOD)
    a, b, c = positions.claims
    assert (a.id, a.theme, a.text, a.posts) == (
        "a",
        "copyright",
        "Training copies nothing.",
        ("p1", "p2"),
    )
    assert (b.answers, b.relation, b.note) == ("a", "objects", "Said once, in two lines.")
    assert (c.answers, c.relation, c.anchor) == ("a", "supports", "claim-c")
    assert positions.answered_by == {"a": ("b", "c")}
    assert positions.by_post == {"p1": ("a", "c"), "p2": ("a",), "p3": ("b",)}
    assert [x.id for x in positions.opening("copyright")] == ["a"]
    assert [x.id for x in positions.opening("labour")] == ["c"]  # answers another theme's


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        (
            "claims:\n  - id: a\n    theme: law\n    claim: x\n    posts: [p1]\n",
            ["positions.yml:2: claim 'a': unknown theme 'law'; expected one of copyright, labour"],
        ),
        (
            A + "    posts:\n      - p1\n      - p9\n",
            [
                "positions.yml:7: claim 'a': no post has the id 'p9'; "
                "`make list` shows every post's id"
            ],
        ),
        (
            A + "    posts: [p1]\n    objects: zz\n",
            ["positions.yml:2: claim 'a' objects 'zz', which is not a claim of this file"],
        ),
        (
            A + "    posts: []\n",
            ["positions.yml:5: field 'posts': empty; expected at least one post id, got nothing"],
        ),
        (
            A,
            ["positions.yml:2: field 'posts': missing in a claim; expected a value, got nothing"],
        ),
        (
            A + "    posts: [p1]\n"
            "    objects: b\n    supports: b\n"
            "  - id: b\n    theme: labour\n    claim: y\n    posts: [p2]\n",
            [
                "positions.yml:7: field 'supports': a claim answers one claim; expected either "
                "objects or supports, got 'supports'"
            ],
        ),
        (
            A + "    posts: [p1]\n    objects: a\n",
            [
                "positions.yml:6: field 'objects': a claim cannot answer itself; expected "
                "another claim's id, got 'a'"
            ],
        ),
        (
            A + "    posts: [p1]\n    objects: c\n"
            "  - id: b\n    theme: labour\n    claim: y\n    posts: [p2]\n    supports: a\n"
            "  - id: c\n    theme: copyright\n    claim: z\n    posts: [p3]\n    objects: b\n",
            [
                "positions.yml:2: claims answer each other in a cycle: a → c → b → a; expected "
                "each chain of answers to end at a claim that answers none"
            ],
        ),
        (
            A + "    posts: [p1]\n  - id: a\n    theme: labour\n    claim: y\n    posts: [p2]\n",
            [
                "positions.yml:6: field 'id': same id as the claim on line 2; expected an id "
                "not already used, got 'a'"
            ],
        ),
        (
            A + "    posts: [p1]\n    answers: b\n",
            [
                "positions.yml:6: field 'answers': unknown field in a claim; expected one of "
                "claim, id, note, objects, posts, supports, theme, got 'answers'"
            ],
        ),
        (
            'claims:\n  - id: a\n    theme: labour\n    claim: "two\\nlines"\n    posts: [p1]\n',
            [
                "positions.yml:4: field 'claim': contains a character that is not allowed here; "
                "expected text without control characters, line breaks or bidi overrides, "
                "got 'two\\nlines'"
            ],
        ),
    ],
    ids=[
        "unknown theme",
        "unknown post",
        "unknown claim",
        "no post",
        "posts missing",
        "two relations",
        "answers itself",
        "cycle",
        "same id",
        "unknown field",
        "line break in a claim",
    ],
)
def test_each_mistake_is_named_at_its_line(tmp_path, text, errors):
    with pytest.raises(ContentError) as err:
        load(tmp_path, text)
    assert [str(p) for p in err.value.problems] == errors


def test_every_problem_of_the_file_is_reported_at_once(tmp_path):
    text = (
        "claims:\n  - id: a\n    theme: law\n    claim: x\n    posts: [p9]\n"
        "  - id: b\n    theme: labour\n    claim: y\n    posts: [p1]\n    supports: q\n"
    )
    with pytest.raises(ContentError) as err:
        load(tmp_path, text)
    assert [p.line for p in err.value.problems] == [2, 5, 6]
