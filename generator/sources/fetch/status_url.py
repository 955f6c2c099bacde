"""The post addresses a user gives, and the API addresses they name.

Accepted addresses, as a reader copies them from the browser or from a post's ``uri``, each
naming a post on the server that is asked::

    https://example.social/@alice/109876543210                 Mastodon
    https://example.social/@bob@elsewhere.example/109876543210  (a remote post's local copy)
    https://example.social/users/alice/statuses/109876543210    Mastodon, GoToSocial (its uri)
    https://example.social/api/v1/statuses/109876543210         any Mastodon API
    https://gts.example/@alice/statuses/01HQZ8W3J9K2M4N6P8R0S2T4V6   GoToSocial
    https://pleroma.example/notice/AbCdEf123                    Pleroma, Akkoma
    https://pleroma.example/objects/0f2c6a3e-…-9b1d (a UUID)    Pleroma, Akkoma (its uri)
    https://misskey.example/notes/9qk2xv8m1a                    Misskey and its forks

All but the last are read through the Mastodon API that these servers share
(``GET /api/v1/statuses/:id`` and ``…/context``; see
https://docs.joinmastodon.org/methods/statuses/). A Pleroma or Akkoma ``/objects/UUID``
address names the post's ActivityPub object, not its status id: the id is the one the
server's search gives for that address (``GET /api/v2/search?q=ADDRESS&type=statuses``,
https://docs.joinmastodon.org/methods/search/; Pleroma and Akkoma find their own objects
there by address, without an account). Misskey has an API of its own, ``POST
/api/notes/show`` and ``POST /api/notes/children`` (see :mod:`generator.sources.fetch.misskey`).

Only the host and the id are used; a query or fragment is ignored. A host name beyond ASCII is
asked for by its IDNA form (``例え.jp`` as ``xn--r8jz45g.jp``). A host without a dot
(``localhost``, a test instance's container name) is asked like any other; the readers then
name its own accounts by their user name alone (see :mod:`generator.sources.misskey`).
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from typing import Literal

from generator.sources.fetch.errors import FetchError, quote

EXAMPLE = "https://example.social/@alice/109876543210"
"""A status URL, for messages."""

Api = Literal["mastodon", "misskey"]
"""Which API a server is asked through."""

STATUS_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")
"""What a post id looks like on every server: it goes into an API address as it is."""

_ID = rf"(?P<id>{STATUS_ID.pattern})"
_USER = r"[^/@\s]+"
_HOST = r"[^/@\s]+"
_PROFILE_TABS = r"(?:statuses|media|with_replies|followers|following|featured)"
"""Pages of a profile (``/@alice/media``) that a post id's place could be mistaken for."""
_UUID = r"(?P<uuid>[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})"
_PATHS: tuple[tuple[re.Pattern[str], Api], ...] = tuple(
    (re.compile(pattern), api)
    for pattern, api in (
        (rf"/@{_USER}(?:@{_HOST})?/(?!{_PROFILE_TABS}/?$){_ID}/?", "mastodon"),
        (rf"/@{_USER}/statuses/{_ID}/?", "mastodon"),  # GoToSocial
        (rf"/users/{_USER}/statuses/{_ID}/?", "mastodon"),
        (rf"/api/v1/statuses/{_ID}/?", "mastodon"),
        (rf"/notice/{_ID}/?", "mastodon"),  # Pleroma, Akkoma
        (rf"/objects/{_UUID}/?", "mastodon"),  # Pleroma, Akkoma: an object, looked up
        (rf"/notes/{_ID}/?", "misskey"),
    )
)


@dataclass(frozen=True)
class StatusAddress:
    """Where a post's API lives."""

    base: str
    """Scheme and host (with port), e.g. ``https://example.social``."""
    status_id: str
    """The post's id on that host; empty for an object address until it is looked up."""
    api: Api = "mastodon"
    """``mastodon`` for the Mastodon API, ``misskey`` for Misskey's own."""
    object_url: str = ""
    """For a Pleroma or Akkoma ``/objects/UUID`` address: that address (without query or
    fragment), which the server's search turns into a status id."""

    @property
    def status_url(self) -> str:
        """``GET`` this for the status (Mastodon API)."""
        return f"{self.base}/api/v1/statuses/{self.status_id}"

    @property
    def context_url(self) -> str:
        """``GET`` this for its ancestors and descendants (Mastodon API)."""
        return f"{self.status_url}/context"

    @property
    def search_url(self) -> str:
        """``GET`` this for the statuses a server knows by :attr:`object_url`."""
        query = urllib.parse.urlencode(
            {"q": self.object_url, "type": "statuses", "resolve": "true", "limit": "5"}
        )
        return f"{self.base}/api/v2/search?{query}"

    def with_id(self, status_id: str) -> StatusAddress:
        """The same address with the status id the server gave for its object."""
        return StatusAddress(self.base, status_id, self.api, self.object_url)


def parse_status_url(url: str) -> StatusAddress:
    """The host, API and post id of a post's address; :class:`FetchError` for anything else."""
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
    base = f"{parts.scheme.lower()}://{netloc}"
    for pattern, api in _PATHS:
        match = pattern.fullmatch(parts.path)
        if match is None:
            continue
        if "uuid" in pattern.groupindex:
            return StatusAddress(base, "", api, f"{base}/objects/{match['uuid']}")
        return StatusAddress(base, match["id"], api)
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
