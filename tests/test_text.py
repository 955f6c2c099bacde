"""Cleaning untrusted text and finding links and mentions."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import text as txt
from generator.errors import ContentError
from generator.model import Span
from generator.text import clean, content_id, mentions, read_file, spans, unique_ids


def kinds(text: str) -> list[tuple[str, str, str]]:
    return [(s.kind, s.text, s.target) for s in spans(text)]


def test_spans_spell_the_text_exactly():
    text = "See https://example.org/a_(b), then ask @alice@example.social or @bob."
    assert "".join(s.text for s in spans(text)) == text


def test_links_and_mentions_are_found():
    assert kinds("@bob see https://x.org/p?q=1. Thanks @carol!") == [
        ("mention", "@bob", "bob"),
        ("text", " see ", ""),
        ("link", "https://x.org/p?q=1", "https://x.org/p?q=1"),
        ("text", ". Thanks ", ""),
        ("mention", "@carol", "carol"),
        ("text", "!", ""),
    ]


@pytest.mark.parametrize(
    ("text", "url"),
    [
        (
            "(see https://en.wikipedia.org/wiki/Fair_use_(US))",
            "https://en.wikipedia.org/wiki/Fair_use_(US)",
        ),
        ("at https://example.org/x.", "https://example.org/x"),
        ("“https://example.org/q”", "https://example.org/q"),
        ("HTTPS://EXAMPLE.ORG/", "HTTPS://EXAMPLE.ORG/"),
    ],
)
def test_url_ends_where_the_sentence_resumes(text, url):
    assert [s.target for s in spans(text) if s.kind == "link"] == [url]


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "mail me at alice@example.org",
        "ftp://example.org/file",
        "https://",
    ],
)
def test_only_http_urls_and_mentions_become_links(text):
    assert [s.kind for s in spans(text)] == ["text"]


def test_clean_strips_control_characters_but_keeps_text():
    assert clean("a\x00b\x1bc\x85d\x91e\x7ff\tg\r\nh") == "abcdef g\nh"


def test_clean_normalises_to_nfc():
    assert clean("cafe\u0301") == "caf\u00e9"


def test_clean_drops_byte_order_marks_and_keeps_joiners_and_breaks():
    # U+200B breaks Thai words, U+200C joins Persian letters, U+200D emoji sequences.
    thai, persian = "\u0e01\u200b\u0e02", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    kept = f"{thai} {persian} \U0001f469\u200d\U0001f4bb"
    assert clean(f"\ufeff{kept}\ufeff soft\u00adhyphen word\u2060joiner") == (
        f"{kept} soft\u00adhyphen word\u2060joiner"
    )


@pytest.mark.parametrize(
    "text",
    [
        "@ali\u200bce",  # zero-width space
        "@b\u00adob",  # soft hyphen
        "@ali\u2060ce",  # word joiner
        "@ali\u200cce",
        "@ali\u200dce",
        "@ali\ufe0fce",  # a variation selector: default-ignorable, not a format character
        "@al.i\u200bce",  # not "@al" either, by giving characters back
        "@alice.\u200bsocial",
        "@alice\u200b\u200b-x",
        "@ali\u200b@example.social",
        "@alice@example.soc\u200bial",
        "see @ali\u200bce, then",
        "@a@\u200bexample.social",
        "@a@exam\u200bple.social",
        "@x@example.social\u200b-",
        "ali\u200b@example.social",
        "x\u200b\u2060@alice",
    ],
)
def test_a_handle_joined_to_more_by_an_invisible_character_is_no_mention(text):
    # It shows as one handle; reading it as the part before the invisible character would
    # link to someone else.
    assert [span.kind for span in spans(text)] == ["text"]


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("@alice\u200f.", "alice"),  # a right-to-left mark before punctuation
        ("@alice\u200f \u05e9\u05dc\u05d5\u05dd", "alice"),
        ("@alice\u200d\U0001f600", "alice"),
        ("@alice\u200b", "alice"),
        ("@alice@example.social\u00ad.", "alice@example.social"),
        (" \u200e@alice", "alice"),  # a left-to-right mark before it
    ],
)
def test_an_invisible_character_that_joins_no_more_of_a_handle_changes_nothing(text, handle):
    assert [span.target for span in spans(text) if span.kind == "mention"] == [handle]


def test_the_invisible_characters_are_every_format_character():
    invisible = re.compile(f"[{txt._INVISIBLE}]")
    format_characters = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"]
    assert len(format_characters) > 150
    assert all(invisible.match(char) for char in format_characters)
    assert not invisible.match("a") and not invisible.match(" ")


def test_mentions_are_unique_regardless_of_case_in_order():
    paras = (spans("@Bob @alice hi @bob"), spans("@carol@x.social"))
    assert mentions(paras) == ("Bob", "alice", "carol@x.social")


def test_content_id_depends_only_on_the_words():
    assert content_id("a  b\nc") == content_id("a b c")
    assert content_id("a b c") != content_id("a b d")
    assert len(content_id("x")) == 10


def test_unique_ids_suffix_repeats_in_order():
    assert unique_ids(["a", "b", "a", "a"]) == ["a", "b", "a-2", "a-3"]


# The fast ways of finding tokens and folding whitespace, checked against the plain ones.

PIECES = st.sampled_from(
    [
        "@", "@a", "@Bob", "@x@y.social", "@x@", "a@b.c", "/@c", ".@d", "@@e", "@_", "@-f",
        "http://", "https://", "HTTPS://", "httpſ://", "Http://x", "hhttps://", "ttp://",
        "://", ":/", "x.org/a_(b)", "(", ")", ".", ",", "!", "?", "…", "'", '"', "’", "”",
        "»", " ", "  ", "\n", "\u00a0", "\u2003", "\t", "a", "Zz", "é", "ſ", "K", "İ", "_",
        "-", "1", "<", ">", "—", "€", "\u200b",
    ]
)  # fmt: skip
TEXTS = st.one_of(st.lists(PIECES, max_size=30).map("".join), st.text(max_size=60))


def reference_spans(text: str) -> tuple[Span, ...]:
    """The spans as the first version found them: _TOKEN tried at every character."""
    out = []
    pos = search = 0
    while (match := txt._TOKEN.search(text, search)) is not None:
        start, token = match.start(), match.group(0)
        search = match.end()
        if token.startswith("@"):
            if txt._joined_before(text, start):  # a look-behind past invisible characters
                search = start + 1
                continue
            span = Span("mention", token, match.group(1))
        else:
            token = txt._trim_url(token)
            if len(token) <= len("https://"):
                continue
            span = Span("link", token, token)
        if start > pos:
            out.append(Span("text", text[pos:start]))
        out.append(span)
        pos = start + len(token)
    if pos < len(text):
        out.append(Span("text", text[pos:]))
    return txt.merge_text(out)


@settings(max_examples=2000, deadline=None)
@given(text=TEXTS)
def test_spans_are_found_as_a_scan_of_every_character_finds_them(text):
    assert spans(text) == reference_spans(text)


def reference_trim_url(url: str) -> str:
    """The first way of trimming a URL: one character per round, brackets recounted."""
    while url:
        last = url[-1]
        if last in txt._TRAILING or (last == ")" and url.count("(") < url.count(")")):
            url = url[:-1]
        else:
            break
    return url


URL_CHARS = st.sampled_from([*"ab/x.-_~:?#=&%+!$*;,'\"", "()", "(", ")", "…", "’", "”", "»", "é"])
ENDINGS = st.sampled_from([*"()", *txt._TRAILING])


@settings(max_examples=1000, deadline=None)
@given(
    body=st.lists(URL_CHARS, max_size=20).map("".join),
    ending=st.lists(ENDINGS, max_size=20).map("".join),
)
def test_trim_url_keeps_what_recounting_each_round_kept(body, ending):
    url = f"https://{body}{ending}"
    assert txt._trim_url(url) == reference_trim_url(url)


class _Counted(str):
    """A string that adds up the characters its ``count`` calls go over and its slices
    and sums copy."""

    work = 0

    def count(self, *args):
        _Counted.work += len(self)
        return super().count(*args)

    def __getitem__(self, key):
        part = _Counted(super().__getitem__(key))
        _Counted.work += len(part)
        return part

    def __add__(self, other):
        _Counted.work += len(self) + len(other)
        return _Counted(str.__add__(self, other))


@pytest.mark.parametrize("ending", [")", ".", ").", "(x)", "”"])
def test_trimming_a_long_ending_reads_the_url_a_fixed_number_of_times(ending):
    url = _Counted("https://a.example/" + ending * 2_000)
    _Counted.work = 0
    trimmed = txt._trim_url(url)
    assert trimmed == reference_trim_url(str(url))
    # Recounting the brackets, or copying the URL, for every character dropped went over
    # the URL once per character: minutes for a long hostile post.
    assert _Counted.work <= 4 * len(url)


def test_joining_many_text_pieces_copies_each_once():
    pieces = [Span("text", _Counted("ab")) for _ in range(2_000)]
    _Counted.work = 0
    merged = txt.merge_text([*pieces, Span("mention", "@a", "a"), *pieces])
    joined = Span("text", "ab" * 2_000)
    assert merged == (joined, Span("mention", "@a", "a"), joined)
    # Adding each piece to the text so far copied it again for every piece: post HTML of
    # tens of thousands of pieces (``x<i>x<i>…``) took seconds.
    assert _Counted.work <= 4 * 4_000


@settings(max_examples=1000, deadline=None)
@given(text=TEXTS)
def test_content_id_folds_whitespace_as_split_and_join(text):
    assert txt._fold(text) == " ".join(text.split())


@settings(max_examples=1000, deadline=None)
@given(text=TEXTS)
def test_clean_is_nfc_without_controls(text):
    unified = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    control = re.compile(
        r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
    )
    assert clean(text) == unicodedata.normalize("NFC", control.sub("", unified))


# Invisible characters never change whom a mention names.

INVISIBLES = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\u200f", "\ufe0f", "\U000e0041"]
HANDLE_PARTS = st.sampled_from(["@", "@a", "a", "b", ".", "-", "_", " ", "x.org", "@b.c"])
JOINED = st.lists(st.one_of(HANDLE_PARTS, st.sampled_from(INVISIBLES), PIECES), max_size=30).map(
    "".join
)
"""Texts where handles, their parts and invisible characters stand side by side."""
SHOWN_MENTION = re.compile(
    r"(?<![\w@/.])@([A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?"
    r"(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?)",
    re.IGNORECASE,
)
"""The mention pattern as it was before it knew of invisible characters, as spans() uses it
(ignoring case, so that the Kelvin sign reads as a K)."""
WHOLE = (
    r"(?>[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?)"
    r"(?!\w)"
)
"""A handle as long as it goes, and no letter after it (``@aliçe`` names nobody)."""
OLD_MENTION = re.compile(rf"(?<![\w@/.])@({WHOLE})")
OLD_HANDLE = re.compile(rf"@?{WHOLE}")


def shown(text: str) -> str:
    """What a reader sees: the text without its invisible characters."""
    return re.sub(f"[{txt._INVISIBLE}]", "", text)


@settings(max_examples=1500, deadline=None)
@given(text=JOINED)
def test_a_mention_names_the_handle_the_reader_sees(text):
    at = 0
    for span in spans(text):
        if span.kind == "mention":
            before, after = shown(text[:at]), shown(text[at:])
            assert not re.search(r"[\w@/.]\Z", before), text
            seen = SHOWN_MENTION.match(after)
            assert seen is not None and seen.group(1) == span.target, text
        at += len(span.text)


@settings(max_examples=2000, deadline=None)
@given(text=TEXTS)
def test_without_invisible_characters_handles_are_read_as_before(text):
    text = shown(text)
    assert bool(txt.HANDLE.fullmatch(text)) == bool(OLD_HANDLE.fullmatch(text))
    assert [m.span(1) for m in txt.MENTION.finditer(text)] == [
        m.span(1) for m in OLD_MENTION.finditer(text)
    ]
    old_token = re.compile(f"{txt._URL.pattern}|{OLD_MENTION.pattern}", re.IGNORECASE)
    assert [m.span() for m in txt._TOKEN.finditer(text)] == [
        m.span() for m in old_token.finditer(text)
    ]


@pytest.mark.parametrize("text", ["@aliçe hi", "@bob@example.socialé", "@alice_é"])
def test_a_handle_running_on_into_other_letters_is_no_mention(text):
    assert [span.kind for span in spans(text)] == ["text"]


def test_a_link_ends_where_an_invisible_character_starts():
    assert spans("see https://a.example/\u200bx") == (
        Span("text", "see "),
        Span("link", "https://a.example/", "https://a.example/"),
        Span("text", "\u200bx"),
    )


def test_read_file_refuses_devices_and_files_over_the_limit(tmp_path):
    with pytest.raises(ContentError) as err:
        read_file(Path("/dev/zero"), "zero.md")
    assert [str(p) for p in err.value.problems] == [
        "zero.md:0: not a regular file; expected a file of text"
    ]
    big = tmp_path / "big.yml"
    big.write_bytes(b"x" * 101)
    with pytest.raises(ContentError) as err:
        read_file(big, "big.yml", limit=100)
    assert [str(p) for p in err.value.problems] == [
        "big.yml:0: file larger than 100 bytes; expected at most that"
    ]
    assert read_file(big, "big.yml", limit=101) == "x" * 101
