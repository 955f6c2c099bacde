"""Fetch a Bluesky post and its thread through the public AppView API (AT Protocol).

Accepted addresses: a post's page on Bluesky's web app, by handle or by DID, and its
``at://`` URI::

    https://bsky.app/profile/alice.bsky.social/post/3kq4yv2ctx22b
    https://bsky.app/profile/did:plc:ewvi7nxzyoun6zhxrhs64oiz/post/3kq4yv2ctx22b
    at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/3kq4yv2ctx22b

The AppView is asked (``GET /xrpc/<method>``, no account needed):

1. ``com.atproto.identity.resolveHandle?handle=…``: the DID of a handle, where the address
   gives a handle;
2. ``app.bsky.feed.getPostThread?uri=…&depth=…&parentHeight=…``: the post, :data:`DEPTH`
   levels of replies below it and :data:`PARENT_HEIGHT` parents above it;
3. the same again for every branch the answers cut: below each reply that has replies
   (``replyCount``) but none given (the depth limit), and above the topmost parent given when
   its record names a parent still (``reply.parent``), until nothing is cut or
   :data:`MAX_REQUESTS` threads have been asked for. A post the AppView no longer gives
   (deleted, hidden) ends its branch there.

Depths are kept small so that every answer nests less deep than the client reads
(:data:`generator.sources.fetch.json_answer.MAX_DEPTH`). What is written::

    {"appview": "https://public.api.bsky.app", "uri": "at://…", "thread": node,
     "continued": [node, …]}

each node (``app.bsky.feed.defs#threadViewPost``) exactly as the AppView sent it;
:mod:`generator.sources.bluesky` reads it, and keeps a post given twice once. Requests are
made, retried and paced by :mod:`generator.sources.fetch.client`; no access token is ever
sent to the AppView.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from dataclasses import dataclass, replace
from typing import Any

from generator.sources.fetch.client import Clock, Log, Options, Sleep, get_json
from generator.sources.fetch.errors import FetchError, quote, sample

APPVIEW = "https://public.api.bsky.app"
"""The public AppView, asked unless another is given."""
EXAMPLE = "https://bsky.app/profile/alice.bsky.social/post/3kq4yv2ctx22b"
"""A Bluesky post address, for messages."""
DEPTH = 20
"""Levels of replies asked for at a time."""
PARENT_HEIGHT = 40
"""Parents asked for at a time."""
MAX_REQUESTS = 500
"""The most ``getPostThread`` requests made for one thread; a larger one is cut, and said."""

_REPO = r"(?P<repo>did:[a-z]+:[A-Za-z0-9._:%-]+|[A-Za-z0-9.-]+\.[A-Za-z0-9-]+)"
_RKEY = r"(?P<rkey>[A-Za-z0-9._:~-]{1,512})"
_WEB = re.compile(rf"https://(?:www\.)?bsky\.app/profile/{_REPO}/post/{_RKEY}/?")
_AT = re.compile(rf"at://{_REPO}/app\.bsky\.feed\.post/{_RKEY}")


@dataclass(frozen=True)
class PostAddress:
    """A Bluesky post, as its address names it."""

    repo: str
    """The author's handle (``alice.bsky.social``) or DID (``did:plc:…``)."""
    rkey: str
    """The post record's key."""


def parse_post_address(url: str) -> PostAddress | None:
    """The repository and record key of a Bluesky post address; None when ``url`` is not
    one (a query or fragment is ignored)."""
    url = url.strip()
    if url.startswith("at://"):
        match = _AT.fullmatch(url)
    else:
        parts = urllib.parse.urlsplit(url)
        match = _WEB.fullmatch(f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path}")
    return PostAddress(match["repo"], match["rkey"]) if match else None


def check_appview(base: str) -> str:
    """``base`` without a trailing slash; :class:`FetchError` unless it is an http(s) URL
    with a host and nothing after its path."""
    parts = urllib.parse.urlsplit(base.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
        raise FetchError(f"expected an AppView URL like {APPVIEW}, got {quote(base)}")
    return base.strip().rstrip("/")


def fetch_bluesky(
    url: str, options: Options, appview: str, *, clock: Clock, sleep: Sleep, log: Log
) -> dict[str, Any]:
    """``{"appview", "uri", "thread", "continued"}`` for the post at ``url`` (see the module
    docstring). Raises :class:`FetchError` when the post cannot be had, or when an answer is
    not what the AppView answers."""
    address = parse_post_address(url)
    if address is None:
        raise FetchError(f"expected a Bluesky post address like {EXAMPLE}, got {quote(url)}")
    base = check_appview(appview)
    options = replace(options, token="")  # a Mastodon token is not the AppView's
    not_before = 0.0

    def ask(method: str, **params: str | int) -> Any:
        nonlocal not_before
        query = urllib.parse.urlencode(params)
        answer, not_before = get_json(
            f"{base}/xrpc/{method}?{query}",
            options,
            not_before=not_before,
            clock=clock,
            sleep=sleep,
            log=log,
        )
        return answer

    did = address.repo
    if not did.startswith("did:"):
        found = ask("com.atproto.identity.resolveHandle", handle=address.repo)
        did = found.get("did") if isinstance(found, dict) else None
        if not isinstance(did, str) or not did.startswith("did:"):
            raise FetchError(
                f"{base}: resolveHandle gave no DID for {quote(address.repo)}, "
                f"got {sample(json.dumps(found, ensure_ascii=False))}"
            )
        log(f"{address.repo} is {did}")
    uri = f"at://{did}/app.bsky.feed.post/{address.rkey}"
    top = _thread(ask, uri, DEPTH, PARENT_HEIGHT)
    continued: list[Any] = []
    asked = {uri}
    waiting = _cut(top, above=True, below=True)
    while waiting:
        below, cut_uri = waiting.pop(0)
        if cut_uri in asked:
            continue
        if len(asked) >= MAX_REQUESTS:
            log(f"stopped after {MAX_REQUESTS} requests; the rest of the thread is not fetched")
            break
        asked.add(cut_uri)
        try:
            node = _thread(ask, cut_uri, DEPTH if below else 0, 0 if below else PARENT_HEIGHT)
        except FetchError as err:
            if err.status is None or not 400 <= err.status < 500 or err.status == 429:
                raise
            log(f"{cut_uri} is not available; its branch ends there")
            continue
        continued.append(node)
        waiting += _cut(node, above=not below, below=below)
    return {"appview": base, "uri": uri, "thread": top, "continued": continued}


def _thread(ask: Any, uri: str, depth: int, parents: int) -> Any:
    """The ``thread`` node of ``getPostThread`` for ``uri``."""
    answer = ask("app.bsky.feed.getPostThread", uri=uri, depth=depth, parentHeight=parents)
    node = answer.get("thread") if isinstance(answer, dict) else None
    if not (isinstance(node, dict) and str(node.get("$type", "")).startswith("app.bsky.feed.")):
        raise FetchError(
            f"getPostThread {uri}: expected {{thread: threadViewPost}}, "
            f"got {sample(json.dumps(answer, ensure_ascii=False))}"
        )
    return node


def _cut(top: dict, *, above: bool, below: bool) -> list[tuple[bool, str]]:
    """Where an answer was cut: ``(True, uri)`` for a post whose replies were left out
    (looked for when ``below``), ``(False, uri)`` for a parent not given above the topmost
    one that was (when ``above``)."""
    cut: list[tuple[bool, str]] = []
    highest = top
    while isinstance(highest.get("parent"), dict):
        highest = highest["parent"]
    post = highest.get("post")
    record = post.get("record") if isinstance(post, dict) else None
    reply = record.get("reply") if isinstance(record, dict) else None
    parent = reply.get("parent") if isinstance(reply, dict) else None
    if above and isinstance(parent, dict) and isinstance(parent.get("uri"), str):
        cut.append((False, parent["uri"]))
    stack = [top] if below else []
    while stack:
        node = stack.pop()
        post = node.get("post")
        if not isinstance(post, dict) or not isinstance(post.get("uri"), str):
            continue
        replies = node.get("replies")
        if isinstance(replies, list):
            stack.extend(reply for reply in reversed(replies) if isinstance(reply, dict))
        elif _count(post.get("replyCount")) > 0:
            cut.append((True, post["uri"]))
    return cut


def _count(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def count_posts(found: dict[str, Any]) -> int:
    """How many different posts (and posts not available) a fetched thread holds."""
    uris: set[str] = set()
    stack: list[Any] = [found["thread"], *found["continued"]]
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        post = node.get("post")
        uri = post.get("uri") if isinstance(post, dict) else node.get("uri")
        if isinstance(uri, str):
            uris.add(uri)
        stack.append(node.get("parent"))
        replies = node.get("replies")
        stack.extend(replies if isinstance(replies, list) else [])
    return len(uris)
