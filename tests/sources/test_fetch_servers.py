"""Fetching from servers other than Mastodon: GoToSocial, Pleroma and Akkoma through the
Mastodon API they share, Misskey through its own, and a test instance on a host without a dot.

A real HTTP server on 127.0.0.1 replays answers (see :mod:`tests.sources.test_fetch`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.publish.cli import main
from generator.sources.fetch import FetchError, Options, fetch_to_file
from generator.sources.fetch.misskey import PAGE
from generator.sources.fetch.status_url import parse_status_url
from tests.sources.test_fetch import NOW, Replay, Reply, error, ok, post_key, serving

ULID = "01HQZ8W3J9K2M4N6P8R0S2T4V6"
"""A GoToSocial status id."""
FLAKE = "AbCdEf0123456789xy"
"""A Pleroma or Akkoma status id."""
UUID = "0f2c6a3e-5b1d-4c7e-9a2b-3d4e5f6a7b8c"
"""A Pleroma or Akkoma object's UUID."""


@pytest.fixture
def server() -> Iterator[Replay]:
    with serving() as replay:
        yield replay


def status(server: Replay, status_id: str, reply: str | None = None, text: str = "hello") -> dict:
    """A Mastodon API status of ``alice`` on ``server``."""
    return {
        "id": status_id,
        "created_at": "2024-01-01T00:00:00.000Z",
        "in_reply_to_id": reply,
        "uri": f"{server.url}/users/alice/statuses/{status_id}",
        "url": f"{server.url}/@alice/statuses/{status_id}",
        "visibility": "public",
        "content": f"<p>{text}</p>",
        "spoiler_text": "",
        "account": {"acct": "alice", "url": f"{server.url}/@alice", "display_name": "Alice"},
        "mentions": [],
        "media_attachments": [],
        "card": None,
        "reblog": None,
    }


def json_reply(value: object) -> Reply:
    return ok(json.dumps(value).encode())


def script_status(server: Replay, status_id: str) -> None:
    """The status and a context with one reply, as the Mastodon API answers them."""
    reply = status(server, f"{status_id}R", status_id, "a reply")
    server.on(f"/api/v1/statuses/{status_id}", json_reply(status(server, status_id)))
    server.on(
        f"/api/v1/statuses/{status_id}/context",
        json_reply({"ancestors": [], "descendants": [reply]}),
    )


def fetch(url: str, out: Path) -> list[str]:
    """Fetch ``url`` into ``out`` without waiting; returns the progress lines."""
    lines: list[str] = []
    fetch_to_file(url, out, Options(), clock=lambda: NOW, sleep=lambda _: None, log=lines.append)
    return lines


# Addresses


@pytest.mark.parametrize(
    ("path", "api", "status_id"),
    [
        (f"/@alice/statuses/{ULID}", "mastodon", ULID),  # GoToSocial
        (f"/@alice/statuses/{ULID}/", "mastodon", ULID),
        (f"/users/alice/statuses/{ULID}", "mastodon", ULID),  # GoToSocial's uri
        (f"/notice/{FLAKE}", "mastodon", FLAKE),  # Pleroma, Akkoma
        ("/notes/9qk2xv8m1a", "misskey", "9qk2xv8m1a"),  # Misskey and its forks
        ("/notes/9qk2xv8m1a?from=timeline#top", "misskey", "9qk2xv8m1a"),
    ],
)
def test_every_servers_post_address_is_accepted(path, api, status_id):
    address = parse_status_url(f"https://social.example{path}")
    assert (address.base, address.api, address.status_id) == (
        "https://social.example",
        api,
        status_id,
    )


def test_an_object_address_is_looked_up_by_the_servers_search():
    address = parse_status_url(f"https://pleroma.example/objects/{UUID}")
    assert (address.api, address.status_id) == ("mastodon", "")
    assert address.object_url == f"https://pleroma.example/objects/{UUID}"
    assert address.search_url == (
        "https://pleroma.example/api/v2/search?q=https%3A%2F%2Fpleroma.example%2Fobjects%2F"
        f"{UUID}&type=statuses&resolve=true&limit=5"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://pleroma.example/objects/not-a-uuid",
        "https://pleroma.example/notice/",
        "https://misskey.example/notes/",
        "https://misskey.example/notes/9qk2xv8m1a/reactions",
        "https://gts.example/@alice/statuses/",
    ],
)
def test_other_addresses_of_these_servers_are_refused(url):
    with pytest.raises(FetchError, match="expected a status URL like"):
        parse_status_url(url)


# GoToSocial, Pleroma, Akkoma: the Mastodon API


@pytest.mark.parametrize("path", [f"/@alice/statuses/{ULID}", f"/notice/{ULID}"])
def test_gotosocial_and_akkoma_addresses_fetch_through_the_mastodon_api(server, tmp_path, path):
    script_status(server, ULID)
    out = tmp_path / "thread.json"
    result = CliRunner().invoke(main, ["fetch", f"{server.url}{path}", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert server.paths == [f"/api/v1/statuses/{ULID}", f"/api/v1/statuses/{ULID}/context"]
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["status"]["id"] == ULID
    assert [s["id"] for s in written["context"]["descendants"]] == [f"{ULID}R"]


def test_an_akkoma_object_address_fetches_the_status_its_search_gives(server, tmp_path):
    object_url = f"{server.url}/objects/{UUID}"
    found = dict(status(server, FLAKE), uri=object_url)
    other = dict(status(server, "Other1"), uri=f"{server.url}/objects/another")
    search = f"/api/v2/search?q={object_url.replace(':', '%3A').replace('/', '%2F')}"
    server.on(
        f"{search}&type=statuses&resolve=true&limit=5", json_reply({"statuses": [other, found]})
    )
    script_status(server, FLAKE)
    lines = fetch(object_url, tmp_path / "thread.json")
    assert server.paths[1:] == [f"/api/v1/statuses/{FLAKE}", f"/api/v1/statuses/{FLAKE}/context"]
    assert f"{object_url} is status {FLAKE}" in lines
    assert json.loads((tmp_path / "thread.json").read_text())["status"]["id"] == FLAKE


def test_an_object_the_search_does_not_find_fails_without_writing(server, tmp_path):
    object_url = f"{server.url}/objects/{UUID}"
    search = f"/api/v2/search?q={object_url.replace(':', '%3A').replace('/', '%2F')}"
    other = dict(status(server, "Other1"), uri=f"{server.url}/objects/another")
    server.on(f"{search}&type=statuses&resolve=true&limit=5", json_reply({"statuses": [other]}))
    with pytest.raises(FetchError) as caught:
        fetch(object_url, tmp_path / "thread.json")
    assert str(caught.value) == (
        f"GET {server.url}{search}&type=statuses&resolve=true&limit=5: the server gave no "
        f"status with the address {object_url}; expected the address of a post of that server"
    )
    assert list(tmp_path.iterdir()) == []


# Misskey: its own API


def note(server: Replay, note_id: str, reply: str | None = None, **fields) -> dict:
    """A Misskey note of ``alice`` on ``server``, as ``notes/show`` answers it."""
    return {
        "id": note_id,
        "createdAt": f"2024-01-01T00:00:{len(note_id):02}.000Z",
        "userId": "9aaaaaaaaa",
        "user": {"id": "9aaaaaaaaa", "name": "Alice", "username": "alice", "host": None},
        "text": f"note {note_id}",
        "cw": None,
        "visibility": "public",
        "replyId": reply,
        "renoteId": None,
        "files": [],
        **fields,
    }


def show(server: Replay, found: dict) -> None:
    server.on_post("/api/notes/show", {"noteId": found["id"]}, json_reply(found))


def children(server: Replay, note_id: str, *pages: list[dict]) -> None:
    """``notes/children`` of ``note_id``, page after page (each asked with the ``untilId`` of
    the page before)."""
    body: dict = {"noteId": note_id, "limit": PAGE}
    for page in pages or ([],):
        server.on_post("/api/notes/children", body, json_reply(page))
        if page:
            body = {"noteId": note_id, "limit": PAGE, "untilId": page[-1]["id"]}


def test_a_misskey_thread_is_fetched_with_notes_show_and_children(server, tmp_path):
    root, parent = note(server, "r1"), note(server, "p1", "r1")
    focal = note(server, "f1", "p1", text="@bob what a thread")
    full_page = [note(server, f"c{i:03}", "f1") for i in range(PAGE)]
    last = note(server, "c999", "f1")
    quote = note(server, "q1", None, renoteId="f1", text="quoting this")
    deep = note(server, "d1", "c000")
    for found in (root, parent, focal):
        show(server, found)
    children(server, "f1", [*full_page[:-1], quote, full_page[-1]], [last])
    children(server, "c000", [deep])
    for child in (*full_page[1:], last, deep):
        children(server, child["id"])
    out = tmp_path / "thread.json"
    lines = fetch(f"{server.url}/notes/f1", out)
    written = json.loads(out.read_text(encoding="utf-8"))
    assert list(written) == ["server", "note", "ancestors", "children"]
    assert written["server"] == server.url
    assert written["note"] == focal
    assert [n["id"] for n in written["ancestors"]] == ["r1", "p1"], "root first"
    below = [n["id"] for n in written["children"]]
    assert below[: PAGE + 2] == [
        *(n["id"] for n in full_page[:-1]),
        "q1",
        full_page[-1]["id"],
        "c999",
    ]
    assert below[PAGE + 2 :] == ["d1"], "level by level; nothing asked below the quote"
    assert post_key("/api/notes/children", {"noteId": "q1", "limit": PAGE}) not in server.paths
    assert lines[-1] == f"wrote note f1 with 2 ancestor(s) and {PAGE + 3} descendant(s) to {out}"
    assert f"POST {server.url}/api/notes/show: 200 OK" in lines
    for _, headers in server.requests:
        assert headers["Content-Type"] == "application/json"


def test_a_deleted_misskey_ancestor_ends_the_walk_up(server, tmp_path):
    show(server, note(server, "f1", "p1"))
    gone = {"error": {"message": "No such note.", "code": "NO_SUCH_NOTE", "id": "x"}}
    server.on_post("/api/notes/show", {"noteId": "p1"}, Reply(400, json.dumps(gone).encode()))
    children(server, "f1")
    lines = fetch(f"{server.url}/notes/f1", tmp_path / "thread.json")
    assert json.loads((tmp_path / "thread.json").read_text())["ancestors"] == []
    assert "note p1 is not available; the ancestors stop there" in lines


def test_a_missing_misskey_note_fails_with_its_message(server, tmp_path):
    gone = {"error": {"message": "No such note.", "code": "NO_SUCH_NOTE", "id": "x"}}
    server.on_post("/api/notes/show", {"noteId": "f1"}, Reply(400, json.dumps(gone).encode()))
    with pytest.raises(FetchError) as caught:
        fetch(f"{server.url}/notes/f1", tmp_path / "thread.json")
    assert str(caught.value) == (
        f"POST {server.url}/api/notes/show: HTTP 400 Bad Request: No such note. (NO_SUCH_NOTE)"
    )
    assert list(tmp_path.iterdir()) == []


def test_misskey_requests_are_retried_and_paced_like_mastodons(server, tmp_path):
    focal = note(server, "f1")
    server.on_post(
        "/api/notes/show",
        {"noteId": "f1"},
        error(429, "slow down", **{"Retry-After": "7"}),
        json_reply(focal),
    )
    children(server, "f1")
    sleeps: list[float] = []
    fetch_to_file(
        f"{server.url}/notes/f1",
        tmp_path / "thread.json",
        Options(),
        clock=lambda: NOW,
        sleep=sleeps.append,
        log=lambda _: None,
    )
    assert sleeps == [7.0]


def test_a_misskey_answer_that_is_not_a_note_fails_clearly(server, tmp_path):
    server.on_post("/api/notes/show", {"noteId": "f1"}, json_reply({"ok": True}))
    with pytest.raises(FetchError) as caught:
        fetch(f"{server.url}/notes/f1", tmp_path / "thread.json")
    assert str(caught.value) == (
        f"POST {server.url}/api/notes/show: expected a note with 'id' and 'user', "
        "got '{\"ok\": true}'"
    )


def test_a_redirected_misskey_request_is_sent_again_with_its_body(server, other_server, tmp_path):
    server.on_post(
        "/api/notes/show",
        {"noteId": "f1"},
        Reply(301, b"", {"Location": f"{other_server.url}/api/notes/show"}),
    )
    show(other_server, note(other_server, "f1"))
    server.on_post(
        "/api/notes/children",
        {"noteId": "f1", "limit": PAGE},
        Reply(308, b"", {"Location": f"{other_server.url}/api/notes/children"}),
    )
    children(other_server, "f1")
    fetch(f"{server.url}/notes/f1", tmp_path / "thread.json")
    assert [path.split()[1] for path in other_server.paths] == [
        "/api/notes/show",
        "/api/notes/children",
    ]


@pytest.fixture
def other_server() -> Iterator[Replay]:
    with serving() as replay:
        yield replay


def test_a_token_goes_to_misskey_as_a_bearer_token(server, tmp_path):
    show(server, note(server, "f1"))
    children(server, "f1")
    out = tmp_path / "thread.json"
    result = CliRunner().invoke(
        main, ["fetch", f"{server.url}/notes/f1", "-o", str(out)], env={"MASTODON_TOKEN": "tok"}
    )
    assert result.exit_code == 0, result.output
    assert [headers["Authorization"] for _, headers in server.requests] == ["Bearer tok"] * 2
