"""ActivityPub JSON: an outbox or another collection of posts, read into one thread.

The file's top level is one of:

1. An ``OrderedCollection`` or ``OrderedCollectionPage`` with ``orderedItems``, such as an
   actor's outbox. An outbox that keeps its items on pages is read from the page embedded as
   ``first``; pages the file only links to are not fetched.
2. A ``Collection`` or ``CollectionPage`` with ``items``.
3. A list of activities or objects: ``[{"type": "Create", …}, …]``.
4. One ``Create`` activity, or one post object.

``orderedItems`` (or ``items``) is a list, or one activity or object; anything else, and an
item that is neither an object with a ``type`` nor a URI, is an error rather than nothing.

Items are ``Create`` activities whose ``object`` is embedded, or bare objects. An object of
type ``Note`` (Mastodon's posts), ``Article`` or ``Question`` (a poll, read without its
options) is a post. Anything else is skipped, as it has no text of its own: boosts
(``Announce``), likes, deletions, and objects given only by their URI.

Who may read a post is its audience, as ActivityStreams 2.0 defines it (its section 5.1,
"Audience Targeting": ``to``, ``cc``, ``bto``, ``bcc`` and ``audience``, each a URI, an object
with an ``id`` or a list of them). Only two audiences are published:

- public: the audience names the Public collection,
  ``https://www.w3.org/ns/activitystreams#Public`` (or ``as:Public``, or ``Public``, as
  compacted JSON-LD may write it; ActivityPub section 5.6);
- followers only: the audience names the author's own followers collection, which is the
  ``followers`` of the author's actor when the object embeds the actor and says, and
  otherwise ``<attributedTo>/followers``, as Mastodon names it.

Anything else, an object addressed only to actors or to collections other than these, is a
direct message and is never published. The object's own addressing counts; where it has
none, its ``Create`` activity's does; where both have some, both must allow publishing. An
object that has no addressing and no activity with some is read as public, as the items of
a public outbox are. (An addressing property that is present but empty or null addresses
nobody: such an object is not published.)

From each object: ``id`` is its URI, and the post's id is derived from it as
``text.content_id(uri)`` (the first 10 hex digits of its SHA-256), which depends on nothing
else; ``url`` links to it; ``published`` and ``updated`` are UTC times; ``summary`` is the
content warning (plain text); ``content`` (or the first language of ``contentMap``) is HTML,
read by :mod:`generator.sources.html_text`, with the ``Mention`` entries of ``tag`` naming
the handles its mention links stand for; ``attachment`` gives media by ``mediaType`` or
``type``, ``name`` (the alt text) and ``url``. ``inReplyTo`` is the parent's URI: the reply
points to the parent's post id when the parent is in the file, or else keeps the URI, which
no post id equals, so the parent counts as not in the archive (unless another source holds
it: see :func:`generator.sources.read.read_sources`). Posts come in thread order, as from
the Mastodon reader (see :func:`generator.sources.json_source.thread_order`).

The author is ``attributedTo`` (or the activity's ``actor``): an actor URL such as
``https://example.social/users/alice`` reads as ``alice@example.social``, and an embedded actor
by its ``preferredUsername``. Outboxes do not describe their actors, so the reader accepts a
mapping of actor URLs to people, which wins over both: this is where a people file plugs in.
An actor URL of another form leaves the author unknown (and the link stage may infer it).

The module registers these shapes as ``ActivityPub`` JSON (:mod:`generator.sources.registry`),
of rank 10: its test, a ``type`` alone, is looser than Mastodon's keys, so it is tried after.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from generator import text as txt
from generator.checks import Checker
from generator.errors import ContentError, Problem
from generator.model import Media, Person, Post, SourceRef, Thread
from generator.sources import html_text, registry
from generator.sources.json_source import Fields, Lines, thread_order

SHAPES = "an ActivityPub (Ordered)Collection, a list of activities or objects, or one of them"
"""The accepted shapes, for messages."""

COLLECTIONS = {"OrderedCollection", "OrderedCollectionPage", "Collection", "CollectionPage"}
"""Collection types, whose ``orderedItems`` or ``items`` are read."""
POSTS = {"Note", "Article", "Question"}
"""Object types read as posts."""

PUBLIC = {"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"}
"""The ways objects address everyone."""
ADDRESSING = ("to", "cc", "bto", "bcc", "audience")
"""The properties that say who an object or activity is for."""

KINDS = {"Image": "image", "Video": "video", "Audio": "audio"}
"""Attachment ``type`` → media kind, where ``mediaType`` does not say."""


def types(data: object) -> set[str]:
    """The ``type`` of an ActivityPub object (one or several); empty for anything else."""
    if not isinstance(data, dict):
        return set()
    kind = data.get("type")
    return {kind} if isinstance(kind, str) else {k for k in _as_list(kind) if isinstance(k, str)}


def accepts(data: object) -> bool:
    """Whether the JSON's top level has one of the shapes this reader reads."""
    if isinstance(data, list):
        return not data or bool(types(data[0]))
    return bool(types(data) & (COLLECTIONS | POSTS | {"Create"}))


def _as_list(value: object) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def items(check: Checker, data: Any, lines: Lines) -> list[Any]:
    """The activities and objects of an accepted shape, and URIs standing for them. A
    collection without items, items of a wrong type and items that are neither are
    problems."""
    if isinstance(data, list):
        return _items(check, data, "", 0)
    if not types(data) & COLLECTIONS:
        return [data]
    page = data
    while page.get("orderedItems", page.get("items")) is None:
        if not isinstance(page.get("first"), dict):
            check.problem(
                lines.of(data.get("id")),
                "orderedItems",
                "the collection holds no items",
                "orderedItems or items, or an embedded first page with them",
                page.get("first"),
            )
            return []
        page = page["first"]
    field = "orderedItems" if page.get("orderedItems") is not None else "items"
    value = page[field]
    if isinstance(value, list):
        return _items(check, value, field, lines.key(field))
    if types(value):  # JSON-LD may give a list of one as the one item itself
        return [value]
    check.problem(lines.key(field), field, "wrong type", "a list of activities or objects", value)
    return []


def _items(check: Checker, found: list[Any], field: str, line: int) -> list[Any]:
    """The items of a list that are objects with a type or URIs; the others are problems."""
    kept = []
    for i, item in enumerate(found):
        if types(item) or (isinstance(item, str) and item.strip()):
            kept.append(item)
        else:
            expected = "an activity or object with a 'type', or its URI"
            check.problem(line, f"{field}[{i}]", "not an activity or object", expected, item)
    return kept


@dataclass(frozen=True)
class _Read:
    post: Post
    when: datetime | None
    author: Person | None


@registry.json_shape("ActivityPub", SHAPES, accepts, rank=10)
def read_activitypub(
    data: Any, path: str, source: str = "", people: Mapping[str, Person] | None = None
) -> Thread:
    """Read parsed ActivityPub JSON of an accepted shape into a thread.

    ``path`` names the file in messages; ``source`` is its text, to find lines for them;
    ``people`` maps actor URLs to what is known of them (see the module docstring).
    """
    check = Checker(path)
    people = people or {}
    lines = Lines(source)
    read: dict[str, _Read] = {}
    copies: dict[str, int] = {}  # URI → objects read with it, to find the line of each
    for item in items(check, data, lines):
        note, activity = _note(item)
        if note is None or not _published(note, activity):
            continue
        found = _object(check, note, activity, lines, people)
        if found is None:
            continue
        uri = found.post.uri
        copies[uri] = copies.get(uri, 0) + 1
        first = read.setdefault(uri, found)
        if first is not found and first.post != replace(found.post, source=first.post.source):
            # The n-th object with an id is, as near as the text tells, at its n-th "id".
            at = lines.all(note.get("id"))
            line = at[min(copies[uri], len(at)) - 1] if at else found.post.source.line
            message = f"post id {found.post.id!r} is read twice (object {uri!r})"
            check.problems.append(Problem(path, line, message))
    if check.problems:
        raise ContentError(check.problems)
    ids = {uri: found.post.id for uri, found in read.items()}
    posts = []
    for found in read.values():
        post = found.post
        if post.reply_to in ids:
            post = replace(post, reply_to=ids[post.reply_to])
        posts.append(post)
    exact = {f.post.id: f.when for f in read.values() if f.when is not None}
    ordered = thread_order(posts, exact)
    by_id = {found.post.id: found for found in read.values()}
    known: dict[str, Person] = {}
    for post in ordered:
        author = by_id[post.id].author
        if author is not None:
            key = author.handle.lower()
            # Only some objects embed their actor: the first one that names the person wins.
            if key not in known or (author.display_name and not known[key].display_name):
                known[key] = author
    return Thread(posts=tuple(ordered), people=known)


def _note(item: Any) -> tuple[dict | None, dict | None]:
    """The post object of an item, and the activity around it (``None`` when bare)."""
    if types(item) & POSTS:
        return item, None
    if "Create" in types(item) and types(item.get("object")) & POSTS:
        return item["object"], item
    return None, None


def _published(note: dict, activity: dict | None) -> bool:
    """Whether an object may be published: addressed to the public or to its author's
    followers, or not addressed at all (see the module docstring)."""
    holders = [h for h in (note, activity) if h is not None and _addressed(h)]
    if not holders:
        return True
    followers = _followers(note.get("attributedTo") or (activity or {}).get("actor"))
    return all(_published_to(holder, followers) for holder in holders)


def _addressed(holder: dict) -> bool:
    """Whether an object or activity has any addressing property, even an empty one."""
    return any(key in holder for key in ADDRESSING)


def _published_to(holder: dict, followers: str) -> bool:
    """Whether the audience of one object or activity is the public or ``followers``."""
    audience = {_uri(entry) for key in ADDRESSING for entry in _as_list(holder.get(key))}
    return bool(audience & PUBLIC) or (bool(followers) and followers in audience)


def _followers(actor: Any) -> str:
    """The URI of the author's followers collection; empty when there is no author."""
    url, embedded = _actor_url(actor)
    declared = _uri(embedded.get("followers"))
    if declared:
        return declared
    return f"{url}/followers" if url else ""


def _uri(value: Any) -> str:
    """A URI given as a string or as an object with an ``id`` (or a link's ``href``)."""
    if isinstance(value, dict):
        value = value.get("id") or value.get("href")
    return html_text.clean(value).strip() if isinstance(value, str) else ""


def _object(
    check: Checker,
    note: dict,
    activity: dict | None,
    lines: Lines,
    people: Mapping[str, Person],
) -> _Read | None:
    """One object as a post, or ``None`` when it is wrong (problems recorded)."""
    uri = note.get("id")
    if not isinstance(uri, str) or not uri.strip():
        line = lines.of((activity or {}).get("id"))
        check.problem(line, "id", "missing id", "the object's URI", uri)
        return None
    fields = Fields(check, note, lines, uri)
    uri = html_text.clean(uri).strip()
    published = fields.time("published")
    updated = fields.time("updated")
    content = note.get("content")
    if content is None and isinstance(note.get("contentMap"), dict):
        content = next(iter(note["contentMap"].values()), None)
    if content is not None and not isinstance(content, str):
        fields.problem("content", "wrong type", "HTML text", content)
    summary = fields.text("summary")
    if not fields.ok:
        return None
    author = _author(note.get("attributedTo") or (activity or {}).get("actor"), people)
    paragraphs = html_text.paragraphs(content or "", _mentions(note.get("tag"), people))
    post = Post(
        id=txt.content_id(uri),
        paragraphs=paragraphs,
        source=SourceRef(check.path, fields.line),
        mentions=txt.mentions(paragraphs),
        author=author.handle if author else "",
        author_basis="source" if author else "unknown",
        reply_to=_uri(note.get("inReplyTo")) or None,
        reply_basis="source",
        uri=uri,
        url=_url(note.get("url")),
        published=published[0] if published else "",
        edited=updated[0] if updated else "",
        warning=html_text.clean(summary).strip(),
        media=_media(note.get("attachment")),
    )
    return _Read(post, published[1] if published else None, author)


def _actor_url(actor: Any) -> tuple[str, dict]:
    """The URL of the first actor named, and its embedded object (empty when not embedded)."""
    for entry in _as_list(actor):
        if isinstance(entry, str) and entry:
            return html_text.clean(entry).strip(), {}
        if isinstance(entry, dict) and _uri(entry):
            return _uri(entry), entry
    return "", {}


def _author(actor: Any, people: Mapping[str, Person]) -> Person | None:
    """The author as a person, or ``None`` when no handle can be made out."""
    url, embedded = _actor_url(actor)
    if url in people:
        return people[url]
    name = embedded.get("preferredUsername")
    handle = html_text.qualify(name, html_text.host(url)) if isinstance(name, str) else ""
    handle = handle or html_text.profile_handle(url)
    if not handle:
        return None
    shown = embedded.get("name")
    display = html_text.clean(shown).strip() if isinstance(shown, str) else ""
    profile = _url(embedded.get("url")) or html_text.http_url(url)
    return Person(handle=handle, display_name=display, url=profile)


def _mentions(tags: Any, people: Mapping[str, Person]) -> dict[str, str]:
    """Actor URL → handle for the ``Mention`` tags of an object."""
    by_url: dict[str, str] = {}
    for tag in _as_list(tags):
        if "Mention" not in types(tag):
            continue
        href = _uri(tag.get("href"))
        name = tag.get("name") if isinstance(tag.get("name"), str) else ""
        handle = people[href].handle if href in people else html_text.qualify(name)
        linked = html_text.profile_handle(href)
        if handle and "@" not in handle and linked.split("@")[0].lower() == handle.lower():
            handle = linked
        if handle:
            by_url[href] = handle
    return by_url


def _url(value: Any) -> str:
    """The first http(s) URL of a ``url`` given as a string, a link, or a list of them."""
    for entry in _as_list(value):
        found = html_text.http_url(entry.get("href") if isinstance(entry, dict) else entry)
        if found:
            return found
    return ""


def _media(attachments: Any) -> tuple[Media, ...]:
    """Attachments by kind, alt text and URL."""
    media = []
    for item in _as_list(attachments):
        if not isinstance(item, dict):
            continue
        media_type = item.get("mediaType") if isinstance(item.get("mediaType"), str) else ""
        kind = media_type.split("/")[0]
        if kind not in ("image", "video", "audio"):
            kind = next((KINDS[t] for t in sorted(types(item)) if t in KINDS), "unknown")
        name = item.get("name")
        description = html_text.clean(name).strip() if isinstance(name, str) else ""
        media.append(Media(kind=kind, description=description, url=_url(item.get("url"))))
    return tuple(media)
