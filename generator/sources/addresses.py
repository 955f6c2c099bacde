"""Addresses in sources: http(s) URLs, their hosts, handles, and the URLs that name a user.

Every address a reader keeps goes through :func:`http_url`: cleaned like all text, refused
unless it is an absolute ``http``/``https`` URL with a host, and with the characters that
cannot stand in a URL (spaces, quotes, angle brackets, braces, ``|``, ``\\``, ``^`` and
backticks, RFC 3986 section 2) percent-encoded after the host, as browsers send them, so
that a link's target is one address whatever the source typed. Letters of other scripts
stay as they are: HTML allows them in an address, and they are what the reader typed.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from generator import text as txt

clean = txt.clean

_UNSAFE = re.compile(r'[\s"<>`{}|\\^]')
"""What a URL cannot hold as typed (any space, ASCII or not, included)."""


def _encode(url: str) -> str:
    """``url`` with the characters of :data:`_UNSAFE` after its host percent-encoded."""
    start = url.find("//") + 2
    end = min((i for i in (url.find(c, start) for c in "/?#") if i >= 0), default=len(url))
    tail = url[end:]
    if not _UNSAFE.search(tail):
        return url
    return url[:end] + _UNSAFE.sub(lambda m: quote(m.group(), safe=""), tail)


def http_url(value: object) -> str:
    """``value`` cleaned and encoded (see the module docstring) if it is an absolute
    ``http``/``https`` URL with a host, else ``""``."""
    if not isinstance(value, str):
        return ""
    url = clean(value).strip()
    try:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return ""
    except ValueError:  # e.g. an invalid IPv6 host
        return ""
    return _encode(url)


def host(url: str) -> str:
    """The host of an http(s) URL, lower-cased; ``""`` when there is none."""
    try:
        return (urlsplit(url).hostname or "") if http_url(url) else ""
    except ValueError:
        return ""


def path(url: str) -> str:
    """The path of an http(s) URL without its outer slashes; ``""`` when there is none."""
    return urlsplit(url).path.strip("/") if host(url) else ""


PROFILE_PATHS = ("@", "users/", "u/", "accounts/")
"""How profile and actor URLs name their account, where a mention's text confirms the name
(:func:`profile_handle`): ``/@alice`` (Mastodon, Misskey, GoToSocial), ``/users/alice``
(Mastodon and Pleroma actors), ``/u/alice`` (Lemmy), ``/accounts/alice`` (PeerTube). An
author's name is read from a URL only where the server is known to put it there
(:mod:`generator.sources.actors`)."""


def profile_handle(url: str) -> str:
    """``alice@example.social`` from a profile or actor URL such as
    ``https://example.social/users/alice``; ``""`` when the URL is not one."""
    found = path(url)
    for prefix in PROFILE_PATHS:
        if found.startswith(prefix) and "/" not in found[len(prefix) :]:
            return qualify(found[len(prefix) :], host(url))
    return ""


def qualify(handle: str, domain: str = "") -> str:
    """``handle`` without ``@``, given ``domain`` when it has none; ``""`` when the result is
    not a valid ``user`` or ``user@domain`` handle."""
    handle = clean(handle).strip().removeprefix("@")
    if handle and domain and "@" not in handle:
        handle = f"{handle}@{domain}"
    return handle if txt.HANDLE.fullmatch(handle) and not handle.startswith("@") else ""
