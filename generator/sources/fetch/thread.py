"""Fetch a post and its thread into a file a reader of the site reads.

Given a post's address (see :mod:`generator.sources.fetch.status_url` for the addresses
accepted), this asks its server:

- through the Mastodon API (Mastodon, GoToSocial, Pleroma, Akkoma and others that serve it):
  ``GET /api/v1/statuses/:id`` and ``GET /api/v1/statuses/:id/context``, first looking the
  status id up with ``GET /api/v2/search`` for a Pleroma or Akkoma ``/objects/UUID`` address;
  it writes ``{"status": …, "context": {"ancestors": […], "descendants": […]}}``: the second
  format of :mod:`generator.sources.mastodon`;
- through Misskey's own API (``/notes/ID`` addresses): see
  :mod:`generator.sources.fetch.misskey`, whose file :mod:`generator.sources.misskey` reads;
- through Bluesky's AppView (``https://bsky.app/profile/…/post/…`` and ``at://`` addresses):
  see :mod:`generator.sources.fetch.bluesky`, whose file :mod:`generator.sources.bluesky`
  reads.

Each part is exactly as the server sent it (keys in its order), indented, UTF-8, written
atomically (:mod:`generator.sources.fetch.atomic_write`).

Without an access token, Mastodon answers with at most 40 ancestors and 60 descendants 20
replies deep; a token (scope ``read:statuses``) lifts that limit. How requests are made,
retried and paced, and how the token is kept safe: :mod:`generator.sources.fetch.client`.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from generator.sources.fetch import bluesky
from generator.sources.fetch.atomic_write import write_thread
from generator.sources.fetch.client import (
    Clock,
    Log,
    Options,
    Sleep,
    check_options,
    check_token,
    get_json,
    to_stderr,
)
from generator.sources.fetch.errors import FetchError, one_line, sample
from generator.sources.fetch.misskey import fetch_misskey
from generator.sources.fetch.status_url import STATUS_ID, StatusAddress, parse_status_url


def fetch_thread(
    url: str,
    options: Options = Options(),  # noqa: B008 - frozen: sharing one default is safe
    *,
    clock: Clock = time.time,
    sleep: Sleep = time.sleep,
    log: Log = to_stderr,
) -> dict[str, Any]:
    """``{"status": …, "context": …}`` for the status at ``url``, as its server sends them
    (for a Misskey note, what :func:`~generator.sources.fetch.misskey.fetch_misskey` gives).

    Raises :class:`FetchError` when they cannot be had, after the retries ``options`` allow.
    """
    address = parse_status_url(url)
    check_options(options)
    check_token(options.token, address.base)
    if address.api == "misskey":
        return fetch_misskey(address, options, clock=clock, sleep=sleep, log=log)
    not_before = 0.0
    if address.object_url:
        address, not_before = _look_up(address, options, clock=clock, sleep=sleep, log=log)
    status, not_before = get_json(
        address.status_url, options, not_before=not_before, clock=clock, sleep=sleep, log=log
    )
    if not (isinstance(status, dict) and "id" in status and "account" in status):
        raise FetchError(
            f"GET {address.status_url}: expected a status with 'id' and 'account', "
            f"got {sample(json.dumps(status, ensure_ascii=False))}"
        )
    context, _ = get_json(
        address.context_url, options, not_before=not_before, clock=clock, sleep=sleep, log=log
    )
    if not (
        isinstance(context, dict)
        and isinstance(context.get("ancestors"), list)
        and isinstance(context.get("descendants"), list)
    ):
        raise FetchError(
            f"GET {address.context_url}: expected a context with lists 'ancestors' and "
            f"'descendants', got {sample(json.dumps(context, ensure_ascii=False))}"
        )
    return {"status": status, "context": context}


def _look_up(
    address: StatusAddress, options: Options, *, clock: Clock, sleep: Sleep, log: Log
) -> tuple[StatusAddress, float]:
    """The address with the status id the server's search gives for its object's address
    (Pleroma and Akkoma answer for their own objects without an account); the clock time
    before which the rate limit forbids the next request."""
    found, not_before = get_json(address.search_url, options, clock=clock, sleep=sleep, log=log)
    statuses = found.get("statuses") if isinstance(found, dict) else None
    if not isinstance(statuses, list):
        raise FetchError(
            f"GET {address.search_url}: expected search results with a list 'statuses', "
            f"got {sample(json.dumps(found, ensure_ascii=False))}"
        )
    wanted = address.object_url.lower()  # the UUID's hex digits may come in either case
    for status in statuses:
        if (
            isinstance(status, dict)
            and isinstance(status.get("uri"), str)
            and status["uri"].lower() == wanted
            and isinstance(status.get("id"), str | int)
            and not isinstance(status.get("id"), bool)
        ):
            status_id = str(status["id"])
            if not STATUS_ID.fullmatch(status_id):
                break
            log(f"{address.object_url} is status {status_id}")
            return address.with_id(status_id), not_before
    raise FetchError(
        f"GET {address.search_url}: the server gave no status with the address "
        f"{address.object_url}; expected the address of a post of that server"
    )


def fetch_to_file(
    url: str,
    output: Path,
    options: Options = Options(),  # noqa: B008 - frozen: sharing one default is safe
    *,
    clock: Clock = time.time,
    sleep: Sleep = time.sleep,
    log: Log = to_stderr,
    appview: str = bluesky.APPVIEW,
) -> dict[str, Any]:
    """Fetch the thread of the status at ``url`` and write it to ``output``; returns it.
    A Bluesky post is asked of the AppView at ``appview``.

    Raises :class:`FetchError` for a wrong address or option before any request, and for
    anything that fails after; ``output`` is then as it was.
    """
    on_bluesky = bluesky.parse_post_address(url) is not None
    if on_bluesky:
        bluesky.check_appview(appview)
    else:
        parse_status_url(url)  # a wrong address is reported before anything else
    check_options(options)
    if not output.parent.is_dir():
        raise FetchError(f"cannot write {output}: folder {output.parent} does not exist")
    if output.is_dir():
        raise FetchError(f"cannot write {output}: it is a folder")
    if on_bluesky:
        found = bluesky.fetch_bluesky(url, options, appview, clock=clock, sleep=sleep, log=log)
        write_thread(output, found)
        log(f"wrote post {found['uri']} and {bluesky.count_posts(found) - 1} more to {output}")
        return found
    thread = fetch_thread(url, options, clock=clock, sleep=sleep, log=log)
    write_thread(output, thread)
    if "note" in thread:
        what, above, below = "note", thread["ancestors"], thread["children"]
        post_id = thread["note"]["id"]
    else:
        what, above, below = (
            "status",
            thread["context"]["ancestors"],
            thread["context"]["descendants"],
        )
        post_id = thread["status"]["id"]
    log(
        f"wrote {what} {one_line(str(post_id), 60)} with {len(above)} ancestor(s) "
        f"and {len(below)} descendant(s) to {output}"
    )
    return thread
