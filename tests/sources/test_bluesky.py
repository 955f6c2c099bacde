"""Reading Bluesky threads (AppView JSON): golden files, facets, tree, embeds, labels, errors."""

from __future__ import annotations

import copy
import json
import logging
from pathlib import Path
from unicodedata import normalize

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import ContentError
from generator.model import plain_text
from generator.sources import bluesky_embeds, bluesky_facets
from generator.sources.bluesky import post_id
from generator.sources.read import read_sources
from generator.text import clean
from tests.conftest import ROOT, UPDATE_GOLDEN, flow, write_golden

FIXTURES = ROOT / "tests" / "fixtures" / "bluesky"
GOLDEN = ROOT / "tests" / "golden" / "read_bluesky"
MASTODON = ROOT / "tests" / "fixtures" / "mastodon" / "status.json"
ALICE = "did:plc:alice4mqz2xv7hk3ldenw5ycf"


def spans_data(paragraphs) -> list:
    return [[flow([s.kind, s.text, s.target]) for s in para] for para in paragraphs]


def thread_data(thread) -> dict:
    """What the reader produced, as plain data for golden files."""
    return {
        "posts": [
            {
                "id": post.id,
                "author": post.author,
                "author_basis": post.author_basis,
                "reply_to": post.reply_to,
                "reply_basis": post.reply_basis,
                "removed": post.removed,
                "unavailable": post.unavailable,
                "uri": post.uri,
                "url": post.url,
                "published": post.published,
                "lang": post.lang,
                "warning": post.warning,
                "source": flow([post.source.path, post.source.line]),
                "mentions": flow(post.mentions),
                "media": [flow([m.kind, m.description, m.url]) for m in post.media],
                "card": flow([post.card.url, post.card.title, post.card.description])
                if post.card
                else None,
                "quote": None
                if post.quote is None
                else {
                    "uri": post.quote.uri,
                    "url": post.quote.url,
                    "author": post.quote.author,
                    "status_id": post.quote.status_id,
                    "post": post.quote.post,
                    "withdrawn": post.quote.withdrawn,
                    "paragraphs": spans_data(post.quote.paragraphs),
                },
                "paragraphs": spans_data(post.paragraphs),
            }
            for post in thread.posts
        ],
        "people": {
            key: flow([p.handle, p.display_name, p.url]) for key, p in thread.people.items()
        },
    }


def read(*names: str):
    return read_sources([(FIXTURES / name, name) for name in names])


def raw(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("source", sorted(FIXTURES.glob("*.json")), ids=lambda p: p.stem)
def test_golden(source: Path):
    got = thread_data(read_sources([(source, source.name)]))
    golden = GOLDEN / f"{source.stem}.yml"
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        write_golden(golden, got)
    assert got == yaml.safe_load(golden.read_text(encoding="utf-8"))


def test_facets_are_byte_offsets_past_emoji_accents_and_cjk():
    posts = read("thread.json").posts
    root, bob, alice = posts[0], posts[1], posts[2]
    # 🤔 is four bytes: the link starts after it, at the shortened text, to the full address.
    link = root.paragraphs[0][1]
    assert (link.kind, link.text) == ("link", "example.org/essays/fair-u...")
    assert link.target == "https://example.org/essays/fair-use-and-training.html?ref=bsky"
    assert root.paragraphs[0][-1].text == "#AIArt"
    assert root.paragraphs[0][-1].target == "https://bsky.app/hashtag/AIArt"
    assert bob.paragraphs[0][1].text == "@alice.example.com"  # after "Héllo "
    assert bob.mentions == ("alice.example.com",)
    # CJK between two mentions, the last at the very end of the text.
    assert [s.kind for s in alice.paragraphs[0]] == ["mention", "text", "mention"]
    assert alice.mentions == ("bob.bsky.social", "carol.bsky.social")


def test_a_facet_inside_a_character_is_ignored_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="generator.sources.bluesky"):
        post = read("thread.json").by_id()[
            post_id(f"at://{ALICE}/app.bsky.feed.post/3keeeeeeeee2e")
        ]
    assert post.text == "@bob.bsky.social 同意しません。著作権の話ではない @carol.bsky.social"
    assert [r.getMessage() for r in caplog.records] == [
        "thread.json:145: post at://did:plc:alice4mqz2xv7hk3ldenw5ycf/app.bsky.feed.post/"
        "3keeeeeeeee2e: facet 2: byte offsets 18–20 split a character; ignored"
    ]


@pytest.mark.parametrize("name", ["thread.json", "thread-v2.json", "thread-deleted-parent.json"])
def test_reply_edges_are_the_records_reply_parent(name: str):
    posts = read(name).posts
    for post in posts:
        if post.placeholder:
            continue
        record = next(v for v in _views(raw(name)) if v["uri"] == post.uri)["record"]
        parent = record.get("reply", {}).get("parent", {}).get("uri")
        assert post.reply_to == (post_id(parent) if parent else None)
    ids = {post.id for post in posts}
    assert all(post.reply_to in ids for post in posts if post.reply_to)  # nothing dangles


def _views(data) -> list[dict]:
    found, stack = [], [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "record" in item and "author" in item and "uri" in item:
                found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def test_posts_not_available_hold_the_tree_together():
    v2 = read("thread-v2.json").posts
    assert [(p.unavailable, p.removed, p.author, p.paragraphs) for p in v2 if p.placeholder] == [
        ("hidden by a block", False, "", ()),
        ("deleted or not found", False, "", ()),
    ]
    blocked, anchor = v2[0], v2[1]
    assert anchor.reply_to == blocked.id and blocked.reply_to is None
    deleted = read("thread-deleted-parent.json").posts
    assert deleted[0].unavailable == "deleted or not found"
    assert not deleted[0].removed and deleted[1].reply_to == deleted[0].id


def test_quotes_link_to_their_place_when_in_the_thread():
    thread = read("thread.json").by_id()
    carol = thread[
        post_id("at://did:plc:carol6hs3qd2lk7pvxz4mnw8/app.bsky.feed.post/3kccccccccc2c")
    ]
    assert carol.quote is not None and carol.quote.post in thread
    assert carol.quote.author == "alice.example.com"
    posts = read("posts.json").posts
    quoted, withdrawn = posts[1].quote, posts[0].quote
    assert quoted is not None and quoted.post == "" and quoted.author == "carol.bsky.social"
    assert withdrawn is not None and withdrawn.withdrawn and not withdrawn.paragraphs


def test_labels_become_warnings_and_a_negated_label_does_not():
    posts = read("posts.json").posts
    assert [p.warning for p in posts] == ["Nudity", "Content warning, Adult content", ""]


def test_labels_on_the_authors_account_warn_too():
    view = {"labels": [], "author": {"labels": [{"val": "porn"}, {"val": "!no-unauthenticated"}]}}
    assert bluesky_embeds.warning(view, {"labels": {"values": [{"val": "graphic-media"}]}}) == (
        "Adult content, Graphic media"
    )


def test_ids_are_stable_and_a_post_read_twice_is_kept_once():
    once = read("thread.json")
    twice = read("thread.json", "thread.json")
    assert [p.id for p in twice.posts] == [p.id for p in once.posts]
    assert len({p.id for p in read("posts.json").posts}) == 3  # K listed twice
    assert post_id(f"at://{ALICE}/app.bsky.feed.post/3kaaaaaaaaa2a") == "3kaaaaaaaaa2a-8d1425ab"
    assert post_id(f"at://{ALICE}/app.bsky.feed.post/a:b.c~d").startswith("at-")


def test_a_bluesky_thread_and_a_mastodon_file_are_one_discussion():
    thread = read_sources([(FIXTURES / "thread.json", "thread.json"), (MASTODON, "status.json")])
    authors = {post.author for post in thread.posts}
    assert {"alice.example.com", "alice@example.social"} <= authors  # two people, two networks
    assert {"alice.example.com", "alice@example.social"} <= set(thread.people)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["thread"]["post"]["record"].update(createdAt="yesterday"),
            "bad.json:5: field 'record.createdAt': not a time; expected an ISO 8601 time like "
            "'2024-11-07T15:59:20.000Z', got 'yesterday'",
        ),
        (
            lambda d: d["thread"]["replies"][2].update(uri="at://x/app.bsky.feed.like/1"),
            "bad.json:345: field 'uri': not a post; expected an at://DID/app.bsky.feed.post/RKEY "
            "URI, got 'at://x/app.bsky.feed.like/1'",
        ),
        (
            lambda d: d["thread"]["replies"][1].pop("post"),
            "bad.json:0: field 'uri': not a post; expected an at://DID/app.bsky.feed.post/RKEY "
            "URI, got ''",
        ),
        (
            lambda d: d["thread"]["replies"][0]["post"].pop("author"),
            "bad.json:77: field 'post': not a post view; expected a post view with an at:// uri, "
            "an author and an app.bsky.feed.post record, got a mapping",
        ),
    ],
)
def test_problems_name_the_line(tmp_path: Path, change, message: str):
    data = raw("thread.json")
    change(data)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        read_sources([(bad, "bad.json")])
    assert [str(p) for p in err.value.problems] == [message]


_FEATURES = st.sampled_from(
    [
        {"$type": "app.bsky.richtext.facet#mention", "did": ALICE},
        {"$type": "app.bsky.richtext.facet#link", "uri": "https://example.org/x"},
        {"$type": "app.bsky.richtext.facet#tag", "tag": "art"},
        {"$type": "app.bsky.richtext.facet#link", "uri": "javascript:alert(1)"},
        {"$type": "unknown"},
    ]
)
_OFFSET = st.one_of(st.integers(-3, 40), st.none(), st.text(max_size=2), st.booleans())
_FACET = st.one_of(
    st.fixed_dictionaries(
        {
            "index": st.fixed_dictionaries({"byteStart": _OFFSET, "byteEnd": _OFFSET}),
            "features": st.lists(_FEATURES, max_size=2),
        }
    ),
    st.none(),
    st.integers(),
)


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    facets=st.one_of(st.lists(_FACET, max_size=5), st.none(), st.text(max_size=3)),
)
def test_any_facets_never_crash_and_keep_every_character(text: str, facets):
    warned: list[str] = []
    paragraphs = bluesky_facets.paragraphs(
        text, facets, {ALICE: "alice.example.com"}, warned.append
    )
    shown = normalize("NFC", " ".join(plain_text(paragraphs).split()))
    assert shown == normalize("NFC", " ".join(clean(text).split()))
    for para in paragraphs:
        for span in para:
            assert (
                span.kind == "text"
                or span.target.startswith("https://")
                or (span.kind == "mention" and span.target)
            )


def test_a_lone_surrogate_before_a_facet_neither_crashes_nor_shifts_it():
    text = "\ud800 #art"
    facet = {"index": {"byteStart": 4, "byteEnd": 8}, "features": [dict(_TAG)]}
    [para] = bluesky_facets.paragraphs(text, [facet], {}, print)
    assert [(s.kind, s.text) for s in para] == [("link", "#art")]


_TAG = {"$type": "app.bsky.richtext.facet#tag", "tag": "art"}


def _places(data, at=()):
    """Every place in parsed JSON, as a path of keys and indexes."""
    yield at
    items = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    for key, value in items:
        yield from _places(value, (*at, key))


_ODD = st.sampled_from(
    [None, 1, -5, True, "x", "", [], {}, [None], {"a": 1}, "at://x", 1.5, "\ud800"]
)


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(sorted(p.name for p in FIXTURES.glob("*.json"))), data=st.data())
def test_any_field_of_any_type_is_read_or_a_problem_never_a_crash(
    name: str, data, tmp_path_factory
):
    tree = raw(name)
    places = [place for place in _places(tree) if place]
    for place in data.draw(st.lists(st.sampled_from(places), min_size=1, max_size=3)):
        parent = tree
        try:
            for key in place[:-1]:
                parent = parent[key]
            parent[place[-1]] = copy.deepcopy(data.draw(_ODD))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change took this place away
    source = tmp_path_factory.mktemp("odd") / name
    source.write_text(json.dumps(tree, indent=1), encoding="utf-8")
    try:
        read_sources([(source, name)])
    except ContentError as err:
        assert all(str(problem).startswith(f"{name}:") for problem in err.problems)
