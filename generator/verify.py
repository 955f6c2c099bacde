"""Nothing lost: check rendered pages against the discussion.

Used twice by every build: on the generated Markdown before MkDocs runs, and on the written
HTML afterwards, so a template or extension that drops a post also fails the build.
The checks: every post exactly once on the thread pages and in source order, with its
permalink anchor; every post on at least one theme page (Other included), except posts
removed at their authors' request, which keep only their place in the thread; no unknown
ids.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from generator.link import Discussion

CARD = re.compile(r'<article\b[^>]*?\sdata-post-id="([^"]*)"[^>]*>')
ANCHOR = re.compile(r'\sid="post-([^"]*)"')


def post_ids(html: str) -> list[str]:
    """The ids of the post cards in a page, in order."""
    return [m.group(1) for m in CARD.finditer(html)]


def anchored_ids(html: str) -> list[str]:
    """The ids of the post cards that carry their permalink anchor."""
    return [a.group(1) for m in CARD.finditer(html) if (a := ANCHOR.search(m.group(0)))]


def verify(
    discussion: Discussion,
    thread_pages: Iterable[str],
    theme_pages: Iterable[str],
    other_pages: Iterable[str] = (),
) -> list[str]:
    """Problems found, as sentences; empty when nothing is lost.

    ``thread_pages`` are the thread's pages in order, ``theme_pages`` the theme pages (Other
    included) and ``other_pages`` every other page with post cards.
    """
    expected = [post.id for post in discussion.posts]
    known = set(expected)
    problems = []
    on_thread = [pid for page in thread_pages for pid in post_ids(page)]
    anchored = set()
    for page in thread_pages:
        anchored.update(anchored_ids(page))
    counts = Counter(on_thread)
    missing = [pid for pid in expected if counts[pid] == 0]
    doubled = sorted(pid for pid, n in counts.items() if n > 1)
    if missing:
        problems.append(f"{len(missing)} posts missing from the thread: {_few(missing)}")
    if doubled:
        problems.append(f"posts shown more than once on the thread: {_few(doubled)}")
    if not missing and not doubled and on_thread != expected:
        problems.append("the thread does not show the posts in source order")
    unanchored = [pid for pid in expected if pid not in anchored]
    if unanchored and not missing:
        problems.append(f"posts without a permalink anchor: {_few(unanchored)}")
    themed = {pid for page in theme_pages for pid in post_ids(page)}
    removed = {post.id for post in discussion.posts if post.removed}
    orphans = [pid for pid in expected if pid not in themed and pid not in removed]
    if orphans:
        problems.append(f"posts on no theme page and not in Other: {_few(orphans)}")
    elsewhere = [pid for page in other_pages for pid in post_ids(page)]
    unknown = sorted({pid for pid in on_thread + list(themed) + elsewhere if pid not in known})
    if unknown:
        problems.append(f"cards for posts that do not exist: {_few(unknown)}")
    return problems


def _few(ids: list[str]) -> str:
    shown = ", ".join(ids[:5])
    return shown + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
