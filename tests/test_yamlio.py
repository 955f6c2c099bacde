"""The strict YAML loader for files people edit."""

from __future__ import annotations

import pytest

from generator.errors import ContentError
from generator.yamlio import load


def test_no_yaml_1_1_type_guessing():
    data = load("a: no\nb: 12:30\nc: 2024-01-01\nd: on\ne: 0o17\n", "f.yml")
    assert data == {"a": "no", "b": "12:30", "c": "2024-01-01", "d": "on", "e": "0o17"}


def test_plain_core_types():
    assert load("a: true\nb: 3\nc: 1.5\nd: null\ne: ~\nf: 'true'\n", "f.yml") == {
        "a": True,
        "b": 3,
        "c": 1.5,
        "d": None,
        "e": None,
        "f": "true",
    }


def test_keys_stay_text_and_lines_are_known():
    data = load("posts:\n  0123: x\n  1e5:\n    author: a\n", "f.yml")
    assert list(data["posts"]) == ["0123", "1e5"]
    assert data["posts"].line_of("1e5") == 3
    assert data["posts"]["1e5"].line_of("author") == 4


def test_raw_text_of_scalars_is_kept():
    data = load("reply_to: 0123\nitems: [007, x]\n", "f.yml")
    assert data.raw["reply_to"] == "0123"
    assert data["items"].raw == ["007", "x"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &x 1\nb: *x\n", "f.yml:1: invalid YAML: anchors and aliases are not allowed"),
        ("a: [1]\nb: *x\n", "f.yml:2: invalid YAML"),
        ("a: 1\nb: 2\na: 3\n", "f.yml:3: duplicate key 'a' (first given on line 1)"),
        ("a: !!python/object:os.system x\n", "f.yml:1: explicit YAML tag"),
        ("a: !custom x\n", "f.yml:1: explicit YAML tag '!custom' is not allowed"),
        ("a: [\n", "f.yml:2: invalid YAML"),
        ("a: b: c\n", "f.yml:1: invalid YAML"),
    ],
)
def test_refused_with_file_and_line(text, message):
    with pytest.raises(ContentError) as err:
        load(text, "f.yml")
    assert str(err.value).startswith(message)


def test_billion_laughs_is_refused_not_expanded():
    bomb = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\n'
    with pytest.raises(ContentError, match="anchors and aliases"):
        load(bomb, "f.yml")


def test_offset_for_front_matter():
    with pytest.raises(ContentError, match=r"^page.md:5: duplicate key"):
        load("a: 1\na: 2\n", "page.md", first_line=4)
