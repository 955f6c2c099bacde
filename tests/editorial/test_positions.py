"""The positions file: the editors' claims per theme, what answers what, and its errors."""

from __future__ import annotations

import textwrap

import pytest

from generator import pipeline
from generator.editorial.positions import load_positions
from generator.errors import ContentError
from tests.conftest import make_project, run

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
        (
            "claims:\n  - id: a\n    theme: labour\n    claim: '  '\n    posts: [p1]\n",
            ["positions.yml:4: field 'claim': empty; expected a sentence, got '  '"],
        ),
        (
            A + "    posts: [p1]\n    objects:\n",
            ["positions.yml:6: field 'objects': empty; expected a claim id, got nothing"],
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
        "blank claim",
        "answers nothing",
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


def test_a_note_keeps_no_control_or_direction_character(tmp_path):
    positions = load(tmp_path, A + '    posts: [p1]\n    note: "a\\0b\\x02c\\u202ed"\n')
    assert positions.claims[0].note == "abcd"


def test_a_claim_may_not_name_a_post_removed_at_its_authors_request(tmp_path):
    folder = make_project(tmp_path, "@op first\n@alice @op second\n", taxonomy=TAXONOMY)
    discussion = load_project(folder)
    second = discussion.posts[1].id
    (folder / "positions.yml").write_text(
        f"claims:\n  - id: a\n    theme: law\n    claim: x\n    posts:\n      - {second}\n"
    )
    (folder / "optout.yml").write_text(f'posts: ["{second}"]\n')
    with pytest.raises(ContentError) as err:
        load_project(folder, positions="positions.yml", optout="optout.yml")
    assert [str(p) for p in err.value.problems] == [
        f"positions.yml:6: claim 'a' names post '{second}', removed at its author's request; "
        "expected only posts that are published (the claim would repeat its words)"
    ]


TAXONOMY = """\
    themes:
      - id: law
        title: The law
        summary: What the law says.
        terms: [first]
"""


def load_project(folder, **files):
    settings = pipeline.Settings(
        root=folder,
        docs_dir=folder / "docs",
        sources=(folder / "thread.txt",),
        taxonomy=folder / "themes.yml",
        **{role: folder / name for role, name in files.items()},
    )
    return pipeline.load(settings)


def test_check_names_each_mistake_of_the_positions_file(tmp_path):
    """As an editor meets it: `check` exits 1 and prints path:line: problem, no traceback."""
    folder = make_project(
        tmp_path, "@op first\n@alice @op second\n", taxonomy=TAXONOMY, options="positions: p.yml"
    )
    (folder / "p.yml").write_text(
        "claims:\n  - id: a\n    theme: law\n    claim: x\n    posts: [nope]\n"
        "  - id: b\n    theme: lore\n    claim: y\n    posts: [nope]\n    supports: c\n"
    )
    result = run(["-m", "generator", "check"], cwd=folder)
    assert (result.returncode, result.stderr.splitlines()) == (
        1,
        [
            "p.yml:5: claim 'a': no post has the id 'nope'; `make list` shows every post's id",
            "p.yml:6: claim 'b': unknown theme 'lore'; expected one of law",
            "p.yml:9: claim 'b': no post has the id 'nope'; `make list` shows every post's id",
            "p.yml:6: claim 'b' supports 'c', which is not a claim of this file",
        ],
    )
    assert "Traceback" not in result.stderr
