"""Opt-out: accounts and posts that must not be republished.

``optout.yml`` in content/ lists them::

    accounts:            # every post by these accounts
      - alice@example.social
    posts:               # single posts, by id
      - "109876543210"

An opted-out post keeps its place in the thread as a placeholder ("removed at its author's
request"), so the replies around it still make sense, but none of its text, media, links or
author reaches any page or published file, and an opted-out account gets no page of its
own. Builds count removed posts separately, so nothing disappears silently.

An account listed with its domain (``alice@example.social``) also covers the bare handle
(``@alice``), which is how plain text and many replies name people: a name without a
domain could be theirs. A bare ``alice`` covers ``alice`` on every server. Every entry
must match a post or an account of the thread, so a mistyped entry never goes unnoticed.

Published sources (``publish_sources``) leave the removed posts out too: a plain-text
source is published without their lines (:func:`redact_plain_text`); a JSON source that
holds one is not published at all, since an account's data can be copied anywhere in it
(mentions, quotes, boosts).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property

from generator.editorial import yamlio
from generator.editorial.schema import Checker
from generator.errors import ContentError
from generator.model import Post
from generator.text import DATA_BYTES, HANDLE, read_file


@dataclass(frozen=True)
class OptOut:
    """What the opt-out file lists."""

    accounts: frozenset[str] = frozenset()
    """Lower-cased handles (``user`` or ``user@domain``)."""
    posts: dict[str, int] | None = None
    """Post id → line in the file, to report an id that matches no post."""
    path: str = ""
    account_lines: dict[str, int] | None = None
    """Account → line in the file, to report an account that matches no one."""

    def covers_account(self, handle: str) -> bool:
        """Whether ``handle`` (any case, with or without its domain) opted out: listed as
        it is, listed without a domain, or a bare handle whose user is listed with one."""
        handle = handle.lower()
        user = handle.split("@")[0]
        return (
            handle in self.accounts
            or user in self.accounts
            or ("@" not in handle and user in self._users)
        )

    @cached_property
    def _users(self) -> frozenset[str]:
        return frozenset(account.split("@")[0] for account in self.accounts)


def load_optout(file, label: str) -> OptOut:
    """Load and check an opt-out file."""
    data = yamlio.load(read_file(file, label, DATA_BYTES), label)
    check = Checker(label)
    if data is None:
        return OptOut(path=label)
    root = check.mapping(data, 1, "", "a mapping with 'accounts' and/or 'posts'")
    accounts: dict[str, int] = {}
    posts: dict[str, int] = {}
    if root is not None:
        check.keys(root, {"accounts", "posts"}, set(), "the opt-out list")
        for handle, line in check.strings(root, "accounts", "a list of handles"):
            if HANDLE.fullmatch(handle):
                accounts.setdefault(handle.lstrip("@").lower(), line)
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
    return OptOut(frozenset(accounts), posts, label, accounts)


def check_ids(optout: OptOut, ids: set[str], handles: Iterable[str] = ()) -> None:
    """Every listed post must exist, and every listed account must be an author or be
    mentioned (``handles``): a mistyped entry would republish what should be removed."""
    check = Checker(optout.path)
    known = {handle.lower() for handle in handles}
    users = {handle.split("@")[0] for handle in known}
    for account, line in (optout.account_lines or {}).items():
        user = account.split("@")[0]
        # with a domain: that account, or a bare mention of its user; without: any server's
        matched = (account in known or user in known) if "@" in account else user in users
        if not matched:
            check.problem(
                line,
                "accounts",
                "matches no author or mention in the thread",
                "a handle from `make list`, like alice@example.social",
                account,
            )
    for post_id, line in (optout.posts or {}).items():
        if post_id not in ids:
            check.problem(
                line,
                "posts",
                "unknown post id",
                "the id of a post in the thread (see `make list`)",
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
        kinds=(),
        title="",
        summary="",
        lang="",
        poll=None,
        quote=None,
        actor="",
        author_via="",
    )


def redact_plain_text(text: str, starts: list[int], removed: set[int]) -> str:
    """A plain-text source without the lines of its removed posts.

    ``starts`` are the lines (1-based, in order) where the source's posts start, and
    ``removed`` those of the posts to leave out: each post's lines run up to the next
    post's first line.
    """
    lines = text.split("\n")
    keep = [True] * len(lines)
    bounds = [*starts, len(lines) + 1]
    for start, end in itertools.pairwise(bounds):
        if start in removed:
            for number in range(start, end):
                keep[number - 1] = False
    return "\n".join(line for line, kept in zip(lines, keep, strict=True) if kept)
