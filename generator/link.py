"""Link stage: reply edges, inferred authors and the cross-references pages need.

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

Everything after this stage reads from the :class:`Discussion` built here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property

from generator.classify import OTHER, Theme
from generator.commentary import Author, Commentary
from generator.errors import ContentError, Problem
from generator.glossary import Glossary
from generator.model import Person, Post, Thread
from generator.optout import OptOut, redact

SEARCH_BACK = 2000
"""How many earlier posts to consider as a reply's parent when inferring it."""


@dataclass(frozen=True)
class Participant:
    """A person with what they wrote and whom they talked to."""

    person: Person
    """Handle and what else is known."""
    posts: tuple[str, ...]
    """Ids of their posts, in thread order."""
    themes: tuple[tuple[str, int], ...]
    """Themes they posted in (``other`` included) with post counts, most first."""
    replied_to: tuple[tuple[str, int], ...]
    """Handles they answered, with counts, most first."""
    replied_by: tuple[tuple[str, int], ...]
    """Handles who answered them, with counts, most first."""
    mentioned: int
    """How many posts mention them."""


@dataclass(frozen=True)
class Discussion:
    """The linked discussion: every cross-reference resolved before anything is rendered."""

    posts: tuple[Post, ...]
    """Every post, in source order, with final authors and reply edges."""
    by_id: dict[str, Post]
    """Posts by id."""
    replies: dict[str, tuple[str, ...]]
    """For each post with replies, the ids of its replies in thread order."""
    themes: tuple[Theme, ...]
    """The taxonomy, in order."""
    by_theme: dict[str, tuple[str, ...]]
    """Post ids per theme id, plus ``other`` for posts without a theme."""
    related: dict[str, tuple[tuple[str, int], ...]]
    """For each theme, the other themes its posts also touch, with counts, most first."""
    people: tuple[Participant, ...]
    """Everyone who wrote or was mentioned: most posts first, then by handle."""
    commentary: tuple[Commentary, ...] = ()
    """Commentary pages, newest first (then by slug)."""
    authors: dict[str, Author] = field(default_factory=dict)
    """Commentary authors by key."""
    commentary_on_post: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Post id → slugs of the commentary that responds to or quotes it."""
    commentary_on_theme: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Theme id → slugs of the commentary on it."""

    glossary: Glossary = field(default_factory=Glossary)
    """Terms of the discussion with their definitions."""

    def piece(self, slug: str) -> Commentary:
        """The commentary with this slug."""
        return next(c for c in self.commentary if c.slug == slug)

    def person(self, handle: str) -> Participant | None:
        """The participant with this handle (any case)."""
        return self._people_by_key.get(handle.lower())

    @cached_property
    def _people_by_key(self) -> dict[str, Participant]:
        # Every mention on every page looks a person up: a dict keeps that constant-time.
        return {p.person.handle.lower(): p for p in self.people}


def link(
    thread: Thread,
    taxonomy: tuple[Theme, ...],
    commentary: tuple[Commentary, ...] = (),
    authors: dict[str, Author] | None = None,
    optout: OptOut | None = None,
) -> Discussion:
    """Infer missing replies and authors, then index the discussion and its commentary."""
    optout = optout or OptOut()
    posts = infer(list(thread.posts))
    check_acyclic(posts)
    # Removal comes last, so the reply tree and the authors around it are kept.
    posts = [
        redact(post)
        if post.id in (optout.posts or {}) or (post.author and optout.covers_account(post.author))
        else post
        for post in posts
    ]
    by_id = {post.id: post for post in posts}
    replies: dict[str, list[str]] = {}
    for post in posts:
        if post.reply_to is not None:
            replies.setdefault(post.reply_to, []).append(post.id)
    return Discussion(
        posts=tuple(posts),
        by_id=by_id,
        replies={k: tuple(v) for k, v in replies.items()},
        themes=taxonomy,
        by_theme=group_by_theme(posts, taxonomy),
        related=related_themes(posts, taxonomy),
        people=participants(posts, thread.people, by_id, optout),
        **index_commentary(commentary),
        authors=dict(authors or {}),
    )


def index_commentary(commentary: tuple[Commentary, ...]) -> dict:
    """Commentary newest first, and which pieces concern each post and each theme."""
    pieces = tuple(sorted(commentary, key=lambda c: c.slug))
    pieces = tuple(sorted(pieces, key=lambda c: c.date, reverse=True))
    on_post: dict[str, list[str]] = {}
    on_theme: dict[str, list[str]] = {}
    for piece in pieces:
        for post_id in dict.fromkeys(piece.responds_to + piece.quoted()):
            on_post.setdefault(post_id, []).append(piece.slug)
        for theme in piece.themes:
            on_theme.setdefault(theme, []).append(piece.slug)
    return {
        "commentary": pieces,
        "commentary_on_post": {k: tuple(v) for k, v in on_post.items()},
        "commentary_on_theme": {k: tuple(v) for k, v in on_theme.items()},
    }


def infer(posts: list[Post]) -> list[Post]:
    """Fill in reply edges and authors from the mention chain (see the module docstring)."""
    index = {post.id: i for i, post in enumerate(posts)}
    edges: list[tuple[int, int]] = []
    for i, post in enumerate(posts):
        if post.reply_basis != "none":
            parent = index.get(post.reply_to) if post.reply_to is not None else None
        else:
            parent = _find_parent(posts, i)
            if parent is not None:
                posts[i] = replace(post, reply_to=posts[parent].id, reply_basis="inferred")
        if parent is not None:
            edges.append((i, parent))
            _learn(posts, i, parent)
    changed = True
    while changed:  # a later edge may teach an author that an earlier edge can use
        changed = any([_learn(posts, child, parent) for child, parent in edges])
    return posts


def _lower(handles: tuple[str, ...]) -> set[str]:
    return {h.lower() for h in handles}


def _find_parent(posts: list[Post], i: int) -> int | None:
    reply = posts[i]
    addressee = reply.addressee.lower()
    if not addressee or reply.author.lower() == addressee:
        return None
    named = _lower(reply.mentions)
    own = reply.author.lower()
    for j in range(i - 1, max(-1, i - 1 - SEARCH_BACK), -1):
        candidate = posts[j]
        author = candidate.author.lower()
        if author:
            if author == addressee:
                return j
            continue
        mentioned = _lower(candidate.mentions)
        if addressee in mentioned:
            continue
        left_out = mentioned - named - {own}
        if not left_out or (len(left_out) == 1 and not own):
            return j
    return None


def _learn(posts: list[Post], child: int, parent: int) -> bool:
    """Learn authors from one reply edge; True when something was learnt."""
    reply, original = posts[child], posts[parent]
    learnt = False
    addressee = reply.addressee
    if (
        not original.author
        and addressee
        and addressee.lower() != reply.author.lower()
        and addressee.lower() not in _lower(original.mentions)
    ):
        posts[parent] = original = replace(original, author=addressee, author_basis="inferred")
        learnt = True
    if not reply.author:
        left_out = [
            h
            for h in original.mentions
            if h.lower() not in _lower(reply.mentions) and h.lower() != original.author.lower()
        ]
        if len(left_out) == 1:
            posts[child] = replace(reply, author=left_out[0], author_basis="inferred")
            learnt = True
    return learnt


def check_acyclic(posts: list[Post]) -> None:
    """Refuse reply edges that form a cycle (a post that is its own ancestor)."""
    parent = {post.id: post.reply_to for post in posts}
    state: dict[str, int] = {}  # 1: on the current path, 2: known to reach a root
    for post in posts:
        path = []
        node: str | None = post.id
        while node is not None and node in parent and state.get(node) != 2:
            if state.get(node) == 1:
                cycle = path[path.index(node) :]
                where = posts[[p.id for p in posts].index(node)].source
                raise ContentError(
                    Problem(
                        where.path,
                        where.line,
                        (
                            "replies form a cycle: "
                            + " → ".join([*cycle, node])
                            + "; expected each post to reply to an earlier one"
                        ),
                    )
                )
            state[node] = 1
            path.append(node)
            node = parent[node]
        for seen in path:
            state[seen] = 2


def group_by_theme(posts: list[Post], taxonomy: tuple[Theme, ...]) -> dict[str, tuple[str, ...]]:
    """Post ids per theme, in thread order; posts without a theme go to ``other``."""
    groups: dict[str, list[str]] = {theme.id: [] for theme in taxonomy}
    groups[OTHER] = []
    for post in posts:
        if post.removed:
            continue  # its words are gone: it belongs to no theme, and the thread keeps it
        for theme in post.themes or (OTHER,):
            groups.setdefault(theme, []).append(post.id)
    return {theme: tuple(ids) for theme, ids in groups.items()}


def related_themes(
    posts: list[Post], taxonomy: tuple[Theme, ...]
) -> dict[str, tuple[tuple[str, int], ...]]:
    """For each theme, how many of its posts also touch each other theme."""
    pairs: dict[str, Counter[str]] = {theme.id: Counter() for theme in taxonomy}
    for post in posts:
        for theme in post.themes:
            pairs[theme].update(t for t in post.themes if t != theme)
    order = {theme.id: i for i, theme in enumerate(taxonomy)}
    return {
        theme: tuple(sorted(counts.items(), key=lambda kv: (-kv[1], order[kv[0]])))
        for theme, counts in pairs.items()
    }


def _ranked(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].lower())))


def participants(
    posts: list[Post], known: dict[str, Person], by_id: dict[str, Post], optout: OptOut
) -> tuple[Participant, ...]:
    """Everyone who wrote or was mentioned, with what they wrote and whom they answered;
    accounts that opted out are left out entirely."""
    names: dict[str, str] = {}  # lower-case handle → handle as first written
    for post in posts:
        for handle in (post.author, *post.mentions):
            if handle and not optout.covers_account(handle):
                names.setdefault(handle.lower(), handle)
    written: dict[str, list[str]] = {key: [] for key in names}
    themes: dict[str, Counter[str]] = {key: Counter() for key in names}
    replied_to: dict[str, Counter[str]] = {key: Counter() for key in names}
    replied_by: dict[str, Counter[str]] = {key: Counter() for key in names}
    mentioned: Counter[str] = Counter()
    for post in posts:
        mentioned.update(_lower(post.mentions) & names.keys())
        if not post.author:
            continue
        key = post.author.lower()
        written[key].append(post.id)
        themes[key].update(post.themes or (OTHER,))
        parent = by_id.get(post.reply_to) if post.reply_to else None
        answered = parent.author if parent is not None else post.addressee
        if answered and answered.lower() != key and answered.lower() in names:
            replied_to[key][names[answered.lower()]] += 1
            replied_by[answered.lower()][names[key]] += 1
    people = [
        Participant(
            person=known.get(key) or Person(handle=names[key]),
            posts=tuple(written[key]),
            themes=_ranked(themes[key]),
            replied_to=_ranked(replied_to[key]),
            replied_by=_ranked(replied_by[key]),
            mentioned=mentioned[key],
        )
        for key in names
    ]
    people.sort(key=lambda p: (-len(p.posts), -p.mentioned, p.person.handle.lower()))
    return tuple(people)
