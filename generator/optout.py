"""Opt-out: accounts and posts that must not be republished.

``optout.yml`` in content/ lists them::

    accounts:            # every post by these accounts
      - alice@example.social
    posts:               # single posts, by id
      - "109876543210"

An opted-out post keeps its place in the thread as a placeholder ("removed at its author's
request"), so the replies around it still make sense, but none of its text, media, links or
author reaches any page, and an opted-out account gets no page of its own. Builds count
removed posts separately, so nothing disappears silently.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator import yamlio
from generator.errors import ContentError
from generator.model import Post
from generator.schema import Checker
from generator.text import HANDLE, read_file


@dataclass(frozen=True)
class OptOut:
    """What the opt-out file lists."""

    accounts: frozenset[str] = frozenset()
    """Lower-cased handles (``user`` or ``user@domain``)."""
    posts: dict[str, int] | None = None
    """Post id → line in the file, to report an id that matches no post."""
    path: str = ""

    def covers_account(self, handle: str) -> bool:
        """Whether ``handle`` (any case, with or without its domain) opted out."""
        handle = handle.lower()
        return handle in self.accounts or handle.split("@")[0] in self.accounts


def load_optout(file, label: str) -> OptOut:
    """Load and check an opt-out file."""
    data = yamlio.load(read_file(file, label), label)
    check = Checker(label)
    if data is None:
        return OptOut(path=label)
    root = check.mapping(data, 1, "", "a mapping with 'accounts' and/or 'posts'")
    accounts: set[str] = set()
    posts: dict[str, int] = {}
    if root is not None:
        check.keys(root, {"accounts", "posts"}, set(), "the opt-out list")
        for handle, line in check.strings(root, "accounts", "a list of handles"):
            if HANDLE.fullmatch(handle):
                accounts.add(handle.lstrip("@").lower())
            else:
                check.problem(
                    line, "accounts", "not a handle", "a handle like alice@example.social", handle
                )
        items = root.get("posts")
        if isinstance(items, yamlio.Sequence):
            for raw, value, line in zip(items.raw, items, items.item_lines, strict=True):
                if isinstance(value, str | int) and not isinstance(value, bool):
                    posts[raw or str(value)] = line
                else:
                    check.problem(line, "posts", "wrong item", "a post id", value)
        elif items is not None:
            check.problem(root.line_of("posts"), "posts", "wrong type", "a list of post ids", items)
    if check.problems:
        raise ContentError(check.problems)
    return OptOut(frozenset(accounts), posts, label)


def check_ids(optout: OptOut, ids: set[str]) -> None:
    """Every listed post must exist: a mistyped id would republish what should be removed."""
    check = Checker(optout.path)
    for post_id, line in (optout.posts or {}).items():
        if post_id not in ids:
            check.problem(
                line,
                "posts",
                "unknown post id",
                "the id of a post in the thread (see `python -m generator list`)",
                post_id,
            )
    if check.problems:
        raise ContentError(check.problems)


def redact(post: Post) -> Post:
    """The placeholder left of a removed post: its id, place and reply edge, nothing else."""
    return replace(
        post,
        paragraphs=(),
        mentions=(),
        author="",
        author_basis="unknown",
        themes=(),
        matched={},
        note="",
        url="",
        published="",
        edited="",
        warning="",
        media=(),
        card=None,
        removed=True,
    )
