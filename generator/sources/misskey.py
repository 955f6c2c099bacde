"""Misskey note JSON: notes as Misskey's API answers them (and its forks': Sharkey, Firefish,
CherryPick…), read into one thread.

The file's top level is one of:

1. A thread, as the project's ``fetch`` command writes it from ``POST /api/notes/show`` and
   ``POST /api/notes/children`` (see :mod:`generator.sources.fetch.misskey`)::

       {"server": "https://misskey.example", "note": note,
        "ancestors": [note, …], "children": [note, …]}

2. A list of notes, such as an answer of ``notes/children`` or ``users/notes``.
3. One note, as ``notes/show`` answers it.

A note is Misskey's packed ``Note`` (the API reference each server serves at ``/api-doc``):
``id``, ``createdAt``, ``userId`` and ``user`` (``username``, ``host``, ``name``), ``text``,
``cw``, ``visibility``, ``replyId``, ``renoteId`` (and the ``renote`` embedded), ``files``,
``poll``, and for a note from another server its ``uri`` and ``url``.

What is read:

- ``text`` is plain text in Misskey's markup (MFM), shown literally as typed, like plain-text
  sources: a blank line parts paragraphs, a line break stays one, and only http(s) URLs and
  ``@mentions`` become links. A mention without a host (``@bob``) is of the author's server.
- ``cw`` is the content warning; ``files`` are media by ``type`` (a MIME type), ``comment``
  (the alt text), ``url`` and ``isSensitive``; a ``poll`` gives its ``choices`` (``text``,
  ``votes``), ``multiple`` and ``expiresAt``; ``updatedAt`` (where a server gives it) is when
  it was edited.
- A renote without text, files or poll is a boost: skipped, counted as one. A renote with
  them quotes the renoted note.
- ``visibility``: ``public`` and ``home`` (unlisted) notes are read, and notes without one;
  ``followers`` notes are read too and marked
  (:attr:`~generator.model.Post.followers_only`), as every source's followers-only posts are
  (see :mod:`generator.sources.addressing`). ``specified`` notes are direct messages, never
  published; they and notes of a visibility the reader does not know are counted.

The author is ``user.username`` at ``user.host``, or, for the server's own users (whose
``host`` is null), at the host of ``server``: notes name no host for them, so a list or a
note alone, without ``server``, gives them a handle without a domain. A host without a dot
(``localhost``, a test instance's container name) is no address other servers reach and
cannot stand in a handle: its users are known by their user name alone (``alice``). A
local user's actor URI is ``<server>/users/<userId>``, which ActivityPub sources of the
same server give for them.

The post's id is the note's; its ``uri`` is the note's ``uri`` or, for the server's own
notes, ``<server>/notes/<id>``, its ActivityPub id, so that the same note read from an
ActivityPub source is kept once. Every note is checked before any is used; a problem names
the line of the note's id. Posts come in thread order
(:func:`generator.sources.json_source.thread_order`).

The module registers these shapes as ``Misskey`` JSON (:mod:`generator.sources.registry`),
of rank 5: after Mastodon's (a note has no ``account``), before ActivityPub's (no ``type``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from generator import text as txt
from generator.checks import Checker
from generator.errors import ContentError
from generator.model import (
    Media,
    Naming,
    Person,
    Poll,
    PollOption,
    Post,
    Quote,
    SourceRef,
    Span,
    Thread,
)
from generator.sources import registry
from generator.sources.addresses import clean, host, http_url, qualify
from generator.sources.json_source import Fields, Lines, thread_order, utc

SHAPES = "a Misskey thread {server, note, ancestors, children}, a list of notes or one note"
"""The accepted shapes, for messages."""

_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")
READ = {"public", "home", "followers", None}
"""The ``visibility`` values read; ``None`` is a note without one."""
LEFT_OUT = {"specified": "direct message"}
"""Other ``visibility`` values → the kind the build summary counts them as."""
KINDS = ("image", "video", "audio")
"""Media kinds, the first part of a file's MIME type; any other is ``unknown``."""


def is_note(data: object) -> bool:
    """Whether ``data`` looks like a Misskey note: ``id``, ``createdAt``, ``userId`` and
    ``user``, which no Mastodon status (``account``) or ActivityPub object has together."""
    return isinstance(data, dict) and {"id", "createdAt", "userId", "user"} <= data.keys()


def accepts(data: object) -> bool:
    """Whether the JSON's top level has one of the shapes this reader reads."""
    if isinstance(data, dict):
        return is_note(data) or ("note" in data and is_note(data["note"]))
    return isinstance(data, list) and bool(data) and is_note(data[0])


@dataclass(frozen=True)
class _Read:
    post: Post
    when: datetime
    author: Person


@registry.json_shape("Misskey", SHAPES, accepts, rank=5)
def read_misskey(
    data: Any, path: str, source: str = "", people: registry.Actors | None = None
) -> Thread:
    """Read parsed Misskey JSON of an accepted shape into a thread.

    ``path`` names the file in messages; ``source`` is its text, to find lines for them.
    ``people`` is not needed: every note names its author's account.
    """
    check = Checker(path)
    lines = Lines(source)
    server = ""
    if isinstance(data, dict) and "note" in data:
        server = http_url(data.get("server")).rstrip("/")
        if data.get("server") is not None and not server:
            expected = "the server's address, like 'https://misskey.example'"
            check.problem(lines.key("server"), "server", "not an address", expected, data["server"])
    read: dict[str, _Read] = {}
    skipped: dict[str, int] = {}
    for where, note in _notes(check, data, lines):
        kind = _left_out(note)
        if kind:
            skipped[kind] = skipped.get(kind, 0) + 1
            continue
        found = _note(check, note, where, lines, server)
        if found is not None:
            read.setdefault(found.post.id, found)  # a note repeated is the same note
    if check.problems:
        raise ContentError(check.problems)
    posts = thread_order(
        (found.post for found in read.values()), {k: r.when for k, r in read.items()}
    )
    people: dict[str, Person] = {}
    namings = []
    for post in posts:
        author = read[post.id].author
        if author.handle.lower() not in people:
            people[author.handle.lower()] = author
            if post.actor:  # a local user's: the host is the server's, not a given domain
                namings.append(Naming(post.actor, author, "account", explicit=False))
    return Thread(tuple(posts), people, tuple(namings), skipped)


def _notes(check: Checker, data: Any, lines: Lines) -> list[tuple[str, Any]]:
    """The notes of an accepted shape, ancestors first, each with where it is in the file;
    a list that is not one is a problem."""
    if isinstance(data, list):
        found = [(f"[{i}]", item) for i, item in enumerate(data)]
    elif "note" not in data:
        found = [("", data)]
    else:
        found = []
        for key in ("ancestors", "note", "children"):
            value = data.get(key, [] if key != "note" else None)
            if key == "note":
                found.append(("note", value))
            elif isinstance(value, list):
                found += [(f"{key}[{i}]", item) for i, item in enumerate(value)]
            else:
                check.problem(lines.key(key), key, "wrong type", "a list of notes", value)
    kept = []
    for where, item in found:
        if is_note(item):
            kept.append((where, item))
        else:
            expected = "a Misskey note with id, createdAt, userId and user"
            check.problem(lines.of(_get(item, "id")), where or "note", "not a note", expected, item)
    return kept


def _get(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, dict) else None


def _left_out(note: dict) -> str:
    """The kind a note is counted as when it is not read (see the module docstring);
    ``""`` when it is read."""
    visibility = note.get("visibility")
    if not (isinstance(visibility, str | None) and visibility in READ):
        return LEFT_OUT.get(visibility, "note of unknown visibility")
    if note.get("renoteId") and not (note.get("text") or note.get("files") or note.get("poll")):
        return "boost"
    return ""


def handle(username: str, domain: str) -> str:
    """``username@domain``; the user name alone on a ``domain`` without a dot (see the module
    docstring), and ``""`` when no valid handle results."""
    return qualify(username, domain if "." in domain else "")


def _note(check: Checker, note: dict, where: str, lines: Lines, server: str) -> _Read | None:
    """One note as a post, or ``None`` when it is wrong (problems recorded)."""
    raw_id = note.get("id")
    if not (isinstance(raw_id, str) and _ID.fullmatch(raw_id)):
        expected = "an id of letters, digits, '-' and '_' such as '9qk2xv8m1a'"
        check.problem(
            lines.of(raw_id), f"{where}.id" if where else "id", "not a note id", expected, raw_id
        )
        return None
    fields = Fields(check, note, lines, raw_id)
    created = fields.time("createdAt", required=True)
    updated = fields.time("updatedAt")
    text = clean(fields.text("text"))
    warning = clean(fields.text("cw")).strip()
    author, actor = _author(fields, note, server)
    reply = note.get("replyId")
    if reply is not None and not (isinstance(reply, str) and _ID.fullmatch(reply)):
        fields.problem("replyId", "not a note id", "a note id or null", reply)
    if author is None or created is None or not fields.ok:
        return None
    paragraphs = _paragraphs(text, author.handle.partition("@")[2])
    local = server and not _get(note.get("user"), "host")
    uri = http_url(note.get("uri")) or (f"{server}/notes/{raw_id}" if local else "")
    post = Post(
        id=raw_id,
        paragraphs=paragraphs,
        source=SourceRef(check.path, fields.line),
        mentions=txt.mentions(paragraphs),
        author=author.handle,
        author_basis="source",
        reply_to=reply,
        reply_basis="source",
        uri=uri,
        url=http_url(note.get("url")) or uri,
        published=created[0],
        edited=updated[0] if updated and updated[1] > created[1] else "",
        warning=warning,
        media=_media(note.get("files")),
        poll=_poll(note.get("poll")),
        quote=_quote(note, server),
        actor=actor,
        author_via="account",
        followers_only=note.get("visibility") == "followers",
    )
    return _Read(post, created[1], author)


def _author(fields: Fields, note: dict, server: str) -> tuple[Person | None, str]:
    """The author as a person, and their actor URI where it can be known (local users)."""
    user = note.get("user")
    if not isinstance(user, dict):
        fields.problem("user", "wrong type", "a user object", user)
        return None, ""
    username = fields.text("username", user, "user.")
    remote = fields.text("host", user, "user.")
    found = handle(username, remote or host(server))
    if not found:
        expected = "a user name of letters, digits, '_', '.' and '-'"
        fields.problem("user.username", "not a user name", expected, username)
        return None, ""
    name = " ".join(clean(fields.text("name", user, "user.")).split())
    at = f"@{username}@{remote}" if remote else f"@{username}"
    profile = f"{server}/{at}" if server else ""
    user_id = note.get("userId")
    local = server and not remote and isinstance(user_id, str) and _ID.fullmatch(user_id)
    actor = f"{server}/users/{user_id}" if local else ""
    return Person(handle=found, display_name=name, url=profile, actor=actor), actor


def _paragraphs(text: str, domain: str) -> tuple[tuple[Span, ...], ...]:
    """Literal paragraphs of MFM text; a mention without a host is of ``domain``."""
    out = []
    for block in re.split(r"\n[ \t]*\n", text.strip()):
        spans = []
        for span in txt.spans(block.strip()):
            if span.kind == "mention" and "@" not in span.target:
                span = Span("mention", span.text, handle(span.target, domain) or span.target)
            spans.append(span)
        if spans:
            out.append(tuple(spans))
    return tuple(out)


def _media(files: Any) -> tuple[Media, ...]:
    """Files by kind, alt text, URL and whether they are marked sensitive."""
    media = []
    for item in files if isinstance(files, list) else []:
        if not isinstance(item, dict):
            continue
        mime = item.get("type") if isinstance(item.get("type"), str) else ""
        kind = mime.split("/")[0] if mime.split("/")[0] in KINDS else "unknown"
        comment = item.get("comment")
        description = clean(comment).strip() if isinstance(comment, str) else ""
        sensitive = item.get("isSensitive") is True
        media.append(Media(kind, description, http_url(item.get("url")), sensitive=sensitive))
    return tuple(media)


def _poll(poll: Any) -> Poll | None:
    """The poll's choices with their votes, whether several may be chosen, when it ends."""
    if not isinstance(poll, dict) or not isinstance(poll.get("choices"), list):
        return None
    options = []
    for choice in poll["choices"]:
        if isinstance(choice, dict) and isinstance(choice.get("text"), str):
            votes = choice.get("votes")
            counted = votes if isinstance(votes, int) and not isinstance(votes, bool) else None
            options.append(PollOption(clean(choice["text"]), counted))
    ends = utc(poll["expiresAt"]) if isinstance(poll.get("expiresAt"), str) else None
    return Poll(tuple(options), poll.get("multiple") is True, ends[0] if ends else "")


def _quote(note: dict, server: str) -> Quote | None:
    """The note a note with text quotes (its ``renoteId``), embedded where it is."""
    quoted = note.get("renoteId")
    if not (isinstance(quoted, str) and _ID.fullmatch(quoted)):
        return None
    renote = note.get("renote") if isinstance(note.get("renote"), dict) else {}
    remote = _get(renote.get("user"), "host")
    uri = http_url(renote.get("uri")) or (
        f"{server}/notes/{quoted}" if server and not remote else ""
    )
    if not uri:
        return None
    username = _get(renote.get("user"), "username")
    author = handle(username, remote or host(server)) if isinstance(username, str) else ""
    text = renote.get("text")
    paragraphs = _paragraphs(clean(text), author.partition("@")[2]) if isinstance(text, str) else ()
    return Quote(uri, http_url(renote.get("url")) or uri, author, paragraphs, quoted)
