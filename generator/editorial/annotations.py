"""Annotate stage: the editors' overlay from content/, applied on top of what was read.

The annotations file (YAML) says what a source cannot:

``splits``
    Where the plain text merged two posts: each entry quotes the start of the line that
    begins a new post (``before:``) and says why (``why:``). The plain-text reader applies
    these while reading, so a split post's parts get ids from their own text.
``posts``
    Keyed by post id: ``author`` (a handle), ``reply_to`` (a post id, or ``null`` for "answers
    a post that is not in this archive"), ``themes`` (replaces what the rules decide) and
    ``note`` (shown with the post). Editors' values always win over inference.

Every value is checked against the thread and the taxonomy; each mistake is reported as
``path:line: field 'x': problem; expected …, got …``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from generator.editorial import yamlio
from generator.editorial.schema import NOTE_CHARS, Checker
from generator.errors import ContentError
from generator.model import Thread
from generator.sources.read import Split
from generator.text import DATA_BYTES, HANDLE, clean, read_file

_UNSET = object()


@dataclass(frozen=True)
class PostAnnotation:
    """What the editors say about one post. ``None`` fields were not given."""

    post_id: str
    line: int
    author: str | None = None
    reply_to: object = _UNSET
    """A post id, ``None`` for "not in the archive", or unset."""
    themes: tuple[tuple[str, int], ...] | None = None
    """Theme ids with their lines."""
    note: str = ""
    field_lines: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Annotations:
    """The parsed annotations file."""

    path: str
    splits: tuple[Split, ...] = ()
    posts: tuple[PostAnnotation, ...] = ()


_POST_FIELDS = {"author", "reply_to", "themes", "note"}


def load_annotations(file: Path, label: str) -> Annotations:
    """Parse and check the shape of an annotations file (ids are checked by :func:`annotate`)."""
    data = yamlio.load(read_file(file, label, DATA_BYTES), label)
    check = Checker(label)
    if data is None:
        return Annotations(label)
    root = check.mapping(data, 1, "", "a mapping with 'splits' and/or 'posts'")
    splits: list[Split] = []
    posts: list[PostAnnotation] = []
    if root is not None:
        check.keys(root, {"splits", "posts"}, set(), "the annotations")
        splits = _splits(check, root, label)
        posts = _posts(check, root)
    if check.problems:
        raise ContentError(check.problems)
    return Annotations(label, tuple(splits), tuple(posts))


def _splits(check: Checker, root: yamlio.Mapping, label: str) -> list[Split]:
    items = root.get("splits")
    if items is None:
        return []
    if not isinstance(items, yamlio.Sequence):
        check.problem(root.line_of("splits"), "splits", "wrong type", "a list", items)
        return []
    out = []
    for item, line in zip(items, items.item_lines, strict=True):
        entry = check.mapping(item, line, "splits", "a mapping with 'before' and 'why'")
        if entry is None:
            continue
        check.keys(entry, {"before", "why"}, {"before"}, "a split")
        before = clean(check.text(entry, "before", required=True)).strip()
        check.text(entry, "why")
        if "before" in entry and not before:
            check.problem(
                entry.line_of("before"),
                "before",
                "empty",
                "the first words of the line that starts a post",
                entry["before"],
            )
        elif before:
            out.append(Split(before, entry.line_of("before"), label))
    return out


def _posts(check: Checker, root: yamlio.Mapping) -> list[PostAnnotation]:
    items = root.get("posts")
    if items is None:
        return []
    table = check.mapping(items, root.line_of("posts"), "posts", "a mapping of post ids")
    if table is None:
        return []
    out = []
    for post_id, value in table.items():
        line = table.line_of(post_id)
        entry = check.mapping(
            value, line, post_id, "a mapping with author, reply_to, themes or note"
        )
        if entry is None:
            continue
        check.keys(entry, _POST_FIELDS, set(), f"post {post_id}")
        author = None
        if "author" in entry:
            author = check.text(
                entry,
                "author",
                required=True,
                pattern=HANDLE,
                expected="a handle like 'alice' or 'alice@example.social'",
            )
            author = author.lstrip("@") or None
        reply_to: object = _UNSET
        if "reply_to" in entry:
            reply_to = None if entry["reply_to"] is None else entry.raw.get("reply_to")
            if reply_to is not None and not isinstance(entry["reply_to"], str | int):
                check.problem(
                    entry.line_of("reply_to"),
                    "reply_to",
                    "wrong type",
                    "a post id, or null",
                    entry["reply_to"],
                )
                reply_to = _UNSET
        themes = None
        if "themes" in entry:
            themes = tuple(check.strings(entry, "themes", "a list of theme ids"))
        note = check.text(entry, "note", max_chars=NOTE_CHARS)
        out.append(
            PostAnnotation(
                post_id=str(post_id),
                line=line,
                author=author,
                reply_to=reply_to,
                themes=themes,
                note=" ".join(clean(note).split()),
                field_lines=tuple((key, entry.line_of(key)) for key in entry),
            )
        )
    return out


def annotate(thread: Thread, annotations: Annotations, theme_ids: list[str]) -> Thread:
    """Apply the editors' annotations; unknown ids or themes are errors.

    ``theme_ids`` lists the taxonomy's themes in order; overridden themes keep that order.
    """
    check = Checker(annotations.path)
    by_id = thread.by_id()
    changes: dict[str, dict] = {}
    for note in annotations.posts:
        lines = dict(note.field_lines)
        if note.post_id not in by_id:
            check.problem(
                note.line,
                "posts",
                "unknown post id",
                "the id of a post in the thread (see `make list`)",
                note.post_id,
            )
            continue
        change: dict = {}
        if note.author:
            change.update(author=note.author, author_basis="editor")
        if note.reply_to is not _UNSET:
            target = note.reply_to
            if target is not None and target not in by_id:
                check.problem(
                    lines["reply_to"],
                    "reply_to",
                    "unknown post id",
                    "the id of a post in the thread, or null",
                    target,
                )
            elif target == note.post_id:
                check.problem(
                    lines["reply_to"],
                    "reply_to",
                    "a post cannot reply to itself",
                    "the id of another post",
                    target,
                )
            else:
                change.update(reply_to=target, reply_basis="editor")
        if note.themes is not None:
            for theme, line in note.themes:
                if theme not in theme_ids:
                    check.problem(
                        line, "themes", "unknown theme", "one of " + ", ".join(theme_ids), theme
                    )
            ids = {t for t, _ in note.themes}
            ordered = tuple(t for t in theme_ids if t in ids)
            change.update(themes=ordered, theme_basis="editor", matched={})
        if note.note:
            change["note"] = note.note
        changes[note.post_id] = change
    if check.problems:
        raise ContentError(check.problems)
    posts = tuple(
        replace(post, **changes[post.id]) if post.id in changes else post for post in thread.posts
    )
    return replace(thread, posts=posts)
