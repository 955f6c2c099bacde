"""Opening a URL within one deadline, and following redirects to http(s) URLs only.

Every request has a deadline, ``timeout`` seconds for all of it: connecting, the TLS handshake,
redirects and receiving the whole answer (looking up the host's name is left to the system's
resolver). A server that trickles its answer a byte at a time is given up on when the deadline
passes, however lively each byte looks: a timeout per read alone never fires there. Deadlines
are kept on ``time.monotonic()``, which is not a parameter: a socket waits in real time. An
answer that ends before the length it promised is :class:`CutShort`, a dropped connection.

Redirects are followed to http(s) URLs only, at most :data:`MAX_REDIRECTS` for a request, each
one said in the progress lines (a status answered by another server should not pass
unnoticed). A ``POST`` (Misskey's API, whose ``POST`` requests only read) goes to the new
address as it was, body and all.
"""

from __future__ import annotations

import functools
import http.client
import io
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from email.message import Message

from generator.sources.fetch.errors import FetchError, one_line, quote
from generator.sources.fetch.status_url import ascii_host

CHUNK = 64 * 1024
"""Bytes asked of the connection at a time; the deadline is checked between chunks."""

MAX_REDIRECTS = 10
"""The most redirects followed for one request."""

Log = Callable[[str], None]
"""Takes one progress line."""


def opener(deadline: float, log: Log) -> urllib.request.OpenerDirector:
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
        asked = f"{req.get_method()} {getattr(req, 'asked_url', req.full_url)}"
        target = _redirect_target(asked, req.full_url, location)
        hops = getattr(req, "redirects", 0) + 1
        if hops > MAX_REDIRECTS:
            raise FetchError(
                f"{asked}: more than {MAX_REDIRECTS} redirects, the last to {quote(target)}"
            )
        self._log(
            f"{req.get_method()} {req.full_url}: {code} {one_line(msg)}, "
            f"redirected to {one_line(target)}"
        )
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if req.get_method() == "POST":
            # urllib turns a POST into a GET without its body (301-303) or refuses (307,
            # 308); the POSTs sent here only read (Misskey's API), so the same request goes
            # to the new address, as 307 and 308 ask. The token, unredirected, stays behind.
            new = urllib.request.Request(
                newurl.replace(" ", "%20"),
                data=req.data,
                headers=dict(req.headers),
                origin_req_host=req.origin_req_host,
                method="POST",
            )
        else:
            new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.asked_url = getattr(req, "asked_url", req.full_url)
            new.redirects = getattr(req, "redirects", 0) + 1
        return new


def _redirect_target(asked: str, current: str, location: str) -> str:
    """The absolute http(s) URL that ``location`` (a redirect from ``current``) names.

    Raises :class:`FetchError`, naming the request ``asked`` (``GET url``), for any other
    kind of URL.
    """
    try:
        target = urllib.parse.urljoin(current, location)
        parts = urllib.parse.urlsplit(target)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise FetchError(f"{asked}: redirected to a malformed URL {quote(location)}") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"{asked}: redirected to a non-http URL {quote(location)}")
    host = parts.hostname
    # A name in a header is ASCII already; urllib would decode a non-ASCII or %-escaped one
    # into a Host header that cannot be sent.
    if not host or not host.isascii() or "%" in host or ascii_host(host) != host:
        raise FetchError(f"{asked}: redirected to a malformed URL {quote(location)}")
    return target


def read_body(answer: http.client.HTTPResponse, limit: int, deadline: float) -> bytes:
    """The body of ``answer``, read a chunk at a time; at most ``limit + 1`` bytes.

    More than ``limit`` bytes means the body is larger than allowed. Raises TimeoutError once
    ``deadline`` (a ``time.monotonic()`` time) has passed, and :class:`CutShort` when the
    connection closes before the end the answer promised (its ``Content-Length``, or the last
    chunk of a chunked answer): a dropped connection, not a malformed answer.
    """
    body = bytearray()
    while len(body) <= limit:
        _remaining(deadline)
        try:
            chunk = answer.read1(min(CHUNK, limit + 1 - len(body)))  # one read, however short
        except http.client.IncompleteRead:
            raise CutShort(
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
        raise CutShort(f"the connection closed after {len(body)} of the {promised} bytes promised")
    return bytes(body)


class CutShort(http.client.HTTPException):
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


def read_error_body(err: urllib.error.HTTPError, deadline: float) -> bytes:
    """The first 64 KiB of an error answer's body; empty if it cannot be read."""
    try:
        return read_body(err.fp, 64 * 1024, deadline) if err.fp else b""
    except (OSError, http.client.HTTPException):
        return b""
    finally:
        err.close()
