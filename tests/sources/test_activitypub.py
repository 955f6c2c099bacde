"""Reading ActivityPub JSON: golden files, ids, reply edges, authors, and posts in two sources."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.model import Person
from generator.pipeline import Settings, load
from generator.sources.activitypub import read_activitypub
from generator.sources.read import read_sources
from generator.text import content_id
from tests.conftest import ROOT
from tests.sources.test_mastodon import check_golden

FIXTURES = ROOT / "tests" / "fixtures" / "activitypub"
MASTODON = ROOT / "tests" / "fixtures" / "mastodon"
GOLDEN = ROOT / "tests" / "golden" / "read_activitypub"
ALICE = "https://example.social/users/alice"
CAROL = "https://example.social/users/carol"


def read(name: str):
    return read_sources([(FIXTURES / name, name)])


def pid(uri: str) -> str:
    return content_id(uri)


@pytest.mark.parametrize("source", sorted(FIXTURES.glob("*.json")), ids=lambda p: p.stem)
def test_golden(source: Path):
    check_golden(source, GOLDEN / f"{source.stem}.yml")


def test_post_ids_come_from_the_object_uri():
    posts = read("outbox.json").posts
    assert [post.uri for post in posts] == [
        f"{ALICE}/statuses/110",
        f"{ALICE}/statuses/185",
        f"{ALICE}/statuses/180",
        f"{ALICE}/statuses/140",
    ]
    assert [post.id for post in posts] == [pid(post.uri) for post in posts]


def test_replies_point_to_the_parent_post_or_keep_its_uri():
    posts = read("outbox.json").by_id()
    first = pid(f"{ALICE}/statuses/110")
    # 180 and 185 answer 110, one by a URI and one by an embedded object.
    assert posts[pid(f"{ALICE}/statuses/180")].reply_to == first
    assert posts[pid(f"{ALICE}/statuses/185")].reply_to == first
    # The parents of 110 and 140 are on other servers.
    assert posts[first].reply_to == "https://other.example/users/bob/statuses/1"
    assert posts[pid(f"{ALICE}/statuses/140")].reply_to == (
        "https://example.social/users/carol/statuses/130"
    )
    assert all(post.reply_basis == "source" for post in posts.values())


def test_reply_edges_equal_in_reply_to_for_every_parent_present():
    data = json.loads((FIXTURES / "outbox.json").read_text(encoding="utf-8"))
    notes = [item["object"] for item in data["orderedItems"] if isinstance(item["object"], dict)]
    posts = read("outbox.json").by_id()
    for note in notes:
        parent = note["inReplyTo"]
        parent = parent["id"] if isinstance(parent, dict) else parent
        if pid(note["id"]) in posts and parent and pid(parent) in posts:
            assert posts[pid(note["id"])].reply_to == pid(parent)


def test_boosts_direct_messages_and_objects_by_reference_are_skipped():
    uris = {post.uri for post in read("outbox.json").posts}
    for n in ("190", "191", "192"):
        assert f"{ALICE}/statuses/{n}" not in uris
    assert not any("secret" in post.text for post in read("outbox.json").posts)


def test_fields_of_a_note():
    post = read("outbox.json").by_id()[pid(f"{ALICE}/statuses/110")]
    assert post.author == "alice@example.social"
    assert post.author_basis == "source"
    assert post.url == "https://example.social/@alice/110"
    assert post.published == "2024-03-01T10:00:00Z"
    assert post.edited == "2024-03-01T10:30:00Z"  # 11:30+01:00
    assert post.warning == "AI art, long"
    assert [(m.kind, m.description) for m in post.media] == [
        ("image", "A robot painting a sunset"),
        ("video", ""),
    ]
    # The mention links to Bob's profile page; his tag names his actor: they meet by name.
    assert post.mentions == ("bob@other.example",)
    assert post.card is None


def test_hostile_content_is_literal_text_or_dropped():
    post = read("outbox.json").by_id()[pid(f"{ALICE}/statuses/140")]
    assert post.text == "@carol Try this:click me"
    assert post.mentions == ("carol@example.social",)


def test_authors_from_actor_urls_and_embedded_actors():
    thread = read("collection.json")
    by_uri = {post.uri: post for post in thread.posts}
    assert by_uri["https://other.example/users/bob/statuses/1"].author == "bob@other.example"
    bridged = by_uri["https://bsky.brid.gy/ap/did:plc:abc123/statuses/x1"]
    assert (bridged.author, bridged.author_basis) == ("", "unknown")
    # One of Carol's notes embeds her actor, with a name: that is what the people list keeps.
    assert thread.people["carol@example.social"] == Person(
        "carol@example.social", "Carol Ć", "https://example.social/@carol", f"{CAROL}"
    )
    assert by_uri[f"{CAROL}/statuses/u1"].author_via == "actor"


def test_a_people_mapping_names_the_actors(tmp_path):
    data = json.loads((FIXTURES / "outbox.json").read_text(encoding="utf-8"))
    alice = Person("alice@example.social", "Alice :blobcat:", "https://example.social/@alice")
    thread = read_activitypub(data, "outbox.json", people={ALICE: alice})
    assert {post.author for post in thread.posts} == {"alice@example.social"}
    assert {post.author_via for post in thread.posts} == {"people file"}
    assert thread.people["alice@example.social"] == replace(alice, actor=ALICE)


def test_content_map_line_breaks_and_untimed_notes():
    posts = read("collection.json").posts
    assert [post.text for post in posts] == [
        "Is generated art art?",
        "Überbrückt:\nzweite Zeile",  # the first language given
        "No time given.",  # last among its siblings
        "Without addressing: read as public.",
    ]


def test_an_outbox_is_read_from_its_embedded_first_page():
    assert [p.uri for p in read("paged-outbox.json").posts] == [
        "https://other.example/users/bob/statuses/1"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            '[{"type": "Note", "id": "https://e.social/n/2", "inReplyTo": "https://e.social/n/1",'
            ' "published": "2024-01-01T00:00:02Z", "content": "<p>two</p>"},'
            ' {"type": "Note", "id": "https://e.social/n/1", "published": "2024-01-01T00:00:01Z",'
            ' "content": "<p>one</p>"}]',
            ["one", "two"],
            id="bare-list",
        ),
        pytest.param(
            '{"type": "Note", "id": "https://e.social/n/1", "content": "<p>alone</p>"}',
            ["alone"],
            id="one-note",
        ),
        pytest.param(
            '{"type": "Create", "id": "https://e.social/a/1", "actor": "https://e.social/users/x",'
            ' "object": {"type": "Note", "id": "https://e.social/n/1", "content": "<p>c</p>"}}',
            ["c"],
            id="one-create",
        ),
    ],
)
def test_other_shapes(tmp_path, text, expected):
    (tmp_path / "ap.json").write_text(text, encoding="utf-8")
    assert [p.text for p in read_sources([(tmp_path / "ap.json", "ap.json")]).posts] == expected


def errors(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "ap.json").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as err:
        read_sources([(tmp_path / "ap.json", "ap.json")])
    return [str(p) for p in err.value.problems]


def test_a_collection_without_items_is_an_error(tmp_path):
    text = '{\n  "id": "https://e.social/outbox",\n  "type": "OrderedCollection",\n'
    text += '  "first": "https://e.social/outbox?page=true"\n}\n'
    assert errors(tmp_path, text) == [
        "ap.json:2: field 'orderedItems': the collection holds no items; expected orderedItems "
        "or items, or an embedded first page with them, got 'https://e.social/outbox?page=true'"
    ]


def test_wrong_fields_name_line_and_field(tmp_path):
    text = """[
  {"type": "Note", "content": "<p>no id</p>"},
  {
    "type": "Note",
    "id": "https://e.social/n/1",
    "published": "soon",
    "summary": 3
  }
]
"""
    assert errors(tmp_path, text) == [
        "ap.json:0: field 'id': missing id; expected the object's URI, got nothing",
        "ap.json:5: field 'published': not a time; expected an ISO 8601 time like "
        "'2022-11-07T15:59:20Z', got 'soon'",
        "ap.json:5: field 'summary': wrong type; expected a string, got 3",
    ]


def test_a_post_in_two_sources_is_kept_once():
    outbox, context = FIXTURES / "outbox.json", MASTODON / "status-and-context.json"
    thread = read_sources([(context, "context.json"), (outbox, "outbox.json")])
    uris = [post.uri for post in thread.posts]
    assert len(uris) == len(set(uris))
    kept = thread.by_id()
    # 110 and 140 are in both: the Mastodon copies, read first, are kept.
    assert kept["110"].source.path == "context.json"
    assert pid(f"{ALICE}/statuses/110") not in kept
    # Alice's self-replies, only in the outbox, now answer the Mastodon copy of 110.
    assert kept[pid(f"{ALICE}/statuses/180")].reply_to == "110"
    assert len(thread.posts) == 9 + 2


def test_replies_to_a_dropped_copy_point_to_the_copy_kept():
    outbox, context = FIXTURES / "outbox.json", MASTODON / "status-and-context.json"
    thread = read_sources([(outbox, "outbox.json"), (context, "context.json")])
    kept = thread.by_id()
    first = pid(f"{ALICE}/statuses/110")
    assert "110" not in kept and "140" not in kept
    assert kept[first].source.path == "outbox.json"
    # Mastodon replies to status 110 now answer the outbox's copy of it...
    assert [p.id for p in thread.posts if p.reply_to == first] == [
        pid(f"{ALICE}/statuses/185"),
        pid(f"{ALICE}/statuses/180"),
        "120",
        "1150",
        "137",
        "136",
        "130",
    ]
    # ...and the outbox's 140, which named its parent by URI, answers Mastodon's 130.
    assert kept[pid(f"{ALICE}/statuses/140")].reply_to == "130"
    # The outbox's 110 named Bob's post by URI; the Mastodon file holds it as status 100.
    assert kept[first].reply_to == "100"


PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


BOB = "https://other.example/users/bob"


def note(n: int, **fields) -> dict:
    """A note by Alice, without addressing unless given."""
    return {
        "type": "Note",
        "id": f"{ALICE}/statuses/{n}",
        "attributedTo": ALICE,
        "published": f"2024-01-01T00:00:{n:02}Z",
        "content": f"<p>note {n}</p>",
        **fields,
    }


def create(obj: dict, **fields) -> dict:
    return {
        "type": "Create",
        "id": f"{obj['id']}/activity",
        "actor": ALICE,
        "object": obj,
        **fields,
    }


def test_a_time_out_of_range_is_not_a_time(tmp_path):
    text = json.dumps([note(1, published="0001-01-01T00:00:00+05:00")], indent=1)
    assert errors(tmp_path, text) == [
        "ap.json:4: field 'published': not a time; expected an ISO 8601 time like "
        "'2022-11-07T15:59:20Z', got '0001-01-01T00:00:00+05:00'"
    ]


ZOE = "https://ap.example/actors/8f3a"


def test_the_people_files_actors_reach_the_reader(tmp_path):
    # An actor URL of a form no handle can be read from: only the people file names it.
    (tmp_path / "ap.json").write_text(json.dumps([note(1, attributedTo=ZOE)]), encoding="utf-8")
    zoe = Person("zoe@ap.example", "Zoe")
    [post] = read_sources([(tmp_path / "ap.json", "ap.json")], people={ZOE: zoe}).posts
    assert (post.author, post.author_basis) == ("zoe@ap.example", "source")


def test_a_people_file_names_an_actor_through_the_pipeline(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "outbox.json").write_text(
        json.dumps({"type": "OrderedCollection", "orderedItems": [note(1, attributedTo=ZOE)]}),
        encoding="utf-8",
    )
    (tmp_path / "people.yml").write_text(
        f"people:\n  - handle: zoe@ap.example\n    name: Zoe\n    actor: {ZOE}\n",
        encoding="utf-8",
    )
    settings = Settings(
        root=tmp_path,
        docs_dir=tmp_path / "docs",
        sources=(tmp_path / "outbox.json",),
        people=tmp_path / "people.yml",
    )
    [post] = load(settings).posts
    assert (post.author, post.author_basis) == ("zoe@ap.example", "source")


def test_each_post_carries_the_line_of_its_id(tmp_path):
    text = json.dumps([note(1), create(note(2, content="<p>x</p>"))], indent=1)
    (tmp_path / "ap.json").write_text(text, encoding="utf-8")
    lines = text.split("\n")
    expected = [lines.index(f'  "id": "{ALICE}/statuses/1",') + 1]
    expected.append(lines.index(f'   "id": "{ALICE}/statuses/2",') + 1)
    posts = read_sources([(tmp_path / "ap.json", "ap.json")]).posts
    assert [p.source.line for p in posts] == expected


def published_notes(tmp_path: Path, items: list) -> list[str]:
    """The texts of the notes read from an outbox holding ``items``."""
    outbox = {"type": "OrderedCollection", "id": f"{ALICE}/outbox", "orderedItems": items}
    (tmp_path / "ap.json").write_text(json.dumps(outbox, indent=1), encoding="utf-8")
    return [p.text for p in read_sources([(tmp_path / "ap.json", "ap.json")]).posts]


@pytest.mark.parametrize(
    "item",
    [
        pytest.param(note(1, to=[PUBLIC]), id="to-public"),
        pytest.param(note(1, cc=PUBLIC), id="cc-public-as-one-value"),
        pytest.param(note(1, to=["as:Public"]), id="compact-as-public"),
        pytest.param(note(1, to=["Public"]), id="compact-public"),
        pytest.param(note(1, to=[{"id": PUBLIC, "type": "Collection"}]), id="public-as-object"),
        pytest.param(note(1, audience=PUBLIC), id="audience-public"),
        pytest.param(note(1, bcc=[PUBLIC]), id="bcc-public"),
        pytest.param(note(1, to=[f"{ALICE}/followers"]), id="own-followers-by-convention"),
        pytest.param(
            note(
                1,
                attributedTo={"id": ALICE, "type": "Person", "followers": f"{ALICE}/fans"},
                to=[f"{ALICE}/fans"],
            ),
            id="own-followers-as-the-embedded-actor-says",
        ),
        pytest.param(create(note(1), to=[PUBLIC]), id="create-addressed-note-not"),
        pytest.param(create(note(1, attributedTo=None), cc=[f"{ALICE}/followers"]), id="actor"),
        pytest.param(note(1), id="no-addressing-anywhere"),
    ],
)
def test_public_and_followers_only_notes_are_published(tmp_path, item):
    assert published_notes(tmp_path, [item]) == ["note 1"]


@pytest.mark.parametrize(
    "item",
    [
        # The hostile case: the account named "followers" is an actor, not a collection.
        pytest.param(
            note(1, to=["https://ex.social/users/followers"], cc=[]), id="actor-followers"
        ),
        pytest.param(note(1, to=[BOB]), id="to-an-actor"),
        pytest.param(note(1, to=[{"id": BOB, "type": "Person"}]), id="to-an-actor-object"),
        pytest.param(note(1, to=[{"href": BOB}]), id="to-a-link"),
        pytest.param(note(1, bcc=[BOB]), id="bcc-only"),
        pytest.param(note(1, bto=BOB), id="bto-only"),
        pytest.param(note(1, audience=f"{BOB}/group"), id="audience-a-group"),
        pytest.param(note(1, to=[f"{BOB}/followers"]), id="another-actors-followers"),
        pytest.param(note(1, to=[f"{ALICE}/following"]), id="own-following"),
        pytest.param(note(1, to=[f"{ALICE}/followers/"]), id="not-exactly-own-followers"),
        pytest.param(
            note(
                1,
                attributedTo={"id": ALICE, "type": "Person", "followers": f"{ALICE}/fans"},
                to=[f"{ALICE}/followers"],
            ),
            id="not-the-followers-the-embedded-actor-names",
        ),
        pytest.param(note(1, to=[], cc=[]), id="addressed-to-nobody"),
        pytest.param(note(1, to=None), id="addressed-to-null"),
        pytest.param(note(1, to=[f"{PUBLIC}x", "https://www.w3.org/ns/activitystreams"]), id="x"),
        pytest.param(create(note(1), to=[BOB]), id="create-addressed-note-not"),
        pytest.param(create(note(1), bcc=[BOB]), id="create-bcc-only"),
        pytest.param(create(note(1, to=[PUBLIC]), to=[BOB]), id="create-narrower-than-note"),
        pytest.param(create(note(1, to=[BOB]), to=[PUBLIC]), id="note-narrower-than-create"),
        pytest.param(
            create(note(1, attributedTo=None), to=[f"{BOB}/followers"]), id="create-other-followers"
        ),
        pytest.param(note(1, attributedTo=None, to=["/followers"]), id="no-author-followers"),
    ],
)
def test_direct_messages_are_never_published(tmp_path, item):
    assert published_notes(tmp_path, [note(2, to=[PUBLIC]), item]) == ["note 2"]


def test_a_collection_whose_items_are_not_a_list_is_an_error(tmp_path):
    for value, got in [("abc", "'abc'"), (5, "5"), ({"foo": 1}, "a mapping"), (True, "True")]:
        text = json.dumps({"type": "OrderedCollection", "orderedItems": value}, indent=1)
        assert errors(tmp_path, text) == [
            "ap.json:3: field 'orderedItems': wrong type; expected a list of activities or "
            f"objects, got {got}"
        ]


def test_one_item_given_as_itself_is_read(tmp_path):
    text = json.dumps({"type": "Collection", "items": note(1, to=[PUBLIC])})
    (tmp_path / "ap.json").write_text(text, encoding="utf-8")
    assert [p.text for p in read_sources([(tmp_path / "ap.json", "ap.json")]).posts] == ["note 1"]


def test_items_that_are_neither_objects_nor_uris_are_errors(tmp_path):
    items = [note(1), f"{ALICE}/statuses/9", 7, {"content": "<p>untyped</p>"}, None]
    text = json.dumps({"type": "OrderedCollection", "orderedItems": items}, indent=1)
    expected = "expected an activity or object with a 'type', or its URI"
    assert errors(tmp_path, text) == [
        f"ap.json:3: field 'orderedItems[2]': not an activity or object; {expected}, got 7",
        f"ap.json:3: field 'orderedItems[3]': not an activity or object; {expected}, got a mapping",
        f"ap.json:3: field 'orderedItems[4]': not an activity or object; {expected}, got nothing",
    ]


def test_one_object_twice_is_read_once_and_two_different_ones_are_an_error(tmp_path):
    assert published_notes(tmp_path, [note(1), create(note(1))]) == ["note 1"]
    text = json.dumps([note(1), note(2), note(1, content="<p>other words</p>")], indent=1)
    lines = [n for n, line in enumerate(text.split("\n"), 1) if f"{ALICE}/statuses/1" in line]
    assert errors(tmp_path, text) == [
        f"ap.json:{lines[1]}: post id {pid(f'{ALICE}/statuses/1')!r} is read twice "
        f"(object '{ALICE}/statuses/1')"
    ]
