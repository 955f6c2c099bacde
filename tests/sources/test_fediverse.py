"""What servers other than Mastodon send, read faithfully: authors from the data and never
made up, quotes, polls, articles and forum posts, languages, edits, and sources that hold
no post. Each test is one kind of input; the per-server goldens are in test_servers.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.model import Person, Poll, PollOption
from generator.pipeline import Settings, generate
from generator.sources.read import read_sources
from generator.summary import summary_line
from generator.text import content_id
from tests.conftest import make_project

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
MK = "https://mk.example"


def source(tmp_path: Path, data: object, name: str = "ap.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    return path


def read(tmp_path: Path, *files: object, people: dict | None = None):
    paths = [source(tmp_path, data, f"s{i}.json") for i, data in enumerate(files)]
    return read_sources([(path, path.name) for path in paths], people=people)


def problems(tmp_path: Path, data: object) -> list[str]:
    with pytest.raises(ContentError) as err:
        read(tmp_path, data)
    return [str(p) for p in err.value.problems]


def note(uri: str, actor: str, **fields) -> dict:
    return {
        "type": "Note",
        "id": uri,
        "attributedTo": actor,
        "published": "2024-05-01T10:00:00Z",
        "to": [PUBLIC],
        "content": "<p>words</p>",
        **fields,
    }


def outbox(*items: object) -> dict:
    return {"type": "OrderedCollection", "id": "https://x.example/outbox", "orderedItems": items}


# ------------------------------------------------ authors


def misskey_notes() -> list[dict]:
    """Two Misskey notes whose actors are opaque ids; each mentions the other by name."""
    ozzy, nora = f"{MK}/users/9qk2xv8m1a", f"{MK}/users/9qk2zz0b7c"
    return [
        note(
            f"{MK}/notes/9qk3a1",
            ozzy,
            content=f'<p>Ask <a href="{MK}/@nora" class="u-url mention">@nora</a></p>',
            _misskey_content="Ask @nora",
            tag=[{"type": "Mention", "href": nora, "name": "@nora"}],
        ),
        note(
            f"{MK}/notes/9qk3b2",
            nora,
            inReplyTo=f"{MK}/notes/9qk3a1",
            published="2024-05-01T11:00:00Z",
            content=f'<p><a href="{MK}/@ozzy" class="u-url mention">@ozzy</a> labour</p>',
            tag=[{"type": "Mention", "href": ozzy, "name": "@ozzy"}],
        ),
    ]


def test_misskey_actors_are_named_by_the_mention_tags_not_by_their_ids(tmp_path):
    thread = read(tmp_path, outbox(*misskey_notes()))
    assert [(p.author, p.author_via) for p in thread.posts] == [
        ("ozzy@mk.example", "mention"),
        ("nora@mk.example", "mention"),
    ]
    # The mention of @nora is of the same person as the author of the second note.
    assert thread.posts[0].mentions == ("nora@mk.example",)
    assert thread.posts[1].mentions == ("ozzy@mk.example",)
    assert sorted(thread.people) == ["nora@mk.example", "ozzy@mk.example"]


def test_an_opaque_actor_id_named_by_nothing_is_author_unknown(tmp_path):
    [first, _] = misskey_notes()
    del first["tag"]
    [post] = read(tmp_path, outbox(first)).posts
    assert (post.author, post.author_basis, post.author_via) == ("", "unknown", "")
    assert post.actor == f"{MK}/users/9qk2xv8m1a"


@pytest.mark.parametrize(
    ("actor", "uri", "fields", "author"),
    [
        pytest.param(
            "https://m.example/users/alice",
            "https://m.example/users/alice/statuses/1",
            {},
            "alice@m.example",
            id="mastodon-users-with-statuses-under-the-actor",
        ),
        pytest.param(
            "https://pl.example/users/bea",
            "https://pl.example/objects/0f2a",
            {},
            "bea@pl.example",
            id="pleroma-users-with-objects",
        ),
        pytest.param(
            "https://mk.example/users/9qk2xv8m1a",
            "https://mk.example/notes/9qk3a1",
            {},
            "",
            id="misskey-users-are-ids",
        ),
        pytest.param(
            "https://pl.example/users/9qk2",
            "https://pl.example/objects/1",
            {"_misskey_content": "x"},
            "",
            id="a-misskey-extension-says-misskey",
        ),
        pytest.param(
            "https://m.example/ap/users/115000000000000001",
            "https://m.example/ap/users/115000000000000001/statuses/2",
            {"url": "https://m.example/@cyd/115000000000000002"},
            "cyd@m.example",
            id="mastodon-4.5-numbered-actor-by-the-posts-address",
        ),
        pytest.param(
            "https://m.example/ap/users/115000000000000001",
            "https://m.example/ap/users/115000000000000001/statuses/2",
            {"url": "https://elsewhere.example/@cyd/115000000000000002"},
            "",
            id="numbered-actor-and-an-address-on-another-host",
        ),
        pytest.param(
            "https://gs.example/user/1",
            "https://gs.example/notice/2",
            {},
            "",
            id="gnu-social-numbers-its-users",
        ),
        pytest.param(
            "https://lemmy.example/u/dan",
            "https://lemmy.example/comment/3",
            {},
            "dan@lemmy.example",
            id="lemmy",
        ),
        pytest.param(
            "https://tube.example/accounts/eve",
            "https://tube.example/videos/watch/x/comments/4",
            {},
            "eve@tube.example",
            id="peertube",
        ),
        pytest.param(
            "https://fr.example/profile/fay",
            "https://fr.example/objects/f-1",
            {},
            "fay@fr.example",
            id="friendica",
        ),
        pytest.param(
            "https://plume.example/@/gus/",
            "https://plume.example/~/blog/post/",
            {},
            "gus@plume.example",
            id="plume",
        ),
        pytest.param(
            "https://books.example/user/hal",
            "https://books.example/user/hal/review/5",
            {},
            "hal@books.example",
            id="bookwyrm",
        ),
        pytest.param(
            "https://blog.example/?author=1",
            "https://blog.example/?p=5",
            {},
            "",
            id="wordpress-numbers-its-authors",
        ),
        pytest.param(
            "https://forum.example/uid/7",
            "https://forum.example/post/9",
            {},
            "",
            id="nodebb-numbers-its-users",
        ),
        pytest.param(
            "https://gs.example/index.php/user/3",
            "https://gs.example/index.php/notice/8",
            {},
            "",
            id="gnu-social-numbers-its-users",
        ),
        pytest.param(
            "https://www.threads.net/ap/users/17841400000000000/",
            "https://www.threads.net/ap/users/17841400000000000/post/179/",
            {"url": "https://www.threads.net/@ivy/post/C1a2b3"},
            "",
            id="threads-addresses-are-not-mastodons",
        ),
    ],
)
def test_a_user_name_is_read_from_an_address_only_where_the_server_puts_it(
    tmp_path, actor, uri, fields, author
):
    [post] = read(tmp_path, [note(uri, actor, **fields)]).posts
    assert post.author == author
    assert post.author_via == ("profile URL" if author else "")


def test_the_order_people_file_actor_mention_profile_url(tmp_path):
    actor = "https://m.example/users/alice"
    mention = {"type": "Mention", "href": actor, "name": "@alicia@m.example"}
    embedded = {"id": actor, "type": "Person", "preferredUsername": "al", "name": "Al"}
    own = note(f"{actor}/statuses/1", actor)
    by_actor = note(f"{actor}/statuses/2", embedded, published="2024-05-01T10:01:00Z")
    other = note(
        "https://o.example/users/bo/statuses/3", "https://o.example/users/bo", tag=[mention]
    )
    assert [p.author_via for p in read(tmp_path, [own]).posts] == ["profile URL"]
    assert {p.author for p in read(tmp_path, [own, other]).posts} >= {"alicia@m.example"}
    thread = read(tmp_path, [own, by_actor, other])
    alices = [p for p in thread.posts if p.actor == actor]
    assert [(p.author, p.author_via) for p in alices] == [("al@m.example", "actor")] * 2
    assert thread.people["al@m.example"].display_name == "Al"
    zed = Person("zed@m.example", "Zed")
    thread = read(tmp_path, [own, by_actor, other], people={actor: zed})
    alices = [p for p in thread.posts if p.actor == actor]
    assert {(p.author, p.author_via) for p in alices} == {("zed@m.example", "people file")}


def test_a_domain_the_data_gives_wins_over_the_host_that_serves_the_account(tmp_path):
    # alice@example.com is served from social.example.com: her actor document says only
    # her user name; a mention on another server gives the domain of her handle.
    actor = "https://social.example.com/users/alice"
    document = {"id": actor, "type": "Person", "preferredUsername": "alice", "name": "Alice"}
    mention = {"type": "Mention", "href": actor, "name": "@alice@example.com"}
    reply = note(
        "https://o.example/users/bo/statuses/9",
        "https://o.example/users/bo",
        tag=[mention],
        content='<p><a class="mention" href="https://social.example.com/@alice">@alice</a> yes</p>',
        published="2024-05-01T11:00:00Z",
    )
    thread = read(tmp_path, document, [note(f"{actor}/statuses/1", actor), reply])
    assert [p.author for p in thread.posts] == ["alice@example.com", "bo@o.example"]
    assert thread.posts[1].mentions == ("alice@example.com",)
    assert thread.people["alice@example.com"].display_name == "Alice"
    assert "alice@social.example.com" not in thread.people
    # The FEP-2c59 webfinger address of an actor document is its handle.
    document["webfinger"] = "acct:alice@example.com"
    thread = read(tmp_path, document, [note(f"{actor}/statuses/1", actor)])
    assert [(p.author, p.author_via) for p in thread.posts] == [("alice@example.com", "actor")]


def test_an_actor_document_given_as_a_source_names_another_sources_authors(tmp_path):
    actor = "https://blog.example/?author=1"
    article = {**note("https://blog.example/?p=5", actor), "type": "Article", "name": "On style"}
    document = {
        "type": "Person",
        "id": actor,
        "preferredUsername": "ana",
        "webfinger": "ana@blog.example",
        "url": "https://blog.example/author/ana/",
    }
    thread = read(tmp_path, [article], document)
    [post] = thread.posts
    assert (post.author, post.author_via) == ("ana@blog.example", "actor")
    assert thread.people["ana@blog.example"] == Person(
        "ana@blog.example", "", "https://blog.example/author/ana/", actor
    )


def test_one_person_whether_named_by_the_mastodon_api_or_by_activitypub(tmp_path):
    # The server that answered names its own account without a domain; its actor URI
    # (the account's uri) is the one another server's Mention tag gives with the domain.
    status = {
        "id": "1",
        "created_at": "2024-05-01T10:00:00Z",
        "visibility": "public",
        "uri": "https://social.example.com/users/alice/statuses/1",
        "content": "<p>hello</p>",
        "account": {
            "acct": "alice",
            "url": "https://social.example.com/@alice",
            "uri": "https://social.example.com/users/alice",
            "display_name": "Alice",
        },
    }
    mention = {
        "type": "Mention",
        "href": "https://social.example.com/users/alice",
        "name": "@alice@example.com",
    }
    reply = note(
        "https://o.example/users/bo/statuses/9",
        "https://o.example/users/bo",
        tag=[mention],
        inReplyTo=status["uri"],
        published="2024-05-01T11:00:00Z",
    )
    thread = read(tmp_path, [status], [reply])
    assert [p.author for p in thread.posts] == ["alice@example.com", "bo@o.example"]
    assert thread.people["alice@example.com"].display_name == "Alice"
    assert not any(key.startswith("alice@social") for key in thread.people)


# ------------------------------------------------ smaller losses


def test_updated_equal_to_published_is_not_an_edit(tmp_path):
    actor = "https://v.example/accounts/dave"
    same = note(
        "https://v.example/n/1",
        actor,
        published="2024-06-10T08:30:00.000Z",
        updated="2024-06-10T08:30:00.000Z",
    )
    later = note(
        "https://v.example/n/2",
        actor,
        published="2024-06-10T09:00:00Z",
        updated="2024-06-11T12:00:00Z",
    )
    assert [p.edited for p in read(tmp_path, [same, later]).posts] == ["", "2024-06-11T12:00:00Z"]


def test_summary_html_is_literal_text_with_its_lines(tmp_path):
    item = note(
        "https://b.example/n/1",
        "https://b.example/users/carol",
        summary="Spoilers for the film<br>Discussion of AI &amp; copyright",
    )
    [post] = read(tmp_path, outbox({"type": "Create", "object": item})).posts
    assert post.warning == "Spoilers for the film\nDiscussion of AI & copyright"


def test_a_warning_of_only_a_zero_width_space_is_none(tmp_path):
    # Misskey's warning of a post marked sensitive without one.
    [post] = read(tmp_path, [note("https://mk.example/notes/1", "x", summary="\u200b")]).posts
    assert post.warning == ""


def test_a_post_without_url_links_to_its_id_when_that_is_a_web_address(tmp_path):
    posts = read(tmp_path, [note("https://e.example/n/1", "x"), note("tag:e.example,1", "x")]).posts
    assert [p.url for p in posts] == ["https://e.example/n/1", ""]


@pytest.mark.parametrize(
    ("fields", "lang"),
    [
        ({"contentMap": {"ar": "<p>مرحبا</p>"}}, "ar"),
        ({"contentMap": {"pt-BR": "<p>olá</p>"}, "content": "<p>olá</p>"}, "pt-BR"),
        ({"language": {"identifier": "fr", "name": "Français"}}, "fr"),  # Lemmy
        ({"language": {"identifier": "und", "name": "Undetermined"}}, ""),
        ({"contentMap": {"<script>": "<p>x</p>"}}, ""),
        ({}, ""),
    ],
)
def test_each_post_carries_its_language(tmp_path, fields, lang):
    [post] = read(tmp_path, [note("https://e.example/n/1", "x", **fields)]).posts
    assert post.lang == lang


# ------------------------------------------------ nothing from nothing


@pytest.mark.parametrize(
    ("items", "held"),
    [
        pytest.param(
            ["https://e.example/n/1", "https://e.example/n/2"], "2 bare URIs", id="bookmarks"
        ),
        pytest.param(
            [{"type": "Create", "object": "https://e.example/n/1"}], "1 bare URI", id="page-of-uris"
        ),
        pytest.param(
            [{"type": "Create", "object": {"type": "Video", "id": "https://t.example/v/1"}}],
            "1 Video object",
            id="create-video",
        ),
        pytest.param(
            [{"type": "Create", "object": {"type": "Audio", "id": "https://t.example/a/1"}}],
            "1 Audio object",
            id="create-audio",
        ),
        pytest.param(
            [{"type": "Announce", "object": {"type": "Page", "id": "https://l.example/post/1"}}]
            * 3,
            "3 boosts",
            id="lemmy-outbox-of-announce",
        ),
        pytest.param(
            [
                {"type": "Like", "object": "https://e.example/n/1"},
                {"type": "Delete", "object": "https://e.example/n/2"},
                note(
                    "https://e.example/n/3",
                    "https://e.example/users/a",
                    to=["https://e.example/users/b"],
                ),
            ],
            "1 deletion, 1 direct message and 1 like",
            id="likes-deletions-direct-messages",
        ),
    ],
)
def test_a_source_that_gives_no_post_says_what_it_held(tmp_path, items, held):
    assert problems(tmp_path, outbox(*items)) == [
        f"s0.json:4: no posts: the file holds only {held}; expected objects of type Note, "
        "Article, Page or Question, or Create activities that embed them"
    ]


def test_a_bare_video_is_refused_the_same_way_as_one_in_a_create(tmp_path):
    [message] = problems(tmp_path, {"type": "Video", "id": "https://t.example/v/1"})
    assert message.startswith("s0.json:0: no posts: the file holds only 1 Video object; expected")


@pytest.mark.parametrize(
    ("data", "held"),
    [
        ([], "an empty list"),
        ({"ancestors": [], "descendants": []}, "an empty context"),
        ([{"id": "1", "account": {}, "visibility": "direct"}], "only 1 direct message"),
    ],
)
def test_mastodon_json_that_gives_no_post_says_what_it_held(tmp_path, data, held):
    [message] = problems(tmp_path, data)
    assert message.startswith(f"s0.json:0: no posts: the file holds {held}; expected")


def test_every_item_skipped_is_counted_by_kind(tmp_path):
    actor = "https://e.example/users/a"
    items = [
        note("https://e.example/users/a/statuses/1", actor),
        "https://e.example/n/2",
        {"type": "Announce", "object": "https://e.example/n/3"},
        {"type": "Like", "object": "https://e.example/n/3"},
        {"type": "Follow", "object": "https://e.example/users/b"},
        {"type": "Create", "object": {"type": "Video", "id": "https://e.example/v/1"}},
        {"type": "ChatMessage", "id": "https://e.example/c/1"},
    ]
    status = {"id": "5", "visibility": "direct", "account": {}}
    public = {
        "id": "7",
        "visibility": "public",
        "created_at": "2024-05-01T10:00:00Z",
        "content": "<p>x</p>",
        "account": {"acct": "b@e.example"},
    }
    thread = read(tmp_path, outbox(*items), [status, {**status, "id": "6"}, public])
    assert len(thread.posts) == 2
    assert thread.skipped == {
        "bare URI": 1,
        "boost": 1,
        "like": 1,
        "Follow activity": 1,
        "Video object": 1,
        "direct message": 3,
    }


def test_ids_stay_content_ids_of_the_uri(tmp_path):
    [post] = read(tmp_path, [note("https://e.example/n/1", "x")]).posts
    assert post.id == content_id("https://e.example/n/1")


def test_poll_of_a_question(tmp_path):
    question = note(
        "https://e.example/users/lee/statuses/Q",
        "https://e.example/users/lee",
        type="Question",
        endTime="2024-03-08T10:00:00Z",
        oneOf=[
            {"type": "Note", "name": "Pay", "replies": {"totalItems": 5}},
            {"type": "Note", "name": "Credit", "replies": {"totalItems": 3}},
        ],
    )
    [post] = read(tmp_path, [question]).posts
    assert post.poll == Poll(
        (PollOption("Pay", 5), PollOption("Credit", 3)), False, "2024-03-08T10:00:00Z"
    )


def test_poll_of_a_question_with_several_answers_closed(tmp_path):
    question = note(
        "https://e.example/users/lee/statuses/Q",
        "https://e.example/users/lee",
        type="Question",
        closed="2024-03-08T10:00:00Z",
        votersCount=6,
        anyOf=[
            {"type": "Note", "name": "Pay <b>&amp;</b> credit", "replies": {"totalItems": 4}},
            {"type": "Note", "name": "", "replies": {"totalItems": 2}},
            {"type": "Note", "name": "Neither", "replies": {"totalItems": -1}},
        ],
    )
    [post] = read(tmp_path, outbox({"type": "Create", "object": question})).posts
    # Option text is literal: nothing is lost, not even an answer without text.
    assert post.poll == Poll(
        (PollOption("Pay <b>&amp;</b> credit", 4), PollOption("", 2), PollOption("Neither")),
        multiple=True,
        closes="2024-03-08T10:00:00Z",
        closed=True,
        voters=6,
    )
    assert post.title == ""  # a poll's name is its question, not a title


def mastodon_status(status_id: str, **fields) -> dict:
    return {
        "id": status_id,
        "created_at": "2024-03-01T10:00:00.000Z",
        "visibility": "public",
        "uri": f"https://example.social/users/kim/statuses/{status_id}",
        "url": f"https://example.social/@kim/{status_id}",
        "content": "<p>words</p>",
        "account": {
            "acct": "kim",
            "url": "https://example.social/@kim",
            "uri": "https://example.social/users/kim",
            "display_name": "Kim",
        },
        **fields,
    }


def test_mastodon_poll_with_results_hidden_and_open(tmp_path):
    poll = {
        "id": "34",
        "expires_at": "2024-03-06T10:00:00.000Z",
        "expired": False,
        "multiple": False,
        "votes_count": 0,
        "voters_count": None,
        "options": [
            {"title": "Yes, always", "votes_count": None},
            {"title": "Only for commercial models", "votes_count": None},
        ],
    }
    [post] = read(tmp_path, [mastodon_status("1", poll=poll)]).posts
    assert post.poll == Poll(
        (PollOption("Yes, always"), PollOption("Only for commercial models")),
        closes="2024-03-06T10:00:00Z",
    )


# ------------------------------------------------ quotes


def test_mastodon_4_5_quote_with_the_quoted_status_and_its_fallback_left_out(tmp_path):
    quoted = mastodon_status(
        "7",
        content="<p>Style is not property.</p>",
        account={"acct": "ozzy@mk.example", "url": "https://mk.example/@ozzy"},
        uri="https://mk.example/notes/9qk3a1",
        url="https://mk.example/notes/9qk3a1",
    )
    quoting = mastodon_status(
        "8",
        content=(
            '<p class="quote-inline">RE: <a href="https://mk.example/notes/9qk3a1">'
            "mk.example/notes/9qk3a1</a></p><p>I disagree.</p>"
        ),
        quote={"state": "accepted", "quoted_status": quoted},
        quote_approval={"automatic": ["public"], "manual": [], "current_user": "automatic"},
    )
    [post] = read(tmp_path, [quoting]).posts
    assert post.text == "I disagree."
    assert post.quote.uri == "https://mk.example/notes/9qk3a1"
    assert post.quote.author == "ozzy@mk.example"
    assert post.quote.status_id == "7"
    assert [[s.text for s in p] for p in post.quote.paragraphs] == [["Style is not property."]]


@pytest.mark.parametrize("state", ["pending", "revoked", "deleted", "rejected", "unauthorized"])
def test_a_quote_not_accepted_keeps_nothing_of_the_quoted_post(tmp_path, state):
    quoted = mastodon_status("7", content="<p>secret words</p>")
    quoting = mastodon_status("8", quote={"state": state, "quoted_status": quoted})
    [post] = read(tmp_path, [quoting]).posts
    assert post.quote.withdrawn
    assert (post.quote.uri, post.quote.paragraphs, post.quote.author) == ("", (), "")


def test_a_shallow_quote_names_the_status_by_id(tmp_path):
    quoting = mastodon_status("8", quote={"state": "accepted", "quoted_status_id": "7"})
    [post] = read(tmp_path, [quoting]).posts
    assert (post.quote.status_id, post.quote.withdrawn) == ("7", False)


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"quote": "https://mk.example/notes/9qk3a1"}, id="fep-044f-quote"),
        pytest.param({"quoteUrl": "https://mk.example/notes/9qk3a1"}, id="misskey-pleroma"),
        pytest.param({"_misskey_quote": "https://mk.example/notes/9qk3a1"}, id="misskey"),
        pytest.param({"quoteUri": "https://mk.example/notes/9qk3a1"}, id="fedibird"),
        pytest.param(
            {
                "tag": [
                    {
                        "type": "Link",
                        "mediaType": 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"',
                        "href": "https://mk.example/notes/9qk3a1",
                        "name": "RE: https://mk.example/notes/9qk3a1",
                    }
                ]
            },
            id="fep-e232-link",
        ),
        pytest.param({}, id="re-fallback-only"),
    ],
)
def test_activitypub_quotes_of_every_server_and_the_fallback_left_out(tmp_path, fields):
    content = (
        "<p>I disagree.<br><br>RE: "
        '<a href="https://mk.example/notes/9qk3a1">https://mk.example/notes/9qk3a1</a></p>'
    )
    actor = "https://fb.example/users/fay"
    quoting = note(f"{actor}/statuses/2", actor, content=content, **fields)
    quoted = note("https://mk.example/notes/9qk3a1", "https://mk.example/users/9qk2xv8m1a")
    thread = read(tmp_path, [quoted, quoting])
    post = next(p for p in thread.posts if p.actor == actor)
    assert post.quote is not None
    assert post.quote.uri == "https://mk.example/notes/9qk3a1"
    assert post.text == "I disagree."


def test_an_embedded_quoted_object_gives_its_text_and_author(tmp_path):
    actor = "https://m.example/users/alice"
    embedded = note(
        "https://m.example/users/bob/statuses/5",
        {"id": "https://m.example/users/bob", "type": "Person", "preferredUsername": "bob"},
        content="<p>Quoted <b>words</b></p>",
    )
    [post] = read(tmp_path, [note(f"{actor}/statuses/6", actor, quote=embedded)]).posts
    assert (post.quote.author, post.quote.url) == (
        "bob@m.example",
        "https://m.example/users/bob/statuses/5",
    )
    assert [[s.text for s in p] for p in post.quote.paragraphs] == [["Quoted words"]]


def test_bookwyrm_quotation_is_a_passage_not_a_quoted_post(tmp_path):
    actor = "https://bw.example/user/mira"
    quotation = note(
        f"{actor}/quotation/3",
        actor,
        type="Quotation",
        quote="<p>All art is quite useless.</p>",
        content="<p>Wilde, of course.</p>",
    )
    [post] = read(tmp_path, [quotation]).posts
    assert post.quote is None
    assert post.kinds == ("quote", "text")
    assert post.text == "All art is quite useless.\n\nWilde, of course."
    assert (post.author, post.author_via) == ("mira@bw.example", "profile URL")


# ------------------------------------------------ articles and forum posts


def test_an_article_has_its_title_and_its_summary_as_excerpt(tmp_path):
    actor = "https://blog.example/@/ana"
    article = note(
        "https://blog.example/~/essays/on-style",
        actor,
        type="Article",
        name="On  style",
        summary="<p>Why style is not <em>property</em> &amp; more</p>",
        content="<h2>One</h2><ul><li>first</li><li>second</li></ul><blockquote><p>q</p></blockquote>",
    )
    [post] = read(tmp_path, [article]).posts
    assert (post.title, post.summary, post.warning) == (
        "On style",
        "Why style is not property & more",
        "",
    )
    assert post.kinds == ("heading", "item", "item", "quote")
    assert (post.author, post.author_via) == ("ana@blog.example", "profile URL")


def test_a_sensitive_article_keeps_its_summary_as_a_warning(tmp_path):
    article = note("https://b.example/a/1", "x", type="Article", summary="Gore", sensitive=True)
    [post] = read(tmp_path, [article]).posts
    assert (post.warning, post.summary) == ("Gore", "")


def test_a_lemmy_post_with_its_comments_is_one_discussion(tmp_path):
    actor = "https://lemmy.example/u/dan"
    page = note(
        "https://lemmy.example/post/1",
        actor,
        type="Page",
        name="Is style property?",
        content="<p>Discuss.</p>",
        language={"identifier": "en", "name": "English"},
        attachment=[{"type": "Link", "href": "https://news.example/style"}],
    )
    comment = note(
        "https://lemmy.example/comment/2",
        "https://lemmy.example/u/eve",
        inReplyTo="https://lemmy.example/post/1",
        published="2024-05-01T11:00:00Z",
    )
    thread = read(tmp_path, outbox({"type": "Create", "object": comment}, page))
    root, reply = thread.posts
    assert (root.title, root.lang, root.card.url) == (
        "Is style property?",
        "en",
        "https://news.example/style",
    )
    assert reply.reply_to == root.id
    assert [p.author for p in thread.posts] == ["dan@lemmy.example", "eve@lemmy.example"]


# ------------------------------------------------ the shared cases, as kinds


def test_case_misskey_authors_are_one_person_each_with_mentions_to_their_page(tmp_path):
    # ../shared/cases/fediverse/misskey-actor-id-read-as-username: the notes come in
    # Create activities, the mention links lead to /@name profiles.
    items = [
        {"type": "Create", "actor": n["attributedTo"], "to": [PUBLIC], "object": n}
        for n in misskey_notes()
    ]
    thread = read(tmp_path, outbox(*items))
    assert sorted(thread.people) == ["nora@mk.example", "ozzy@mk.example"]
    authors = {p.author for p in thread.posts}
    assert {m for p in thread.posts for m in p.mentions} == authors
    links = [s for p in thread.posts for para in p.paragraphs for s in para if s.kind != "text"]
    assert [(s.kind, s.target) for s in links] == [
        ("mention", "nora@mk.example"),
        ("mention", "ozzy@mk.example"),
    ]


def test_case_rtl_reply_keeps_its_language_and_its_leading_mention(tmp_path):
    # ../shared/cases/fediverse/rtl-reply-opens-with-mention: the reader gives the card
    # what it needs to set the direction: the language, and the mention as a span of its own.
    reply = mastodon_status(
        "101",
        language="ar",
        content=(
            '<p><span class="h-card"><a href="https://example.social/@alice" class="u-url '
            'mention">@<span>alice</span></a></span> أعتقد أن القوانين كافية.</p><p>شكرا.</p>'
        ),
        mentions=[{"acct": "alice", "url": "https://example.social/@alice"}],
    )
    [post] = read(tmp_path, [reply]).posts
    assert post.lang == "ar"
    assert post.paragraphs[0][0].kind == "mention"
    assert post.paragraphs[0][1].text.strip().startswith("أعتقد")


# ------------------------------------------------ audiences, groups, sensitive media


def test_followers_only_posts_are_read_and_marked_from_every_source(tmp_path):
    actor = "https://e.example/users/a"
    followers = note(f"{actor}/statuses/1", actor, to=[f"{actor}/followers"])
    public = note(f"{actor}/statuses/2", actor, cc=[f"{actor}/followers"])
    private = mastodon_status("3", visibility="private")
    misskey = {
        "id": "9x1",
        "createdAt": "2024-05-01T12:00:00Z",
        "userId": "9u",
        "user": {"username": "ozzy", "host": "mk.example"},
        "text": "for my followers",
        "visibility": "followers",
    }
    thread = read(tmp_path, [followers, public], [private], [misskey])
    assert len(thread.posts) == 4
    marked = sorted(p.id for p in thread.posts if p.followers_only)
    assert marked == sorted([content_id(f"{actor}/statuses/1"), "3", "9x1"])


def test_a_group_relaying_a_members_create_is_read_as_the_create(tmp_path):
    # Lemmy's community outbox: Announce { Create { Page } } by the community.
    page = note("https://l.example/post/1", "https://l.example/u/dan", type="Page", name="T")
    relay = {
        "type": "Announce",
        "actor": "https://l.example/c/art",
        "to": [PUBLIC],
        "object": {"type": "Create", "actor": "https://l.example/u/dan", "object": page},
    }
    video = {**relay, "object": {"type": "Create", "object": {"type": "Video", "id": "v"}}}
    thread = read(tmp_path, outbox(relay, video))
    assert [(p.title, p.author) for p in thread.posts] == [("T", "dan@l.example")]
    assert thread.skipped == {"Video object": 1}


def test_media_marked_sensitive_by_the_post_or_the_attachment(tmp_path):
    image = {"type": "Document", "mediaType": "image/png", "url": "https://e.example/a.png"}
    posts = [
        note("https://e.example/n/1", "x", sensitive=True, attachment=[image]),
        note("https://e.example/n/2", "x", attachment=[{**image, "sensitive": True}]),
        note("https://e.example/n/3", "x", attachment=[image]),
    ]
    status = mastodon_status(
        "4",
        sensitive=True,
        media_attachments=[{"type": "image", "url": "https://e.example/b.png"}],
    )
    thread = read(tmp_path, posts, [status])
    assert {p.url: [m.sensitive for m in p.media] for p in thread.posts} == {
        "https://e.example/n/1": [True],
        "https://e.example/n/2": [True],
        "https://e.example/n/3": [False],
        "https://example.social/@kim/4": [True],
    }


def test_a_fallback_that_links_the_quoted_posts_web_address_is_left_out(tmp_path):
    # Misskey names the quote by its URI and writes the fallback with its address.
    actor = "https://mk.example/users/9qk2zz0b7c"
    quoting = note(
        "https://mk.example/notes/9qk3b2",
        actor,
        _misskey_quote="https://m.example/users/alice/statuses/9",
        content=(
            '<p><span>It is labour.<br><br>RE: </span><a href="https://m.example/@alice/9">'
            "https://m.example/@alice/9</a></p>"
        ),
    )
    [post] = read(tmp_path, [quoting]).posts
    assert (post.text, post.quote.uri) == (
        "It is labour.",
        "https://m.example/users/alice/statuses/9",
    )


def test_a_title_has_its_character_references_decoded_and_no_tags_removed(tmp_path):
    article = note("https://b.example/?p=1", "x", type="Article", name="Art &amp; <AI>")
    [post] = read(tmp_path, [article]).posts
    assert post.title == "Art & <AI>"


def test_the_build_summary_says_how_many_items_were_left_out_and_why(tmp_path):
    project = make_project(tmp_path, "@a first post\n")
    actor = "https://e.example/users/a"
    items = [
        note(f"{actor}/statuses/1", actor),
        *[{"type": "Announce", "object": f"https://e.example/n/{i}"} for i in range(3)],
        note(f"{actor}/statuses/2", actor, to=["https://e.example/users/b"]),
    ]
    source(project, outbox(*items), "outbox.json")
    sources = (project / "thread.txt", project / "outbox.json")
    result = generate(Settings(root=project, docs_dir=project / "docs", sources=sources))
    line = summary_line(result.summary)
    assert line.startswith(
        "2 posts read (4 items left out: 3 boosts and 1 direct message), 2 on the thread; "
    )
    # A build that leaves nothing out says nothing of it.
    plain = generate(Settings(root=project, docs_dir=project / "docs", sources=sources[:1]))
    assert summary_line(plain.summary).startswith("1 posts read, 1 on the thread; ")


def test_a_type_name_that_is_not_a_word_is_not_repeated_in_messages(tmp_path):
    [message] = problems(tmp_path, outbox({"type": "\n<b>"}, {"type": "pt:Playlist"}))
    assert "1 item of an unknown type and 1 pt:Playlist object" in message
