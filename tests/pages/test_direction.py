"""The direction rule of a post's words (generator/pages/direction.py): the first strong
character after the mentions and links a paragraph opens with."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.model import Span
from generator.pages.direction import (
    first_direction,
    lang_attr,
    language,
    text_direction,
    words_attrs,
)

STRONG = {"L": "ltr", "R": "rtl", "AL": "rtl"}

HANDLE = st.from_regex(r"@[a-z][a-z0-9_]{0,8}(@[a-z]{1,6}\.[a-z]{2,3})?", fullmatch=True)
MENTION = HANDLE.map(lambda h: Span("mention", h, h[1:]))
LINK = st.sampled_from(
    [
        Span("link", "https://example.org/a", "https://example.org/a"),
        Span("link", "#AI", "https://x.example/tags/ai"),
    ]
)
SPACE = st.sampled_from([" ", "  ", "\n", "\u200b "]).map(lambda s: Span("text", s))
OPENING = st.lists(st.one_of(MENTION, LINK, SPACE), max_size=5)
WORDS = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from("abc אבג ابت ١٢٣ 123 .,!?@#😀"),
    ),
    max_size=40,
)


def oracle(text: str) -> str:
    """The first strong character's direction, by Unicode's table."""
    return next(
        (
            STRONG[unicodedata.bidirectional(c)]
            for c in text
            if unicodedata.bidirectional(c) in STRONG
        ),
        "",
    )


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("@alice أعتقد أن القوانين الحالية كافية.", "rtl"),
        ("@alice@example.social @bob שלום לכולם", "rtl"),
        ("@سمير I think so.", "ltr"),
        ("أعتقد ذلك. I agree.", "rtl"),
        ("Hello مرحبا", "ltr"),
        ("@alice 42 !", ""),
        ("123 😀 ...", ""),
        ("", ""),
    ],
)
def test_the_first_strong_letter_after_the_mentions_decides(paragraph, expected):
    assert text_direction(paragraph) == expected


def test_mention_and_link_spans_that_open_a_paragraph_are_passed_over():
    para = (
        Span("mention", "@alice", "alice"),
        Span("text", " "),
        Span("link", "https://example.org", "https://example.org"),
        Span("text", " هذا مقال جيد"),
    )
    assert text_direction(para) == "rtl"


def test_a_mention_after_the_first_words_is_read_like_any_text():
    para = (Span("text", "... "), Span("mention", "@alice", "alice"), Span("text", " مرحبا"))
    assert text_direction(para) == "ltr"  # "..." are the first words; then alice's "a"


@given(opening=OPENING, text=WORDS)
def test_any_opening_mentions_and_links_leave_the_direction_to_the_words(opening, text):
    assert text_direction((*opening, Span("text", text))) == text_direction(text)


@given(text=WORDS)
def test_without_mentions_the_rule_is_the_first_strong_character(text):
    if not text.lstrip().startswith("@"):
        assert text_direction(text) == oracle(text)


@given(text=WORDS, tail=WORDS)
def test_what_follows_the_first_strong_character_changes_nothing(text, tail):
    direction = text_direction(text)
    if direction:
        assert text_direction(text + tail) == direction


def test_a_post_reads_as_its_first_paragraph_with_words():
    assert first_direction(["@alice", "שלום", "hello"]) == "rtl"
    assert first_direction(["@alice", "42"]) == ""


@pytest.mark.parametrize(
    ("lang", "attr"),
    [
        ("ar", ' lang="ar"'),
        ("pt-BR", ' lang="pt-BR"'),
        ("zh-Hant-TW", ' lang="zh-Hant-TW"'),
        ("", ""),
        ('en" onclick="x', ""),
        ("en_US", ""),
        ("x" * 40, ""),
    ],
)
def test_only_a_language_tag_of_the_right_shape_is_written(lang, attr):
    assert lang_attr(lang) == attr
    assert language(lang) == attr[7:-1]


def test_words_carry_language_and_direction():
    assert words_attrs("he", "@alice שלום") == ' lang="he" dir="rtl"'
    assert words_attrs("", "42") == ' dir="auto"'
