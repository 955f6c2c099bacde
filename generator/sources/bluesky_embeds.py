"""What a Bluesky post view shows beside its text: embeds, moderation labels, addresses.

Read from a post view (lexicon ``app.bsky.feed.defs#postView``) as the AppView hydrates it:

- ``embed``, one of (lexicons ``app.bsky.embed.*``):

  - ``images#view``: ``images``, each with its ``alt`` text and its ``fullsize`` URL, as
    :class:`~generator.model.Media` of kind ``image``;
  - ``video#view``: one :class:`~generator.model.Media` of kind ``video``, its ``alt`` text and
    its ``playlist`` URL;
  - ``external#view``: ``external`` (``uri``, ``title``, ``description``) as a
    :class:`~generator.model.LinkCard`;
  - ``record#view``: a quoted post, ``record`` being a ``viewRecord`` (``uri``, ``author``,
    its record as ``value``) shown as a :class:`~generator.model.Quote`, or a
    ``viewNotFound``, ``viewBlocked`` or ``viewDetached`` (deleted, blocked, or detached by
    its author) as a quote that is not shown (``withdrawn``); other records (feeds, lists,
    starter packs) are not posts and are left out;
  - ``recordWithMedia#view``: a quote (``record``, as above) and images, a video or a link
    card (``media``);

- ``labels`` (lexicon ``com.atproto.label.defs#label``: ``val``, and ``neg`` for a label taken
  back), those of its author's account (which apply to all they post) and the record's own
  ``labels`` (``selfLabels``, ``values`` of ``{val}``): the values in :data:`WARNINGS` become
  the post's content warning, the text collapsed behind it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from generator.model import LinkCard, Media, Paragraph, Quote
from generator.sources import bluesky_facets as facets
from generator.sources.addresses import clean, http_url, qualify

WARNINGS = {
    "!hide": "Hidden by moderators",
    "!warn": "Content warning",
    "porn": "Adult content",
    "sexual": "Sexually suggestive",
    "nudity": "Nudity",
    "graphic-media": "Graphic media",
    "gore": "Graphic media",
}
"""Label values shown as a content warning, and the warning's words; warnings come in this
order, each once. Other labels (a labeler's own values) are not shown."""

POST = re.compile(r"at://(?P<repo>[^/\s]+)/app\.bsky\.feed\.post/(?P<rkey>[A-Za-z0-9._:~-]{1,512})")
"""The ``at://`` URI of a post record: its repository (a DID, or a handle) and record key."""

Spans = Callable[[Any, Any], tuple[Paragraph, ...]]
"""``spans(text, facets)``: a record's text as paragraphs (see :mod:`.bluesky_facets`)."""


def web_url(uri: str, handle: str) -> str:
    """``https://bsky.app/profile/<handle>/post/<rkey>`` of an ``at://`` post URI; the
    repository's DID stands for the handle where there is none. ``""`` when ``uri`` does not
    name a post."""
    match = POST.fullmatch(uri)
    if match is None:
        return ""
    return http_url(f"{facets.PROFILE}{handle or match['repo']}/post/{match['rkey']}")


def warning(view: dict, record: Any) -> str:
    """The content warning the labels on a post view and its record ask for; ``""`` if none."""
    values: dict[str, bool] = {}
    author = view.get("author") if isinstance(view.get("author"), dict) else {}
    for label in _list(view.get("labels")) + _list(author.get("labels")):
        if isinstance(label, dict) and isinstance(label.get("val"), str):
            values[label["val"]] = label.get("neg") is not True and values.get(label["val"], True)
    own = record.get("labels") if isinstance(record, dict) else None
    for label in _list(own.get("values") if isinstance(own, dict) else None):
        if isinstance(label, dict) and isinstance(label.get("val"), str):
            values.setdefault(label["val"], True)
    shown = {WARNINGS[val] for val, on in values.items() if on and val in WARNINGS}
    return ", ".join(dict.fromkeys(words for words in WARNINGS.values() if words in shown))


def media(embed: Any) -> tuple[Media, ...]:
    """The images or video of an embed (or of its ``media``, beside a quote)."""
    embed = _media_part(embed)
    kind = embed.get("$type") if isinstance(embed, dict) else None
    if kind == "app.bsky.embed.images#view":
        return tuple(
            Media("image", description=_text(image.get("alt")), url=http_url(image.get("fullsize")))
            for image in _list(embed.get("images"))
            if isinstance(image, dict)
        )
    if kind == "app.bsky.embed.video#view":
        return (Media("video", _text(embed.get("alt")), http_url(embed.get("playlist"))),)
    return ()


def card(embed: Any) -> LinkCard | None:
    """The link card of an embed (or of its ``media``); None without an http(s) link."""
    embed = _media_part(embed)
    if not isinstance(embed, dict) or embed.get("$type") != "app.bsky.embed.external#view":
        return None
    external = embed.get("external")
    if not isinstance(external, dict) or not http_url(external.get("uri")):
        return None
    title, description = _text(external.get("title")), _text(external.get("description"))
    return LinkCard(http_url(external["uri"]), title, description)


def quote(embed: Any, ids: Callable[[str], str], spans: Spans) -> Quote | None:
    """The post an embed quotes; None when it quotes none. ``ids(uri)`` is the id a post
    has in the archive, ``spans`` reads the quoted record's text."""
    if not isinstance(embed, dict):
        return None
    record = embed.get("record")
    if embed.get("$type") == "app.bsky.embed.recordWithMedia#view" and isinstance(record, dict):
        record = record.get("record")
    elif embed.get("$type") != "app.bsky.embed.record#view":
        return None
    if not isinstance(record, dict) or not isinstance(record.get("uri"), str):
        return None
    uri = clean(record["uri"]).strip()
    if POST.fullmatch(uri) is None:
        return None  # a feed, a list, a starter pack: not a post
    kind = record.get("$type", "")
    if kind != "app.bsky.embed.record#viewRecord":
        return Quote(uri, status_id=ids(uri), withdrawn=True)
    author = record.get("author")
    handle = author_handle(author)
    value = record.get("value") if isinstance(record.get("value"), dict) else {}
    return Quote(
        uri=uri,
        url=web_url(uri, handle),
        author=handle,
        paragraphs=spans(value.get("text"), value.get("facets")),
        status_id=ids(uri),
    )


def author_handle(author: Any) -> str:
    """The handle of a profile view (``app.bsky.actor.defs#profileViewBasic``); ``""`` when
    it has none that is valid."""
    if not isinstance(author, dict):
        return ""
    handle = author.get("handle")
    return "" if handle == "handle.invalid" else qualify(handle if isinstance(handle, str) else "")


def handles(views: list[dict]) -> Mapping[str, str]:
    """DID → handle of every author of the post views (quoted posts' authors included)."""
    found: dict[str, str] = {}
    for view in views:
        embed = view.get("embed") if isinstance(view.get("embed"), dict) else {}
        record = embed.get("record") if isinstance(embed.get("record"), dict) else {}
        inner = record.get("record") if isinstance(record.get("record"), dict) else {}
        for author in (view.get("author"), record.get("author"), inner.get("author")):
            if isinstance(author, dict) and isinstance(author.get("did"), str):
                handle = author_handle(author)
                if handle:
                    found.setdefault(author["did"], handle)
    return found


def _media_part(embed: Any) -> Any:
    if isinstance(embed, dict) and embed.get("$type") == "app.bsky.embed.recordWithMedia#view":
        return embed.get("media")
    return embed


def _text(value: Any) -> str:
    return clean(value).strip() if isinstance(value, str) else ""


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
