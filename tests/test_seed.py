"""The seed thread as a careful reader judges it: grouping, authors and replies.

The expectations below were labelled by hand from reading the whole thread; each post is
picked by the words it starts with (after its mentions).
"""

from __future__ import annotations

import pytest

from generator.pipeline import load
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def seed():
    from generator.publish.plugin import load_project

    discussion = load(load_project(str(ROOT / "mkdocs.yml")).settings)
    return discussion


def find(discussion, start: str):
    matches = [
        p
        for p in discussion.posts
        if " ".join(w for w in p.text.split() if not w.startswith("@")).startswith(start)
    ]
    assert len(matches) == 1, f"{len(matches)} posts start with {start!r}"
    return matches[0]


# (start of the post, themes it must be on, themes it must not be on)
HAND_LABELLED = [
    ("The story emerging around", {"luddites"}, {"copyright", "labour"}),
    ("The issue with AI isn't", {"labour", "luddites"}, {"copyright"}),
    ("Other people's work is an essential input", {"labour"}, {"copyright", "aesthetics"}),
    ("There are already apps that render photos", {"labour"}, set()),
    ("But companies like OpenAI don't buy", {"labour"}, {"aesthetics"}),
    ("Again, though, copyright does not protect", {"copyright"}, {"labour", "aesthetics"}),
    ("I'm not going to pretend to be a copyright", {"copyright", "labour"}, set()),
    ("To be clear: if the algorithm", {"copyright"}, {"labour", "aesthetics"}),
    ("The problem is that settled law", {"copyright"}, {"aesthetics", "luddites"}),
    ("It is for this exact reason", {"copyright"}, {"aesthetics"}),
    ("Your example is a replication", {"copyright"}, {"labour"}),
    ("Honestly, I really don't care", {"labour"}, set()),
    ("I'm not criticizing you", {"copyright"}, {"aesthetics"}),
    ("For me, it's the is-ought distinction", {"copyright", "labour"}, set()),
    ("because the tool isn't the art", {"luddites"}, {"copyright"}),
    ("well sure, lots of jobs", {"labour", "luddites"}, {"copyright"}),
    ("i was talking to someone", {"aesthetics"}, {"copyright", "labour"}),
    ("I think this is where the cognitive dissonance", {"aesthetics"}, {"copyright"}),
    ("this was a gradual realization", {"aesthetics"}, {"copyright"}),
]


@pytest.mark.parametrize(
    ("start", "on", "off"), HAND_LABELLED, ids=[h[0][:30] for h in HAND_LABELLED]
)
def test_grouping_matches_a_careful_reading(seed, start, on, off):
    themes = set(find(seed, start).themes)
    assert on <= themes, f"missing {on - themes}"
    assert not (off & themes), f"wrongly on {off & themes}"


def test_every_theme_holds_its_argument(seed):
    by_theme = {t: {seed.by_id[i].text for i in ids} for t, ids in seed.by_theme.items()}
    assert any("Luddites" in text for text in by_theme["luddites"])
    assert any("fair use" in text for text in by_theme["copyright"])
    assert any("compensated" in text for text in by_theme["labour"])
    assert any("even when art is bad" in text for text in by_theme["aesthetics"])
    assert by_theme["other"] == set()


# (start of the post, author, how known, start of the post it answers or None)
WHO_TO_WHOM = [
    ("The issue with AI isn't", "MadMadMadMadRN", "inferred", None),
    ("The training process only ever uses", "srcrist", "editor", "The issue with AI isn't"),
    (
        "Other people's work is an essential input",
        "MadMadMadMadRN",
        "editor",
        "The training process only ever uses",
    ),
    (
        "There are already apps that render photos",
        "mark",
        "editor",
        "Other people's work is an essential input",
    ),
    (
        "Again, though, copyright does not protect",
        "srcrist",
        "inferred",
        "But companies like OpenAI don't buy",
    ),
    (
        "I'm not going to pretend to be a copyright",
        "MadMadMadMadRN",
        "inferred",
        "Again, though, copyright does not protect",
    ),
    ("The problem is that settled law", "yacc143", "inferred", "To be clear: if the algorithm"),
    ("It is for this exact reason", "srcrist", "inferred", "The problem is that settled law"),
    (
        "I'm not sure that I'm following your point",
        "srcrist",
        "editor",
        "There are already apps that render photos",
    ),
    ("because the tool isn't the art", "", "unknown", "The issue with AI isn't"),
    ("I think this is where the cognitive dissonance", "", "unknown", None),
]


@pytest.mark.parametrize(
    ("start", "author", "basis", "parent"), WHO_TO_WHOM, ids=[w[0][:30] for w in WHO_TO_WHOM]
)
def test_who_answered_whom(seed, start, author, basis, parent):
    post = find(seed, start)
    assert (post.author, post.author_basis) == (author, basis)
    expected = find(seed, parent).id if parent else None
    assert post.reply_to == expected


def test_seed_has_29_posts_after_the_editors_splits(seed):
    assert len(seed.posts) == 29
    assert len({p.id for p in seed.posts}) == 29
