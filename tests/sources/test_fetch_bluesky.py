"""Fetching a Bluesky thread from an AppView: a real HTTP server on 127.0.0.1 replays answers
of the shapes the AppView gives (getPostThread cut at its depth, 429s, a deleted post)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from generator.sources.bluesky import post_id
from generator.sources.fetch import FetchError, Options, fetch_to_file
from generator.sources.fetch.bluesky import DEPTH, PARENT_HEIGHT, parse_post_address
from generator.sources.read import read_sources
from tests.conftest import ROOT
from tests.sources.test_fetch import NOW, Replay, error, ok, server  # noqa: F401

ALICE = {"did": "did:plc:alice4mqz2xv7hk3ldenw5ycf", "handle": "alice.example.com"}
BOB = {"did": "did:plc:bob7r2kq5wxy3mzjtn4hvb6d", "handle": "bob.bsky.social", "displayName": "Bob"}
CAROL = {"did": "did:plc:carol6hs3qd2lk7pvxz4mnw8", "handle": "carol.bsky.social"}
ADDRESS = "https://bsky.app/profile/alice.example.com/post/3kfocus00000f"
LINK = "https://example.org/essays/fair-use-and-training.html?ref=bsky#part-2"


def uri(author: dict, rkey: str) -> str:
    return f"at://{author['did']}/app.bsky.feed.post/{rkey}"


P0, P1, F = uri(BOB, "3kparent0000a"), uri(CAROL, "3kparent0000b"), uri(ALICE, "3kfocus00000f")
R1, R2, R3 = uri(BOB, "3kreply00001a"), uri(CAROL, "3kreply00002a"), uri(ALICE, "3kreply00003a")
GONE = uri(BOB, "3kdeleted0001")


def view(author: dict, at: str, text: str, parent: str | None, replies: int = 0, **more) -> dict:
    record = {"$type": "app.bsky.feed.post", "createdAt": more.pop("created"), "text": text}
    if parent:
        record["reply"] = {
            "parent": {"cid": "bafyp", "uri": parent},
            "root": {"cid": "r", "uri": P0},
        }
    record.update(more)
    return {
        "uri": at,
        "cid": "bafy" + at[-13:],
        "author": dict(author, labels=[]),
        "record": record,
        "replyCount": replies,
        "indexedAt": record["createdAt"],
        "labels": [],
    }


def node(post: dict, **more) -> dict:
    return {"$type": "app.bsky.feed.defs#threadViewPost", "post": post, **more}


TEXT = "Read this: example.org/essays/fair-u..."
_START = len(TEXT.encode()) - len("example.org/essays/fair-u...")
POSTS = {
    P0: view(BOB, P0, "Where it started 🌱", None, 1, created="2024-12-01T09:00:00.000Z"),
    P1: view(CAROL, P1, "A reply in the middle", P0, 1, created="2024-12-01T09:01:00.000Z"),
    F: view(ALICE, F, "The post that was linked", P1, 2, created="2024-12-01T09:02:00.000Z"),
    R1: view(BOB, R1, "Below it", F, 1, created="2024-12-01T09:03:00.000Z"),
    R2: view(CAROL, R2, "Deeper", R1, 1, created="2024-12-01T09:04:00.000Z"),
    R3: view(
        ALICE,
        R3,
        TEXT,
        R2,
        1,
        created="2024-12-01T09:05:00.000Z",
        facets=[
            {
                "index": {"byteStart": _START, "byteEnd": len(TEXT.encode())},
                "features": [{"$type": "app.bsky.richtext.facet#link", "uri": LINK}],
            }
        ],
    ),
}
"""The thread: P0 ← P1 ← F (the post asked for) ← R1 ← R2 ← R3, and a deleted reply to F.
The AppView's first answer stops above P1 and below R2, as at its height and depth limits;
R3 has a reply that is deleted by the time it is asked for."""

FIRST = {
    "thread": node(
        POSTS[F],
        parent=node(POSTS[P1]),
        replies=[
            node(POSTS[R1], replies=[node(POSTS[R2])]),
            {"$type": "app.bsky.feed.defs#notFoundPost", "uri": GONE, "notFound": True},
        ],
    )
}
ABOVE = {"thread": node(POSTS[P0], replies=[])}
BELOW = {"thread": node(POSTS[R2], replies=[node(POSTS[R3])])}
RESOLVE = "/xrpc/com.atproto.identity.resolveHandle?handle=alice.example.com"


def thread_path(at: str, depth: int, parents: int) -> str:
    query = urllib.parse.urlencode({"uri": at, "depth": depth, "parentHeight": parents})
    return f"/xrpc/app.bsky.feed.getPostThread?{query}"


def answer(data: dict, **headers: str):
    return ok(json.dumps(data, ensure_ascii=False).encode(), **headers)


def not_found(at: str):
    return error(400, f"Post not found: {at}")


def script(appview: Replay) -> None:
    """The AppView's answers: the handle, the post's thread after one 429, and each cut."""
    appview.on(RESOLVE, answer({"did": ALICE["did"]}))
    appview.on(
        thread_path(F, DEPTH, PARENT_HEIGHT),
        error(429, "Rate Limit Exceeded", **{"Retry-After": "3"}),
        answer(FIRST),
    )
    appview.on(thread_path(P0, 0, PARENT_HEIGHT), answer(ABOVE))
    appview.on(thread_path(R2, DEPTH, 0), answer(BELOW))
    appview.on(thread_path(R3, DEPTH, 0), not_found(R3))


def fetch(appview: Replay, out: Path, address: str = ADDRESS, **options) -> tuple[list, list]:
    lines: list[str] = []
    sleeps: list[float] = []
    options = {"token": "mastodon-secret", **options}
    fetch_to_file(
        address,
        out,
        Options(**options),
        clock=lambda: NOW,
        sleep=sleeps.append,
        log=lines.append,
        appview=appview.url,
    )
    return lines, sleeps


def test_a_thread_is_fetched_again_where_the_appview_cut_it(server, tmp_path):  # noqa: F811
    script(server)
    out = tmp_path / "thread.json"
    lines, sleeps = fetch(server, out)
    assert server.paths == [
        RESOLVE,
        thread_path(F, DEPTH, PARENT_HEIGHT),
        thread_path(F, DEPTH, PARENT_HEIGHT),
        thread_path(P0, 0, PARENT_HEIGHT),
        thread_path(R2, DEPTH, 0),
        thread_path(R3, DEPTH, 0),
    ]
    assert sleeps == [3.0]  # Retry-After
    assert all("Authorization" not in headers for _, headers in server.requests)
    assert f"{R3} is not available; its branch ends there" in lines
    assert lines[-1] == f"wrote post {F} and 6 more to {out}"
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written == {
        "appview": server.url,
        "uri": F,
        "thread": FIRST["thread"],
        "continued": [ABOVE["thread"], BELOW["thread"]],
    }


def test_the_fetched_file_reads_as_the_whole_thread_each_post_once(server, tmp_path):  # noqa: F811
    script(server)
    out = tmp_path / "thread.json"
    fetch(server, out)
    posts = read_sources([(out, "thread.json")]).posts
    assert [p.uri for p in posts] == [P0, P1, F, R1, R2, R3, GONE]
    edges = {p.uri: p.reply_to for p in posts}
    parents = {
        at: POSTS[at]["record"].get("reply", {}).get("parent", {}).get("uri") for at in POSTS
    }
    assert edges == {
        **{at: post_id(parent) if parent else None for at, parent in parents.items()},
        GONE: post_id(F),
    }
    last = posts[5].paragraphs[0][-1]
    assert (last.kind, last.text, last.target) == ("link", "example.org/essays/fair-u...", LINK)
    assert posts[6].unavailable == "deleted or not found" and not posts[6].removed


@pytest.mark.parametrize(
    "address",
    [
        f"https://bsky.app/profile/{ALICE['did']}/post/3kfocus00000f",
        F,
        f"https://BSKY.app/profile/{ALICE['did']}/post/3kfocus00000f/?x=1#y",
    ],
)
def test_an_address_by_did_needs_no_handle_resolved(server, tmp_path, address: str):  # noqa: F811
    script(server)
    fetch(server, tmp_path / "t.json", address)
    assert RESOLVE not in server.paths
    assert server.paths[0] == thread_path(F, DEPTH, PARENT_HEIGHT)


def test_a_deleted_post_fails_with_the_appviews_message(server, tmp_path):  # noqa: F811
    server.on(RESOLVE, answer({"did": ALICE["did"]}))
    server.on(thread_path(F, DEPTH, PARENT_HEIGHT), not_found(F))
    out = tmp_path / "t.json"
    with pytest.raises(FetchError) as caught:
        fetch(server, out)
    assert str(caught.value) == (
        f"GET {server.url}{thread_path(F, DEPTH, PARENT_HEIGHT)}: HTTP 400 Bad Request: "
        f"Post not found: {F}"
    )
    assert not out.exists()


def test_addresses():
    assert parse_post_address(ADDRESS) is not None
    assert parse_post_address("https://bsky.app/profile/alice.example.com") is None
    assert parse_post_address("https://example.social/@alice/109876543210") is None
    assert parse_post_address("at://did:plc:x/app.bsky.feed.like/3k") is None


def test_an_appview_that_is_not_an_http_url_is_refused_before_any_request(tmp_path):
    with pytest.raises(FetchError, match="expected an AppView URL like https://public"):
        fetch_to_file(ADDRESS, tmp_path / "t.json", appview="ftp://appview.example")


@pytest.mark.parametrize("how", ["option", "environment"])
def test_the_command_asks_the_appview_it_is_given(server, tmp_path, how: str):  # noqa: F811
    script(server)
    out = tmp_path / "thread.json"
    args, env = [ADDRESS, "-o", str(out), "--max-wait", "5"], {"BLUESKY_APPVIEW": server.url}
    if how == "option":
        args, env = [*args, "--appview", server.url], {"BLUESKY_APPVIEW": "ftp://nowhere"}
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", MASTODON_TOKEN="", **env)
    done = subprocess.run(
        [sys.executable, "-m", "generator", "fetch", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == f"wrote post {F} and 6 more to {out}"
    assert len(read_sources([(out, "thread.json")]).posts) == 7


def test_the_command_reports_a_wrong_appview_in_one_line(tmp_path):
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", BLUESKY_APPVIEW="ftp://x")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "fetch", ADDRESS, "-o", str(tmp_path / "t.json")],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (
        1,
        "fetch: expected an AppView URL like https://public.api.bsky.app, got 'ftp://x'\n",
    )


def test_the_appviews_rate_limit_headers_are_honoured(server, tmp_path):  # noqa: F811
    """The AppView names its limit RateLimit-Remaining and RateLimit-Reset (a Unix time):
    with none left, the next request waits for the reset."""
    script(server)
    server.on(RESOLVE, answer({"did": ALICE["did"]}, **{
        "RateLimit-Remaining": "0", "RateLimit-Reset": str(int(NOW) + 20),
    }))  # fmt: skip
    _, sleeps = fetch(server, tmp_path / "thread.json")
    assert sleeps == [20.0, 3.0]  # the reset, then the thread's Retry-After
