"""The strict YAML loader for files people edit."""

from __future__ import annotations

import pytest

from generator.editorial.yamlio import MAX_DEPTH, load
from generator.errors import ContentError


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


def problems(text: str, first_line: int = 1) -> list[str]:
    with pytest.raises(ContentError) as err:
        load(text, "f.yml", first_line)
    return [str(p) for p in err.value.problems]


def flow_nested(levels: int) -> str:
    """``a:`` and a value nested ``levels`` deep in all (the mapping is the first level)."""
    return "a: " + "[" * (levels - 1) + "x" + "]" * (levels - 1) + "\n"


def block_nested(levels: int) -> str:
    """Lists in block style, one per line, ``levels`` deep with the mapping."""
    return "a:\n" + "".join("  " * i + "-\n" for i in range(levels - 1))


@pytest.mark.parametrize("nested", [flow_nested, block_nested])
def test_nesting_is_limited(nested):
    deepest = load(nested(MAX_DEPTH), "f.yml")
    for _ in range(MAX_DEPTH):
        deepest = deepest["a"] if isinstance(deepest, dict) else deepest[0]
    assert deepest in ("x", None)
    line = 1 if nested is flow_nested else MAX_DEPTH + 1
    assert problems(nested(MAX_DEPTH + 1)) == [
        f"f.yml:{line}: invalid YAML: nested too deeply; expected at most {MAX_DEPTH} levels"
    ]


@pytest.mark.parametrize("nested", [flow_nested, block_nested])
def test_nesting_far_past_the_stack_is_refused_not_a_crash(nested):
    [message] = problems(nested(5000))
    assert "nested too deeply" in message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'title: "A\u2028B"\n',
            "f.yml:1: invalid YAML: invisible line break U+2028 (line separator) at column 10; "
            'expected a new line, or "\\u2028" inside double quotes if the text needs it',
        ),
        (
            "a: 1\nb: x\u2028---\u2028y\n",
            "f.yml:2: invalid YAML: invisible line break U+2028 (line separator) at column 5; "
            'expected a new line, or "\\u2028" inside double quotes if the text needs it',
        ),
        (
            "a: 1\r\n\r\n# \u2029\n",
            "f.yml:3: invalid YAML: invisible line break U+2029 (paragraph separator) at column "
            '3; expected a new line, or "\\u2029" inside double quotes if the text needs it',
        ),
        (
            "a: 1\nb: x\x85y\n",
            "f.yml:2: invalid YAML: invisible line break U+0085 (next line) at column 5; "
            'expected a new line, or "\\u0085" inside double quotes if the text needs it',
        ),
    ],
)
def test_invisible_line_breaks_are_refused_at_their_line(text, message):
    assert problems(text) == [message]


def test_every_line_with_an_invisible_line_break_is_named():
    lines = [problem.split(": ")[0] for problem in problems("a: \u2028\u2028\nb: 1\nc: \u2029\n")]
    assert lines == ["f.yml:1", "f.yml:3"]


def test_escaped_line_separators_are_text():
    assert load('a: "x\\u2028y"\n', "f.yml") == {"a": "x\u2028y"}


def test_lines_are_counted_as_editors_count_them():
    # "\r\n" is one line break and a lone "\r" another, as editors show them; so are the
    # lines after a front matter's first line.
    text = "a: 1\r\nb: 2\rc:\n  d: 3\ne: [\n"
    data = load(text.replace("[", "4"), "f.yml")
    assert (data.line_of("b"), data.line_of("c"), data["c"].line_of("d")) == (2, 3, 4)
    assert problems(text) == [
        "f.yml:6: invalid YAML: while parsing a flow node, expected the node content, but "
        "found '<stream end>'"
    ]
    assert problems("a: 1\n\nb: [\n", first_line=4)[0].startswith("f.yml:7: invalid YAML")


def test_errors_found_by_pyyaml_name_their_line_on_one_line():
    assert problems("a: 1\nb: x\x01\n") == [
        "f.yml:2: invalid YAML: character U+0001: special characters are not allowed; "
        "expected printable text"
    ]


def test_numbers_too_long_to_convert_are_refused_at_their_line():
    assert problems("a: 1\nb: -" + "9" * 5000 + "\n") == [
        "f.yml:2: invalid YAML: a number of 5000 digits; expected numbers of at most 4300 "
        "digits (in quotes, it is text)"
    ]
    assert load("b: '" + "9" * 5000 + "'\n", "f.yml")["b"] == "9" * 5000


def test_escaped_surrogate_pairs_join_and_a_lone_half_is_refused():
    assert load('a: "\\ud83d\\ude00 and \\u00e9"', "x.yml") == {"a": "😀 and é"}
    with pytest.raises(ContentError) as err:
        load('a: ok\nb: "x\\udc00"\n', "x.yml")
    assert [str(p) for p in err.value.problems] == [
        "x.yml:2: invalid YAML: an escape of half a character (a lone \\ud800-\\udfff); "
        "expected the character itself, or both halves of its pair"
    ]
