"""The status addresses a user gives, and the API addresses they name.

Accepted addresses, all naming the status on the server that is asked::

    https://example.social/@alice/109876543210
    https://example.social/@bob@elsewhere.example/109876543210   (a remote post's local copy)
    https://example.social/users/alice/statuses/109876543210
    https://example.social/api/v1/statuses/109876543210

Only the host and the id are used; a query or fragment is ignored. A host name beyond ASCII is
asked for by its IDNA form (``例え.jp`` as ``xn--r8jz45g.jp``).
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

from generator.sources.fetch.errors import FetchError, quote

EXAMPLE = "https://example.social/@alice/109876543210"
"""A status URL, for messages."""


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


def parse_status_url(url: str) -> StatusAddress:
    """The host and status id of a status URL; :class:`FetchError` for anything else."""
    wrong = f"expected a status URL like {EXAMPLE}, got {quote(url)}"
    try:
        parts = urllib.parse.urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise FetchError(wrong) from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"only http(s) can be fetched: {wrong}")
    host = ascii_host(parts.hostname)
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


def ascii_host(name: str | None) -> str | None:
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
