"""Bluesky threads as the AppView answers them (AT Protocol), read into one thread.

The file's top level is one of:

1. ``app.bsky.feed.getPostThread``'s answer: ``{"thread": node}``, where a node is a
   ``threadViewPost`` (``post``, its ``parent`` node, its ``replies``), a ``notFoundPost`` or a
   ``blockedPost`` (lexicon ``app.bsky.feed.defs``). The ``fetch`` command writes this with
   ``continued``, a list of more such nodes: the branches it fetched again where the first
   answer was cut (see :mod:`generator.sources.fetch.bluesky`);
2. ``app.bsky.unspecced.getPostThreadV2``'s answer: ``{"thread": [item, …]}``, a flat list in
   thread order whose items have a ``depth`` (0 the anchor, parents negative, replies
   positive) and a ``value``: a ``threadItemPost`` (its ``post``), or a ``threadItemNotFound``,
   ``threadItemBlocked`` or ``threadItemNoUnauthenticated`` (lexicon
   ``app.bsky.unspecced.defs``); an item answers the item before it one level up;
3. ``app.bsky.feed.getPosts``'s answer, ``{"posts": [post view, …]}``, or a list of post views.

Each post view (``app.bsky.feed.defs#postView``) gives: the post's ``uri`` (``at://`` DID, the
collection ``app.bsky.feed.post``, the record key, rkey), which is the post's ``uri`` and
gives it its id, the same at every fetch (:func:`post_id`); the ``author`` (``did``,
``handle``, ``displayName``), a person with the profile ``https://bsky.app/profile/<handle>``;
the post's web address ``https://bsky.app/profile/<handle>/post/<rkey>``; and the record
(``app.bsky.feed.post``): ``text`` and ``facets`` (read by :mod:`.bluesky_facets`),
``createdAt`` as the time, the first of ``langs`` as the language, ``reply.parent.uri`` as the
parent (where it is missing, the node above in the tree). Embeds and labels:
:mod:`.bluesky_embeds`. A quoted post that is in the file links to its place there.

A post that is not there (``notFoundPost``: deleted; ``blockedPost``: hidden by a block; an
author who shows posts only to signed-in readers) keeps its place in the tree as a post
without text or author, marked ``unavailable`` with the reason (:func:`missing_reason`),
so the replies below it stay below it. A post read
twice (a quoted post, an overlap of two answers) is kept once, the copy with its text first.

Problems name the line of the post's ``uri`` (the first where it opens a post view, else the
first where it is given); a facet that cannot be used is left out with a warning on the
``generator.sources.bluesky`` logger, never a failure.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from generator import text as txt
from generator.checks import Checker
from generator.errors import ContentError, Problem
from generator.model import Paragraph, Person, Post, SourceRef, Thread
from generator.sources import bluesky_embeds as embeds
from generator.sources import bluesky_facets as facets
from generator.sources import registry
from generator.sources.addresses import clean, http_url
from generator.sources.json_source import thread_order, utc

log = logging.getLogger(__name__)

SHAPES = (
    "a Bluesky thread {thread} (getPostThread, getPostThreadV2), {posts} (getPosts) "
    "or a list of post views"
)
"""The accepted shapes, for messages."""

FEED = "app.bsky.feed.defs#"
ITEMS = "app.bsky.unspecced.defs#"
LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,4}")
"""A language tag (BCP 47) as ``langs`` gives them: ``en``, ``pt-BR``."""
_SAFE = re.compile(r"[A-Za-z0-9_-]{1,64}")
_URI_FIELD = re.compile(
    r'"uri"\s*:\s*"((?:[^"\\]|\\.)*)"(\s*,\s*"cid"\s*:\s*"[^"]*"\s*,\s*"author")?'
)


def post_id(uri: str) -> str:
    """A post's id from its ``at://`` URI: its record key and 8 hex digits of its
    repository's SHA-256 (``3kq4yv2ctx22b-5c1f9a0e``), so that two authors' posts with one
    key differ; a key beyond letters, digits, ``-`` and ``_``, 16 hex digits of the URI's."""
    match = embeds.POST.fullmatch(uri)
    if match is not None and _SAFE.fullmatch(match["rkey"]):
        return f"{match['rkey']}-{hashlib.sha256(match['repo'].encode()).hexdigest()[:8]}"
    return "at-" + hashlib.sha256(uri.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _is_view(value: object) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("uri"), str)
        and value["uri"].startswith("at://")
        and isinstance(value.get("author"), dict)
        and "record" in value
    )


def _is_node(value: object) -> bool:
    return isinstance(value, dict) and (
        str(value.get("$type", "")).startswith(FEED) or _is_view(value.get("post"))
    )


def accepts(data: object) -> bool:
    """Whether the JSON's top level has one of the shapes this reader reads."""
    if isinstance(data, dict):
        thread, posts = data.get("thread"), data.get("posts")
        if isinstance(thread, list):
            return bool(thread) and isinstance(thread[0], dict) and "depth" in thread[0]
        return _is_node(thread) or (isinstance(posts, list) and bool(posts) and _is_view(posts[0]))
    return isinstance(data, list) and bool(data) and _is_view(data[0])


@dataclass(frozen=True)
class _Item:
    """A post view or a placeholder, with the uri of the node above it in the tree."""

    uri: str
    view: Any
    """The post view; None for a placeholder (anything else is a problem)."""
    above: str | None
    missing: str = ""
    """Why a placeholder holds no post, as readers are told (:func:`missing_reason`)."""


def items(data: Any) -> list[_Item]:
    """Every post view and placeholder of an accepted shape, with its tree parent."""
    if isinstance(data, list):
        return [
            _Item(_text(view.get("uri")), view, None) for view in data if isinstance(view, dict)
        ]
    if isinstance(data.get("thread"), list):
        return _flat(data["thread"])
    if "thread" not in data:
        posts = data.get("posts") or []
        return [
            _Item(_text(view.get("uri")), view, None) for view in posts if isinstance(view, dict)
        ]
    found: list[_Item] = []
    continued = data.get("continued")
    for node in [data["thread"], *(continued if isinstance(continued, list) else [])]:
        found += _nested(node)
    return found


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _node_uri(node: dict) -> str:
    post = node.get("post")
    uri = post.get("uri") if isinstance(post, dict) else node.get("uri")
    return uri if isinstance(uri, str) else ""


def _nested(top: Any) -> list[_Item]:
    """A ``threadViewPost`` tree, its parents first; an explicit stack, as a thread can be
    a thousand replies deep."""
    found: list[_Item] = []
    chain: list[dict] = []  # the node, its parent, its parent's parent…
    node = top
    seen: set[int] = set()
    while isinstance(node, dict) and id(node) not in seen:
        seen.add(id(node))
        chain.append(node)
        node = node.get("parent")
    for number in range(len(chain) - 1, 0, -1):
        above = _node_uri(chain[number + 1]) if number + 1 < len(chain) else None
        found.append(_item(chain[number], above))
    stack: list[tuple[Any, str | None]] = [(top, _node_uri(chain[1]) if len(chain) > 1 else None)]
    while stack:
        node, above = stack.pop()
        if not isinstance(node, dict):
            continue
        found.append(_item(node, above))
        replies = node.get("replies")
        if isinstance(replies, list):
            stack.extend((reply, _node_uri(node)) for reply in reversed(replies))
    return found


def _item(node: dict, above: str | None) -> _Item:
    view = node.get("post")
    if view is None and node.get("$type") == FEED + "threadViewPost":
        view = {}  # a post view that is missing: a problem, not a placeholder
    return _Item(_node_uri(node), view, above, missing_reason(node))


MISSING = {
    "blockedPost": "hidden by a block",
    "threadItemBlocked": "hidden by a block",
    "threadItemNoUnauthenticated": "shown to signed-in readers only",
}
"""Why the AppView gives a placeholder instead of a post, by the placeholder's type; any
other (``notFoundPost``, ``threadItemNotFound``) was deleted or cannot be found."""


def missing_reason(node: object) -> str:
    """What readers are told of a placeholder: ``hidden by a block``, ``shown to signed-in
    readers only``, or ``deleted or not found``."""
    kind = node.get("$type") if isinstance(node, dict) else None
    name = kind.rpartition("#")[2] if isinstance(kind, str) else ""
    return MISSING.get(name, "deleted or not found")


def _flat(listed: list[Any]) -> list[_Item]:
    """getPostThreadV2's items: each answers the last item before it one level up."""
    found: list[_Item] = []
    last: dict[int, str] = {}  # depth → uri of the last item seen there
    for item in listed:
        if not isinstance(item, dict) or not isinstance(item.get("depth"), int):
            continue
        depth, value = item["depth"], item.get("value")
        post = value.get("post") if isinstance(value, dict) else None
        if (
            post is None
            and isinstance(value, dict)
            and value.get("$type") == ITEMS + "threadItemPost"
        ):
            post = {}  # a post view that is missing: a problem, not a placeholder
        uri = _text(item.get("uri")) or _node_uri(value if isinstance(value, dict) else {})
        found.append(_Item(uri, post, last.get(depth - 1), missing_reason(value)))
        last[depth] = uri
        for deeper in [d for d in last if d > depth]:
            del last[deeper]
    return found


def read_bluesky(data: Any, path: str, source: str = "") -> Thread:
    """Read parsed AppView JSON of an accepted shape into a thread.

    ``path`` names the file in messages; ``source`` is its text, to find lines for them.
    Raises :class:`~generator.errors.ContentError` with every problem found.
    """
    check = Checker(path)
    lines = _Lines(source)
    found = items(data)
    views = [item.view for item in found if isinstance(item.view, dict)]
    handles = embeds.handles(views)
    uris = {clean(item.uri).strip() for item in found}
    chosen: dict[str, tuple[Post, datetime | None]] = {}
    people: dict[str, Person] = {}
    for item in found:
        uri = clean(item.uri).strip()
        line = lines.of(item.uri)
        if embeds.POST.fullmatch(uri) is None:
            check.problem(line, "uri", "not a post", "an at://DID/app.bsky.feed.post/RKEY URI", uri)
            continue
        before = chosen.get(uri)
        if before is not None and (item.view is None or not before[0].placeholder):
            continue  # read twice: the first copy with its text is kept
        above = clean(item.above).strip() if item.above else None
        read = _post(check, item, uri, above, line, handles, uris)
        if read is None:
            continue
        chosen[uri] = read
        if item.view is not None and read[0].author:
            person = _person(item.view["author"], read[0].author)
            people.setdefault(person.handle.lower(), person)
    if not chosen and not check.problems:
        check.problems.append(Problem(path, 0, "no posts: expected at least one Bluesky post"))
    if check.problems:
        raise ContentError(check.problems)
    exact = {post.id: when for post, when in chosen.values() if when is not None}
    posts = thread_order((post for post, _ in chosen.values()), exact)
    return Thread(tuple(posts), people)


@registry.json_shape("Bluesky", SHAPES, accepts)
def _read(data: Any, path: str, source: str, people: registry.Actors | None) -> Thread:
    """:func:`read_bluesky`, as the read stage calls a JSON shape's reader. ``people`` is
    not needed: every post view names its author."""
    return read_bluesky(data, path, source)


def _post(
    check: Checker,
    item: _Item,
    uri: str,
    above: str | None,
    line: int,
    handles: dict[str, str],
    uris: set[str],
) -> tuple[Post, datetime | None] | None:
    """One post, or its placeholder where the item has no view; None with problems
    recorded."""
    source = SourceRef(check.path, line)
    view = item.view
    if view is None:
        parent = post_id(above) if above else None
        placeholder = Post(
            post_id(uri), (), source, reply_to=parent, uri=uri, unavailable=item.missing
        )
        return replace(placeholder, reply_basis="source" if parent else "none"), None
    record = view.get("record") if isinstance(view, dict) else None
    if not _is_view(view) or not isinstance(record, dict):
        expected = "a post view with an at:// uri, an author and an app.bsky.feed.post record"
        check.problem(line, "post", "not a post view", expected, view)
        return None
    created = record.get("createdAt")
    when = utc(created) if isinstance(created, str) else None
    if when is None:
        expected = "an ISO 8601 time like '2024-11-07T15:59:20.000Z'"
        check.problem(line, "record.createdAt", "not a time", expected, created)
        return None
    author = embeds.author_handle(view["author"])
    reply = record.get("reply")
    parent = reply.get("parent") if isinstance(reply, dict) else None
    named = parent.get("uri") if isinstance(parent, dict) else None
    parent_uri = clean(named).strip() if isinstance(named, str) else above

    def warn(problem: str) -> None:
        log.warning("%s:%d: post %s: %s", check.path, line, uri, problem)

    def spans(text: Any, marks: Any) -> tuple[Paragraph, ...]:
        return facets.paragraphs(text, marks, handles, warn)

    paragraphs = spans(record.get("text"), record.get("facets"))
    quote = embeds.quote(view.get("embed"), post_id, spans)
    if quote is not None and quote.uri in uris:
        quote = replace(quote, post=quote.status_id)
    langs = record.get("langs")
    tags = [x for x in langs if isinstance(x, str)] if isinstance(langs, list) else []
    lang = next((tag for tag in tags if LANGUAGE.fullmatch(tag)), "")
    post = Post(
        id=post_id(uri),
        paragraphs=paragraphs,
        source=source,
        mentions=txt.mentions(paragraphs),
        author=author,
        author_basis="source" if author else "unknown",
        reply_to=post_id(parent_uri) if parent_uri else None,
        reply_basis="source",
        uri=uri,
        url=embeds.web_url(uri, author),
        published=when[0],
        warning=embeds.warning(view, record),
        media=embeds.media(view.get("embed")),
        card=embeds.card(view.get("embed")),
        lang=lang,
        quote=quote,
        author_via="account" if author else "",
    )
    return post, when[1]


def _person(author: dict, handle: str) -> Person:
    name = author.get("displayName")
    return Person(
        handle=handle,
        display_name=clean(name).strip() if isinstance(name, str) else "",
        url=http_url(facets.PROFILE + handle),
    )


class _Lines:
    """The lines of the ``"uri"`` values in one JSON text, found in one pass: for each, the
    first line where it opens a post view (``uri``, ``cid``, ``author``), else the first
    line where it is given."""

    def __init__(self, source: str):
        self.source = source
        self._index: dict[str, int] | None = None

    def of(self, uri: str) -> int:
        """The line of ``uri``; 0 where the text does not give it."""
        if self._index is None:
            self._index, views = {}, {}
            line, counted = 1, 0
            for match in _URI_FIELD.finditer(self.source):
                line += self.source.count("\n", counted, match.start())
                counted = match.start()
                value = match.group(1).replace("\\/", "/")
                self._index.setdefault(value, line)
                if match.group(2):
                    views.setdefault(value, line)
            self._index.update(views)
        return self._index.get(uri, 0)
