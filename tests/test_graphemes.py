"""Text cut for a label or an excerpt keeps whole grapheme clusters."""

from __future__ import annotations

import regex
from hypothesis import given
from hypothesis import strategies as st

from generator.graphemes import ELLIPSIS, clusters, cut
from generator.link import NAME_CHARS, shown
from generator.model import Person
from generator.pages.svg import clip

# What a reader sees as one character but is several code points.
JOINED = [
    "👩\u200d👩\u200d👧",  # family: three emoji and two zero-width joiners
    "👍🏽",  # a skin tone
    "🇯🇵",  # a flag: two regional indicators
    "e\u0301",  # e and a combining acute accent
    "\u1100\u1161\u11a8",  # a Hangul syllable in jamo
    "🏳️\u200d🌈",  # a variation selector and a joiner
    "क्षि",  # Devanagari: a conjunct with a virama and a vowel sign
]
TEXT = st.lists(st.sampled_from(JOINED) | st.text(max_size=3), max_size=40).map("".join)


def whole(kept: str, text: str) -> bool:
    """Whether ``kept`` is a run of ``text``'s own clusters from its start."""
    mine = clusters(kept)
    return mine == clusters(text)[: len(mine)]


@given(TEXT, st.integers(min_value=1, max_value=30))
def test_a_cut_keeps_whole_clusters_from_the_start(text, limit):
    result = cut(text, limit)
    if result == text:
        assert len(clusters(text)) <= limit
        return
    assert result.endswith(ELLIPSIS)
    kept = result.removesuffix(ELLIPSIS)
    assert whole(kept, text) or whole(kept, text.rstrip()) or text.startswith(kept)
    assert regex.fullmatch(r"\X*", kept)
    assert len(clusters(kept)) <= limit - 1
    # nothing of a cluster is left over: the next cluster of the text starts a new one
    assert clusters(kept + text[len(kept) :]) == clusters(text)


def test_a_family_emoji_is_never_split():
    family = JOINED[0]
    assert cut(family * 3, 2) == family + ELLIPSIS
    assert cut("🇯🇵🇫🇷🇩🇪", 2) == "🇯🇵" + ELLIPSIS
    assert cut("cafe\u0301s", 5) == "cafe\u0301s"  # five clusters, six code points


def test_diagram_labels_and_display_names_cut_between_clusters():
    assert clip("👍🏽" * 30, 4) == "👍🏽" * 3 + ELLIPSIS
    name = "🇯🇵" * (NAME_CHARS + 5)
    assert shown(Person("hana", display_name=name)).display_name == "🇯🇵" * (NAME_CHARS - 1) + "…"
