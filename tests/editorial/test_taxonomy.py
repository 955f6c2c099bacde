"""The classify stage: term semantics, taxonomy validation, editors' overrides."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.editorial import matcher as matcher_module
from generator.editorial.matcher import Taxonomy, compile_theme
from generator.editorial.taxonomy import Theme, classify, load_taxonomy
from generator.errors import ContentError
from generator.model import Thread
from generator.sources.plain_text import read_plain_text


def theme(*terms: str, min_matches: int = 1) -> Theme:
    return Theme("t", "T", "s", "", terms, min_matches)


@pytest.mark.parametrize(
    ("terms", "text", "found"),
    [
        (("fair use",), "Is it FAIR\nUSE or not?", ("fair use",)),
        (("infring*",), "that infringes; infringement", ("infring*",)),
        (("copy",), "copyright is not copying", ()),
        (("IP",), "the ip address", ()),
        (("IP",), "the IP law", ("IP",)),
        (("ip",), "the IP law", ("ip",)),
        (("it's",), "it’s curly", ("it's",)),
        (("art",), "artists and the art", ("art",)),
        (("fair use", "use"), "fair use", ("fair use",)),
        (("a.b",), "axb", ()),
    ],
)
def test_term_semantics(terms, text, found):
    matcher = compile_theme(theme(*terms))
    assert matcher.terms_in(text.replace("’", "'")) == found


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


# The fast way (one look-up of each word) against Matcher's way (each term's expression).

WORDS = [
    "law", "Law", "LAW", "laws", "lawful", "fair", "use", "used", "Fair", "IP", "ip", "Ip",
    "copy", "copyright", "copyrights", "infringe", "infringement", "art", "artist", "the",
    "tool", "isn't", "isn", "t", "for", "profit", "for-profit", "a.b", "axb", "_x", "x_",
    "café", "cafe", "ſoftware", "software", "Kelvin", "kelvin", "\u212aelvin", "İP", "ıp",
    "σ", "Σ", "1", "ſ", "#tag", "tag", "'tis", "tis", "AI", "Ai", "ai", "up", "skill",
    "upskill", "ĳ", "law2",
]  # fmt: skip
SEPARATORS = [" ", "  ", "\n", ", ", ". ", "-", "'", "’", "\u00a0", "—", "€", "(", ")", "", " — "]
TERMS = [
    "law", "laws", "Law", "IP", "ip", "IP law", "fair use", "fair*", "use", "copy",
    "copy*", "copyright*", "infring*", "art", "the tool isn't the art", "isn't", "for-profit",
    "for", "a.b", "café", "cafe", "ſoftware", "software", "Kelvin", "kelvin", "#tag",
    "'tis", "AI", "ai*", "up skill", "up*", "law law", "σ", "ĳ", "_x", "x_*", "law2",
    "law  law", "fair *", "--", "1", "law—use", "— law", "€", "fair—use*", "€law",
]  # fmt: skip


@st.composite
def texts(draw):
    # A few words and separators, drawn over and over: terms meet words that repeat.
    vocabulary = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5))
    separators = draw(st.lists(st.sampled_from(SEPARATORS), min_size=1, max_size=3))
    words = draw(st.lists(st.sampled_from(vocabulary), max_size=14))
    seps = draw(st.lists(st.sampled_from(separators), min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps, strict=True))


@st.composite
def taxonomies(draw):
    count = draw(st.integers(1, 3))
    return tuple(
        Theme(f"t{i}", "T", "s", "", tuple(draw(st.lists(st.sampled_from(TERMS), min_size=1))))
        for i in range(count)
    )


@settings(max_examples=1500, deadline=None)
@given(taxonomy=taxonomies(), text=texts())
def test_the_fast_way_finds_what_each_terms_expression_finds(taxonomy, text):
    text = text.replace("’", "'")
    fast = Taxonomy(taxonomy).terms_in(text)
    for matcher, found in zip(Taxonomy(taxonomy).matchers, fast, strict=True):
        assert tuple(matcher.theme.terms[i] for i in sorted(found)) == matcher.terms_in(text)


@pytest.mark.parametrize("kept", [0, 2, 100_000])
def test_words_already_seen_give_the_same_answers(monkeypatch, kept):
    monkeypatch.setattr(matcher_module, "MEANINGS_KEPT", kept)
    taxonomy = (theme("IP", "ip", "IP law", "law", "fair use"),)
    compiled = Taxonomy(taxonomy)
    texts = ["IP law and ip", "the ip law", "fair use of IP", "Law, IP.", "IP law and ip"]
    expected = [compile_theme(taxonomy[0]).terms_in(text) for text in texts]
    found = [compiled.terms_in(text)[0] for text in texts]
    assert [tuple(taxonomy[0].terms[i] for i in sorted(f)) for f in found] == expected


def test_a_taxonomy_of_too_many_themes_is_refused(tmp_path):
    themes = "\n".join(f"  - {{id: t{i}, title: T, summary: s, terms: [t]}}" for i in range(1001))
    (tmp_path / "themes.yml").write_text(f"themes:\n{themes}\n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_taxonomy(tmp_path / "themes.yml", "themes.yml")
    assert [str(p) for p in err.value.problems] == [
        "themes.yml:1: field 'themes': too many entries; expected at most 1,000, got a list"
    ]
