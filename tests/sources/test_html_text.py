"""Post HTML to literal text: structure, mentions, links, and hostile or broken markup."""

from __future__ import annotations

import _markupbase
import html.parser
import random
from collections.abc import Iterator, Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model import Span
from generator.sources import html_text
from generator.sources.html_text import DROPPED, http_url, paragraphs, profile_handle
from generator.text import HANDLE, clean

ALICE = (
    '<span class="h-card"><a href="https://example.social/@alice" class="u-url mention">'
    "@<span>alice</span></a></span>"
)


def read(html: str, mentions: dict[str, str] | None = None) -> list[list[tuple[str, ...]]]:
    """Paragraphs as lists of (kind, text) or (kind, text, target) tuples."""
    return [
        [(s.kind, s.text, s.target) if s.target else (s.kind, s.text) for s in para]
        for para in paragraphs(html, mentions)
    ]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        pytest.param(
            "<p>One</p><p>Two<br>lines<br />\nhere</p>",
            [[("text", "One")], [("text", "Two\nlines\nhere")]],
            id="paragraphs-and-breaks",
        ),
        pytest.param(
            "<p>THIS!\nA raw newline</p>\n\n<p>  padded  </p>",
            [[("text", "THIS!\nA raw newline")], [("text", "padded")]],
            id="raw-newlines-and-whitespace",
        ),
        pytest.param(
            "no paragraph at all <b>bold</b> <em>text</em>",
            [[("text", "no paragraph at all bold text")]],
            id="implicit-paragraph",
        ),
        pytest.param(
            "<p></p><p><br></p><p> </p><p>kept</p>",
            [[("text", "kept")]],
            id="empty-paragraphs-dropped",
        ),
        pytest.param(
            '<p><a href="https://example.org/a" rel="nofollow noopener"><span class="invisible">'
            'https://</span><span class="ellipsis">example.org/a</span><span class="invisible">'
            "/very/long/path</span></a></p>",
            [
                [
                    (
                        "link",
                        "https://example.org/a/very/long/path",
                        "https://example.org/a",
                    )
                ]
            ],
            id="shortened-link-shows-every-part-once",
        ),
        pytest.param(
            '<p><a href="https://example.social/tags/AIArt" class="mention hashtag" rel="tag">'
            "#<span>AIArt</span></a></p>",
            [[("link", "#AIArt", "https://example.social/tags/AIArt")]],
            id="hashtag",
        ),
        pytest.param(
            '<p><a class="hashtag" href="https://bsky.app/search?q=%23IchBinHanna">#IchBinHanna</a>'
            "</p>",
            [[("link", "#IchBinHanna", "https://bsky.app/search?q=%23IchBinHanna")]],
            id="bridged-hashtag",
        ),
        pytest.param(
            f"<p>{ALICE} hi</p>",
            [[("mention", "@alice", "alice@example.social"), ("text", " hi")]],
            id="mention-domain-from-profile-url",
        ),
        pytest.param(
            '<p><a class="mention" href="https://bsky.app/profile/eve.bsky.social">'
            "@eve.bsky.social</a></p>",
            [[("mention", "@eve.bsky.social", "eve.bsky.social")]],
            id="mention-without-a-known-domain",
        ),
        pytest.param(
            '<p><a class="u-url mention" href="https://x.example/@bob">@bob@other.example</a></p>',
            [[("mention", "@bob@other.example", "bob@other.example")]],
            id="mention-with-domain-in-text",
        ),
        pytest.param(
            '<p><a class="mention" href="https://example.social/@alice">Alice</a></p>',
            [[("link", "Alice", "https://example.social/@alice")]],
            id="mention-class-without-handle-is-a-link",
        ),
        pytest.param(
            '<p><a class="mention" href="javascript:alert(1)">@x/../../etc</a></p>',
            [[("text", "@x/../../etc")]],
            id="mention-that-is-no-handle-nor-link",
        ),
        pytest.param(
            '<p>see <a href="https://example.org/">example.org</a>, <a href="http://x.org">x</a>'
            '<a href="">empty href</a><a href="https://example.org/e"></a></p>',
            [
                [
                    ("text", "see "),
                    ("link", "example.org", "https://example.org/"),
                    ("text", ", "),
                    ("link", "x", "http://x.org"),
                    ("text", "empty href"),
                ]
            ],
            id="links-and-empty-links",
        ),
        pytest.param(
            "<p>&lt;b&gt;not bold&lt;/b&gt; &amp; &quot;q&quot; &#x1F600; &nbsp;&copy;</p>",
            [[("text", '<b>not bold</b> & "q" 😀 \u00a0©')]],
            id="entities-decoded",
        ),
        pytest.param(
            "<p>e\u0301 bell\x07 c1\u0091 tab\tend</p>",
            [[("text", "é bell c1 tab end")]],
            id="cleaned-like-every-text",
        ),
        pytest.param(
            'a<a href="https://x.org/"> x </a>b<a href="https://y.org/">\x07</a>c<br>\r\nd',
            [[("text", "a "), ("link", "x", "https://x.org/"), ("text", " bc\nd")]],
            id="spaces-around-link-text-stay-outside",
        ),
        pytest.param(
            "<ul><li>one</li><li>two</li></ul><h2>Head</h2><div>div</div>",
            [[("text", "one")], [("text", "two")], [("text", "Head")], [("text", "div")]],
            id="blocks-are-paragraphs",
        ),
    ],
)
def test_conversion(html, expected):
    assert read(html) == expected


def test_mentions_resolve_from_the_status_mention_list_by_url():
    html = (
        '<p><a href="https://example.social/@alice" class="u-url mention">@alice</a> '
        '<a href="https://example.social/@bob" class="u-url mention">@bob</a></p>'
    )
    mentions = {"https://example.social/@alice": "alice@example.social"}
    # bob is not in the list: the link is his profile, which names the domain.
    assert read(html, mentions) == [
        [
            ("mention", "@alice", "alice@example.social"),
            ("text", " "),
            ("mention", "@bob", "bob@example.social"),
        ]
    ]


def test_mentions_resolve_by_name_when_urls_differ():
    # ActivityPub tags name the actor URL; the content links to the profile page.
    html = '<p><a href="https://other.example/profile/b0b" class="u-url mention">@bob</a></p>'
    mentions = {"https://other.example/users/bob": "bob@other.example"}
    assert read(html, mentions) == [[("mention", "@bob", "bob@other.example")]]


def test_a_link_to_a_mentioned_account_is_a_mention_without_class():
    html = '<p><a href="https://e.social/@al">@al</a> <a href="https://e.social/@x">@x</a></p>'
    mentions = {"https://e.social/@al": "al@e.social"}
    assert read(html, mentions) == [
        [("mention", "@al", "al@e.social"), ("text", " "), ("link", "@x", "https://e.social/@x")]
    ]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        pytest.param(
            "<p>a<script>alert(1)</script>b<style>p {color: red}</style>c</p>",
            [[("text", "abc")]],
            id="script-and-style-dropped-with-content",
        ),
        pytest.param(
            "<p>a<template><p>hidden</p><script>x()</script></template>b"
            "<noscript>n</noscript><iframe src=x>i</iframe><svg><text>s</text></svg>c</p>",
            [[("text", "abc")]],
            id="template-noscript-iframe-svg",
        ),
        pytest.param(
            "<p>a<script/>alert(1)</script>b<svg/>c</p>",
            [[("text", "abc")]],
            id="self-closing-script-still-drops-content",
        ),
        pytest.param(
            "<p>kept</p><script>alert(1)",
            [[("text", "kept")]],
            id="unclosed-script-drops-the-rest",
        ),
        pytest.param(
            '<p>x<img src="x" onerror="alert(1)"><a href="#" onclick="alert(2)">y</a></p>',
            [[("text", "xy")]],
            id="event-handlers-vanish",
        ),
        pytest.param(
            '<p><a href="javascript:alert(1)">a</a><a href=" JaVaScRiPt:alert(1)">b</a>'
            '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">c</a>'
            '<a href="vbscript:x">d</a><a href="//example.org/x">e</a>'
            '<a href="https:example.org">f</a></p>',
            [[("text", "abcdef")]],
            id="only-http-links",
        ),
        pytest.param(
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; {{ config }} --8<-- x</p>",
            [[("text", "<script>alert(1)</script> {{ config }} --8<-- x")]],
            id="escaped-markup-is-literal-text",
        ),
    ],
)
def test_hostile_markup(html, expected):
    assert read(html) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        pytest.param(
            "<p>a<blockquote><p>b<blockquote>c</p></p>d</blockquote>e</p></p></p>f",
            [[("text", t)] for t in "abcdef"],
            id="nested-quotes-and-stray-end-tags",
        ),
        pytest.param(
            "<p><b><i>never closed<p>next",
            [[("text", "never closed")], [("text", "next")]],
            id="unclosed-inline-tags",
        ),
        pytest.param(
            '<p><a href="https://a.org/">one<a href="https://b.org/">two</p>three</a>',
            [
                [("link", "one", "https://a.org/"), ("link", "two", "https://b.org/")],
                [("text", "three")],
            ],
            id="nested-and-unclosed-links",
        ),
        pytest.param(
            '<p><a href="https://x.org/?q=&quot;a&quot;" title=\'"><script>\'>q</a></p>',
            [[("link", "q", "https://x.org/?q=%22a%22")]],
            id="quotes-inside-attributes",
        ),
        pytest.param(
            "<p>a<![CDATA[<script>x</script>]]>b<!-- c --><!x>d<?pi?>e<!DOCTYPE html></p>",
            # As in a browser: ``<![CDATA[`` opens a bogus comment that ends at the first ``>``.
            [[("text", "ax]]>bde")]],
            id="declarations-and-comments",
        ),
        pytest.param("<p>a<", [[("text", "a<")]], id="truncated-tag"),
        pytest.param("", [], id="empty"),
    ],
)
def test_malformed_html(html, expected):
    assert read(html) == expected


def test_a_parser_that_gives_up_still_yields_the_text(monkeypatch):
    def give_up(self, i, report=1):
        raise AssertionError("unknown status keyword")

    monkeypatch.setattr(html_text._Parser, "parse_marked_section", give_up)
    assert read("<p>a<![if x]>b</p>") == [[("text", "a<![if x]>b")]]


TOKENS = [
    *"<>/!-=[]?&#;'\" \n\tx",
    *("<p>", "</p>", "<br>", "<a href=", '"https://e.org/"', "javascript:", "</a>"),
    *("<script>", "</script>", "<style>", "<template>", "</template>", "<![CDATA[", "]]>"),
    *("<!--", "-->", "&amp;", "&#", "x27", "&lt;", '<span class="invisible">', "</span>"),
    *(
        'class="mention"',
        "@alice",
        "@bob@e.org",
        "<blockquote>",
        "\x00",
        "\u0091",
        "\ud800",
        "<svg/>",
    ),
]


def test_never_raises_and_only_makes_safe_spans():
    rng = random.Random(4)
    for _ in range(3000):
        html = "".join(rng.choice(TOKENS) for _ in range(rng.randint(0, 40)))
        for para in paragraphs(html, {"https://e.org/": "e@e.org"}):
            assert para, html
            kinds = [span.kind for span in para]
            assert ["text", "text"] not in [kinds[i : i + 2] for i in range(len(kinds))], html
            for span in para:
                assert span.text, html
                assert not any(c in span.text for c in "\x00\x07\u0091\ud800"), html
                if span.kind == "link":
                    assert http_url(span.target) == span.target, html
                elif span.kind == "mention":
                    assert HANDLE.fullmatch(span.target), html
                else:
                    assert not span.target, html


@pytest.mark.parametrize(
    ("url", "handle"),
    [
        ("https://example.social/users/alice", "alice@example.social"),
        ("https://example.social/@alice", "alice@example.social"),
        ("https://lemmy.example/u/bob/", "bob@lemmy.example"),
        ("https://example.social/users/alice/statuses/1", ""),
        ("https://bsky.brid.gy/ap/did:plc:abc", ""),
        ("https://bsky.app/profile/eve.bsky.social", ""),
        ("javascript:alert(1)//users/x", ""),
    ],
)
def test_profile_handle(url, handle):
    assert profile_handle(url) == handle


# Hostile shapes: what the parser does with them, and that it reads them in one pass.


class _FirstParser(html_text._Parser):
    """The parser as first written: the stack of dropped elements searched and copied at
    every end tag, every comment opening searched to the end of the post."""

    def parse_comment(self, i, report=1):
        return _markupbase.ParserBase.parse_comment(self, i, report)

    def handle_starttag(self, tag, attrs):
        if self.dropping or tag in DROPPED:
            if tag in DROPPED:
                self.dropping.append(tag)
            return
        super().handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self.dropping:
            if tag in self.dropping:
                del self.dropping[len(self.dropping) - 1 - self.dropping[::-1].index(tag) :]
            return
        super().handle_endtag(tag)


def first_paragraphs(html: str, mentions: dict[str, str]):
    """:func:`paragraphs` as first written: the post fed to the parser as it is."""
    html = clean(html)
    parser = _FirstParser(mentions)
    try:
        parser.feed(html)
        parser.close()
    except AssertionError:
        parser = _FirstParser(mentions)
        parser.feed(html.replace("<!", "&lt;!"))
        parser.close()
    parser.end_paragraph()
    return tuple(parser.paragraphs)


HOSTILE = st.sampled_from(
    [
        *TOKENS,
        *("<svg>", "</svg>", "<math>", "</math>", "<svg><math>", "</svg></math>", "<a", "<a x='"),
        *("<!--x>", "<!--", "-->", "--", "<?", "</", "<b", "</b>", "<script", "</script", ">"),
        *("<p", "<a class=mention href=https://e.org/>", "<a href=https://o.org/@e>@e</a>"),
    ]
)


@settings(max_examples=1000, deadline=None)
@given(html=st.lists(HOSTILE, max_size=40).map("".join))
def test_hostile_markup_reads_as_the_first_parser_read_it(html):
    mentions = {"https://e.org/": "e@e.org", "https://x.org/@e": "E@x.org"}
    assert paragraphs(html, mentions) == first_paragraphs(html, mentions)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>" + "<svg>" * 50 + "</svg>" * 50 + "visible</p>", [[("text", "visible")]]),
        ("<p>a<svg><math><svg>b</math>c</svg>d</p>", [[("text", "ad")]]),
        ("<p>a<svg><b>b</svg>c<math>d</svg>e</math>f</p>", [[("text", "acf")]]),
        ("<p>a<script>b</svg>c</script>d", [[("text", "ad")]]),
        ("x" + "<a" * 5, [[("text", "x" + "<a" * 5)]]),
        ("<p>a</p><!--b>c<!--d>e", [[("text", "a")], [("text", "<!--b>c<!--d>e")]]),
        ("<b>x</b><?y</z", [[("text", "x<?y</z")]]),
    ],
)
def test_dropped_elements_and_unclosed_markup(html, expected):
    assert read(html) == expected


class _Scanned:
    """A compiled pattern that adds up the characters its searches and matches go over."""

    def __init__(self, pattern, total: list[int]):
        self.pattern = pattern
        self.total = total

    def match(self, string, pos=0, *args):
        found = self.pattern.match(string, pos, *args)
        self.total[0] += (found.end() if found else pos) - pos
        return found

    def search(self, string, pos=0, *args):
        found = self.pattern.search(string, pos, *args)
        self.total[0] += (found.end() if found else len(string)) - pos
        return found


@pytest.fixture
def scanned(monkeypatch) -> list[int]:
    """Characters the standard library's parser goes over looking for where markup ends."""
    total = [0]
    for module, name in [
        (html.parser, "locatestarttagend_tolerant"),
        (html.parser, "endendtag"),
        (html.parser, "piclose"),
        (_markupbase, "_commentclose"),
    ]:
        monkeypatch.setattr(module, name, _Scanned(getattr(module, name), total))
    return total


@pytest.mark.parametrize("unit", ["<a", "</", "<?", "<!--", "<!--x>", "<a b='", "<p>a<!--"])
def test_unclosed_markup_is_read_in_one_pass(unit, scanned):
    post = unit * 2_000 + "x"
    text = paragraphs(post)
    # Searching for the end of each opening from there to the end of the post read it
    # once per opening: seconds for 20,000 of them, minutes for a long post.
    assert scanned[0] <= 4 * len(post)
    assert text == first_paragraphs(post, {})


class _CountedStack(list):
    """A list that adds up the items its searches and copies go over."""

    work = 0

    def __contains__(self, item):
        _CountedStack.work += len(self)
        return super().__contains__(item)

    def __getitem__(self, key):
        part = super().__getitem__(key)
        _CountedStack.work += len(part) if isinstance(key, slice) else 1
        return part

    def index(self, *args):
        _CountedStack.work += len(self)
        return super().index(*args)


def test_closing_deeply_nested_dropped_elements_visits_each_once():
    n = 5_000
    parser = html_text._Parser({})
    parser.dropping = _CountedStack()
    _CountedStack.work = 0
    parser.feed("<p>" + "<svg><math>" * n + "</math></svg>" * n + "visible</p>")
    parser.close()
    parser.end_paragraph()
    assert parser.paragraphs == [(Span("text", "visible"),)]
    assert _CountedStack.work <= 4 * n


class _CountedMentions(Mapping):
    """A post's mention list that counts how many handles are looked at."""

    def __init__(self, handles: dict[str, str]):
        self.handles = handles
        self.looked_at = 0

    def __getitem__(self, url: str) -> str:
        return self.handles[url]

    def __iter__(self) -> Iterator[str]:
        for url in self.handles:
            self.looked_at += 1
            yield url

    def __len__(self) -> int:
        return len(self.handles)

    def values(self):
        for handle in self.handles.values():
            self.looked_at += 1
            yield handle


def test_many_mention_links_go_through_the_mention_list_once():
    n = 1_000
    mentions = _CountedMentions({f"https://e.org/users/u{i}": f"u{i}@e.org" for i in range(n)})
    links = "".join(f'<a class="mention" href="https://e.org/@u{i}">@u{i}</a> ' for i in range(n))
    got = paragraphs(f"<p>{links}</p>", mentions)
    assert [span.target for span in got[0] if span.kind == "mention"] == [
        f"u{i}@e.org" for i in range(n)
    ]
    assert mentions.looked_at <= 2 * n


def kinds(html: str, quoted: bool = False) -> list[tuple[str, str]]:
    """Each paragraph's kind and text."""
    found, found_kinds = html_text.blocks(html, quoted=quoted)
    padded = [*found_kinds, *["text"] * (len(found) - len(found_kinds))]
    return [(kind, "".join(s.text for s in para)) for kind, para in zip(padded, found, strict=True)]


def test_lists_quotes_headings_and_code_keep_what_they_are():
    html = (
        "<h3>Title</h3><p>Intro</p><blockquote><p>quoted one</p><p>quoted two</p></blockquote>"
        "<ul><li>apples</li><li><p>pears</p></li></ul><ol><li>first</li><li>second</li></ol>"
        "<pre>code\n  indented</pre><p>end</p>"
    )
    assert kinds(html) == [
        ("heading", "Title"),
        ("text", "Intro"),
        ("quote", "quoted one"),
        ("quote", "quoted two"),
        ("item", "apples"),
        ("item", "pears"),
        ("ordered", "first"),
        ("ordered", "second"),
        ("code", "code\n  indented"),
        ("text", "end"),
    ]


def test_an_item_belongs_to_its_innermost_list_and_stray_end_tags_change_nothing():
    html = "<ol><li>a<ul><li>b</li></ul></li><li>c</li></ol></ul></blockquote><p>d</p>"
    assert kinds(html) == [("ordered", "a"), ("item", "b"), ("ordered", "c"), ("text", "d")]


def test_plain_paragraphs_have_no_kinds():
    assert html_text.blocks("<p>a</p><p>b</p>")[1] == ()


def test_deep_structure_is_read_in_linear_time():
    n = 20_000
    html = "<blockquote><p>x</p>" * n + "<ul><li>y" * n
    found, found_kinds = html_text.blocks(html)
    assert len(found) == 2 * n
    assert found_kinds[0] == "quote" and found_kinds[-1] == "item"


QUOTE_INLINE = (
    '<p>What she said.</p><p class="quote-inline">RE: <a href="https://ex.social/@a/1">'
    '<span class="invisible">https://</span><span>ex.social/@a/1</span></a></p>'
)


def test_the_quote_inline_fallback_is_left_out_only_when_the_quote_is_shown():
    assert kinds(QUOTE_INLINE, quoted=True) == [("text", "What she said.")]
    assert kinds(QUOTE_INLINE) == [
        ("text", "What she said."),
        ("text", "RE: https://ex.social/@a/1"),
    ]
    pleroma = '<p>Look<span class="quote-inline"><br><br>RE: <a href="https://x/1">x</a></span></p>'
    assert kinds(pleroma, quoted=True) == [("text", "Look")]


def test_a_block_ends_an_unclosed_quote_inline_paragraph_as_in_a_browser():
    html = '<p class="quote-inline">RE: <a href="https://x/1">x</a><p>the post itself'
    assert kinds(html, quoted=True) == [("text", "the post itself")]


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("Spoilers for the film<br>Discussion of AI &amp; copyright", "Spoilers for the film\n"
         "Discussion of AI & copyright"),
        ("<p>one</p><p>two &lt;b&gt;</p>", "one\ntwo <b>"),
        ("plain words", "plain words"),
        ("<script>x</script>", ""),
    ],
)  # fmt: skip
def test_literal_text_of_a_summary(html, text):
    assert html_text.literal(html) == text


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://ex.org/a b", "https://ex.org/a%20b"),
        ('https://ex.org/?q="x"&y=<1>', "https://ex.org/?q=%22x%22&y=%3C1%3E"),
        ("https://ex.org/p{1}|^`\\", "https://ex.org/p%7B1%7D%7C%5E%60%5C"),
        ("https://ex.org/a\u00a0b", "https://ex.org/a%C2%A0b"),
        ("https://ex.org/Überbrückung?x=%20", "https://ex.org/Überbrückung?x=%20"),
        ("https://ex.org", "https://ex.org"),
    ],
)
def test_unsafe_characters_of_a_link_target_are_percent_encoded(url, expected):
    assert http_url(url) == expected
    [[span]] = paragraphs(f'<p><a href="{url.replace(chr(34), "&quot;")}">t</a></p>')
    assert span.target == expected
