"""The ActivityStreams 2.0 vocabulary as the ActivityPub readers need it.

Activity Streams 2.0 (W3C Recommendation, 2017) lets most properties hold one value or a
list of them, and an object either embedded or named by its URI (its section 4.2, "Object
and Link"); these helpers read such values the same way everywhere. The types named here
are the vocabulary's (Activity Vocabulary, section 3), with the extensions servers send:
``EmojiReact`` (Pleroma, Misskey), ``ChatMessage`` (Pleroma's private chats), ``Review``,
``Comment`` and ``Quotation`` (BookWyrm).
"""

from __future__ import annotations

import re
from typing import Any

from generator.sources.addresses import clean, http_url

POSTS = {"Note", "Article", "Page", "Question", "Review", "Comment", "Quotation"}
"""Object types read as posts: notes (Mastodon and most servers), articles (WordPress,
Plume, long posts), pages (Lemmy's posts), polls, and BookWyrm's statuses about books."""
LONG_FORM = {"Article", "Page", "Review"}
"""Post types whose ``summary`` is an excerpt rather than a content warning."""
ACTORS = {"Person", "Service", "Application", "Group", "Organization"}
"""Actor types: an actor document names a person rather than giving a post."""
COLLECTIONS = {"OrderedCollection", "OrderedCollectionPage", "Collection", "CollectionPage"}
"""Collection types, whose ``orderedItems`` or ``items`` are read."""

SKIPPED = {
    "Announce": "boost",
    "Like": "like",
    "Dislike": "like",
    "EmojiReact": "like",
    "Delete": "deletion",
    "Tombstone": "deletion",
    "Undo": "undo",
    "Update": "update",
    "ChatMessage": "direct message",
}
"""Items that are not posts, by type → the kind the build summary counts them as. Any
other type is counted by its name (``Video object``, ``Follow activity``)."""
ACTIVITIES = {
    *("Accept", "Add", "Announce", "Arrive", "Block", "Create", "Delete", "Dislike", "Flag"),
    *("Follow", "Ignore", "Invite", "Join", "Leave", "Like", "Listen", "Move", "Offer"),
    *("Reject", "Read", "Remove", "TentativeReject", "TentativeAccept", "Travel", "Undo"),
    *("Update", "View", "EmojiReact"),
}
"""Activity types (Activity Vocabulary, section 3.2), to name a skipped item's kind."""


def types(data: object) -> set[str]:
    """The ``type`` of an object (one or several); empty for anything else."""
    if not isinstance(data, dict):
        return set()
    kind = data.get("type")
    return {kind} if isinstance(kind, str) else {k for k in as_list(kind) if isinstance(k, str)}


def as_list(value: object) -> list[Any]:
    """A property's values: none, one, or a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def uri(value: Any) -> str:
    """A URI given as a string or as an object with an ``id`` (or a link's ``href``)."""
    if isinstance(value, dict):
        value = value.get("id") or value.get("href")
    return clean(value).strip() if isinstance(value, str) else ""


def actor(value: Any) -> tuple[str, dict]:
    """The URI of the first actor named (``attributedTo``, ``actor``), and its embedded
    object (empty when not embedded). Plume and PeerTube name the author and then the blog
    or channel: the first is the person."""
    for entry in as_list(value):
        if isinstance(entry, str) and entry:
            return clean(entry).strip(), {}
        if isinstance(entry, dict) and uri(entry):
            return uri(entry), entry
    return "", {}


def url(value: Any) -> str:
    """The first http(s) URL of a ``url`` given as a string, a link, or a list of them.

    Where several are links with a ``mediaType`` (PeerTube, Lemmy), the first web page
    (``text/html``) wins."""
    entries = as_list(value)
    pages = [e for e in entries if isinstance(e, dict) and e.get("mediaType") == "text/html"]
    for entry in pages + entries:
        found = http_url(entry.get("href") if isinstance(entry, dict) else entry)
        if found:
            return found
    return ""


def text(value: Any) -> str:
    """A plain-text property (``name``): cleaned, on one line; ``""`` when not a string."""
    return " ".join(clean(value).split()) if isinstance(value, str) else ""


def skipped_kind(item: Any) -> str:
    """What an item that is not a post is, for the build summary: ``boost``, ``bare URI``,
    ``Video object``…"""
    if isinstance(item, str):
        return "bare URI"
    found = sorted(types(item))
    if "Announce" in found and "Create" in types(item.get("object")):
        return skipped_kind(item["object"])  # a group relaying a member's Create (FEP-1b12)
    known = [SKIPPED[kind] for kind in found if kind in SKIPPED]
    if known:
        return known[0]
    if "Create" in found:
        inner = item.get("object")
        if isinstance(inner, str):
            return "bare URI"
        return skipped_kind(inner) if types(inner) else "Create activity"
    if not found:
        return "untyped item"
    kind = found[0]
    if not _TYPE_NAME.fullmatch(kind):  # the name goes into messages: a word, or nothing
        return "item of an unknown type"
    return f"{kind} activity" if kind in ACTIVITIES else f"{kind} object"


_TYPE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_:.-]{0,39}")
"""A type name as messages may repeat it (``Video``, ``pt:Playlist``)."""
