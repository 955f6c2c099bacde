"""A Content-Security-Policy for every page: only the site's own scripts may run.

Defence in depth: post text is escaped, so no script should ever reach a page; if one did,
the browser would still refuse to run it. A page may load scripts, styles, images and
fonts from its own origin only, connect to nothing else, and run exactly the inline scripts
the theme itself writes. Those are found *outside* the page's content (Material's small
start-up scripts in ``<head>`` and around the article) and allowed by their SHA-256 hashes;
an inline script inside the content, where posts and pages go, gets no hash and never runs.

The policy is a ``<meta http-equiv>`` element placed first in ``<head>``, so it works on any
static host. Styles keep ``'unsafe-inline'``: Material sets a few inline styles, and a style
cannot run script.
"""

from __future__ import annotations

import base64
import hashlib
import re

CONTENT_START = '<article class="md-content__inner'
_ARTICLE = re.compile(r"<article\b|</article>")
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.DOTALL)


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


def theme_script_hashes(html: str, content: str | None = None) -> list[str]:
    """``'sha256-…'`` of each executable inline script outside the content, in order."""
    start, end = content_span(html, content)
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        if start <= match.start() < end:
            continue
        if re.search(r"\btype=\"(?!(?:text|application)/javascript|module)", match.group(1)):
            continue  # a data block such as Material's JSON config never runs
        digest = hashlib.sha256(match.group(2).encode("utf-8")).digest()
        source = f"'sha256-{base64.b64encode(digest).decode()}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def policy(html: str, content: str | None = None) -> str:
    """The policy for one page (see :func:`content_span` for ``content``)."""
    scripts = " ".join(["'self'", *theme_script_hashes(html, content)])
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


def add_policy(html: str, content: str | None = None) -> str:
    """The page with its policy early in ``<head>`` (after the charset, which must stay
    within the first kilobyte), before any script."""
    head = re.search(r"<meta charset=[^>]*>", html) or re.search(r"<head\b[^>]*>", html)
    if head is None:
        return html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, content)}">'
    return html[: head.end()] + "\n" + meta + html[head.end() :]
