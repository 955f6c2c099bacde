"""Fetch a Misskey note and its thread through Misskey's own API.

Misskey (and its forks: Sharkey, Firefish, CherryPick…) has no Mastodon API; its reads are
``POST`` requests with a JSON body, as the API reference every Misskey server serves at
``/api-doc`` describes:

- ``POST /api/notes/show`` with ``{"noteId": ID}`` answers one note;
- ``POST /api/notes/children`` with ``{"noteId": ID, "limit": 1-100, "untilId": ID}`` answers
  the notes directly below one, replies and quotes, newest first: the next page is asked with
  ``untilId``, the last id of the page before, until a page comes back short.

The thread is the note, its ancestors (each note's ``replyId`` asked for in turn, up to
:data:`MAX_ANCESTORS`; a parent the server no longer gives, deleted or hidden, ends the walk
there) and the notes below it, level by level, up to :data:`MAX_DESCENDANTS` (the walk goes on
below replies; a quote is kept but what is below it is its own discussion). What is written::

    {"server": "https://misskey.example", "note": note,
     "ancestors": [root, …, parent], "children": [note, …]}

each note exactly as the server sent it; ``server`` says where the notes come from, for the
handles of its own users, which notes give without a host. :mod:`generator.sources.misskey`
reads this file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from generator.sources.fetch.client import Clock, Log, Options, Sleep, get_json
from generator.sources.fetch.errors import FetchError, one_line, sample
from generator.sources.fetch.status_url import StatusAddress

MAX_ANCESTORS = 100
"""The most ancestors asked for, one request each."""
MAX_DESCENDANTS = 1000
"""The most notes below the note that are fetched; a larger thread is cut, said in the log."""
PAGE = 100
"""Notes asked of ``notes/children`` at a time: the most Misskey gives."""

Ask = Callable[[str, dict[str, Any]], tuple[Any, str]]
"""``ask(endpoint, body)``: the JSON answer of ``POST /api/<endpoint>``, and that request as
messages name it (``POST https://misskey.example/api/notes/show``)."""


def fetch_misskey(
    address: StatusAddress, options: Options, *, clock: Clock, sleep: Sleep, log: Log
) -> dict[str, Any]:
    """``{"server", "note", "ancestors", "children"}`` for the note at ``address`` (see the
    module docstring). Raises :class:`FetchError` when the note itself cannot be had, or
    when an answer is not what Misskey's API answers."""
    not_before = 0.0

    def ask(endpoint: str, body: dict[str, Any]) -> tuple[Any, str]:
        nonlocal not_before
        url = f"{address.base}/api/{endpoint}"
        answer, not_before = get_json(
            url, options, post=body, not_before=not_before, clock=clock, sleep=sleep, log=log
        )
        return answer, f"POST {url}"

    note = _note(ask, address.status_id)
    return {
        "server": address.base,
        "note": note,
        "ancestors": _ancestors(ask, note, log),
        "children": _descendants(ask, note, log),
    }


def is_note(value: object) -> bool:
    """Whether ``value`` looks like a Misskey note: an object with a string ``id`` and a
    ``user`` object."""
    return (
        isinstance(value, dict)
        and isinstance(value.get("id"), str)
        and isinstance(value.get("user"), dict)
    )


def _note(ask: Ask, note_id: str) -> dict[str, Any]:
    note, said = ask("notes/show", {"noteId": note_id})
    if not is_note(note):
        raise FetchError(
            f"{said}: expected a note with 'id' and 'user', "
            f"got {sample(json.dumps(note, ensure_ascii=False))}"
        )
    return note


def _ancestors(ask: Ask, note: dict[str, Any], log: Log) -> list[dict[str, Any]]:
    """The note's ancestors, root first, as far up as the server gives them."""
    found: list[dict[str, Any]] = []
    seen = {note["id"]}
    parent = note.get("replyId")
    while isinstance(parent, str) and parent not in seen:
        if len(found) == MAX_ANCESTORS:
            log(f"stopped after {MAX_ANCESTORS} ancestors; the thread's start is not fetched")
            break
        try:
            above = _note(ask, parent)
        except FetchError as err:
            if err.status is None or not 400 <= err.status < 500 or err.status == 429:
                raise
            # Deleted, or not shown to us: the thread starts below it, as a reply to a post
            # that is not in the archive.
            log(f"note {one_line(parent, 60)} is not available; the ancestors stop there")
            break
        seen.add(parent)
        found.append(above)
        parent = above.get("replyId")
    found.reverse()
    return found


def _descendants(ask: Ask, note: dict[str, Any], log: Log) -> list[dict[str, Any]]:
    """The notes below ``note``, level by level, each level's notes in the server's order."""
    found: list[dict[str, Any]] = []
    seen = {note["id"]}
    level = [note["id"]]
    while level:
        below = []
        for parent in level:
            for child in _children(ask, parent):
                if child["id"] in seen:
                    continue
                if len(found) == MAX_DESCENDANTS:
                    log(
                        f"stopped at {MAX_DESCENDANTS} notes below the note; the rest of the "
                        "thread is not fetched"
                    )
                    return found
                seen.add(child["id"])
                found.append(child)
                if child.get("replyId") == parent:  # a quote's own replies are another thread
                    below.append(child["id"])
        level = below
    return found


def _children(ask: Ask, note_id: str) -> list[dict[str, Any]]:
    """Every note directly below one, page after page."""
    notes: list[dict[str, Any]] = []
    ids: set[str] = set()
    body: dict[str, Any] = {"noteId": note_id, "limit": PAGE}
    while True:
        page, said = ask("notes/children", body)
        if not (isinstance(page, list) and all(is_note(item) for item in page)):
            raise FetchError(
                f"{said}: expected a list of notes, "
                f"got {sample(json.dumps(page, ensure_ascii=False))}"
            )
        fresh = [item for item in page if item["id"] not in ids]
        ids.update(item["id"] for item in fresh)
        notes.extend(fresh)
        if len(page) < PAGE or not fresh:  # a short page is the last; a repeat, a loop
            return notes
        body = {"noteId": note_id, "limit": PAGE, "untilId": page[-1]["id"]}
