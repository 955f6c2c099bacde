"""Finding glossary terms in post text: whole words, any case, longest term first."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.editorial.glossary import Entry, make_glossary

GLOSSARY = make_glossary(
    [
        Entry("fair-use", "fair use", "Use allowed without permission.", ("fair-use",)),
        Entry("use", "use", "Doing something with a work."),
        Entry("luddite", "Luddite", "A machine-breaker of 1811-1816."),
        Entry("artists-rights", "artist’s rights", "What an artist may claim."),
    ]
)


def found(text: str, glossary=GLOSSARY) -> list[tuple[str, str]]:
    return [(text[start:end], entry.id) for start, end, entry in glossary.find(text)]


def test_whole_words_in_any_case_longest_first():
    assert found("FAIR USE is not abuse; use it, Luddites aside, a luddite") == [
        ("FAIR USE", "fair-use"),
        ("use", "use"),
        ("luddite", "luddite"),
    ]
    assert found("fair-use and fair\n use") == [
        ("fair-use", "fair-use"),
        ("fair\n use", "fair-use"),
    ]
    assert found("an artist's rights, an artist’s rights") == [
        ("artist's rights", "artists-rights"),
        ("artist’s rights", "artists-rights"),
    ]


def test_text_beyond_ascii_is_matched_by_the_case_insensitive_expression():
    assert GLOSSARY.lowered is not None
    assert found("Ünïcode around FAIR USE — ok") == [("FAIR USE", "fair-use")]
    assert found("İstanbul use") == [("use", "use")]  # lower() would lengthen the İ


WORDS = st.sampled_from(["fair", "use", "USE", "Fair", "luddite", "abuse", "-", "’", "İ", "ß"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(WORDS, st.text(max_size=3)), max_size=12), st.sampled_from(" \n-"))
def test_the_ascii_shortcut_finds_exactly_what_the_expression_finds(words, sep):
    text = sep.join(words)
    slow = dataclasses.replace(GLOSSARY, lowered=None)
    assert GLOSSARY.find(text) == slow.find(text)
