"""The one content model every reader produces and every later stage consumes.

A post's text is kept as *literal* text split into spans: plain text, links and mentions.
Nothing in the model is Markdown or HTML; only :mod:`generator.pages.pieces` turns spans
into escaped HTML.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Literal

SpanKind = Literal["text", "link", "mention"]
AuthorBasis = Literal["source", "editor", "inferred", "unknown"]
"""Where a post's author comes from: the source itself, an editor's annotation, the mention
chain of replies, or nowhere."""
AuthorVia = Literal["", "account", "actor", "people file", "mention", "profile URL"]
"""How the read stage found an author the sources give (see :mod:`generator.sources.actors`),
strongest first: a Mastodon ``account``; the author's ``actor`` document (embedded in the
post or given as a source); the editors' ``people file``; a ``mention`` (a ``Mention`` tag
pairing the actor's URI with ``@name``); a ``profile URL`` of a form known to carry the
user name. Empty when the sources name no author."""
BlockKind = Literal["text", "quote", "item", "ordered", "heading", "code"]
"""What a paragraph is: plain ``text``, part of a block ``quote``, an ``item`` of a list or
an item of an ``ordered`` list, a ``heading``, or preformatted ``code``."""
ReplyBasis = Literal["source", "editor", "inferred", "none"]
ThemeBasis = Literal["rules", "editor"]


@dataclass(frozen=True, slots=True)
class Span:
    """A run of a post's text."""

    kind: SpanKind
    """``text``, ``link`` (an http(s) URL) or ``mention`` (an @handle)."""
    text: str
    """The characters as posted."""
    target: str = ""
    """The URL of a link, or the handle (without ``@``) of a mention."""


Paragraph = tuple[Span, ...]
"""One paragraph of a post; a ``\\n`` inside a text span is a line break."""


def paragraph_kinds(paragraphs: tuple[Paragraph, ...], kinds: tuple[BlockKind, ...]) -> list[str]:
    """The kind of each paragraph: ``kinds`` padded with ``text`` (empty ``kinds`` means
    every paragraph is plain text)."""
    return [*kinds[: len(paragraphs)], *["text"] * (len(paragraphs) - len(kinds))]


def paragraph_lines(para: Paragraph) -> list[list[Span]]:
    """The spans of each line of a paragraph: a ``\\n`` inside a text span ends a line (a
    link or a mention never holds one). Lines keep their empty text spans."""
    lines: list[list[Span]] = [[]]
    for span in para:
        if span.kind != "text":
            lines[-1].append(span)
            continue
        first, *rest = span.text.split("\n")
        lines[-1].append(Span("text", first))
        lines += [[Span("text", part)] for part in rest]
    return lines


def plain_text(paragraphs: tuple[Paragraph, ...]) -> str:
    """Paragraphs as plain text, separated by blank lines."""
    return "\n\n".join(["".join([span.text for span in para]) for para in paragraphs])


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where something was read from, for error messages and transparency."""

    path: str
    """The source file, relative to the project."""
    line: int
    """1-based line where the post starts (0 when the format has no lines)."""


@dataclass(frozen=True, slots=True)
class Media:
    """An attachment of a post. It is shown only from the site's own copy of its file, which
    a source that holds the file (an account archive) gives once the file's content is
    checked; otherwise it is listed by its description: files of other servers are never
    loaded by a page (hot-linked)."""

    kind: str
    """``image``, ``video``, ``audio`` or ``unknown``, as the source says."""
    description: str = ""
    """The alt text the author wrote; empty when they wrote none."""
    url: str = ""
    """Where the original file is, for a link the reader may choose to follow."""
    sensitive: bool = False
    """The author marked it sensitive: pages show it only behind a toggle."""
    file: str = ""
    """The site's own copy of the file, a path from the site's root
    (``media/<source>/media_attachments/…/a.png``), published with the site; empty when the
    source holds no copy, or its copy is :attr:`left_out`."""
    media_type: str = ""
    """What the file's content was checked to be (``image/png``); empty without a file."""
    width: int = 0
    """An image's width in pixels, as checked; 0 when not known."""
    height: int = 0
    """An image's height in pixels, as checked; 0 when not known."""
    left_out: str = ""
    """Why the source's copy of the file is not published (``not a valid MP4 video``); empty
    when it is, or when the source holds none."""


@dataclass(frozen=True, slots=True)
class LinkCard:
    """The preview a server made of a link in the post."""

    url: str
    """The link."""
    title: str = ""
    """The linked page's title."""
    description: str = ""
    """The linked page's summary."""


@dataclass(frozen=True, slots=True)
class Person:
    """A participant, known by handle."""

    handle: str
    """Handle without ``@``; ``user@domain`` where the source gives a domain."""
    display_name: str = ""
    """Name to show, when the source or a people file gives one."""
    url: str = ""
    """Profile URL, when known."""
    actor: str = ""
    """The ActivityPub actor URI, where a source gives it: the one key of a person whose
    copies on different servers name them differently (a handle's domain may differ from the
    host that serves the account)."""


@dataclass(frozen=True, slots=True)
class Naming:
    """What one source says an actor is called (see :mod:`generator.sources.actors`)."""

    actor: str
    """The actor's URI; empty when the source gives only a profile URL (``person.url``)."""
    person: Person
    """The handle it gives, with the display name and profile URL it knows."""
    via: AuthorVia
    """How the source says so."""
    explicit: bool = False
    """Whether the source gives the handle's domain, rather than the host of a URL."""


@dataclass(frozen=True, slots=True)
class PollOption:
    """One answer of a poll."""

    title: str
    """The answer's text, literal."""
    votes: int | None = None
    """Votes it received; ``None`` when the source does not say (results hidden)."""


@dataclass(frozen=True, slots=True)
class Poll:
    """A poll a post asked: Mastodon's ``poll``, ActivityPub's ``Question``."""

    options: tuple[PollOption, ...]
    """Every answer, in the source's order."""
    multiple: bool = False
    """Whether voters could choose several answers."""
    closes: str = ""
    """When voting ended or ends, ISO 8601 in UTC; empty when the source does not say."""
    closed: bool = False
    """Whether the source says voting had ended when it was archived."""
    voters: int | None = None
    """How many people voted; ``None`` when the source does not say."""


@dataclass(frozen=True, slots=True)
class Quote:
    """A post that a post quotes, shown inside the quoting post's card."""

    uri: str
    """The quoted post's URI (or its address) as the quoting post names it."""
    url: str = ""
    """Its address on its server, for a link off the site."""
    author: str = ""
    """Its author's handle, when the source embeds the quoted post."""
    paragraphs: tuple[Paragraph, ...] = ()
    """Its text, when the source embeds it."""
    status_id: str = ""
    """Its Mastodon status id, when the source gives one: the post id it has in the archive."""
    post: str = ""
    """Id of the quoted post in the archive; set by the link stage, empty when not there."""
    withdrawn: bool = False
    """The quote is not shown: its author revoked it, it was deleted or never approved."""
    removed: bool = False
    """The quoted post's author opted out (see :mod:`generator.editorial.optout`): nothing
    of it is kept, not even its address, which would name the account."""


@dataclass(frozen=True)
class Post:
    """One post of the discussion."""

    id: str
    """Stable identifier; the permalink anchor is ``post-<id>``."""
    paragraphs: tuple[Paragraph, ...]
    """The literal text."""
    source: SourceRef
    """Where the post was read."""
    mentions: tuple[str, ...] = ()
    """Handles mentioned, in order of first appearance, each once (case-insensitively)."""
    author: str = ""
    """Handle of the author; empty when unknown."""
    author_basis: AuthorBasis = "unknown"
    """How the author is known."""
    reply_to: str | None = None
    """Id of the post this one answers. The source may name a post that is not in the archive;
    pages then say so."""
    reply_basis: ReplyBasis = "none"
    """How the reply edge is known; ``editor`` with ``reply_to=None`` means "not in the archive"."""
    themes: tuple[str, ...] = ()
    """Theme ids, in taxonomy order; empty means the post is shown under Other."""
    theme_basis: ThemeBasis = "rules"
    """Whether the themes come from the taxonomy's rules or an editor's override."""
    matched: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """For each theme placed by rules, the terms that matched."""
    note: str = ""
    """An editor's note, shown with the post."""
    uri: str = ""
    """The post's canonical URI where the source gives one; the same post read from two
    sources is kept once."""
    url: str = ""
    """Link to the post on its original server."""
    published: str = ""
    """When it was posted, ISO 8601 in UTC (``2022-12-01T10:00:00Z``); empty when unknown."""
    edited: str = ""
    """When it was last edited, ISO 8601 in UTC; empty when never or unknown."""
    warning: str = ""
    """The author's content warning; the text is shown collapsed behind it."""
    media: tuple[Media, ...] = ()
    """Attachments, in order."""
    card: LinkCard | None = None
    """The server's preview of a link in the post."""
    removed: bool = False
    """Removed at its author's request: only its place in the thread remains."""
    unavailable: str = ""
    """Why the sources could not give the post (``deleted or not found``, ``blocked``): as
    for a removed post, only its place in the thread remains, and the page says why."""
    kinds: tuple[BlockKind, ...] = ()
    """The kind of each paragraph, in order (see :func:`paragraph_kinds`); empty when every
    paragraph is plain text."""
    title: str = ""
    """The title of an article or a forum topic, its heading; empty for other posts."""
    summary: str = ""
    """An article's excerpt, shown before its text (not a content warning)."""
    lang: str = ""
    """The language the source gives (``en``, ``pt-BR``); empty when unknown."""
    poll: Poll | None = None
    """The poll the post asked, with its answers."""
    quote: Quote | None = None
    """The post it quotes."""
    actor: str = ""
    """The author's ActivityPub actor URI, where the source gives it."""
    author_via: AuthorVia = ""
    """How the read stage found the author the sources give (``author_basis`` ``source``)."""
    followers_only: bool = False
    """The author addressed it to their followers only (Mastodon's ``private``, Misskey's
    ``followers``, an ActivityPub audience of the author's followers collection without the
    Public collection): it was not public. The sources' followers-only posts are published,
    marked so (see :mod:`generator.sources.addressing`)."""

    @property
    def placeholder(self) -> bool:
        """Whether only the post's place remains: removed at its author's request, or not
        available from the sources."""
        return self.removed or bool(self.unavailable)

    @property
    def text(self) -> str:
        """The post's plain text, paragraphs separated by blank lines."""
        return plain_text(self.paragraphs)

    @property
    def addressee(self) -> str:
        """The handle a reply is addressed to: its first mention (Mastodon puts the parent's
        author first)."""
        return self.mentions[0] if self.mentions else ""


def evolve(post: Post, **changes: object) -> Post:
    """``post`` with some fields changed, as :func:`dataclasses.replace` makes it.

    A frozen dataclass's ``__init__`` sets each of a post's thirty fields through
    ``object.__setattr__``, and ``replace`` adds its own checks: microseconds a post, and
    every stage copies every post. Filling the new post's attribute dict from the old one
    in one call makes the same post several times faster (Post has no ``__post_init__``).
    """
    unknown = changes.keys() - _POST_FIELDS
    if unknown:
        raise TypeError(f"Post has no field {', '.join(sorted(unknown))}")
    new = object.__new__(Post)
    new.__dict__.update(post.__dict__, **changes)  # keys in field order: a compact dict
    return new


_POST_FIELDS = frozenset(f.name for f in fields(Post))


@dataclass(frozen=True)
class Thread:
    """A discussion: posts in source order plus what is known of the people in it."""

    posts: tuple[Post, ...]
    """Every post, in the order the sources give them."""
    people: Mapping[str, Person] = field(default_factory=dict)
    """People the sources describe, by lower-cased handle."""
    namings: tuple[Naming, ...] = ()
    """What the sources say each actor is called, for the read stage to name authors by
    across sources (see :mod:`generator.sources.actors`)."""
    skipped: Mapping[str, int] = field(default_factory=dict)
    """Items the sources hold that are not posts (boosts, likes, direct messages…), counted
    by kind, for the build summary."""

    def by_id(self) -> dict[str, Post]:
        """Posts keyed by id."""
        return {post.id: post for post in self.posts}
