"""Positions: the claims made in the discussion, per theme, and which claim answers which.

``positions.yml`` in content/ is the editors' map of the argument::

    claims:
      - id: training-is-measurement          # lower-case letters, digits and hyphens
        theme: copyright                     # a theme of themes.yml
        claim: Training only measures works; nothing of them is kept.
        posts: ["c43a91017e", "7fc14c3799"]  # the posts that make it (at least one)
      - id: copyright-covers-use
        theme: copyright
        claim: Copyright protects use as well as copying.
        posts: ["0d3a724722"]
        objects: training-is-measurement     # or supports: …; the claim it answers
        note: An editors' note, shown under the claim.

A claim answers at most one other claim, by objecting to it or by supporting it, in any
theme; the claims of a theme that answer none of that theme's claims open its argument.
``check`` refuses an unknown theme, post or claim, a claim with no post, a claim that
answers itself through others (a cycle), and anything the other data files refuse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from generator.editorial.schema import NOTE_CHARS, SLUG, SUMMARY_CHARS, Checker, load_entries
from generator.errors import ContentError, Problem
from generator.text import clean

Relation = Literal["objects", "supports"]
RELATIONS: tuple[Relation, ...] = ("objects", "supports")
_FIELDS = {"id", "theme", "claim", "posts", "note", *RELATIONS}
POSTS_PER_CLAIM = 50
"""The most posts one claim may name: each is a link wherever the claim is shown."""


@dataclass(frozen=True)
class Claim:
    """One claim of the discussion, as the editors state it."""

    id: str
    """URL-safe id: the claim's anchor is ``claim-<id>`` on its theme's page."""
    theme: str
    """The theme whose argument it belongs to."""
    text: str
    """The claim, one short sentence of plain text."""
    posts: tuple[str, ...]
    """Ids of the posts that make it, in the editors' order."""
    answers: str = ""
    """The id of the claim it answers, or ``""``."""
    relation: Relation | None = None
    """How it answers that claim: ``objects`` or ``supports``."""
    note: str = ""
    """The editors' note, plain text."""
    line: int = 0
    """Its line in the file, for messages."""
    post_lines: tuple[int, ...] = field(default=(), compare=False)
    """The line of each of :attr:`posts`, for messages."""

    @property
    def anchor(self) -> str:
        """The claim's id on its theme's page."""
        return f"claim-{self.id}"


@dataclass(frozen=True)
class Positions:
    """Every claim, in file order, and the index the pages need."""

    claims: tuple[Claim, ...] = ()
    by_id: dict[str, Claim] = field(default_factory=dict)
    answered_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Claim id → ids of the claims that answer it, in file order."""
    by_post: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Post id → ids of the claims it makes, in file order."""

    def opening(self, theme_id: str) -> list[Claim]:
        """The claims of a theme that answer no claim of the same theme: where its argument
        starts."""
        return [
            c
            for c in self.claims
            if c.theme == theme_id and (not c.answers or self.by_id[c.answers].theme != theme_id)
        ]

    def of_theme(self, theme_id: str) -> list[Claim]:
        """Every claim of a theme, in file order."""
        return [c for c in self.claims if c.theme == theme_id]


def make_positions(claims: list[Claim]) -> Positions:
    """Index checked claims (every reference known, no cycle)."""
    answered: dict[str, list[str]] = {}
    by_post: dict[str, list[str]] = {}
    for claim in claims:
        if claim.answers:
            answered.setdefault(claim.answers, []).append(claim.id)
        for post_id in claim.posts:
            by_post.setdefault(post_id, []).append(claim.id)
    return Positions(
        tuple(claims),
        {c.id: c for c in claims},
        {k: tuple(v) for k, v in answered.items()},
        {k: tuple(v) for k, v in by_post.items()},
    )


def load_positions(file: Path, label: str, theme_ids: set[str], post_ids: set[str]) -> Positions:
    """Load and check a positions file against the themes and the thread's posts.

    Raises :class:`ContentError` with every problem as ``path:line: problem``."""
    claims = load_entries(file, label, "claims", "the positions file", _claim)
    problems: list[Problem] = []
    known = {c.id: c for c in claims}
    for claim in claims:
        if claim.theme not in theme_ids:
            expected = ", ".join(sorted(theme_ids)) or "a theme (themes.yml lists none)"
            problems.append(
                Problem(
                    label,
                    claim.line,
                    f"claim {claim.id!r}: unknown theme {claim.theme!r}; "
                    f"expected one of {expected}",
                )
            )
        for post_id, line in zip(claim.posts, claim.post_lines, strict=True):
            if post_id not in post_ids:
                problems.append(
                    Problem(
                        label,
                        line,
                        f"claim {claim.id!r}: no post has the id "
                        f"{post_id!r}; `make list` shows every post's id",
                    )
                )
        if claim.answers and claim.answers not in known:
            problems.append(
                Problem(
                    label,
                    claim.line,
                    f"claim {claim.id!r} {claim.relation} "
                    f"{claim.answers!r}, which is not a claim of this file",
                )
            )
    problems += _cycles(claims, known, label)
    if problems:
        raise ContentError(problems)
    return make_positions(claims)


def removed_posts(positions: Positions, removed: set[str], label: str) -> list[Problem]:
    """A problem for each claim that names a post removed at its author's request
    (``removed``, ids): the claim would publish what they asked to take back."""
    return [
        Problem(
            label,
            line,
            f"claim {claim.id!r} names post {post_id!r}, removed at its author's request; "
            "expected only posts that are published (the claim would repeat its words)",
        )
        for claim in positions.claims
        for post_id, line in zip(claim.posts, claim.post_lines, strict=True)
        if post_id in removed
    ]


def _cycles(claims: list[Claim], known: dict[str, Claim], label: str) -> list[Problem]:
    """A problem for each claim that answers itself through a chain of answers, named once
    per cycle (at the claim of the cycle that comes first in the file)."""
    problems: list[Problem] = []
    reported: set[str] = set()
    for claim in claims:
        chain, current = [claim.id], claim
        while current.answers in known and current.answers not in chain:
            current = known[current.answers]
            chain.append(current.id)
        if current.answers == claim.id and not reported & set(chain):
            reported |= set(chain)
            loop = " → ".join([*chain, claim.id])
            problems.append(
                Problem(
                    label,
                    claim.line,
                    f"claims answer each other in a cycle: {loop}; "
                    "expected each chain of answers to end at a claim that answers none",
                )
            )
    return problems


def _claim(check: Checker, item: object, line: int, seen: dict[str, int]) -> Claim | None:
    data = check.mapping(item, line, "claims", "a mapping with id, theme, claim and posts")
    if data is None:
        return None
    before = len(check.problems)
    check.keys(data, _FIELDS, {"id", "theme", "claim", "posts"}, "a claim")
    expected = "lower-case letters, digits and hyphens"
    claim_id = check.text(data, "id", required=True, pattern=SLUG, expected=expected)
    theme = check.text(data, "theme", required=True, pattern=SLUG, expected="a theme id")
    text = check.text(data, "claim", required=True, printed=True, max_chars=SUMMARY_CHARS)
    if isinstance(data.get("claim"), str) and not data["claim"].strip():
        check.problem(data.line_of("claim"), "claim", "empty", "a sentence", data["claim"])
    # a note is shown as text: controls and direction overrides are dropped, as in posts
    note = " ".join(clean(check.text(data, "note", max_chars=NOTE_CHARS)).split())
    posts = check.strings(data, "posts", "a list of post ids (strings)")
    if "posts" in data and not posts and len(check.problems) == before:
        check.problem(data.line_of("posts"), "posts", "empty", "at least one post id", None)
    if len(posts) > POSTS_PER_CLAIM:
        check.problem(
            data.line_of("posts"), "posts", "too many", f"at most {POSTS_PER_CLAIM}", len(posts)
        )
    given = [r for r in RELATIONS if r in data]
    if len(given) > 1:
        check.problem(
            data.line_of(given[1]),
            given[1],
            "a claim answers one claim",
            "either objects or supports",
            given[1],
        )
    relation = given[0] if given else None
    answers = ""
    if relation:
        answers = check.text(data, relation, required=True, pattern=SLUG, expected="a claim id")
    if claim_id and claim_id == answers:
        check.problem(
            data.line_of(relation),
            relation,
            "a claim cannot answer itself",
            "another claim's id",
            answers,
        )
    if claim_id in seen:
        check.problem(
            data.line_of("id"),
            "id",
            f"same id as the claim on line {seen[claim_id]}",
            "an id not already used",
            claim_id,
        )
    if claim_id:
        seen.setdefault(claim_id, data.line)
    if len(check.problems) > before:
        return None
    unique: dict[str, int] = {}  # post id → its first line
    for post_id, post_line in posts:
        unique.setdefault(post_id, post_line)
    return Claim(
        claim_id,
        theme,
        " ".join(text.split()),
        tuple(unique),
        answers,
        relation if answers else None,
        note,
        data.line,
        tuple(unique.values()),
    )
