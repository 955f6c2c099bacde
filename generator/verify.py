"""Nothing lost: check the pages against the discussion.

Used twice by every build: on the generated pages' lists of posts before MkDocs runs, and on
the HTML of every page as it is written, so a template or extension that drops a post also
fails the build. The checks: every post exactly once on the thread pages and in source
order, with its permalink anchor; every post on at least one theme page (Other included),
except posts removed at their authors' request or not available from the sources, which
keep only their place in the thread;
no unknown ids.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator import urls
from generator.link import Discussion

CARD = re.compile(r'<article\b[^>]*?\sdata-post-id="([^"]*)"[^>]*>')
ANCHOR = re.compile(r'\sid="post-([^"]*)"')


def cards_in(html: str) -> tuple[list[str], list[str]]:
    """The ids of a page's post cards, in order, and of those that carry their permalink
    anchor; one pass over the page."""
    ids, anchored = [], []
    for match in CARD.finditer(html):
        ids.append(match.group(1))
        if ANCHOR.search(match.group(0)):
            anchored.append(match.group(1))
    return ids, anchored


def thread_number(path: str) -> int:
    """Page number of a thread page's docs path, 0 for any other page."""
    if path == urls.THREAD:
        return 1
    name = path.removeprefix("thread/").removesuffix(".md")
    return int(name) if path.startswith("thread/") and name.isdigit() else 0


@dataclass
class Seen:
    """The posts found on a site's pages, gathered one page at a time."""

    thread: dict[int, list[str]] = field(default_factory=dict)
    """Thread page number → its posts, in order."""
    anchored: set[str] = field(default_factory=set)
    """Posts with their permalink anchor on a thread page."""
    themed: set[str] = field(default_factory=set)
    """Posts on a theme page."""
    elsewhere: set[str] = field(default_factory=set)
    """Posts on any other page."""

    def add(self, path: str, ids: list[str], anchored: Iterable[str] = ()) -> None:
        """Record the posts of the page at docs path ``path``."""
        number = thread_number(path)
        if number:
            self.thread[number] = ids
            self.anchored.update(anchored)
        elif path.startswith("themes/") and path != urls.THEMES:
            self.themed.update(ids)
        else:
            self.elsewhere.update(ids)

    def add_html(self, path: str, html: str) -> None:
        """Record the post cards found in a page's HTML."""
        self.add(path, *cards_in(html))

    def on_thread(self) -> list[str]:
        """The posts of the thread pages, in page order."""
        return [pid for _, ids in sorted(self.thread.items()) for pid in ids]


def verify(discussion: Discussion, seen: Seen) -> list[str]:
    """Problems found, as sentences; empty when nothing is lost."""
    expected = [post.id for post in discussion.posts]
    known = set(expected)
    problems = []
    on_thread = seen.on_thread()
    counts = Counter(on_thread)
    missing = [pid for pid in expected if counts[pid] == 0]
    doubled = sorted(pid for pid, n in counts.items() if n > 1)
    if missing:
        problems.append(f"{len(missing)} posts missing from the thread: {_few(missing)}")
    if doubled:
        problems.append(f"posts shown more than once on the thread: {_few(doubled)}")
    if not missing and not doubled and on_thread != expected:
        problems.append("the thread does not show the posts in source order")
    unanchored = [pid for pid in expected if pid not in seen.anchored]
    if unanchored and not missing:
        problems.append(f"posts without a permalink anchor: {_few(unanchored)}")
    removed = {post.id for post in discussion.posts if post.placeholder}
    orphans = [pid for pid in expected if pid not in seen.themed and pid not in removed]
    if orphans:
        problems.append(f"posts on no theme page and not in Other: {_few(orphans)}")
    shown = set(on_thread) | seen.themed | seen.elsewhere
    unknown = sorted(pid for pid in shown if pid not in known)
    if unknown:
        problems.append(f"cards for posts that do not exist: {_few(unknown)}")
    return problems


def _few(ids: list[str]) -> str:
    shown = ", ".join(ids[:5])
    return shown + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
