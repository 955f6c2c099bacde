"""The classify stage: which posts a theme claims, taxonomy validation, editors' overrides."""

from __future__ import annotations

import textwrap

import pytest

from generator.editorial.taxonomy import Theme, classify, load_taxonomy
from generator.errors import ContentError
from generator.model import Thread
from generator.sources.plain_text import read_plain_text


def theme(*terms: str, min_matches: int = 1) -> Theme:
    return Theme("t", "T", "s", "", terms, min_matches)


def classified(text: str, *themes: Theme) -> Thread:
    return classify(read_plain_text(text, "t.txt", {}), themes)


def test_mentions_and_links_are_not_words():
    thread = classified("@copyright see https://x.org/copyright\n", theme("copyright*"))
    assert thread.posts[0].themes == ()


def test_min_matches_counts_different_terms():
    two = theme("law", "legal", min_matches=2)
    thread = classified("@a law law law\n@b law and legal\n", two)
    assert [p.themes for p in thread.posts] == [(), ("t",)]
    assert thread.posts[1].matched == {"t": ("law", "legal")}


def test_japanese_posts_join_their_themes():
    """The case of issue 16: terms written in Japanese placed nothing."""
    copyright = Theme("copyright", "Copyright", "s", "", ("著作権",))
    labour = Theme("labour", "Work", "s", "", ("仕事",))
    thread = classified(
        "@hana 生成AIの学習データに著作権のある作品を使うのは問題だ\n"
        "@kenji 著作権法の例外はどうなる\n"
        "@hana 絵師の仕事が奪われる\n",
        copyright,
        labour,
    )
    assert [p.themes for p in thread.posts] == [("copyright",), ("copyright",), ("labour",)]


def test_editor_placed_posts_keep_their_themes():
    from dataclasses import replace

    thread = read_plain_text("@a about law\n", "t.txt", {})
    placed = replace(thread.posts[0], themes=("x",), theme_basis="editor")
    out = classify(Thread((placed,)), (theme("law"),))
    assert out.posts[0].themes == ("x",)


def write(tmp_path, text: str):
    path = tmp_path / "themes.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_taxonomy_loads_in_order(tmp_path):
    path = write(
        tmp_path,
        """\
        themes:
          - id: copyright
            title: Copyright
            summary: Law.
            terms: [copyright*, fair use]
          - id: labour
            title: Labour
            summary: Pay.
            description: |
              Two lines
              of text.
            terms: [paid]
            min_matches: 1
        """,
    )
    themes = load_taxonomy(path, "themes.yml")
    assert [t.id for t in themes] == ["copyright", "labour"]
    assert themes[0].terms == ("copyright*", "fair use")
    assert themes[1].description == "Two lines\nof text."


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        ("themes: x\n", ["themes.yml:1: field 'themes': wrong type; expected a list, got 'x'"]),
        (
            "topics: []\n",
            [
                "themes.yml:1: field 'topics': unknown field in the taxonomy; expected one of "
                "themes, got 'topics'",
                "themes.yml:1: field 'themes': missing in the taxonomy; expected a value, "
                "got nothing",
            ],
        ),
        (
            """\
            themes:
              - id: Bad Id
                title: T
                summary: S
                terms: [a]
            """,
            [
                "themes.yml:2: field 'id': invalid value; expected lower-case letters, digits "
                "and hyphens, like 'fair-use', got 'Bad Id'"
            ],
        ),
        (
            """\
            themes:
              - id: other
                title: T
                summary: S
                terms: [a]
            """,
            [
                "themes.yml:2: field 'id': reserved; expected an id other than 'other', "
                "'index' or a device name like 'con', got 'other'"
            ],
        ),
        (
            """\
            themes:
              - id: a
                title: "A\\u202eB"
                summary: S
                terms: [a]
                colour: red
            """,
            [
                "themes.yml:6: field 'colour': unknown field in a theme; expected one of "
                "description, id, min_matches, summary, terms, title, got 'colour'",
                "themes.yml:3: field 'title': contains a character that is not allowed here; "
                "expected text without control characters, line breaks or bidi overrides, got "
                "'A\\u202eB'",
            ],
        ),
        (
            """\
            themes:
              - id: a
                title: A
                summary: S
                terms: [a]
              - id: a
                title: B
                summary: S
                terms: []
                min_matches: 0
            """,
            [
                "themes.yml:6: field 'id': already used on line 2; expected a unique id, got 'a'",
                "themes.yml:9: field 'terms': empty; expected at least one term, got nothing",
                "themes.yml:10: field 'min_matches': invalid value; expected a whole number of "
                "at least 1, got 0",
            ],
        ),
        (
            """\
            themes:
              - id: a
                title: A
                terms: [a*b, 3]
            """,
            [
                "themes.yml:2: field 'summary': missing in a theme; expected a value, got nothing",
                "themes.yml:4: field 'terms': wrong item; expected a list of words or phrases, "
                "got 3",
                "themes.yml:4: field 'terms': invalid term; expected a word or phrase, optionally "
                "ending in *, got 'a*b'",
            ],
        ),
    ],
)
def test_taxonomy_errors_name_line_and_field(tmp_path, text, errors):
    with pytest.raises(ContentError) as err:
        load_taxonomy(write(tmp_path, text), "themes.yml")
    assert sorted(str(p) for p in err.value.problems) == sorted(errors)


def test_a_taxonomy_of_too_many_themes_is_refused(tmp_path):
    themes = "\n".join(f"  - {{id: t{i}, title: T, summary: s, terms: [t]}}" for i in range(1001))
    (tmp_path / "themes.yml").write_text(f"themes:\n{themes}\n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_taxonomy(tmp_path / "themes.yml", "themes.yml")
    assert [str(p) for p in err.value.problems] == [
        "themes.yml:1: field 'themes': too many entries; expected at most 1,000, got a list"
    ]
