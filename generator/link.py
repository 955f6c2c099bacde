"""Link stage: reply edges, inferred authors and the cross-references pages need.

Where a source gives no reply structure or no authors (the plain-text format), they are
inferred from the mention chain (:mod:`generator.infer`). Replies must form no cycle; posts
removed at their authors' request keep only their place; and the discussion is indexed
by theme, by person and by commentary, so that every page can be made from it.

Everything after this stage reads from the :class:`Discussion` built here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from urllib.parse import urlsplit

from generator.editorial.commentary import Author, Commentary
from generator.editorial.glossary import Glossary
from generator.editorial.optout import OptOut, redact
from generator.editorial.positions import Positions
from generator.editorial.taxonomy import OTHER, Theme
from generator.errors import ContentError, Problem
from generator.graphemes import cut
from generator.infer import infer
from generator.model import Person, Post, Quote, Thread, evolve

MENTIONS_PER_POST = 50
"""How many of a post's mentions (its first ones) earn the people they name a page: a post
of a hundred thousand mentions must not make a hundred thousand pages. The others stay
text unless the person has a page anyway; the build summary counts them."""
HANDLE_CHARS = 100
"""The longest handle that gets a page (a page's name must fit in a file name); longer
ones are shown as text. Mastodon's usernames have at most 30 characters."""
NAME_CHARS = 100
"""The longest display name shown in full; a longer one is cut, ending in "…"."""


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
    positions: Positions = field(default_factory=Positions)
    """The editors' claims and what answers what (:mod:`generator.editorial.positions`)."""
    """Terms of the discussion with their definitions."""
    mentions_as_text: int = 0
    """Mentions past :data:`MENTIONS_PER_POST` in a post, of people without a page, or of
    handles longer than :data:`HANDLE_CHARS`: shown as text, not linked."""
    skipped: dict[str, int] = field(default_factory=dict)
    """Items the sources hold that are not posts, counted by kind (see
    :attr:`generator.model.Thread.skipped`), for the build summary."""

    def piece(self, slug: str) -> Commentary:
        """The commentary with this slug."""
        return next(c for c in self.commentary if c.slug == slug)

    def person(self, handle: str) -> Participant | None:
        """The participant with this handle (any case)."""
        return self._people_by_key.get(handle.lower())

    def mentioned_in(self, handle: str) -> tuple[str, ...]:
        """Ids of the posts that mention the participant with this handle (any case), in
        thread order: the posts whose cards link to their page. Empty for a handle without
        a page."""
        return self._mentions.get(handle.lower(), ())

    @cached_property
    def _people_by_key(self) -> dict[str, Participant]:
        # Every mention on every page looks a person up: a dict keeps that constant-time.
        return {p.person.handle.lower(): p for p in self.people}

    @cached_property
    def _mentions(self) -> dict[str, tuple[str, ...]]:
        # Built once, on first use, in one pass: a post's mentions are distinct in any case.
        people, lowered = self._people_by_key, {}
        found: dict[str, list[str]] = {}
        for post in self.posts:
            for handle in post.mentions:
                key = lowered.get(handle) or lowered.setdefault(handle, handle.lower())
                if key in people:
                    found.setdefault(key, []).append(post.id)
        return {key: tuple(ids) for key, ids in found.items()}


def link_quotes(posts: list[Post], optout: OptOut) -> list[Post]:
    """Name the post of the archive each quote quotes (:attr:`Quote.post`: the post whose
    URI or address is the quote's, or the one its reader named), and empty the quote of a
    post whose author opted out, which the archive does not hold: its embedded text, author
    and address would otherwise republish it."""
    address: dict[str, str] = {}
    for post in posts:
        for known in (post.uri, post.url):
            if known:
                address.setdefault(known, post.id)
    by_id = {post.id: post for post in posts}
    linked = []
    for post in posts:
        quote = post.quote
        if quote is None:
            linked.append(post)
            continue
        found = next((address[a] for a in (quote.uri, quote.url) if a in address), "")
        found = found or quote.post
        if _opted_out(quote, optout) or (found in by_id and by_id[found].removed):
            post = evolve(post, quote=Quote(uri="", removed=True))
        elif found:
            post = evolve(post, quote=replace(quote, post=found))
        linked.append(post)
    return linked


def _opted_out(quote: Quote, optout: OptOut) -> bool:
    """Whether the quoted post's author opted out: its handle, or, for a quote that names no
    author, any segment of its addresses (``/@carol/9``, ``/users/carol/statuses/9``) read as
    a user of its host. The second errs towards removing: a quote is emptied rather than an
    opted-out account republished."""
    if quote.author:
        return optout.covers_account(quote.author)
    for address in (quote.url, quote.uri):
        parts = urlsplit(address)
        for segment in parts.path.split("/"):
            user = segment.removeprefix("@")
            if user and optout.covers_account(f"{user}@{parts.hostname or ''}".rstrip("@")):
                return True
    return False


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
    removed = optout.posts or {}
    opted = {author: optout.covers_account(author) for author in {p.author for p in posts}}
    posts = [
        redact(post) if post.id in removed or (post.author and opted[post.author]) else post
        for post in posts
    ]
    posts = link_quotes(posts, optout)
    by_id = {post.id: post for post in posts}
    replies: dict[str, list[str]] = {}
    for post in posts:
        if post.reply_to is not None:
            replies.setdefault(post.reply_to, []).append(post.id)
    people = participants(posts, thread.people, by_id, optout)
    keys = {p.person.handle.lower() for p in people}
    unlinked = {h for post in posts for h in post.mentions if h.lower() not in keys}
    unlinked -= {h for h in unlinked if optout.covers_account(h)}  # counted as removed
    as_text = sum(1 for post in posts for h in post.mentions if h in unlinked)
    return Discussion(
        mentions_as_text=as_text,
        posts=tuple(posts),
        by_id=by_id,
        replies={k: tuple(v) for k, v in replies.items()},
        themes=taxonomy,
        by_theme=group_by_theme(posts, taxonomy),
        related=related_themes(posts, taxonomy),
        people=people,
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
        if post.placeholder:
            continue  # its words are gone: it belongs to no theme, and the thread keeps it
        for theme in post.themes or (OTHER,):
            groups.setdefault(theme, []).append(post.id)
    return {theme: tuple(ids) for theme, ids in groups.items()}


def related_themes(
    posts: list[Post], taxonomy: tuple[Theme, ...]
) -> dict[str, tuple[tuple[str, int], ...]]:
    """For each theme, how many of its posts also touch each other theme."""
    pairs: dict[str, dict[str, int]] = {theme.id: {} for theme in taxonomy}
    for post in posts:
        for theme in post.themes:
            counts = pairs[theme]
            for other in post.themes:
                if other != theme:
                    counts[other] = counts.get(other, 0) + 1
    order = {theme.id: i for i, theme in enumerate(taxonomy)}
    return {
        theme: tuple(sorted(counts.items(), key=lambda kv: (-kv[1], order[kv[0]])))
        for theme, counts in pairs.items()
    }


def shown(person: Person) -> Person:
    """``person`` with a display name of at most :data:`NAME_CHARS` characters."""
    name = person.display_name
    if len(name) <= NAME_CHARS:
        return person
    return replace(person, display_name=cut(name, NAME_CHARS))


def _ranked(counter: dict[str, int]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].lower())))


def participants(
    posts: list[Post], known: dict[str, Person], by_id: dict[str, Post], optout: OptOut
) -> tuple[Participant, ...]:
    """Everyone who wrote or was mentioned, with what they wrote and whom they answered;
    accounts that opted out are left out entirely."""
    keyed: dict[str, str] = {}  # handle → lower-cased, or "" when it gets no page
    names: dict[str, str] = {}  # lower-case handle → handle as first written
    for post in posts:
        named = post.mentions[:MENTIONS_PER_POST]
        for handle in (post.author, *named) if post.author else named:
            if handle not in keyed:  # the same few handles come back post after post
                none = not handle or len(handle) > HANDLE_CHARS or optout.covers_account(handle)
                keyed[handle] = "" if none else handle.lower()
            if keyed[handle]:
                names.setdefault(keyed[handle], handle)
    for handle in {h for post in posts for h in post.mentions[MENTIONS_PER_POST:]}:
        keyed.setdefault(handle, "")  # past the limit: a page only if earned elsewhere
    written: dict[str, list[str]] = {key: [] for key in names}
    themes: dict[str, dict[str, int]] = {key: {} for key in names}
    replied_to: dict[str, dict[str, int]] = {key: {} for key in names}
    replied_by: dict[str, dict[str, int]] = {key: {} for key in names}
    mentioned: dict[str, int] = {}
    for post in posts:
        for key in names.keys() & map(keyed.__getitem__, post.mentions):
            mentioned[key] = mentioned.get(key, 0) + 1
        if not post.author:
            continue
        key = post.author.lower()
        written[key].append(post.id)
        counts = themes[key]
        for theme in post.themes or (OTHER,):
            counts[theme] = counts.get(theme, 0) + 1
        parent = by_id.get(post.reply_to) if post.reply_to else None
        answered = (parent.author if parent is not None else post.addressee).lower()
        if answered and answered != key and answered in names:
            to, by = replied_to[key], replied_by[answered]
            to[names[answered]] = to.get(names[answered], 0) + 1
            by[names[key]] = by.get(names[key], 0) + 1
    people = [
        Participant(
            person=shown(known.get(key) or Person(handle=names[key])),
            posts=tuple(written[key]),
            themes=_ranked(themes[key]),
            replied_to=_ranked(replied_to[key]),
            replied_by=_ranked(replied_by[key]),
            mentioned=mentioned.get(key, 0),
        )
        for key in names
    ]
    people.sort(key=lambda p: (-len(p.posts), -p.mentioned, p.person.handle.lower()))
    return tuple(people)
