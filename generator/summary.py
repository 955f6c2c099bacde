"""The build summary: the one line each build and ``check`` print, counting what was read,
placed and left out, so that nothing is lost silently."""

from __future__ import annotations

from collections import Counter

from generator.editorial.taxonomy import OTHER
from generator.link import MENTIONS_PER_POST, Discussion
from generator.model import Post
from generator.sources.json_source import counted, plural


def summary(discussion: Discussion, on_thread: int) -> dict[str, object]:
    """The build's counts, for the one INFO line each build logs."""
    return {
        "posts read": len(discussion.posts),
        "on the thread": on_thread,
        "per theme": {t.id: len(discussion.by_theme[t.id]) for t in discussion.themes},
        "in Other": len(discussion.by_theme[OTHER]),
        "removed": sum(1 for post in discussion.posts if post.removed),
        "not available": sum(1 for post in discussion.posts if post.unavailable),
        "commentary pages": len(discussion.commentary),
        "mentions as text": discussion.mentions_as_text,
        "left out": dict(discussion.skipped),
        "per network": dict(Counter(filter(None, map(network, discussion.posts)))),
    }


def network(post: Post) -> str:
    """Where a post was published, by its id: ``Bluesky`` (an AT Protocol ``at://`` URI),
    ``fediverse`` (an ActivityPub id, which every fediverse server gives), else ``""``: a
    plain-text source does not say."""
    if post.uri.startswith("at://"):
        return "Bluesky"
    return "fediverse" if post.uri or post.url else ""


def summary_line(counts: dict[str, object]) -> str:
    """``29 posts read, 29 on the thread, themes: copyright 20, …, 0 in Other, 0 commentary``;
    items of the sources that are not posts are counted by kind after the posts read: ``29
    posts read (4 items left out: 3 boosts and 1 direct message), …``, and the posts of
    each network when they come from more than one: ``30 posts read (Bluesky 12,
    fediverse 18), …``."""
    themes = ", ".join(f"{k} {v}" for k, v in counts["per theme"].items()) or "none"
    left_out: dict[str, int] = counts.get("left out") or {}
    total = sum(left_out.values())
    networks: dict[str, int] = counts.get("per network") or {}
    notes = []
    if len(networks) > 1:
        notes.append(", ".join(f"{k} {v}" for k, v in sorted(networks.items())))
    notes += [f"{plural(total, 'item')} left out: {counted(left_out)}"] if total else []
    skipped = f" ({'; '.join(notes)})" if notes else ""
    return (
        f"{counts['posts read']} posts read{skipped}, {counts['on the thread']} on the thread; "
        f"per theme: {themes}; {counts['in Other']} in Other; "
        f"{counts.get('removed', 0)} removed at their authors' request; "
        + (f"{counts['not available']} not available; " if counts.get("not available") else "")
        + f"{counts['commentary pages']} commentary pages"
        + (
            f"; {counts['mentions as text']} mentions shown as text (past {MENTIONS_PER_POST} "
            "in a post, or a handle too long)"
            if counts.get("mentions as text")
            else ""
        )
    )
