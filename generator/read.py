"""Read stage: turn source files into one :class:`~generator.model.Thread`.

One reader per format, all producing the same model; :func:`read_sources` picks the reader
by file name and joins the sources in the order given.

The plain-text format is the one the seed thread came in: UTF-8, one paragraph per line.
A line that opens with an @mention starts a new post (a Mastodon reply opens with the
handles it answers); any other line continues the post before it. The text carries no
authors and no reply structure: ``annotate`` and ``link`` add those.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator import text as txt
from generator.errors import ContentError, Problem
from generator.model import Paragraph, Post, SourceRef, Thread

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


@dataclass(frozen=True)
class _Draft:
    line: int
    paragraphs: list[Paragraph]


def read_plain_text(source: str, path: str, boundaries: Boundaries) -> Thread:
    """Read the plain-text thread format (see the module docstring).

    ``boundaries`` maps the starts of lines that editors say begin a post to the line numbers
    found; the reader records each line it splits at there.
    """
    drafts: list[_Draft] = []
    for number, raw in enumerate(txt.clean(source).split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        starts = [before for before in boundaries if line.startswith(before)]
        for before in starts:
            boundaries[before].append((path, number))
        if not drafts or starts or _OPENS_WITH_MENTION.match(line):
            drafts.append(_Draft(number, []))
        drafts[-1].paragraphs.append(txt.spans(line))
    return Thread(posts=make_posts(drafts, path))


def make_posts(drafts: list[_Draft], path: str) -> tuple[Post, ...]:
    """Posts with content ids (made unique in source order) from drafts."""
    bodies = [tuple(d.paragraphs) for d in drafts]
    texts = ["\n".join("".join(s.text for s in p) for p in body) for body in bodies]
    ids = txt.unique_ids([txt.content_id(t) for t in texts])
    return tuple(
        Post(
            id=post_id,
            paragraphs=body,
            source=SourceRef(path, draft.line),
            mentions=txt.mentions(body),
        )
        for post_id, body, draft in zip(ids, bodies, drafts, strict=True)
    )


Boundaries = dict[str, list[tuple[str, int]]]
"""Starts of lines where editors split posts → the (source, line) places they matched."""

READERS = {".txt": read_plain_text}
"""Readers by file suffix; each takes the decoded text, the path to report and boundaries."""


def read_source(file: Path, label: str, boundaries: Boundaries) -> Thread:
    """Read one source file; ``label`` is the path shown in messages."""
    reader = READERS.get(file.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise ContentError(
            Problem(label, 0, f"unknown source format {file.suffix!r}; expected one of {known}")
        )
    return reader(txt.read_file(file, label), label, boundaries)


def read_sources(files: list[tuple[Path, str]], splits: Sequence[Split] = ()) -> Thread:
    """Read every ``(file, label)`` source, in order, into one thread.

    Each editor's split must match exactly one line of the sources.
    """
    boundaries: Boundaries = {split.before: [] for split in splits}
    posts: list[Post] = []
    people: dict = {}
    seen: set[str] = set()
    problems: list[Problem] = []
    for file, label in files:
        try:
            thread = read_source(file, label, boundaries)
        except ContentError as err:
            problems.extend(err.problems)
            continue
        for post in thread.posts:
            if post.id in seen:
                problems.append(
                    Problem(label, post.source.line, f"post id {post.id!r} is read twice")
                )
                continue
            seen.add(post.id)
            posts.append(post)
        for key, person in thread.people.items():
            people.setdefault(key, person)
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
    return Thread(posts=tuple(posts), people=people)
