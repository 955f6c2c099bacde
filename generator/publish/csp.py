"""A Content-Security-Policy for every page: only the site's own scripts may run.

Defence in depth: post text is escaped, so no script should ever reach a page; if one did,
the browser would still refuse to run it. A page may load styles, images and fonts from
its own origin only, connect to nothing else, and run exactly the scripts the theme itself
writes: the inline ones and the script files it loads. Both are found *outside* the page's
content (Material's start-up scripts in ``<head>``, its bundle and ``extra_javascript``
after the article) and allowed by their SHA-256 hashes; a script file gets an
``integrity`` attribute with its hash, which is how browsers match a file to a hash in the
policy. Any other script, inline or a file of the same origin (one a pull request could
add), gets no hash and never runs.

The policy cannot stop ``<meta http-equiv="refresh">`` (navigation) or ``<base>`` (where
every relative link goes), so :func:`content_problems` refuses both inside content.

The policy is a ``<meta http-equiv>`` element placed first in ``<head>``, so it works on any
static host. Styles keep ``'unsafe-inline'``: Material sets a few inline styles, and a style
cannot run script.

The search box imports Pagefind's module, which each page preloads (``<link
rel="modulepreload">``, pinned by its hash like a script file; the import then takes the
module already fetched). Pagefind runs its WebAssembly in a worker, ``pagefind-worker.js``
of the site's own origin (``worker-src 'self'``): a worker started from a file takes its
policy from that file's response, not from the page, so the page's policy needs no
``'wasm-unsafe-eval'`` and never ``'unsafe-eval'``. Only a script the policy lets run can
start a worker.

Under ``mkdocs serve`` only, each page the server sends also allows, by its own hash, the
live-reload script the server adds to it (:func:`allow_script`, :mod:`generator.publish.serve`).
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
import re
from collections.abc import Callable, Sequence
from html import unescape
from urllib.parse import urlsplit

CONTENT_START = '<article class="md-content__inner'
_ARTICLE = re.compile(r"<article\b|</article>")
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.DOTALL)
_SCRIPT_FILE = re.compile(
    r'<(?:script|link(?=[^>]*\srel="modulepreload"))\b([^>]*?)\s(?:src|href)="([^"]*)"([^>]*)>'
)
"""A script file: ``<script src>``, or a module preloaded with ``<link rel="modulepreload">``
(the search box's Pagefind module, which may then be imported because the preload, pinned
by its hash like a script file, already fetched it)."""
_ACTING = re.compile(r"<(meta|base)\b[^>]*>", re.IGNORECASE)
"""Elements the policy cannot govern: a refresh that navigates, a base that moves links."""

Load = Callable[[str], bytes | None]
"""The bytes of a script file of the site, by the ``src`` the page gives it; ``None`` for
a file that is not the site's."""


def content_span(html: str, content: str | None = None) -> tuple[int, int]:
    """Start and end of the page's content in ``html``.

    Given the content itself (MkDocs' ``page.content``), exactly where it stands: an
    unbalanced ``</article>`` inside it cannot end it early. Otherwise the content article,
    nested articles included.
    """
    if content:
        at = html.find(content)
        if at >= 0:
            return at, at + len(content)
    start = html.find(CONTENT_START)
    if start < 0:
        return 0, 0
    depth = 0
    for match in _ARTICLE.finditer(html, start):
        depth += 1 if match.group(0) != "</article>" else -1
        if depth == 0:
            return start, match.end()
    return start, len(html)


def sha256(data: bytes) -> str:
    """``sha256-…``: a hash as both the policy and ``integrity`` write it."""
    return f"sha256-{base64.b64encode(hashlib.sha256(data).digest()).decode()}"


def theme_script_hashes(html: str, content: str | None = None) -> list[str]:
    """``'sha256-…'`` of each executable inline script outside the content, in order."""
    start, end = content_span(html, content)
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        if start <= match.start() < end:
            continue
        if re.search(r"\btype=\"(?!(?:text|application)/javascript|module)", match.group(1)):
            continue  # a data block such as Material's JSON config never runs
        source = f"'{sha256(match.group(2).encode('utf-8'))}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def pin_script_files(html: str, content: str | None, load: Load) -> tuple[str, list[str]]:
    """``html`` with an ``integrity`` attribute on each script file the theme loads
    (outside the content) that ``load`` finds, and the ``'sha256-…'`` of each."""
    start, end = content_span(html, content)
    hashes: list[str] = []
    out, pos = [], 0
    for match in _SCRIPT_FILE.finditer(html):
        if start <= match.start() < end or "integrity=" in match.group(0):
            continue
        data = load(unescape(match.group(2)))
        if data is None:
            continue
        digest = sha256(data)
        if f"'{digest}'" not in hashes:
            hashes.append(f"'{digest}'")
        out.append(html[pos : match.end() - 1])
        out.append(f' integrity="{digest}">')
        pos = match.end()
    out.append(html[pos:])
    return "".join(out), hashes


def policy(html: str, content: str | None = None, files: Sequence[str] = ()) -> str:
    """The policy for one page (see :func:`content_span` for ``content``); ``files`` are
    the hashes of the script files it may load (:func:`pin_script_files`)."""
    scripts = " ".join([*theme_script_hashes(html, content), *files]) or "'none'"
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def add_policy(html: str, content: str | None = None, load: Load = lambda src: None) -> str:
    """The page with its policy early in ``<head>`` (after the charset, which must stay
    within the first kilobyte), before any script; script files that ``load`` finds get
    their ``integrity``."""
    head = re.search(r"<meta charset=[^>]*>", html) or re.search(r"<head\b[^>]*>", html)
    if head is None:
        return html
    html, files = pin_script_files(html, content, load)
    head = re.search(r"<meta charset=[^>]*>", html) or re.search(r"<head\b[^>]*>", html)
    assert head is not None
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, content, files)}">'
    return html[: head.end()] + "\n" + meta + html[head.end() :]


class SiteScripts:
    """The script files of a site, for :func:`add_policy`: given a page, what each ``src``
    loads, read once for the whole build.

    ``content(uri)`` gives the bytes of the site's file at ``uri`` (a path inside the site)
    or ``None``; ``site_url`` is the site's address, whose path prefixes the root-absolute
    links of pages served at any depth (the 404 page).
    """

    def __init__(self, content: Callable[[str], bytes | None], site_url: str = "") -> None:
        self.content = content
        self.site_path = (urlsplit(site_url).path or "/").rstrip("/")
        self.read: dict[str, bytes | None] = {}

    def for_page(self, dest_uri: str) -> Load:
        """The :data:`Load` of the page written at ``dest_uri``: a relative ``src`` is
        relative to it; a file elsewhere (another host) is ``None``."""
        folder = posixpath.dirname(dest_uri)

        def load(src: str) -> bytes | None:
            parts = urlsplit(src)
            if parts.scheme or parts.netloc:
                return None
            if parts.path.startswith("/"):
                uri = parts.path.removeprefix(self.site_path).lstrip("/")
            else:
                uri = posixpath.normpath(posixpath.join(folder, parts.path))
            if uri not in self.read:
                self.read[uri] = self.content(uri)
            return self.read[uri]

        return load


def content_problems(html: str, content: str | None = None) -> list[str]:
    """The ``<meta>`` and ``<base>`` elements inside a page's content: the policy cannot
    stop a refresh that navigates elsewhere or a base that moves every link."""
    start, end = content_span(html, content)
    return [match.group(0) for match in _ACTING.finditer(html, start, end)]


_POLICY_SCRIPTS = re.compile(
    r'(<meta http-equiv="Content-Security-Policy" content="[^"]*?\bscript-src )([^;"]*)'
)


def allow_script(html: str, script: str) -> str:
    """``html`` whose policy also lets the inline ``script`` run, by its SHA-256 hash.

    Only for ``mkdocs serve``, whose live-reload script changes with every response (see
    :mod:`generator.publish.serve`): the page keeps every other source as it was, and gains no
    ``'unsafe-inline'`` or ``'self'``. A page without a policy is returned as it is.
    """
    match = _POLICY_SCRIPTS.search(html)
    if match is None:
        return html
    source = f"'{sha256(script.encode('utf-8'))}'"
    sources = [s for s in match.group(2).split() if s != "'none'"]  # 'none' must stand alone
    if source not in sources:
        sources.append(source)
    return html[: match.start(2)] + " ".join(sources) + html[match.end(2) :]
