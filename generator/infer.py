"""Mention-chain inference: reply edges and authors a source does not give.

Where a source gives no reply structure or no authors (the plain-text format), they are
inferred from the mention chain, using two facts about Mastodon replies: a reply mentions
its parent's author *first*, and a post never mentions its own author. For a post whose
first mention is ``@a``, the parent is the nearest earlier post that is known to be by
``a``, or else the nearest earlier post of unknown author that could be by ``a`` (it does not
mention ``a``, and it mentions nobody the reply leaves out, but possibly the reply's own
author). Each edge then teaches authors: the parent is by ``a``; and when the parent mentions
exactly one handle the reply leaves out, that handle is the reply's author (people do not
mention themselves). Inferred authors and edges are marked ``inferred``; whatever the source
or an editor states is never changed.

Used by the link stage (:mod:`generator.link`).
"""

from __future__ import annotations

from generator.model import Post, evolve

SEARCH_BACK = 2000
"""How many earlier posts to consider as a reply's parent when inferring it."""


def infer(posts: list[Post]) -> list[Post]:
    """Fill in reply edges and authors from the mention chain (see the module docstring)."""
    known = _Known(posts)
    index = {post.id: i for i, post in enumerate(posts)}
    edges: list[tuple[int, int]] = []
    inferred: dict[int, str] = {}  # post → the id of the parent inferred for it
    for i, post in enumerate(posts):
        known.now = i
        if post.reply_basis != "none":
            parent = index.get(post.reply_to) if post.reply_to is not None else None
        else:
            parent = known.find_parent(i)
            if parent is not None:
                inferred[i] = posts[parent].id
        if parent is not None:
            edges.append((i, parent))
            known.learn(i, parent)
        known.passed(i)
    changed = True
    while changed:  # a later edge may teach an author that an earlier edge can use
        changed = any([known.learn(child, parent) for child, parent in edges])
    # Each post changes once, at the end, with everything learnt about it.
    for i in inferred.keys() | known.learnt:
        change: dict[str, str] = {}
        if i in inferred:
            change.update(reply_to=inferred[i], reply_basis="inferred")
        if i in known.learnt:
            change.update(author=known.author[i], author_basis="inferred")
        posts[i] = evolve(posts[i], **change)
    return posts


class _Known:
    """What inference knows of the posts as it goes: each post's author (``""`` until known)
    and the handles it mentions, lower-cased once for all the comparisons to come."""

    def __init__(self, posts: list[Post]) -> None:
        lowered: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.mentions = [post.mentions for post in posts]
        self.keys = [
            lowered.get(m) or lowered.setdefault(m, tuple([h.lower() for h in m]))
            for m in self.mentions
        ]
        """The handles each post mentions, lower-cased, in order."""
        sets: dict[tuple[str, ...], frozenset[str]] = {}
        self.mentioned = [sets.get(k) or sets.setdefault(k, frozenset(k)) for k in self.keys]
        self.author = [post.author for post in posts]
        self.key = [author.lower() for author in self.author]
        self.left = [i - 1 if key else i for i, key in enumerate(self.key)]
        """For each post, itself if its author is unknown, else an earlier post such that
        every post after that one up to this is of known author: a chain to the nearest
        post of unknown author, so that the search for a parent skips the others."""
        self.learnt: set[int] = set()
        """Posts whose author was inferred."""
        self.now = 0
        """The post whose parent is being found."""
        self.latest: dict[str, int] = {}
        """Lower-cased handle → the latest post before :attr:`now` known to be theirs."""

    def passed(self, i: int) -> None:
        """Post ``i``'s parent is settled: posts after it may find it by its author."""
        if self.key[i]:
            self.latest[self.key[i]] = i

    def set_author(self, i: int, handle: str) -> None:
        self.author[i], self.key[i] = handle, handle.lower()
        self.learnt.add(i)
        self.left[i] = i - 1
        if i < self.now:
            self.latest[self.key[i]] = max(self.latest.get(self.key[i], -1), i)

    def find_parent(self, i: int) -> int | None:
        """The nearest earlier post (at most SEARCH_BACK back) known to be by the addressee
        of post ``i``, or nearer, of unknown author that could be theirs."""
        addressee = self.keys[i][0] if self.keys[i] else ""
        own = self.key[i]
        if not addressee or own == addressee:
            return None
        first = max(0, i - SEARCH_BACK)
        theirs = self.latest.get(addressee, -1)  # no nearer post has a known author to match
        named = self.mentioned[i] | {own}
        stop = max(first, theirs + 1)
        j = self.unknown_from(i - 1)
        while j >= stop:
            mentioned = self.mentioned[j]
            if addressee not in mentioned:
                left_out = mentioned - named
                if not left_out or (len(left_out) == 1 and not own):
                    return j
            j = self.unknown_from(j - 1)
        return theirs if theirs >= first else None

    def unknown_from(self, j: int) -> int:
        """The latest post at or before ``j`` whose author is unknown, or -1."""
        left = self.left
        found = j
        while found >= 0 and left[found] != found:
            found = left[found]
        while j > found:  # shorten the chain for the next search
            left[j], j = found, left[j]
        return found

    def learn(self, child: int, parent: int) -> bool:
        """Learn authors from one reply edge; True when something was learnt."""
        learnt = False
        author, own = self.author[child], self.key[child]
        addressee = self.mentions[child][0] if self.mentions[child] else ""
        if not self.author[parent] and addressee:
            key = self.keys[child][0]
            if key != own and key not in self.mentioned[parent]:
                self.set_author(parent, addressee)
                learnt = True
        if not author:
            left_out = [
                h
                for h, key in zip(self.mentions[parent], self.keys[parent], strict=True)
                if key and key not in self.mentioned[child] and key != self.key[parent]
            ]  # an empty handle names no one: learning it would learn nothing, for ever
            if len(left_out) == 1:
                self.set_author(child, left_out[0])
                learnt = True
        return learnt
