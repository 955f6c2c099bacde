"""The glossary: terms of the discussion, defined once, linked wherever they are used.

``glossary.yml`` in content/ lists entries::

    terms:
      - term: fair use
        aliases: [fair-use]            # other spellings that should link here
        definition: One or two sentences, shown as a tooltip and on /glossary/.

Terms are found case-insensitively as whole words in posts and commentary; the first use in
each post (and in each commentary page) becomes a link to the entry, titled with the
definition. A linked term keeps its characters exactly, so a post still reads as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.editorial.schema import DEFINITION_CHARS, SLUG, TERM_CHARS, Checker, load_entries

_FIELDS = {"term", "aliases", "definition", "id"}


@dataclass(frozen=True)
class Entry:
    """One glossary entry."""

    id: str
    """Anchor on the glossary page: ``term-<id>``."""
    term: str
    """The term as it heads the entry."""
    definition: str
    """Plain text; shown on the glossary page and as the tooltip."""
    aliases: tuple[str, ...] = ()
    """Other spellings that link to the entry."""

    @property
    def anchor(self) -> str:
        """The entry's id on the glossary page."""
        return f"term-{self.id}"


@dataclass(frozen=True)
class Glossary:
    """Entries in page order, and one expression that finds any of them."""

    entries: tuple[Entry, ...] = ()
    pattern: re.Pattern[str] | None = None
    by_word: dict[str, Entry] | None = None
    lowered: re.Pattern[str] | None = None
    """The same expression, case-sensitive, for lower-cased ASCII text; set when every term
    is ASCII."""

    def find(self, text: str) -> list[tuple[int, int, Entry]]:
        """``(start, end, entry)`` of every term used in ``text``, left to right."""
        if self.pattern is None or self.by_word is None:
            return []
        # Python's case-insensitive matching of a long alternation is slow; for ASCII text
        # and terms, matching the lower-cased text finds the same places twice as fast.
        if self.lowered is not None and text.isascii():
            found = self.lowered.finditer(text.lower())
        else:
            found = self.pattern.finditer(text)
        by_word = self.by_word
        return [(m.start(), m.end(), by_word[_fold(text[m.start() : m.end()])]) for m in found]


def _fold(word: str) -> str:
    return " ".join(word.replace("\u2019", "'").casefold().split())


def make_glossary(entries: list[Entry]) -> Glossary:
    """Compile the matcher: longest words first, so "fair use" wins over "use"."""
    by_word: dict[str, Entry] = {}
    for entry in entries:
        for word in (entry.term, *entry.aliases):
            by_word.setdefault(_fold(word), entry)
    if not by_word:
        return Glossary(tuple(entries))
    words = sorted(by_word, key=lambda w: (-len(w), w))
    # Terms are kept folded (' for ’); in text, either apostrophe matches.
    body = "|".join(r"\s+".join(map(re.escape, w.split())).replace("'", "['’]") for w in words)
    source = rf"(?<![\w-])(?:{body})(?![\w-])"
    pattern = re.compile(source, re.IGNORECASE)
    lowered = re.compile(source) if all(w.isascii() for w in words) else None
    return Glossary(tuple(entries), pattern, by_word, lowered)


def load_glossary(file, label: str) -> Glossary:
    """Load and check a glossary file; every problem is reported at once."""
    return make_glossary(load_entries(file, label, "terms", "the glossary", _entry))


def _entry(check: Checker, item: object, line: int, seen: dict[str, int]) -> Entry | None:
    data = check.mapping(item, line, "terms", "a mapping with term and definition")
    if data is None:
        return None
    before = len(check.problems)
    check.keys(data, _FIELDS, {"term", "definition"}, "a glossary entry")
    term = check.text(data, "term", required=True, printed=True, max_chars=TERM_CHARS)
    definition = check.text(data, "definition", required=True, max_chars=DEFINITION_CHARS)
    definition = " ".join(definition.split())
    aliases = []
    for alias, alias_line in check.strings(data, "aliases", "a list of words"):
        if len(alias) > TERM_CHARS:
            check.problem(
                alias_line, "aliases", "too long", f"at most {TERM_CHARS} characters", alias
            )
        aliases.append(alias)
    expected = "lower-case letters, digits and hyphens"
    entry_id = check.text(data, "id", pattern=SLUG, expected=expected) or _slug(term)
    if entry_id in seen:
        check.problem(
            data.line,
            "term",
            f"same id as the entry on line {seen[entry_id]}",
            "a term not already in the glossary",
            term,
        )
    seen.setdefault(entry_id, data.line)
    if len(check.problems) > before:
        return None
    return Entry(entry_id, term, definition, tuple(aliases))


def _slug(term: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", term.casefold()).strip("-") or "term"
