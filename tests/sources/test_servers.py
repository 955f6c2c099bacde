"""Golden files per server family: what the read stage makes of each server's own shapes
(authors and how they were found, quotes, polls, articles, media, languages, items skipped).

Each fixture in ``tests/fixtures/servers/`` is small and written for the project, after
what the server sends (its documentation, or what it serves): Mastodon 4.5's numbered actors
and quotes, Pleroma/Akkoma's objects and ``quoteUrl``, Misskey's opaque actor ids (as
ActivityPub and as its own API's notes), GoToSocial, Friendica, Lemmy's pages and comments,
WordPress's articles with their actor document, PeerTube's videos and comments, BookWyrm's
reviews and quotations, Plume, Discourse and NodeBB, and the Mastodon API's quotes and polls
as Mastodon 4.5, Fedibird and Akkoma give them. ``UPDATE_GOLDEN=1`` rewrites the goldens.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.sources.read import read_sources
from tests.conftest import ROOT
from tests.sources.test_mastodon import check_golden

FIXTURES = ROOT / "tests" / "fixtures" / "servers"
GOLDEN = ROOT / "tests" / "golden" / "read_servers"


def read(name: str):
    return read_sources([(FIXTURES / name, name)])


@pytest.mark.parametrize("source", sorted(FIXTURES.glob("*.json")), ids=lambda p: p.stem)
def test_golden(source: Path):
    check_golden(source, GOLDEN / f"{source.stem}.yml")


def authors(name: str) -> list[tuple[str, str]]:
    return [(post.author, post.author_via) for post in read(name).posts]


def test_every_author_is_found_from_the_data_or_unknown():
    assert authors("mastodon-4.5-outbox.json") == [("cyd@m45.example", "profile URL")] * 2
    assert authors("misskey-outbox.json") == [
        ("ozzy@mk.example", "mention"),
        ("nora@mk.example", "mention"),
        ("ozzy@mk.example", "mention"),
    ]
    assert authors("friendica.json") == [
        ("fritz@fr.example", "profile URL"),
        ("greta@fr.example", "profile URL"),
    ]
    # WordPress numbers its actors (?author=1): its actor document, a source of its own,
    # names them; without it, nothing does.
    assert authors("wordpress.json") == [("", "")] * 2
    thread = read_sources([(FIXTURES / n, n) for n in ("wordpress.json", "wordpress-actor.json")])
    assert [(p.author, p.author_via) for p in thread.posts] == [("ana@blog.example", "actor")] * 2
    assert thread.people["ana@blog.example"].display_name == "Ana Autora"
    # Discourse numbers its actors: the NodeBB reply's Mention tag names the topic's
    # author; NodeBB numbers its own too, and nothing names them: unknown, not a guess.
    assert authors("discourse-nodebb.json") == [
        ("quinn@forum.example", "mention"),
        ("", ""),
        ("", ""),
    ]
    assert authors("peertube.json") == [("wes@tube.example", "profile URL")]
    assert authors("plume.json") == [("ana@plume.example", "profile URL")]


def test_one_page_per_person_whichever_copy_names_them():
    thread = read_sources(
        [(FIXTURES / n, n) for n in ("misskey-outbox.json", "misskey-api-thread.json")]
    )
    # The API's notes name Ozzy and Nora by their accounts; the outbox by its Mention tags.
    assert {"ozzy@mk.example", "nora@mk.example"} <= set(thread.people)
    assert not [key for key in thread.people if key.startswith("9qk")]
    kept = [p for p in thread.posts if p.uri == "https://mk.example/notes/9qk3b2"]
    assert len(kept) == 1


def test_nothing_of_a_video_a_boost_or_a_direct_message_is_a_post():
    assert dict(read("peertube.json").skipped) == {"Video object": 1}
    assert dict(read("pleroma-akkoma.json").skipped) == {"direct message": 1, "like": 1}
    assert dict(read("misskey-api-thread.json").skipped) == {"boost": 1, "direct message": 1}
