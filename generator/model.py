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
    """An attachment of a post, listed by its description; images are not hot-linked."""

    kind: str
    """``image``, ``video``, ``audio`` or ``unknown``, as the source says."""
    description: str = ""
    """The alt text the author wrote; empty when they wrote none."""
    url: str = ""
    """Where the original file is, for a link the reader may choose to follow."""


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

    A frozen dataclass's ``__init__`` sets each of a post's twenty fields through
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

    def by_id(self) -> dict[str, Post]:
        """Posts keyed by id."""
        return {post.id: post for post in self.posts}
