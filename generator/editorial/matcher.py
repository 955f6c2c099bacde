"""Finding a theme's terms in a post's words, two ways that must agree.

:class:`Matcher` is the reference: each term is one regular expression (:func:`term_pattern`,
following the rules in :mod:`generator.editorial.taxonomy`), run over the text longest term
first, so that where a phrase and one of its words match the same place only the phrase
counts. :class:`Taxonomy` is what classifying uses: it finds the same terms with one look-up
per word of the post, through a table filled as words come, and claims the text the
reference's way only where a phrase or a non-ASCII term may match. Neither reads the
taxonomy file; both take the themes as given.

Scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Myanmar)
give a term no edge to stand between: the characters around 著作権 in データに著作権のある
are word characters too. So a term's edge that is one of those scripts' characters needs
nothing around it (著作権 is found in 著作権法), and a word character of those scripts
next to a term's edge does not count as continuing its word (``AI`` is found in 生成AIの).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # taxonomy imports this module to classify: at run time it would be a cycle
    from generator.editorial.taxonomy import Theme

_WORD = re.compile(r"\w+")
UNSPACED = (
    "\u0e00-\u0eff"  # Thai, Lao
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff"  # Khmer
    "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3038-\u303b"  # Han radicals, marks
    "\u3040-\u30ff\u31f0-\u31ff"  # Hiragana, Katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"  # Han, half-width kana
    "\U00020000-\U0003134f"  # Han beyond the first plane
)
"""Character ranges of the scripts written without spaces between words."""
_UNSPACED = re.compile(f"[{UNSPACED}]")
_TOKEN = re.compile(rf"[{UNSPACED}]+|[^\W{UNSPACED}]+")
"""A post's words: runs of word characters, split where a script without spaces starts or
ends, so that ``AI`` in 生成AIの is a word of its own."""
_OPEN = rf"(?<![^\W{UNSPACED}])"
_CLOSE = rf"(?![^\W{UNSPACED}])"
"""No word character of a spaced script just before (after) a match."""


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
        tokens = _TOKEN.findall(text)
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
        Terms whose first word the post lacks are not searched at all.
        """
        words = words or Words(text)
        found = claim(text, (term for term in self.terms if words.may_hold(term)))
        return tuple(self.theme.terms[i] for i in sorted(found))


def claim(text: str, terms: Iterable[Term]) -> set[int]:
    """Indexes of the ``terms`` (longest first) that match ``text`` somewhere no term before
    them matched already: where a phrase and one of its words match the same place, only
    the phrase counts."""
    claimed: list[tuple[int, int]] = []
    found = set()
    for term in terms:
        for match in term.pattern.finditer(text):
            start, end = match.span()
            if not any(start < e and s < end for s, e in claimed):
                claimed.append((start, end))
                found.add(term.index)
    return found


def term_pattern(term: str) -> str:
    """The regular expression for one term (see :mod:`generator.editorial.taxonomy`)."""
    words = []
    for word in term.split():
        stem = word.rstrip("*")
        words.append(re.escape(stem) + (r"\w*" if word.endswith("*") else ""))
    body = r"\s+".join(words)
    if not any(c.isupper() for c in term):
        body = f"(?i:{body})"
    stem = term.rstrip("*")
    start = "" if _UNSPACED.match(stem) else _OPEN
    end = "" if _UNSPACED.match(stem[-1:]) and not term.endswith("*") else _CLOSE
    return f"{start}{body}{end}"


def compile_term(index: int, term: str) -> Term:
    """Compile one term and work out the word a post must hold for it to match."""
    case = any(c.isupper() for c in term)
    first_word = term.split()[0]
    first = _TOKEN.match(first_word.rstrip("*"))
    whole = first is not None and first.group(0) == first_word.rstrip("*")
    if first is not None and _UNSPACED.match(first.group(0)):
        first = None  # no word of the post need start with it: look for it everywhere
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


# The fast way through a post. Running each term's expression over each post is what made
# classifying slow (re scans the whole text once for every term), so instead one expression
# finds the few words of a post that can matter, and a table, filled as words come, says
# what each such word means for the taxonomy. This relies on ASCII: a text with a non-ASCII
# letter or digit, or a term with any non-ASCII character, goes Matcher's way, because re
# and str.lower fold case beyond ASCII in ways of their own (re takes "ſ" for "s").

MEANINGS_KEPT = 100_000
"""How many words' meanings a taxonomy remembers: a thread has a few thousand words that
matter, but hostile text could make up millions."""
_WIDE_WORD = re.compile(r"[^\W\x00-\x7f]")
"""A word character beyond ASCII."""
_SPACE_NON_WORD = bytes(
    c if c < 128 and (chr(c).isalnum() or chr(c) == "_") else ord(" ") for c in range(256)
)
"""Table for bytes.translate: ASCII word characters stay, any other byte becomes a space."""


class Need(NamedTuple):
    """A word a post must hold for an ASCII term to match: a run of the term's word
    characters, as a whole word or, just before a ``*``, as the start of one.

    A named tuple rather than a dataclass: needs go in sets, and a tuple hashes in C."""

    text: bytes
    prefix: bool
    case: bool
    """The term has a capital letter; otherwise ``text`` is lower-case and any case meets it."""

    def met_by(self, word: bytes) -> bool:
        """Whether a post's ``word`` (lower-cased unless the need has a case) meets it."""
        return word.startswith(self.text) if self.prefix else word == self.text

    def needle(self) -> bytes:
        """The need as it stands in a spaced text (see :meth:`Taxonomy.terms_in`)."""
        return b" " + self.text + (b"" if self.prefix else b" ")


def needs_of(term: str) -> tuple[Need, ...]:
    """What an ASCII ``term`` needs, in order.

    Where a text's word characters are all ASCII, a match of the term holds each run of its
    word characters as a whole word: the term's expression has a non-word character, a
    space or an end on both sides of each run, except after a run just before ``*``.
    """
    case = any(c.isupper() for c in term)
    needs = []
    for word in term.split():
        stem = word.rstrip("*")
        runs = _WORD.findall(stem if case else stem.lower())
        for k, run in enumerate(runs):
            prefix = word.endswith("*") and k == len(runs) - 1 and _WORD.match(stem[-1])
            needs.append(Need(run.encode("ascii"), bool(prefix), case))
    return tuple(needs)


@dataclass(frozen=True, eq=False)  # each rule is itself only: sets hash it by identity
class Rule:
    """An ASCII term of one theme, as the fast way uses it."""

    theme: int
    """Position of the theme in the taxonomy."""
    term: Term
    needs: tuple[Need, ...]
    word: bool
    """The term is one run of word characters (``law``, ``IP``, ``infring*``): its matches
    are exactly the words that meet its one need."""
    starts_word: bool
    """The term starts with a word character, so a match starts where a word does."""
    needle: bytes = b""
    """Its first need as it stands in a spaced text."""

    @property
    def key(self) -> Need | None:
        """The need to look a phrase up by: its longest word, likely the rarest."""
        return max(self.needs, key=lambda need: len(need.text), default=None)

    def occurs(self, text: str, spaced: bytes, lower: bytes) -> bool:
        """Whether the term matches ``text`` anywhere (``spaced`` and ``lower`` are the
        spaced text in its case and in lower case)."""
        if not self.starts_word:  # no word marks where a match can start
            return self.term.pattern.search(text) is not None
        hay = spaced if self.needs[0].case else lower
        at = hay.find(self.needle)
        while at >= 0:  # the word starts at text[at]: the spaced text has one more byte
            if self.term.pattern.match(text, at):
                return True
            at = hay.find(self.needle, at + 1)
        return False


class Meaning(NamedTuple):
    """What a post's word means for a taxonomy."""

    firsts: tuple[tuple[int, int], ...]
    """For each theme with a single-word term of the word's kind (with a case, or without)
    that the word matches, the theme and the index of the first such term in claiming order.
    That term claims every place the word stands, so no later term can match there."""
    keyed: tuple[Rule, ...]
    """The phrases whose key the word is."""
    needs: frozenset[Need]
    """The needs the word meets."""
    clashes: tuple[int, ...] = ()
    """For a word as written: the themes where it matches a term with a case and, lower-cased,
    one without. Which comes first depends on the words' places: such themes claim."""


class Taxonomy:
    """A taxonomy compiled to classify many posts quickly (see :meth:`terms_in`)."""

    def __init__(self, themes: tuple[Theme, ...]) -> None:
        self.matchers = [compile_theme(theme) for theme in themes]
        self.rules: list[list[Rule]] = []
        """Each theme's ASCII terms, in claiming order (longest first)."""
        self.wide: list[list[Term]] = []
        """Each theme's terms with a non-ASCII character, in claiming order."""
        for number, matcher in enumerate(self.matchers):
            rules, wide = [], []
            for term in matcher.terms:
                text = matcher.theme.terms[term.index]
                if text.isascii():
                    word = len(text.split()) == 1 and bool(_WORD.fullmatch(text.rstrip("*")))
                    needs, starts = needs_of(text), bool(_WORD.match(text))
                    needle = needs[0].needle() if needs else b""
                    rules.append(Rule(number, term, needs, word, starts, needle))
                else:
                    wide.append(term)
            self.rules.append(rules)
            self.wide.append(wide)
        self.any_wide = any(self.wide)
        phrases = [rule for rules in self.rules for rule in rules if not rule.word]
        self.keyless = [rule for rule in phrases if rule.key is None]
        """Phrases without a word character, which any post may hold."""
        self.keyed = [(rule, rule.key) for rule in phrases if rule.key is not None]
        self.needs = {need for rules in self.rules for rule in rules for need in rule.needs}
        sought = {rule.needs[0] for rules in self.rules for rule in rules if rule.word}
        sought |= {key for _, key in self.keyed}
        # Two expressions, for words without a case and with one: re skips quickly over
        # branches that start with another letter, but only when it need not fold case.
        self.finders = [_finder({n.text for n in sought if n.case == case}) for case in (0, 1)]
        self.meanings: list[dict[bytes, Meaning]] = [{}, {}]

    def terms_in(self, text: str) -> list[set[int]]:
        """For each theme, the indexes of its terms in ``text``, as :meth:`Matcher.terms_in`
        finds them."""
        if text.isascii():
            raw = text.encode("ascii")
        elif _WIDE_WORD.search(text) is None:
            raw = text.encode("ascii", "replace")  # one "?" for each non-word character
        else:
            words = Words(text)
            return [
                claim(text, (term for term in matcher.terms if words.may_hold(term)))
                for matcher in self.matchers
            ]
        # The words of the text between spaces: "Fair use." is b" Fair use  ".
        spaced = b" " + raw.translate(_SPACE_NON_WORD) + b" "
        lower = spaced.lower()
        meanings = [
            self.meanings[case].get(word) or self._meaning(word, case)
            for case, hay in ((0, lower), (1, spaced))
            if self.finders[case]
            for word in set(self.finders[case].findall(hay))
        ]
        found: list[set[int]] = [set() for _ in self.matchers]
        phrases, clashes = list(self.keyless), []
        for meaning in meanings:
            for theme, index in meaning.firsts:
                found[theme].add(index)
            if meaning.keyed or meaning.clashes:
                phrases.extend(meaning.keyed)
                clashes.extend(meaning.clashes)
        # Where a phrase or a non-ASCII term may match, the theme's terms claim the text
        # as Matcher does; elsewhere no term overlaps another but on one whole word, and
        # the first term for each word, from the table, is the answer.
        live = {rule for rule in phrases if rule.occurs(text, spaced, lower)}
        claiming = {rule.theme for rule in live}.union(clashes)
        if claiming or self.any_wide:
            words = Words(text) if self.any_wide else None
            held = frozenset().union(*(meaning.needs for meaning in meanings))
            for theme, rules in enumerate(self.rules):
                wide = [t for t in self.wide[theme] if words.may_hold(t)] if words else []
                if wide or theme in claiming:
                    terms = [r.term for r in rules if r in live or (r.word and r.needs[0] in held)]
                    terms = sorted(terms + wide, key=lambda term: (-term.length, term.index))
                    found[theme] = claim(text, terms)
        return found

    def _meaning(self, word: bytes, case: int) -> Meaning:
        """What ``word`` means for the taxonomy (see :class:`Meaning`), remembered."""
        needs = frozenset(n for n in self.needs if n.case == case and n.met_by(word))
        firsts = []
        for rules in self.rules:
            first = next((r for r in rules if r.word and r.needs[0] in needs), None)
            if first is not None:
                firsts.append((first.theme, first.term.index))
        keyed = tuple(rule for rule, key in self.keyed if key in needs)
        clashes = ()
        if case:
            lowered = self.meanings[0].get(word.lower()) or self._meaning(word.lower(), 0)
            clashes = tuple(theme for theme, _ in firsts if theme in {t for t, _ in lowered.firsts})
        meaning = Meaning(tuple(firsts), keyed, needs, clashes)
        if len(self.meanings[case]) < MEANINGS_KEPT:
            self.meanings[case][word] = meaning
        return meaning


def _finder(words: set[bytes]) -> re.Pattern[bytes] | None:
    """An expression that finds, in a spaced text, each word starting with one of ``words``."""
    if not words:
        return None
    return re.compile(b" (" + _alternatives(sorted(words)) + b"[A-Za-z0-9_]*)")


def _alternatives(words: list[bytes]) -> bytes:
    """An expression matching the start of a word that starts with one of ``words``.

    The words become a tree of their letters: re tries an alternation's branches one after
    the other, and shared prefixes make far fewer branches.
    """
    tree: dict = {}
    for word in words:  # sorted: a word comes after the words that are prefixes of it
        node = tree
        for byte in word:
            if None in node:
                break  # a prefix of the word is in already, which is enough
            node = node.setdefault(byte, {})
        else:
            node.clear()
            node[None] = {}
    return _branches(tree)


def _branches(node: dict) -> bytes:
    if None in node:
        return b""
    alts = [re.escape(bytes([byte])) + _branches(child) for byte, child in sorted(node.items())]
    return alts[0] if len(alts) == 1 else b"(?:" + b"|".join(alts) + b")"
