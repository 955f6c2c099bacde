"""ActivityPub JSON: an outbox or another collection of posts, read into one thread.

The file's top level is one of:

1. An ``OrderedCollection`` or ``OrderedCollectionPage`` with ``orderedItems``, such as an
   actor's outbox. An outbox that keeps its items on pages is read from the page embedded as
   ``first``; pages the file only links to are not fetched.
2. A ``Collection`` or ``CollectionPage`` with ``items``.
3. A list of activities or objects: ``[{"type": "Create", …}, …]``.
4. One activity or object: a ``Create``, a post, or an actor document.

``orderedItems`` (or ``items``) is a list, or one activity or object; anything else, and an
item that is neither an object with a ``type`` nor a URI, is an error rather than nothing.

Items are ``Create`` activities whose ``object`` is embedded, bare objects, or an
``Announce`` of such a ``Create``: a group relaying what a member wrote (FEP-1b12, as Lemmy's
communities send their posts), read as the ``Create``. An object of
type ``Note`` (Mastodon's posts and most servers'), ``Article`` (WordPress, Plume, long
posts), ``Page`` (Lemmy's posts, whose comments are notes that answer them),
``Question`` (a poll: :mod:`generator.sources.polls`) or BookWyrm's ``Review``, ``Comment``
and ``Quotation`` is a post (:data:`~generator.sources.activitystreams.POSTS`). An actor
document (``Person``, ``Service``…) names a person (:mod:`generator.sources.actors`).
Anything else has no text of its own and is skipped, counted by kind for the build
summary: boosts (``Announce``), likes, deletions, objects given only by their URI, direct
messages, and other types (a PeerTube ``Video``, a ``Follow``). A file that gives no post
and names no actor is an error that says what it held.

Who may read a post decides whether it is published (:mod:`generator.sources.addressing`):
only public and followers-only objects are, the latter marked
(:attr:`~generator.model.Post.followers_only`); the others count as direct messages.

From each object: ``id`` is its URI, and the post's id is derived from it as
``text.content_id(uri)`` (the first 10 hex digits of its SHA-256), which depends on nothing
else; ``url`` links to it, or else the ``id`` when that is an http(s) address;
``published`` and ``updated`` are UTC times (an ``updated`` no later than ``published`` is
no edit); ``content`` (or the first language of ``contentMap``) is HTML, read by
:mod:`generator.sources.html_text`, with the ``Mention`` entries of ``tag`` naming the
handles its mention links stand for; ``summary`` is HTML too, read as literal text
(:func:`~generator.sources.html_text.literal`): the content warning, except for an
``Article``, ``Page`` or ``Review`` not marked ``sensitive``, where it is the excerpt;
``name`` is the title of any post but a poll (its character references decoded); the
language is ``contentMap``'s first key, or ``language`` (a tag, or Lemmy's
``{"identifier": …}``); ``attachment`` gives media by ``mediaType`` or ``type``, ``name``
(the alt text), ``url`` and ``sensitive`` (or the post's own ``sensitive``), and a ``Link``
attachment (Lemmy's link posts) the link card; the quoted post as :mod:`generator.sources.quotes`
finds it. ``inReplyTo`` is the parent's URI: the reply points to the parent's post id when
the parent is in the file, or else keeps the URI, which no post id equals, so the parent
counts as not in the archive (unless another source holds it: see
:func:`generator.sources.read.read_sources`). Posts come in thread order, as from the
Mastodon reader (see :func:`generator.sources.json_source.thread_order`).

The author is ``attributedTo`` (or the activity's ``actor``), named as
:mod:`generator.sources.actors` finds it: from the people file's actors (which the reader
accepts as a mapping of actor URIs to people), the actor document, the ``Mention`` tags of
the file, or an actor URI of a form known to carry the user name; otherwise unknown.

The module registers these shapes as ``ActivityPub`` JSON (:mod:`generator.sources.registry`),
of rank 10: its test, a ``type`` alone, is looser than Mastodon's keys, so it is tried after.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from generator import text as txt
from generator.checks import Checker
from generator.errors import ContentError, Problem
from generator.model import LinkCard, Media, Naming, Person, Post, Quote, SourceRef, Thread
from generator.sources import activitystreams as ast
from generator.sources import actors, addressing, html_text, polls, quotes, registry
from generator.sources.json_source import Fields, Lines, counted, thread_order, visible_text

SHAPES = "an ActivityPub (Ordered)Collection, a list of activities or objects, or one of them"
"""The accepted shapes, for messages."""
EXPECTED = "objects of type Note, Article, Page or Question, or Create activities that embed them"
"""What a file must hold to give posts, for messages."""

KINDS = {"Image": "image", "Video": "video", "Audio": "audio"}
"""Attachment ``type`` → media kind, where ``mediaType`` does not say."""
LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,4}")
"""A language tag (BCP 47) of the forms servers send: ``en``, ``pt-BR``, ``zh-Hant-TW``."""

types = ast.types


def accepts(data: object) -> bool:
    """Whether the JSON's top level has one of the shapes this reader reads: anything with a
    ``type``, so that a file of only boosts or videos is told what it lacks rather than
    that its shape is unknown."""
    if isinstance(data, list):
        return not data or bool(types(data[0]))
    return bool(types(data))


def items(check: Checker, data: Any, lines: Lines) -> list[Any]:
    """The activities and objects of an accepted shape, and URIs standing for them. A
    collection without items, items of a wrong type and items that are neither are
    problems."""
    if isinstance(data, list):
        return _items(check, data, "", 0)
    if not types(data) & ast.COLLECTIONS:
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
    namings: list[Naming] = []
    skipped: dict[str, int] = {}
    found_items = items(check, data, lines)
    for item in found_items:
        if types(item) & ast.ACTORS:
            naming = actors.from_actor(item)
            if naming is not None:
                namings.append(naming)
                continue
        note, activity = _note(item)
        kind = "" if note is not None else ast.skipped_kind(item)
        if note is not None and not addressing.published(note, activity):
            kind = "direct message"
        if kind:
            skipped[kind] = skipped.get(kind, 0) + 1
            continue
        found = _object(check, note, activity, lines, people, namings)
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
    if not check.problems and not read and not namings:
        check.problems.append(_nothing(path, data, found_items, skipped, lines))
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
    thread = Thread(posts=tuple(ordered), namings=tuple(namings), skipped=skipped)
    return actors.resolve(thread, people)


def _nothing(
    path: str, data: Any, found: list[Any], skipped: dict[str, int], lines: Lines
) -> Problem:
    """The problem of a file that gives no post: what it held instead."""
    if skipped:
        held = f"the file holds only {counted(skipped)}"
    elif isinstance(data, list):
        held = "the file holds an empty list"
    elif found:
        held = "the file holds no post"
    else:
        held = "the collection is empty"
    line = lines.key("orderedItems") or lines.key("items") if isinstance(data, dict) else 0
    return Problem(path, line, f"no posts: {held}; expected {EXPECTED}")


def _note(item: Any) -> tuple[dict | None, dict | None]:
    """The post object of an item, and the activity around it (``None`` when bare). An
    ``Announce`` of a ``Create`` is a group relaying what a member wrote (FEP-1b12: Lemmy's
    communities, other forums): the ``Create`` is read; an ``Announce`` of an object is a
    boost."""
    if types(item) & ast.POSTS:
        return item, None
    if "Announce" in types(item) and "Create" in types(item.get("object")):
        item = item["object"]
    if "Create" in types(item) and types(item.get("object")) & ast.POSTS:
        return item["object"], item
    return None, None


def _object(
    check: Checker,
    note: dict,
    activity: dict | None,
    lines: Lines,
    people: Mapping[str, Person],
    namings: list[Naming],
) -> _Read | None:
    """One object as a post, or ``None`` when it is wrong (problems recorded); what it
    says about actors is added to ``namings``."""
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
    summary = html_text.literal(fields.text("summary"))
    if not fields.ok:
        return None
    actor, embedded = ast.actor(note.get("attributedTo") or (activity or {}).get("actor"))
    namings += [n for n in (actors.from_actor(embedded), actors.from_url(actor, note)) if n]
    namings += actors.from_mentions(note.get("tag"))
    quoted, quoted_object = quotes.reference(note)
    mentioned = _mentions(note.get("tag"), people)
    paragraphs, kinds = html_text.blocks(content or "", mentioned, quoted=bool(quoted))
    fallback = quotes.fallback_target(paragraphs)
    quoted = quoted or fallback
    quote = None
    if quoted:
        quote = _quote(quoted, quoted_object, people)
        # The fallback may link the quoted post's web address rather than its URI (Misskey).
        targets = {quoted, quote.url, fallback}
        paragraphs, kinds = quotes.without_fallback(paragraphs, kinds, targets)
    if "Quotation" in types(note):  # BookWyrm: the passage of a book, then the comment
        book = note.get("quote")
        passage = html_text.paragraphs(book if isinstance(book, str) else "")
        kinds = ("quote",) * len(passage) + (kinds or ("text",) * len(paragraphs))
        paragraphs = passage + paragraphs
    long_form = bool(types(note) & ast.LONG_FORM) and note.get("sensitive") is not True
    post = Post(
        id=txt.content_id(uri),
        paragraphs=paragraphs,
        source=SourceRef(check.path, fields.line),
        mentions=txt.mentions(paragraphs),
        reply_to=ast.uri(note.get("inReplyTo")) or None,
        reply_basis="source",
        uri=uri,
        url=ast.url(note.get("url")) or html_text.http_url(uri),
        published=published[0] if published else "",
        edited=updated[0] if updated and (not published or updated[1] > published[1]) else "",
        warning="" if long_form else visible_text(summary),
        media=_media(note.get("attachment"), note.get("sensitive") is True),
        card=_card(note.get("attachment")),
        kinds=kinds if any(kind != "text" for kind in kinds) else (),
        title="" if "Question" in types(note) else ast.text(_unescape(note.get("name"))),
        summary=visible_text(summary) if long_form else "",
        lang=_language(note),
        poll=polls.from_question(note) if "Question" in types(note) else None,
        quote=quote,
        actor=actor,
        followers_only=addressing.followers_only(note, activity),
    )
    return _Read(post, published[1] if published else None)


def _unescape(name: Any) -> Any:
    """A title with its character references decoded: ``name`` is plain text, yet WordPress
    and Friendica send ``&amp;`` for ``&``. Tags stay as they are, literal."""
    return html.unescape(name) if isinstance(name, str) else name


def _language(note: dict) -> str:
    """The language of an object: ``contentMap``'s first key, or ``language``."""
    found: Any = None
    if isinstance(note.get("contentMap"), dict):
        found = next(iter(note["contentMap"]), None)
    found = found or note.get("language")
    if isinstance(found, dict):  # Lemmy: {"identifier": "en", "name": "English"}
        found = found.get("identifier")
    if not isinstance(found, str) or not LANGUAGE.fullmatch(found) or found == "und":
        return ""
    return found


def _quote(uri: str, quoted: dict, people: Mapping[str, Person]) -> Quote:
    """The quote of a post: its URI, and its text and author where it is embedded."""
    actor, embedded = ast.actor(quoted.get("attributedTo"))
    naming = actors.from_actor(embedded) or (actors.from_url(actor, quoted) if actor else None)
    author = naming.person.handle if naming else ""
    if actor in people:
        author = people[actor].handle
    mentioned = _mentions(quoted.get("tag"), people)
    return Quote(
        uri=uri,
        url=ast.url(quoted.get("url")) or html_text.http_url(uri),
        author=author,
        paragraphs=html_text.paragraphs(quotes.embedded_text(quoted), mentioned),
    )


def _mentions(tags: Any, people: Mapping[str, Person]) -> dict[str, str]:
    """Actor URL → handle for the ``Mention`` tags of an object."""
    by_url: dict[str, str] = {}
    for tag in ast.as_list(tags):
        if "Mention" not in types(tag):
            continue
        href = ast.uri(tag.get("href"))
        name = tag.get("name") if isinstance(tag.get("name"), str) else ""
        handle = people[href].handle if href in people else html_text.qualify(name)
        linked = html_text.profile_handle(href)
        if handle and "@" not in handle and linked.split("@")[0].lower() == handle.lower():
            handle = linked
        elif handle and "@" not in handle and html_text.host(href):
            handle = html_text.qualify(handle, html_text.host(href))
        if handle:
            by_url[href] = handle
    return by_url


def _media(attachments: Any, sensitive: bool) -> tuple[Media, ...]:
    """Attachments by kind, alt text and URL, and marked sensitive where the attachment
    (Misskey) or the post (``sensitive``, Mastodon) says; links (``Link``) are the card."""
    media = []
    for item in ast.as_list(attachments):
        if not isinstance(item, dict) or "Link" in types(item):
            continue
        media_type = item.get("mediaType") if isinstance(item.get("mediaType"), str) else ""
        kind = media_type.split("/")[0]
        if kind not in ("image", "video", "audio"):
            kind = next((KINDS[t] for t in sorted(types(item)) if t in KINDS), "unknown")
        name = item.get("name")
        description = html_text.clean(name).strip() if isinstance(name, str) else ""
        marked = sensitive or item.get("sensitive") is True
        url = ast.url(item.get("url"))
        media.append(Media(kind=kind, description=description, url=url, sensitive=marked))
    return tuple(media)


def _card(attachments: Any) -> LinkCard | None:
    """The first ``Link`` attachment, as Lemmy gives the address of a link post."""
    for item in ast.as_list(attachments):
        if "Link" in types(item) and html_text.http_url(item.get("href")):
            return LinkCard(url=html_text.http_url(item["href"]), title=ast.text(item.get("name")))
    return None
