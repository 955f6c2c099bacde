"""Finding a theme's terms in a post: what a term matches, and the fast way against the
reference (each term's expression)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.editorial import matcher as matcher_module
from generator.editorial.matcher import Taxonomy, compile_theme
from generator.editorial.taxonomy import Theme


def theme(*terms: str) -> Theme:
    return Theme("t", "T", "s", "", terms)


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


# Scripts written without spaces: the characters around a term are word characters too.


@pytest.mark.parametrize(
    ("terms", "text", "found"),
    [
        (("著作権",), "生成AIの学習データに著作権のある作品を使うのは問題だ", ("著作権",)),
        (("著作権",), "著作権法の例外", ("著作権",)),
        (("仕事",), "絵師の仕事が奪われる", ("仕事",)),
        (("仕事",), "絵師の作品", ()),
        (("版权",), "这是版权问题", ("版权",)),
        (("ลิขสิทธิ์",), "เรื่องลิขสิทธิ์ของงานศิลปะ", ("ลิขสิทธิ์",)),
        (("AI",), "生成AIの学習", ("AI",)),
        (("art",), "artの話", ("art",)),
        (("art",), "artistsの話", ()),
        (("著作権", "著作権法"), "著作権法の例外", ("著作権法",)),
        (("copyright",), "copyright著作権", ("copyright",)),
    ],
)
def test_terms_in_scripts_without_spaces(terms, text, found):
    assert compile_theme(theme(*terms)).terms_in(text) == found
    fast = Taxonomy((theme(*terms),)).terms_in(text)[0]
    assert tuple(terms[i] for i in sorted(fast)) == found
