"""Mastodon API JSON: statuses as the REST API returns them, read into one thread.

The file's top level is one of:

1. A context, as ``GET /api/v1/statuses/:id/context`` returns it::

       {"ancestors": [status, …], "descendants": [status, …]}

   The API leaves the status asked about (the focal status) out of its context.
2. A status with its context. This is the format the project's ``fetch`` command writes:
   ``status`` is ``GET /api/v1/statuses/:id`` and ``context`` is its context, each as the API
   returned it; any other key (where and when it was fetched, say) is ignored::

       {"status": status, "context": {"ancestors": [status, …], "descendants": [status, …]}}

3. A list of statuses, such as a timeline: ``[status, …]``.
4. One status: ``{"id": "…", "account": {…}, "content": "…", …}``.

Each status is a Mastodon ``Status`` entity
(https://docs.joinmastodon.org/entities/Status/). A boost (``reblog`` not null) is read as
the status it boosts. A status read twice is kept once when both copies are the same status
(the same ``uri``, as a status and a boost of it, or the focal status repeated in its
context); two different statuses with one id are an error, as across files.

Only statuses whose ``visibility`` is ``public``, ``unlisted`` or ``private`` (followers
only, read like public ones and marked :attr:`~generator.model.Post.followers_only`; see
:mod:`generator.sources.addressing`), or is missing (as from servers older than the field),
are read.
Everything else is skipped and never published: ``direct`` (private messages), ``limited``
(a chosen audience, as some servers give circles) and any value the reader does not know,
which may be narrower still. A boost is read only when the boost and the status it boosts
are both readable. A reply to a skipped status says that its parent is not in the archive.

From each status: ``id`` is the post's id; ``uri`` and ``url``; ``created_at`` and
``edited_at`` as UTC times (``2022-11-07T15:59:20Z``); ``spoiler_text`` is the content
warning; ``content`` is HTML, read by :mod:`generator.sources.html_text`, with ``mentions``
naming the handles its mention links stand for; ``media_attachments`` (``type``, with
``gifv`` read as video, ``description``, ``url``; all marked sensitive when the status's
``sensitive`` is true) and ``card`` (``url``, ``title``, ``description``); ``language``;
``poll`` and ``quote`` (:mod:`generator.sources.polls`, :mod:`generator.sources.quotes`);
``in_reply_to_id`` is the parent's id, kept even when the parent is not in
the file. The author is ``account.acct``, which has no domain for accounts of the server
that answered: the domain of ``account.url`` is added, so every handle reads
``user@domain``. Each author becomes a person with the account's ``display_name`` (custom
emoji stay as their ``:shortcode:`` text) and profile ``url``. Every status is checked
before any is used, and every problem found is reported with the line of the status's id,
which is also the post's line.

Posts come in thread order (see :func:`generator.sources.json_source.thread_order`): the
API's order is neither chronological nor depth-first.

The module registers these shapes as ``Mastodon API`` JSON (:mod:`generator.sources.registry`),
of rank 0: tried before ActivityPub's, so that a top level with Mastodon's keys is read here even
when it has an ActivityPub ``type`` too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from generator import text as txt
from generator.checks import Checker
from generator.errors import ContentError, Problem
from generator.model import LinkCard, Media, Naming, Person, Post, SourceRef, Thread
from generator.sources import actors, html_text, polls, quotes, registry
from generator.sources.json_source import Fields, Lines, counted, thread_order, visible_text

SHAPES = (
    "a Mastodon context {ancestors, descendants}, {status, context}, a list of statuses "
    "or one status"
)
"""The accepted shapes, for messages."""

_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")
LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,4}")
"""A language tag (BCP 47), as ``language`` gives it (ISO 639: ``en``, ``pt-BR``)."""
ID_EXPECTED = "an id of letters, digits, '-' and '_' such as '109303349968097604'"
"""What a status id looks like, for messages (servers other than Mastodon use letters too)."""

VISIBLE = {"public", "unlisted", "private", None}
"""The ``visibility`` values read; ``None`` is a status without one. Any other is skipped."""
EXPECTED = "at least one status whose visibility is public, unlisted or private"
"""What a file must hold to give posts, for messages."""

MEDIA_KINDS = {"image": "image", "gifv": "video", "video": "video", "audio": "audio"}
"""Attachment ``type`` → media kind; a ``gifv`` is a silent looping video. Others: unknown."""


def is_status(data: object) -> bool:
    """Whether ``data`` looks like a Mastodon status (it has an ``id`` and an ``account``)."""
    return isinstance(data, dict) and "id" in data and "account" in data


def accepts(data: object) -> bool:
    """Whether the JSON's top level has one of the shapes this reader reads."""
    if isinstance(data, dict):
        return {"ancestors", "descendants"} <= data.keys() or (
            {"status", "context"} <= data.keys() or is_status(data)
        )
    return isinstance(data, list) and (not data or is_status(data[0]))


def statuses(data: Any) -> list[tuple[str, Any]]:
    """The statuses of an accepted shape, ancestors first, each with where it is in the file
    (``descendants[2]``); items are not checked yet."""
    if isinstance(data, list):
        return [(f"[{i}]", item) for i, item in enumerate(data)]
    if "status" in data and "context" in data:
        context = data["context"] if isinstance(data["context"], dict) else {}
        return [
            *_listed(context, "ancestors", "context."),
            ("status", data["status"]),
            *_listed(context, "descendants", "context."),
        ]
    if "ancestors" in data:
        return [*_listed(data, "ancestors"), *_listed(data, "descendants")]
    return [("", data)]


def _listed(obj: dict, key: str, prefix: str = "") -> list[tuple[str, Any]]:
    value = obj.get(key)
    return [(f"{prefix}{key}[{i}]", item) for i, item in enumerate(_list(value))]


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


@dataclass(frozen=True)
class _Read:
    post: Post
    when: datetime
    author: Person
    namings: tuple[Naming, ...]


def read_mastodon(data: Any, path: str, source: str = "") -> Thread:
    """Read parsed Mastodon API JSON of an accepted shape into a thread.

    ``path`` names the file in messages; ``source`` is its text, to find lines for them.
    """
    check = Checker(path)
    lines = Lines(source)
    _check_context(check, data, lines)
    read: dict[str, _Read] = {}
    copies: dict[str, int] = {}  # id → statuses read with it, to find the line of each
    skipped: dict[str, int] = {}
    for where, status in statuses(data):
        found = _status(check, status, where, lines, skipped)
        if found is None:
            continue
        post_id = found.post.id
        copies[post_id] = copies.get(post_id, 0) + 1
        first = read.setdefault(post_id, found)
        if first is not found and not _same_status(first.post, found.post):
            # The n-th status with an id is, as near as the text tells, at its n-th "id".
            at = lines.all(post_id) or lines.all(int(post_id) if post_id.isdigit() else None)
            line = at[min(copies[post_id], len(at)) - 1] if at else found.post.source.line
            check.problems.append(Problem(path, line, f"post id {post_id!r} is read twice"))
    if not read and not check.problems:
        held, expected = f"only {counted(skipped)}" if skipped else "no status", EXPECTED
        if data == []:  # no shape in particular: say what each would need
            names = [shape.name for shape in registry.json_shapes()]
            held, expected = "an empty list", f"a list of posts ({', '.join(names)} JSON)"
        elif not statuses(data):
            held = "an empty context"
        check.problems.append(
            Problem(path, 0, f"no posts: the file holds {held}; expected {expected}")
        )
    if check.problems:
        raise ContentError(check.problems)
    exact = {post_id: found.when for post_id, found in read.items()}
    posts = thread_order((found.post for found in read.values()), exact)
    people: dict[str, Person] = {}
    for post in posts:
        people.setdefault(post.author.lower(), read[post.id].author)
    namings = tuple(n for found in read.values() for n in found.namings)
    return actors.resolve(Thread(tuple(posts), people, namings, skipped))


@registry.json_shape("Mastodon API", SHAPES, accepts)
def _read(data: Any, path: str, source: str, people: registry.Actors | None) -> Thread:
    """:func:`read_mastodon`, called as the read stage calls a JSON shape's reader. ``people``
    is not needed: every status names its author's account."""
    return read_mastodon(data, path, source)


def _same_status(first: Post, second: Post) -> bool:
    """Whether two posts with one id are one status: the same ``uri``, or, where a server
    gives none, the same post read twice."""
    if first.uri or second.uri:
        return first.uri == second.uri
    return first == replace(second, source=first.source)


def _check_context(check: Checker, data: Any, lines: Lines) -> None:
    """Record a problem when a context's ``ancestors`` or ``descendants`` is not a list."""
    if not isinstance(data, dict):
        return
    field, context = "", data
    if "status" in data and "context" in data:
        field, context = "context", data["context"]
    elif "ancestors" not in data:
        return
    if not isinstance(context, dict):
        expected = "{ancestors: [...], descendants: [...]}"
        check.problem(lines.key(field), field, "wrong type", expected, context)
        return
    for key in ("ancestors", "descendants"):
        if not isinstance(context.get(key), list):
            name = f"{field}.{key}" if field else key
            line = lines.key(key)
            check.problem(line, name, "wrong type", "a list of statuses", context.get(key))


def _status(
    check: Checker, status: Any, where: str, lines: Lines, skipped: dict[str, int]
) -> _Read | None:
    """One status as a post, or ``None`` when it is skipped (counted in ``skipped``) or
    wrong (problems recorded)."""
    if not isinstance(status, dict):
        check.problem(0, where, "not a status", "a Mastodon status object", status)
        return None
    if status.get("reblog") is not None:
        if not isinstance(status["reblog"], dict):
            line = lines.of(status.get("id"))
            check.problem(line, "reblog", "wrong type", "a status or null", status["reblog"])
            return None
        if _visible(status):
            status = status["reblog"]
    if not _visible(status):
        kind = "direct message" if status.get("visibility") == "direct" else "limited post"
        skipped[kind] = skipped.get(kind, 0) + 1
        return None
    raw_id = status.get("id")
    if not _is_id(raw_id):
        field = f"{where}.id" if where else "id"
        check.problem(lines.of(raw_id), field, "not a status id", ID_EXPECTED, raw_id)
        return None
    fields = Fields(check, status, lines, raw_id)
    author = _account(fields, status.get("account"))
    created = fields.time("created_at", required=True)
    edited = fields.time("edited_at")
    mentions = _mentions(fields, status.get("mentions"))
    content = fields.text("content")
    reply = status.get("in_reply_to_id")
    if reply is not None and not _is_id(reply):
        fields.problem("in_reply_to_id", "not a status id", f"{ID_EXPECTED} or null", reply)
    if author is None or created is None or not fields.ok:
        return None
    quote = quotes.from_mastodon(status, _visible, _is_id)
    paragraphs, kinds = html_text.blocks(content, mentions, quoted=quote is not None)
    if quote is not None:
        targets = {quote.uri, quote.url}
        paragraphs, kinds = quotes.without_fallback(paragraphs, kinds, targets)
    uri = html_text.clean(fields.text("uri")).strip()
    language = status.get("language")
    post = Post(
        id=str(raw_id),
        paragraphs=paragraphs,
        source=SourceRef(check.path, fields.line),
        mentions=txt.mentions(paragraphs),
        author=author.handle,
        author_basis="source",
        reply_to=None if reply is None else str(reply),
        reply_basis="source",
        uri=uri,
        url=html_text.http_url(status.get("url")) or html_text.http_url(uri),
        published=created[0],
        edited=edited[0] if edited and edited[1] > created[1] else "",
        warning=visible_text(html_text.clean(fields.text("spoiler_text")).strip()),
        media=_media(fields, status.get("media_attachments"), status.get("sensitive") is True),
        card=_card(fields, status.get("card")),
        kinds=kinds,
        lang=language if isinstance(language, str) and LANGUAGE.fullmatch(language) else "",
        poll=polls.from_mastodon(status.get("poll")),
        quote=quote,
        actor=author.actor,
        author_via="account",
        followers_only=status.get("visibility") == "private",
    )
    acct = status["account"].get("acct")
    namings = [Naming(author.actor, author, "account", "@" in acct)]
    namings += [
        Naming("", Person(handle=handle, url=url), "mention", "@" in handle)
        for url, handle in mentions.items()
    ]
    return _Read(post, created[1], author, tuple(namings))


def _visible(status: dict) -> bool:
    """Whether a status may be published, by its ``visibility`` (see the module docstring)."""
    visibility = status.get("visibility")
    return isinstance(visibility, str | None) and visibility in VISIBLE


def _is_id(value: object) -> bool:
    """Whether ``value`` is a status id: it becomes part of the post's permalink anchor."""
    return (
        isinstance(value, str | int)
        and not isinstance(value, bool)
        and bool(_ID.fullmatch(str(value)))
    )


def _account(fields: Fields, account: Any) -> Person | None:
    """The author as a person with a ``user@domain`` handle."""
    if not isinstance(account, dict):
        problem = "missing" if account is None else "wrong type"
        fields.problem("account", problem, "an account object", account)
        return None
    acct = fields.text("acct", account, "account.")
    url = fields.text("url", account, "account.")
    handle = html_text.qualify(acct, html_text.host(url))
    if not handle or "@" not in handle:
        expected = "'user@domain', or 'user' with the domain in account.url"
        fields.problem("account.acct", "not a handle", expected, acct)
        return None
    name = html_text.clean(fields.text("display_name", account, "account.")).strip()
    actor = html_text.http_url(account.get("uri"))  # Mastodon 4.2 and later
    return Person(handle=handle, display_name=name, url=html_text.http_url(url), actor=actor)


def _mentions(fields: Fields, mentions: Any) -> dict[str, str]:
    """Profile URL → handle for the accounts a status mentions."""
    by_url: dict[str, str] = {}
    for i, mention in enumerate(_list(mentions)):
        if not isinstance(mention, dict):
            continue
        url = fields.text("url", mention, f"mentions[{i}].")
        acct = fields.text("acct", mention, f"mentions[{i}].")
        handle = html_text.qualify(acct, html_text.host(url))
        if handle and url:
            by_url[url] = handle
    return by_url


def _media(fields: Fields, attachments: Any, sensitive: bool) -> tuple[Media, ...]:
    """Attachments by kind, alt text and URL; ``sensitive`` when the status marks its media
    sensitive."""
    media = []
    for i, item in enumerate(_list(attachments)):
        if not isinstance(item, dict):
            continue
        prefix = f"media_attachments[{i}]."
        kind = MEDIA_KINDS.get(fields.text("type", item, prefix), "unknown")
        url = html_text.http_url(item.get("url")) or html_text.http_url(item.get("remote_url"))
        description = html_text.clean(fields.text("description", item, prefix)).strip()
        media.append(Media(kind=kind, description=description, url=url, sensitive=sensitive))
    return tuple(media)


def _card(fields: Fields, card: Any) -> LinkCard | None:
    """The link preview, when it has an http(s) URL."""
    if not isinstance(card, dict) or not html_text.http_url(card.get("url")):
        return None
    return LinkCard(
        url=html_text.http_url(card["url"]),
        title=html_text.clean(fields.text("title", card, "card.")).strip(),
        description=html_text.clean(fields.text("description", card, "card.")).strip(),
    )
