"""Fetch a Mastodon status and its thread into a file the Mastodon reader reads.

Given a status's address on a Mastodon server (or any server with Mastodon's API; see
:mod:`generator.sources.fetch.status_url` for the addresses accepted), this asks that server for
``GET /api/v1/statuses/:id`` and ``GET /api/v1/statuses/:id/context`` and writes
``{"status": …, "context": {"ancestors": […], "descendants": […]}}``: the second format of
:mod:`generator.sources.mastodon`, each part exactly as the server sent it (keys in its order),
indented, UTF-8, atomically (:mod:`generator.sources.fetch.atomic_write`).

Without an access token, Mastodon answers with at most 40 ancestors and 60 descendants 20
replies deep; a token (scope ``read:statuses``) lifts that limit. How requests are made,
retried and paced, and how the token is kept safe: :mod:`generator.sources.fetch.client`.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

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
from generator.sources.fetch.status_url import parse_status_url


def fetch_thread(
    url: str,
    options: Options = Options(),  # noqa: B008 - frozen: sharing one default is safe
    *,
    clock: Clock = time.time,
    sleep: Sleep = time.sleep,
    log: Log = to_stderr,
) -> dict[str, Any]:
    """``{"status": …, "context": …}`` for the status at ``url``, as its server sends them.

    Raises :class:`FetchError` when they cannot be had, after the retries ``options`` allow.
    """
    address = parse_status_url(url)
    check_options(options)
    check_token(options.token, address.base)
    status, not_before = get_json(address.status_url, options, clock=clock, sleep=sleep, log=log)
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


def fetch_to_file(
    url: str,
    output: Path,
    options: Options = Options(),  # noqa: B008 - frozen: sharing one default is safe
    *,
    clock: Clock = time.time,
    sleep: Sleep = time.sleep,
    log: Log = to_stderr,
) -> dict[str, Any]:
    """Fetch the thread of the status at ``url`` and write it to ``output``; returns it.

    Raises :class:`FetchError` for a wrong address or option before any request, and for
    anything that fails after; ``output`` is then as it was.
    """
    parse_status_url(url)  # a wrong address is reported before anything else
    check_options(options)
    if not output.parent.is_dir():
        raise FetchError(f"cannot write {output}: folder {output.parent} does not exist")
    if output.is_dir():
        raise FetchError(f"cannot write {output}: it is a folder")
    thread = fetch_thread(url, options, clock=clock, sleep=sleep, log=log)
    write_thread(output, thread)
    context = thread["context"]
    log(
        f"wrote status {one_line(str(thread['status']['id']), 60)} "
        f"with {len(context['ancestors'])} ancestor(s) "
        f"and {len(context['descendants'])} descendant(s) to {output}"
    )
    return thread
