"""Fetch a Mastodon status and its thread into a file the Mastodon reader reads.

Given a status's address on a Mastodon server (or any server with Mastodon's API), this asks
that server for ``GET /api/v1/statuses/:id`` and ``GET /api/v1/statuses/:id/context`` and writes
``{"status": …, "context": {"ancestors": […], "descendants": […]}}``: the second format of
:mod:`generator.sources.mastodon`, each part exactly as the server sent it (keys in its order),
indented, UTF-8. The file is written beside its final name and renamed into place, so a failed
fetch never leaves a partial file and never spoils one fetched before, not even when stopped
while writing by Ctrl-C, SIGTERM (``kill``, systemd, a cancelled CI job) or SIGHUP.

Accepted addresses, all naming the status on the server that is asked::

    https://example.social/@alice/109876543210
    https://example.social/@bob@elsewhere.example/109876543210   (a remote post's local copy)
    https://example.social/users/alice/statuses/109876543210
    https://example.social/api/v1/statuses/109876543210

Only the host and the id are used; a query or fragment is ignored. A host name beyond ASCII is
asked for by its IDNA form (``例え.jp`` as ``xn--r8jz45g.jp``).

Being a good client: every request has a deadline, ``timeout`` seconds for all of it: connecting,
the TLS handshake, redirects and receiving the whole answer (looking up the host's name is left to
the system's resolver). A server that trickles its answer a byte at a time is given up on when
the deadline passes, however lively each byte looks: a timeout per read alone never fires there.
HTTP 429, 5xx, refused or dropped connections, answers cut short (fewer bytes than their
``Content-Length`` promised) and timeouts are retried with exponential
backoff (doubling from ``backoff``, at most ``max_backoff``), a bounded number of times;
``Retry-After`` (seconds or an HTTP date) is obeyed; and when ``X-RateLimit-Remaining`` says no
request is left, the next one waits until ``X-RateLimit-Reset``. No wait may exceed
``max_wait``: a server asking for longer makes the fetch fail at once rather than hang. Other
4xx answers fail at once with the server's ``{"error": …}`` message.

Redirects are followed to http(s) URLs only, at most ten for a request, each one said in the
progress lines (a status answered by another server should not pass unnoticed). An answer must
be JSON that can be written back as JSON and read again: nested at most ``MAX_DEPTH`` levels,
without ``NaN``, ``Infinity`` or integers longer than Python reads (4,300 digits). Whatever
the server sends, every failure is a :class:`FetchError` whose message is one line.

An access token, when given, is sent as ``Authorization: Bearer …`` to the host named in the
address only (never along a redirect), never over plain http except to this machine, and is
neither printed nor written. Without one, Mastodon answers with at most 40 ancestors and 60
descendants 20 replies deep; a token (scope ``read:statuses``) lifts that limit.

The clock, the sleep and the progress printer are parameters, so tests need not wait. Deadlines
are kept on ``time.monotonic()``, which is not a parameter: a socket waits in real time.
"""

from __future__ import annotations

import contextlib
import functools
import http.client
import io
import json
import math
import os
import re
import signal
import socket
import ssl
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from generator import __version__

USER_AGENT = f"discussion-site-fetch/{__version__}"
"""Names the tool, not the person running it."""

EXAMPLE = "https://example.social/@alice/109876543210"
"""A status URL, for messages."""

MAX_BYTES = 64 * 1024 * 1024
"""The largest answer read; a thread's context is far smaller."""

CHUNK = 64 * 1024
"""Bytes asked of the connection at a time; the deadline is checked between chunks."""

LONGEST = 366 * 24 * 3600.0
"""The longest timeout or wait taken, in seconds: a year. Sockets and sleeps refuse far longer
ones (OverflowError) and ``nan``s (ValueError)."""

MAX_REDIRECTS = 10
"""The most redirects followed for one request."""

MAX_DEPTH = 100
"""The deepest nesting of arrays and objects read in an answer; a thread needs about ten."""
_TOO_DEEP = f"is not valid JSON (nested more than {MAX_DEPTH} levels deep)"

_ID = r"(?P<id>[A-Za-z0-9_-]{1,100})"
_USER = r"[^/@\s]+"
_HOST = r"[^/@\s]+"
_STATUS_PATHS = tuple(
    re.compile(pattern)
    for pattern in (
        rf"/@{_USER}(?:@{_HOST})?/{_ID}/?",
        rf"/users/{_USER}/statuses/{_ID}/?",
        rf"/api/v1/statuses/{_ID}/?",
    )
)
_TOKEN = re.compile(r"[\x21-\x7e]+")
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


class FetchError(Exception):
    """The thread could not be fetched or written; the message is one line for the user."""

    def __init__(self, message: str):
        # Messages quote what servers send (reasons, URLs, samples): one line, whatever came.
        super().__init__(_flatten(message))


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


@dataclass(frozen=True)
class StatusAddress:
    """Where a status's API lives."""

    base: str
    """Scheme and host (with port), e.g. ``https://example.social``."""
    status_id: str
    """The status's id on that host."""

    @property
    def status_url(self) -> str:
        """``GET`` this for the status."""
        return f"{self.base}/api/v1/statuses/{self.status_id}"

    @property
    def context_url(self) -> str:
        """``GET`` this for its ancestors and descendants."""
        return f"{self.status_url}/context"


Clock = Callable[[], float]
Sleep = Callable[[float], None]
Log = Callable[[str], None]


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def parse_status_url(url: str) -> StatusAddress:
    """The host and status id of a status URL; :class:`FetchError` for anything else."""
    wrong = f"expected a status URL like {EXAMPLE}, got {_quote(url)}"
    try:
        parts = urllib.parse.urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise FetchError(wrong) from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"only http(s) can be fetched: {wrong}")
    host = _ascii_host(parts.hostname)
    if not host or parts.username is not None or parts.password is not None:
        raise FetchError(wrong)
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    for pattern in _STATUS_PATHS:
        match = pattern.fullmatch(parts.path)
        if match:
            return StatusAddress(f"{parts.scheme.lower()}://{netloc}", match["id"])
    raise FetchError(wrong)


def _ascii_host(name: str | None) -> str | None:
    """``name`` as asked for on the wire (IDNA, ``xn--…``, where not ASCII); None if impossible.

    ``socket.getaddrinfo`` encodes every name with the IDNA codec, and a name it cannot encode
    (``a..b``, a label over 63 characters) raises UnicodeError there rather than an OSError.
    And urllib sends a name as it is in the ``Host`` header, where anything beyond Latin-1
    (``例え.jp``) raises UnicodeEncodeError.
    """
    if not name:
        return None
    try:
        return name.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def token_from_env(name: str, environ: Mapping[str, str] = os.environ) -> str:
    """The access token in environment variable ``name``; empty when unset or blank."""
    return environ.get(name, "").strip()


def fetch_thread(
    url: str,
    options: Options = Options(),
    *,
    clock: Clock = time.time,
    sleep: Sleep = time.sleep,
    log: Log = _stderr,
) -> dict[str, Any]:
    """``{"status": …, "context": …}`` for the status at ``url``, as its server sends them.

    Raises :class:`FetchError` when they cannot be had, after the retries ``options`` allow.
    """
    address = parse_status_url(url)
    _check_options(options)
    _check_token(options.token, address.base)
    status, not_before = get_json(address.status_url, options, clock=clock, sleep=sleep, log=log)
    if not (isinstance(status, dict) and "id" in status and "account" in status):
        raise FetchError(
            f"GET {address.status_url}: expected a status with 'id' and 'account', "
            f"got {_sample(json.dumps(status, ensure_ascii=False))}"
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
            f"'descendants', got {_sample(json.dumps(context, ensure_ascii=False))}"
        )
    return {"status": status, "context": context}


def fetch_to_file(
    url: str,
    output: Path,
    options: Options = Options(),
    *,
    clock: Clock = time.time,
    sleep: Sleep = time.sleep,
    log: Log = _stderr,
) -> dict[str, Any]:
    """Fetch the thread of the status at ``url`` and write it to ``output``; returns it.

    Raises :class:`FetchError` for a wrong address or option before any request, and for
    anything that fails after; ``output`` is then as it was.
    """
    parse_status_url(url)  # a wrong address is reported before anything else
    _check_options(options)
    if not output.parent.is_dir():
        raise FetchError(f"cannot write {output}: folder {output.parent} does not exist")
    if output.is_dir():
        raise FetchError(f"cannot write {output}: it is a folder")
    thread = fetch_thread(url, options, clock=clock, sleep=sleep, log=log)
    write_thread(output, thread)
    context = thread["context"]
    log(
        f"wrote status {_one_line(str(thread['status']['id']), 60)} "
        f"with {len(context['ancestors'])} ancestor(s) "
        f"and {len(context['descendants'])} descendant(s) to {output}"
    )
    return thread


def write_thread(output: Path, thread: dict[str, Any]) -> None:
    """Write ``thread`` as indented UTF-8 JSON, atomically: beside ``output``, then renamed.

    Raises :class:`FetchError` when the file cannot be written, or when ``thread`` would not
    make JSON: nested too deeply for the encoder, ``NaN`` or infinite numbers, integers of
    more digits than Python converts.
    """
    try:
        data = _encode(thread)
    except RecursionError:
        raise FetchError(f"cannot write {output}: the thread is nested too deeply") from None
    except ValueError as err:  # NaN, Infinity, or an integer of too many digits
        raise FetchError(f"cannot write {output}: it would not be JSON: {err}") from None
    partial = output.with_name(f".{output.name}.{os.getpid()}.part")
    with _stop_signals_raise(f"cannot write {output}"):
        try:
            with partial.open("wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())  # on disk before the rename makes it the file
            os.replace(partial, output)
        except BaseException as err:  # an interrupt or kill, too, must not leave the partial file
            partial.unlink(missing_ok=True)
            if isinstance(err, OSError):
                raise FetchError(f"cannot write {output}: {err.strerror or err}") from None
            raise


_STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)
"""Signals that end the process at once by default: ``kill``, systemd, CI cancel, hang-up."""


class _Stopped(BaseException):
    """A stop signal came; raised like KeyboardInterrupt so that cleanup runs first."""


@contextlib.contextmanager
def _stop_signals_raise(doing: str) -> Iterator[None]:
    """Inside, SIGTERM and SIGHUP raise :class:`_Stopped` instead of ending the process at once.

    On leaving, the previous handlers are back and a signal that came is raised again for
    them: by default the process then ends by that signal, as it would have, only after the
    cleanup. Should a previous handler let the process go on, :class:`FetchError` says
    ``doing`` was stopped. Signals ignored stay ignored; handlers can be set only in the main
    thread, so elsewhere nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[int] = []

    def stop(number: int, frame: object) -> None:
        if not came:  # a second signal must not cut short the cleanup of the first
            came.append(number)
            raise _Stopped(number)

    previous = {}
    for number in _STOP_SIGNALS:
        if signal.getsignal(number) not in (signal.SIG_IGN, None):  # None: not set by Python
            previous[number] = signal.signal(number, stop)
    try:
        yield
    except _Stopped:
        pass
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    if came:
        signal.raise_signal(came[0])
        raise FetchError(f"{doing}: stopped by {signal.Signals(came[0]).name}")


def _encode(thread: dict[str, Any]) -> bytes:
    text = json.dumps(thread, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate escaped in the answer: keep it escaped
        return (json.dumps(thread, indent=2, allow_nan=False) + "\n").encode("ascii")


def get_json(
    url: str,
    options: Options,
    *,
    not_before: float = 0.0,
    clock: Clock = time.time,
    sleep: Sleep = time.sleep,
    log: Log = _stderr,
) -> tuple[Any, float]:
    """``GET url`` and parse its JSON, retrying what is worth retrying.

    Waits first until clock time ``not_before`` (a rate limit's reset). Returns the JSON and
    the clock time before which the server's rate limit forbids the next request (0 if none).
    """
    attempts = options.retries + 1
    for attempt in range(1, attempts + 1):
        if not_before > clock():
            _pause(url, not_before - clock(), "until the rate limit resets", options, sleep, log)
        not_before = 0.0
        deadline = time.monotonic() + options.timeout
        try:
            opener = _opener(deadline, log)
            with opener.open(_request(url, options.token), timeout=options.timeout) as answer:
                body = _read_body(answer, MAX_BYTES, deadline)
                if len(body) > MAX_BYTES:
                    raise FetchError(f"GET {url}: the answer is larger than {MAX_BYTES} bytes")
                status, reason, headers = answer.status, answer.reason, answer.headers
                answered = answer.url  # after redirects, not the URL asked
        except urllib.error.HTTPError as err:
            body = _read_error_body(err, deadline)
            failure = f"HTTP {err.code} {_one_line(err.reason)}".rstrip()
            log(f"GET {err.filename or url}: {failure}")
            if err.code != 429 and err.code < 500:
                detail = _server_error(body)
                raise FetchError(f"GET {url}: {failure}{': ' + detail if detail else ''}") from None
            delay = _retry_after(err.headers, clock)
            reset = _rate_limit_wait(err.headers, clock)
            if reset:
                delay = max(delay or 0.0, reset)
        except (OSError, http.client.HTTPException) as err:
            failure = _network_failure(url, err, options.timeout)
            log(f"GET {url}: {failure}")
            delay = None
        else:
            log(f"GET {answered}: {status} {_one_line(reason)}".rstrip())
            reset = _rate_limit_wait(headers, clock)
            return _parse(url, body, headers), (clock() + reset if reset else 0.0)
        if attempt == attempts:
            tries = f"{attempts} attempts" if attempts > 1 else "1 attempt"
            raise FetchError(f"GET {url}: {failure} (gave up after {tries})")
        if delay is None:
            delay = min(options.backoff * 2 ** (attempt - 1), options.max_backoff)
        _pause(url, delay, f"before attempt {attempt + 1} of {attempts}", options, sleep, log)
    raise AssertionError("unreachable")  # pragma: no cover


def _opener(deadline: float, log: Log) -> urllib.request.OpenerDirector:
    """An opener whose connections end every wait by ``deadline`` (a ``time.monotonic()`` time).

    It follows redirects as :class:`_Redirects` does, saying where each went in ``log``.
    """
    return urllib.request.build_opener(
        _DeadlineHTTPHandler(deadline), _DeadlineHTTPSHandler(deadline), _Redirects(log)
    )


def _remaining(deadline: float) -> float:
    """Seconds left until ``deadline`` (a ``time.monotonic()`` time); TimeoutError once past."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("the request's deadline has passed")
    return left


class _DeadlineHTTPHandler(urllib.request.HTTPHandler):
    """Opens http connections that keep to one deadline."""

    def __init__(self, deadline: float):
        super().__init__()
        self._deadline = deadline

    def http_open(self, req):
        return self.do_open(functools.partial(_DeadlineConnection, deadline=self._deadline), req)


class _DeadlineHTTPSHandler(urllib.request.HTTPSHandler):
    """Opens https connections (certificates verified, as by default) that keep to one deadline."""

    def __init__(self, deadline: float):
        super().__init__()
        self._deadline = deadline

    def https_open(self, req):
        connection = functools.partial(_DeadlineHTTPSConnection, deadline=self._deadline)
        return self.do_open(connection, req, context=self._context)


class _DeadlineConnection(http.client.HTTPConnection):
    """A connection that connects, sends and waits for every byte of the answer by ``deadline``.

    A socket's own timeout bounds each wait for data, not the sum of them: a server sending
    one byte a second keeps every wait short. So each wait is given only the time left.
    """

    def __init__(self, *args, deadline: float, **kwargs):
        super().__init__(*args, **kwargs)
        self.response_class = functools.partial(_DeadlineResponse, deadline=deadline)
        # http.client's own hook for making the socket: there the connection (and the TLS
        # handshake that follows it) gets only the time left, not the whole timeout again.
        self._create_connection = functools.partial(_connect, deadline=deadline)


class _DeadlineHTTPSConnection(_DeadlineConnection, http.client.HTTPSConnection):
    """:class:`_DeadlineConnection` over TLS."""


def _connect(
    address: tuple[str, int],
    timeout: float | None,
    source_address: tuple[str, int] | None = None,
    *,
    deadline: float,
) -> socket.socket:
    """``socket.create_connection`` given the time left before ``deadline``, not ``timeout``."""
    sock = socket.create_connection(address, _remaining(deadline), source_address)
    try:
        sock.settimeout(_remaining(deadline))  # a TLS handshake next must end by the deadline too
    except TimeoutError:
        sock.close()
        raise
    return sock


class _DeadlineResponse(http.client.HTTPResponse):
    """An answer whose status line, headers and body are all read by ``deadline``."""

    def __init__(self, sock: socket.socket, *args, deadline: float, **kwargs):
        super().__init__(sock, *args, **kwargs)
        self.fp = io.BufferedReader(_DeadlineReader(self.fp.detach(), sock, deadline))


class _DeadlineReader(io.RawIOBase):
    """The raw stream of a socket, each wait for data cut to the time left before ``deadline``."""

    def __init__(self, raw: io.RawIOBase, sock: socket.socket, deadline: float):
        super().__init__()
        self._raw, self._sock, self._deadline = raw, sock, deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int | None:
        self._sock.settimeout(_remaining(self._deadline))
        return self._raw.readinto(buffer)

    def fileno(self) -> int:
        return self._raw.fileno()

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows at most :data:`MAX_REDIRECTS` redirects, to http(s) URLs only, logging each.

    A redirect to anything else (ftp, file, data, a malformed URL) or one too many is a
    :class:`FetchError` naming the address asked for. urllib alone would follow a redirect to
    ftp, stop others with a message of several lines, raise ValueError on a malformed
    ``Location``, and read a redirect's whole body however large.
    """

    max_repeats = max_redirections = MAX_REDIRECTS + 1  # the count below stops first

    def __init__(self, log: Log):
        self._log = log

    def http_error_302(self, req, fp, code, msg, headers):
        location = headers.get("Location", headers.get("URI"))
        if location is None:
            return None  # not a redirect to follow: urllib then fails with the HTTP status
        fp.close()  # its body is never used; unread, it cannot be endless
        asked = getattr(req, "asked_url", req.full_url)
        target = _redirect_target(asked, req.full_url, location)
        hops = getattr(req, "redirects", 0) + 1
        if hops > MAX_REDIRECTS:
            raise FetchError(
                f"GET {asked}: more than {MAX_REDIRECTS} redirects, the last to {_quote(target)}"
            )
        self._log(f"GET {req.full_url}: {code} {_one_line(msg)}, redirected to {_one_line(target)}")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.asked_url = getattr(req, "asked_url", req.full_url)
            new.redirects = getattr(req, "redirects", 0) + 1
        return new


def _redirect_target(asked: str, current: str, location: str) -> str:
    """The absolute http(s) URL that ``location`` (a redirect from ``current``) names.

    Raises :class:`FetchError`, naming ``asked``, for any other kind of URL.
    """
    try:
        target = urllib.parse.urljoin(current, location)
        parts = urllib.parse.urlsplit(target)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise FetchError(f"GET {asked}: redirected to a malformed URL {_quote(location)}") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"GET {asked}: redirected to a non-http URL {_quote(location)}")
    host = parts.hostname
    # A name in a header is ASCII already; urllib would decode a non-ASCII or %-escaped one
    # into a Host header that cannot be sent.
    if not host or not host.isascii() or "%" in host or _ascii_host(host) != host:
        raise FetchError(f"GET {asked}: redirected to a malformed URL {_quote(location)}")
    return target


def _request(url: str, token: str) -> urllib.request.Request:
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"}
    )
    if token:
        # Unredirected: a redirect to another host must not carry the token there.
        request.add_unredirected_header("Authorization", f"Bearer {token}")
    return request


def _check_options(options: Options) -> None:
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


def _check_token(token: str, base: str) -> None:
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


def _read_body(answer: http.client.HTTPResponse, limit: int, deadline: float) -> bytes:
    """The body of ``answer``, read a chunk at a time; at most ``limit + 1`` bytes.

    More than ``limit`` bytes means the body is larger than allowed. Raises TimeoutError once
    ``deadline`` (a ``time.monotonic()`` time) has passed, and :class:`_CutShort` when the
    connection closes before the end the answer promised (its ``Content-Length``, or the last
    chunk of a chunked answer): a dropped connection, not a malformed answer.
    """
    body = bytearray()
    while len(body) <= limit:
        _remaining(deadline)
        try:
            chunk = answer.read1(min(CHUNK, limit + 1 - len(body)))  # one read, however short
        except http.client.IncompleteRead:
            raise _CutShort(
                f"the connection closed after {len(body)} bytes, before the answer's last chunk"
            ) from None
        if not chunk:
            break
        body += chunk
    else:
        return bytes(body)  # too large: how much more was promised does not matter
    # http.client reads a short body to its end without complaint when asked for a size.
    promised = _promised_length(answer.headers)
    if promised is not None and len(body) < promised:
        raise _CutShort(f"the connection closed after {len(body)} of the {promised} bytes promised")
    return bytes(body)


class _CutShort(http.client.HTTPException):
    """The connection closed before the whole answer came; the message says how much did."""


def _promised_length(headers: Message) -> int | None:
    """The body's length by its ``Content-Length``, read as http.client reads it; else None."""
    if (headers.get("Transfer-Encoding") or "").lower() == "chunked":
        return None  # http.client ignores Content-Length then, and checks the chunks itself
    try:
        length = int(headers.get("Content-Length") or "")
    except ValueError:
        return None
    return length if length >= 0 else None


def _read_error_body(err: urllib.error.HTTPError, deadline: float) -> bytes:
    """The first 64 KiB of an error answer's body; empty if it cannot be read."""
    try:
        return _read_body(err.fp, 64 * 1024, deadline) if err.fp else b""
    except (OSError, http.client.HTTPException):
        return b""
    finally:
        err.close()


def _parse(url: str, body: bytes, headers: Message) -> Any:
    """The JSON of an answer, or a clear error saying what came instead."""
    try:
        return _load_json(body)
    except _Unreadable as err:
        kind = headers.get("Content-Type") or "no Content-Type"
        sample = _sample(body[:200].decode("utf-8", "replace")) if body else "an empty body"
        raise FetchError(f"GET {url}: the answer ({kind}) {err}: {sample}") from None


class _Unreadable(ValueError):
    """An answer that is not JSON this tool takes; the message says why, e.g. ``is not UTF-8``."""


def _load_json(body: bytes) -> Any:
    """The JSON value in ``body``; :class:`_Unreadable` for anything that could not be kept.

    Besides malformed JSON, that is: nesting deeper than :data:`MAX_DEPTH` (Python's parser
    would end in RecursionError past about a thousand levels, and writing the file again or
    reading it later would too), integers longer than Python converts (ValueError past 4,300
    digits), and the non-JSON ``NaN`` and ``Infinity`` and numbers too large for a float,
    which would be written out as ``NaN`` or ``Infinity``: not JSON either.
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise _Unreadable("is not UTF-8") from None
    try:
        value = json.loads(
            text, parse_int=_json_int, parse_float=_json_float, parse_constant=_json_constant
        )
    except json.JSONDecodeError:
        raise _Unreadable("is not valid JSON") from None
    except RecursionError:
        raise _Unreadable(_TOO_DEEP) from None
    if _deeper_than(value, MAX_DEPTH):
        raise _Unreadable(_TOO_DEEP)
    return value


def _json_int(text: str) -> int:
    try:
        return int(text)
    except ValueError:  # more digits than sys.get_int_max_str_digits()
        raise _Unreadable(
            f"is not valid JSON (an integer of {len(text.lstrip('-'))} digits; at most "
            f"{sys.get_int_max_str_digits()} can be read)"
        ) from None


def _json_float(text: str) -> float:
    number = float(text)
    if math.isinf(number):
        raise _Unreadable(f"is not valid JSON (a number too large: {_sample(text)})")
    return number


def _json_constant(name: str) -> float:
    raise _Unreadable(f"is not valid JSON ({name} is not a JSON value)")


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether arrays and objects in ``value`` nest more than ``limit`` levels; no recursion."""
    stack = [(value, 1)] if isinstance(value, dict | list) else []
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def _server_error(body: bytes) -> str:
    """The message of a Mastodon error answer ``{"error": …}``; empty if there is none."""
    try:
        data = _load_json(body)
    except _Unreadable:
        return ""
    if not isinstance(data, dict) or not isinstance(data.get("error"), str):
        return ""
    message = data["error"]
    if isinstance(data.get("error_description"), str):  # OAuth errors add a description
        message = f"{message}: {data['error_description']}"
    return _one_line(message)


def _network_failure(url: str, err: BaseException, timeout: float) -> str:
    """What went wrong with the connection, in words; fails at once where retrying is futile."""
    reason = err.reason if isinstance(err, urllib.error.URLError) else err
    if isinstance(reason, ssl.SSLCertVerificationError):
        raise FetchError(
            f"GET {url}: the server's certificate is not valid: {reason.verify_message}"
        )
    if isinstance(reason, TimeoutError):
        return f"no complete answer within {timeout:g} s"
    if isinstance(reason, _CutShort):
        return str(reason)
    if isinstance(reason, str):
        return f"cannot connect: {_one_line(reason)}"
    if isinstance(reason, OSError) and reason.strerror:
        return f"connection failed: {_one_line(reason.strerror)}"
    return f"connection failed: {_one_line(str(reason)) or type(reason).__name__}"


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
    a Unix time in the reset header is understood too.
    """
    if (headers.get("X-RateLimit-Remaining") or "").strip() != "0":
        return 0.0
    value = (headers.get("X-RateLimit-Reset") or "").strip()
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


def _pause(url: str, seconds: float, why: str, options: Options, sleep: Sleep, log: Log) -> None:
    """Sleep ``seconds``, unless that is longer than ``options.max_wait``: then fail."""
    if seconds > options.max_wait:
        raise FetchError(
            f"GET {url}: the server asks to wait {seconds:.0f} s {why}, longer than the "
            f"maximum wait of {options.max_wait:g} s; try again later"
        )
    log(f"waiting {seconds:g} s {why}")
    sleep(seconds)


def _flatten(text: str) -> str:
    """``text`` on one line: control characters and runs of white space become one space."""
    return " ".join(_UNPRINTABLE.sub(" ", text).split())


def _one_line(text: str, limit: int = 200) -> str:
    text = _flatten(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _sample(text: str) -> str:
    return _quote(_one_line(text, 60))


def _quote(text: str) -> str:
    return repr(_one_line(text, 200))
