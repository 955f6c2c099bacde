"""Classify stage: place each post under one or more themes from an editable taxonomy.

The taxonomy is YAML data in content/, not code. Each theme lists *terms*; a post belongs to
a theme when its own words (mentions and URLs left out) contain at least ``min_matches``
different terms of that theme. A term is a word or a phrase:

- ``fair use`` matches those words in that order, any spacing, any case;
- a trailing ``*`` matches any ending: ``infring*`` finds infringe, infringement, infringing;
- a term with a capital letter matches only in that case: ``IP`` is not "ip".

Posts that match no theme are shown under Other. Editors can override a post's themes in the
annotations file; such posts keep exactly the themes the editor gave.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from pathlib import Path

from generator.model import Post, Thread
from generator.schema import SLUG, Checker, load_entries

OTHER = "other"
"""The id of the group for posts no theme claims; no theme may use it."""
RESERVED_IDS = {OTHER, "index"}


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


_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Term:
    """One term, compiled, with what a post must contain for the term to be possible."""

    index: int
    """Position in the theme's list of terms."""
    pattern: re.Pattern[str]
    """The term's own expression (see :func:`term_pattern`)."""
    first: str
    """The first run of word characters of the term: a post holds it as a whole word (or,
    for a trailing ``*``, as the start of one) wherever the term can match."""
    prefix: bool
    """The first word ends in ``*``, so ``first`` may start a longer word."""
    case: bool
    """The term has a capital letter and matches only in its case."""
    length: int
    """Length of the term, to let phrases win over their own words."""


class Words:
    """The words of one post, ready for quick look-ups."""

    def __init__(self, text: str) -> None:
        tokens = _WORD.findall(text)
        self.exact = sorted(set(tokens))
        self.lower = sorted({token.lower() for token in tokens})
        self._exact, self._lower = set(self.exact), set(self.lower)

    def may_hold(self, term: Term) -> bool:
        """False when ``term`` cannot match: its first word is missing."""
        if not term.first:
            return True
        pool, index = (self.exact, self._exact) if term.case else (self.lower, self._lower)
        if not term.prefix:
            return term.first in index
        at = bisect.bisect_left(pool, term.first)
        return at < len(pool) and pool[at].startswith(term.first)


@dataclass(frozen=True)
class Matcher:
    """A theme's terms, compiled."""

    theme: Theme
    terms: tuple[Term, ...]
    """Longest first, so that phrases win over their words."""

    def terms_in(self, text: str, words: Words | None = None) -> tuple[str, ...]:
        """The theme's terms found in ``text``, in taxonomy order, each once.

        Where a phrase and one of its words match the same place, only the phrase counts.
        Terms whose first word the post lacks are not searched at all, which is what makes
        classifying fast: most posts hold few of a taxonomy's terms.
        """
        words = words or Words(text)
        claimed: list[tuple[int, int]] = []
        found = set()
        for term in self.terms:
            if not words.may_hold(term):
                continue
            for match in term.pattern.finditer(text):
                start, end = match.span()
                if not any(start < e and s < end for s, e in claimed):
                    claimed.append((start, end))
                    found.add(term.index)
        return tuple(self.theme.terms[i] for i in sorted(found))


def term_pattern(term: str) -> str:
    """The regular expression for one term (see the module docstring)."""
    words = []
    for word in term.split():
        stem = word.rstrip("*")
        words.append(re.escape(stem) + (r"\w*" if word.endswith("*") else ""))
    body = r"\s+".join(words)
    if not any(c.isupper() for c in term):
        body = f"(?i:{body})"
    return rf"(?<!\w){body}(?!\w)"


def compile_term(index: int, term: str) -> Term:
    """Compile one term and work out the word a post must hold for it to match."""
    case = any(c.isupper() for c in term)
    first_word = term.split()[0]
    first = _WORD.match(first_word.rstrip("*"))
    whole = first is not None and first.group(0) == first_word.rstrip("*")
    return Term(
        index=index,
        pattern=re.compile(term_pattern(term)),
        first=(first.group(0) if case else first.group(0).lower()) if first else "",
        prefix=whole and first_word.endswith("*"),
        case=case,
        length=len(term),
    )


def compile_theme(theme: Theme) -> Matcher:
    """Compile a theme's terms, longest first so that phrases win over their words."""
    terms = [compile_term(i, term) for i, term in enumerate(theme.terms)]
    return Matcher(theme, tuple(sorted(terms, key=lambda t: (-t.length, t.index))))


def words_of(post: Post) -> str:
    """The text rules look at: the post's own words, without mentions and URLs."""
    own = (span.text for para in post.paragraphs for span in para if span.kind == "text")
    return " ".join(own).replace("\u2019", "'").replace("\u2018", "'")


def classify(thread: Thread, taxonomy: tuple[Theme, ...]) -> Thread:
    """Set each post's themes from the taxonomy, except posts an editor already placed."""
    matchers = [compile_theme(theme) for theme in taxonomy]
    posts = []
    for post in thread.posts:
        if post.theme_basis == "editor":
            posts.append(post)
            continue
        text = words_of(post)
        words = Words(text)
        matched = {}
        for matcher in matchers:
            terms = matcher.terms_in(text, words)
            if terms and len(terms) >= matcher.theme.min_matches:
                matched[matcher.theme.id] = terms
        posts.append(replace(post, themes=tuple(matched), matched=matched))
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
            "an id other than " + " and ".join(sorted(RESERVED_IDS)),
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
    title = check.text(data, "title", required=True, printed=True)
    summary = check.text(data, "summary", required=True, printed=True)
    description = check.text(data, "description")
    terms = check.strings(data, "terms", "a list of words or phrases")
    for term, term_line in terms:
        if not term.rstrip("*").strip() or "*" in term.rstrip("*"):
            check.problem(
                term_line, "terms", "invalid term", "a word or phrase, optionally ending in *", term
            )
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
