"""Read stage: turn source files into one :class:`~generator.model.Thread`.

One reader per format, all producing the same model; :func:`read_sources` picks the reader
by file name and joins the sources in the order given.

The plain-text format is the one the seed thread came in: UTF-8, one paragraph per line.
A line that opens with an @mention starts a new post (a Mastodon reply opens with the
handles it answers); any other line continues the post before it. The text carries no
authors and no reply structure: ``annotate`` and ``link`` add those. A file without any
text (empty, or only blank lines) is an error: it gives no post, which is rarely what its
editor meant. (An empty JSON list is an empty thread.)

A ``.json`` source is Mastodon API JSON (:mod:`generator.sources.mastodon`) or ActivityPub JSON
(:mod:`generator.sources.activitypub`), told apart by its shape. The same post read from two
sources (the same ``uri``) is kept once, the first time it is read.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator import text as txt
from generator.checks import describe
from generator.errors import ContentError, Problem
from generator.model import Paragraph, Person, Post, SourceRef, Thread
from generator.sources import activitypub, mastodon

_OPENS_WITH_MENTION = re.compile(rf"^\s*{txt.MENTION.pattern}")


@dataclass(frozen=True)
class Split:
    """An editor's post boundary inside the plain text."""

    before: str
    """The text a line starts with; that line begins a new post."""
    line: int
    """Line of the entry in the annotations file."""
    path: str
    """The annotations file, for messages."""


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


def read_json(
    source: str, path: str, boundaries: Boundaries, people: Actors | None = None
) -> Thread:
    """Read Mastodon API or ActivityPub JSON, whichever shape the file has.

    Editors' splits (``boundaries``) do not apply: JSON gives each post on its own.
    """
    try:
        data = json.loads(source)
    except json.JSONDecodeError as err:
        raise ContentError(
            Problem(
                path,
                err.lineno,
                f"invalid JSON: {err.msg} at column {err.colno}; expected Mastodon API or "
                "ActivityPub JSON",
            )
        ) from None
    except RecursionError:
        depth, line = _deepest(source)
        raise ContentError(
            Problem(
                path,
                line,
                f"invalid JSON: nested too deeply ({depth} levels); expected Mastodon API or "
                "ActivityPub JSON, which nests a few levels",
            )
        ) from None
    except ValueError as err:
        raise ContentError(_long_number(source, path, err)) from None
    if mastodon.accepts(data):
        return mastodon.read_mastodon(data, path, source)
    if activitypub.accepts(data):
        return activitypub.read_activitypub(data, path, source, people)
    raise ContentError(
        Problem(
            path,
            0,
            (
                f"unknown JSON shape; expected {mastodon.SHAPES}, "
                f"or {activitypub.SHAPES}; got {_shape(data)}"
            ),
        )
    )


_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
"""A JSON string literal: what is inside one is not syntax."""


def _long_number(source: str, path: str, err: ValueError) -> Problem:
    """The problem with an integer too long to convert, at its line.

    Python refuses to convert integers of more than ``sys.get_int_max_str_digits()`` digits
    (4,300 unless configured), because the conversion takes time quadratic in the length.
    """
    limit = sys.get_int_max_str_digits()
    if limit:
        digits = re.compile(rf"{_STRING}|-?(\d{{{limit + 1},}})(?![\d.eE])")
        for match in digits.finditer(source):
            if match.group(1):
                line = source.count("\n", 0, match.start()) + 1
                return Problem(
                    path,
                    line,
                    f"invalid JSON: a number of {len(match.group(1))} digits; expected "
                    f"numbers of at most {limit} digits",
                )
    return Problem(path, 1, f"invalid JSON: {err}")


def _deepest(source: str) -> tuple[int, int]:
    """How deep JSON text nests, and the line where it first gets that deep."""
    depth = deepest = 0
    at = 0
    for match in re.finditer(rf"{_STRING}|[\[\]{{}}]", source):
        bracket = match.group()
        if bracket in "[{":
            depth += 1
            if depth > deepest:
                deepest, at = depth, match.start()
        elif bracket in "]}":
            depth -= 1
    return deepest, source.count("\n", 0, at) + 1


def _shape(data: object) -> str:
    """What a JSON value is, for messages: an object's first keys, a list's first item."""
    if isinstance(data, dict):
        keys = ", ".join(repr(key) for key in list(data)[:6])
        return f"an object with keys {keys}" if keys else "an empty object"
    if isinstance(data, list):
        first = data[0]  # an empty list is accepted: it is an empty thread
        return (
            f"a list whose first item is {'a list' if isinstance(first, list) else _shape(first)}"
        )
    return describe(data)


Actors = Mapping[str, Person]
"""ActivityPub actor URLs → the people a people file says they are."""

Boundaries = dict[str, list[tuple[str, int]]]
"""Starts of lines where editors split posts → the (source, line) places they matched."""

READERS = {".txt": read_plain_text, ".json": read_json}
"""Readers by file suffix; each takes the decoded text, the path to report, boundaries and
the people file's actors."""


def read_source(
    file: Path, label: str, boundaries: Boundaries, people: Actors | None = None
) -> Thread:
    """Read one source file; ``label`` is the path shown in messages."""
    reader = READERS.get(file.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise ContentError(
            Problem(label, 0, f"unknown source format {file.suffix!r}; expected one of {known}")
        )
    return reader(txt.read_file(file, label), label, boundaries, people)


def read_sources(
    files: list[tuple[Path, str]], splits: Sequence[Split] = (), people: Actors | None = None
) -> Thread:
    """Read every ``(file, label)`` source, in order, into one thread.

    ``people`` maps ActivityPub actor URLs to people (the people file's ``actor:``), for the
    readers to name authors by. Each editor's split must match exactly one line of the
    sources. A post with a ``uri`` that was read before is dropped, and replies to it point
    to the copy kept.
    """
    boundaries: Boundaries = {split.before: [] for split in splits}
    posts: list[Post] = []
    found: dict[str, Person] = {}
    seen: set[str] = set()
    kept: dict[str, str] = {}  # uri, or id of a copy dropped → id of the copy kept
    problems: list[Problem] = []
    for file, label in files:
        try:
            thread = read_source(file, label, boundaries, people)
        except ContentError as err:
            problems.extend(err.problems)
            continue
        for post in thread.posts:
            if post.uri and post.uri in kept:
                kept.setdefault(post.id, kept[post.uri])
                continue
            if post.id in seen:
                problems.append(
                    Problem(label, post.source.line, f"post id {post.id!r} is read twice")
                )
                continue
            seen.add(post.id)
            if post.uri:
                kept[post.uri] = post.id
            posts.append(post)
        for key, person in thread.people.items():
            found.setdefault(key, person)
    for split in splits:
        found = boundaries[split.before]
        if len(found) != 1:
            where = "; ".join(f"{path}:{line}" for path, line in found) or "no line"
            problems.append(
                Problem(
                    split.path,
                    split.line,
                    (
                        f"field 'before': split must match exactly one line; expected the start of "
                        f"one line of the sources, got {where} for {split.before!r}"
                    ),
                )
            )
    if problems:
        raise ContentError(problems)
    return Thread(posts=tuple(_relink(posts, kept)), people=found)


def _relink(posts: list[Post], kept: dict[str, str]) -> list[Post]:
    """Point replies to a dropped copy, or to a post named by its URI, at the post kept."""
    ids = {post.id for post in posts}
    return [
        replace(post, reply_to=kept[post.reply_to])
        if post.reply_to is not None and post.reply_to not in ids and post.reply_to in kept
        else post
        for post in posts
    ]
