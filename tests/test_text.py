"""Cleaning untrusted text and finding links and mentions."""

from __future__ import annotations

import pytest

from generator.text import clean, content_id, mentions, spans, unique_ids


def kinds(text: str) -> list[tuple[str, str, str]]:
    return [(s.kind, s.text, s.target) for s in spans(text)]


def test_spans_spell_the_text_exactly():
    text = "See https://example.org/a_(b), then ask @alice@example.social or @bob."
    assert "".join(s.text for s in spans(text)) == text


def test_links_and_mentions_are_found():
    assert kinds("@bob see https://x.org/p?q=1. Thanks @carol!") == [
        ("mention", "@bob", "bob"),
        ("text", " see ", ""),
        ("link", "https://x.org/p?q=1", "https://x.org/p?q=1"),
        ("text", ". Thanks ", ""),
        ("mention", "@carol", "carol"),
        ("text", "!", ""),
    ]


@pytest.mark.parametrize(
    ("text", "url"),
    [
        (
            "(see https://en.wikipedia.org/wiki/Fair_use_(US))",
            "https://en.wikipedia.org/wiki/Fair_use_(US)",
        ),
        ("at https://example.org/x.", "https://example.org/x"),
        ("“https://example.org/q”", "https://example.org/q"),
        ("HTTPS://EXAMPLE.ORG/", "HTTPS://EXAMPLE.ORG/"),
    ],
)
def test_url_ends_where_the_sentence_resumes(text, url):
    assert [s.target for s in spans(text) if s.kind == "link"] == [url]


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "mail me at alice@example.org",
        "ftp://example.org/file",
        "https://",
    ],
)
def test_only_http_urls_and_mentions_become_links(text):
    assert [s.kind for s in spans(text)] == ["text"]


def test_clean_strips_control_characters_but_keeps_text():
    assert clean("a\x00b\x1bc\x85d\x91e\x7ff\tg\r\nh") == "abcdef g\nh"


def test_clean_normalises_to_nfc():
    assert clean("cafe\u0301") == "caf\u00e9"


def test_mentions_are_unique_regardless_of_case_in_order():
    paras = (spans("@Bob @alice hi @bob"), spans("@carol@x.social"))
    assert mentions(paras) == ("Bob", "alice", "carol@x.social")


def test_content_id_depends_only_on_the_words():
    assert content_id("a  b\nc") == content_id("a b c")
    assert content_id("a b c") != content_id("a b d")
    assert len(content_id("x")) == 10


def test_unique_ids_suffix_repeats_in_order():
    assert unique_ids(["a", "b", "a", "a"]) == ["a", "b", "a-2", "a-3"]
