"""Read stage: turn source files into one :class:`~generator.model.Thread`.

One reader per format, all producing the same model: :func:`read_source` reads a file by the
format its suffix names (see :mod:`generator.sources.registry`), and :func:`read_sources` joins
the sources in the order given. The same post read from two sources (the same ``uri``) is kept
once, the first time it is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from generator import text as txt
from generator.errors import ContentError, Problem
from generator.model import Naming, Person, Post, Thread
from generator.sources import actors, registry
from generator.sources.registry import Actors, Boundaries


@dataclass(frozen=True)
class Split:
    """An editor's post boundary inside the plain text."""

    before: str
    """The text a line starts with; that line begins a new post."""
    line: int
    """Line of the entry in the annotations file."""
    path: str
    """The annotations file, for messages."""


def read_source(
    file: Path, label: str, boundaries: Boundaries, people: Actors | None = None
) -> Thread:
    """Read one source file; ``label`` is the path shown in messages.

    Raises :class:`~generator.errors.ContentError` for a suffix no format has (naming those
    there are), for text that is not UTF-8, and for every problem the format's reader finds.
    """
    whole = registry.by_path(file)
    if whole is not None:
        return whole.read(file, label, people)
    found = registry.by_suffix(file.suffix)
    if found is None:
        known = ", ".join(registry.suffixes())
        others = "".join(f", or {kind.shapes}" for kind in registry.PATH_FORMATS.values())
        what = "source: a folder" if file.is_dir() else f"source format {file.suffix!r}"
        raise ContentError(Problem(label, 0, f"unknown {what}; expected one of {known}{others}"))
    return found.read(txt.read_file(file, label), label, boundaries, people)


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
    namings: list[Naming] = []
    skipped: dict[str, int] = {}
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
        namings += thread.namings
        for kind, count in thread.skipped.items():
            skipped[kind] = skipped.get(kind, 0) + count
    for split in splits:
        matched = boundaries[split.before]
        if len(matched) != 1:
            where = "; ".join(f"{path}:{line}" for path, line in matched) or "no line"
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
    # Authors are named again over every source together: one source's actor document or
    # mention may name the author of another's posts (see generator.sources.actors).
    thread = Thread(tuple(_relink(posts, kept)), found, tuple(namings), skipped)
    return actors.resolve(thread, people)


def _relink(posts: list[Post], kept: dict[str, str]) -> list[Post]:
    """Point replies to a dropped copy, or to a post named by its URI, at the post kept."""
    ids = {post.id for post in posts}
    return [
        replace(post, reply_to=kept[post.reply_to])
        if post.reply_to is not None and post.reply_to not in ids and post.reply_to in kept
        else post
        for post in posts
    ]
