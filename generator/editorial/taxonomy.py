"""Classify stage: place each post under one or more themes from an editable taxonomy.

The taxonomy is YAML data in content/, not code. Each theme lists *terms*; a post belongs to
a theme when its own words (mentions and URLs left out) contain at least ``min_matches``
different terms of that theme. A term is a word or a phrase:

- ``fair use`` matches those words in that order, any spacing, any case;
- a trailing ``*`` matches any ending: ``infring*`` finds infringe, infringement, infringing;
- a term with a capital letter matches only in that case: ``IP`` is not "ip";
- in scripts written without spaces (Chinese, Japanese, Thai…) a term matches wherever its
  characters stand in that order: ``著作権`` finds 著作権法 too.

Posts that match no theme are shown under Other. Editors can override a post's themes in the
annotations file; such posts keep exactly the themes the editor gave.

Finding the terms in a post's words is the work of :mod:`generator.editorial.matcher`; this
module holds the themes, reads and checks the taxonomy file and classifies the posts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from generator.editorial.matcher import Taxonomy
from generator.editorial.schema import (
    DESCRIPTION_CHARS,
    SLUG,
    SUMMARY_CHARS,
    TERM_CHARS,
    TITLE_CHARS,
    Checker,
    load_entries,
)
from generator.model import Post, Thread, evolve
from generator.urls import RESERVED_NAMES

OTHER = "other"
"""The id of the group for posts no theme claims; no theme may use it."""
RESERVED_IDS = {OTHER} | RESERVED_NAMES
"""Ids a theme may not take: Other's, the folder's index and names Windows will not create."""


@dataclass(frozen=True)
class Theme:
    """One theme of the discussion."""

    id: str
    """URL-safe id: the theme's page is ``/themes/<id>/``."""
    title: str
    """Heading shown to readers."""
    summary: str
    """One line saying what the theme covers."""
    description: str
    """A paragraph for the theme's page."""
    terms: tuple[str, ...]
    """Words and phrases that place a post under this theme."""
    min_matches: int = 1
    """How many different terms a post must contain."""


def words_of(post: Post) -> str:
    """The text rules look at: the post's own words, without mentions and URLs."""
    own = [span.text for para in post.paragraphs for span in para if span.kind == "text"]
    return " ".join(own).replace("\u2019", "'").replace("\u2018", "'")


def classify(thread: Thread, taxonomy: tuple[Theme, ...]) -> Thread:
    """Set each post's themes from the taxonomy, except posts an editor already placed."""
    compiled = Taxonomy(taxonomy)
    themes = [matcher.theme for matcher in compiled.matchers]
    posts = []
    for post in thread.posts:
        if post.theme_basis == "editor":
            posts.append(post)
            continue
        matched = {}
        for theme, found in zip(themes, compiled.terms_in(words_of(post)), strict=True):
            if found and len(found) >= theme.min_matches:
                matched[theme.id] = tuple([theme.terms[i] for i in sorted(found)])
        posts.append(evolve(post, themes=tuple(matched), matched=matched))
    return replace(thread, posts=tuple(posts))


_FIELDS = {"id", "title", "summary", "description", "terms", "min_matches"}


def load_taxonomy(file: Path, label: str) -> tuple[Theme, ...]:
    """Load and validate a taxonomy file; every problem is reported at once."""
    return tuple(load_entries(file, label, "themes", "the taxonomy", _theme))


def _theme(check: Checker, item: object, line: int, seen: dict[str, int]) -> Theme | None:
    data = check.mapping(item, line, "themes", "a mapping with id, title, summary and terms")
    if data is None:
        return None
    before = len(check.problems)
    check.keys(data, _FIELDS, {"id", "title", "summary", "terms"}, "a theme")
    theme_id = check.text(
        data,
        "id",
        required=True,
        pattern=SLUG,
        expected="lower-case letters, digits and hyphens, like 'fair-use'",
    )
    if theme_id in RESERVED_IDS:
        check.problem(
            data.line_of("id"),
            "id",
            "reserved",
            "an id other than 'other', 'index' or a device name like 'con'",
            theme_id,
        )
    elif theme_id in seen:
        check.problem(
            data.line_of("id"),
            "id",
            f"already used on line {seen[theme_id]}",
            "a unique id",
            theme_id,
        )
    seen.setdefault(theme_id, data.line_of("id"))
    title = check.text(data, "title", required=True, printed=True, max_chars=TITLE_CHARS)
    summary = check.text(data, "summary", required=True, printed=True, max_chars=SUMMARY_CHARS)
    description = check.text(data, "description", max_chars=DESCRIPTION_CHARS)
    terms = check.strings(data, "terms", "a list of words or phrases")
    for term, term_line in terms:
        # A line break or control character would end the code span the themes page shows
        # the term in, letting the rest through as Markdown.
        if not term.rstrip("*").strip() or "*" in term.rstrip("*") or not term.isprintable():
            check.problem(
                term_line, "terms", "invalid term", "a word or phrase, optionally ending in *", term
            )
        elif len(term) > TERM_CHARS:
            check.problem(term_line, "terms", "too long", f"at most {TERM_CHARS} characters", term)
    if "terms" in data and not terms:
        check.problem(data.line_of("terms"), "terms", "empty", "at least one term", None)
    min_matches = data.get("min_matches", 1)
    if not isinstance(min_matches, int) or isinstance(min_matches, bool) or min_matches < 1:
        check.problem(
            data.line_of("min_matches"),
            "min_matches",
            "invalid value",
            "a whole number of at least 1",
            min_matches,
        )
    if len(check.problems) > before:
        return None
    return Theme(
        id=theme_id,
        title=title,
        summary=summary,
        description=description.strip(),
        terms=tuple(term.strip() for term, _ in terms),
        min_matches=min_matches,
    )
