"""Plain text, the format the seed thread came in: UTF-8, one paragraph per line (``.txt``).

A line that opens with an @mention starts a new post (a Mastodon reply opens with the handles
it answers), and so does a line that starts as an editor's split says
(:class:`~generator.sources.read.Split`); any other line continues the post before it. The
text carries no authors and no reply structure: ``annotate`` and ``link`` add those. A post's
id is derived from its text (:func:`generator.text.content_id`), made unique in source order.
A file without any text (empty, or only blank lines) is an error: it gives no post, which is
rarely what its editor meant. (An empty JSON list is an empty thread.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator import text as txt
from generator.errors import ContentError, Problem
from generator.model import Paragraph, Post, SourceRef, Thread
from generator.sources import registry
from generator.sources.registry import Actors, Boundaries

_OPENS_WITH_MENTION = re.compile(rf"^\s*{txt.MENTION.pattern}")


@dataclass
class _Drafts:
    """The posts of a plain-text source as they are read: every paragraph in one list, and
    where each post starts. (One object for the whole source rather than a few for each
    post: the garbage collector's work grows with the objects a stage keeps.)"""

    paragraphs: list[Paragraph] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    """The paragraphs' text, which their spans spell."""
    starts: list[int] = field(default_factory=list)
    """Index in :attr:`paragraphs` of each post's first paragraph."""
    numbers: list[int] = field(default_factory=list)
    """Line where each post starts."""

    def ends(self) -> list[int]:
        """Index in :attr:`paragraphs` after each post's last paragraph."""
        return [*self.starts[1:], len(self.paragraphs)]


@registry.file_format(".txt", "plain text")
def read_plain_text(
    source: str, path: str, boundaries: Boundaries, people: Actors | None = None
) -> Thread:
    """Read the plain-text thread format (see the module docstring).

    ``boundaries`` maps the starts of lines that editors say begin a post to the line numbers
    found; the reader records each line it splits at there.
    """
    drafts = _Drafts()
    cleaned = txt.clean(source)
    for number, raw in enumerate(cleaned.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        starts = [before for before in boundaries if line.startswith(before)] if boundaries else ()
        for before in starts:
            boundaries[before].append((path, number))
        # A stripped line can open with a mention only if it starts with "@": testing that
        # first spares most lines the expression.
        if not drafts.starts or starts or (line[0] == "@" and _OPENS_WITH_MENTION.match(line)):
            drafts.starts.append(len(drafts.paragraphs))
            drafts.numbers.append(number)
        drafts.paragraphs.append(txt.spans(line))
        drafts.lines.append(line)
    if not drafts.starts:
        held = "the file is empty" if not source else f"the file holds no text, {_blank(cleaned)}"
        raise ContentError(
            Problem(
                path,
                0,
                f"no posts: {held}; expected one paragraph per line, each reply starting with "
                "a line that opens with an @mention",
            )
        )
    return Thread(posts=make_posts(drafts, path))


def _blank(text: str) -> str:
    """What a text without words holds, for messages: ``only 3 blank lines``, counted as
    editors count them (a last line break ends a line rather than starting one)."""
    count = text.count("\n") + (not text.endswith("\n"))
    return "only 1 blank line" if count == 1 else f"only {count} blank lines"


def make_posts(drafts: _Drafts, path: str) -> tuple[Post, ...]:
    """Posts with content ids (made unique in source order) from drafts."""
    starts, ends, lines = drafts.starts, drafts.ends(), drafts.lines
    # The lines joined are plain_text of the paragraphs, which spell them, and cheaper.
    texts = ["\n\n".join(lines[start:end]) for start, end in zip(starts, ends, strict=True)]
    ids = txt.unique_ids([txt.content_id(text) for text in texts])
    posts = []
    for post_id, start, end, number in zip(ids, starts, ends, drafts.numbers, strict=True):
        paragraphs = tuple(drafts.paragraphs[start:end])
        posts.append(
            Post(
                id=post_id,
                paragraphs=paragraphs,
                source=SourceRef(path, number),
                mentions=txt.mentions(paragraphs),
            )
        )
    return tuple(posts)
