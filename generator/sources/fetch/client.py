"""The HTTP client: ``GET`` (or ``POST``) one JSON answer, retried, paced and checked.

Being a good client: HTTP 429, 5xx, refused or dropped connections, answers cut short (fewer
bytes than their ``Content-Length`` promised) and timeouts are retried with exponential backoff
(doubling from ``backoff``, at most ``max_backoff``), a bounded number of times;
``Retry-After`` (seconds or an HTTP date) is obeyed; and when ``X-RateLimit-Remaining`` (or
Bluesky's ``RateLimit-Remaining``) says no request is left, the next one waits until the
reset. No wait may exceed
``max_wait``: a server asking for longer makes the fetch fail at once rather than hang. Other
4xx answers fail at once with the server's ``{"error": …}`` message.

Each request keeps to one deadline and follows redirects as
:mod:`generator.sources.fetch.connection` says; its answer must be JSON that can be kept, as
:mod:`generator.sources.fetch.json_answer` says. Whatever the server sends, every failure is a
:class:`~generator.sources.fetch.errors.FetchError` whose message is one line.

An access token, when given, is sent as ``Authorization: Bearer …`` to the host named in the
address only (never along a redirect), never over plain http except to this machine, and is
neither printed nor written.

The clock, the sleep and the progress printer are parameters, so tests need not wait.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import ssl
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from email.utils import parsedate_to_datetime
from typing import Any

from generator import __version__
from generator.sources.fetch.connection import CutShort, Log, opener, read_body, read_error_body
from generator.sources.fetch.errors import FetchError, one_line, sample
from generator.sources.fetch.json_answer import Unreadable, load_json

USER_AGENT = f"discussion-site-fetch/{__version__}"
"""Names the tool, not the person running it."""

MAX_BYTES = 64 * 1024 * 1024
"""The largest answer read; a thread's context is far smaller."""

LONGEST = 366 * 24 * 3600.0
"""The longest timeout or wait taken, in seconds: a year. Sockets and sleeps refuse far longer
ones (OverflowError) and ``nan``s (ValueError)."""


_TOKEN = re.compile(r"[\x21-\x7e]+")
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


@dataclass(frozen=True)
class Options:
    """How patiently to fetch."""

    timeout: float = 20.0
    """Seconds a request may take in all: connecting and receiving the whole answer."""
    retries: int = 4
    """Retries of a request after a retryable failure; 0 tries once."""
    backoff: float = 1.0
    """Seconds before the first retry; doubled for each one after it."""
    max_backoff: float = 60.0
    """The longest wait between retries that the server did not ask for."""
    max_wait: float = 600.0
    """The longest wait allowed at all (Retry-After, rate limit); a longer one fails."""
    token: str = field(default="", repr=False)
    """Access token sent as a bearer token; empty for none. Kept out of ``repr``."""


Clock = Callable[[], float]
"""Gives the time now, as a Unix time in seconds."""
Sleep = Callable[[float], None]
"""Waits the seconds given."""


def to_stderr(line: str) -> None:
    """Print one progress line to stderr, at once: the default :data:`Log`."""
    print(line, file=sys.stderr, flush=True)


def token_from_env(name: str, environ: Mapping[str, str] = os.environ) -> str:
    """The access token in environment variable ``name``; empty when unset or blank."""
    return environ.get(name, "").strip()


def get_json(
    url: str,
    options: Options,
    *,
    post: dict[str, Any] | None = None,
    not_before: float = 0.0,
    clock: Clock = time.time,
    sleep: Sleep = time.sleep,
    log: Log = to_stderr,
) -> tuple[Any, float]:
    """``GET url`` and parse its JSON, retrying what is worth retrying; with ``post``, ``POST``
    it as the JSON body instead, as Misskey's API is asked (its reads are ``POST`` requests
    that change nothing, so they are retried like a ``GET``).

    Waits first until clock time ``not_before`` (a rate limit's reset). Returns the JSON and
    the clock time before which the server's rate limit forbids the next request (0 if none).
    """
    method = "GET" if post is None else "POST"
    said = f"{method} {url}"  # the request, as messages name it
    attempts = options.retries + 1
    for attempt in range(1, attempts + 1):
        if not_before > clock():
            _pause(said, not_before - clock(), "until the rate limit resets", options, sleep, log)
        not_before = 0.0
        deadline = time.monotonic() + options.timeout
        try:
            director, request = opener(deadline, log), _request(url, options.token, post)
            with director.open(request, timeout=options.timeout) as answer:
                body = read_body(answer, MAX_BYTES, deadline)
                if len(body) > MAX_BYTES:
                    raise FetchError(f"{said}: the answer is larger than {MAX_BYTES} bytes")
                status, reason, headers = answer.status, answer.reason, answer.headers
                answered = answer.url  # after redirects, not the URL asked
        except urllib.error.HTTPError as err:
            body = read_error_body(err, deadline)
            failure = f"HTTP {err.code} {one_line(err.reason)}".rstrip()
            log(f"{method} {err.filename or url}: {failure}")
            if err.code != 429 and err.code < 500:
                detail = _server_error(body)
                message = f"{said}: {failure}{': ' + detail if detail else ''}"
                raise FetchError(message, err.code) from None
            delay = _retry_after(err.headers, clock)
            reset = _rate_limit_wait(err.headers, clock)
            if reset:
                delay = max(delay or 0.0, reset)
        except (OSError, http.client.HTTPException) as err:
            failure = _network_failure(said, err, options.timeout)
            log(f"{said}: {failure}")
            delay = None
        else:
            log(f"{method} {answered}: {status} {one_line(reason)}".rstrip())
            reset = _rate_limit_wait(headers, clock)
            return _parse(said, body, headers), (clock() + reset if reset else 0.0)
        if attempt == attempts:
            tries = f"{attempts} attempts" if attempts > 1 else "1 attempt"
            raise FetchError(f"{said}: {failure} (gave up after {tries})")
        if delay is None:
            delay = min(options.backoff * 2 ** (attempt - 1), options.max_backoff)
        _pause(said, delay, f"before attempt {attempt + 1} of {attempts}", options, sleep, log)
    raise AssertionError("unreachable")  # pragma: no cover


def _request(url: str, token: str, post: dict[str, Any] | None = None) -> urllib.request.Request:
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    if post is None:
        request = urllib.request.Request(url, headers=headers)
    else:
        data = json.dumps(post, ensure_ascii=True).encode("ascii")
        headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, headers=headers, method="POST")
    if token:
        # Unredirected: a redirect to another host must not carry the token there.
        request.add_unredirected_header("Authorization", f"Bearer {token}")
    return request


def check_options(options: Options) -> None:
    """Refuse times no socket or sleep takes (``nan``, ``inf``, years), before any request."""
    if not 0 < options.timeout <= LONGEST:
        raise FetchError(
            f"expected a timeout of more than 0 and at most {LONGEST:.0f} seconds, "
            f"got {options.timeout:g}"
        )
    for name, value in (
        ("maximum wait", options.max_wait),
        ("backoff", options.backoff),
        ("maximum backoff", options.max_backoff),
    ):
        if not 0 <= value <= LONGEST:
            raise FetchError(f"expected a {name} of 0 to {LONGEST:.0f} seconds, got {value:g}")
    if options.retries < 0:
        raise FetchError(f"expected 0 or more retries, got {options.retries}")


def check_token(token: str, base: str) -> None:
    """Refuse a token that cannot be sent safely, without ever showing it."""
    if not token:
        return
    if not _TOKEN.fullmatch(token):
        raise FetchError("the access token is not valid: expected printable ASCII without spaces")
    parts = urllib.parse.urlsplit(base)
    if parts.scheme == "http" and parts.hostname not in _LOCAL_HOSTS:
        raise FetchError(
            f"refusing to send the access token over plain http to {parts.hostname}; use https"
        )


def _parse(said: str, body: bytes, headers: Message) -> Any:
    """The JSON of an answer to ``said`` (``GET url``), or a clear error saying what came
    instead."""
    try:
        return load_json(body)
    except Unreadable as err:
        kind = headers.get("Content-Type") or "no Content-Type"
        shown = sample(body[:200].decode("utf-8", "replace")) if body else "an empty body"
        raise FetchError(f"{said}: the answer ({kind}) {err}: {shown}") from None


def _server_error(body: bytes) -> str:
    """The message of an error answer: Mastodon's ``{"error": "…"}`` or Misskey's
    ``{"error": {"message": "…", "code": "…"}}``; empty if there is none."""
    try:
        data = load_json(body)
    except Unreadable:
        return ""
    if not isinstance(data, dict):
        return ""
    error = data.get("error")
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        code = error.get("code")
        return one_line(
            f"{error['message']} ({code})" if isinstance(code, str) else error["message"]
        )
    if not isinstance(error, str):
        return ""
    message = error
    if isinstance(data.get("error_description"), str):  # OAuth errors add a description
        message = f"{message}: {data['error_description']}"
    return one_line(message)


def _network_failure(said: str, err: BaseException, timeout: float) -> str:
    """What went wrong with the connection, in words; fails at once, naming the request
    ``said`` (``GET url``), where retrying is futile."""
    reason = err.reason if isinstance(err, urllib.error.URLError) else err
    if isinstance(reason, ssl.SSLCertVerificationError):
        raise FetchError(f"{said}: the server's certificate is not valid: {reason.verify_message}")
    if isinstance(reason, TimeoutError):
        return f"no complete answer within {timeout:g} s"
    if isinstance(reason, CutShort):
        return str(reason)
    if isinstance(reason, str):
        return f"cannot connect: {one_line(reason)}"
    if isinstance(reason, OSError) and reason.strerror:
        return f"connection failed: {one_line(reason.strerror)}"
    return f"connection failed: {one_line(str(reason)) or type(reason).__name__}"


def _retry_after(headers: Message, clock: Clock) -> float | None:
    """Seconds the server asks to wait (``Retry-After``: seconds or an HTTP date), or None."""
    value = (headers.get("Retry-After") or "").strip()
    if re.fullmatch(r"[0-9]+", value):  # not str.isdigit(): that takes "²", which float() refuses
        return float(value)
    when = _http_date(value)
    return None if when is None else max(0.0, when - _server_time(headers, clock))


def _rate_limit_wait(headers: Message, clock: Clock) -> float:
    """Seconds until the rate limit resets when no request is left; 0 otherwise.

    Mastodon sends ``X-RateLimit-Remaining`` and ``X-RateLimit-Reset`` (an ISO 8601 time);
    Bluesky's AppView ``RateLimit-Remaining`` and ``RateLimit-Reset`` (a Unix time), the
    names of the IETF draft on rate-limit headers. Either time is understood in either.
    """
    for prefix in ("X-RateLimit-", "RateLimit-"):
        remaining = (headers.get(prefix + "Remaining") or "").strip()
        if remaining:
            break
    if remaining != "0":
        return 0.0
    value = (headers.get(prefix + "Reset") or "").strip()
    try:
        reset = float(value)
    except ValueError:
        try:
            when = datetime.fromisoformat(value)
        except ValueError:
            return 0.0
        reset = (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()
    return max(0.0, reset - _server_time(headers, clock))


def _server_time(headers: Message, clock: Clock) -> float:
    """The server's time when it answered (its ``Date``), else ours.

    The times a server gives are measured against its own clock, so a machine whose clock is
    off by minutes neither waits minutes too long nor too short.
    """
    when = _http_date(headers.get("Date") or "")
    return clock() if when is None else when


def _http_date(value: str) -> float | None:
    """An HTTP date (``Wed, 21 Oct 2015 07:28:00 GMT``) as a Unix time; None if it is not one."""
    try:
        when = parsedate_to_datetime(value.strip())
        return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()
    except (TypeError, ValueError, OverflowError):  # a year or zone too large for datetime
        return None


def _pause(said: str, seconds: float, why: str, options: Options, sleep: Sleep, log: Log) -> None:
    """Sleep ``seconds``, unless that is longer than ``options.max_wait``: then fail, naming
    the request ``said`` (``GET url``)."""
    if seconds > options.max_wait:
        raise FetchError(
            f"{said}: the server asks to wait {seconds:.0f} s {why}, longer than the "
            f"maximum wait of {options.max_wait:g} s; try again later"
        )
    log(f"waiting {seconds:g} s {why}")
    sleep(seconds)
